"""Keeps the orders that can be loaded: complete ones, with an id and an amount."""

import logging
import os

import pandas as pd

logger = logging.getLogger(__name__)

STAGING_DIR = os.environ.get("ORDERS_STAGING_DIR", "/data/staging")


def keep_complete_orders(region: str, day: str) -> str:
    """Reads the staged orders, drops incomplete ones and writes a parquet file for the load."""
    raw = pd.read_json(os.path.join(STAGING_DIR, day, f"orders_{region}.json"))
    orders = raw.dropna(subset=["order_id", "amount"])
    orders["amount"] = pd.to_numeric(orders["amount"], errors="coerce")
    orders["region"] = region
    path = os.path.join(STAGING_DIR, day, f"orders_{region}.parquet")
    orders.to_parquet(path, index=False)
    logger.info("kept %d orders for %s on %s", len(orders), region, day)
    return path
