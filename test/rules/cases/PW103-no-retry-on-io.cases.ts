import type { RuleCases } from '../../helpers/rule-tester';

const RETRY_HELPER = `def retry(attempts=5, base_delay=1.0, retry_on=(ConnectionError, TimeoutError, OSError)):
    """Retry the decorated function with exponential backoff on transient errors."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            for attempt in range(1, attempts + 1):
                try:
                    return function(*args, **kwargs)
                except retry_on:
                    if attempt == attempts:
                        raise
                    delay = base_delay * 2 ** (attempt - 1)
                    time.sleep(delay + random.uniform(0, delay / 2))

        return wrapper

    return decorate
`;

const cases: RuleCases = {
  rule: 'PW103',
  flagged: [
    {
      name: 'a handed-in database manager whose session factory opens a new session per call is no shared session',
      file: 'classes/pnl_calculator.py',
      code: `from sqlalchemy import text


class PnlCalculator:
    def __init__(self, db_manager):
        self.db = db_manager

    def trades(self, wallet):
        with self.db.get_session() as session:
            return «session.execute»(text("SELECT * FROM trades WHERE wallet = :w"), {"w": wallet}).all()
`,
    },
    {
      name: 'a class that opens its own connection in __init__: one finding, at the connect (its statements run on that session)',
      file: 'etl/sink.py',
      code: `import psycopg2


class Sink:
    def __init__(self, dsn):
        self.conn = «psycopg2.connect»(dsn)

    def write(self, rows):
        with self.conn.cursor() as cur:
            cur.executemany("INSERT INTO raw.events (id, body) VALUES (%s, %s)", rows)
        self.conn.commit()
`,
    },
    {
      name: 'a Prefect task that reads a CSV over HTTP with pandas and has no retries',
      file: 'flows/web_to_gcs.py',
      code: `import pandas as pd
from prefect import flow, task


@task(log_prints=True)
def extract(dataset_url):
    return «pd.read_csv»(dataset_url)


@flow
def web_to_gcs(month):
    extract(f"https://example.com/trips/{month}.csv.gz")
`,
      message: /^extract\(\) calls an HTTP API with pandas\.read_csv without any retry/,
    },
    {
      name: 'a Prefect task that uploads through a GcsBucket block and has no retries',
      file: 'flows/to_lake.py',
      code: `from prefect import flow, task
from prefect_gcp.cloud_storage import GcsBucket


@task
def load(path):
    block = GcsBucket.load("lake")
    «block.upload_from_path»(from_path=path, to_path=path)


@flow
def to_lake(path):
    load(path)
`,
    },
    {
      name: 'an export that uploads its file is a stage',
      file: 'etl/export_orders.py',
      code: `import boto3
import pandas as pd
import psycopg2


def export_orders(day):
    conn = «psycopg2.connect»(os.environ["DB_URL"])
    frame = pd.read_sql("SELECT id, total FROM orders WHERE day = %s", conn, params=[day])
    frame.to_csv("/tmp/orders.csv", index=False)
    boto3.client("s3").upload_file("/tmp/orders.csv", "exports", f"orders/{day}.csv")
`,
    },
    {
      name: 'a function named like a check that loads data is a stage',
      file: 'etl/load.py',
      code: `import psycopg2


def check_and_load(rows):
    conn = «psycopg2.connect»(os.environ["DB_URL"])
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO events (id, kind) VALUES (%s, %s)", rows)
    conn.commit()
`,
    },
    {
      name: 'a loader under setup/ is still a stage: the folder alone does not say it is run by hand',
      file: 'utilities/setup/reload_warehouse.py',
      code: `import snowflake.connector


def reload_orders(stage):
    conn = «snowflake.connector.connect»(user=USER, password=PASSWORD, account=ACCOUNT)
    conn.cursor().execute(f"COPY INTO orders FROM @{stage}")
`,
    },
    {
      name: 'a year in the path says nothing of how a script runs: load_2024_orders.py is a stage',
      file: 'etl/load_2024_orders.py',
      code: `import pandas as pd
from sqlalchemy import create_engine


def load_answers(path):
    engine = create_engine(os.environ["SURVEY_DB"])
    answers = pd.read_csv(path)
    «answers.to_sql»("answers", engine, schema="survey", if_exists="append", index=False)
`,
    },
    {
      name: 'sales extract: psycopg2.connect + pandas.read_sql',
      code: `import pandas as pd
import psycopg2


def extract_sales():
    conn = «psycopg2.connect»(os.environ["SALES_DB_URL"])
    orders = pd.read_sql("SELECT * FROM orders WHERE updated_at > %s", conn, params=[since])
    conn.close()
    return orders
`,
      priority: 'P1',
      message: /^extract_sales\(\) connects to the database and reads with pandas\.read_sql without any retry; wrap it in a retry with backoff$/,
    },
    {
      name: 'Databricks SQL connector query',
      code: `from databricks import sql


def daily_totals(day):
    with «sql.connect»(server_hostname=HOST, http_path=PATH, access_token=TOKEN) as conn:
        with conn.cursor() as cursor:
            cursor.execute("SELECT SUM(amount) FROM sales WHERE day = :day", {"day": day})
            return cursor.fetchone()
`,
      message: /^daily_totals\(\) connects to the database and queries the database with cursor\.execute without any retry/,
    },
    {
      name: 'Redshift COPY through redshift_connector',
      code: `import redshift_connector


def copy_orders(manifest):
    conn = «redshift_connector.connect»(host=HOST, database="dw", user=USER, password=PASSWORD)
    cursor = conn.cursor()
    cursor.execute(f"COPY staging.orders FROM '{manifest}' IAM_ROLE default MANIFEST")
    conn.commit()
`,
      message: /connects to the database and queries the database with cursor\.execute/,
    },
    {
      name: 'requests.get in an API extract',
      code: `import requests


def fetch_invoices(page):
    response = «requests.get»("https://billing.example.com/api/invoices", params={"page": page}, timeout=30)
    response.raise_for_status()
    return response.json()
`,
      message: /calls an HTTP API with requests\.get/,
    },
    {
      name: 'httpx and urllib calls',
      code: `import httpx
from urllib.request import urlopen


def post_metrics(payload):
    «httpx.post»("https://metrics.example.com/ingest", json=payload, timeout=10)


def download_manifest(url):
    with «urlopen»(url, timeout=10) as handle:
        return handle.read()
`,
    },
    {
      name: 'SQLAlchemy 2.x engine.begin + text()',
      code: `from sqlalchemy import create_engine, text

engine = create_engine(os.environ["WAREHOUSE_URL"])


def refresh_summary(day):
    with «engine.begin»() as conn:
        conn.execute(text("DELETE FROM daily_summary WHERE day = :day"), {"day": day})
`,
      message: /queries the database with conn\.execute/,
    },
    {
      name: 'pandas to_sql append',
      code: `import pandas as pd


def write_orders(frame, engine):
    «frame.to_sql»("orders", engine, if_exists="append", index=False)
`,
      message: /writes to the database with frame\.to_sql/,
    },
    {
      name: 'Snowflake connect + write_pandas',
      code: `import snowflake.connector
from snowflake.connector.pandas_tools import write_pandas


def load_events(frame):
    conn = «snowflake.connector.connect»(account="acme", user="loader", password=os.environ["SF_PASSWORD"])
    write_pandas(conn, frame, "EVENTS")
`,
      message: /connects to the database and loads into the warehouse with snowflake\.connector\.pandas_tools\.write_pandas/,
    },
    {
      name: 'urllib3 pool request',
      code: `import urllib3

http = urllib3.PoolManager()


def publish_export(payload):
    «http.request»("POST", "https://exports.example.com/orders", body=payload)
`,
      message: /calls an HTTP API with http\.request/,
    },
    {
      name: 'row loop with try is not a retry loop',
      code: `import psycopg2


def insert_rows(dsn, rows):
    conn = «psycopg2.connect»(dsn)
    cur = conn.cursor()
    for row in rows:
        try:
            cur.execute("INSERT INTO staging_orders VALUES (%s, %s)", row)
        except psycopg2.IntegrityError:
            conn.rollback()
`,
    },
    {
      name: 'while loop without a try is polling, not retrying',
      code: `import requests


def wait_for_export(url):
    while True:
        status = «requests.get»(url, timeout=10).json()["status"]
        if status == "done":
            return
`,
    },
    {
      name: 'decorators that do not retry',
      code: `import functools
import requests


@functools.lru_cache(maxsize=None)
def lookup_currency(code):
    return «requests.get»(f"https://fx.example.com/{code}", timeout=5).json()
`,
    },
    {
      name: 'method in a class',
      code: `import psycopg


class OrdersSource:
    def read_batch(self, since):
        with «psycopg.connect»(self.dsn) as conn:
            return conn.execute("SELECT * FROM orders WHERE updated_at > %s", (since,)).fetchall()
`,
      message: /^OrdersSource\.read_batch\(\) connects to the database/,
    },
    {
      name: 'Airflow DAG without retries: PostgresHook in a task callable',
      code: `from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook


def extract_customers():
    hook = PostgresHook(postgres_conn_id="crm")
    return «hook.get_pandas_df»("SELECT * FROM customers WHERE updated_at > %(since)s")


with DAG("crm_sync", default_args={"owner": "data"}, schedule="@daily") as dag:
    PythonOperator(task_id="extract", python_callable=extract_customers)
`,
      message: /queries the database with hook\.get_pandas_df/,
    },
    {
      name: 'Airflow default_args with retries 0',
      code: `import requests
from airflow import DAG

default_args = {"owner": "data", "retries": 0}


def pull_rates():
    return «requests.get»("https://fx.example.com/latest", timeout=10).json()
`,
    },
    {
      name: 'helper called from a retried and an unretried function',
      code: `import requests
from tenacity import retry


def fetch_page(url):
    return «requests.get»(url, timeout=10).json()


@retry
def fetch_with_retry(url):
    return fetch_page(url)


def fetch_once(url):
    return fetch_page(url)
`,
    },
    {
      name: 'helper called only from the __main__ block',
      code: `import pymysql


def count_orders():
    conn = «pymysql.connect»(host="db", user="report", password=os.environ["DB_PASSWORD"], database="shop")
    with conn.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM orders")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    print(count_orders())
`,
    },
    {
      name: 'retry=None disables the client retry',
      code: `from google.cloud import bigquery


def append_rows(rows):
    client = bigquery.Client()
    «client.insert_rows_json»("proj.ds.events", rows, retry=None)
`,
    },
    {
      name: 'HTTPAdapter mounted without max_retries',
      code: `import requests
from requests.adapters import HTTPAdapter

session = requests.Session()
session.mount("https://", HTTPAdapter(pool_maxsize=20))


def fetch_orders(page):
    return «session.get»("https://shop.example.com/orders", params={"page": page}, timeout=30).json()
`,
    },
    {
      name: 'async asyncpg function (no automatic fix)',
      code: `import asyncpg


async def fetch_events(dsn):
    conn = await «asyncpg.connect»(dsn)
    try:
        return await conn.fetch("SELECT * FROM events WHERE day = current_date")
    finally:
        await conn.close()
`,
    },
    {
      name: 'nested function not covered by its parent',
      code: `import requests


def build_fetcher(base_url):
    def fetch(path):
        return «requests.get»(base_url + path, timeout=10).json()

    return fetch
`,
    },
    {
      name: 'context manager that connects (reported, no automatic fix)',
      code: `import contextlib
import psycopg2


@contextlib.contextmanager
def warehouse_connection():
    conn = «psycopg2.connect»(os.environ["DW_URL"])
    try:
        yield conn
    finally:
        conn.close()
`,
    },
    {
      name: 'three kinds named in the message',
      code: `import pandas as pd
import psycopg2
import requests


def export_orders():
    conn = «psycopg2.connect»(os.environ["SALES_DB_URL"])
    frame = pd.read_sql("SELECT * FROM orders WHERE day = current_date", conn)
    requests.post("https://exports.example.com/orders", data=frame.to_csv(), timeout=30)
`,
      message: /^export_orders\(\) connects to the database, reads with pandas\.read_sql and calls an HTTP API with requests\.post without any retry/,
    },
    {
      name: 'statement helpers handed the cursor: the retry belongs around their caller',
      code: `import snowflake.connector


def create_scratch(cursor, name):
    cursor.execute(f"CREATE TEMPORARY TABLE {name} (id INT)")


def count_dupes(cursor, table):
    cursor.execute(f"SELECT id, COUNT(*) FROM {table} GROUP BY id HAVING COUNT(*) > 1")
    return cursor.fetchall()


def publish(account, table):
    conn = «snowflake.connector.connect»(account=account)
    cursor = conn.cursor()
    create_scratch(cursor, "scratch_accounts")
    cursor.execute(f"MERGE INTO {table} USING scratch_accounts s ON {table}.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)")
    if count_dupes(cursor, table):
        cursor.execute("ROLLBACK")
    else:
        cursor.execute("COMMIT")
`,
      message: /^publish\(\) connects to the database/,
    },
    {
      name: 'the owner of a transaction its helpers run statements in (engine.begin)',
      code: `from sqlalchemy import create_engine, delete, text

engine = create_engine(DATABASE_URL)


def reset_contacts(conn):
    conn.execute(delete(Contacts))
    conn.execute(text("INSERT INTO contacts SELECT * FROM staging_contacts"))


def rebuild_contacts():
    with «engine.begin»() as conn:
        reset_contacts(conn)
`,
      message: /^rebuild_contacts\(\) connects to the database without any retry/,
    },
    {
      name: "a nested helper on its parent's connection is a step: only the parent is reported",
      code: `from sqlalchemy import create_engine

engine = create_engine(DATABASE_URL)


def seed_mapping(overwrite=False):
    with «engine.connect»() as connection:
        def table_empty():
            return connection.execute("SELECT COUNT(*) FROM rfm_mapping").scalar() == 0

        if overwrite or table_empty():
            connection.execute("INSERT INTO rfm_mapping VALUES (1, 'low')")
`,
    },
    {
      name: 'cursor bound to <connection>.cursor() under a short name',
      code: `import psycopg2


def copy_day(day):
    src = «psycopg2.connect»(SOURCE_DSN)
    dst = psycopg2.connect(TARGET_DSN)
    c1 = src.cursor()
    dcur = dst.cursor()
    c1.execute("SELECT id, amount FROM orders WHERE day = %s", (day,))
    dcur.executemany("INSERT INTO orders_copy VALUES (%s, %s)", c1.fetchall())
`,
      message: /^copy_day\(\) connects to the database and queries the database with c1\.execute without any retry/,
    },
    {
      name: 'the script: I/O in the __main__ block is reported once, at its first call',
      code: `import psycopg2

if __name__ == "__main__":
    conn = «psycopg2.connect»(os.environ["DB_URL"])
    conn.cursor().execute("SELECT 1")
`,
      message: /^The script pipeline\.py connects to the database and queries the database with conn\.cursor\(\)\.execute without any retry; wrap its I\/O calls in a retry with backoff$/,
    },
    {
      name: 'the script: a flat extract-load script at module level',
      file: 'load_orders.py',
      code: `import pandas as pd
import requests
from sqlalchemy import create_engine

engine = create_engine(DATABASE_URL)
payload = «requests.get»("https://shop.example.com/api/orders", timeout=30).json()
orders = pd.DataFrame(payload["orders"])
orders.to_sql("orders", engine, if_exists="append", index=False)
`,
      message: /^The script load_orders\.py writes to the database with orders\.to_sql and calls an HTTP API with requests\.get without any retry/,
    },
    {
      name: 'the script owns the connection its functions run statements on (they are its steps)',
      code: `import psycopg2

CONNECTION = «psycopg2.connect»(DSN)


def set_up_schema():
    with CONNECTION as conn:
        with conn.cursor() as cursor:
            cursor.execute("CREATE SCHEMA IF NOT EXISTS raw")


def publish_resellers(rows):
    with CONNECTION as conn:
        cur = conn.cursor()
        cur.executemany("INSERT INTO raw.resellers VALUES (%s, %s)", rows)
`,
      message: /^The script pipeline\.py connects to the database without any retry/,
    },
    {
      name: 'the script: a helper handed the script\'s cursor is a step; the script is reported',
      code: `import psycopg2


def purge(cursor, day):
    cursor.execute("DELETE FROM events WHERE ds = %s", (day,))


conn = «psycopg2.connect»("dbname=events")
purge(conn.cursor(), "2024-01-01")
`,
    },
    {
      name: 'the script: only the calls outside its retry loop are reported',
      code: `import time

import requests

for attempt in range(3):
    try:
        token = requests.post("https://auth.example.com/token", timeout=10).json()["token"]
        break
    except requests.RequestException:
        time.sleep(2 ** attempt)

report = «requests.get»("https://shop.example.com/report", headers={"Authorization": token}, timeout=30)
`,
      message: /^The script pipeline\.py calls an HTTP API with requests\.get without any retry/,
    },
    {
      name: 'reads and returns the data: an extract, not a check, even if it prints',
      code: `import psycopg2


def extract_orders(day):
    conn = «psycopg2.connect»(**DB_CONFIG)
    cursor = conn.cursor()
    cursor.execute("SELECT * FROM orders WHERE day = %s", (day,))
    rows = cursor.fetchall()
    print(f"{len(rows)} orders")
    return rows
`,
    },
    {
      name: 'prints but writes: a load, not a check',
      code: `import psycopg2


def mark_loaded(day):
    conn = «psycopg2.connect»(**DB_CONFIG)
    conn.cursor().execute("UPDATE loads SET done = true WHERE day = %s", (day,))
    conn.commit()
    print("marked", day)
`,
    },
    { name: 'a Dagster asset next to a sensor still fetches without retry', code: 'import requests\nfrom dagster import asset, sensor, RunRequest\n\n\n@asset\ndef rates():\n    return «requests.get»("https://api.example.com/rates", timeout=30).json()\n\n\n@sensor(job_name="rates_job", minimum_interval_seconds=300)\ndef new_rates_sensor(context):\n    latest = requests.get("https://api.example.com/rates/latest", timeout=10).json()\n    if latest["id"] != context.cursor:\n        yield RunRequest(run_key=latest["id"])\n' },
    { name: 'execute_values on a cursor the function opens itself', code: 'import psycopg2\nfrom psycopg2.extras import execute_values\n\n\ndef load_methods(rows):\n    conn = «psycopg2.connect»("dbname=oltp")\n    cur = conn.cursor()\n    execute_values(cur, "INSERT INTO source.methods(id, name) VALUES %s", rows)\n    conn.commit()\n' },
    { name: 'statements and execute_values on the connection the module opens at import: the script that opens it is reported, not the step', code: 'import psycopg2\nimport psycopg2.extras\n\nCONNECTION = «psycopg2.connect»("dbname=oltp")\n\n\ndef publish_methods(rows):\n    with CONNECTION as conn:\n        cur = conn.cursor()\n        cur.execute("DROP TABLE IF EXISTS source.methods")\n        psycopg2.extras.execute_values(cur, "INSERT INTO source.methods(id, name) VALUES %s", rows)\n        conn.commit()\n\n\nif __name__ == "__main__":\n    publish_methods([(1, "web")])\n', message: /The script pipeline.py connects to the database/ },
    { name: 'a daily Dagster sensor: a failed tick waits a day', code: 'import requests\nfrom dagster import sensor, SensorResult\n\n\n@sensor(\n    # once a day\n    minimum_interval_seconds=86400\n)\ndef new_seasons_sensor(context):\n    seasons = «requests.get»("https://api.example.com/seasons", timeout=30).json()\n    return SensorResult(dynamic_partitions_requests=[])\n' },
    { name: 'a SPARQL endpoint queried through SPARQLWrapper is external I/O', file: 'flows/enrich_people.py', code: 'from SPARQLWrapper import JSON, SPARQLWrapper\n\n\ndef fetch_relations(endpoint, ids):\n    client = SPARQLWrapper(endpoint)\n    client.setReturnFormat(JSON)\n    client.setQuery(build_query(ids))\n    return «client.query»().convert()["results"]["bindings"]\n', message: /^fetch_relations\(\) calls an HTTP API with client\.query without any retry/ },
    { name: 'a SPARQLWrapper handed in as a parameter: each query is a request of its own, not a statement of a session', file: 'flows/enrich_people.py', code: 'from SPARQLWrapper import SPARQLWrapper\n\n\ndef query_chunk(sparql, text):\n    sparql.setQuery(text)\n    rows = «sparql.queryAndConvert»()\n    return rows["results"]["bindings"]\n' },
    { name: 'a Google API request sent with execute() and no num_retries', file: 'src/extract.py', code: 'from googleapiclient.discovery import build\n\n\ndef fetch_channel(api_key, channel_id):\n    youtube = build("youtube", "v3", developerKey=api_key)\n    return «youtube.channels().list(part="statistics", id=channel_id).execute»()\n', message: /^fetch_channel\(\) calls an HTTP API with youtube\.channels\(\)\.list\(\)\.execute without any retry/ },
    { name: 'paged Google API requests on a client handed in', file: 'src/extract.py', code: 'from googleapiclient.discovery import build\n\n\ndef fetch_playlist(youtube, playlist_id):\n    items, token = [], None\n    while True:\n        page = «youtube.playlistItems().list(playlistId=playlist_id, pageToken=token).execute»()\n        items.extend(page.get("items", []))\n        token = page.get("nextPageToken")\n        if not token:\n            return items\n' },
    { name: 'a Google API request built first and sent later', file: 'drive/export.py', code: 'import googleapiclient.discovery\n\n\ndef list_files(service, folder):\n    request = service.files().list(q=f"\'{folder}\' in parents")\n    response = «request.execute»()\n    return response["files"]\n' },
    { name: 'num_retries=0 is no retry', file: 'src/extract.py', code: 'from googleapiclient.discovery import build\n\n\ndef fetch_stats(youtube, ids):\n    return «youtube.videos().list(part="statistics", id=",".join(ids)).execute»(num_retries=0)\n' },
    { name: 'a task that checks the database is reachable, prints, then hands its connection to the writer', file: 'dags/sync_scores.py', code: 'import psycopg2\n\n\ndef write_scores(frame, conn):\n    cur = conn.cursor()\n    for row in frame.itertuples():\n        cur.execute("INSERT INTO scores VALUES (%s, %s)", (row.user_id, row.score))\n    conn.commit()\n\n\ndef sync_scores():\n    conn = «psycopg2.connect»(DSN)\n    cur = conn.cursor()\n    cur.execute("SELECT 1")\n    print("database is reachable")\n    write_scores(read_scores(), conn)\n' },
    { name: 'a lambda handed to a helper that does not retry is still unretried', file: 'src/analytics.py', code: 'import requests\n\n\ndef fetch(url):\n    return timed(lambda: «requests.get»(url, timeout=30).json())\n' },
  ],
  notFlagged: [
    {
      name: "a repository object's statements on the connection its creator opened and handed to __init__ (one finding belongs at the connect)",
      file: 'sms/adapters/repository_adapter.py',
      code: `import vertica_python


class SMSRepository:
    def __init__(self, connection: vertica_python.Connection):
        self.connection = connection

    def campaigns(self, company_id):
        cursor = self.connection.cursor()
        cursor.execute("SELECT message_id FROM sms.campaigns WHERE company_id = :company_id", {"company_id": company_id})
        return cursor.fetchall()

    def save_links(self, rows):
        self.connection.cursor().executemany("INSERT INTO sms.links (id, url) VALUES (:id, :url)", rows)
        self.connection.commit()
`,
    },
    {
      name: 'a session kept on self with a retrying adapter mounted in __init__',
      file: 'src/extract.py',
      code: `import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


class Extractor:
    def __init__(self):
        self.session = requests.Session()
        self.session.mount("https://", HTTPAdapter(max_retries=Retry(total=5, backoff_factor=1)))

    def year(self, year):
        response = self.session.get(f"https://api.example.com/{year}", timeout=30)
        response.raise_for_status()
        return response.json()
`,
    },
    {
      name: 'Elasticsearch requests: the client transport retries connection errors and overloaded nodes by default',
      file: 'dags/index_articles.py',
      code: `from elasticsearch import Elasticsearch, helpers


def index_articles(articles):
    es = Elasticsearch("http://search:9200")
    helpers.bulk(es, ({"_index": "articles", "_id": a["id"], "_source": a} for a in articles))
    es.indices.refresh(index="articles")
    return es.count(index="articles")["count"]
`,
    },
    {
      name: 'an ignore comment on the def line still silences the finding now reported on the I/O call',
      code: `import psycopg2


def load_rows(rows):  # pipewise: ignore[PW103]
    conn = psycopg2.connect(os.environ["DB_URL"])
    conn.cursor().executemany("INSERT INTO events (id) VALUES (%s)", rows)
`,
    },
    {
      name: 'an ignore comment alone above the def still silences the finding',
      code: `import psycopg2


# pipewise: ignore[PW103]
def load_rows(rows):
    conn = psycopg2.connect(os.environ["DB_URL"])
    conn.cursor().executemany("INSERT INTO events (id) VALUES (%s)", rows)
`,
    },
    {
      name: 'an ignore comment on the I/O call line silences the finding reported there',
      code: `import psycopg2


def load_rows(rows):
    conn = psycopg2.connect(os.environ["DB_URL"])  # pipewise: ignore[PW103]
    conn.cursor().executemany("INSERT INTO events (id) VALUES (%s)", rows)
`,
    },
    {
      name: 'a chat bot answering a message: the person asking retries (discord.py)',
      file: 'bots/price_bot.py',
      code: `import discord
import requests
from discord.ext import commands

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.event
async def on_message(message):
    reply = requests.post(PRICE_API, json={"item": message.content}, timeout=10).json()
    await message.channel.send(reply["text"])
`,
    },
    {
      name: 'a connectivity check by its name: a retry would hide what it checks',
      file: 'etl/common/db.py',
      code: `from sqlalchemy import create_engine, text


def test_connection(url):
    engine = create_engine(url)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return True
`,
    },
    {
      name: 'an export to a local CSV a person asks for (open for writing)',
      file: 'etl/utils/exports.py',
      code: `import psycopg2


def export_table_to_csv(query, filename):
    conn = psycopg2.connect(os.environ["DB_URL"])
    cur = conn.cursor()
    with open(filename, "w", encoding="utf-8") as out:
        cur.copy_expert(f"COPY ({query}) TO STDOUT WITH CSV HEADER", out)
`,
    },
    {
      name: 'an export to a local Excel sheet (pandas writer)',
      file: 'etl/utils/exports.py',
      code: `import pandas as pd
import psycopg2


def export_orders_to_xlsx(filename):
    conn = psycopg2.connect(os.environ["DB_URL"])
    frame = pd.read_sql("SELECT id, total FROM orders", conn)
    frame.to_excel(filename, index=False)
`,
    },
    {
      name: 'seeding script by its name: fake rows for a local demo database',
      file: 'scripts/seed_source_db.py',
      code: `import psycopg2


def seed_customers(rows):
    conn = psycopg2.connect(os.environ["SOURCE_DB_URL"])
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO customers (id, name) VALUES (%s, %s)", rows)
    conn.commit()
`,
    },
    {
      name: 'schema migration runner in a migrations folder: a failed migration stops for a person',
      file: 'database/migrations/runner.py',
      code: `import psycopg2


def run_migrations(files):
    conn = psycopg2.connect(os.environ["DB_URL"])
    with conn.cursor() as cur:
        for sql in files:
            cur.execute(open(sql).read())
    conn.commit()
`,
    },
    {
      name: 'Alembic migration environment',
      file: 'etl/alembic/env.py',
      code: `from sqlalchemy import engine_from_config


def run_migrations_online():
    connectable = engine_from_config(config.get_section("alembic"), prefix="sqlalchemy.")
    with connectable.connect() as connection:
        context.configure(connection=connection)
        context.run_migrations()
`,
    },
    {
      name: 'diagnostic script by its name: checks the database by hand',
      file: 'scripts/check_db_direct.py',
      code: `import psycopg2


def table_counts():
    conn = psycopg2.connect(os.environ["DB_URL"])
    cur = conn.cursor()
    cur.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables")
    return cur.fetchall()
`,
    },
    {
      name: 'a check run by hand: reads, prints what it found, returns a flag',
      code: `import psycopg2


def verify_database():
    print("Checking the warehouse...")
    try:
        conn = psycopg2.connect(**DB_CONFIG)
        cursor = conn.cursor()
        cursor.execute("SELECT current_database(), pg_database_size(current_database())")
        name, size = cursor.fetchone()
        cursor.execute("SHOW data_directory")
        print(f"{name}: {size} bytes in {cursor.fetchone()[0]}")
        return True
    except psycopg2.Error as error:
        print(f"Connection failed: {error}")
        return False
`,
    },
    {
      name: 'a check script: describes a table and prints it',
      file: 'describe_table.py',
      code: `import snowflake.connector

conn = snowflake.connector.connect(account=ACCOUNT, user=USER, password=PASSWORD)
cursor = conn.cursor()
cursor.execute("DESCRIBE TABLE CRYPTO_MINUTE_DATA")
for column in cursor.fetchall():
    print(column[0], column[1])
`,
    },
    {
      name: 'trino connect is lazy (the query is where it fails, reported there)',
      code: `from trino.dbapi import connect


class TrinoApi:
    def connect(self):
        return connect(host=self.host, port=self.port, user=self.user, catalog=self.catalog)
`,
    },
    {
      name: 'a helper handed the loader: its statements run on the caller\'s connection (the S3 listing retries by itself)',
      code: `import boto3


def load_from_s3(loader, bucket, prefix):
    listing = boto3.client("s3").list_objects_v2(Bucket=bucket, Prefix=prefix)
    rows = [(item["Key"], item["Size"]) for item in listing.get("Contents", [])]
    loader.cursor.executemany("INSERT INTO files VALUES (%s, %s)", rows)
`,
    },
    {
      name: 'the script: module-level I/O in a retry loop',
      code: `import time

import psycopg2

for attempt in range(5):
    try:
        conn = psycopg2.connect(DSN)
        break
    except psycopg2.OperationalError:
        time.sleep(2 ** attempt)
`,
    },
    {
      name: 'the script: tenacity Retrying around the module-level I/O',
      code: `import requests
from tenacity import Retrying, stop_after_attempt

for attempt in Retrying(stop=stop_after_attempt(3)):
    with attempt:
        rows = requests.get("https://shop.example.com/orders", timeout=30).json()
`,
    },
    {
      name: 'the script: calls already wrapped in a retry (what the fix writes)',
      code: `import psycopg2
from tenacity import retry, stop_after_attempt, wait_exponential

conn = retry(stop=stop_after_attempt(5), wait=wait_exponential(multiplier=1, max=60), reraise=True)(psycopg2.connect)(DSN)
`,
    },
    {
      name: 'the script: module-level clients that connect lazily or retry by themselves',
      code: `import boto3
from google.cloud import bigquery
from sqlalchemy import create_engine

engine = create_engine(DATABASE_URL)
s3 = boto3.client("s3")
s3.upload_file("/tmp/orders.csv", "exports", "orders.csv")
bigquery.Client().query("SELECT 1").result()
`,
    },
    {
      name: 'class bodies are not the script',
      code: `import requests


class Settings:
    session = requests.Session()
`,
    },
    {
      name: 'Airflow hook class (the task that uses it retries)',
      code: `import pyodbc
from airflow.hooks.base import BaseHook


class MsSqlHook(BaseHook):
    def get_conn(self):
        conn = self.get_connection(self.mssql_conn_id)
        return pyodbc.connect(f"SERVER={conn.host};DATABASE={conn.schema}")

    def get_records(self, sql):
        with self.get_conn() as conn:
            cursor = conn.cursor()
            cursor.execute(sql)
            return cursor.fetchall()
`,
    },
    {
      name: 'Streamlit dashboard (the user retries)',
      code: `import pandas as pd
import requests
import streamlit as st


@st.cache_data(ttl=60)
def station_status():
    return requests.get(f"{API}/stations", timeout=5).json()


def load_orders(engine):
    return pd.read_sql("SELECT * FROM orders ORDER BY day DESC LIMIT 100", engine)
`,
    },
    {
      name: 'statement helpers on a connection they are handed (the owner opens it elsewhere)',
      code: `import pandas as pd


def table_columns(conn, table):
    with conn.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))
        return [row[0] for row in cursor.fetchall()]


def load_input(con, table, columns):
    return pd.read_sql(f"SELECT {', '.join(columns)} FROM {table}", con)


def insert_from_frame(frame, conn):
    frame.to_sql("contacts", conn, if_exists="append", index=False)
`,
    },
    {
      name: 'async service query on a session handed by the web framework',
      code: `from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def agency_performance(db: AsyncSession):
    return (await db.execute(text("SELECT * FROM gold.requests_by_agency"))).mappings().all()
`,
    },
    {
      name: 'BigQuery client calls (google-cloud clients retry transient errors by default)',
      code: `import pandas as pd
from google.cloud import bigquery


def load_to_bigquery(frame):
    client = bigquery.Client()
    client.load_table_from_dataframe(frame, "proj.ds.sales_fact").result()
    return client.query("SELECT COUNT(*) FROM ds.sales_fact").result()
`,
    },
    {
      name: 'boto3 and GCS object storage (their clients retry by default)',
      code: `import boto3
from google.cloud import storage

s3 = boto3.client("s3")


def publish_export(path):
    s3.upload_file(path, "exports-bucket", "daily/orders.csv")
    storage.Client().bucket("mirror").blob("daily/orders.csv").upload_from_filename(path)
`,
    },
    {
      name: 'Azure blob upload (azure-core retries by default)',
      code: `from azure.storage.blob import BlobServiceClient


def archive(data):
    service = BlobServiceClient.from_connection_string(CONN)
    service.get_blob_client("archive", "orders.json").upload_blob(data, overwrite=True)
`,
    },
    {
      name: "dlt's requests helper retries by default; .json().get is a dict lookup",
      code: `from dlt.sources.helpers import requests


def fetch_cities(country):
    payload = requests.get(BASE_URL, params={"country": country}).json()
    return payload.get("geonames", [])


def fetch_total(url):
    return requests.get(url).json().get("total", 0)
`,
    },
    {
      name: 'local SQLite database (nothing transient to retry)',
      code: `import sqlite3


def record_run(run_id):
    conn = sqlite3.connect("state.db")
    cur = conn.cursor()
    cur.execute("INSERT INTO runs (id) VALUES (?)", (run_id,))
    conn.commit()
`,
    },
    {
      name: 'cursor from a local factory in a module whose only database is SQLite',
      code: `import sqlite3


def get_db_connection():
    return sqlite3.connect(DB_PATH)


def mark_downloaded(replay_id):
    conn = get_db_connection()
    cursor = conn.cursor()
    cursor.execute("UPDATE replays SET downloaded = 1 WHERE id = ?", (replay_id,))
    conn.commit()
`,
    },
    {
      name: 'tenacity retry decorator with arguments',
      code: `import requests
from tenacity import retry, stop_after_attempt, wait_exponential


@retry(stop=stop_after_attempt(5), wait=wait_exponential(multiplier=1, max=30))
def fetch_invoices(page):
    return requests.get("https://billing.example.com/api/invoices", params={"page": page}, timeout=30).json()
`,
    },
    {
      name: 'bare tenacity.retry',
      code: `import psycopg2
import tenacity


@tenacity.retry
def extract():
    return psycopg2.connect(os.environ["DB_URL"])
`,
    },
    {
      name: 'backoff.on_exception over several lines',
      code: `import backoff
import requests


@backoff.on_exception(
    backoff.expo,
    requests.exceptions.RequestException,
    max_tries=8,
)
def get_rates():
    return requests.get("https://fx.example.com/latest", timeout=10).json()
`,
    },
    {
      name: 'retry policy bound to a module variable',
      code: `import requests
from tenacity import retry, retry_if_exception_type, stop_after_attempt

api_policy = retry(stop=stop_after_attempt(3), retry=retry_if_exception_type(requests.RequestException))


@api_policy
def fetch_page(url):
    return requests.get(url, timeout=30)
`,
    },
    {
      name: 'retrying library',
      code: `from retrying import retry
import pymysql


@retry(stop_max_attempt_number=5, wait_exponential_multiplier=1000)
def open_connection():
    return pymysql.connect(host="db", user="etl", password=os.environ["DB_PASSWORD"])
`,
    },
    {
      name: 'stamina',
      code: `import httpx
import stamina


@stamina.retry(on=httpx.HTTPError, attempts=3)
def push(payload):
    httpx.post("https://hooks.example.com/in", json=payload, timeout=5)
`,
    },
    {
      name: 'project retry decorator imported from a utils module',
      code: `from etl.utils import with_retries
import psycopg2


@with_retries(attempts=4)
def extract_accounts():
    conn = psycopg2.connect(os.environ["CRM_URL"])
    return conn
`,
    },
    {
      name: 'local retry decorator with another name (loop + try)',
      code: `import functools
import time
import requests


def resilient(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        for attempt in range(4):
            try:
                return function(*args, **kwargs)
            except requests.RequestException:
                time.sleep(2 ** attempt)
        return function(*args, **kwargs)

    return wrapper


@resilient
def fetch_catalog():
    return requests.get("https://shop.example.com/catalog", timeout=20).json()
`,
    },
    {
      name: 'the pw-retry helper already applied',
      code: `import functools
import random
import time

import requests


${RETRY_HELPER}

@retry()
def fetch_catalog():
    return requests.get("https://shop.example.com/catalog", timeout=20).json()
`,
    },
    {
      name: 'for attempt in range with try around the query',
      code: `import time
import psycopg2


def extract_with_retries(dsn, attempts=5):
    for attempt in range(attempts):
        try:
            conn = psycopg2.connect(dsn)
            return pd.read_sql("SELECT * FROM orders WHERE day = current_date", conn)
        except psycopg2.OperationalError:
            time.sleep(2 ** attempt)
    raise RuntimeError("database unavailable")
`,
    },
    {
      name: 'while loop with try and backoff',
      code: `import time
import requests


def fetch_report(url):
    delay = 1
    while True:
        try:
            return requests.get(url, timeout=30).json()
        except requests.ConnectionError:
            time.sleep(delay)
            delay *= 2
`,
    },
    {
      name: 'tenacity Retrying loop',
      code: `from tenacity import Retrying, stop_after_attempt
from google.cloud import bigquery


def run_merge(sql):
    client = bigquery.Client()
    for attempt in Retrying(stop=stop_after_attempt(3)):
        with attempt:
            client.query(sql).result()
`,
    },
    {
      name: 'session with a retrying HTTPAdapter',
      code: `import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

session = requests.Session()
session.mount("https://", HTTPAdapter(max_retries=Retry(total=5, backoff_factor=1, status_forcelist=[429, 502, 503])))


def fetch_orders(page):
    return session.get("https://shop.example.com/orders", params={"page": page}, timeout=30).json()
`,
    },
    {
      name: 'httpx transport with retries',
      code: `import httpx

transport = httpx.HTTPTransport(retries=3)
client = httpx.Client(transport=transport, timeout=10)


def fetch_stock(sku):
    return client.get(f"https://inventory.example.com/{sku}").json()
`,
    },
    {
      name: 'boto3 client configured with retries',
      code: `import boto3
from botocore.config import Config

s3 = boto3.client("s3", config=Config(retries={"max_attempts": 10, "mode": "adaptive"}))


def publish(path):
    s3.upload_file(path, "exports", "orders.csv")
`,
    },
    {
      name: 'explicit retry= on a BigQuery call',
      code: `from google.cloud import bigquery


def totals(sql):
    client = bigquery.Client()
    return client.query(sql, retry=bigquery.DEFAULT_RETRY.with_deadline(120)).result()
`,
    },
    {
      name: 'Airflow DAG whose default_args set retries',
      code: `from datetime import timedelta
from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook

default_args = {
    "owner": "data",
    "retries": 3,
    "retry_delay": timedelta(minutes=5),
}


def extract_customers():
    return PostgresHook(postgres_conn_id="crm").get_pandas_df("SELECT * FROM customers")


with DAG("crm_sync", default_args=default_args, schedule="@daily") as dag:
    PythonOperator(task_id="extract", python_callable=extract_customers)
`,
    },
    {
      name: 'Airflow TaskFlow @dag default_args retries',
      code: `import requests
from airflow.decorators import dag, task
from pendulum import datetime


@dag(start_date=datetime(2024, 1, 1), schedule="@hourly", catchup=False, default_args={"retries": 2})
def rates():
    @task
    def pull():
        return requests.get("https://fx.example.com/latest", timeout=10).json()

    pull()


rates()
`,
    },
    {
      name: 'Airflow operator with retries kwarg',
      code: `from airflow import DAG
from airflow.operators.python import PythonOperator
import requests


def pull_rates():
    return requests.get("https://fx.example.com/latest", timeout=10).json()


with DAG("fx", schedule="@daily") as dag:
    PythonOperator(task_id="pull", python_callable=pull_rates, retries=4)
`,
    },
    {
      name: 'pandas reading a local CSV named by a parameter is no external I/O',
      file: 'flows/clean.py',
      code: `import pandas as pd
from prefect import task


@task
def clean(csv_path):
    return pd.read_csv(csv_path).dropna()
`,
    },
    {
      name: 'a Prefect task with retries reading a CSV over HTTP',
      file: 'flows/web.py',
      code: `import pandas as pd
from prefect import task


@task(retries=3, retry_delay_seconds=30)
def extract(dataset_url):
    return pd.read_csv(dataset_url)
`,
    },
    {
      name: 'Prefect task with retries',
      code: `from prefect import flow, task
import httpx


@task(retries=3, retry_delay_seconds=10)
def fetch(url):
    return httpx.get(url, timeout=10).json()
`,
    },
    {
      name: 'Dagster op with a retry policy',
      code: `from dagster import RetryPolicy, op
import psycopg2


@op(retry_policy=RetryPolicy(max_retries=3, delay=5))
def load_orders(context, frame):
    conn = psycopg2.connect(os.environ["DB_URL"])
    frame.to_sql("orders", conn)
`,
    },
    {
      name: 'Celery task with autoretry_for',
      code: `import requests
from celery import shared_task


@shared_task(autoretry_for=(requests.RequestException,), retry_backoff=True)
def sync_customer(customer_id):
    requests.post("https://crm.example.com/sync", json={"id": customer_id}, timeout=10)
`,
    },
    {
      name: 'custom Airflow operator execute(self, context)',
      code: `from airflow.models import BaseOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook


class VacuumOperator(BaseOperator):
    def execute(self, context):
        PostgresHook(postgres_conn_id=self.conn_id).run("VACUUM ANALYZE orders")
`,
    },
    {
      name: 'helper called only from a retried function',
      code: `import requests
from tenacity import retry, stop_after_attempt


def fetch_page(url):
    return requests.get(url, timeout=10).json()


@retry(stop=stop_after_attempt(4))
def fetch_all(urls):
    return [fetch_page(url) for url in urls]
`,
    },
    {
      name: 'called from a retry loop in the __main__ block',
      code: `import time
import pymysql


def count_orders():
    conn = pymysql.connect(host="db", user="report", password=os.environ["DB_PASSWORD"], database="shop")
    with conn.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM orders")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    for attempt in range(3):
        try:
            print(count_orders())
            break
        except pymysql.OperationalError:
            time.sleep(5)
`,
    },
    {
      name: 'function wrapped by a retry call',
      code: `import requests
from tenacity import retry, stop_after_attempt


def fetch_page(url):
    return requests.get(url, timeout=10).json()


fetch_page_with_retry = retry(stop=stop_after_attempt(4))(fetch_page)
`,
    },
    {
      name: 'local file I/O only (transform stage)',
      code: `import pandas as pd


def transform_sales():
    orders = pd.read_csv("/tmp/sales_extract.csv")
    orders["total"] = orders["quantity"] * orders["unit_price"]
    orders.to_parquet("/tmp/sales_transformed.parquet")
    with open("/tmp/summary.txt", "w") as handle:
        handle.write(str(len(orders)))
`,
    },
    {
      name: 'lazy engine factory (create_engine connects on first use)',
      code: `from sqlalchemy import create_engine


def make_engine():
    return create_engine(os.environ["WAREHOUSE_URL"], pool_pre_ping=True)
`,
    },
    {
      name: 'spark.sql (Spark retries failed tasks itself)',
      code: `from pyspark.sql import SparkSession


def build_daily(spark):
    return spark.sql("SELECT day, SUM(amount) FROM sales GROUP BY day")
`,
    },
    {
      name: 'Spark readers and writers (JDBC, tables, object storage): Spark retries failed tasks itself',
      code: `from pyspark.sql import SparkSession


def copy_orders(spark, url, props):
    orders = spark.read.format("jdbc").option("url", url).option("dbtable", "orders").load()
    customers = spark.table("bronze.customers")
    events = spark.read.parquet("s3a://lake/raw/events/")
    joined = orders.join(customers, "customer_id").join(events, "order_id")
    joined.write.mode("overwrite").saveAsTable("silver.orders")
    joined.write.jdbc(url, "orders_copy", mode="append", properties=props)
    joined.write.parquet("gs://lake/curated/orders")
`,
    },
    {
      name: 'web request handlers',
      code: `from fastapi import FastAPI
import psycopg2

app = FastAPI()


@app.get("/orders/{order_id}")
def read_order(order_id: int):
    conn = psycopg2.connect(os.environ["DB_URL"])
    return conn.cursor().execute("SELECT * FROM orders WHERE id = %s", (order_id,))
`,
    },
    {
      name: 'test files',
      file: 'tests/test_extract.py',
      code: `import psycopg2


def test_extract_reads_orders(postgres_dsn):
    conn = psycopg2.connect(postgres_dsn)
    assert conn is not None
`,
    },
    {
      name: 'suppressed on the def line',
      code: `import requests


def ping(url):  # pipewise: ignore[PW103]
    requests.head(url, timeout=2)
`,
    },
    {
      name: 'execute on a name bound to something other than a cursor',
      code: `def run_job(pool, job):
    task = pool.submit(job)
    task.execute("nightly")
`,
    },
    { name: 'a Dagster sensor polls an API: the next tick is its retry', code: 'import requests\nfrom dagster import sensor, RunRequest, SensorEvaluationContext\n\n\n@sensor(job_name="inbox_job", minimum_interval_seconds=60 * 5)\ndef inbox_sensor(context: SensorEvaluationContext):\n    messages = requests.get("https://mail.example.com/inbox", timeout=10).json()\n    for message in messages:\n        yield RunRequest(run_key=message["id"])\n' },
    { name: 'a Google API request with num_retries retries by itself', file: 'src/extract.py', code: 'from googleapiclient.discovery import build\n\n\ndef fetch_channel(youtube, channel_id):\n    return youtube.channels().list(part="statistics", id=channel_id).execute(num_retries=5)\n' },
    { name: 'num_retries from configuration counts as a retry', file: 'src/extract.py', code: 'from googleapiclient.discovery import build\n\nRETRIES = 4\n\n\ndef fetch_sheet(service, sheet_id):\n    return service.spreadsheets().values().get(spreadsheetId=sheet_id, range="A:Z").execute(num_retries=RETRIES)\n' },
    { name: 'a SPARQL query inside a tenacity retry', file: 'flows/enrich_people.py', code: 'from SPARQLWrapper import JSON, SPARQLWrapper\nfrom tenacity import retry, stop_after_attempt\n\n\n@retry(stop=stop_after_attempt(4))\ndef fetch_relations(endpoint, text):\n    sparql = SPARQLWrapper(endpoint)\n    sparql.setQuery(text)\n    sparql.setReturnFormat(JSON)\n    return sparql.query().convert()\n' },
    { name: 'rdflib querying an in-memory graph is not a request', file: 'flows/graph.py', code: 'from rdflib import Graph\nfrom SPARQLWrapper import SPARQLWrapper\n\n\ndef count_people(path):\n    graph = Graph()\n    graph.parse(path)\n    return len(list(graph.query("SELECT ?p WHERE { ?p a <http://schema.org/Person> }")))\n' },
    { name: 'a DB-API execute in a module that also uses a Google API client is not a Google request', file: 'etl/sheets_to_db.py', code: 'import sqlite3\nfrom googleapiclient.discovery import build\n\n\ndef save_rows(rows):\n    conn = sqlite3.connect("local.db")\n    conn.execute("CREATE TABLE IF NOT EXISTS sheet (a, b)")\n    conn.executemany("INSERT INTO sheet VALUES (?, ?)", rows)\n' },
    { name: 'a notebook trying out a Google API: it only reads and prints', file: 'notebooks/try_youtube_api.ipynb', code: 'from googleapiclient.discovery import build\n\nyoutube = build("youtube", "v3", developerKey=API_KEY)\nresponse = youtube.videos().list(part="statistics", id="abc").execute()\nprint(response)\n' },
    { name: 'a request sent inside a lambda handed to a retry helper', file: 'src/analytics.py', code: 'from googleapiclient.discovery import build\n\n\ndef fetch_day(analytics, day):\n    return call_with_retry(lambda: analytics.reports().query(ids="channel==MINE", startDate=day, endDate=day).execute())\n' },
    { name: 'a query run by a method retry helper through a lambda', file: 'etl/loader.py', code: 'import psycopg2\n\n\nclass Loader:\n    def load(self, rows):\n        self._with_retries(lambda: psycopg2.connect(DSN).cursor().executemany("INSERT INTO t VALUES (%s)", rows))\n' },
    { name: 'a hand-run check that measures what it read with len() is still a check', file: 'dags/show_table.py', code: 'from airflow.providers.mysql.hooks.mysql import MySqlHook\n\n\ndef show_table():\n    hook = MySqlHook(mysql_conn_id="db")\n    rows = hook.get_records("SELECT id, name FROM medals ORDER BY id")\n    print(f"{len(rows)} rows")\n    for r in rows:\n        print(r)\n' },
  ],
  fixes: [
    {
      name: "the script's I/O calls go through the stdlib helper",
      file: 'load_orders.py',
      code: `import pandas as pd
import requests
from sqlalchemy import create_engine

engine = create_engine(DATABASE_URL)
payload = requests.get("https://shop.example.com/api/orders", timeout=30).json()
orders = pd.DataFrame(payload["orders"])
orders.to_sql("orders", engine, if_exists="append", index=False)
`,
      fix: "Retry the script's I/O calls with a small backoff helper",
      safe: false,
      output: `import functools
import random
import time
import pandas as pd
import requests
from sqlalchemy import create_engine


${RETRY_HELPER}

engine = create_engine(DATABASE_URL)
payload = retry(retry_on=(Exception,))(requests.get)("https://shop.example.com/api/orders", timeout=30).json()
orders = pd.DataFrame(payload["orders"])
retry(retry_on=(Exception,))(orders.to_sql)("orders", engine, if_exists="append", index=False)
`,
    },
    {
      name: "the script's I/O calls go through tenacity when the module uses it (in the __main__ block too)",
      code: `import psycopg2
import tenacity

if __name__ == "__main__":
    conn = psycopg2.connect(DSN)
    conn.cursor().execute("REFRESH MATERIALIZED VIEW daily_orders")
`,
      fix: "Retry the script's I/O calls with tenacity",
      output: `import psycopg2
import tenacity
from tenacity import retry, stop_after_attempt, wait_exponential

if __name__ == "__main__":
    conn = retry(stop=stop_after_attempt(5), wait=wait_exponential(multiplier=1, max=60), reraise=True)(psycopg2.connect)(DSN)
    retry(stop=stop_after_attempt(5), wait=wait_exponential(multiplier=1, max=60), reraise=True)(conn.cursor().execute)("REFRESH MATERIALIZED VIEW daily_orders")
`,
    },
    {
      name: "the script's HTTP-only calls keep the helper defaults",
      code: `import requests

rows = requests.get("https://shop.example.com/orders", timeout=30).json()
requests.post("https://hooks.example.com/orders", json=rows, timeout=30)
`,
      fix: "Retry the script's I/O calls",
      output: `import functools
import random
import time
import requests


${RETRY_HELPER}

rows = retry()(requests.get)("https://shop.example.com/orders", timeout=30).json()
retry()(requests.post)("https://hooks.example.com/orders", json=rows, timeout=30)
`,
    },
    {
      name: 'stdlib helper inserted after the imports (database I/O retries any exception)',
      code: `import pandas as pd
import psycopg2


def extract_sales():
    conn = psycopg2.connect(os.environ["SALES_DB_URL"])
    orders = pd.read_sql("SELECT * FROM orders WHERE updated_at > %s", conn, params=[since])
    conn.close()
    return orders
`,
      fix: 'Retry extract_sales() with a small backoff helper',
      safe: false,
      output: `import functools
import random
import time
import pandas as pd
import psycopg2


${RETRY_HELPER}

@retry(retry_on=(Exception,))
def extract_sales():
    conn = psycopg2.connect(os.environ["SALES_DB_URL"])
    orders = pd.read_sql("SELECT * FROM orders WHERE updated_at > %s", conn, params=[since])
    conn.close()
    return orders
`,
    },
    {
      name: 'requests-only function keeps the helper defaults',
      code: `import requests

BASE = "https://billing.example.com/api"


def fetch_invoices(page):
    return requests.get(BASE + "/invoices", params={"page": page}, timeout=30).json()
`,
      fix: 'Retry fetch_invoices()',
      output: `import functools
import random
import time
import requests


${RETRY_HELPER}

BASE = "https://billing.example.com/api"


@retry()
def fetch_invoices(page):
    return requests.get(BASE + "/invoices", params={"page": page}, timeout=30).json()
`,
    },
    {
      name: 'tenacity already imported: decorator only',
      code: `import requests
from tenacity import retry, stop_after_attempt, wait_exponential


@retry(stop=stop_after_attempt(3))
def fetch_rates():
    return requests.get("https://fx.example.com/latest", timeout=10).json()


def fetch_holidays():
    return requests.get("https://fx.example.com/holidays", timeout=10).json()
`,
      fix: 'Retry fetch_holidays() with tenacity',
      safe: false,
      output: `import requests
from tenacity import retry, stop_after_attempt, wait_exponential


@retry(stop=stop_after_attempt(3))
def fetch_rates():
    return requests.get("https://fx.example.com/latest", timeout=10).json()


@retry(stop=stop_after_attempt(5), wait=wait_exponential(multiplier=1, max=60), reraise=True)
def fetch_holidays():
    return requests.get("https://fx.example.com/holidays", timeout=10).json()
`,
    },
    {
      name: 'import tenacity only: the names are imported from it',
      code: `import tenacity
import snowflake.connector
from snowflake.connector.pandas_tools import write_pandas


@tenacity.retry
def run_merge(sql):
    snowflake.connector.connect(**SNOWFLAKE).cursor().execute(sql)


def load(frame):
    conn = snowflake.connector.connect(**SNOWFLAKE)
    write_pandas(conn, frame, "SALES")
`,
      fix: 'Retry load() with tenacity',
      output: `import tenacity
from tenacity import retry, stop_after_attempt, wait_exponential
import snowflake.connector
from snowflake.connector.pandas_tools import write_pandas


@tenacity.retry
def run_merge(sql):
    snowflake.connector.connect(**SNOWFLAKE).cursor().execute(sql)


@retry(stop=stop_after_attempt(5), wait=wait_exponential(multiplier=1, max=60), reraise=True)
def load(frame):
    conn = snowflake.connector.connect(**SNOWFLAKE)
    write_pandas(conn, frame, "SALES")
`,
    },
    {
      name: 'helper already in the module: only the decorator is added',
      code: `import functools
import random
import time

import requests


${RETRY_HELPER}

@retry()
def fetch_catalog():
    return requests.get("https://shop.example.com/catalog", timeout=20).json()


def fetch_prices():
    return requests.get("https://shop.example.com/prices", timeout=20).json()
`,
      fix: 'Retry fetch_prices()',
      output: `import functools
import random
import time

import requests


${RETRY_HELPER}

@retry()
def fetch_catalog():
    return requests.get("https://shop.example.com/catalog", timeout=20).json()


@retry()
def fetch_prices():
    return requests.get("https://shop.example.com/prices", timeout=20).json()
`,
    },
    {
      name: 'method: decorator goes under existing decorators, at the method indent',
      code: `import logging
import requests

logger = logging.getLogger(__name__)


class PartnerApi:
    @property
    def token(self):
        return self._token

    @staticmethod
    def fetch(url):
        return requests.get(url, timeout=10).json()
`,
      fix: 'Retry fetch()',
      output: `import functools
import random
import time
import logging
import requests


${RETRY_HELPER}

logger = logging.getLogger(__name__)


class PartnerApi:
    @property
    def token(self):
        return self._token

    @staticmethod
    @retry()
    def fetch(url):
        return requests.get(url, timeout=10).json()
`,
    },
  ],
};

export default cases;
