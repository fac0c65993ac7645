"""Tasks of the nightly orders pipeline, run by dags/orders_daily.py."""
