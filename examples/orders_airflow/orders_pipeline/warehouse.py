"""Loads the cleaned orders of a region into PostgreSQL."""

import logging
import os

import pandas as pd
from sqlalchemy import create_engine

logger = logging.getLogger(__name__)

STAGING_DIR = os.environ.get("ORDERS_STAGING_DIR", "/data/staging")
WAREHOUSE_URL = "postgresql://loader:orders2026@warehouse.internal:5432/analytics"


def load_orders(region: str, day: str, table: str) -> int:
    """Appends the region's cleaned orders of `day` to `table` and returns how many rows it wrote."""
    orders = pd.read_parquet(os.path.join(STAGING_DIR, day, f"orders_{region}.parquet"))
    engine = create_engine(WAREHOUSE_URL)
    schema, name = table.split(".")
    orders.to_sql(name, engine, schema=schema, if_exists="append", index=False)
    logger.info("loaded %d orders into %s", len(orders), table)
    return len(orders)
