// Rows as the library model sees them: calls that hand back rows to iterate, calls that send
// many rows at once, calls that write data out, clients that connect lazily. Each case wraps
// one call in «…».

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concatenatesColumns, connectsLazily, dropsMalformedRows, isBulkCall, answersHttp, isPresentationCall, isRequestHandler, platformEntryOf, isRowResultExpression, isSparkWriterChain, listsFiles, runsInProcess, writesData, yieldsRows } from '../../server/src/engine/knowledge';
import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { PythonSource } from '../../server/src/engine/python/python-source';

async function callAt(code: string): Promise<{ call: CallFact; py: PythonFacts }> {
  await initPythonParser();
  const at = code.indexOf('«');
  const end = code.indexOf('»') - 1;
  const text = code.replace('«', '').replace('»', '');
  const py = new PythonSource().update(text);
  const call = py.calls.find((c) => c.start === at && c.end === end);
  assert.ok(call, `no call at the marker in:\n${code}`);
  return { call, py };
}

const bulk: Array<[string, string, boolean]> = [
  ['executemany on a cursor', 'def load(cur, rows):\n    «cur.executemany("INSERT INTO t VALUES (%s)", rows)»\n', true],
  ['psycopg2.extras.execute_values', 'from psycopg2.extras import execute_values\n\n«execute_values(cur, "INSERT INTO t VALUES %s", rows)»\n', true],
  ['psycopg2 copy_expert', 'import psycopg2\n\nconn = psycopg2.connect(dsn)\ncur = conn.cursor()\n«cur.copy_expert("COPY t FROM STDIN CSV", f)»\n', true],
  ['Snowflake write_pandas', 'from snowflake.connector.pandas_tools import write_pandas\n\n«write_pandas(conn, df, "ORDERS")»\n', true],
  ['SQLAlchemy bulk_insert_mappings', 'def load(session, rows):\n    «session.bulk_insert_mappings(Order, rows)»\n', true],
  ['a single-row execute', 'def load(cur, row):\n    «cur.execute("INSERT INTO t VALUES (%s)", (row,))»\n', false],
  ['a streaming insert of rows', 'from google.cloud import bigquery\n\nclient = bigquery.Client()\n«client.insert_rows_json("p.d.t", [row])»\n', false],
];
for (const [name, code, expected] of bulk) {
  test(`isBulkCall: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(isBulkCall(call, py), expected);
  });
}

const rows: Array<[string, string, boolean]> = [
  ['cursor fetchall', 'def read(cur):\n    rows = «cur.fetchall()»\n', true],
  ['sqlite3 execute result', 'import sqlite3\n\nconn = sqlite3.connect("x.db")\nrows = «conn.execute("SELECT * FROM t")»\n', true],
  ['Airflow get_records', 'def read(hook):\n    rows = «hook.get_records("SELECT 1")»\n', true],
  ['BigQuery client.query', 'from google.cloud import bigquery\n\nclient = bigquery.Client()\nrows = «client.query("SELECT 1")»\n', true],
  ['frame iterrows', 'import pandas as pd\n\ndf = pd.read_csv("a.csv")\nit = «df.iterrows()»\n', true],
  ['csv.DictReader', 'import csv\n\nreader = «csv.DictReader(f)»\n', true],
  ['a frame query (not rows)', 'import pandas as pd\n\ndf = pd.read_csv("a.csv")\nsmall = «df.query("x > 1")»\n', false],
  ['fetchone is one row, not rows to iterate', 'def read(cur):\n    row = «cur.fetchone()»\n', false],
];
for (const [name, code, expected] of rows) {
  test(`yieldsRows: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(yieldsRows(call, py), expected);
  });
}

test('isRowResultExpression reads the last call of a loop iterable', () => {
  assert.equal(isRowResultExpression('cur.fetchall()'), true);
  assert.equal(isRowResultExpression('spark.table().collect()'), true);
  assert.equal(isRowResultExpression('job.result()'), true);
  assert.equal(isRowResultExpression('cur.fetchone()'), false);
  assert.equal(isRowResultExpression('rows'), false);
});

const writes: Array<[string, string, boolean]> = [
  ['pandas to_csv', 'def save(df):\n    «df.to_csv("out.csv")»\n', true],
  ['to_sql', 'def save(df, engine):\n    «df.to_sql("t", engine)»\n', true],
  ['a Spark writer chain in a module without a pyspark import', 'def save(df):\n    «df.write.mode("overwrite").parquet("s3a://lake/x")»\n', true],
  ['a file read', 'import pandas as pd\n\n«pd.read_csv("in.csv")»\n', false],
  ['a log line', 'import logging\n\n«logging.info("x")»\n', false],
];
for (const [name, code, expected] of writes) {
  test(`writesData: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(writesData(call, py), expected);
  });
}

test('isSparkWriterChain recognises writer chains by shape only', () => {
  assert.equal(isSparkWriterChain('df.write.mode().saveAsTable'), true);
  assert.equal(isSparkWriterChain('df.writeTo().append'), true);
  assert.equal(isSparkWriterChain('df.to_parquet'), false);
});

const lazy: Array<[string, string, boolean]> = [
  ['SQLAlchemy create_engine', 'from sqlalchemy import create_engine\n\nengine = «create_engine(url)»\n', true],
  ['pymongo MongoClient', 'import pymongo\n\nclient = «pymongo.MongoClient(url)»\n', true],
  ['psycopg2.connect', 'import psycopg2\n\nconn = «psycopg2.connect(dsn)»\n', false],
];
for (const [name, code, expected] of lazy) {
  test(`connectsLazily: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(connectsLazily(call, py), expected);
  });
}

const inProcess: Array<[string, string, boolean]> = [
  ['sqlite3 connection execute', 'import sqlite3\n\nconn = sqlite3.connect("x.db")\n«conn.execute("INSERT INTO t VALUES (1)")»\n', true],
  ['DuckDB execute', 'import duckdb\n\ncon = duckdb.connect()\n«con.execute("SELECT 1")»\n', true],
  ['an unknown cursor in a module whose only database is sqlite3', 'import sqlite3\n\n\ndef load(cur):\n    «cur.execute("INSERT INTO t VALUES (1)")»\n', true],
  ['an unknown cursor in a module that also imports psycopg2', 'import sqlite3\nimport psycopg2\n\n\ndef load(cur):\n    «cur.execute("INSERT INTO t VALUES (1)")»\n', false],
  ['psycopg2 cursor', 'import psycopg2\n\nconn = psycopg2.connect(dsn)\n«conn.cursor().execute("SELECT 1")»\n', false],
];
for (const [name, code, expected] of inProcess) {
  test(`runsInProcess: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(runsInProcess(call, py), expected);
  });
}

test('isRequestHandler: route decorators of the function or an enclosing one', async () => {
  await initPythonParser();
  const py = new PythonSource().update(
    'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/orders")\ndef orders():\n    def inner():\n        pass\n    return inner()\n\n\n@router.get("/x")\nasync def x():\n    pass\n\n\n@task(retries=3)\ndef load():\n    pass\n',
  );
  const byName = (name: string) => py.functions.find((f) => f.name === name)!;
  assert.equal(isRequestHandler(byName('orders')), true);
  assert.equal(isRequestHandler(byName('inner')), true);
  assert.equal(isRequestHandler(byName('x')), true);
  assert.equal(isRequestHandler(byName('load')), false);
  assert.equal(isRequestHandler(null), false);
});

const concats: Array<[string, string, boolean]> = [
  ['series side by side', 'import pandas as pd\n\naligned = «pd.concat([a, b], axis=1)»\n', true],
  ['axis="columns"', 'import pandas as pd\n\naligned = «pd.concat(parts, axis="columns")»\n', true],
  ['stacked frames', 'import pandas as pd\n\nboth = «pd.concat([jan, feb])»\n', false],
  ['axis=0', 'import pandas as pd\n\nboth = «pd.concat([jan, feb], axis=0)»\n', false],
];
for (const [name, code, expected] of concats) {
  test(`concatenatesColumns: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(concatenatesColumns(call, py, code.replace('«', '').replace('»', '')), expected);
  });
}

const presentation: Array<[string, string, boolean]> = [
  ['matplotlib', 'import matplotlib.pyplot as plt\n\n«plt.scatter(x, y)»\n', true],
  ['seaborn', 'import seaborn as sns\n\n«sns.histplot(df["fare"])»\n', true],
  ['an axes object', 'def draw(ax, df):\n    «ax.plot(df["day"], df["sales"])»\n', true],
  ['streamlit', 'import streamlit as st\n\n«st.dataframe(df)»\n', true],
  ['a writer is not presentation', 'def save(df):\n    «df.to_csv("out.csv")»\n', false],
];
for (const [name, code, expected] of presentation) {
  test(`isPresentationCall: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(isPresentationCall(call, py), expected);
  });
}

const malformed: Array<[string, string, string | null]> = [
  ['pandas on_bad_lines="skip"', 'import pandas as pd\n\n«pd.read_csv(p, on_bad_lines="skip")»\n', 'pandas'],
  ["pandas on_bad_lines='skip'", "import pandas as pd\n\n«pd.read_csv(p, on_bad_lines='skip')»\n", 'pandas'],
  ['pandas error_bad_lines=False', 'import pandas as pd\n\n«pd.read_table(p, error_bad_lines=False)»\n', 'pandas'],
  ['pandas on_bad_lines="warn"', 'import pandas as pd\n\n«pd.read_csv(p, on_bad_lines="warn")»\n', null],
  ['Spark option mode', 'def r(spark):\n    return «spark.read.option("mode", "DROPMALFORMED")».csv(p)\n', 'spark'],
  ['Spark keyword mode', 'def r(spark):\n    return «spark.read.csv(p, mode="dropmalformed")»\n', 'spark'],
  ['a writer mode is not a read mode', 'def w(df):\n    «df.write.csv(p, mode="overwrite")»\n', null],
];
for (const [name, code, expected] of malformed) {
  test(`dropsMalformedRows: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(dropsMalformedRows(call, py, code.replace('«', '').replace('»', ''))?.library ?? null, expected);
  });
}

const listings: Array<[string, string, boolean]> = [
  ['glob.glob', 'import glob\n\nfiles = «glob.glob("migrations/*.sql")»\n', true],
  ['from glob import glob', 'from glob import glob\n\nfiles = «glob("*.csv")»\n', true],
  ['sorted(glob.glob(…))', 'import glob\n\nfiles = «sorted(glob.glob("*.sql"))»\n', true],
  ['os.listdir', 'import os\n\nnames = «os.listdir(folder)»\n', true],
  ['Path(…).glob', 'from pathlib import Path\n\nfiles = «Path(folder).glob("*.parquet")»\n', true],
  ['a cursor fetchall is rows, not files', 'rows = «cur.fetchall()»\n', false],
  ['sorted() of rows', 'rows = «sorted(records)»\n', false],
];
for (const [name, code, expected] of listings) {
  test(`listsFiles: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(listsFiles(call, py, code.replace('«', '').replace('»', '')), expected);
  });
}

test('platformEntryOf / answersHttp: Lambda handlers and Cloud Functions, and which of them answer HTTP', async () => {
  await initPythonParser();
  const py = new PythonSource().update(
    'import functions_framework\n\n\ndef lambda_handler(event, context):\n    return event["body"]\n\n\ndef load_events(event, context):\n    pass\n\n\n@functions_framework.http\ndef serve(request):\n    pass\n\n\n@functions_framework.cloud_event\ndef on_upload(cloud_event):\n    pass\n\n\ndef main(request):\n    pass\n\n\ndef transform(rows, context):\n    pass\n\n\nclass Job:\n    def handler(self, event, context):\n        pass\n',
  );
  const byName = (name: string) => py.functions.find((f) => f.name === name)!;
  assert.equal(platformEntryOf(byName('lambda_handler'), 'src/app.py'), 'lambda');
  assert.equal(platformEntryOf(byName('load_events'), 'src/app.py'), 'cloud-function');
  assert.equal(platformEntryOf(byName('serve'), 'src/app.py'), 'cloud-function-http');
  assert.equal(platformEntryOf(byName('on_upload'), 'src/app.py'), 'cloud-function');
  assert.equal(platformEntryOf(byName('main'), 'fn/main.py'), 'cloud-function-http');
  assert.equal(platformEntryOf(byName('main'), 'fn/app.py'), null);
  assert.equal(platformEntryOf(byName('transform'), 'src/app.py'), null);
  assert.equal(platformEntryOf(byName('handler'), 'src/app.py'), null);
  assert.equal(answersHttp('lambda', 'order = json.loads(event["body"])'), true);
  assert.equal(answersHttp('lambda', 'since = event.get("since")'), false);
  assert.equal(answersHttp('cloud-function-http', ''), true);
});
