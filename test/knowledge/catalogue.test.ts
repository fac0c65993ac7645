// The pipeline-library model beyond I/O kinds: which library a call belongs to, whether its client
// retries by itself, which argument holds SQL and how it binds parameters, broad exception
// classes, DataFrames. Each case wraps one call (or one name) in «…».

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  GLUE_BOOKMARK_ENABLED,
  isGlueJobCommit,
  isGlueSourceRead,
  isStreamingRead,
  recordsDagsterRunMetadata,
  resolvedCallee,
  PRINTS_KEPT_BY, HTTP_CLIENTS, LIBRARIES, connectionLibrary, isPrefectFlowDecorator, isPrefectTaskDecorator, logPrintsSetting, defaultRetryOf, entryKindOf, httpClientOfFunction, httpClientOfSession, importedDrivers, inputOfCall, inputOfName, isIoNamedHelper, mayBeHttpCall, ioOf, isBroadHandler, isDataFrameCall, libraryOf, paramStyleOf, parsesArgument, roleOf, sqlCallOf, sqlDialectOf, writesData,
} from '../../server/src/engine/knowledge';
import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { PythonSource } from '../../server/src/engine/python/python-source';

async function callAt(code: string): Promise<{ call: CallFact; py: PythonFacts; text: string }> {
  await initPythonParser();
  const at = code.indexOf('«');
  const end = code.indexOf('»') - 1;
  const text = code.replace('«', '').replace('»', '');
  const py = new PythonSource().update(text);
  const call = py.calls.find((c) => c.start === at && c.end === end);
  assert.ok(call, `no call at the marker in:\n${code}`);
  return { call, py, text };
}

test('every library is well formed: unique ids, named calls, sourced retry facts', () => {
  const ids = LIBRARIES.map((l) => l.id);
  assert.deepEqual(ids, [...new Set(ids)]);
  for (const library of LIBRARIES) {
    for (const entry of library.calls) assert.ok(entry.names.length > 0 || library.id === 'sqlite3' || library.id === 'duckdb', `${library.id}: an entry without names`);
    if (library.retriesByDefault) assert.match(library.retriesByDefault.source, /^https:\/\//, `${library.id}: a retry fact needs its documented source`);
  }
});

const libraries: Array<[string, string, string | null]> = [
  ['psycopg2 cursor by flow', 'import psycopg2\n\nconn = psycopg2.connect(dsn)\ncur = conn.cursor()\n«cur.execute("SELECT 1")»\n', 'psycopg2'],
  ['mysql.connector connect', 'import mysql.connector\n\nconn = «mysql.connector.connect(host=h)»\n', 'mysql-connector'],
  ['a cursor parameter of unknown driver', 'def load(cur):\n    «cur.execute("DELETE FROM t")»\n', 'dbapi'],
  ['BigQuery load', 'from google.cloud import bigquery\n\nclient = bigquery.Client()\n«client.load_table_from_dataframe(df, "p.d.t")»\n', 'bigquery'],
  ['boto3 upload', 'import boto3\n\ns3 = boto3.client("s3")\n«s3.upload_file("a.csv", "bucket", "a.csv")»\n', 'boto3'],
  ['GCS blob upload', 'from google.cloud import storage\n\nblob = storage.Client().bucket("b").blob("k")\n«blob.upload_from_filename("a.csv")»\n', 'google-cloud-storage'],
  ['Azure blob upload', 'from azure.storage.blob import BlobClient\n\nblob = BlobClient.from_connection_string(cs, "c", "b")\n«blob.upload_blob(data)»\n', 'azure-storage'],
  ['requests get', 'import requests\n\n«requests.get(url, timeout=10)»\n', 'http'],
  ["dlt's requests helper", 'from dlt.sources.helpers import requests\n\n«requests.get(url)»\n', 'dlt-requests'],
  ['dlt pipeline run', 'import dlt\n\npipeline = dlt.pipeline(destination="duckdb")\n«pipeline.run(rows, table_name="orders")»\n', 'dlt'],
  ['Airflow hook read', 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\nhook = PostgresHook("pg")\ndf = «hook.get_pandas_df("SELECT * FROM t")»\n', 'airflow-hooks'],
  ['Spark table write', 'from pyspark.sql import SparkSession\n\ndef run(df):\n    «df.write.mode("append").saveAsTable("s.t")»\n', 'spark'],
  ['a look-alike get on a dict', 'config = {}\nvalue = «config.get("x")»\n', null],
  ['petl fromdb', 'import petl as etl\n\ntable = «etl.fromdb(conn, "SELECT * FROM users")»\n', 'petl'],
];

for (const [name, code, expected] of libraries) {
  test(`library of: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(libraryOf(call, py)?.id ?? null, expected);
  });
}

const retries: Array<[string, string, boolean]> = [
  ['BigQuery query', 'from google.cloud import bigquery\n\nclient = bigquery.Client()\n«client.query("SELECT 1")»\n', true],
  ['boto3 S3 get_object', 'import boto3\n\ns3 = boto3.client("s3")\n«s3.get_object(Bucket="b", Key="k")»\n', true],
  ['an s3 client parameter', 'def fetch(s3_client):\n    return «s3_client.get_object(Bucket="b", Key="k")»\n', true],
  ['GCS download', 'from google.cloud import storage\n\nblob = storage.Client().bucket("b").blob("k")\n«blob.download_as_bytes()»\n', true],
  ['Azure SDK upload', 'from azure.storage.blob import ContainerClient\n\nc = ContainerClient.from_connection_string(cs, "x")\n«c.upload_blob("k", data)»\n', true],
  ['requests does not retry', 'import requests\n\n«requests.post(url, json=body, timeout=5)»\n', false],
  ['psycopg2 does not retry', 'import psycopg2\n\nconn = «psycopg2.connect(dsn)»\n', false],
  ['Snowflake write_pandas does not retry', 'from snowflake.connector.pandas_tools import write_pandas\n\n«write_pandas(conn, df, "ORDERS")»\n', false],
];

for (const [name, code, expected] of retries) {
  test(`retries by default: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.ok(ioOf(call, py), 'the call is I/O');
    assert.equal(defaultRetryOf(call, py) !== null, expected);
  });
}

const sqlCalls: Array<[string, string, string | null, string | null]> = [
  // name, code, kind, the SQL argument's text
  ['DB-API execute', 'import psycopg2\n\ncur = psycopg2.connect(dsn).cursor()\n«cur.execute(q, (1,))»\n', 'dbapi', 'q'],
  ['execute with sql= keyword', 'def run(cur):\n    «cur.execute(params=p, sql=q)»\n', 'dbapi', 'q'],
  ['SQLAlchemy text()', 'from sqlalchemy import text\n\nstmt = «text(q)»\n', 'sqlalchemy-text', 'q'],
  ['session.execute', 'def run(session):\n    «session.execute(stmt)»\n', 'sqlalchemy-execute', 'stmt'],
  ['pandas read_sql through an alias', 'from pandas import read_sql as rs\n\ndf = «rs(q, conn)»\n', 'pandas', 'q'],
  ['spark.sql', 'def run(spark):\n    return «spark.sql(q)»\n', 'spark', 'q'],
  ['BigQuery client.query', 'from google.cloud import bigquery\n\nclient = bigquery.Client()\n«client.query(q)»\n', 'bigquery', 'q'],
  ['Airflow hook run', 'def run(pg_hook):\n    «pg_hook.run(q)»\n', 'airflow-hook', 'q'],
  ['read_sql_table takes a table, not SQL', 'import pandas as pd\n\ndf = «pd.read_sql_table("orders", engine)»\n', null, null],
  ['a bare execute() is a local function', 'def execute(x):\n    pass\n\n«execute(q)»\n', null, null],
];

for (const [name, code, kind, arg] of sqlCalls) {
  test(`SQL call: ${name}`, async () => {
    const { call, py, text } = await callAt(code);
    const found = sqlCallOf(call, py);
    assert.equal(found?.kind ?? null, kind);
    assert.equal(found ? text.slice(found.arg.start, found.arg.end) : null, arg);
  });
}

const paramStyles: Array<[string, string, string | null]> = [
  ['psycopg2: %s', 'import psycopg2\n\ncur = psycopg2.connect(dsn).cursor()\n«cur.execute(q)»\n', 'pyformat'],
  ['sqlite3: ?', 'import sqlite3\n\ncur = sqlite3.connect("x.db").cursor()\n«cur.execute(q)»\n', 'qmark'],
  ['SQLAlchemy: :name', 'import sqlalchemy\n\nengine = sqlalchemy.create_engine(url)\n«engine.connect().execute(q)»\n', 'named'],
  ['unknown cursor: not known', 'def run(cur):\n    «cur.execute(q)»\n', null],
  ['Airflow PostgresHook: %s', 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\nhook = PostgresHook("pg")\n«hook.get_records(q)»\n', 'pyformat'],
  ['Airflow SqliteHook: ?', 'from airflow.providers.sqlite.hooks.sqlite import SqliteHook\n\n«SqliteHook("s").run(q)»\n', 'qmark'],
  ['a hook parameter: not known', 'def run(hook):\n    «hook.get_records(q)»\n', null],
];

for (const [name, code, style] of paramStyles) {
  test(`parameter style: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(paramStyleOf(call, py), style);
  });
}

test('a cursor of unknown driver is remote unless the module only uses in-process databases', async () => {
  const sqliteOnly = await callAt('import sqlite3\n\n\ndef get_db():\n    return sqlite3.connect(PATH)\n\n\ndef mark(i):\n    cursor = get_db().cursor()\n    «cursor.execute("UPDATE t SET done = 1 WHERE id = ?", (i,))»\n');
  assert.equal(ioOf(sqliteOnly.call, sqliteOnly.py)?.remote, false);
  const mixed = await callAt('import sqlite3\nimport psycopg2\n\n\ndef mark(cursor, i):\n    «cursor.execute("UPDATE t SET done = 1 WHERE id = %s", (i,))»\n');
  assert.equal(ioOf(mixed.call, mixed.py)?.remote, true);
  const unknown = await callAt('def mark(cursor, i):\n    «cursor.execute("UPDATE t SET done = 1")»\n');
  assert.equal(ioOf(unknown.call, unknown.py)?.remote, true);
});

test('roles tell calls of one kind apart', async () => {
  const fetch = await callAt('def run(cur):\n    cur.execute(q)\n    return «cur.fetchall()»\n');
  assert.equal(roleOf(fetch.call, fetch.py), null, 'fetchall on an unknown cursor has no library');
  const psycopgFetch = await callAt('import psycopg2\n\ncur = psycopg2.connect(dsn).cursor()\nrows = «cur.fetchall()»\n');
  assert.equal(roleOf(psycopgFetch.call, psycopgFetch.py), 'fetch');
  const load = await callAt('from google.cloud import bigquery\n\nclient = bigquery.Client()\n«client.insert_rows_json("p.d.t", rows)»\n');
  assert.equal(roleOf(load.call, load.py), 'stream-insert');
});

const handlers: Array<[string, string, boolean]> = [
  ['bare except', 'try:\n    x()\nexcept:\n    pass\n', true],
  ['except Exception', 'try:\n    x()\nexcept Exception:\n    pass\n', true],
  ['requests.RequestException', 'import requests\n\ntry:\n    x()\nexcept requests.RequestException:\n    pass\n', true],
  ['imported DB-API Error', 'from mysql.connector import Error\n\ntry:\n    x()\nexcept Error:\n    pass\n', true],
  ['psycopg2.Error in a tuple', 'import psycopg2\n\ntry:\n    x()\nexcept (ValueError, psycopg2.Error):\n    pass\n', true],
  ['SQLAlchemyError', 'from sqlalchemy.exc import SQLAlchemyError\n\ntry:\n    x()\nexcept SQLAlchemyError:\n    pass\n', true],
  ['GoogleAPIError', 'from google.api_core.exceptions import GoogleAPIError\n\ntry:\n    x()\nexcept GoogleAPIError:\n    pass\n', true],
  ['botocore ClientError', 'from botocore.exceptions import ClientError\n\ntry:\n    x()\nexcept ClientError:\n    pass\n', true],
  ['ValueError is narrow', 'try:\n    int(x)\nexcept ValueError:\n    pass\n', false],
  ['a local class named Error is not a driver error', 'class Error(Exception):\n    pass\n\ntry:\n    x()\nexcept Error:\n    pass\n', false],
  ['KeyError is narrow', 'try:\n    d["x"]\nexcept KeyError:\n    pass\n', false],
  ["dlt's requests helper base error", 'from dlt.sources.helpers import requests\n\ntry:\n    x()\nexcept requests.RequestException:\n    pass\n', true],
];

for (const [name, code, broad] of handlers) {
  test(`broad handler: ${name}`, async () => {
    await initPythonParser();
    const py = new PythonSource().update(code);
    const handler = py.tries[0]?.handlers[0];
    assert.ok(handler);
    assert.equal(isBroadHandler(handler.types, py), broad);
  });
}

const frames: Array<[string, string, boolean]> = [
  ['pd.read_csv', 'import pandas as pd\n\ndf = «pd.read_csv("x.csv")»\n', true],
  ['hook.get_pandas_df', 'def run(hook):\n    return «hook.get_pandas_df(sql)»\n', true],
  ['job.to_dataframe()', 'def run(job):\n    return «job.to_dataframe()»\n', true],
  ['merge on a read frame', 'import pandas as pd\n\norders = pd.read_csv("o.csv")\nclean = «orders.merge(c, on="id")»\n', true],
  ['spark.read.parquet', 'def run(spark):\n    return «spark.read.parquet("p")»\n', true],
  ['a dict get is not a frame', 'cfg = {}\nx = «cfg.get("a")»\n', false],
  ['json.load is not a frame', 'import json\n\ndata = «json.load(f)»\n', false],
];

for (const [name, code, frame] of frames) {
  test(`DataFrame: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(isDataFrameCall(call, py), frame);
  });
}

test('HTTP clients: how long a request waits when the call sets no timeout', () => {
  for (const client of HTTP_CLIENTS) if (client.defaultTimeout) assert.match(client.defaultTimeout.source, /^https:\/\//, `${client.id}: a default timeout needs its documented source`);
  assert.equal(httpClientOfFunction('requests.get')?.defaultTimeout, null);
  assert.equal(httpClientOfFunction('requests.api.post')?.id, 'requests');
  assert.ok(httpClientOfFunction('urllib.request.urlretrieve')?.untimed?.includes('urllib.request.urlretrieve'));
  assert.equal(httpClientOfFunction('urllib.request.urlopen')?.timeoutPosition?.['urllib.request.urlopen'], 2);
  assert.ok(httpClientOfFunction('httpx.get')?.defaultTimeout);
  assert.ok(httpClientOfFunction('dlt.sources.helpers.requests.get')?.defaultTimeout);
  assert.equal(httpClientOfSession('requests.Session')?.id, 'requests');
  assert.equal(httpClientOfSession('httpx.AsyncClient')?.sessionTimeout, true);
  assert.equal(httpClientOfFunction('os.environ.get'), null);
  assert.ok(mayBeHttpCall('urlretrieve') && mayBeHttpCall('session.send') && !mayBeHttpCall('df.merge'));
});

const namedHelpers: Array<[string, string, boolean]> = [
  ['a helper imported from the project', 'from etl.utils import save_features_to_database\n\n«save_features_to_database(df)»\n', true],
  ['a method of a collaborator', 'class Job:\n    def run(self):\n        «self.uploader.upload_daily_prices(rows)»\n', true],
  ['execute_query on a database wrapper', 'def run(db):\n    «db.execute_query("SELECT 1")»\n', true],
  ['a configuration loader', 'from etl.settings import load_config\n\n«load_config("a.yaml")»\n', false],
  ['a bare library verb', 'import json\n\n«json.load(handle)»\n', false],
  ['a function of this module (its body tells)', 'def save_rows(rows):\n    pass\n\n\n«save_rows(rows)»\n', false],
  ['a known library', 'import pandas as pd\n\n«pd.read_csv_chunked(path)»\n', false],
];

for (const [name, code, expected] of namedHelpers) {
  test(`I/O-named helper: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(isIoNamedHelper(call, py), expected);
  });
}

const dialects: Array<[string, string, string | null]> = [
  ['pymysql cursor: MySQL', 'import pymysql\n\ncur = pymysql.connect(host=h).cursor()\n«cur.execute(q)»\n', 'mysql'],
  ['psycopg2 cursor: PostgreSQL', 'import psycopg2\n\ncur = psycopg2.connect(dsn).cursor()\n«cur.execute(q)»\n', 'postgres'],
  ['MySqlHook: MySQL', 'from airflow.providers.mysql.hooks.mysql import MySqlHook\n\n«MySqlHook("m").get_records(q)»\n', 'mysql'],
  ['unknown cursor', 'def run(cur):\n    «cur.execute(q)»\n', null],
];

for (const [name, code, dialect] of dialects) {
  test(`SQL dialect: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(sqlDialectOf(call, py), dialect);
  });
}

const connections: Array<[string, string, string | null, string | null]> = [
  ['psycopg2.connect', 'import psycopg2\n\nconn = «psycopg2.connect(dsn)»\n', 'psycopg2', 'pyformat'],
  ['sqlite3.connect (in-process, no I/O entry)', 'import sqlite3\n\nconn = «sqlite3.connect("x.db")»\n', 'sqlite3', 'qmark'],
  ['create_engine with a postgresql URL: psycopg2', 'from sqlalchemy import create_engine\n\nengine = «create_engine("postgresql://u@h/db")»\n', 'psycopg2', 'pyformat'],
  ['create_engine naming its driver', 'from sqlalchemy import create_engine\n\nengine = «create_engine("mysql+pymysql://u@h/db")»\n', 'pymysql', 'pyformat'],
  ['create_engine with a sqlite URL', 'from sqlalchemy import create_engine\n\nengine = «create_engine("sqlite:///x.db")»\n', 'sqlite3', 'qmark'],
  ['create_engine with a URL from the environment', 'import os\nfrom sqlalchemy import create_engine\n\nengine = «create_engine(os.environ["DB_URL"])»\n', null, null],
  ['a dict is no connection', 'config = {}\nx = «config.get("a")»\n', null, null],
];

for (const [name, code, library, style] of connections) {
  test(`connection library: ${name}`, async () => {
    const { call, py } = await callAt(code);
    const found = connectionLibrary(call, py);
    assert.equal(found?.id ?? null, library);
    assert.equal(found?.paramStyle ?? null, style);
  });
}

test('the DB-API drivers a module imports', async () => {
  await initPythonParser();
  const py = new PythonSource().update('import os\nimport pandas as pd\nimport mysql.connector\nfrom psycopg2 import sql\n');
  assert.deepEqual(importedDrivers(py).map((l) => l.id).sort(), ['mysql-connector', 'psycopg2']);
});

const writes: Array<[string, string, boolean]> = [
  ['boto3 upload_file', 'import boto3\n\ns3 = boto3.client("s3")\n«s3.upload_file("a.csv", "b", "a.csv")»\n', true],
  ['boto3 get_object is a download', 'import boto3\n\ns3 = boto3.client("s3")\n«s3.get_object(Bucket="b", Key="k")»\n', false],
  ['GCS download', 'from google.cloud import storage\n\nblob = storage.Client().bucket("b").blob("k")\n«blob.download_to_filename("a.csv")»\n', false],
  ['pandas to_csv to s3', 'import pandas as pd\n\ndef run(df):\n    «df.to_csv("s3://b/k.csv")»\n', true],
  ['pandas to_sql', 'def run(df, engine):\n    «df.to_sql("t", engine)»\n', true],
  ['Spark write to s3', 'from pyspark.sql import SparkSession\n\ndef run(df):\n    «df.write.mode("overwrite").parquet("s3://b/p")»\n', true],
  ['Spark write in a notebook that imports nothing', 'def run(df):\n    «df.write.mode("overwrite").saveAsTable("stg.orders")»\n', true],
  ['Spark read from s3', 'from pyspark.sql import SparkSession\n\ndef run(spark):\n    return «spark.read.parquet("s3://b/p")»\n', false],
  ['a read_sql reads', 'import pandas as pd\n\ndef run(conn):\n    return «pd.read_sql("SELECT 1", conn)»\n', false],
];

for (const [name, code, expected] of writes) {
  test(`writes data: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(writesData(call, py), expected);
  });
}

test('object storage transfers: uploads and downloads have their own roles', async () => {
  const get = await callAt('import boto3\n\ns3 = boto3.client("s3")\n«s3.get_object(Bucket="b", Key="k")»\n');
  assert.equal(roleOf(get.call, get.py), 'download');
  const put = await callAt('import boto3\n\ns3 = boto3.client("s3")\n«s3.put_object(Bucket="b", Key="k", Body=b)»\n');
  assert.equal(roleOf(put.call, put.py), 'upload');
});

test('a session named spark is Spark without a pyspark import (Databricks notebooks)', async () => {
  const table = await callAt('def stage(spark):\n    return «spark.table("raw.orders")»\n');
  assert.equal(roleOf(table.call, table.py), 'read-table');
  const jdbc = await callAt('def ingest(spark, url):\n    return «spark.read.jdbc(url, "public.orders")»\n');
  assert.equal(ioOf(jdbc.call, jdbc.py)?.kind, 'db-read');
});

const inputs: Array<[string, string, string | null]> = [
  ['os.getenv: an environment variable', 'import os\n\nx = «os.getenv("TENANT")»\n', 'env'],
  ['argparse parse_args: an argument', 'import argparse\n\nargs = «parser.parse_args()»\n', 'argument'],
  ['a Databricks widget: an argument', 'x = «dbutils.widgets.get("catalog")»\n', 'argument'],
  ['XCom: data', 'def run(ti):\n    return «ti.xcom_pull(task_ids="a")»\n', 'data'],
  ['a cursor fetch: data', 'def run(cur):\n    return «cur.fetchall()»\n', 'data'],
  ['an HTTP response body: data', 'import requests\n\nbody = «requests.get(url, timeout=5).json()»\n', 'data'],
  ['a pandas read: data', 'import pandas as pd\n\nframe = «pd.read_csv("a.csv")»\n', 'data'],
  ['a clock reading: the program', 'from datetime import datetime\n\nnow = «datetime.now()»\n', 'program'],
  ['a formatted date: the program', 'def run(day):\n    return «day.strftime("%Y-%m-%d")»\n', 'program'],
  ['len(): the program', 'n = «len(rows)»\n', 'program'],
  ['a string method says nothing', 'def run(x):\n    return «x.strip()»\n', null],
];

for (const [name, code, kind] of inputs) {
  test(`input: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(inputOfCall(call, py), kind);
  });
}

test('inputs without a call, parsers, and how functions are run', async () => {
  await initPythonParser();
  const py = new PythonSource().update('import os\nimport sys\nimport json\nfrom prefect import flow, task\n\n\n@flow\ndef main(day):\n    pass\n\n\n@task(retries=2)\ndef step(x):\n    pass\n\n\ndef handler(event, context):\n    pass\n\n\ndef helper(a):\n    return json.loads(a)\n');
  assert.equal(inputOfName('sys.argv', py), 'argument');
  assert.equal(inputOfName('os.environ', py), 'env');
  assert.equal(inputOfName('kwargs.dag_run.conf', py), 'argument');
  assert.equal(inputOfName('settings.table', py), null);
  const kinds = Object.fromEntries(py.functions.map((f) => [f.name, entryKindOf(f, py)]));
  assert.deepEqual(kinds, { main: 'flow', step: 'task', handler: 'handler', helper: null });
  const loads = py.calls.find((c) => c.callee === 'json.loads');
  assert.ok(loads && parsesArgument(loads, py));
});

test("Prefect's log_prints: set on a flow or task, inherited when unset; flows start on their own, tasks run inside one", () => {
  assert.equal(logPrintsSetting('flow(name="prices", log_prints=True)'), true);
  assert.equal(logPrintsSetting('task(max_retries=3, log_stdout=True)'), true, 'Prefect 1');
  assert.equal(logPrintsSetting('task(retries=3, log_prints = False)'), false);
  assert.equal(logPrintsSetting('task(retries=3)'), null);
  assert.equal(isPrefectFlowDecorator('prefect.flow'), true);
  assert.equal(isPrefectFlowDecorator('prefect.task'), false);
  assert.equal(isPrefectTaskDecorator('prefect.task'), true);
  assert.equal(isPrefectTaskDecorator('dagster.asset'), false);
  // Airflow, Dagster, Databricks, Glue and serverless platforms keep a run's stdout as its log;
  // Prefect only with log_prints, a script started by hand or cron nowhere.
  assert.deepEqual(Object.entries(PRINTS_KEPT_BY).filter(([, kept]) => !kept).map(([start]) => start).sort(), ['prefect-default', 'script']);
});

test('Glue job bookmarks: the reads they track, the commit that saves them, the option value that enables them', () => {
  assert.equal(isGlueSourceRead('glue_context.create_dynamic_frame.from_catalog'), true);
  assert.equal(isGlueSourceRead('glueContext.create_data_frame_from_catalog'), true);
  assert.equal(isGlueSourceRead('glue_context.write_dynamic_frame.from_options'), false);
  assert.equal(isGlueJobCommit('awsglue.job.Job().commit'), true);
  assert.equal(isGlueJobCommit('psycopg2.connect().commit'), false);
  assert.equal(GLUE_BOOKMARK_ENABLED, 'job-bookmark-enable');
});

test('Delta Lake: the handles a MERGE writes through', async () => {
  const { DELTA_TABLE_HANDLES } = await import('../../server/src/engine/knowledge');
  assert.deepEqual([...DELTA_TABLE_HANDLES], ['forPath', 'forName']);
});

const streamingReads: Array<[string, string, boolean]> = [
  ['spark.readStream.table', 'def f(spark):\n    return «spark.readStream.table("bronze")»\n', true],
  ['Auto Loader cloudFiles', 'def f(spark):\n    return «spark.readStream.format("cloudFiles").load("/landing")»\n', true],
  ['dlt.read_stream', 'import dlt\n\ndef f():\n    return «dlt.read_stream("bronze")»\n', true],
  ['a batch read of a table', 'def f(spark):\n    return «spark.read.table("bronze")»\n', false],
];

for (const [name, code, expected] of streamingReads) {
  test(`streaming read: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(isStreamingRead(resolvedCallee(call, py), call, py), expected);
  });
}

test('Dagster run metadata: output metadata calls, and results built with metadata=', () => {
  assert.equal(recordsDagsterRunMetadata('context.add_output_metadata', 'add_output_metadata', []), true);
  assert.equal(recordsDagsterRunMetadata('dagster.MaterializeResult', 'MaterializeResult', ['metadata']), true);
  assert.equal(recordsDagsterRunMetadata('dagster.Output', 'Output', ['metadata']), true);
  assert.equal(recordsDagsterRunMetadata('dagster.Output', 'Output', []), false, 'an Output without metadata records nothing');
  assert.equal(recordsDagsterRunMetadata('mylib.Output', 'Output', ['metadata']), false);
});
