// A fresh process runs its first analysis cold: web-tree-sitter's wasm is compiled function by
// function on first call, then tiered up, and the facts walk, the knowledge catalogue and the
// rules run unoptimised until V8 has seen them hot. On a 10,000-line module that first analysis
// costs about twice a later one. `warmUp` analyses and lints a small built-in pipeline module
// (a few hundred lines, in blocks like an open document) so that a server pays this before its
// first document arrives, not on it.

import { createDocumentFacts } from './document';
import { DEFAULT_CONFIG } from './config';
import { completeDeferredBookkeeping, lintDocument } from './linter';
import { PythonSource } from './python/python-source';
import { ChunkedText } from './source-text';
import type { Rule } from './types';

const HEADER = `"""Warm-up module: not a file of the workspace, never reported."""
import json
import logging
import os
from datetime import datetime

import pandas as pd
import psycopg2
import requests
from sqlalchemy import create_engine, text
from tenacity import retry, stop_after_attempt

logger = logging.getLogger(__name__)
WAREHOUSE_URL = os.environ["WAREHOUSE_URL"]
API_BASE = "https://partner.example.com/v2"
TABLES = ["sales", "orders", "customers"]
`;

/** One of the module's stages; `i` makes its names its own. */
function stage(i: number): string {
  const table = ['sales', 'orders', 'customers', 'invoices'][i % 4];
  return `

@retry(stop=stop_after_attempt(3), reraise=True)
def extract_${i}(run_date, batch_size=${100 + i}):
    """Read ${table} changed since the last run."""
    conn = psycopg2.connect(os.environ["SOURCE_DB_URL"])
    query = "SELECT id, amount, updated_at FROM ${table} WHERE updated_at > %s"
    frame = pd.read_sql(query, conn, params=[run_date])
    response = requests.get(f"{API_BASE}/${table}", params={"date": str(run_date)}, timeout=30)
    extra = pd.DataFrame(response.json()["items"])
    merged = frame.merge(extra, on="id", how="left")
    merged["amount"] = merged["amount"].fillna(0).astype(float)
    return merged[merged["amount"] > 0]


def transform_${i}(frame, options=None):
    options = options or {"mode": "upsert", "table": "${table}", "batch": ${i}}
    rows = [dict(row) for row in frame.to_dict("records") if row.get("amount")]
    totals = {}
    for row in rows:
        key = (row["id"], row.get("region", "none"))
        totals[key] = totals.get(key, 0) + row["amount"]
    try:
        stamp = datetime.utcnow().isoformat()
    except (ValueError, TypeError) as error:
        logger.warning("no timestamp: %s", error)
        stamp = None
    return pd.DataFrame([{"id": k[0], "region": k[1], "amount": v, "stamp": stamp} for k, v in totals.items()])


class Loader${i}:
    def __init__(self, url=WAREHOUSE_URL):
        self.engine = create_engine(url)

    def load(self, frame, run_date):
        with self.engine.begin() as connection:
            connection.execute(text("DELETE FROM ${table}_clean WHERE run_date = :d"), {"d": run_date})
            frame.to_sql("${table}_clean", connection, if_exists="append", index=False)
        with open(f"/tmp/${table}_{run_date}.json", "w") as handle:
            json.dump({"rows": len(frame)}, handle)
        logger.info("loaded %d rows into ${table}_clean", len(frame))
`;
}

const STAGES = 8;

/** Analyses and lints the built-in module with `rules` (errors ignored: this only warms code up). */
export function warmUp(rules: readonly Rule[]): void {
  let body = HEADER;
  for (let i = 0; i < STAGES; i++) body += stage(i);
  body += '\n\nif __name__ == "__main__":\n    for name in TABLES:\n        Loader0().load(transform_0(extract_0(name)), name)\n';
  const source = new PythonSource();
  try {
    const text = ChunkedText.of(body);
    const python = source.update(text);
    const doc = createDocumentFacts('/pipewise-warm-up/pipeline.py', 'python', text, { python });
    lintDocument(doc, rules, DEFAULT_CONFIG, () => undefined, undefined, { deferBookkeeping: true });
    completeDeferredBookkeeping(python);
  } finally {
    source.dispose();
  }
}
