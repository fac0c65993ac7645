// writeModeOf: what a write does to rows already at its target (append, replace, merge, refuse),
// from the argument or chained call that chooses or the documented default; the upsert syntax of
// a database; PEP 249 IntegrityError. Each case wraps one call in «…».

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIntegrityError, sqlCallOf, upsertSyntaxOfCall, upsertSyntaxOfName, upsertSyntaxOfUrl, writeModeOf, type WriteEffect } from '../../server/src/engine/knowledge';
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

const SPARK = 'from pyspark.sql import SparkSession\n\nspark = SparkSession.builder.getOrCreate()\n\n\n';

// name, code, effect (undefined: not a write with a mode), the target argument's text
const writes: Array<[string, string, WriteEffect | null | undefined, string | null]> = [
  ['to_sql append', 'def load(df, engine):\n    «df.to_sql("orders", engine, if_exists="append")»\n', 'append', '"orders"'],
  ['to_sql default fails on an existing table', 'def load(df, engine):\n    «df.to_sql("orders", engine)»\n', 'refuse', '"orders"'],
  ['to_sql mode from a local constant', 'MODE = "replace"\n\n\ndef load(df, engine):\n    «df.to_sql("orders", engine, if_exists=MODE)»\n', 'replace', '"orders"'],
  ['to_sql mode from a parameter is unknown', 'def load(df, engine, mode):\n    «df.to_sql("orders", engine, if_exists=mode)»\n', null, '"orders"'],
  ['polars write_database', 'import polars as pl\n\n\ndef load(uri):\n    df = pl.read_csv("orders.csv")\n    «df.write_database("orders", uri, if_table_exists="append")»\n', 'append', '"orders"'],
  ['geopandas to_postgis', 'def load(gdf, engine):\n    «gdf.to_postgis("parcels", engine, if_exists="append")»\n', 'append', '"parcels"'],
  ['to_csv default overwrites', 'def save(df):\n    «df.to_csv("/out/orders.csv", index=False)»\n', 'replace', '"/out/orders.csv"'],
  ['to_csv mode="a"', 'def save(df):\n    «df.to_csv("/out/orders.csv", mode="a", header=False)»\n', 'append', '"/out/orders.csv"'],
  ['fastparquet append=True', 'def save(df):\n    «df.to_parquet("/out/orders.parq", engine="fastparquet", append=True)»\n', 'append', '"/out/orders.parq"'],
  ['pandas-gbq function form', 'import pandas_gbq\n\n«pandas_gbq.to_gbq(df, "ds.orders", if_exists="append")»\n', 'append', '"ds.orders"'],
  ['DataFrame.to_gbq default fails', 'def load(df):\n    «df.to_gbq("ds.orders", project_id="p")»\n', 'refuse', '"ds.orders"'],
  ['write_pandas appends by default', 'from snowflake.connector.pandas_tools import write_pandas\n\n«write_pandas(conn, df, "ORDERS")»\n', 'append', '"ORDERS"'],
  ['write_pandas overwrite=True', 'from snowflake.connector.pandas_tools import write_pandas\n\n«write_pandas(conn, df, "ORDERS", overwrite=True)»\n', 'replace', '"ORDERS"'],
  ['Snowpark session.write_pandas', 'def save(session, df):\n    «session.write_pandas(df, "ORDERS")»\n', 'append', '"ORDERS"'],
  ['BigQuery load job without a config appends', 'from google.cloud import bigquery\n\nclient = bigquery.Client()\n«client.load_table_from_dataframe(df, "p.d.t")»\n', 'append', '"p.d.t"'],
  ['BigQuery load job with a config: the config decides', 'from google.cloud import bigquery\n\nclient = bigquery.Client()\n«client.load_table_from_uri(uri, "p.d.t", job_config=cfg)»\n', null, '"p.d.t"'],
  ['BigQuery streaming insert appends', 'from google.cloud import bigquery\n\nclient = bigquery.Client()\n«client.insert_rows_json("p.d.t", rows)»\n', 'append', '"p.d.t"'],
  ['Airflow hook insert_rows', 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\nhook = PostgresHook("dwh")\n«hook.insert_rows("orders", rows)»\n', 'append', '"orders"'],
  ['Airflow hook insert_rows replace=True upserts', 'def load(pg_hook, rows):\n    «pg_hook.insert_rows("orders", rows, replace=True, replace_index="id")»\n', 'merge', '"orders"'],
  ['dlt run appends by default', 'import dlt\n\npipeline = dlt.pipeline(destination="duckdb")\n«pipeline.run(rows, table_name="orders")»\n', 'append', '"orders"'],
  ['dlt run with merge', 'import dlt\n\npipeline = dlt.pipeline(destination="duckdb")\n«pipeline.run(rows, table_name="orders", write_disposition="merge")»\n', 'merge', '"orders"'],
  ['psycopg2 copy_from adds rows', 'def load(cur, f):\n    «cur.copy_from(f, "orders", sep=",")»\n', 'append', '"orders"'],
  ['Spark writer default refuses', `${SPARK}def run(df):\n    «df.write.parquet("s3://lake/orders")»\n`, 'refuse', '"s3://lake/orders"'],
  ['Spark .mode("append") in the chain', `${SPARK}def run(df):\n    «df.write.mode("append").partitionBy("day").parquet("s3://lake/orders")»\n`, 'append', '"s3://lake/orders"'],
  ['Spark mode= keyword', `${SPARK}def run(df):\n    «df.write.saveAsTable("silver.orders", mode="overwrite")»\n`, 'replace', '"silver.orders"'],
  ['Spark jdbc names the table second', `${SPARK}def run(df, url):\n    «df.write.jdbc(url, "orders", mode="append")»\n`, 'append', '"orders"'],
  ['Spark writer bound to a name', `${SPARK}def run(df, p):\n    writer = df.write.mode("append")\n    «writer.parquet(p)»\n`, 'append', 'p'],
  ['Spark insertInto appends by default', `${SPARK}def run(df):\n    «df.write.insertInto("silver.orders")»\n`, 'append', '"silver.orders"'],
  ['Spark insertInto overwrite=True', `${SPARK}def run(df):\n    «df.write.insertInto("silver.orders", overwrite=True)»\n`, 'replace', '"silver.orders"'],
  ['writeTo().append()', `${SPARK}def run(df):\n    «df.writeTo("silver.orders").append()»\n`, 'append', null],
  ['writeTo().overwritePartitions()', `${SPARK}def run(df):\n    «df.writeTo("silver.orders").overwritePartitions()»\n`, 'replace', null],
  ['a streaming writer has no batch mode', `${SPARK}def run(df):\n    «df.writeStream.outputMode("append").toTable("silver.events")»\n`, undefined, null],
  ['AWS Glue JDBC writer appends', 'from awsglue.context import GlueContext\n\nglue = GlueContext(sc)\n«glue.write_dynamic_frame.from_jdbc_conf(frame=dyf, catalog_connection="rs", connection_options={"dbtable": "sales.orders"})»\n', 'append', null],
  ['SQLAlchemy insert(table) adds rows', 'from sqlalchemy import insert\n\n\ndef load(conn, orders, rows):\n    conn.execute(«insert(orders)», rows)\n', 'append', 'orders'],
  ['Table.insert() adds rows', 'from sqlalchemy import MetaData, Table\n\norders = Table("orders", MetaData())\n\n\ndef load(conn, rows):\n    conn.execute(«orders.insert()», rows)\n', 'append', null],
  ['on_conflict_do_update upserts', 'from sqlalchemy.dialects.postgresql import insert\n\n\ndef load(conn, orders, rows):\n    stmt = insert(orders).values(rows)\n    conn.execute(«stmt.on_conflict_do_update(index_elements=["id"], set_={"v": stmt.excluded.v})»)\n', 'merge', null],
  ['S3ToRedshiftOperator appends by default', 'from airflow.providers.amazon.aws.transfers.s3_to_redshift import S3ToRedshiftOperator\n\nload = «S3ToRedshiftOperator(task_id="t", schema="public", table="orders", s3_bucket="b", s3_key="k")»\n', 'append', '"orders"'],
  ['S3ToRedshiftOperator method="UPSERT"', 'from airflow.providers.amazon.aws.transfers.s3_to_redshift import S3ToRedshiftOperator\n\nload = «S3ToRedshiftOperator(task_id="t", table="orders", method="UPSERT", upsert_keys=["id"])»\n', 'merge', '"orders"'],
  ['open(path, "a") appends', 'def save(rows):\n    with «open("/data/out/orders.csv", "a")» as f:\n        f.writelines(rows)\n', 'append', '"/data/out/orders.csv"'],
  ['open(path) reads: no write mode', 'def read():\n    with «open("/data/in.csv")» as f:\n        return f.read()\n', undefined, null],
  ['list.append is not a write', 'rows = []\n«rows.append(1)»\n', undefined, null],
];

for (const [name, code, effect, target] of writes) {
  test(`write mode: ${name}`, async () => {
    const { call, py, text } = await callAt(code);
    const mode = writeModeOf(call, py);
    if (effect === undefined) {
      assert.equal(mode, null);
      return;
    }
    assert.ok(mode, 'a write with a mode');
    assert.equal(mode.effect, effect);
    assert.match(mode.spec.source, /^https:\/\//, 'the default is documented');
    assert.equal(mode.target ? text.slice(mode.target.start, mode.target.end) : null, target);
  });
}

test('writeTo names its table in the chain', async () => {
  const { call, py, text } = await callAt(`${SPARK}def run(df):\n    «df.writeTo("silver.orders").using("delta").append()»\n`);
  const mode = writeModeOf(call, py);
  assert.ok(mode?.targetCall);
  const first = mode.targetCall.args[0];
  assert.equal(text.slice(first.start, first.end), '"silver.orders"');
});

test('psycopg2.extras.execute_values takes its SQL second', async () => {
  const { call, py, text } = await callAt('from psycopg2.extras import execute_values\n\n\ndef load(cur, rows):\n    «execute_values(cur, "INSERT INTO t (a) VALUES %s", rows)»\n');
  const sql = sqlCallOf(call, py);
  assert.ok(sql);
  assert.equal(text.slice(sql.arg.start, sql.arg.end), '"INSERT INTO t (a) VALUES %s"');
});

const upserts: Array<[string, string, string | null]> = [
  ['psycopg2 cursor', 'import psycopg2\n\ncur = psycopg2.connect(dsn).cursor()\n«cur.execute(q)»\n', 'on-conflict'],
  ['PyMySQL cursor', 'import pymysql\n\ncur = pymysql.connect(host=h).cursor()\n«cur.execute(q)»\n', 'on-duplicate-key'],
  ['BigQuery query', 'from google.cloud import bigquery\n\nclient = bigquery.Client()\n«client.query(q)»\n', 'merge'],
  ['MySqlHook run', 'from airflow.providers.mysql.hooks.mysql import MySqlHook\n\nhook = MySqlHook("m")\n«hook.run(q)»\n', 'on-duplicate-key'],
  ['an unknown cursor', 'def run(cur):\n    «cur.execute(q)»\n', null],
];

for (const [name, code, syntax] of upserts) {
  test(`upsert syntax: ${name}`, async () => {
    const { call, py } = await callAt(code);
    assert.equal(upsertSyntaxOfCall(call, py), syntax);
  });
}

test('upsert syntax of modules and URLs', () => {
  assert.equal(upsertSyntaxOfName('psycopg2.extras'), 'on-conflict');
  assert.equal(upsertSyntaxOfName('snowflake.connector'), 'merge');
  assert.equal(upsertSyntaxOfName('aiomysql'), 'on-duplicate-key');
  assert.equal(upsertSyntaxOfName('sqlalchemy'), null);
  assert.equal(upsertSyntaxOfUrl('postgresql+psycopg2://etl@db/warehouse'), 'on-conflict');
  assert.equal(upsertSyntaxOfUrl('mysql+pymysql://u@h/db'), 'on-duplicate-key');
  assert.equal(upsertSyntaxOfUrl('snowflake://acct/db'), 'merge');
  assert.equal(upsertSyntaxOfUrl('not a url'), null);
});

test('PEP 249 IntegrityError of a database library', async () => {
  await initPythonParser();
  const py = new PythonSource().update('import psycopg2\nfrom sqlalchemy.exc import IntegrityError\nfrom psycopg2.errors import UniqueViolation\n\n\nclass Mine(Exception):\n    pass\n');
  assert.equal(isIntegrityError('IntegrityError', py), true);
  assert.equal(isIntegrityError('psycopg2.IntegrityError', py), true);
  assert.equal(isIntegrityError('UniqueViolation', py), true);
  assert.equal(isIntegrityError('ValueError', py), false);
  assert.equal(isIntegrityError('Mine', py), false);
});
