import type { RuleCases } from '../../helpers/rule-tester';

const cases: RuleCases = {
  rule: 'PW204',
  flagged: [
    {
      name: 'a Databricks notebook that builds a table with CREATE TABLE AS SELECT and reports nothing',
      file: 'gold/daily_totals.py',
      code: `# Databricks notebook source
«spark.sql("CREATE TABLE IF NOT EXISTS gold.daily_totals AS SELECT day, sum(amount) AS total FROM silver.transactions GROUP BY day")»
`,
    },
    {
      name: 'a script that builds its own DBUtils (Databricks Connect, run from anywhere) is no Databricks job script',
      file: 'jobs/snapshot_jobs.py',
      code: `from pyspark.dbutils import DBUtils
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
dbutils = DBUtils(spark)
token = dbutils.secrets.get("cicd", "token")
jobs = spark.read.table("ops.jobs")
jobs.write.mode("overwrite").saveAsTable("ops.jobs_snapshot")
«print("snapshot written")»
`,
    },
    {
      name: 'a main.py script whose one-parameter functions are no handlers, run from its __main__ block',
      file: 'etl/main.py',
      code: `import pandas as pd


def load(frame):
    frame.to_parquet("/data/orders.parquet")


if __name__ == "__main__":
    orders = pd.read_csv("/data/orders.csv")
    load(orders)
    «print(f"loaded {len(orders)} orders")»
`,
    },
    {
      name: 'Databricks job notebook that reads and writes a table with no log line',
      file: 'ingestion/ingest_results.py',
      code: `# Databricks notebook source
results = «spark.read.json("/mnt/lake/raw/results.json")»

# COMMAND ----------

results.write.mode("overwrite").saveAsTable("processed.results")
`,
      message: /^Stage ingest_results\.py reads or writes data but never logs/,
    },
    {
      name: 'Databricks notebook that defines a function and runs it itself is a stage',
      file: 'ingestion/ingest_laps.py',
      code: `# Databricks notebook source
def ingest(path, table):
    frame = «spark.read.csv(path, header=True)»
    frame.write.mode("append").saveAsTable(table)

# COMMAND ----------

ingest("/mnt/lake/raw/lap_times", "processed.lap_times")
`,
      message: /^Stage ingest_laps\.py reads or writes data but never logs/,
    },
    {
      name: 'Spark job reading and writing with the DataFrame reader/writer, no output at all',
      file: 'jobs/orders_daily.py',
      code: `from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def build_daily_orders(input_path, output_path):
    session = SparkSession.builder.appName("orders-daily").getOrCreate()
    orders = «session.read.option("header", True).csv(input_path)»
    daily = orders.groupBy(F.to_date("created_at").alias("day")).count()
    daily.write.mode("overwrite").parquet(output_path)
`,
      message: /^Stage orders_daily\.py reads or writes data but never logs/,
    },
    {
      name: 'Spark job on a session from a helper, counts printed',
      file: 'jobs/clean_events.py',
      code: `from pyspark.sql.functions import col
from jobs.common import get_session

session = get_session("clean-events")
events = session.read.format("json").load("/lake/raw/events")
«print(events.count())»
events.filter(col("user_id").isNotNull()).write.mode("append").saveAsTable("silver.events")
`,
      message: /^Stage clean_events\.py reports only with print\(\)/,
    },
    {
      name: 'sales extract: print only in the __main__ block',
      file: 'sales_etl/extract.py',
      code: `import pandas as pd
import psycopg2


def extract_sales():
    conn = psycopg2.connect(os.environ["SALES_DB_URL"])
    orders = pd.read_sql("SELECT * FROM orders WHERE updated_at > %s", conn, params=[since])
    orders.to_csv("/tmp/sales_extract.csv", index=False)
    return len(orders)


if __name__ == "__main__":
    row_count = extract_sales()
    «print(f"Extracted {row_count} rows")»
`,
      priority: 'P2',
      message: /^Stage extract\.py reports only with print\(\); log through a module logger \(logger\.info\)/,
    },
    {
      name: 'transform stage with local files only',
      file: 'transform.py',
      code: `import pandas as pd


def transform_sales():
    orders = pd.read_csv("/tmp/sales_extract.csv")
    «print("read", len(orders), "orders")»
    orders = orders.dropna()
    orders.to_parquet("/tmp/sales_transformed.parquet")
    print("done")
`,
    },
    {
      name: 'stage without any output: range on the first I/O call',
      file: 'load.py',
      code: `import pandas as pd
from google.cloud import bigquery


def load_to_bigquery():
    orders = «pd.read_parquet("/tmp/sales_transformed.parquet")»
    client = bigquery.Client()
    client.load_table_from_dataframe(orders, "proj.ds.sales_fact").result()
`,
      message: /^Stage load\.py reads or writes data but never logs; add a module logger/,
    },
    {
      name: 'logging imported but never used',
      code: `import logging
import requests


def fetch_rates():
    rates = requests.get("https://fx.example.com/latest", timeout=10).json()
    «print(f"fetched {len(rates)} rates")»
    return rates
`,
    },
    {
      name: 'loguru imported but never used',
      code: `from loguru import logger
import psycopg2


def count_rows(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM orders")
    «print(cur.fetchone()[0])»
`,
    },
    {
      name: 'progress on stdout and errors on stderr: a stage, not a command-line tool',
      code: `import sys
import requests


def sync(url, target):
    «print(f"fetching {url}")»
    response = requests.get(url, timeout=30)
    if not response.ok:
        print("fetch failed:", response.status_code, file=sys.stderr)
        return
    with open(target, "w") as out:
        out.write(response.text)
`,
    },
    {
      name: 'a generator that writes data files, not code',
      file: 'generate_orders.py',
      code: `import csv
import random


def generate(count):
    with «open("data/orders.csv", "w", newline="")» as handle:
        writer = csv.writer(handle)
        for order_id in range(count):
            writer.writerow([order_id, random.randint(1, 9)])
`,
    },
    {
      name: 'errors printed to stderr are still prints',
      code: `import sys
import requests


def push(payload):
    response = requests.post("https://hooks.example.com/in", json=payload, timeout=10)
    if not response.ok:
        «print("push failed:", response.status_code, file=sys.stderr)»
`,
    },
    {
      name: 'Snowflake write_pandas stage',
      code: `import snowflake.connector
from snowflake.connector.pandas_tools import write_pandas


def load_events(frame):
    conn = snowflake.connector.connect(account="acme", user="loader", password=os.environ["SF_PASSWORD"])
    success, chunks, rows, _ = write_pandas(conn, frame, "EVENTS")
    «print(f"loaded {rows} rows in {chunks} chunks")»
`,
    },
    {
      name: 'SQLAlchemy 2.x session stage',
      code: `from sqlalchemy import text
from sqlalchemy.orm import Session


def purge_staging(engine):
    with Session(engine) as session:
        result = session.execute(text("DELETE FROM staging_orders WHERE loaded = true"))
        session.commit()
    «print("purged", result.rowcount)»
`,
    },
    {
      name: 'boto3 upload stage',
      code: `import boto3

s3 = boto3.client("s3")


def publish(path):
    «print("uploading " + path)»
    s3.upload_file(path, "exports", "daily/orders.csv")
`,
    },
    {
      name: 'csv written with open() and reported with print',
      code: `import csv


def write_report(rows, path):
    with open(path, "w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    «print("wrote", len(rows), "rows to", path)»
`,
    },
    {
      name: 'print to a file handle is a write, not a report: range on the first I/O',
      code: `import pandas as pd


def export(frame):
    with «open("/data/out.txt", "w")» as handle:
        print(frame.to_string(), file=handle)
`,
    },
    {
      name: 'spark stage',
      code: `from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()


def build_daily():
    daily = spark.sql("SELECT day, SUM(amount) AS total FROM sales GROUP BY day")
    «print(daily.count())»
`,
    },
    {
      name: 'math.log and a file named log are not logging',
      code: `import math
import pandas as pd


def score(path):
    frame = pd.read_csv(path)
    frame["log_amount"] = frame["amount"].apply(math.log)
    log = open("/tmp/run.txt", "a")
    log.write("scored")
    «print("scored", len(frame))»
`,
    },
    {
      name: 'warnings.warn is not logging',
      code: `import warnings
import requests


def fetch(url):
    response = requests.get(url, timeout=10)
    if response.status_code == 304:
        warnings.warn("not modified")
    «print(response.status_code)»
`,
    },
    {
      name: 'only the first print is reported',
      code: `import pandas as pd


def run():
    «print("start")»
    frame = pd.read_json("/data/in.json")
    print("rows:", len(frame))
    frame.to_csv("/data/out.csv")
    print("end")
`,
    },
    {
      name: 'HTTP with urllib and print in a loop',
      code: `from urllib.request import urlopen


def download(urls):
    for url in urls:
        with urlopen(url, timeout=10) as handle:
            body = handle.read()
        «print(url, len(body))»
`,
    },
    {
      name: 'module-level script (no functions)',
      code: `import psycopg2

conn = psycopg2.connect(os.environ["DB_URL"])
cur = conn.cursor()
cur.execute("INSERT INTO orders_archive SELECT * FROM orders WHERE day < current_date - 90")
«print("archived:", cur.rowcount)»
`,
    },
    {
      name: 'class-based stage printing from methods',
      code: `import pandas as pd


class OrdersExtractor:
    def __init__(self, engine):
        self.engine = engine

    def run(self):
        frame = pd.read_sql("SELECT * FROM orders WHERE day = current_date", self.engine)
        «print(f"{type(self).__name__}: {len(frame)} rows")»
        return frame
`,
    },
    {
      name: 'polars stage',
      code: `import polars as pl


def convert(src, dst):
    frame = pl.read_csv(src)
    frame.write_parquet(dst)
    «print(frame.shape)»
`,
    },
    {
      name: 'copy through cursors bound by flow, no output at all',
      file: 'jobs/copy_orders.py',
      code: `def copy_orders(src, dst):
    scur = src.cursor()
    dcur = dst.cursor()
    «scur.execute("SELECT id, amount FROM orders")»
    dcur.executemany("INSERT INTO orders_copy VALUES (%s, %s)", scur.fetchall())
    dst.commit()
`,
      message: /^Stage copy_orders\.py reads or writes data but never logs/,
    },
    {
      name: 'Spark JDBC reader bound to a name, table write',
      file: 'jobs/copy_orders_spark.py',
      code: `from pyspark.sql import SparkSession


def copy_orders(spark, url):
    reader = spark.read.format("jdbc").option("url", url)
    orders = «reader.option("dbtable", "orders").load()»
    orders.writeTo("silver.orders").using("delta").createOrReplace()
`,
      message: /^Stage copy_orders_spark\.py reads or writes data but never logs/,
    },
    {
      name: 'a Glue job at module level with no output at all',
      file: 'glue/gold_orders.py',
      code: `from awsglue.context import GlueContext
from pyspark.context import SparkContext

spark = GlueContext(SparkContext.getOrCreate()).spark_session
orders = «spark.read.parquet("s3://lake/silver/orders/")»
orders.groupBy("day").count().write.mode("overwrite").parquet("s3://lake/gold/orders_daily/")
`,
      message: /^Stage gold_orders\.py reads or writes data but never logs/,
    },
    {
      name: 'a Dagster asset downloading a dataset with no output',
      file: 'assets/airports.py',
      code: `import pandas as pd
import requests
from dagster import asset


@asset
def airports():
    response = «requests.get(AIRPORTS_URL, timeout=60)»
    response.raise_for_status()
    pd.read_csv(io.StringIO(response.text)).to_parquet("/data/airports.parquet")
`,
    },
    {
      name: 'a Lambda handler copying objects with no output',
      file: 'lambda/ingest.py',
      code: `import boto3

s3 = boto3.client("s3")


def lambda_handler(event, context):
    for record in event["Records"]:
        key = record["s3"]["object"]["key"]
        «s3.copy_object(Bucket="raw", Key=key, CopySource={"Bucket": "landing", "Key": key})»
`,
    },
    {
      name: 'a Prefect task that prints where the flow does not capture prints',
      code: `import pandas as pd
from prefect import flow, task


@task
def load(frame, engine):
    frame.to_sql("prices", engine, if_exists="append")
    «print(f"loaded {len(frame)} prices")»


@flow
def prices_flow(frame, engine):
    load(frame, engine)
`,
    },
    {
      name: 'a script that reads a file and loads it through a project helper',
      file: 'etl/load_customers.py',
      code: `import pandas as pd

from etl.base_loader import load_data

if __name__ == "__main__":
    frame = pd.read_csv("data/customers.csv")
    load_data(frame, "raw.customers")
    «print("customers loaded")»
`,
    },
  ],
  notFlagged: [
    {
      name: 'a Databricks notebook of CREATE SCHEMA IF NOT EXISTS cells: set-up that moves no rows',
      file: 'DDL/schema.py',
      code: `# Databricks notebook source
# MAGIC %sql
# MAGIC CREATE SCHEMA IF NOT EXISTS lakehouse.bronze
# MAGIC COMMENT 'raw data'

# COMMAND ----------

# MAGIC %sql
# MAGIC CREATE TABLE IF NOT EXISTS lakehouse.bronze.transactions (id STRING, amount DOUBLE)
`,
    },
    {
      name: 'a command-line tool whose messages go to stderr through eprint and whose results are printed for the shell',
      file: 'era5.py',
      code: `import sys

import boto3
import click


def eprint(*args):
    print(*args, file=sys.stderr)


@click.command()
@click.argument("key")
def download(key):
    eprint(f"Downloading {key} from R2")
    boto3.client("s3").download_file("era5", key, f"/tmp/{key}")
    eprint("done")
    print(f"/tmp/{key}")
`,
    },
    {
      name: 'a background Cloud Function written (data, context) that prints: Cloud Logging keeps it',
      file: 'cloud_functions/chains_tvl/chains_tvl.py',
      code: `import pandas as pd
import requests


def chains_tvl(data, context):
    frame = pd.DataFrame(requests.get("https://api.llama.fi/v2/chains", timeout=30).json())
    frame.to_parquet("gs://lake/chains_tvl.parquet")
    print(f"wrote {len(frame)} chains")
`,
    },
    {
      name: 'a plain .py Databricks job script (dbutils, a /Workspace/ path) that prints: the job run keeps its output',
      file: 'jobs/bronze_inventory.py',
      code: `import sys
sys.path.append("/Workspace/Repos/data/pipelines/jobs")

source = dbutils.widgets.get("source_path")
inventory = spark.read.option("header", True).csv(source)
inventory.write.format("delta").mode("overwrite").saveAsTable("bronze.inventory")
print(f"wrote {inventory.count()} rows to bronze.inventory")
`,
    },
    {
      name: 'a Cloud Function whose main.py entry point is a one-parameter handler that prints',
      file: 'report-emailer/main.py',
      code: `import pandas as pd
from google.cloud import bigquery


def lambda_handler(response):
    frame = bigquery.Client().query("SELECT * FROM reports.daily_loans WHERE day = CURRENT_DATE()").to_dataframe()
    frame.to_excel("/tmp/daily_loans.xlsx")
    print(f"exported {len(frame)} loans")
    return "ok"
`,
    },
    {
      name: 'Airflow DAG module whose callables print: the task log keeps each try\'s output',
      code: `from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook


def extract_customers():
    frame = PostgresHook(postgres_conn_id="crm").get_pandas_df("SELECT * FROM customers")
    print(frame.shape)


with DAG("crm_sync", schedule="@daily", default_args={"retries": 2}) as dag:
    PythonOperator(task_id="extract", python_callable=extract_customers)
`,
    },
    {
      name: 'a Lambda handler that prints what it copied: CloudWatch keeps the invocation\'s output',
      file: 'lambda/ingest.py',
      code: `import boto3

s3 = boto3.client("s3")


def lambda_handler(event, context):
    for record in event["Records"]:
        key = record["s3"]["object"]["key"]
        s3.copy_object(Bucket="raw", Key=key, CopySource={"Bucket": "landing", "Key": key})
        print(f"copied {key}")
`,
    },
    {
      name: 'a Cloud Function (functions_framework) that prints what it loaded: Cloud Logging keeps it',
      file: 'functions/rates/main.py',
      code: `import functions_framework
import requests
from google.cloud import bigquery


@functions_framework.http
def load_rates(request):
    rates = requests.get(RATES_URL, timeout=30).json()
    bigquery.Client().insert_rows_json("fx.rates", rates)
    print(f"loaded {len(rates)} rates")
    return "ok"
`,
    },
    {
      name: 'a Databricks job notebook that prints counts: the job run keeps its output',
      file: 'ingestion/ingest_orders.py',
      code: `# Databricks notebook source
orders = spark.read.json("/mnt/lake/raw/orders.json")
print(orders.count())

# COMMAND ----------

orders.write.mode("overwrite").saveAsTable("bronze.orders")
`,
    },
    {
      name: 'a Glue job that prints counts: CloudWatch keeps the job\'s output',
      file: 'glue/gold_orders.py',
      code: `from awsglue.context import GlueContext
from pyspark.context import SparkContext

spark = GlueContext(SparkContext.getOrCreate()).spark_session
orders = spark.read.parquet("s3://lake/silver/orders/")
print("orders:", orders.count())
orders.groupBy("day").count().write.mode("overwrite").parquet("s3://lake/gold/orders_daily/")
`,
    },
    {
      name: 'a Dagster asset that prints: the step\'s compute log keeps it',
      file: 'assets/airports.py',
      code: `import pandas as pd
import requests
from dagster import asset


@asset
def airports():
    response = requests.get(AIRPORTS_URL, timeout=60)
    response.raise_for_status()
    frame = pd.read_csv(io.StringIO(response.text))
    frame.to_parquet("/data/airports.parquet")
    print(f"wrote {len(frame)} airports")
`,
    },
    {
      name: 'a Chalice scheduled handler that prints: CloudWatch keeps the invocation\'s output',
      file: 'ingestor/app.py',
      code: `import boto3
import requests
from chalice import Chalice, Cron

app = Chalice(app_name="ingestor")
table = boto3.resource("dynamodb").Table("speeds")


@app.schedule(Cron(0, 10, "*", "*", "?", "*"))
def store_speeds(event):
    rows = requests.get(SPEEDS_URL, timeout=30).json()
    with table.batch_writer() as batch:
        for row in rows:
            batch.put_item(Item=row)
    print(f"stored {len(rows)} speeds")
`,
    },
    {
      name: 'a Dagster asset that records rows and path as output metadata on every materialization',
      file: 'assets/stations.py',
      code: `import pandas as pd
import requests
from dagster import asset


@asset
def stations(context):
    response = requests.get(STATIONS_URL, timeout=60)
    response.raise_for_status()
    frame = pd.DataFrame(response.json()["stations"])
    frame.to_parquet("/data/stations.parquet")
    context.add_output_metadata({"rows": len(frame), "path": "/data/stations.parquet"})
`,
    },
    {
      name: 'a Dagster asset returning MaterializeResult with metadata',
      file: 'assets/readings.py',
      code: `import pandas as pd
from dagster import MaterializeResult, asset


@asset
def readings():
    frame = pd.read_csv("/landing/readings.csv")
    frame.to_parquet("/lake/readings.parquet")
    return MaterializeResult(metadata={"rows": len(frame)})
`,
    },
    {
      name: 'Databricks declarative pipeline tables (`@dp.table` from pyspark.pipelines): the event log records every update',
      file: 'transformations/orders.py',
      code: `from pyspark import pipelines as dp
import pyspark.sql.functions as F


@dp.table
def bronze_orders():
    return spark.readStream.format("cloudFiles").option("cloudFiles.format", "json").load("/Volumes/shop/raw/orders")


@dp.materialized_view
def daily_orders():
    return spark.read.table("bronze_orders").groupBy(F.to_date("created_at").alias("day")).count()
`,
    },
    {
      name: 'Delta Live Tables (`import dlt`, `@dlt.table`) reading a landing folder',
      file: 'pipelines/customers_dlt.py',
      code: `import dlt


@dlt.table(comment="raw customers")
def customers_raw():
    return spark.readStream.format("cloudFiles").option("cloudFiles.format", "csv").load("/mnt/landing/customers")
`,
    },
    {
      name: 'Databricks notebook that mounts storage and shows what is there: someone looking around',
      file: 'setup/mount_lake.py',
      code: `# Databricks notebook source
dbutils.fs.mount(source="abfss://raw@lake.dfs.core.windows.net", mount_point="/mnt/lake/raw", extra_configs=configs)

# COMMAND ----------

display(dbutils.fs.ls("/mnt/lake/raw"))

# COMMAND ----------

display(spark.read.option("header", True).csv("/mnt/lake/raw/circuits.csv"))
`,
    },
    {
      name: 'Databricks helper notebook included with %run: it only defines functions',
      file: 'includes/common_functions.py',
      code: `# Databricks notebook source
def add_ingestion_date(frame):
    return frame.withColumn("ingested_at", current_timestamp())

# COMMAND ----------

def overwrite_partition(frame, table, column):
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    frame.write.mode("overwrite").insertInto(table)
`,
    },
    {
      name: 'a read-only task callable hands its answer to the next task (XCom)',
      code: `from airflow import DAG
from airflow.operators.python import PythonOperator
from google.cloud import storage


def latest_export(bucket_name):
    blobs = list(storage.Client().bucket(bucket_name).list_blobs(prefix="exports/"))
    return max(blobs, key=lambda b: b.updated).name


with DAG("partner_sync", schedule="@daily") as dag:
    PythonOperator(task_id="latest", python_callable=latest_export, op_args=["partner"])
`,
    },
    {
      name: 'set-up tooling run by hand (its directory says so)',
      file: 'utilities/setup/create_bucket.py',
      code: `import boto3

boto3.client("s3").create_bucket(Bucket="trading-lake")
print("bucket created")
`,
    },
    {
      name: 'a management command by its name',
      file: 'scripts/manage_symbols.py',
      code: `import psycopg2

conn = psycopg2.connect(DSN)
conn.cursor().execute("UPDATE symbols SET active = false WHERE symbol = %s", (SYMBOL,))
conn.commit()
print(f"deactivated {SYMBOL}")
`,
    },
    {
      name: 'a script that only reads and prints what it read is a report',
      file: 'scripts/row_counts.py',
      code: `import psycopg2

conn = psycopg2.connect(os.environ["DB_URL"])
cur = conn.cursor()
for table in ("orders", "customers"):
    cur.execute(f"SELECT COUNT(*) FROM {table}")
    print(table, cur.fetchone()[0])
`,
    },
    {
      name: 'a diagnostic script by its name',
      file: 'utilities/check_s3_access.py',
      code: `import boto3

s3 = boto3.client("s3")
s3.put_object(Bucket=BUCKET, Key="probe.txt", Body=b"ok")
print("write access OK")
`,
    },
    {
      name: 'an interactive setup script',
      file: 'setup_snowflake.py',
      code: `import snowflake.connector

account = input("Account: ")
conn = snowflake.connector.connect(account=account, user=USER, password=PASSWORD)
conn.cursor().execute("CREATE DATABASE IF NOT EXISTS analytics")
print("database ready")
`,
    },
    {
      name: 'Prefect flow with log_prints=True: prints are run logs',
      code: `import requests
from prefect import flow, task


@task(retries=3)
def fetch_items(url):
    items = requests.get(url, timeout=30).json()
    print(f"fetched {len(items)} items")
    return items


@flow(log_prints=True)
def item_flow(url):
    fetch_items(url)
`,
    },
    {
      name: 'a Streamlit dashboard',
      code: `import pandas as pd
import streamlit as st

frame = pd.read_sql("SELECT * FROM daily_sales", ENGINE)
print("loaded", len(frame))
st.line_chart(frame, x="day", y="total")
`,
    },
    {
      name: 'a FastAPI router querying the warehouse',
      code: `from fastapi import APIRouter
from sqlalchemy import text

router = APIRouter()


@router.get("/health")
async def health(db):
    await db.execute(text("SELECT 1"))
    return {"status": "ok"}
`,
    },
    {
      name: 'a data-access class that reports nothing (its callers log)',
      code: `from sqlalchemy import text


class OrdersRepository:
    def __init__(self, engine):
        self.engine = engine

    def insert(self, rows):
        with self.engine.begin() as conn:
            conn.execute(text("INSERT INTO orders VALUES (:id, :amount)"), rows)
`,
    },
    {
      name: 'a thin read wrapper that hands the frame to its caller',
      code: `import pandas as pd


def extract_trips(path):
    return pd.read_csv(path, parse_dates=["pickup_at"])
`,
    },
    {
      name: 'a Dagster sensor listing keys',
      code: `import boto3
from dagster import RunRequest, sensor


@sensor(job=ingest_job)
def new_files(context):
    listing = boto3.client("s3").list_objects_v2(Bucket="landing")
    for item in listing.get("Contents", []):
        yield RunRequest(run_key=item["Key"])
`,
    },
    {
      name: 'a CLI entry point that configures logging and prints its result',
      code: `import argparse
import logging

import pandas as pd


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    frame = pd.read_parquet(args.path)
    frame.to_csv(args.path.replace(".parquet", ".csv"))
    print(f"converted {len(frame)} rows")


if __name__ == "__main__":
    main()
`,
    },
    {
      name: 'Spark transformations only (no reader or writer in the module)',
      code: `from pyspark.sql import DataFrame
from pyspark.sql import functions as F


def add_revenue(orders: DataFrame) -> DataFrame:
    return orders.withColumn("revenue", F.col("price") * F.col("quantity"))
`,
    },
    {
      name: 'Spark job that logs',
      code: `import logging
from pyspark.sql import SparkSession

log = logging.getLogger(__name__)


def run(src, dst):
    session = SparkSession.builder.getOrCreate()
    frame = session.read.parquet(src)
    log.info("read %s", src)
    frame.write.mode("overwrite").parquet(dst)
`,
    },
    {
      name: 'reader-like chain in a module without pyspark',
      code: `import io


def first_line(archive):
    return archive.read.csv("header.csv")
`,
    },
    {
      name: 'writer-like chain in a module without pyspark',
      code: `import pandas as pd


def summarise(df, sink):
    df.write.parquet(sink)
    return df.describe()
`,
    },
    {
      name: 'Google Cloud Logging client logger (prints on the success path)',
      code: `from google.cloud import bigquery
from google.cloud import logging as cloud_logging


def refresh_rates(request):
    client = bigquery.Client()
    try:
        job = client.load_table_from_uri("gs://rates-bucket/latest.csv", "finance.rates")
        job.result()
        print("rates loaded")
        return "ok"
    except Exception:
        audit = cloud_logging.Client().logger("rates-refresh")
        audit.log_text("rates refresh failed", severity="ERROR")
        raise
`,
    },
    {
      name: 'module logger used',
      code: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def transform():
    frame = pd.read_csv("/tmp/in.csv")
    logger.info("read %d rows", len(frame))
    frame.to_parquet("/tmp/out.parquet")
`,
    },
    {
      name: 'logging module functions used directly',
      code: `import logging
import requests


def fetch():
    logging.info("fetching rates")
    return requests.get("https://fx.example.com/latest", timeout=10).json()
`,
    },
    {
      name: 'structlog',
      code: `import structlog
import psycopg2

log = structlog.get_logger()


def extract(dsn):
    conn = psycopg2.connect(dsn)
    log.info("connected", dsn_host="db")
    return conn
`,
    },
    {
      name: 'loguru used',
      code: `from loguru import logger
import pandas as pd


def load(path, engine):
    frame = pd.read_parquet(path)
    frame.to_sql("orders", engine, if_exists="replace")
    logger.info("loaded {} rows", len(frame))
`,
    },
    {
      name: 'Airflow operator logs with self.log',
      code: `from airflow.models import BaseOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook


class VacuumOperator(BaseOperator):
    def execute(self, context):
        PostgresHook(postgres_conn_id="dw").run("VACUUM ANALYZE orders")
        self.log.info("vacuumed")
`,
    },
    {
      name: 'Dagster context.log',
      code: `from dagster import op
import pandas as pd


@op
def load_orders(context):
    frame = pd.read_csv("/data/orders.csv")
    context.log.info(f"loaded {len(frame)} rows")
    return frame
`,
    },
    {
      name: 'Prefect get_run_logger',
      code: `from prefect import get_run_logger, task
import httpx


@task
def fetch(url):
    log = get_run_logger()
    data = httpx.get(url, timeout=10).json()
    log.info("fetched %d items", len(data))
    return data
`,
    },
    {
      name: 'project logger factory',
      code: `from etl.observability import get_logger
import pandas as pd

log = get_logger(__name__)


def extract(engine):
    return pd.read_sql("SELECT * FROM orders WHERE day = current_date", engine)
`,
    },
    {
      name: 'logger passed in as a parameter',
      code: `import pandas as pd


def load(frame, engine, logger):
    frame.to_sql("orders", engine, if_exists="replace")
    logger.info("loaded %d rows", len(frame))
`,
    },
    {
      name: 'module-level LOGGER constant',
      code: `import logging
import boto3

LOGGER = logging.getLogger("exports")


def publish(path):
    boto3.client("s3").upload_file(path, "exports", "orders.csv")
    LOGGER.warning("published %s", path)
`,
    },
    {
      name: 'CLI prints in __main__ but the stage logs',
      code: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def extract(engine):
    frame = pd.read_sql("SELECT * FROM orders WHERE day = current_date", engine)
    logger.info("extracted %d rows", len(frame))
    return frame


if __name__ == "__main__":
    print(len(extract(None)))
`,
    },
    {
      name: 'utility module without I/O',
      code: `def format_money(amount):
    return f"{amount:,.2f}"


def debug_dump(frame):
    print(frame.head())
`,
    },
    {
      name: 'pure DataFrame transformations without reads or writes',
      code: `import pandas as pd


def add_totals(frame):
    frame["total"] = frame["quantity"] * frame["unit_price"]
    print(frame.dtypes)
    return frame
`,
    },
    {
      name: 'reading a config file with open() is not a stage',
      code: `import yaml


def load_settings(path="settings.yaml"):
    with open(path) as handle:
        settings = yaml.safe_load(handle)
    print("settings loaded")
    return settings
`,
    },
    {
      name: 'test file',
      file: 'tests/test_load.py',
      code: `import pandas as pd


def test_load_writes_parquet(tmp_path):
    frame = pd.read_csv("tests/data/orders.csv")
    print(frame)
    frame.to_parquet(tmp_path / "out.parquet")
`,
    },
    {
      name: 'print rebound to rich.print, with a logger',
      code: `from rich import print
import logging
import requests

log = logging.getLogger(__name__)


def fetch(url):
    print("[bold]fetching[/bold]")
    log.debug("GET %s", url)
    return requests.get(url, timeout=10)
`,
    },
    {
      name: 'private _log logger',
      code: `import logging
import pandas as pd

_log = logging.getLogger("etl.load")


def load(frame, engine):
    frame.to_sql("orders", engine, if_exists="replace")
    _log.info("loaded")
`,
    },
    {
      name: 'suppressed',
      code: `import pandas as pd


def run():
    frame = pd.read_csv("/data/in.csv")
    print(len(frame))  # pipewise: ignore[PW204]
`,
    },
    {
      name: 'Airflow DAG file with operators only (no I/O of its own)',
      code: `from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("nightly", schedule="0 2 * * *") as dag:
    BashOperator(task_id="extract", bash_command="python extract.py")
print("dag loaded")
`,
    },
    {
      name: 'a code generator writing DAG modules from a schema file',
      file: 'dags/generate_dags.py',
      code: `import yaml

TEMPLATE = "from airflow import DAG\\n"


def generate():
    with open("schema/tables.yaml") as stream:
        schema = yaml.safe_load(stream)
    for system in schema["systems"]:
        with open("dags/{name}_load.py".format(name=system), "w") as out:
            out.write(TEMPLATE)
`,
    },
    {
      name: 'an SQL script generator appending INSERT statements to a .sql file',
      file: 'seeding/csv_to_inserts.py',
      code: `import csv

for name in ["customers", "orders"]:
    with open(f"{name}.csv", newline="") as source:
        rows = list(csv.reader(source))
    with open("../sql/insert_data.sql", "a") as sql_file:
        for row in rows[1:]:
            sql_file.write(f"INSERT INTO {name} VALUES ({', '.join(row)});\\n")
    print(f"converted {name}")
`,
    },
    {
      name: 'a documentation snippet with ... for the arguments',
      file: 'docs_snippets/s3_parquet.py',
      code: `import awswrangler as wr

session = make_session()
wr.s3.to_parquet(boto3_session=session, ...)
`,
    },
    {
      name: 'a pipeline skeleton whose tasks include stubs',
      file: 'patterns/ml_flow.py',
      code: `import pandas as pd
from prefect import flow, task


@task
def load(frame):
    frame.to_parquet("training.parquet")


@task
def evaluate_model():
    """Score the model."""
    pass


@flow
def training():
    load(pd.DataFrame({"x": [1, 2]}))
    evaluate_model()
`,
    },
    {
      name: 'a configuration module that saves its settings',
      file: 'config/settings.py',
      code: `import json


class Settings:
    def save(self, path):
        with open(path, "w") as handle:
            json.dump(self.__dict__, handle)
        print(f"configuration saved to {path}")
`,
    },
    {
      name: 'a seed-data download script',
      file: 'scripts/download_seed.py',
      code: `import requests


def main():
    response = requests.get("https://example.com/seed/customers.csv", timeout=30)
    with open("data/seed/customers.csv", "wb") as out:
        out.write(response.content)
    print("seed data ready")


if __name__ == "__main__":
    main()
`,
    },
    {
      name: 'a test runner script',
      file: 'scripts/run_tests.py',
      code: `import json
import subprocess
import sys


def run_all():
    result = subprocess.run([sys.executable, "-m", "pytest", "-q"], capture_output=True, text=True)
    with open("test_results.json", "w") as out:
        json.dump({"code": result.returncode}, out)
    print(result.stdout)


if __name__ == "__main__":
    run_all()
`,
    },
    {
      name: 'an analysis script by its name',
      file: 'scripts/run_cohort_analysis.py',
      code: `import pandas as pd


def main():
    frame = pd.read_sql("SELECT user_id, signup_day FROM users", ENGINE)
    summary = frame.groupby("signup_day").size()
    summary.to_csv("results/cohorts.csv")
    print(summary.describe())


if __name__ == "__main__":
    main()
`,
    },
    {
      name: 'a command-line tool: diagnostics on stderr, its result on stdout',
      file: 'scripts/changed_assets.py',
      code: `import json
import sys
import requests


def main():
    response = requests.post("https://dagster.example.com/graphql", json={"query": QUERY}, timeout=30)
    nodes = response.json()["data"]["assetNodes"]
    print(f"fetched {len(nodes)} asset nodes", file=sys.stderr)
    if not nodes:
        print("nothing changed", file=sys.stderr)
    output = json.dumps([node["key"] for node in nodes])
    print(output)


if __name__ == "__main__":
    main()
`,
    },
    {
      name: 'a Prefect task that keeps its own prints (log_prints=True on the task)',
      code: `import requests
from prefect import task


@task(retries=3, log_prints=True)
def fetch_items(url):
    items = requests.get(url, timeout=30).json()
    print(f"fetched {len(items)} items")
    return items
`,
    },
    {
      name: 'a Prefect 1 task that sends its stdout to the Prefect logger (log_stdout=True)',
      code: `import requests
from prefect import task


@task(max_retries=3, log_stdout=True)
def fetch_items(url):
    items = requests.get(url, timeout=30).json()
    print(f"fetched {len(items)} items")
    return items
`,
    },
    {
      name: 'root logger chain',
      code: `import logging
import requests


def fetch(url):
    logging.getLogger().info("fetching %s", url)
    return requests.get(url, timeout=10).json()
`,
    },
  ],
  fixes: [
    {
      name: 'sales extract: logger created, print converted, basicConfig in __main__',
      file: 'extract.py',
      code: `import pandas as pd
import psycopg2


def extract_sales():
    conn = psycopg2.connect(os.environ["SALES_DB_URL"])
    orders = pd.read_sql("SELECT * FROM orders WHERE updated_at > %s", conn, params=[since])
    orders.to_csv("/tmp/sales_extract.csv", index=False)
    return len(orders)


if __name__ == "__main__":
    row_count = extract_sales()
    print(f"Extracted {row_count} rows")
`,
      fix: 'Log with logger.info instead of print() (1 call)',
      safe: false,
      output: `import logging
import pandas as pd
import psycopg2

logger = logging.getLogger(__name__)


def extract_sales():
    conn = psycopg2.connect(os.environ["SALES_DB_URL"])
    orders = pd.read_sql("SELECT * FROM orders WHERE updated_at > %s", conn, params=[since])
    orders.to_csv("/tmp/sales_extract.csv", index=False)
    return len(orders)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    row_count = extract_sales()
    logger.info("Extracted %s rows", row_count)
`,
    },
    {
      name: 'several arguments, stderr, %-format, format spec, non-string argument',
      code: `import sys
import pandas as pd


def load(path, engine, table):
    frame = pd.read_parquet(path)
    print("Loading", len(frame), "rows into", table)
    print("Wrote %d rows to %s" % (count, table))
    print(f"took {elapsed:.1f}s")
    print(frame.head())
    print(f"{share}% of {table!r} done, {{ok}}")
    if frame.empty:
        print("nothing to load", file=sys.stderr)
    frame.to_sql(table, engine, if_exists="replace")
`,
      fix: 'Log with logger.info instead of print() (6 calls)',
      output: `import logging
import sys
import pandas as pd

logger = logging.getLogger(__name__)


def load(path, engine, table):
    frame = pd.read_parquet(path)
    logger.info("Loading %s rows into %s", len(frame), table)
    logger.info("Wrote %d rows to %s", count, table)
    logger.info(f"took {elapsed:.1f}s")
    logger.info("%s", frame.head())
    logger.info("%s%% of %r done, {ok}", share, table)
    if frame.empty:
        logger.error("nothing to load")
    frame.to_sql(table, engine, if_exists="replace")
`,
    },
    {
      name: 'prints that logging would change stay; no __main__ means no basicConfig',
      code: `import requests


def download(urls):
    for url in urls:
        requests.get(url, timeout=10)
        print(".", end="")
    print()
    print("done", sep="")
    print("a", "b", sep=", ")
`,
      fix: 'Log with logger.info instead of print() (1 call)',
      output: `import logging
import requests

logger = logging.getLogger(__name__)


def download(urls):
    for url in urls:
        requests.get(url, timeout=10)
        print(".", end="")
    print()
    logger.info("done")
    print("a", "b", sep=", ")
`,
    },
    {
      name: 'stage without prints: add a module logger',
      code: `"""Load step."""
from google.cloud import bigquery


def load(frame):
    bigquery.Client().load_table_from_dataframe(frame, "proj.ds.sales").result()
`,
      fix: 'Add a module logger',
      safe: false,
      output: `"""Load step."""
import logging
from google.cloud import bigquery

logger = logging.getLogger(__name__)


def load(frame):
    bigquery.Client().load_table_from_dataframe(frame, "proj.ds.sales").result()
`,
    },
    {
      name: 'unused loguru logger is reused, messages kept as written',
      code: `from loguru import logger
import psycopg2


def count_rows(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("DELETE FROM staging_orders")
    print(f"{cur.rowcount} orders")
    print("count", 3)


if __name__ == "__main__":
    count_rows("postgresql:///shop")
`,
      fix: 'Log with logger.info instead of print() (1 call)',
      output: `from loguru import logger
import psycopg2


def count_rows(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("DELETE FROM staging_orders")
    logger.info(f"{cur.rowcount} orders")
    print("count", 3)


if __name__ == "__main__":
    count_rows("postgresql:///shop")
`,
    },
    {
      name: 'single-quoted literals and a comment above the first __main__ statement',
      code: `import pandas as pd


def run():
    frame = pd.read_csv('/data/in.csv')
    print('rows:', len(frame), 'cols:', len(frame.columns))
    frame.to_csv('/data/out.csv')


if __name__ == '__main__':
    # entry point
    run()
`,
      fix: 'Log with logger.info',
      output: `import logging
import pandas as pd

logger = logging.getLogger(__name__)


def run():
    frame = pd.read_csv('/data/in.csv')
    logger.info('rows: %s cols: %s', len(frame), len(frame.columns))
    frame.to_csv('/data/out.csv')


if __name__ == '__main__':
    # entry point
    logging.basicConfig(level=logging.INFO)
    run()
`,
    },
  ],
};

export default cases;
