import json

from orders_pipeline import transform


def test_keeps_only_complete_orders(tmp_path, monkeypatch):
    day_dir = tmp_path / "2026-01-02"
    day_dir.mkdir()
    (day_dir / "orders_emea.json").write_text(json.dumps([
        {"order_id": 1, "amount": "10.5"},
        {"order_id": None, "amount": "3"},
    ]))
    monkeypatch.setattr(transform, "STAGING_DIR", str(tmp_path))
    path = transform.keep_complete_orders("emea", "2026-01-02")
    assert path.endswith("orders_emea.parquet")
