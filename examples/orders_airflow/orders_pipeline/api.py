"""Pulls one day of orders for a region from the shop's REST API into a staging file."""

import json
import logging
import os

import requests

logger = logging.getLogger(__name__)

API_URL = "https://shop.example.com/api/v2/orders"
STAGING_DIR = os.environ.get("ORDERS_STAGING_DIR", "/data/staging")


def fetch_orders(region: str, day: str) -> str:
    """Writes the region's orders of `day` to a JSON file in the staging folder and returns its path."""
    token = os.environ["SHOP_API_TOKEN"]
    orders = []
    page = 1
    while True:
        response = requests.get(
            API_URL,
            params={"region": region, "date": day, "page": page},
            headers={"Authorization": f"Bearer {token}"},
        )
        response.raise_for_status()
        batch = response.json()["orders"]
        if not batch:
            break
        orders.extend(batch)
        page += 1
    path = os.path.join(STAGING_DIR, day, f"orders_{region}.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(orders, handle)
    logger.info("fetched %d orders for %s on %s", len(orders), region, day)
    return path
