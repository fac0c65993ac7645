import { PD, PIPELINE, SALES_ETL, STAGE, withFiles, type WorkspaceRuleCases } from './cases';

const SRC = 'orders = pd.read_json("https://api.example.com/orders")';
const DOC = '"""Orders stage."""\n';
/** A stage body that moves data (PW302/PW303 look at pipelines whose stages read or write something). */
const MOVE = [SRC, 'orders.to_csv("/data/orders.csv")'];
const one = (body: string[], imports = PD, extra: Record<string, string> = {}, config = PIPELINE(['run.py'])) => ({ 'etl/pipeline.yaml': config, 'etl/run.py': STAGE(imports, body), ...extra });

/** An Airflow DAG in dags/ running `fetch` from the etl package (module docstring `doc`, function docstring `fnDoc`). */
/** A DAG file whose task callable, defined in the DAG file, hands the work to a module in lib/ (imported as lib.export). */
const DAG_CALLING_LIB = {
  'lib/export.py': `${PD}\n\n\ndef export(day):\n    ${SRC}\n    orders.to_csv(f"/data/{day}.csv")\n`,
  'export_dag.py': 'import lib.export\nfrom airflow import DAG\nfrom airflow.operators.python import PythonOperator\n\n\ndef run_export(ds):\n    lib.export.export(ds)\n\n\nwith DAG("export", schedule="@daily") as dag:\n    PythonOperator(task_id="export", python_callable=run_export)\n',
};

/** Three DAG files whose callables all use one shared database helper (lib/db.py), each with its own export module. */
const DAGS_SHARING_DB = Object.fromEntries(['orders', 'refunds', 'stores'].flatMap((name) => [
  [`lib/${name}.py`, `${PD}\n\n\ndef export_${name}(day):\n    frame = pd.read_json(f"https://api.example.com/${name}?day={day}")\n    frame.to_csv(f"/data/${name}/{day}.csv")\n`],
  [`${name}_dag.py`, `from lib.db import Database\nfrom lib.${name} import export_${name}\nfrom airflow import DAG\nfrom airflow.operators.python import PythonOperator\n\n\ndef run(ds):\n    Database().ping()\n    export_${name}(ds)\n\n\nwith DAG("${name}", schedule="@daily") as dag:\n    PythonOperator(task_id="export", python_callable=run)\n`],
]).concat([['lib/db.py', 'import psycopg2\n\n\nclass Database:\n    def ping(self):\n        return psycopg2.connect("").closed\n']]));

const AIRFLOW_PACKAGE = (doc: string, fnDoc: string) => ({
  'etl/__init__.py': '',
  'etl/tasks.py': `${doc}${PD}\n\n\ndef fetch():\n${fnDoc}    ${SRC}\n    orders.to_csv("/data/orders.csv")\n`,
  'dags/orders.py': 'from airflow import DAG\nfrom airflow.operators.python import PythonOperator\n\nfrom etl.tasks import fetch\n\nwith DAG("orders", schedule="@daily") as dag:\n    PythonOperator(task_id="fetch", python_callable=fetch)\n',
});

export const PW301: WorkspaceRuleCases = {
  rule: 'PW301',
  flagged: [
    { name: 'the sales ETL writes three artifacts without schemas', files: SALES_ETL, expect: ['sales_etl/pipeline.yaml:3'] },
    { name: 'to_sql without dtype', files: one([SRC, 'orders.to_sql("orders", engine)']), expect: ['etl/pipeline.yaml:3'] },
    { name: 'parquet without a schema', files: one([SRC, 'orders.to_parquet("/data/orders.parquet")']), expect: ['etl/pipeline.yaml:3'] },
    { name: 'Snowflake write_pandas', files: one([SRC, 'write_pandas(conn, orders, "ORDERS")'], `${PD}\nfrom snowflake.connector.pandas_tools import write_pandas`), expect: ['etl/pipeline.yaml:3'] },
    { name: 'one write declared, another not', files: one([SRC, 'orders.to_sql("orders", engine, dtype={"id": Integer()})', 'orders.to_csv("/data/orders.csv")']), expect: ['etl/pipeline.yaml:3'] },
    { name: 'BigQuery load without LoadJobConfig(schema=)', files: one([SRC, 'client.load_table_from_dataframe(orders, "p.d.t", job_config=bigquery.LoadJobConfig(write_disposition="WRITE_TRUNCATE"))'], `${PD}\nfrom google.cloud import bigquery`), expect: ['etl/pipeline.yaml:3'] },
    { name: 'a CSV written to object storage for a crawler to infer', files: one([SRC, 'orders.to_csv(f"s3://lake/{day}/orders.csv", index=False)']), expect: ['etl/pipeline.yaml:3'] },
    { name: 'a gzipped CSV without a schema', files: one([SRC, 'orders.to_csv("/data/orders.csv.gz")']), expect: ['etl/pipeline.yaml:3'] },
    { name: 'an upsert whose column list is joined from the frame\'s columns', files: one([SRC, 'cols = ", ".join(orders.columns)', 'marks = ", ".join(["%s"] * len(orders.columns))', 'cur.executemany(f"INSERT INTO mart.orders ({cols}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING", orders.values.tolist())']), expect: ['etl/pipeline.yaml:3'] },
    { name: 'an INSERT whose columns are listed from the frame in a comprehension', files: one([SRC, 'columns = [c for c in orders.columns if c != "id"]', 'sql = "INSERT INTO mart.orders (id," + ",".join(columns) + ") VALUES (%s)"', 'cur.executemany(sql, rows)']), expect: ['etl/pipeline.yaml:3'] },
    { name: 'an explicit INSERT beside a to_sql without dtype still reports the to_sql', files: one([SRC, 'cur.execute("INSERT INTO mart.runs (run_id, finished_at) VALUES (%s, now())", (run_id,))', 'orders.to_sql("orders", engine, if_exists="append")']), expect: ['etl/pipeline.yaml:3'] },
    { name: 'a CREATE TABLE of another table does not declare this one', files: { 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/db.py': 'import sqlite3\n\n\ndef init_db(conn):\n    conn.execute("CREATE TABLE IF NOT EXISTS customers (id INTEGER PRIMARY KEY)")\n', 'etl/run.py': STAGE(`${PD}\nfrom db import init_db`, ['init_db(conn)', SRC, 'orders.to_sql("orders", conn, if_exists="append")']) }, expect: ['etl/pipeline.yaml:3'] },
  ],
  notFlagged: [
    { name: 'dtype= on every write', files: one([SRC, 'orders.to_sql("orders", engine, dtype={"id": Integer()})']), expect: [] },
    { name: 'a migrations folder in the project', files: one([SRC, 'orders.to_sql("orders", engine)'], PD, { 'migrations/001_orders.sql': 'CREATE TABLE orders (id int);\n' }), expect: [] },
    { name: 'LoadJobConfig(schema=…)', files: one([SRC, 'config = bigquery.LoadJobConfig(schema=[bigquery.SchemaField("id", "INTEGER")])', 'client.load_table_from_dataframe(orders, "p.d.t", job_config=config)'], `${PD}\nfrom google.cloud import bigquery`), expect: [] },
    { name: 'a pandera schema validated before the write', files: one([SRC, 'orders = ORDERS_SCHEMA.validate(orders)', 'orders.to_parquet("/data/orders.parquet")'], `${PD}\nimport pandera as pa\n\nORDERS_SCHEMA = pa.DataFrameSchema({"id": pa.Column(int)})`), expect: [] },
    { name: 'the config declares a schema', files: one([SRC, 'orders.to_csv("/data/orders.csv")'], PD, {}, `${PIPELINE(['run.py'])}schema:\n  orders: schemas/orders.json\n`), expect: [] },
    { name: 'CREATE TABLE with columns before an INSERT', files: one(['cur.execute("CREATE TABLE IF NOT EXISTS mart.orders (id int, amount numeric)")', 'cur.execute("INSERT INTO mart.orders SELECT * FROM raw.orders")']), expect: [] },
    { name: 'astype({...}) before the write', files: one([SRC, 'orders = orders.astype({"id": "int64", "amount": "float64"})', 'orders.to_parquet("/data/orders.parquet")']), expect: [] },
    { name: 'downloaded images written with open()', files: one(['import requests', 'resp = requests.get(URL, timeout=30)', 'with open(f"/tmp/images/{name}", "wb") as f:', '    f.write(resp.content)']), expect: [] },
    { name: 'a generated SQL script for the next task', files: one([SRC, 'with open("/tmp/insert.sql", "w") as f:', '    f.write(statements)']), expect: [] },
    { name: 'a JSON state file', files: one([SRC, 'orders.to_json("/data/state.json")']), expect: [] },
    { name: 'the DAG\'s BigQuery load declares schema_fields', files: { ...AIRFLOW_PACKAGE(DOC, ''), 'dags/orders.py': `${AIRFLOW_PACKAGE(DOC, '')['dags/orders.py']}    GCSToBigQueryOperator(task_id="load", bucket="b", source_objects=["orders.csv"], schema_fields=[{"name": "id", "type": "INTEGER"}])\n` }, expect: [] },
    { name: 'an sql/init_schema.sql in the project', files: one([SRC, 'orders.to_sql("orders", engine, if_exists="append")'], PD, { 'sql/init_schema.sql': 'CREATE TABLE orders (id int);\n' }), expect: [] },
    { name: 'the shared db module creates the table with its columns', files: { 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/db.py': 'import sqlite3\n\n\ndef init_db(conn):\n    conn.execute("CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, amount REAL NOT NULL)")\n', 'etl/run.py': STAGE(`${PD}\nfrom db import init_db`, ['init_db(conn)', SRC, 'orders.to_sql("orders", conn, if_exists="append")']) }, expect: [] },
    { name: 'an explicit INSERT naming its columns into an existing table', files: one([SRC, 'cur.executemany("INSERT INTO mart.orders (id, amount, placed_at) VALUES (%s, %s, %s)", rows)']), expect: [] },
    { name: 'an upsert on its key with a literal column list', files: one([SRC, 'cur.execute("INSERT INTO mart.daily_totals (day, total) VALUES (%s, %s) ON CONFLICT (day) DO UPDATE SET total = EXCLUDED.total", (day, total))']), expect: [] },
    { name: 'an INSERT … SELECT from a staging table, columns named', files: one(['cur.execute("INSERT INTO mart.orders (id, amount) SELECT id, amount FROM staging.orders ON CONFLICT (id) DO NOTHING")']), expect: [] },
    { name: 'an upsert with a literal column list after a membership check on the frame\'s columns', files: one([SRC, 'for column in ["id", "amount"]:', '    if column not in orders.columns:', '        orders[column] = None', 'sql = "INSERT INTO mart.orders (id, amount) VALUES (%s, %s) ON CONFLICT (id) DO NOTHING"', 'cur.executemany(sql, rows)']), expect: [] },
    { name: 'columns renamed to lower case, then an INSERT naming its columns', files: one([SRC, 'orders.columns = [c.strip().lower() for c in orders.columns]', 'cur.executemany("INSERT INTO mart.orders (id, amount) VALUES (%s, %s)", rows)']), expect: [] },
    { name: 'an UPDATE of named columns', files: one([SRC, 'cur.execute("UPDATE mart.orders SET status = %s WHERE id = %s", (status, order_id))']), expect: [] },
    { name: 'a pipeline whose scripts are not in the workspace', files: { 'etl/pipeline.yaml': PIPELINE(['missing.py']) }, expect: [] },
  ],
};

export const PW302: WorkspaceRuleCases = {
  rule: 'PW302',
  flagged: [
    { name: 'the sales ETL: no README, no docstrings', files: SALES_ETL, expect: ['sales_etl/pipeline.yaml:3'] },
    { name: 'docstrings everywhere, no README', files: { 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': STAGE(PD, MOVE, DOC) }, expect: ['etl/pipeline.yaml:3'] },
    { name: 'a DAG runs an undocumented function of its task package (no README either)', files: AIRFLOW_PACKAGE('', ''), expect: ['dags/orders.py:6'] },
    { name: 'an index.py above is code, not documentation', files: { 'index.py': 'x = 1\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': STAGE(PD, MOVE, DOC) }, expect: ['etl/pipeline.yaml:3'] },
    { name: 'a README in a sibling folder does not document this pipeline', files: { 'other/README.md': '# Other\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': STAGE(PD, MOVE, DOC) }, expect: ['etl/pipeline.yaml:3'] },
    { name: 'a comment header on the DAG is not a docstring', files: { ...AIRFLOW_PACKAGE('', ''), 'dags/orders.py': `# orders DAG\n${AIRFLOW_PACKAGE('', '')['dags/orders.py']}` }, expect: ['dags/orders.py:7'] },
    { name: 'a docs/ folder beside another pipeline', files: { 'other/docs/index.md': '# Other\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': STAGE(PD, MOVE, DOC) }, expect: ['etl/pipeline.yaml:3'] },
  ],
  notFlagged: [
    { name: 'README present, functions undocumented (docstrings alone are not a pipeline finding)', files: one(MOVE, PD, { 'etl/README.md': '# Orders\n' }), expect: [] },
    { name: 'a README in the repository root documents the pipelines below it', files: { 'README.md': '# Repo\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': STAGE(PD, MOVE, DOC) }, expect: [] },
    { name: 'a module without a module docstring', files: { 'etl/README.md': '# x\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': `${PD}\n\n\ndef run():\n    """Run."""\n    ${SRC}\n    orders.to_csv("/data/orders.csv")\n` }, expect: [] },
    { name: 'public functions undocumented next to private ones', files: { 'etl/README.md': '# x\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': `${DOC}${PD}\n\n\ndef _helper():\n    pass\n\n\ndef publish():\n    pd.read_csv("/data/in.csv").to_csv("/data/out.csv")\n` }, expect: [] },
    { name: 'a README two folders above the flow (a layer folder)', files: { 'marts/README.md': '# Marts\n', 'marts/jobs/src/pipeline.yaml': PIPELINE(['run.py']), 'marts/jobs/src/run.py': STAGE(PD, MOVE) }, expect: [] },
    { name: 'the DAG module docstring says what it does', files: { ...AIRFLOW_PACKAGE('', ''), 'dags/orders.py': `"""Daily orders: fetch from the API, write /data/orders.csv."""\n${AIRFLOW_PACKAGE('', '')['dags/orders.py']}` }, expect: [] },
    { name: 'a module docstring after a comment header on the DAG', files: { ...AIRFLOW_PACKAGE('', ''), 'dags/orders.py': `# owner: data team\n\n"""Daily orders."""\n${AIRFLOW_PACKAGE('', '')['dags/orders.py']}` }, expect: [] },
    { name: 'an index.md in the pipeline folder', files: { 'etl/index.md': '# Orders\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': STAGE(PD, MOVE) }, expect: [] },
    { name: 'README and docstrings', files: { 'etl/README.md': '# x\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': STAGE(PD, MOVE, DOC) }, expect: [] },
    { name: 'a docs/ folder at the repository root documents the flows below it', files: { 'docs/flows.md': '# Flows\n', 'pipelines/orders/pipeline.yaml': PIPELINE(['run.py']), 'pipelines/orders/run.py': STAGE(PD, MOVE) }, expect: [] },
    { name: 'a docs/ folder', files: { 'etl/docs/index.md': '# x\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': STAGE(PD, MOVE, DOC) }, expect: [] },
    { name: 'readme.rst in lower case', files: { 'etl/readme.rst': 'x\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': STAGE(PD, MOVE, DOC) }, expect: [] },
    { name: 'only _private and main() lack docstrings', files: { 'etl/README.md': '# x\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': `${DOC}${PD}\n\n\ndef _helper():\n    pass\n\n\ndef main():\n    pass\n` }, expect: [] },
    { name: 'nested functions need no docstring', files: { 'etl/README.md': '# x\n', 'etl/pipeline.yaml': PIPELINE(['run.py']), 'etl/run.py': `${DOC}${PD}\n\n\ndef run():\n    """Run."""\n\n    def inner():\n        pass\n\n    return inner\n` }, expect: [] },
    { name: 'scripts without a pipeline config', files: { 'jobs/a.py': STAGE(PD, [SRC, 'orders.to_csv("/data/x.csv")']), 'jobs/b.py': STAGE(PD, ['orders = pd.read_csv("/data/x.csv")', 'orders.to_csv("/data/y.csv")']) }, expect: [] },
    { name: 'a pipeline whose stages move no data Pipewise can see', files: one(['conn = psycopg2.connect(DSN)'], 'import psycopg2') , expect: [] },
    { name: 'an Airflow project: the README one level above dags/, docstrings in the task package', files: { 'README.md': '# Orders\n', ...AIRFLOW_PACKAGE(DOC, '    """Fetch orders."""\n') }, expect: [] },
  ],
};

export const PW303: WorkspaceRuleCases = {
  rule: 'PW303',
  flagged: [
    { name: 'the sales ETL has no tests', files: SALES_ETL, expect: ['sales_etl/pipeline.yaml:3'] },
    { name: 'a test of an unrelated module', files: withFiles(SALES_ETL, { 'tests/test_utils.py': 'from common import utils\n\n\ndef test_x():\n    assert utils.x()\n' }), expect: ['sales_etl/pipeline.yaml:3'] },
    { name: 'a test importing only pandas', files: withFiles(SALES_ETL, { 'tests/test_frames.py': 'import pandas as pd\n\n\ndef test_frame():\n    assert pd.DataFrame().empty\n' }), expect: ['sales_etl/pipeline.yaml:3'] },
    { name: 'only the other pipeline is tested', files: { 'a/pipeline.yaml': PIPELINE(['alpha.py']), 'a/alpha.py': STAGE(PD, MOVE), 'b/pipeline.yaml': PIPELINE(['beta.py']), 'b/beta.py': STAGE(PD, MOVE), 'tests/test_alpha.py': 'from a import alpha\n' }, expect: ['b/pipeline.yaml:3'] },
    { name: 'only a conftest.py', files: withFiles(SALES_ETL, { 'tests/conftest.py': 'import pytest\n' }), expect: ['sales_etl/pipeline.yaml:3'] },
    { name: 'a test running another script', files: withFiles(SALES_ETL, { 'tests/test_cli.py': 'import subprocess\n\n\ndef test_cli():\n    subprocess.run(["python", "report.py"], check=True)\n' }), expect: ['sales_etl/pipeline.yaml:3'] },
    { name: 'a DAG whose task hands the work to a lib module nobody tests', files: { ...DAG_CALLING_LIB, 'lib/utils_test.py': 'import utils\n' }, expect: ['export_dag.py:10'] },
    { name: 'tests cover only the database helper every DAG imports, not the stages', files: { ...DAGS_SHARING_DB, 'tests/test_db.py': 'from lib.db import Database\n\n\ndef test_ping():\n    assert Database().ping() is not None\n' }, expect: ['orders_dag.py:12', 'refunds_dag.py:12', 'stores_dag.py:12'] },
    { name: 'a test beside one DAG\'s module covers that DAG only', files: { ...DAGS_SHARING_DB, 'lib/orders_test.py': 'import orders\n' }, expect: ['refunds_dag.py:12', 'stores_dag.py:12'] },
  ],
  notFlagged: [
    { name: 'a test imports a stage through its package', files: withFiles(SALES_ETL, { 'tests/test_transform.py': 'from sales_etl import transform\n' }), expect: [] },
    { name: 'a test imports a stage module directly', files: withFiles(SALES_ETL, { 'sales_etl/tests/test_extract.py': 'import extract\n' }), expect: [] },
    { name: 'a test runs a stage script', files: withFiles(SALES_ETL, { 'tests/test_load.py': 'import subprocess\n\n\ndef test_load():\n    subprocess.run(["python", "sales_etl/load.py"], check=True)\n' }), expect: [] },
    { name: 'a test imports a stage function', files: withFiles(SALES_ETL, { 'test_pipeline.py': 'from sales_etl.transform import run\n' }), expect: [] },
    { name: 'a *_test.py file', files: withFiles(SALES_ETL, { 'sales_etl/transform_test.py': 'from . import transform\n' }), expect: [] },
    { name: 'a DAG task hands the work to lib/export.py, run by lib/export_test.py beside it', files: { ...DAG_CALLING_LIB, 'lib/export_test.py': 'import export\n\n\ndef test_export(tmp_path):\n    export.export("2026-01-01")\n' }, expect: [] },
    { name: 'a Go-style test beside the module imports it through its package', files: { ...DAG_CALLING_LIB, 'lib/export_test.py': 'from lib.export import export\n' }, expect: [] },
    { name: 'scripts without a pipeline config', files: { 'jobs/a.py': STAGE(PD, [SRC, 'orders.to_csv("/data/x.csv")']), 'jobs/b.py': STAGE(PD, ['orders = pd.read_csv("/data/x.csv")', 'orders.to_csv("/data/y.csv")']) }, expect: [] },
  ],
};
