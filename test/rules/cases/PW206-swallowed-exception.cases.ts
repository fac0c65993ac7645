import type { RuleCases } from '../../helpers/rule-tester';

const DEAD_LETTER_HELPER = `def write_dead_letter(record, error, path="dead_letter.jsonl"):
    """Append a failed record and its error to the dead-letter store for later replay."""
    entry = {"record": record, "error": repr(error), "failed_at": datetime.now(timezone.utc).isoformat()}
    with open(path, "a") as handle:
        handle.write(json.dumps(entry, default=str) + "\\n")
`;

const cases: RuleCases = {
  rule: 'PW206',
  flagged: [
    {
      name: "a requests session kept on self by __init__, whose failed listing is logged and the empty year returned",
      file: 'src/extract.py',
      code: `import logging

import requests


class CveExtractor:
    def __init__(self):
        self.session = requests.Session()

    def year_files(self, year):
        files = []
        try:
            response = self.session.get(f"https://api.github.com/repos/cve/list/contents/{year}", timeout=30)
            response.raise_for_status()
            files = response.json()
        except requests.RequestException as e:
            «logging.error(f"Network error: {e}")»
        return files
`,
    },
    {
      name: "a buffered batch of streamed rows whose failed insert is printed and dropped, inside a service loop",
      file: 'ingesters/orderbook_ingest.py',
      code: `import asyncio

from supabase import create_client

sb = create_client("https://x.supabase.co", "anon")
BUFFER = []


async def save_batch():
    global BUFFER
    if BUFFER:
        try:
            sb.table("orderbook").insert(BUFFER).execute()
        except Exception as e:
            «print(f"insert failed: {e}")»
        BUFFER = []


async def on_message(rows):
    BUFFER.extend(rows)
    if len(BUFFER) > 500:
        await save_batch()
`,
    },
    {
      name: "an ingestion webhook route that swallows a failed insert (it writes, so it is a stage)",
      file: 'api/webhook.py',
      code: `import logging

import psycopg
from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/hooks/orders", methods=["POST"])
def receive_order():
    order = request.get_json()
    try:
        with psycopg.connect() as conn:
            conn.execute("INSERT INTO raw.orders (id, body) VALUES (%s, %s)", (order["id"], request.data))
    except Exception as e:
        «log.error("could not store order: %s", e)»
    return "ok"
`,
    },
    {
      name: 'an Elasticsearch scroll helper whose failure is logged and turned into None, read by the task as no data',
      file: 'dags/zylinc/queue_data.py',
      code: `import logging

from elasticsearch import Elasticsearch

logger = logging.getLogger(__name__)


def _scroll_hits(es_client: Elasticsearch, index, body):
    page = es_client.search(index=index, body=body, scroll="2m", size=1000)
    hits = page["hits"]["hits"]
    while hits:
        yield from hits
        page = es_client.scroll(scroll_id=page["_scroll_id"], scroll="2m")
        hits = page["hits"]["hits"]


def query_queue(es_client: Elasticsearch, body):
    try:
        return [hit["_source"] for hit in _scroll_hits(es_client, "conversation-events", body)]
    except Exception as e:
        «logger.error(f"Error querying Elasticsearch: {e}")
        return None»
`,
    },
    {
      name: 'a failed Elasticsearch document update only printed, the task carrying on',
      file: 'dags/dependencies/update_index.py',
      code: `from elasticsearch import AsyncElasticsearch


async def update_record(es: AsyncElasticsearch, record, date_prefix):
    try:
        await es.update(index=f"{date_prefix}_portal", id=record["_id"], body={"doc": {"status": "done"}})
    except Exception as e:
        «print(f"Failed to update record {record['_id']}: {e}")»
`,
    },
    {
      name: 'a DROP TABLE IF EXISTS that rebuilds the target, swallowed with the load that follows it',
      file: 'jobs/rebuild.py',
      code: `import logging

import psycopg2

logger = logging.getLogger(__name__)


def rebuild(dsn, rows):
    try:
        conn = psycopg2.connect(dsn)
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS daily_sales;")
        cur.execute("CREATE TABLE daily_sales (day date, total numeric);")
        cur.executemany("INSERT INTO daily_sales VALUES (%s, %s)", rows)
        conn.commit()
    except Exception as e:
        «logger.warning("rebuild failed: %s", e)»
`,
    },
    {
      name: 'a sync function called once by the main script, not by a service loop, that logs and carries on',
      file: 'jobs/sync.py',
      code: `import logging

import requests

logger = logging.getLogger(__name__)


def run_once():
    try:
        rows = requests.get("https://api.example.com/orders", timeout=30).json()
        save(rows)
    except Exception:
        «logger.exception("sync crashed")»


if __name__ == "__main__":
    run_once()
`,
    },
    {
      name: 'a row count reset to zero in the handler and returned after the try',
      code: `import logging

logger = logging.getLogger(__name__)


def replace_members(engine, rows):
    inserted = 0
    try:
        with engine.begin() as conn:
            conn.execute("TRUNCATE members")
            inserted = conn.execute("INSERT INTO members VALUES (:id, :name)", rows).rowcount
    except Exception as exc:
        «inserted = 0
        logger.exception(exc)»
    return inserted
`,
    },
    {
      name: 'a False status handed on as a failure dict that no caller in the module tests',
      code: `import psycopg2


class WarehouseLoader:
    def open(self, dsn):
        try:
            self.conn = psycopg2.connect(dsn)
            return True
        except Exception as exc:
            «print(f"cannot connect: {exc}")
            return False»

    def run(self, dsn, frame):
        if not self.open(dsn):
            return {"success": False, "error": "no connection"}
        return {"success": True, "rows": len(frame)}
`,
    },
    {
      name: 'load statuses joined with and, whose else branch only returns a failure dict',
      code: `import psycopg2


class WarehouseLoader:
    def load_items(self, cur, rows):
        try:
            cur.executemany("INSERT INTO items VALUES (%s, %s)", rows)
            return True
        except Exception as exc:
            «print(f"items failed: {exc}")
            return False»

    def load_all(self, cur, rows):
        items_ok = self.load_items(cur, rows)
        other_ok = bool(rows)
        if items_ok and other_ok:
            return {"success": True}
        else:
            return {"success": False, "error": "partial load"}
`,
    },
    {
      name: 'a True/False status whose only caller prints a word chosen by it',
      code: `import logging

logger = logging.getLogger(__name__)


def push_metrics(conn, rows):
    try:
        conn.execute("INSERT INTO metrics VALUES (?, ?)", rows)
        return True
    except Exception as exc:
        «logger.error("metrics push failed: %s", exc)
        return False»


def run(conn, rows):
    pushed = push_metrics(conn, rows)
    logger.info("metrics %s", "pushed" if pushed else "not pushed")
`,
    },
    {
      name: 'a per-batch failure counter that only the closing print reads',
      code: `import logging

logger = logging.getLogger(__name__)


def write_batches(cur, batches):
    bad_batches = 0
    for batch in batches:
        try:
            cur.executemany("INSERT INTO clicks VALUES (%s, %s)", batch)
        except Exception as exc:
            «logger.warning("batch skipped: %s", exc)
            bad_batches += 1»
    print(f"done, {bad_batches} batches skipped")
`,
    },
    {
      name: 'a failure count kept under a key of a summary dict that is only logged',
      code: `import logging

import requests

logger = logging.getLogger(__name__)


def ship_messages(url, messages):
    summary = {"errors": 0}
    for message in messages:
        try:
            requests.post(url, json=message, timeout=10).raise_for_status()
        except requests.RequestException as exc:
            «logger.error("message dropped: %s", exc)
            summary["errors"] += 1
            continue»
    logger.info("shipping summary: %s", summary)
`,
    },
    {
      name: 'a failure counter nothing reads again',
      code: `import pandas as pd


def export_regions(frames, engine):
    failures = 0
    for region, frame in frames.items():
        try:
            frame.to_sql(f"sales_{region}", engine, if_exists="replace", index=False)
        except Exception:
            «failures += 1»
`,
    },
    {
      name: 'a failure-status dict whose caller only logs it',
      code: 'import logging\n\nlogger = logging.getLogger(__name__)\n\n\nclass DailyJob:\n    def run(self, engine, frame):\n        try:\n            frame.to_sql("daily", engine, if_exists="append", index=False)\n            return {"status": "success", "rows": len(frame)}\n        except Exception as e:\n            «logger.error("daily job failed: %s", e)\n            return {"status": "error", "error": str(e)}»\n\n\ndef main(engine, frame):\n    result = DailyJob().run(engine, frame)\n    logger.info("result: %s", result)\n',
    },
    {
      name: 'CREATE TABLE without IF NOT EXISTS whose failure is printed is still reported',
      code: 'import psycopg2\n\n\ndef prepare(conn):\n    cursor = conn.cursor()\n    try:\n        cursor.execute("CREATE TABLE staging.orders (id int, total numeric)")\n    except psycopg2.Error as e:\n        «print(f"could not create table: {e}")»\n    conn.commit()\n',
    },
    {
      name: 'a load method turns any failure into a status-500 dict that carries the traceback',
      code: 'import traceback\n\nfrom sqlalchemy import create_engine\n\n\nclass PostgresLoader:\n    def load(self, frame, table, url):\n        try:\n            engine = create_engine(url)\n            frame.to_sql(table, engine, if_exists="replace", index=False)\n            return {"status_code": 200, "table": table}\n        except Exception:\n            «tb = traceback.format_exc()\n            return {"status_code": 500, "table": table, "message": tb}»\n',
      message: /^"except Exception" in PostgresLoader\.load\(\) turns every error of frame\.to_sql\(\) into a returned failure status, so the run ends green unless every caller tests it; /,
    },
    {
      name: 'an upload helper returns {"status": "error"} with the error text',
      code: 'import logging\n\nimport boto3\n\nlogger = logging.getLogger(__name__)\n\n\ndef upload(path, bucket, key):\n    try:\n        boto3.client("s3").upload_file(path, bucket, key)\n        return {"status": "ok"}\n    except Exception as e:\n        «logger.error("upload failed: %s", e)\n        return {"status": "error", "error": str(e)}»\n',
    },
    {
      name: 'a seed data generator whose whole run is one try that only prints the error',
      file: 'scripts/generate_seed_data.py',
      code: 'import pandas as pd\n\n\ndef main():\n    try:\n        customers = pd.DataFrame({"id": range(100)})\n        customers.to_csv("customers.csv", index=False)\n    except Exception as e:\n        «print(e)»\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    {
      name: 'a while loop that is not a retry (it walks pages) still swallows the page that failed',
      code: 'import logging\n\nimport requests\n\nlogger = logging.getLogger(__name__)\n\n\ndef fetch_pages(url):\n    rows = []\n    page = 1\n    while page < 50:\n        try:\n            rows.extend(requests.get(url, params={"page": page}, timeout=10).json())\n        except requests.RequestException:\n            «logger.warning("page %d failed", page)»\n        page += 1\n    return rows\n',
    },
    {
      name: 'except Exception: pass around an INSERT',
      code: `import psycopg2


def load_orders(conn, rows):
    cur = conn.cursor()
    try:
        cur.executemany("INSERT INTO orders VALUES (%s, %s)", rows)
        conn.commit()
    except Exception:
        «pass»
`,
      priority: 'P2',
      message: /^"except Exception" in load_orders\(\) swallows every error of cur\.executemany\(\); log it with logger\.exception\(\) and re-raise, or send the record to a dead-letter store$/,
    },
    {
      name: 'bare except: continue in an iterrows loop',
      code: `import pandas as pd


def insert_rows(frame, cur):
    for _, row in frame.iterrows():
        try:
            cur.execute("INSERT INTO staging VALUES (%s, %s)", (row["id"], row["amount"]))
        except:
            «continue»
`,
      message: /^A bare except in insert_rows\(\) skips the record without a trace when cur\.execute\(\) fails; log and count the skipped records, or send them to a dead-letter store$/,
    },
    {
      name: 'return None from an extract',
      code: `import json
import pandas as pd


def read_payload(path):
    try:
        return pd.read_json(path)
    except Exception:
        «return None»
`,
      message: /turns every error of pd\.read_json\(\) into a default return value/,
    },
    {
      name: 'except BaseException: ...',
      code: `import requests


def notify(url, payload):
    try:
        requests.post(url, json=payload, timeout=5)
    except BaseException:
        «...»
`,
    },
    {
      name: 'tuple holding Exception, returning an empty list',
      code: `import requests


def fetch_items(url):
    try:
        return requests.get(url, timeout=10).json()["items"]
    except (KeyError, Exception):
        «return []»
`,
      message: /^"except \(KeyError, Exception\)" in fetch_items\(\)/,
    },
    {
      name: 'alias bound but unused',
      code: `import pandas as pd


def read_optional(path):
    try:
        return pd.read_csv(path)
    except Exception as e:
        «pass»
`,
    },
    {
      name: 'table_exists returning False hides auth and network errors',
      code: `from google.cloud import bigquery


def table_exists(client, table_id):
    try:
        client.get_table(table_id)
        return True
    except Exception:
        «return False»
`,
    },
    {
      name: 'module-level script code',
      code: `import pandas as pd
from sqlalchemy import create_engine

engine = create_engine(os.environ["DW_URL"])
frame = pd.read_csv("/data/orders.csv")
try:
    frame.to_sql("orders", engine, if_exists="append")
except Exception:
    «pass»
`,
      message: /^"except Exception" in the script pipeline\.py swallows every error of frame\.to_sql\(\)/,
    },
    {
      name: 'one-line handler',
      code: `import requests


def rates(url):
    try:
        return requests.get(url, timeout=10).json()
    except Exception: «return {}»
`,
    },
    {
      name: 'comment in the handler does not make it handled',
      code: `import psycopg2


def drop_partition(cur, day):
    try:
        cur.execute("ALTER TABLE sales DETACH PARTITION sales_%s" % day)
    except Exception:
        # partition may not exist
        «pass»
`,
    },
    {
      name: 'Airflow task callable returning a constant',
      code: `from airflow.decorators import task
from airflow.providers.http.hooks.http import HttpHook


@task
def fetch_status():
    try:
        return HttpHook(method="GET", http_conn_id="partner").run("status").json()
    except Exception:
        «return {}»
`,
    },
    {
      name: 'pagination loop skipping failed pages',
      code: `import requests


def fetch_all(url):
    page = 0
    results = []
    while page < 100:
        page += 1
        try:
            results.extend(requests.get(url, params={"page": page}, timeout=10).json())
        except Exception:
            «continue»
    return results
`,
    },
    {
      name: 'spark job',
      code: `from pyspark.sql import SparkSession


def refresh(spark, tables):
    for table in tables:
        try:
            spark.sql(f"REFRESH TABLE {table}")
        except Exception:
            «pass»
`,
    },
    {
      name: 'method of a loader class',
      code: `import psycopg2


class OrdersLoader:
    def write(self, rows):
        try:
            self.cursor.executemany("INSERT INTO orders VALUES (%s)", rows)
        except Exception:
            «pass»
`,
      message: /in OrdersLoader\.write\(\)/,
    },
    {
      name: 'only the broad handler of several',
      code: `import pandas as pd


def read_config_frame(path):
    try:
        return pd.read_json(path)
    except FileNotFoundError:
        raise
    except ValueError:
        return pd.DataFrame()
    except Exception:
        «return None»
`,
    },
    {
      name: 'closing in the try does not make the whole block cleanup',
      code: `import psycopg2


def finish(conn, cur):
    try:
        cur.execute("UPDATE runs SET done = true")
        conn.close()
    except Exception:
        «pass»
`,
    },
    {
      name: 'returning a numeric default',
      code: `import requests


def remote_count(url):
    try:
        return int(requests.get(url, timeout=5).text)
    except:
        «return 0»
`,
    },
    {
      name: 'module that only imports sqlalchemy',
      code: `from sqlalchemy.orm import Session


def persist(session: Session, rows):
    try:
        session.execute(insert_stmt, rows)
        session.commit()
    except Exception:
        «pass»
`,
    },
    {
      name: 'Snowflake write_pandas',
      code: `from snowflake.connector.pandas_tools import write_pandas


def load(conn, frames):
    for name, frame in frames.items():
        try:
            write_pandas(conn, frame, name.upper())
        except Exception:
            «continue»
`,
    },
    {
      name: 'boto3 download loop',
      code: `import boto3

s3 = boto3.client("s3")


def download_all(keys, target):
    for key in keys:
        try:
            s3.download_file("landing", key, f"{target}/{key}")
        except Exception:
            «continue»
`,
    },
    {
      name: 'handler that only prints the error of a warehouse load',
      code: `import pandas as pd
from snowflake.connector.pandas_tools import write_pandas


def publish_scores(conn, frame):
    try:
        write_pandas(conn, frame, "MODEL_SCORES")
    except Exception as exc:
        «print(f"Could not publish scores: {exc}")»
`,
      message: /^"except Exception" in publish_scores\(\) only prints the error of write_pandas\(\) and carries on, so the run still succeeds; log it with logger\.exception\(\) and re-raise, or send the record to a dead-letter store$/,
    },
    {
      name: 'print then return an empty list from an extract',
      code: `import requests


def fetch_stations(url):
    try:
        reply = requests.get(url, timeout=10)
        reply.raise_for_status()
        return reply.json()
    except Exception as err:
        «print("station feed failed:", err)
        return []»
`,
      message: /only prints the error of requests\.get\(\) and returns a default value/,
    },
    {
      name: 'print on the handler line itself',
      code: `import requests


def list_blobs(endpoint):
    try:
        return requests.get(endpoint, timeout=10).json()
    except Exception as problem: «print(problem)»
`,
      message: /only prints the error of requests\.get\(\) and carries on/,
    },
    {
      name: 'print and continue in a per-file load loop',
      code: `import pandas as pd


def load_exports(paths, engine):
    for path in paths:
        try:
            pd.read_csv(path).to_sql("exports", engine, if_exists="append")
        except Exception as failure:
            «print(f"{path}: {failure}")  # move on to the next file
            continue»
`,
      message: /only prints the error of pd\.read_csv\(\)\.to_sql\(\) and skips the record; log and count the skipped records/,
    },
    {
      name: 'traceback.print_exc() around a DDL batch',
      code: `import traceback
import psycopg2


def create_schema(dsn, statements):
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            for statement in statements:
                cur.execute(statement)
        conn.commit()
    except (Exception, psycopg2.DatabaseError):
        «traceback.print_exc()»
`,
      message: /^"except \(Exception, psycopg2\.DatabaseError\)" in create_schema\(\) only prints the error of cur\.execute\(\)/,
    },
    {
      name: 'script-level handler that prints, then resets the connection names nobody reads again',
      code: `import json
from psycopg2 import connect, Error

try:
    link = connect(dbname="inventory", connect_timeout=3)
    cursor = link.cursor()
    with open("items.json") as source:
        for entry in json.load(source):
            cursor.execute("INSERT INTO items (payload) VALUES (%s)", (json.dumps(entry),))
    link.commit()
except (Exception, Error) as failure:
    «print("load failed:", failure)
    link = None
    cursor = None»
`,
      message: /^"except \(Exception, Error\)" in the script pipeline\.py only prints the error of connect\(\) and carries on/,
    },
    {
      name: 'prints, resets a counter to 0 and returns None',
      code: `import requests


def fetch_total(url):
    total = None
    try:
        total = requests.get(url, timeout=5).json()["total"]
    except Exception as exc:
        «print(exc)
        total = 0
        return None»
`,
      message: /only prints the error of requests\.get\(\) and returns a default value/,
    },
    {
      name: 'logs the error of a load and carries on',
      code: `import logging

import pandas as pd

logger = logging.getLogger(__name__)


def load_daily(frame, engine):
    try:
        frame.to_sql("daily_sales", engine, if_exists="append", index=False)
    except Exception as exc:
        «logger.error("daily load failed: %s", exc)»
    logger.info("daily load finished")
`,
      message: /^"except Exception" in load_daily\(\) logs the error of frame\.to_sql\(\) and carries on, so the run still ends green; re-raise after logging, or send the record to a dead-letter store$/,
    },
    {
      name: 'logs and skips each failed record',
      code: `import logging

logger = logging.getLogger(__name__)


def upsert_customers(cur, customers):
    for customer in customers:
        try:
            cur.execute("INSERT INTO customers VALUES (%(id)s, %(name)s)", customer)
        except Exception as exc:
            «logger.warning("skipping customer %s: %s", customer["id"], exc)
            continue»
`,
      message: /^"except Exception" in upsert_customers\(\) logs and skips the record when cur\.execute\(\) fails, so the run ends green however many records fail; count the skipped records and fail past a threshold, or send them to a dead-letter store$/,
    },
    {
      name: 'logs and returns an empty list from an API extract',
      code: `import logging

import requests

log = logging.getLogger("extract")


def fetch_orders(api, day):
    try:
        reply = requests.get(f"{api}/orders", params={"day": day}, timeout=30)
        reply.raise_for_status()
        return reply.json()["orders"]
    except Exception:
        «log.exception("orders extract failed")
        return []»
`,
      message: /logs the error of requests\.get\(\) and returns a default value, so callers carry on as if it had worked/,
    },
    {
      name: "the library's base error class: requests.RequestException returning None",
      code: `import requests


def fetch(url):
    try:
        return requests.get(url, timeout=5).json()
    except requests.RequestException:
        «return None»
`,
      message: /^"except requests\.RequestException" in fetch\(\) turns every error of requests\.get\(\) into a default return value/,
    },
    {
      name: 'DB-API base error: psycopg2.Error, rollback, log and return False',
      code: `import logging

import psycopg2

logger = logging.getLogger(__name__)


def save_metrics(conn, rows):
    try:
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO metrics VALUES (%s, %s)", rows)
        conn.commit()
        return True
    except psycopg2.Error as err:
        «conn.rollback()
        logger.error("could not save metrics: %s", err)
        return False»
`,
      message: /^"except psycopg2\.Error" in save_metrics\(\) logs the error of cur\.executemany\(\)/,
    },
    {
      name: 'BigQuery GoogleAPIError logged per table, then the loop goes on',
      code: `import logging

from google.api_core.exceptions import GoogleAPIError
from google.cloud import bigquery

logger = logging.getLogger(__name__)
client = bigquery.Client()


def load_tables(uris):
    for table, uri in uris.items():
        try:
            client.load_table_from_uri(uri, table).result()
        except GoogleAPIError as error:
            «logger.error("load of %s failed: %s", table, error)»
`,
      message: /^"except GoogleAPIError" in load_tables\(\) logs the error of client\.load_table_from_uri\(\) and carries on/,
    },
    {
      name: "dlt's requests helper error inside a resource",
      code: `import dlt
from dlt.sources.helpers import requests


@dlt.resource(write_disposition="replace")
def satellites(logger):
    try:
        response = requests.get("https://example.org/tle")
        yield from response.json()
    except requests.RequestException as e:
        «logger.error(f"Failed to fetch TLE data: {e}")
        return []»
`,
      message: /logs the error of requests\.get\(\) and returns a default value/,
    },
    {
      name: 'the whole script wrapped in a handler that prints (I/O through its main function)',
      file: 'generate_seed.py',
      code: `import pandas as pd


def main():
    frame = pd.DataFrame({"id": range(10)})
    frame.to_csv("seed.csv", index=False)


try:
    main()
except Exception as e:
    «print(e)»
`,
      message: /^"except Exception" in the script generate_seed\.py only prints the error of main\(\) and carries on/,
    },
    {
      name: 'I/O reached through a method of the same class',
      code: `import psycopg2


class Exporter:
    def _write_batch(self, rows):
        self.cur.executemany("INSERT INTO export VALUES (%s, %s)", rows)

    def run(self, batches):
        for rows in batches:
            try:
                self._write_batch(rows)
            except Exception as exc:
                «print(f"batch failed: {exc}")»
`,
      message: /^"except Exception" in Exporter\.run\(\) only prints the error of Exporter\._write_batch\(\) and carries on/,
    },
    {
      name: 'an empty DataFrame is a default too',
      code: `import pandas as pd


def read_snapshot(engine):
    try:
        return pd.read_sql("SELECT * FROM snapshot", engine)
    except Exception:
        «return pd.DataFrame()»
`,
    },
    {
      name: 'a file written in the try',
      code: `import json


def write_manifest(path, entries):
    try:
        with open(path, "w") as handle:
            json.dump(entries, handle)
    except:
        «pass»
`,
    },
    {
      name: 'a helper from another module whose name says it saves data',
      code: `import logging

from etl.storage import save_features_to_database

logger = logging.getLogger(__name__)


def persist(features):
    try:
        save_features_to_database(features)
    except Exception as exc:
        «logger.warning("could not save features: %s", exc)»
`,
      message: /logs the error of save_features_to_database\(\) and carries on/,
    },
    {
      name: 'a data-returning function: a caller testing "if rows:" cannot tell empty from failed',
      code: `import logging

import requests

logger = logging.getLogger(__name__)


def fetch_bars(symbol):
    try:
        return requests.get(BARS, params={"s": symbol}, timeout=10).json()["bars"]
    except Exception as exc:
        «logger.error("bars failed: %s", exc)
        return []»


def run(symbols):
    for symbol in symbols:
        bars = fetch_bars(symbol)
        if bars:
            store(bars)
`,
      message: /logs the error of requests\.get\(\) and returns a default value/,
    },
    {
      name: 'a status flag nobody checks',
      code: `import logging

logger = logging.getLogger(__name__)


class Tracker:
    def update_rankings(self, cur):
        try:
            cur.execute("SELECT update_model_rankings()")
            return True
        except Exception as exc:
            «logger.error("rankings not updated: %s", exc)
            return False»

    def finish(self, cur):
        self.update_rankings(cur)
`,
    },
    {
      name: 'the last save on the way out of a service loop',
      code: `import logging

logger = logging.getLogger(__name__)


def stream(feed, cur):
    while True:
        try:
            message = feed.receive()
        except ConnectionError:
            try:
                cur.executemany("INSERT INTO ticks VALUES (%s, %s)", feed.buffered())
            except Exception as exc:
                «logger.error("final save failed: %s", exc)»
            return
        feed.buffer(message)
`,
    },
    {
      name: 'a BigQuery query job on a client kept on the loader',
      code: `import logging

logger = logging.getLogger(__name__)


class Loader:
    def delete_partition(self, table, day):
        try:
            self.bq_client.query(f"DELETE FROM {table} WHERE day = '{day}'").result()
        except Exception as exc:
            «logger.warning("delete failed, loading anyway: %s", exc)»
`,
    },
    {
      name: 'CREATE … IF NOT EXISTS followed by the load in the same try',
      code: `from psycopg2.extras import execute_values


def publish(conn, cur, rows):
    try:
        cur.execute("CREATE TABLE IF NOT EXISTS src.orders (id int, amount numeric)")
        execute_values(cur, "INSERT INTO src.orders VALUES %s", rows)
        conn.commit()
    except Exception as e:
        «print(f"Database operation failed: {e}")»
`,
    },
    {
      name: 'a True/False status whose only caller logs the failure and carries on (the task stays green)',
      code: `import logging

from supabase import create_client

logger = logging.getLogger(__name__)


class PriceStore:
    def save(self, rows):
        try:
            self.client.table("hourly_prices").upsert(rows).execute()
            return True
        except Exception as exc:
            «print(f"upsert failed: {exc}")
            return False»


def publish(rows):
    ok = PriceStore().save(rows)
    if ok:
        logger.info("saved %d rows", len(rows))
    else:
        logger.error("could not save %d rows", len(rows))
`,
      message: /only prints the error of self\.client\.table\(\)\.upsert\(\)\.execute\(\) and returns a default value/,
    },
    {
      name: 'a status tested in place whose failure branch only logs',
      code: `import logging

import requests

logger = logging.getLogger(__name__)


def push(batch):
    try:
        requests.post(SINK, json=batch, timeout=10).raise_for_status()
        return True
    except requests.RequestException as exc:
        «logger.warning("push failed: %s", exc)
        return False»


def run(batches):
    for batch in batches:
        if not push(batch):
            logger.error("batch %s not pushed", batch["id"])
`,
    },
    {
      name: 'a clean-up task whose whole job is the DELETE logs its failure and succeeds',
      code: `import logging
from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook


def cleanup_expired_sessions():
    hook = PostgresHook(postgres_conn_id="metadata")
    try:
        hook.run("DELETE FROM sessions WHERE expires_at < now()")
    except Exception as exc:
        «logging.error(exc)»


with DAG("metadata_cleanup", start_date=datetime(2026, 1, 1), schedule="@daily") as dag:
    PythonOperator(task_id="cleanup_sessions", python_callable=cleanup_expired_sessions)
`,
      message: /in cleanup_expired_sessions\(\) logs the error of hook\.run\(\) and carries on/,
    },
    {
      name: 'a Prefect clean-up task that prints its failure',
      code: `from prefect import task

import psycopg2


@task
def cleanup_staging(dsn):
    try:
        with psycopg2.connect(dsn) as conn:
            conn.cursor().execute("TRUNCATE staging.events")
    except Exception as exc:
        «print(f"cleanup failed: {exc}")»
`,
    },
    {
      name: 'an output the configuration enables is switched off when its client cannot be created',
      code: `import logging

from kafka import KafkaProducer

logger = logging.getLogger(__name__)


class EventPublisher:
    def __init__(self, settings):
        self.producer = None
        if settings.kafka.enabled:
            try:
                self.producer = KafkaProducer(bootstrap_servers=settings.kafka.servers)
            except Exception as exc:
                «logger.warning("kafka disabled: %s", exc)»

    def publish(self, events):
        if self.producer:
            for event in events:
                self.producer.send("events", event)
`,
      message: /logs the failure of KafkaProducer\(\) and carries on, so the output that "settings\.kafka\.enabled" turns on is silently skipped/,
    },
    {
      name: 'a table probe through a metastore client the library model does not know',
      code: `from thrift_catalog import CatalogClient


class CatalogHook:
    def __init__(self, host):
        self.catalog = CatalogClient(host)

    def fetch_table(self, name, db="default"):
        return self.catalog.lookup(db, name)

    def table_exists(self, name, db="default"):
        try:
            self.fetch_table(name, db)
            return True
        except Exception:
            «return False»
`,
      message: /in CatalogHook\.table_exists\(\) turns every error of self\.fetch_table\(\) into "the table does not exist", so a permission or network error reads as a missing table/,
    },
    {
      name: 'an extract step that reads run metrics from MLflow turns a failed read into an empty dict',
      code: `import mlflow


def extract_run_metrics(run_id):
    try:
        run = mlflow.tracking.MlflowClient().get_run(run_id)
        return dict(run.data.metrics)
    except Exception as exc:
        «print(f"cannot read run {run_id}: {exc}")
        return {}»
`,
      message: /in extract_run_metrics\(\) only prints the error of mlflow\.tracking\.MlflowClient\(\)\.get_run\(\) and returns a default value/,
    },
    {
      name: 'a broad handler for one item of a loop still hides failed loads',
      code: `import requests


def fetch_pages(urls, sink):
    for url in urls:
        try:
            sink.write(requests.get(url, timeout=10).json())
        except requests.RequestException as exc:
            «print(f"{url} failed: {exc}")»
`,
    },
    {
      name: 'a load function in a teardown-named module that a DAG runs as a task is still a stage',
      file: 'dags/cleanup_sessions_dag.py',
      code: `import logging

from airflow.operators.python import PythonOperator

logger = logging.getLogger(__name__)


def purge_sessions(session):
    try:
        session.execute("DELETE FROM sessions WHERE expired")
    except Exception as exc:
        «logger.warning("purge failed: %s", exc)»


purge = PythonOperator(task_id="purge_sessions", python_callable=purge_sessions)
`,
    },
    {
      name: 'a loop that skips failed files and returns what it read is still swallowing',
      code: `import pandas as pd


def read_all(paths):
    frames = []
    for path in paths:
        try:
            frames.append(pd.read_csv(path))
        except Exception:
            «continue»
    return frames
`,
    },
    {
      name: 'a lookup whose logged failure falls back to an empty default still hides it',
      code: `import logging

logger = logging.getLogger(__name__)


def open_orders(db):
    try:
        rows = db.execute_query("SELECT id FROM orders WHERE open")
        if rows:
            return rows
    except Exception as exc:
        «logger.warning("orders lookup failed: %s", exc)»
    return []
`,
    },
    {
      name: 'a Databricks notebook without prose (a script kept as a notebook) that prints a failed read and ends green',
      file: 'jobs/refresh_sales.py',
      code: `# Databricks notebook source
import logging

# COMMAND ----------

try:
    sales = spark.read.table("gold.sales")
    sales.write.mode("overwrite").saveAsTable("mart.sales_by_region")
except Exception as exc:
    «print(f"refresh failed: {exc}")»
`,
    },
    {
      name: 'a narrated notebook whose handler hides the failed load without a word',
      file: 'notebooks/load_orders.py',
      code: `# Databricks notebook source
# MAGIC %md
# MAGIC # Load orders

# COMMAND ----------

# MAGIC %md
# MAGIC Append today's orders to the bronze table.

# COMMAND ----------

try:
    spark.read.json("/mnt/raw/orders/").write.mode("append").saveAsTable("bronze.orders")
except Exception:
    «pass»
`,
    },
    {
      name: 'a try that loads the rows and then sends the alert: the load is the data path',
      code: `import logging

import requests

logger = logging.getLogger(__name__)


def load_and_notify(conn, rows, webhook_url):
    try:
        conn.cursor().executemany("INSERT INTO readings VALUES (%s, %s)", rows)
        conn.commit()
        requests.post(webhook_url, json={"text": f"loaded {len(rows)} readings"}, timeout=10)
    except Exception:
        «logger.exception("load failed")»
`,
    },
    {
      name: 'a read after the load whose result the function goes on with is not a check for the log',
      code: `import logging

logger = logging.getLogger(__name__)


def publish_totals(conn, rows):
    cur = conn.cursor()
    cur.executemany("INSERT INTO sales VALUES (%s, %s)", rows)
    conn.commit()
    totals = []
    try:
        cur.execute("SELECT region, SUM(amount) FROM sales GROUP BY region")
        totals = cur.fetchall()
    except Exception as exc:
        «logger.error("could not read totals: %s", exc)»
    return totals
`,
    },
    {
      name: 'a write into a data table named like metadata of the things it loads is the data path',
      code: `import logging

logger = logging.getLogger(__name__)


def save_track_metadata(conn, tracks):
    try:
        conn.cursor().executemany("INSERT INTO track_metadata VALUES (%s, %s, %s)", tracks)
        conn.commit()
    except Exception as exc:
        «logger.error("track metadata not saved: %s", exc)»
`,
    },
    {
      name: 'the upsert after a detail fetch that handles its own errors is what the handler swallows, and the message names it',
      file: 'app/poller.py',
      code: `import httpx

from app import crud


def process_alert(session, alert):
    try:
        try:
            answer = httpx.get(alert["url"], timeout=10)
            alert["detail"] = answer.json()
        except Exception as exc:
            alert["detail_error"] = str(exc)
        crud.upsert_alert(session, alert)
    except Exception as exc:
        «print("process_alert error:", exc)»
`,
      message: /crud\.upsert_alert\(\)/,
    },
    {
      name: 'a connection opened in the try and kept for the load is no connection check',
      file: 'etl/load_readings.py',
      code: `import psycopg2


def load_readings(rows, dsn):
    conn = None
    try:
        conn = psycopg2.connect(dsn)
        print("connected")
    except Exception as exc:
        «print(f"connection failed: {exc}")»
    if conn is not None:
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO readings VALUES (%s, %s)", rows)
        conn.commit()
`,
    },
    {
      name: 'a delete of the intermediate file in the same try as the load still swallows the load',
      file: 'jobs/load_claims.py',
      code: `import boto3

s3 = boto3.client("s3")


def load_claims(frame, engine, bucket, key):
    try:
        frame.to_sql("claims", engine, if_exists="append", index=False)
        s3.delete_object(Bucket=bucket, Key=key)
    except Exception as exc:
        «print(f"claims load failed: {exc}")»
`,
    },
    {
      name: 'a Prefect flow whose deliverable is the e-mail: its failed send is logged and the flow ends green',
      file: 'flows/send_daily_prices.py',
      code: `import smtplib

from prefect import flow, get_run_logger


@flow(name="send daily prices")
def send_daily_prices(recipients):
    message = build_price_email(recipients)
    logger = get_run_logger()
    try:
        with smtplib.SMTP_SSL(SMTP_HOST, 465) as server:
            server.login(SMTP_USER, SMTP_PASSWORD)
            server.sendmail(SENDER, recipients, message.as_string())
        logger.info("prices sent")
    except Exception as exc:
        «logger.error(f"could not send the prices: {exc}")»
`,
    },
    { name: 'an HTTP delete and upload whose responses are only logged', file: 'flows/publish_graph.py', code: 'import logging\n\nimport requests\n\nlogger = logging.getLogger(__name__)\n\n\ndef replace_graph(endpoint, graph_uri, turtle):\n    removed = «requests.delete»(f"{endpoint}?c={graph_uri}", timeout=60)\n    added = «requests.post»(f"{endpoint}?context-uri={graph_uri}", data=turtle, timeout=60)\n    logger.info(removed)\n    logger.info("upload answered %s", added)\n', message: /^replace_graph\(\) only logs the response of requests\.(delete|post)\(\) and never checks its status/ },
    { name: 'an HTTP PUT whose response is discarded', file: 'sync/push_prices.py', code: 'import requests\n\n\ndef push_prices(rows, token):\n    for row in rows:\n        «requests.put»(f"https://shop.example.com/api/prices/{row[\'sku\']}", json=row, headers={"Authorization": token}, timeout=30)\n', message: /^push_prices\(\) discards the response of requests\.put\(\) and never checks its status/ },
    { name: 'a PATCH on a session, discarded, in a script', file: 'update_users.py', code: 'import requests\n\nsession = requests.Session()\nfor user in USERS:\n    «session.patch»(f"https://crm.example.com/users/{user}", json={"active": False}, timeout=30)\n', message: /^the script update_users\.py discards the response of session\.patch\(\)/ },
    { name: 'an httpx POST whose response is only printed', file: 'load/send_events.py', code: 'import httpx\n\n\ndef send_events(events):\n    answer = «httpx.post»("https://collector.example.com/events", json=events)\n    print(answer)\n' },
    { name: 'a BigQuery MERGE submitted and never awaited', file: 'etl/watermark.py', code: 'from google.cloud import bigquery\n\n\nclass Loader:\n    def __init__(self):\n        self.bq_client = bigquery.Client()\n\n    def save_watermark(self, table, last_id):\n        sql = f"MERGE `etl.watermarks` T USING (SELECT \'{table}\' AS t) S ON T.t = S.t WHEN MATCHED THEN UPDATE SET last_id = {last_id}"\n        «self.bq_client.query»(sql)\n', message: /^Loader\.save_watermark\(\) submits self\.bq_client\.query\(\) and never waits for the job, so a failed BigQuery job goes unseen/ },
    { name: 'a BigQuery load job bound and never awaited', file: 'etl/load.py', code: 'from google.cloud import bigquery\n\n\ndef load_orders(frame):\n    client = bigquery.Client()\n    job = «client.load_table_from_dataframe»(frame, "shop.orders")\n    print(f"started {job.job_id}")\n' },
    { name: 'a response printed and then rebound by the next batch: the last one is reported', file: 'dags/push_stock.py', code: 'import requests\n\n\ndef push_stock(batches, url):\n    for batch in batches[:-1]:\n        response = requests.post(url, json=batch, timeout=30)\n        print(response.text)\n    response = «requests.post»(url, json=batches[-1], timeout=30)\n    print(response.text)\n' },
    {
      name: 'a scheduled Lambda handler that logs every failure and returns an error dict carrying it',
      file: 'lambdas/ingest_orders.py',
      code: `import logging

import boto3

logger = logging.getLogger()


def lambda_handler(event, context):
    try:
        rows = fetch_orders(event.get("since"))
        boto3.client("s3").put_object(Bucket="raw-orders", Key="orders.json", Body=json.dumps(rows))
        return {"loaded": len(rows)}
    except Exception as exc:
        «logger.error("ingest failed: %s", exc)
        return {"error": str(exc)}»
`,
      message: /^"except Exception" in lambda_handler\(\) logs every failure of boto3\.client\(\)\.put_object\(\) and returns normally, so AWS Lambda records a successful invocation: no retry, no alarm; re-raise after logging so the invocation fails$/,
    },
    {
      name: 'a Lambda handler whose failure response is built by a helper and clean-up runs in a nested try',
      file: 'src/handler.py',
      code: `import logging

import psycopg2

logger = logging.getLogger(__name__)


def build_result(state, detail):
    return {"state": state, "detail": detail}


def sync_handler(event, context):
    conn = None
    try:
        conn = psycopg2.connect(DSN)
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO visits VALUES (%s, %s)", event["visits"])
        conn.commit()
        return build_result("ok", "")
    except Exception as exc:
        «logger.exception("sync failed")
        try:
            if conn:
                conn.close()
        except Exception as close_error:
            logger.warning("close failed: %s", close_error)
        return build_result("failed", str(exc))»
`,
    },
    {
      name: 'a scheduled Lambda returning statusCode 500 that no HTTP caller reads',
      file: 'lambdas/refresh.py',
      code: `import boto3


def handler(event, context):
    try:
        boto3.client("s3").copy_object(Bucket="mart", Key="sales.parquet", CopySource="staging/sales.parquet")
        return {"statusCode": 200}
    except Exception as e:
        «print(f"refresh failed: {e}")
        return {"statusCode": 500, "body": str(e)}»
`,
      message: /AWS Lambda records a successful invocation: no retry, no alarm/,
    },
    {
      name: 'a background Cloud Function that logs the failure and falls off the end',
      file: 'functions/load_events.py',
      code: `import logging

from google.cloud import bigquery


def load_events(event, context):
    client = bigquery.Client()
    try:
        client.load_table_from_uri(f"gs://{event['bucket']}/{event['name']}", "raw.events").result()
    except Exception:
        «logging.exception("load failed")»
`,
      message: /the Cloud Functions platform records a successful invocation/,
    },
    {
      name: 'a CloudEvent function that prints and returns None',
      file: 'functions/main.py',
      code: `import functions_framework
import requests


@functions_framework.cloud_event
def on_upload(cloud_event):
    try:
        requests.post("https://warehouse.example.com/ingest", json=cloud_event.data, timeout=30).raise_for_status()
    except Exception as e:
        «print(e)
        return None»
`,
    },
  ],
  notFlagged: [
    {
      name: "a dashboard's helper-run SELECT swallowed in a route module (a read path of a web application)",
      file: 'app/app.py',
      code: `from flask import Flask, jsonify
from psycopg_pool import ConnectionPool

app = Flask(__name__)
pool = ConnectionPool("dbname=nhl")


def _query_one(sql, params=None):
    with pool.connection() as conn:
        with conn.cursor() as cur:
            cur.execute(sql, params or ())
            return cur.fetchall()


@app.route("/api/debug")
def debug(table="games"):
    max_date = None
    try:
        rows = _query_one(f'SELECT MAX("gameDate") AS m FROM public.{table}')
        max_date = rows[0][0]
    except Exception:
        pass
    return jsonify({"max_date": max_date})
`,
    },
    {
      name: "a per-symbol fetch and upsert inside a polling service's main loop: the next cycle fetches the symbol again",
      file: 'coinglass_liquidations_ingest.py',
      code: `import time

import requests
from supabase import create_client

sb = create_client("https://x.supabase.co", "anon")
SYMBOLS = ["BTC", "ETH"]


def fetch_map(symbol):
    response = requests.get(f"https://api.example.com/liquidations/{symbol}", timeout=30)
    response.raise_for_status()
    return response.json()


def upsert_map(symbol, data):
    sb.table("liquidations").upsert([{"symbol": symbol, **row} for row in data]).execute()


def main():
    while True:
        for symbol in SYMBOLS:
            try:
                data = fetch_map(symbol)
                upsert_map(symbol, data)
            except Exception as e:
                print(f"error {symbol}: {e}")
        time.sleep(1800)
`,
    },
    {
      name: "a dashboard API route that falls back to another query when its first read fails",
      file: 'app/app.py',
      code: `import psycopg
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/api/rankings")
def rankings():
    with psycopg.connect() as conn:
        try:
            rows = conn.execute("SELECT team, sog FROM gold.rankings").fetchall()
        except Exception as e:
            print(f"gold table unavailable: {e}")
            rows = conn.execute("SELECT team, sog FROM silver.rankings").fetchall()
    return jsonify(rows)
`,
    },
    {
      name: "a dict read on an Elasticsearch response is no request (only the document fetch is)",
      file: 'flows/use_analysis.py',
      code: `from elasticsearch import Elasticsearch

es_client = Elasticsearch("http://search:9200")


def analysis_of(doc):
    try:
        return doc.raw.get("analysis", {})
    except Exception:
        return {}
`,
    },
    {
      name: 'an Elasticsearch search whose NotFoundError (a narrow, expected condition) means an empty index',
      file: 'dags/dependencies/read_index.py',
      code: `from elasticsearch import Elasticsearch, NotFoundError


def existing_ids(es: Elasticsearch, index):
    try:
        page = es.search(index=index, size=1000)
    except NotFoundError:
        return set()
    return {hit["_id"] for hit in page["hits"]["hits"]}
`,
    },
    {
      name: 'a ROLLBACK statement swallowed in the error path of a retry loop that re-raises after the last attempt',
      file: 'jobs/writer.py',
      code: `import logging
import time

import pg8000

logger = logging.getLogger(__name__)


def swap_in(conn_params, staging, target, attempts=3):
    for attempt in range(attempts):
        conn = pg8000.connect(**conn_params)
        cur = conn.cursor()
        try:
            cur.execute("BEGIN;")
            cur.execute(f"DELETE FROM {target} USING {staging} WHERE {target}.id = {staging}.id;")
            cur.execute(f"INSERT INTO {target} SELECT * FROM {staging};")
            cur.execute("COMMIT;")
            return
        except Exception:
            try:
                cur.execute("ROLLBACK;")
            except Exception:
                pass
            if attempt == attempts - 1:
                raise
            time.sleep(5 * (attempt + 1))
`,
    },
    {
      name: 'a safety DROP TABLE IF EXISTS of the staging table after the swap, on its own connection, with a warning',
      file: 'jobs/writer.py',
      code: `import logging

import pg8000

logger = logging.getLogger(__name__)


def drop_staging(conn_params, staging):
    try:
        conn = pg8000.connect(**conn_params)
        cur = conn.cursor()
        cur.execute(f"DROP TABLE IF EXISTS {staging};")
        conn.commit()
        cur.close()
        conn.close()
    except Exception as e:
        logger.warning("Cleanup drop of the staging table failed or was not needed: %s", e)
`,
    },
    {
      name: 'a cycle of a long-running scheduler, called only from its main loop, logs the failure and the next cycle runs',
      file: 'workers/scheduler.py',
      code: `import asyncio
import logging

from ingestor.flows import sync_all_sources

logger = logging.getLogger(__name__)


async def run_once(full: bool) -> None:
    try:
        results = await sync_all_sources(full=full)
        logger.info("sync done: %d sources", len(results))
    except Exception:
        logger.exception("sync cycle crashed")


async def run_forever(stop_event: asyncio.Event) -> None:
    while not stop_event.is_set():
        await run_once(full=False)
        await asyncio.sleep(600)
`,
    },
    {
      name: 'a database health check named check_db: False is its answer',
      file: 'db/session.py',
      code: `from sqlalchemy import text

from db.engine import session_factory


async def check_db() -> bool:
    try:
        async with session_factory() as session:
            await session.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
`,
    },
    {
      name: 'a health probe of a model endpoint: False is its answer to any failure',
      file: 'resources/embedder.py',
      code: `import requests


class EmbedderResource:
    endpoint: str

    def is_healthy(self) -> bool:
        try:
            reply = requests.get(f"{self.endpoint}/v1/ready", timeout=5)
            return reply.status_code == 200
        except Exception:
            return False
`,
    },
    {
      name: 'a logged connection test of an API client returning False',
      file: 'clients/crm.py',
      code: `import logging

import requests

logger = logging.getLogger(__name__)


def test_connection(base_url: str) -> bool:
    try:
        reply = requests.get(f"{base_url}/status", timeout=10)
        reply.raise_for_status()
        return True
    except Exception as exc:
        logger.error("CRM connection test failed: %s", exc)
        return False
`,
    },
    {
      name: 'a lesson notebook (markdown between the cells, no job runs it) prints why a catalog listing failed',
      file: 'course/week1/unity_catalog_tour.py',
      code: `# Databricks notebook source
# MAGIC %md
# MAGIC # A tour of the catalog
# MAGIC Run each cell and read its output.

# COMMAND ----------

try:
    spark.sql("SHOW CATALOGS").show()
except Exception as exc:
    print(f"Catalog listing is not available here: {exc}")

# COMMAND ----------

# MAGIC %md
# MAGIC Appending a row with the wrong type is rejected by Delta:

# COMMAND ----------

try:
    spark.createDataFrame([("x", "y")], ["id", "name"]).write.format("delta").mode("append").save("/tmp/demo/customers")
except Exception as exc:
    print(f"Rejected as expected: {type(exc).__name__}")
`,
    },
    {
      name: 'an exploratory Jupyter dashboard prints a failed query in its cell output',
      file: 'analysis/dashboard.ipynb',
      code: JSON.stringify({
        cells: [
          { cell_type: 'markdown', metadata: {}, source: ['# Weekly plays'] },
          { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['import pandas as pd\n', 'import sqlalchemy\n', 'engine = sqlalchemy.create_engine("postgresql://localhost/plays")'] },
          { cell_type: 'markdown', metadata: {}, source: ['Plays per artist:'] },
          { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['try:\n', '    top = pd.read_sql("SELECT artist, COUNT(*) AS plays FROM plays GROUP BY artist", engine)\n', '    display(top)\n', 'except Exception as exc:\n', '    print(f"query failed: {exc}")'] },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      }),
    },
    {
      name: 'a Slack webhook alert that logs its own failure with the traceback',
      code: `import logging

import requests

logger = logging.getLogger(__name__)


class Alerter:
    def __init__(self, settings):
        self.settings = settings

    def send(self, text):
        try:
            response = requests.post(self.settings["slack"]["webhook_url"], json={"text": text}, timeout=10)
            response.raise_for_status()
        except Exception as exc:
            logger.error("Slack alert not sent", exc_info=exc)
`,
    },
    {
      name: 'an e-mail notification through smtplib that logs a failed send',
      code: `import logging
import smtplib
from email.message import EmailMessage

logger = logging.getLogger(__name__)


def mail_failure_report(host, sender, to, body):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, "ETL failures"
    message.set_content(body)
    try:
        with smtplib.SMTP(host, 587, timeout=30) as smtp:
            smtp.send_message(message)
    except Exception:
        logger.exception("failure report not mailed")
`,
    },
    {
      name: 'a run-metadata row written after the run, whose failure is logged',
      code: `import logging

logger = logging.getLogger(__name__)


def record_run(conn, run_id, status, rows_loaded):
    try:
        conn.cursor().execute(
            "INSERT INTO etl_runs (run_id, status, rows_loaded) VALUES (%s, %s, %s)",
            (run_id, status, rows_loaded),
        )
        conn.commit()
    except Exception as exc:
        logger.warning("run record not written for %s: %s", run_id, exc)
`,
    },
    {
      name: 'error events appended to their own table after the cleaned data is safe (non-fatal by design)',
      code: `import logging

logger = logging.getLogger(__name__)
ERROR_EVENTS_TABLE = "quality.error_events"


def write_error_events(spark, events, jdbc_url, props):
    frame = spark.createDataFrame(events)
    try:
        frame.write.jdbc(url=jdbc_url, table=ERROR_EVENTS_TABLE, mode="append", properties=props)
    except Exception as exc:
        logger.warning("error events not written: %s", exc)
`,
    },
    {
      name: 'a flow that loads first and then e-mails a summary: the e-mail is a side step',
      file: 'flows/load_prices.py',
      code: `import smtplib

from prefect import flow, get_run_logger


@flow
def load_prices(frame, engine):
    frame.to_sql("prices", engine, if_exists="append", index=False)
    logger = get_run_logger()
    try:
        with smtplib.SMTP_SSL(SMTP_HOST, 465) as server:
            server.sendmail(SENDER, TEAM, f"loaded {len(frame)} prices")
    except Exception as exc:
        logger.error(f"summary not sent: {exc}")
`,
    },
    {
      name: 'deleting the intermediate object after the load succeeded, best effort',
      file: 'jobs/appointments_job.py',
      code: `import boto3
from botocore.exceptions import ClientError

s3 = boto3.client("s3")
frame = spark.read.parquet(f"s3://{BUCKET}/{STAGED_KEY}")
frame.write.format("jdbc").option("url", JDBC_URL).option("dbtable", "dbo.appointments").mode("overwrite").save()

try:
    s3.delete_object(Bucket=BUCKET, Key=STAGED_KEY)
    print(f"staged file removed: {STAGED_KEY}")
except ClientError as exc:
    print(f"could not remove the staged file: {exc}")
`,
    },
    {
      name: 'dropping the temporary table after the merge, logged when it fails',
      code: `import logging

logger = logging.getLogger(__name__)


def merge_orders(conn, rows):
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE orders_tmp (LIKE orders)")
    cur.executemany("INSERT INTO orders_tmp VALUES (%s, %s)", rows)
    cur.execute("INSERT INTO orders SELECT * FROM orders_tmp ON CONFLICT (id) DO NOTHING")
    conn.commit()
    try:
        cur.execute("DROP TABLE IF EXISTS orders_tmp")
    except Exception as exc:
        logger.warning("temp table not dropped: %s", exc)
`,
    },
    {
      name: 'a connection smoke test in a script cell: it only reports whether the database answers',
      file: 'pipeline/weather_etl.py',
      code: `import psycopg2


def get_connection():
    return psycopg2.connect(host=DB_HOST, dbname=DB_NAME, user=DB_USER, password=DB_PASSWORD)


try:
    with get_connection() as conn:
        print("database connection ok")
except Exception as exc:
    print(f"database connection failed: {exc}")
`,
    },
    {
      name: 'a check_connection function that returns whether the warehouse answers',
      code: `import logging

import snowflake.connector

logger = logging.getLogger(__name__)


def check_connection(params):
    try:
        snowflake.connector.connect(**params).close()
        logger.info("warehouse reachable")
        return True
    except Exception as exc:
        logger.error("warehouse unreachable: %s", exc)
        return False
`,
    },
    {
      name: 'a verification count after the load, logged and then left',
      code: `import logging

logger = logging.getLogger(__name__)


def load_prices(conn, rows):
    cur = conn.cursor()
    cur.executemany("INSERT INTO prices VALUES (%s, %s, %s)", rows)
    conn.commit()
    try:
        cur.execute("SELECT COUNT(*) FROM prices")
        loaded = cur.fetchone()[0]
        logger.info("prices now holds %s rows", loaded)
    except Exception as exc:
        logger.error("could not verify the load: %s", exc)
`,
    },
    {
      name: 'a partitioning check on the table after the MERGE, left silent when the lookup fails',
      code: `import logging

from google.cloud import bigquery

logger = logging.getLogger(__name__)


def merge_day(client: bigquery.Client, merge_sql, table_id):
    client.query(merge_sql).result()
    try:
        table = client.get_table(table_id)
        if not table.time_partitioning:
            logger.warning("table %s has no partitioning", table_id)
    except Exception:
        pass
`,
    },
    {
      name: 'a set-up script a person runs hands a False status on to its steps, which print what to do next',
      file: 'setup/create_warehouse.py',
      code: `import psycopg2


class WarehouseSetup:
    def open(self, dsn):
        try:
            self.conn = psycopg2.connect(dsn)
            return True
        except Exception as exc:
            print(f"cannot connect: {exc}")
            return False

    def run(self, dsn):
        if not self.open(dsn):
            print("check the DSN in .env and run this again")
            return False
        return True


if __name__ == "__main__":
    WarehouseSetup().run("postgresql://localhost/dw")
`,
    },
    {
      name: 'a row count reset to zero in the handler that the code after the try tests and raises on',
      code: `import logging

logger = logging.getLogger(__name__)


def replace_members(engine, rows):
    inserted = 0
    try:
        with engine.begin() as conn:
            conn.execute("TRUNCATE members")
            inserted = conn.execute("INSERT INTO members VALUES (:id, :name)", rows).rowcount
    except Exception as exc:
        inserted = 0
        logger.exception(exc)
    if inserted == 0:
        raise RuntimeError("members not replaced")
    return inserted
`,
    },
    {
      name: 'a False status handed on as a failure dict that the entry point tests and exits on',
      code: `import sys

import psycopg2


class WarehouseLoader:
    def open(self, dsn):
        try:
            self.conn = psycopg2.connect(dsn)
            return True
        except Exception as exc:
            print(f"cannot connect: {exc}")
            return False

    def run(self, dsn, frame):
        if not self.open(dsn):
            return {"success": False, "error": "no connection"}
        return {"success": True, "rows": len(frame)}


def main(dsn, frame):
    result = WarehouseLoader().run(dsn, frame)
    if not result["success"]:
        sys.exit(1)
`,
    },
    {
      name: 'a failure counter tested after the loop, which raises when it is not zero',
      code: `import logging

logger = logging.getLogger(__name__)


def write_batches(cur, batches):
    bad_batches = 0
    for batch in batches:
        try:
            cur.executemany("INSERT INTO clicks VALUES (%s, %s)", batch)
        except Exception as exc:
            logger.warning("batch skipped: %s", exc)
            bad_batches += 1
    if bad_batches:
        raise RuntimeError(f"{bad_batches} batches failed")
`,
    },
    {
      name: 'a summary dict with a failure count returned to the caller, which may act on it',
      code: `import logging

import requests

logger = logging.getLogger(__name__)


def ship_messages(url, messages):
    summary = {"sent": 0, "errors": 0}
    for message in messages:
        try:
            requests.post(url, json=message, timeout=10).raise_for_status()
            summary["sent"] += 1
        except requests.RequestException as exc:
            logger.error("message dropped: %s", exc)
            summary["errors"] += 1
    return summary
`,
    },
    {
      name: 'a failure count compared with a threshold inside the loop',
      code: `import logging

logger = logging.getLogger(__name__)


def load_files(cur, paths):
    misses = 0
    for path in paths:
        if misses > 3:
            raise RuntimeError("too many failed files")
        try:
            cur.execute("COPY staging FROM %s", (path,))
        except Exception as exc:
            logger.error("file failed: %s", exc)
            misses += 1
`,
    },
    {
      name: 'a True/False status chosen into the exit code by a conditional expression',
      code: `import logging
import sys

logger = logging.getLogger(__name__)


def push_metrics(conn, rows):
    try:
        conn.execute("INSERT INTO metrics VALUES (?, ?)", rows)
        return True
    except Exception as exc:
        logger.error("metrics push failed: %s", exc)
        return False


def run(conn, rows):
    pushed = push_metrics(conn, rows)
    sys.exit(0 if pushed else 1)
`,
    },
    {
      name: 'a failure-status dict its only caller tests and exits on',
      code: 'import logging\nimport sys\n\nlogger = logging.getLogger(__name__)\n\n\nclass DailyJob:\n    def run(self, engine, frame):\n        try:\n            frame.to_sql("daily", engine, if_exists="append", index=False)\n            return {"status": "success", "rows": len(frame)}\n        except Exception as e:\n            logger.error("daily job failed: %s", e)\n            return {"status": "error", "error": str(e)}\n\n\ndef main(engine, frame):\n    result = DailyJob().run(engine, frame)\n    if result["status"] == "error":\n        sys.exit(1)\n',
    },
    {
      name: 'CREATE SCHEMA whose printed failure is the already-exists race; the loads into it fail loudly',
      code: 'import psycopg2\n\n\ndef prepare(conn, schema):\n    cursor = conn.cursor()\n    try:\n        cursor.execute(f"CREATE SCHEMA {schema}")\n    except psycopg2.Error as e:\n        print(f"could not create schema: {e}")\n    conn.commit()\n',
    },
    {
      name: 'an ensure_ helper logs that it could not check or create the bucket; the upload after it fails loudly',
      code: 'import logging\n\nfrom google.cloud import storage\n\nlogger = logging.getLogger(__name__)\n\n\nclass Uploader:\n    def __init__(self, name):\n        self.bucket = storage.Client().bucket(name)\n        self._ensure_bucket()\n\n    def _ensure_bucket(self):\n        try:\n            if not self.bucket.exists():\n                self.bucket.create()\n        except Exception as e:\n            logger.warning("could not verify the bucket: %s", e)\n',
    },
    {
      name: 'a web endpoint answers its client with an error status',
      code: 'from flask import Flask\nimport psycopg2\n\napp = Flask(__name__)\n\n\n@app.route("/orders")\ndef orders():\n    try:\n        with psycopg2.connect("dbname=shop") as conn:\n            rows = conn.cursor().execute("SELECT id FROM orders WHERE day = CURRENT_DATE")\n        return {"status": "ok", "rows": rows}\n    except Exception as e:\n        return {"status": "error", "message": str(e)}, 500\n',
    },
    {
      name: 'a download retried while it has not succeeded and tries remain; after the last try the unzip below fails',
      code: 'import os\nimport urllib.request\nimport zipfile\n\n\ndef fetch(url, path):\n    tries = 0\n    done = False\n    while not done and tries < 3:\n        try:\n            urllib.request.urlretrieve(url, path)\n            done = True\n        except Exception as e:\n            print("download failed, retrying: %s" % e)\n        tries += 1\n    with zipfile.ZipFile(path) as archive:\n        archive.extractall(os.path.dirname(path))\n',
    },
    {
      name: 'a while loop bounded by attempts around a request that logs each failure',
      code: 'import logging\nimport time\n\nimport requests\n\nlogger = logging.getLogger(__name__)\n\n\ndef post_card(url, card):\n    attempts = 0\n    while attempts < 5:\n        try:\n            return requests.post(url, json=card, timeout=10)\n        except requests.RequestException:\n            logger.warning("post failed, attempt %d", attempts)\n        attempts += 1\n        time.sleep(2 ** attempts)\n    raise RuntimeError("card not posted")\n',
    },
    {
      name: 'a best-effort row count for run metadata: None means unknown',
      code: 'from pathlib import Path\nfrom typing import Optional\n\nimport polars as pl\n\n\ndef _safe_count_csv(path: Optional[str]) -> Optional[int]:\n    if not path or not Path(path).exists():\n        return None\n    try:\n        return int(pl.read_csv(path).height)\n    except Exception:\n        return None\n',
    },
    {
      name: 'a seeding script reports a fake record it could not create and goes on to the next',
      file: 'suite/seed.py',
      code: 'import requests\nfrom faker import Faker\n\nfaker = Faker()\ncreated = []\nfor _ in range(10):\n    try:\n        r = requests.post("https://api.example.com/companies", json={"name": faker.company()}, timeout=10)\n        r.raise_for_status()\n        created.append(r.json()["id"])\n    except requests.exceptions.HTTPError as e:\n        print(f"could not create a company: {e}")\n',
    },
    {
      name: 'a lookup whose logged failure falls back to a value derived from the date',
      code: `import logging

logger = logging.getLogger(__name__)


def current_period(db):
    try:
        rows = db.execute_query("SELECT period FROM periods WHERE is_open")
        if rows:
            return rows[0][0]
    except Exception as exc:
        logger.warning("period lookup failed: %s", exc)
    return period_from_today()
`,
    },
    {
      name: 'a test runner script prints a failed report write',
      file: 'scripts/run_tests.py',
      code: `import json


def write_report(results, path):
    try:
        with open(path, "w") as handle:
            json.dump(results, handle)
    except Exception as exc:
        print(f"report not written: {exc}")
`,
    },
    {
      name: 'a loop over encodings tries the next one on failure and raises after the last',
      code: `import pandas as pd


def read_any(path):
    for encoding in ["utf-8", "latin-1"]:
        for sep in [",", ";"]:
            try:
                return pd.read_csv(path, encoding=encoding, sep=sep)
            except Exception:
                continue
    raise ValueError(f"cannot read {path}")
`,
    },
    {
      name: 'a narrow ConnectionError for one item of a loop is reported and that item skipped on purpose',
      code: `import requests
from requests import exceptions as http_errors


def fetch_thumbnails(urls):
    for url in urls:
        try:
            reply = requests.get(url, timeout=10)
            save_thumbnail(url, reply.content)
        except http_errors.ConnectionError:
            print(f"host of {url} unreachable, skipped")
`,
    },
    {
      name: 'a teardown script deletes each cloud resource on a best-effort basis',
      file: 'ops/teardown_warehouse.py',
      code: `import boto3

warehouse = boto3.client("redshift")


def remove_cluster(name):
    try:
        warehouse.delete_cluster(ClusterIdentifier=name, SkipFinalClusterSnapshot=True)
    except Exception as exc:
        print(f"cluster {name} not deleted: {exc}")
`,
    },
    {
      name: 'a log_ function writing a bookkeeping row logs its own failure',
      code: `import logging

logger = logging.getLogger(__name__)


class Checker:
    def log_rejected_row(self, table, reason):
        try:
            self.db.execute("INSERT INTO dq_rejections (table_name, reason) VALUES (:t, :r)", {"t": table, "r": reason})
        except Exception as exc:
            logger.error("could not record the rejection: %s", exc)
`,
    },
    {
      name: 'a clean-up function drops a temporary table on a best-effort basis',
      code: `import logging

logger = logging.getLogger(__name__)


class Loader:
    def _cleanup_external_table(self, table_id):
        try:
            self.bq_client.query(f"DROP TABLE IF EXISTS {table_id}").result()
        except Exception as exc:
            logger.warning("temporary table left behind: %s", exc)
`,
    },
    {
      name: 'retry loop: a logged failure means another attempt',
      code: `import logging
import time

import requests

logger = logging.getLogger(__name__)


def post_card(url, card):
    for attempt in range(1, 4):
        try:
            reply = requests.post(url, json=card, timeout=10)
            if reply.ok:
                return True
        except Exception as exc:
            logger.error("attempt %d failed: %s", attempt, exc)
        time.sleep(2 * attempt)
    return False
`,
    },
    {
      name: 'service loop: a logged failure runs again on the next cycle',
      code: `import logging
import time

import pandas as pd

logger = logging.getLogger(__name__)

if __name__ == "__main__":
    while True:
        try:
            pd.read_json(FEED_URL).to_sql("stations", ENGINE, if_exists="replace")
        except Exception:
            logger.exception("refresh failed")
        time.sleep(600)
`,
    },
    {
      name: 'a True/False status that every caller checks and acts on',
      code: `import logging
import sys

import snowflake.connector

logger = logging.getLogger(__name__)


def connect(settings):
    try:
        conn = snowflake.connector.connect(**settings)
        conn.cursor().execute("SELECT 1")
        return True
    except Exception as exc:
        logger.error("cannot connect: %s", exc)
        return False


def main(settings):
    if not connect(settings):
        sys.exit(1)
`,
    },
    {
      name: 'a failover flag the caller uses to try the next source',
      code: `import logging

import requests

logger = logging.getLogger(__name__)


class PrimarySource:
    def fetch(self, symbol):
        try:
            rows = requests.get(PRIMARY, params={"s": symbol}, timeout=10).json()
            return rows, True
        except Exception as exc:
            logger.warning("primary failed: %s", exc)
            return [], False


def collect(sources, symbol):
    for source in sources:
        rows, ok = source.fetch(symbol)
        if ok:
            return rows
    raise RuntimeError(f"no source answered for {symbol}")
`,
    },
    {
      name: 'a loop that counts what succeeds and reports the total',
      code: `import logging

logger = logging.getLogger(__name__)


def cache_places(cur, places):
    cached = 0
    for place in places:
        try:
            cur.execute("INSERT INTO places VALUES (%s, %s)", (place["id"], place["name"]))
            cached += 1
        except Exception as exc:
            logger.error("insert failed for %s: %s", place["id"], exc)
    logger.info("cached %d of %d places", cached, len(places))
`,
    },
    {
      name: 'a statistics helper falls back to an empty report',
      code: `import logging

logger = logging.getLogger(__name__)


def get_table_statistics(cur):
    try:
        cur.execute("SELECT COUNT(*), MAX(loaded_at) FROM orders")
        rows, latest = cur.fetchone()
        return {"rows": rows, "latest": latest}
    except Exception as exc:
        logger.error("statistics unavailable: %s", exc)
        return {}
`,
    },
    {
      name: 'tolerated CREATE … IF NOT EXISTS (the statements after it fail loudly)',
      code: `import logging

logger = logging.getLogger(__name__)


def prepare(cur, warehouse):
    try:
        cur.execute(f"CREATE WAREHOUSE IF NOT EXISTS {warehouse} WITH WAREHOUSE_SIZE = 'XSMALL'")
    except Exception as exc:
        logger.warning("could not create warehouse: %s", exc)
    cur.execute(f"USE WAREHOUSE {warehouse}")
`,
    },
    {
      name: 'a Streamlit dashboard falls back to an empty view',
      code: `import requests
import streamlit as st


def stations():
    try:
        return requests.get(API + "/stations", timeout=5).json()
    except Exception:
        return {}


st.selectbox("Station", list(stations()))
`,
    },
    {
      name: 'type probe: JSON parse with a default, no I/O in the try',
      code: `import json
import pandas as pd


def parse_payload(raw):
    try:
        return json.loads(raw)
    except Exception:
        return None
`,
    },
    {
      name: 'type probe: float conversion with a default',
      code: `import requests


def safe_amount(value):
    try:
        return float(value) if value is not None else 0.0
    except Exception:
        return 0.0
`,
    },
    {
      name: 'optional environment value probe',
      code: `import os
import psycopg2

host = "?"
try:
    host = os.environ["COMPUTERNAME"]
except:
    pass
`,
    },
    {
      name: 'per-record parse in a loop over rows already fetched',
      code: `import json


def decode(cur):
    cur.execute("SELECT id, payload FROM events")
    decoded = []
    for row in cur.fetchall():
        try:
            decoded.append(json.loads(row[1]))
        except Exception:
            continue
    return decoded
`,
    },
    {
      name: 'config file read with open() and a fallback',
      code: `import json
import requests


def api_key(path):
    try:
        with open(path) as handle:
            return json.load(handle)["key"]
    except:
        return None
`,
    },
    {
      name: 'the error travels in the returned result',
      code: `from google.cloud import bigquery


def count_duplicates(client: bigquery.Client, table):
    try:
        rows = client.query(f"SELECT COUNT(*) - COUNT(DISTINCT id) FROM {table}").result()
        return {"table": table, "duplicates": next(iter(rows))[0]}
    except Exception as e:
        return {"table": table, "error": str(e)}
`,
    },
    {
      name: 'per-record handler that logs and counts',
      code: `import logging

logger = logging.getLogger(__name__)


def load(cur, rows):
    failed = 0
    for row in rows:
        try:
            cur.execute("INSERT INTO t VALUES (%s)", (row,))
        except Exception:
            logger.exception("row %s failed", row)
            failed += 1
    if failed > len(rows) * 0.01:
        raise RuntimeError(f"{failed} rows failed")
`,
    },
    {
      name: 'handler that records the failure for a summary',
      code: `import requests


def fetch_all(urls):
    failures = []
    for url in urls:
        try:
            requests.get(url, timeout=5).raise_for_status()
        except Exception as exc:
            print(f"{url}: {exc}")
            failures.append((url, exc))
    return failures
`,
    },
    {
      name: 'handler that raises an alert before moving on',
      code: `import requests
from ops.alerts import page_on_call


def push(events, url):
    for event in events:
        try:
            requests.post(url, json=event, timeout=5).raise_for_status()
        except Exception as exc:
            page_on_call(f"event push failed: {exc}")
            continue
`,
    },
    {
      name: 'diagnostic script prints the error as its report',
      file: 'scripts/check_database.py',
      code: `import psycopg2


def main():
    conn = psycopg2.connect(DSN)
    for table in ("orders", "customers"):
        try:
            with conn.cursor() as cur:
                cur.execute(f"SELECT COUNT(*) FROM {table}")
                print(table, cur.fetchone()[0])
        except Exception as e:
            print(f"{table}: error getting count - {e}")


if __name__ == "__main__":
    main()
`,
    },
    {
      name: 'interactive setup script reports the failure to the person at the prompt',
      file: 'setup_warehouse.py',
      code: `import snowflake.connector

account = input("Snowflake account: ")
try:
    conn = snowflake.connector.connect(account=account, user=USER, password=PASSWORD)
    conn.cursor().execute("SELECT CURRENT_VERSION()")
except Exception as e:
    print(f"Connection failed: {e}")
`,
    },
    {
      name: 'lazy client creation is not I/O',
      code: `from sqlalchemy import create_engine


def engine_for(url):
    try:
        return create_engine(url)
    except Exception:
        return None
`,
    },
    {
      name: 'prints, resets a sentinel, and the code after the handler checks it',
      code: `import psycopg2


def open_warehouse(dsn):
    handle = None
    try:
        handle = psycopg2.connect(dsn)
    except Exception as exc:
        print("connect failed:", exc)
        handle = None
    if handle is None:
        raise SystemExit(2)
    return handle
`,
    },
    {
      name: 'bare raise',
      code: `import psycopg2


def load(cur, rows):
    try:
        cur.executemany("INSERT INTO t VALUES (%s)", rows)
    except Exception:
        raise
`,
    },
    {
      name: 'wrapped and re-raised',
      code: `import pandas as pd


class ExtractError(RuntimeError):
    pass


def extract(engine):
    try:
        return pd.read_sql("SELECT * FROM orders WHERE day = current_date", engine)
    except Exception as error:
        raise ExtractError("orders extract failed") from error
`,
    },
    {
      name: 'dead-letter write, then continue',
      code: `import pandas as pd


def load(frame, cur):
    for _, row in frame.iterrows():
        try:
            cur.execute("INSERT INTO t VALUES (%s)", (row["id"],))
        except Exception as error:
            send_to_dlq(row.to_dict(), error)
            continue
`,
    },
    {
      name: 'narrow exception type',
      code: `import pandas as pd


def optional_column(frame):
    try:
        return frame["discount"]
    except KeyError:
        pass
`,
    },
    {
      name: 'optional dependency with ImportError',
      code: `import pandas as pd

try:
    import pyarrow
except ImportError:
    pass
`,
    },
    {
      name: 'optional dependency with a broad handler (imports only)',
      code: `import pandas as pd

try:
    import orjson as fastjson
except Exception:
    fastjson = None

try:
    from ujson import loads
except Exception:
    pass
`,
    },
    {
      name: 'contextlib.suppress is not a handler',
      code: `import contextlib
import os
import pandas as pd


def cleanup(path):
    with contextlib.suppress(Exception):
        os.remove(path)
`,
    },
    {
      name: 'best-effort close',
      code: `import psycopg2


def run(dsn):
    conn = psycopg2.connect(dsn)
    try:
        conn.cursor().execute("SELECT 1")
    finally:
        try:
            conn.close()
        except Exception:
            pass
`,
    },
    {
      name: 'best-effort removal of a temporary file',
      code: `import os
import shutil
import pandas as pd


def export(frame, path, workdir):
    frame.to_csv(path)
    try:
        os.remove(path + ".tmp")
        shutil.rmtree(workdir)
    except Exception:
        pass
`,
    },
    {
      name: 'best-effort warning inside a handler',
      code: `import sys
from sqlalchemy import text


def bootstrap(session):
    try:
        session.execute(text("CREATE TABLE IF NOT EXISTS note_views (note_id int)"))
        session.commit()
    except Exception as error:
        try:
            print("bootstrap failed:", error, file=sys.stderr)
        except Exception:
            pass
        raise
`,
    },
    {
      name: '__del__ of a connection wrapper',
      code: `import psycopg2


class Warehouse:
    def __del__(self):
        try:
            self.flush_metrics()
        except Exception:
            pass
`,
    },
    {
      name: 'test file',
      file: 'tests/test_load.py',
      code: `import pandas as pd


def test_load_tolerates_bad_rows():
    try:
        pd.read_csv("tests/data/bad.csv")
    except Exception:
        pass
`,
    },
    {
      name: 'module outside pipeline code',
      code: `import os


def terminal_width():
    try:
        return os.get_terminal_size().columns
    except Exception:
        return 80
`,
    },
    {
      name: 'break leaves the loop on purpose',
      code: `import queue
import pandas as pd


def drain(q):
    items = []
    while True:
        try:
            items.append(q.get_nowait())
        except Exception:
            break
    return pd.DataFrame(items)
`,
    },
    {
      name: 'returning a computed fallback',
      code: `import pandas as pd


def read_or_default(path, default_frame):
    try:
        return pd.read_parquet(path)
    except Exception:
        return default_frame
`,
    },
    {
      name: 'narrow driver error then continue',
      code: `import psycopg2


def load(cur, rows):
    for row in rows:
        try:
            cur.execute("INSERT INTO t VALUES (%s)", row)
        except psycopg2.IntegrityError:
            continue
`,
    },
    {
      name: 'handler that counts the failure',
      code: `import pandas as pd


def parse_all(values, stats):
    out = []
    for value in values:
        try:
            out.append(float(value))
        except Exception:
            stats["bad"] += 1
            continue
    return out
`,
    },
    {
      name: 'suppressed',
      code: `import pandas as pd


def to_float(value):
    try:
        return float(value)
    except Exception:
        return None  # pipewise: ignore[PW206]
`,
    },
    {
      name: 'prints the error, then re-raises it',
      code: `import pandas as pd


def load(frame, engine):
    try:
        frame.to_sql("sales", engine, if_exists="replace")
    except Exception as error:
        print(f"load failed: {error}")
        raise
`,
    },
    {
      name: 'prints the error, then exits with a failure status',
      code: `import sys
import requests


def main(url):
    try:
        requests.get(url, timeout=10).raise_for_status()
    except Exception as error:
        print(error)
        sys.exit(1)
`,
    },
    {
      name: 'prints and records the failure for a summary',
      code: `import pandas as pd


def load_all(paths, engine):
    failed = []
    for path in paths:
        try:
            pd.read_csv(path).to_sql("raw", engine, if_exists="append")
        except Exception as error:
            print(f"{path}: {error}")
            failed.append(path)
    return failed
`,
    },
    {
      name: 'prints and breaks out of a pagination loop (leaving the loop on purpose)',
      code: `import requests


def pages(url):
    page = 1
    while True:
        try:
            reply = requests.get(url, params={"page": page}, timeout=10)
            reply.raise_for_status()
        except Exception as error:
            print(error)
            break
        yield reply.json()
        page += 1
`,
    },
    {
      name: 'a local print() function that writes somewhere else',
      code: `import pandas as pd
from audit import record as print


def load(frame, engine):
    try:
        frame.to_sql("sales", engine, if_exists="replace")
    except Exception as error:
        print(error)
`,
    },
    {
      name: 'a status tested in place whose failure branch raises',
      code: `import logging

import requests

logger = logging.getLogger(__name__)


def push(batch):
    try:
        requests.post(SINK, json=batch, timeout=10).raise_for_status()
        return True
    except requests.RequestException as exc:
        logger.warning("push failed: %s", exc)
        return False


def run(batches):
    for batch in batches:
        if not push(batch):
            logger.error("batch %s not pushed", batch["id"])
            raise RuntimeError("sink rejected a batch")
`,
    },
    {
      name: 'a status bound to a name whose failure branch returns it, and the caller of that exits',
      code: `import logging
import sys

from supabase import create_client

logger = logging.getLogger(__name__)


class PriceStore:
    def save(self, rows):
        try:
            self.client.table("hourly_prices").upsert(rows).execute()
            return True
        except Exception as exc:
            logger.error("upsert failed: %s", exc)
            return False


def publish(rows):
    ok = PriceStore().save(rows)
    if ok:
        logger.info("saved %d rows", len(rows))
    return ok


def main(rows):
    if not publish(rows):
        sys.exit(1)
`,
    },
    {
      name: 'a clean-up helper a task calls after its load (best effort; the task is the load)',
      code: `import logging
from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook


def _cleanup_scratch(hook):
    try:
        hook.run("DROP TABLE IF EXISTS scratch_orders")
    except Exception as exc:
        logging.warning("scratch table left behind: %s", exc)


def load_orders():
    hook = PostgresHook(postgres_conn_id="warehouse")
    hook.run("INSERT INTO orders SELECT * FROM scratch_orders")
    _cleanup_scratch(hook)


with DAG("orders", start_date=datetime(2026, 1, 1), schedule="@daily") as dag:
    PythonOperator(task_id="load_orders", python_callable=load_orders)
`,
    },
    {
      name: 'an optional cache client created without an enable flag (a convenience, not a configured output)',
      code: `import logging

import redis

logger = logging.getLogger(__name__)


class Lookup:
    def __init__(self, url):
        self.cache = None
        try:
            self.cache = redis.Redis.from_url(url)
        except Exception as exc:
            logger.warning("no cache: %s", exc)

    def get(self, key, load):
        if self.cache:
            hit = self.cache.get(key)
            if hit is not None:
                return hit
        return load(key)
`,
    },
    {
      name: 'an enabled output whose handle is used without a test (a missing client fails loudly later)',
      code: `import logging

from kafka import KafkaProducer

logger = logging.getLogger(__name__)


class EventPublisher:
    def __init__(self, settings):
        self.producer = None
        if settings.kafka.enabled:
            try:
                self.producer = KafkaProducer(bootstrap_servers=settings.kafka.servers)
            except Exception as exc:
                logger.warning("kafka not ready: %s", exc)

    def publish(self, events):
        for event in events:
            self.producer.send("events", event)
`,
    },
    {
      name: 'a probe for something that is not a data object (a registered plugin)',
      code: `def plugin_exists(registry, name):
    try:
        registry.resolve(name)
        return True
    except Exception:
        return False
`,
    },
    {
      name: 'a table probe that answers False only for the not-found error',
      code: `from thrift_catalog import CatalogClient, NoSuchObject


def table_exists(catalog, name):
    try:
        catalog.lookup("default", name)
        return True
    except NoSuchObject:
        return False
`,
    },
    {
      name: 'a helper that shows run metrics to a person falls back to an empty view',
      code: `import mlflow


def show_run_metrics(run_id):
    try:
        metrics = mlflow.tracking.MlflowClient().get_run(run_id).data.metrics
    except Exception as exc:
        print(f"cannot read run {run_id}: {exc}")
        return {}
    for name, value in sorted(metrics.items()):
        print(f"{name:<20} {value:.4f}")
    return metrics
`,
    },
    { name: 'an HTTP write whose status is raised', code: 'import requests\n\n\ndef push(row):\n    response = requests.post("https://api.example.com/rows", json=row, timeout=30)\n    response.raise_for_status()\n' },
    { name: 'an HTTP write whose status code is tested', code: 'import requests\n\n\ndef push(row):\n    response = requests.put("https://api.example.com/rows/1", json=row, timeout=30)\n    if response.status_code != 200:\n        raise RuntimeError(response.text)\n' },
    { name: 'an HTTP write whose response is returned to the caller', code: 'import requests\n\n\ndef push(row):\n    return requests.post("https://api.example.com/rows", json=row, timeout=30)\n' },
    { name: 'an HTTP write chained with raise_for_status()', code: 'import requests\n\n\ndef remove(key):\n    requests.delete(f"https://api.example.com/rows/{key}", timeout=30).raise_for_status()\n' },
    { name: 'an HTTP write whose answer is read as JSON', code: 'import requests\n\n\ndef create(row):\n    created = requests.post("https://api.example.com/rows", json=row, timeout=30)\n    return created.json()["id"]\n' },
    { name: 'a GET whose response is discarded reads nothing it could lose (a warm-up ping)', code: 'import requests\n\n\ndef warm_up():\n    requests.get("https://api.example.com/health", timeout=5)\n' },
    { name: 'a Slack webhook alert is a side step', code: 'import requests\n\n\ndef alert(text):\n    requests.post(SLACK_WEBHOOK_URL, json={"text": text}, timeout=10)\n' },
    { name: 'a session whose response hook raises on every error status', code: 'import requests\n\nsession = requests.Session()\nsession.hooks["response"] = [lambda r, *a, **k: r.raise_for_status()]\n\n\ndef push(row):\n    session.post("https://api.example.com/rows", json=row, timeout=30)\n' },
    { name: 'an HTTP write whose response is handed to a checker', code: 'import requests\n\n\ndef push(row):\n    response = requests.post("https://api.example.com/rows", json=row, timeout=30)\n    check_response(response)\n' },
    { name: 'a BigQuery query awaited with result()', code: 'from google.cloud import bigquery\n\n\ndef merge(client, sql):\n    client.query(sql).result()\n' },
    { name: 'a BigQuery job bound and awaited later', code: 'from google.cloud import bigquery\n\n\ndef load(frame):\n    client = bigquery.Client()\n    job = client.load_table_from_dataframe(frame, "shop.orders")\n    job.result()\n' },
    { name: 'a BigQuery query whose rows are read', code: 'from google.cloud import bigquery\n\n\ndef read(client):\n    rows = client.query("SELECT id FROM shop.orders")\n    return [r.id for r in rows]\n' },
    { name: 'requests inside a with block: the response is the context', code: 'import requests\n\n\ndef upload(path):\n    with requests.post("https://api.example.com/upload", data=open(path, "rb"), stream=True, timeout=60) as r:\n        r.raise_for_status()\n' },
    { name: 'a response bound in either branch and checked after both', code: 'import requests\n\n\ndef make_request(method, url, body=None):\n    if method == "POST":\n        response = requests.post(url, json=body, timeout=300)\n    else:\n        response = requests.get(url, timeout=300)\n    response.raise_for_status()\n    return response.json()\n' },
    {
      name: 'a Lambda handler that logs and re-raises: the invocation fails and is retried',
      file: 'lambdas/ingest_orders.py',
      code: `import logging

import boto3

logger = logging.getLogger()


def lambda_handler(event, context):
    try:
        rows = fetch_orders(event.get("since"))
        boto3.client("s3").put_object(Bucket="raw-orders", Key="orders.json", Body=json.dumps(rows))
        return {"loaded": len(rows)}
    except Exception:
        logger.exception("ingest failed")
        raise
`,
    },
    {
      name: 'an API Gateway Lambda answering a failure with status 500: its HTTP caller sees the error',
      file: 'api/handler.py',
      code: `import json
import logging

import boto3

logger = logging.getLogger()


def lambda_handler(event, context):
    try:
        order = json.loads(event["body"])
        boto3.resource("dynamodb").Table("orders").put_item(Item=order)
        return {"statusCode": 201, "body": json.dumps({"id": order["id"]})}
    except Exception as exc:
        logger.exception("could not store the order")
        return {"statusCode": 500, "body": json.dumps({"error": str(exc)})}
`,
    },
    {
      name: 'an HTTP Cloud Function answering a failure with (body, 500): the scheduler sees the error',
      file: 'cloud_function/main.py',
      code: `import logging

from google.cloud import bigquery


def main(request):
    try:
        bigquery.Client().query("CALL mart.refresh_daily()").result()
        return {"ok": True}, 200
    except Exception as e:
        logging.exception("refresh failed")
        return {"error": str(e)}, 500
`,
    },
    {
      name: 'an HTTP Lambda whose failure response is built by a call whose status the rule cannot read',
      file: 'api/app.py',
      code: `import boto3


def lambda_handler(event, context):
    try:
        boto3.client("s3").put_object(Bucket="uploads", Key=event["pathParameters"]["name"], Body=event["body"])
        return respond(200, "stored")
    except Exception as exc:
        return respond(502, str(exc))
`,
    },
    {
      name: 'an SQS Lambda that reports each failed record back as a batch item failure',
      file: 'lambdas/consume.py',
      code: `import logging

logger = logging.getLogger()


def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            write_row(record["body"])
        except Exception:
            logger.exception("record failed")
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
`,
    },
    {
      name: 'a Lambda handler that raises a retryable failure from its handler',
      file: 'lambdas/pull.py',
      code: `import logging

import requests

logger = logging.getLogger()


def handler(event, context):
    try:
        rows = requests.get("https://api.example.com/rows", timeout=30).json()
        store(rows)
    except Exception as exc:
        logger.error("pull failed: %s", exc)
        if is_transient(exc):
            raise
        return {"skipped": True}
`,
    },
  ],
  fixes: [
    {
      name: 'a discarded HTTP write raises on an error status',
      file: 'sync/push_prices.py',
      code: 'import requests\n\n\ndef push_prices(rows):\n    for row in rows:\n        requests.put(f"https://shop.example.com/api/prices/{row[\'sku\']}", json=row, timeout=30)\n',
      fix: 'Raise on an error status (raise_for_status())',
      safe: false,
      output: 'import requests\n\n\ndef push_prices(rows):\n    for row in rows:\n        requests.put(f"https://shop.example.com/api/prices/{row[\'sku\']}", json=row, timeout=30).raise_for_status()\n',
    },
    {
      name: 'a logged response is checked on the next line',
      file: 'flows/publish_graph.py',
      code: 'import logging\n\nimport requests\n\nlogger = logging.getLogger(__name__)\n\n\ndef clear_graph(endpoint):\n    removed = requests.delete(endpoint, timeout=60)\n    logger.info(removed)\n',
      fix: 'Raise on an error status (raise_for_status())',
      safe: false,
      output: 'import logging\n\nimport requests\n\nlogger = logging.getLogger(__name__)\n\n\ndef clear_graph(endpoint):\n    removed = requests.delete(endpoint, timeout=60)\n    removed.raise_for_status()\n    logger.info(removed)\n',
    },
    {
      name: 'a BigQuery job is awaited',
      file: 'etl/watermark.py',
      code: 'from google.cloud import bigquery\n\n\ndef save_watermark(client, sql):\n    client.query(sql)\n',
      fix: 'Wait for the job and raise on failure (.result())',
      safe: false,
      output: 'from google.cloud import bigquery\n\n\ndef save_watermark(client, sql):\n    client.query(sql).result()\n',
    },
    {
      name: 'a script-level loop: the counter and the summary go around the loop at module level',
      file: 'load_files.py',
      code: `import pandas as pd

for path in PATHS:
    try:
        pd.read_csv(path).to_sql("raw_files", ENGINE, if_exists="append")
    except Exception as exc:
        print(f"{path} failed: {exc}")
`,
      fix: 'Log and count the skipped records',
      safe: true,
      output: `import logging
import pandas as pd

logger = logging.getLogger(__name__)

skipped_records = 0
for path in PATHS:
    try:
        pd.read_csv(path).to_sql("raw_files", ENGINE, if_exists="append")
    except Exception as exc:
        logger.exception(f"{path} failed: {exc}")
        skipped_records += 1
if skipped_records:
    logger.warning("Skipped %d records after errors", skipped_records)
`,
    },
    {
      name: 'pass → log and re-raise, module logger created',
      code: `import psycopg2


def load_orders(conn, rows):
    cur = conn.cursor()
    try:
        cur.executemany("INSERT INTO orders VALUES (%s, %s)", rows)
        conn.commit()
    except Exception:
        pass
`,
      fix: 'Log the error and re-raise it',
      safe: false,
      output: `import logging
import psycopg2

logger = logging.getLogger(__name__)


def load_orders(conn, rows):
    cur = conn.cursor()
    try:
        cur.executemany("INSERT INTO orders VALUES (%s, %s)", rows)
        conn.commit()
    except Exception:
        logger.exception("Unexpected error in load_orders")
        raise
`,
    },
    {
      name: 'a logged error that carries on → re-raise after logging',
      code: `import logging

import pandas as pd

logger = logging.getLogger(__name__)


def load_daily(frame, engine):
    try:
        frame.to_sql("daily_sales", engine, if_exists="append", index=False)
    except Exception as exc:
        logger.error("daily load failed: %s", exc)
    logger.info("daily load finished")
`,
      fix: 'Re-raise the error after logging it',
      safe: false,
      output: `import logging

import pandas as pd

logger = logging.getLogger(__name__)


def load_daily(frame, engine):
    try:
        frame.to_sql("daily_sales", engine, if_exists="append", index=False)
    except Exception as exc:
        logger.error("daily load failed: %s", exc)
        raise
    logger.info("daily load finished")
`,
    },
    {
      name: 'continue → log and count the skipped records (safe)',
      code: `import logging
import pandas as pd

log = logging.getLogger("loader")


def insert_rows(frame, cur):
    for _, row in frame.iterrows():
        try:
            cur.execute("INSERT INTO staging VALUES (%s)", (row["id"],))
        except:
            continue
    log.info("insert done")
`,
      fix: 'Log and count the skipped records',
      safe: true,
      output: `import logging
import pandas as pd

log = logging.getLogger("loader")


def insert_rows(frame, cur):
    skipped_records = 0
    for _, row in frame.iterrows():
        try:
            cur.execute("INSERT INTO staging VALUES (%s)", (row["id"],))
        except:
            log.exception("Skipping a record after an error in insert_rows")
            skipped_records += 1
            continue
    if skipped_records:
        log.warning("Skipped %d records after errors", skipped_records)
    log.info("insert done")
`,
    },
    {
      name: 'continue → log and re-raise',
      code: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def insert_rows(frame, cur):
    for _, row in frame.iterrows():
        try:
            cur.execute("INSERT INTO staging VALUES (%s)", (row["id"],))
        except Exception:
            continue
`,
      fix: 'Log the error and re-raise it',
      safe: false,
      output: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def insert_rows(frame, cur):
    for _, row in frame.iterrows():
        try:
            cur.execute("INSERT INTO staging VALUES (%s)", (row["id"],))
        except Exception:
            logger.exception("Unexpected error in insert_rows")
            raise
`,
    },
    {
      name: 'logged skip in a loop keeps its log call and adds the count',
      code: `import logging

logger = logging.getLogger(__name__)


def upsert_customers(cur, customers):
    for customer in customers:
        try:
            cur.execute("INSERT INTO customers VALUES (%(id)s, %(name)s)", customer)
        except Exception as exc:
            # a bad row should not stop the batch
            logger.warning("skipping customer %s: %s", customer["id"], exc)
            continue
`,
      fix: 'Log and count the skipped records',
      output: `import logging

logger = logging.getLogger(__name__)


def upsert_customers(cur, customers):
    skipped_records = 0
    for customer in customers:
        try:
            cur.execute("INSERT INTO customers VALUES (%(id)s, %(name)s)", customer)
        except Exception as exc:
            # a bad row should not stop the batch
            logger.warning("skipping customer %s: %s", customer["id"], exc)
            skipped_records += 1
            continue
    if skipped_records:
        logger.warning("Skipped %d records after errors", skipped_records)
`,
    },
    {
      name: 'return None from an extract → log and re-raise',
      code: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def read_snapshot(engine):
    try:
        return pd.read_sql("SELECT * FROM snapshot", engine)
    except Exception:
        return None
`,
      fix: 'Log the error and re-raise it',
      output: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def read_snapshot(engine):
    try:
        return pd.read_sql("SELECT * FROM snapshot", engine)
    except Exception:
        logger.exception("Unexpected error in read_snapshot")
        raise
`,
    },
    {
      name: 'one-line handler becomes a block',
      code: `import logging
import requests

logger = logging.getLogger(__name__)


def rates(url):
    try:
        return requests.get(url, timeout=10).json()
    except Exception: return {}
`,
      fix: 'Log the error and re-raise it',
      output: `import logging
import requests

logger = logging.getLogger(__name__)


def rates(url):
    try:
        return requests.get(url, timeout=10).json()
    except Exception:
        logger.exception("Unexpected error in rates")
        raise
`,
    },
    {
      name: 'dead-letter: helper, imports and an alias added',
      code: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def insert_rows(frame, cur):
    for _, row in frame.iterrows():
        try:
            cur.execute("INSERT INTO staging VALUES (%s)", (row["id"],))
        except Exception:
            continue
`,
      fix: 'Send the failed record to a dead-letter file',
      safe: false,
      output: `import json
from datetime import datetime, timezone
import logging
import pandas as pd


${DEAD_LETTER_HELPER}

logger = logging.getLogger(__name__)


def insert_rows(frame, cur):
    for _, row in frame.iterrows():
        try:
            cur.execute("INSERT INTO staging VALUES (%s)", (row["id"],))
        except Exception as exc:
            write_dead_letter(row, exc)
            continue
`,
    },
    {
      name: 'dead-letter for a bare except keeps catching everything',
      code: `import json
import logging
from datetime import datetime, timezone

import requests

logger = logging.getLogger(__name__)


def push_events(events, url):
    for event in events:
        try:
            requests.post(url, json=event, timeout=5)
        except:
            pass
`,
      fix: 'Send the failed record to a dead-letter file',
      output: `import json
import logging
from datetime import datetime, timezone

import requests


${DEAD_LETTER_HELPER}

logger = logging.getLogger(__name__)


def push_events(events, url):
    for event in events:
        try:
            requests.post(url, json=event, timeout=5)
        except BaseException as exc:
            write_dead_letter(event, exc)
`,
    },
    {
      name: 'dead-letter reuses the helper and the alias',
      code: `import json
import logging
from datetime import datetime, timezone

import pandas as pd

logger = logging.getLogger(__name__)


${DEAD_LETTER_HELPER}

def load(records, cur):
    for index, record in enumerate(records):
        try:
            cur.execute("INSERT INTO t VALUES (%s)", (record["id"],))
        except Exception as err:
            continue
`,
      fix: 'Send the failed record to a dead-letter file',
      output: `import json
import logging
from datetime import datetime, timezone

import pandas as pd

logger = logging.getLogger(__name__)


${DEAD_LETTER_HELPER}

def load(records, cur):
    for index, record in enumerate(records):
        try:
            cur.execute("INSERT INTO t VALUES (%s)", (record["id"],))
        except Exception as err:
            write_dead_letter(record, err)
            continue
`,
    },
    {
      name: 'loguru logger reused; its summary is an f-string',
      code: `from loguru import logger
import requests


def ping_all(urls):
    for url in urls:
        try:
            requests.head(url, timeout=2)
        except Exception:
            pass
`,
      fix: 'Log and count the skipped records',
      output: `from loguru import logger
import requests


def ping_all(urls):
    skipped_records = 0
    for url in urls:
        try:
            requests.head(url, timeout=2)
        except Exception:
            logger.exception("Skipping a record after an error in ping_all")
            skipped_records += 1
    if skipped_records:
        logger.warning(f"Skipped {skipped_records} records after errors")
`,
    },
    {
      name: 'print + dead reset → log the printed message and re-raise',
      code: `import pandas as pd


def publish(frame, engine):
    session = engine.connect()
    try:
        frame.to_sql("daily", session, if_exists="append")
    except Exception as problem:
        print(problem)
        session = None
`,
      fix: 'Log the error instead of printing it and re-raise it',
      safe: false,
      output: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def publish(frame, engine):
    session = engine.connect()
    try:
        frame.to_sql("daily", session, if_exists="append")
    except Exception as problem:
        logger.exception(problem)
        session = None
        raise
`,
    },
    {
      name: 'print-only handler → log the printed message and re-raise',
      code: `import pandas as pd


def load(frame, engine):
    try:
        frame.to_sql("sales", engine, if_exists="replace")
    except Exception as error:
        print(f"Error loading sales: {error}")
`,
      fix: 'Log the error instead of printing it and re-raise it',
      safe: false,
      output: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def load(frame, engine):
    try:
        frame.to_sql("sales", engine, if_exists="replace")
    except Exception as error:
        logger.exception(f"Error loading sales: {error}")
        raise
`,
    },
    {
      name: 'print + continue in a file loop → prints become one log call, and a count',
      code: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def load_exports(paths, engine):
    for path in paths:
        try:
            pd.read_csv(path).to_sql("exports", engine, if_exists="append")
        except Exception as failure:
            print(f"{path}: {failure}")
            print("moving on")
            continue
`,
      fix: 'Log and count the skipped records',
      safe: true,
      output: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def load_exports(paths, engine):
    skipped_records = 0
    for path in paths:
        try:
            pd.read_csv(path).to_sql("exports", engine, if_exists="append")
        except Exception as failure:
            logger.exception("Skipping a record after an error in load_exports")
            skipped_records += 1
            continue
    if skipped_records:
        logger.warning("Skipped %d records after errors", skipped_records)
`,
    },
    {
      name: 'print + return [] → log the printed message and re-raise',
      code: `import logging
import requests

logger = logging.getLogger(__name__)


def fetch_stations(url):
    try:
        return requests.get(url, timeout=10).json()
    except Exception as err:
        print(f"station feed failed: {err}")
        return []
`,
      fix: 'Log the error instead of printing it and re-raise it',
      output: `import logging
import requests

logger = logging.getLogger(__name__)


def fetch_stations(url):
    try:
        return requests.get(url, timeout=10).json()
    except Exception as err:
        logger.exception(f"station feed failed: {err}")
        raise
`,
    },
    {
      name: 'print on the handler line → log and re-raise on their own lines',
      code: `import logging
import requests

logger = logging.getLogger(__name__)


def list_blobs(endpoint):
    try:
        return requests.get(endpoint, timeout=10).json()
    except Exception as problem: print(problem)
`,
      fix: 'Log the error instead of printing it and re-raise it',
      output: `import logging
import requests

logger = logging.getLogger(__name__)


def list_blobs(endpoint):
    try:
        return requests.get(endpoint, timeout=10).json()
    except Exception as problem:
        logger.exception(problem)
        raise
`,
    },
  ],
};

export default cases;
