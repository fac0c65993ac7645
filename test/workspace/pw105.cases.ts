import { PD, PIPELINE, SALES_ETL, STAGE, twoStages, withFiles, type WorkspaceRuleCases } from './cases';

const READ = 'orders = pd.read_csv("/tmp/orders.csv")';
const WRITE = 'orders.to_csv("/tmp/orders.csv", index=False)';
const SRC = 'orders = pd.read_json("https://api.example.com/orders")';
const OUT = 'orders.to_parquet("/data/out/orders.parquet")';

const cases: WorkspaceRuleCases = {
  rule: 'PW105',
  flagged: [
    { name: 'the sales ETL: transform and load take their input on trust', files: SALES_ETL, expect: ['sales_etl/load.py:6', 'sales_etl/transform.py:5'] },
    { name: 'file path through a module constant', files: twoStages([SRC, 'orders.to_parquet(STAGING)'], ['orders = pd.read_parquet(STAGING)', OUT].map((l) => l), `${PD}\n\nSTAGING = "/data/staging/orders.parquet"`), expect: ['etl/consume.py:7'] },
    { name: 'os.path.join of literals and a constant folder', files: twoStages([SRC, 'orders.to_csv(os.path.join(DATA_DIR, "orders.csv"))'], ['orders = pd.read_csv(os.path.join(DATA_DIR, "orders.csv"))', OUT], `${PD}\nimport os\n\nDATA_DIR = "/data/raw"`), expect: ['etl/consume.py:8'] },
    {
      name: 'table written with to_sql(schema=) and read back with SQL',
      files: twoStages([SRC, 'orders.to_sql("orders", engine, schema="staging", if_exists="replace")'], ['orders = pd.read_sql("SELECT * FROM staging.orders", engine)', 'orders.to_sql("orders_clean", engine, if_exists="replace")']),
      expect: ['etl/consume.py:5'],
    },
    {
      name: 'BigQuery load through a table_id variable, next stage queries it',
      files: twoStages(
        [SRC, 'table_id = "proj.raw.orders"', 'client.load_table_from_dataframe(orders, table_id).result()'],
        ['rows = client.query("SELECT * FROM proj.raw.orders").to_dataframe()', 'rows.to_gbq("proj.mart.orders", if_exists="replace")'],
        `${PD}\nfrom google.cloud import bigquery\n\nclient = bigquery.Client()`,
      ),
      expect: ['etl/consume.py:8'],
    },
    {
      name: 'Snowflake write_pandas then a cursor query',
      files: twoStages(
        [SRC, 'write_pandas(conn, orders, "RAW_ORDERS")'],
        ['cur = conn.cursor()', 'cur.execute("SELECT * FROM raw_orders")', 'rows = cur.fetch_pandas_all()', 'write_pandas(conn, rows, "ORDERS_CLEAN")'],
        `${PD}\nfrom snowflake.connector.pandas_tools import write_pandas`,
      ),
      expect: ['etl/consume.py:7'],
    },
    { name: 'an assert before the read checks something else', files: twoStages([SRC, WRITE], ['assert CONFIG["enabled"]', READ, OUT]), expect: ['etl/consume.py:6'] },
    {
      name: 'scripts in one folder without a pipeline config',
      files: { 'jobs/extract.py': STAGE(PD, [SRC, WRITE]), 'jobs/transform.py': STAGE(PD, [READ, OUT]) },
      expect: ['jobs/transform.py:5'],
    },
    {
      name: 'JSON written with open() and read with open()',
      files: twoStages(['with open("/data/orders.json", "w") as handle:', '    json.dump(records, handle)'], ['with open("/data/orders.json") as handle:', '    records = json.load(handle)', 'pd.DataFrame(records).to_csv("/data/out/orders.csv")'], `${PD}\nimport json`),
      expect: ['etl/consume.py:6'],
    },
    {
      name: 'Spark parquet handoff',
      files: twoStages(['frame = spark.read.json("s3://lake/raw/orders/")', 'frame.write.mode("overwrite").parquet("s3://lake/stage/orders/")'], ['frame = spark.read.parquet("s3://lake/stage/orders/")', 'frame.write.mode("overwrite").saveAsTable("mart.orders")'], 'from pyspark.sql import SparkSession\n\nspark = SparkSession.builder.getOrCreate()'),
      expect: ['etl/consume.py:7'],
    },
    {
      name: 'Airflow tasks whose callables live in the DAG module',
      files: {
        'dags/orders.py': `from datetime import datetime

import pandas as pd
from airflow import DAG
from airflow.operators.python import PythonOperator


def extract():
    orders = pd.read_json("https://api.example.com/orders")
    orders.to_csv("/data/orders.csv", index=False)


def transform():
    orders = pd.read_csv("/data/orders.csv")
    orders.to_parquet("/data/orders.parquet")


with DAG(dag_id="orders", schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False) as dag:
    first = PythonOperator(task_id="extract", python_callable=extract)
    second = PythonOperator(task_id="transform", python_callable=transform)
    first >> second
`,
      },
      expect: ['dags/orders.py:14'],
    },
  ],
  notFlagged: [
    {
      name: 'a status lookup by id on a cursor (rows back to the code, not a dataset)',
      files: twoStages(
        [SRC, 'orders.to_sql("order_status", engine, if_exists="append")'],
        ['cur = conn.cursor()', 'cur.execute("SELECT is_loaded FROM order_status WHERE order_id = %s", (order_id,))', 'row = cur.fetchone()', 'if row and not row[0]:', '    fetch_one(order_id).to_csv("/data/out/order.csv")'],
      ),
      expect: [],
    },
    {
      name: 'ids to process fetched as tuples from the table another stage fills',
      files: twoStages(
        [SRC, 'orders.to_sql("order_status", engine, if_exists="append")'],
        ['cur = conn.cursor()', 'cur.execute("SELECT order_id FROM order_status WHERE failed = TRUE")', 'ids = [r[0] for r in cur.fetchall()]', 'retry(ids).to_csv("/data/out/retried.csv")'],
      ),
      expect: [],
    },
    { name: 'assert after the read', files: twoStages([SRC, WRITE], [READ, 'assert not orders.empty, "no orders"', OUT]), expect: [] },
    { name: 'raise on a row count', files: twoStages([SRC, WRITE], [READ, 'if len(orders) == 0:', '    raise ValueError("no orders extracted")', OUT]), expect: [] },
    { name: 'raise on missing columns', files: twoStages([SRC, WRITE], [READ, 'missing = {"id", "amount"} - set(orders.columns)', 'if missing:', '    raise ValueError(f"missing {missing}")', OUT]), expect: [] },
    { name: 'pandera schema.validate', files: twoStages([SRC, WRITE], [READ, 'orders = OrderSchema.validate(orders)', OUT], `${PD}\nimport pandera as pa`), expect: [] },
    { name: 'pydantic model_validate per record', files: twoStages([SRC, WRITE], [READ, 'rows = [Order.model_validate(r) for r in orders.to_dict("records")]', OUT]), expect: [] },
    { name: 'a validate_* helper', files: twoStages([SRC, WRITE], [READ, 'validate_orders(orders)', OUT]), expect: [] },
    { name: 'great_expectations validator', files: twoStages([SRC, WRITE], [READ, 'result = gx.from_pandas(orders).expect_column_values_to_not_be_null("id")', OUT], `${PD}\nimport great_expectations as gx`), expect: [] },
    { name: 'a pandera check_types decorator', files: withFiles(twoStages([SRC, WRITE], []), { 'etl/consume.py': `${PD}\nimport pandera as pa\n\n\n@pa.check_types\ndef run():\n    ${READ}\n    ${OUT}\n` }), expect: [] },
    { name: 'the consumer writes nothing on', files: twoStages([SRC, WRITE], [READ, 'print(orders.describe())']), expect: [] },
    { name: 'the input is a source no stage writes', files: twoStages([SRC, OUT], [READ, 'orders.to_csv("/data/out/x.csv")']), expect: [] },
    {
      name: 'scripts in different folders and no pipeline config',
      files: { 'extract/run.py': STAGE(PD, [SRC, WRITE]), 'transform/run.py': STAGE(PD, [READ, OUT]) },
      expect: [],
    },
    { name: 'a test reading a stage output', files: withFiles(twoStages([SRC, WRITE], [READ, 'assert len(orders) > 0', OUT]), { 'etl/tests/test_consume.py': STAGE(PD, [READ, OUT]) }), expect: [] },
    {
      name: 'validation in main() after the reading function',
      files: withFiles(twoStages([SRC, WRITE], []), { 'etl/consume.py': `${PD}\n\n\ndef read():\n    return pd.read_csv("/tmp/orders.csv")\n\n\ndef main():\n    orders = read()\n    check_orders(orders)\n    ${OUT}\n` }),
      expect: [],
    },
    {
      name: 'a bronze step reads its own table back to union new rows into it (its own previous state, not a handoff)',
      files: twoStages(
        [SRC, 'orders.to_parquet("/data/bronze/orders.parquet")'],
        ['old = pd.read_parquet("/data/bronze/orders.parquet")', 'new = pd.read_json("https://api.example.com/orders?since=today")', 'pd.concat([old, new]).to_parquet("/data/bronze/orders.parquet")'],
      ),
      expect: [],
    },
    { name: 'a step that runs before the writer is PW405, not PW105', files: { 'etl/pipeline.yaml': PIPELINE(['consume.py', 'produce.py']), 'etl/produce.py': STAGE(PD, [SRC, WRITE]), 'etl/consume.py': STAGE(PD, [READ, OUT]) }, expect: [] },
  ],
};

export default cases;
