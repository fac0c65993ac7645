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
      message: /^"except Exception" in load_orders\(\) swallows every error; log it with logger\.exception\(\) and re-raise, or send the record to a dead-letter store$/,
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
      message: /^A bare except in insert_rows\(\) skips the record without a trace; log the error with logger\.exception\(\) or send the record to a dead-letter store before moving on$/,
    },
    {
      name: 'return None from a parser in a pandas module',
      code: `import json
import pandas as pd


def parse_payload(raw):
    try:
        return json.loads(raw)
    except Exception:
        «return None»
`,
      message: /turns every error into a default return value/,
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
      message: /^"except Exception" at module level swallows every error/,
    },
    {
      name: 'one-line handler',
      code: `import pandas as pd


def to_amount(value):
    try:
        return float(value)
    except Exception: «return 0.0»
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


def finish(conn):
    try:
        conn.commit()
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


def persist(session: Session, objects):
    try:
        session.add_all(objects)
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
      message: /^"except Exception" in publish_scores\(\) only prints the error and carries on, so the run still succeeds; log it with logger\.exception\(\) and re-raise, or send the record to a dead-letter store$/,
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
      message: /only prints the error and returns a default value/,
    },
    {
      name: 'print on the handler line itself',
      code: `import requests


def list_blobs(endpoint):
    try:
        return requests.get(endpoint, timeout=10).json()
    except Exception as problem: «print(problem)»
`,
      message: /only prints the error and carries on/,
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
      message: /only prints the error and skips the record/,
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
      message: /^"except \(Exception, psycopg2\.DatabaseError\)" in create_schema\(\) only prints the error/,
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
      message: /^"except \(Exception, Error\)" at module level only prints the error and carries on/,
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
      message: /only prints the error and returns a default value/,
    },
  ],
  notFlagged: [
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
      name: 'handler logs the error',
      code: `import logging
import psycopg2

logger = logging.getLogger(__name__)


def load(cur, rows):
    try:
        cur.executemany("INSERT INTO t VALUES (%s)", rows)
    except Exception:
        logger.exception("load failed")
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
      name: 'narrow requests error returning None',
      code: `import requests


def fetch(url):
    try:
        return requests.get(url, timeout=5).json()
    except requests.RequestException:
        return None
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
      name: 'prints and logs the error',
      code: `import logging
import requests

log = logging.getLogger(__name__)


def ping(url):
    try:
        requests.get(url, timeout=3)
    except Exception as error:
        print("ping failed")
        log.exception("ping to %s failed", url)
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
      name: 'a narrow handler that prints',
      code: `import requests


def fetch(url):
    try:
        return requests.get(url, timeout=10).json()
    except requests.exceptions.RequestException as error:
        print(f"request failed: {error}")
        return None
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
  ],
  fixes: [
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
      name: 'pass → log and keep going (safe)',
      code: `import logging
import requests

logger = logging.getLogger(__name__)


def notify(url, payload):
    try:
        requests.post(url, json=payload, timeout=5)
    except Exception:
        pass
`,
      fix: 'Log the error and keep going',
      safe: true,
      output: `import logging
import requests

logger = logging.getLogger(__name__)


def notify(url, payload):
    try:
        requests.post(url, json=payload, timeout=5)
    except Exception:
        logger.exception("Ignoring an error in notify")
`,
    },
    {
      name: 'continue → log and keep skipping (safe)',
      code: `import logging
import pandas as pd

log = logging.getLogger("loader")


def insert_rows(frame, cur):
    for _, row in frame.iterrows():
        try:
            cur.execute("INSERT INTO staging VALUES (%s)", (row["id"],))
        except:
            continue
`,
      fix: 'Log the error and keep going',
      safe: true,
      output: `import logging
import pandas as pd

log = logging.getLogger("loader")


def insert_rows(frame, cur):
    for _, row in frame.iterrows():
        try:
            cur.execute("INSERT INTO staging VALUES (%s)", (row["id"],))
        except:
            log.exception("Skipping an item after an error in insert_rows")
            continue
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
      name: 'return None keeps its return after logging',
      code: `import json
import logging
import pandas as pd

logger = logging.getLogger(__name__)


def parse_payload(raw):
    try:
        return json.loads(raw)
    except Exception:
        return None
`,
      fix: 'Log the error and keep going',
      output: `import json
import logging
import pandas as pd

logger = logging.getLogger(__name__)


def parse_payload(raw):
    try:
        return json.loads(raw)
    except Exception:
        logger.exception("Error in parse_payload; returning a default")
        return None
`,
    },
    {
      name: 'one-line handler becomes a block',
      code: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def to_amount(value):
    try:
        return float(value)
    except Exception: return 0.0
`,
      fix: 'Log the error and re-raise it',
      output: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def to_amount(value):
    try:
        return float(value)
    except Exception:
        logger.exception("Unexpected error in to_amount")
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
      name: 'loguru logger reused',
      code: `from loguru import logger
import requests


def ping(url):
    try:
        requests.head(url, timeout=2)
    except Exception:
        pass
`,
      fix: 'Log the error and keep going',
      output: `from loguru import logger
import requests


def ping(url):
    try:
        requests.head(url, timeout=2)
    except Exception:
        logger.exception("Ignoring an error in ping")
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
      name: 'print + return [] → log and keep the default (safe)',
      code: `import logging
import requests

logger = logging.getLogger(__name__)


def fetch_stations(url):
    try:
        return requests.get(url, timeout=10).json()
    except Exception as err:
        print("station feed failed:", err)
        return []
`,
      fix: 'Log the error instead of printing it and keep going',
      safe: true,
      output: `import logging
import requests

logger = logging.getLogger(__name__)


def fetch_stations(url):
    try:
        return requests.get(url, timeout=10).json()
    except Exception as err:
        logger.exception("Error in fetch_stations; returning a default")
        return []
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
