// classifyIo: which calls do I/O and of what kind. Each case wraps one call in «…» and states the
// kind expected, null for look-alikes that are not I/O.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiQueryOf, classifyIo, isSparkIo, looksUpMetadata, readsOnly, removesObject, type IoKind } from '../../server/src/engine/knowledge';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { PythonSource } from '../../server/src/engine/python/python-source';

interface Case {
  name: string;
  code: string;
  kind: IoKind | null;
  /** Expected isSparkIo (default: false). */
  spark?: boolean;
}

const SPARK = 'from pyspark.sql import SparkSession\n\nspark = SparkSession.builder.getOrCreate()\n\n\n';

const cases: Case[] = [
  // Spark readers
  { name: 'spark.read.csv(path)', code: `${SPARK}def run(p):\n    return «spark.read.csv(p)»\n`, kind: 'file-read', spark: true },
  { name: 'reader chain with options', code: `${SPARK}def run(p):\n    return «spark.read.option("header", True).option("sep", ";").csv(p)»\n`, kind: 'file-read', spark: true },
  { name: 'format(...).load(path) on a session parameter', code: 'from pyspark.sql import DataFrame\n\n\ndef run(session, p):\n    return «session.read.format("delta").load(p)»\n', kind: 'file-read', spark: true },
  { name: 'parquet on s3', code: `${SPARK}def run():\n    return «spark.read.parquet("s3a://lake/raw/orders/")»\n`, kind: 'object-storage', spark: true },
  { name: 'format("jdbc") chain', code: `${SPARK}def run(url):\n    return «spark.read.format("jdbc").option("url", url).option("dbtable", "orders").load()»\n`, kind: 'db-read', spark: true },
  { name: 'read.jdbc(url, table)', code: `${SPARK}def run(url, props):\n    return «spark.read.jdbc(url, "orders", properties=props)»\n`, kind: 'db-read', spark: true },
  { name: 'load(format="jdbc")', code: `${SPARK}def run(opts):\n    return «spark.read.load(format="jdbc", **opts)»\n`, kind: 'db-read', spark: true },
  { name: 'reader bound to a name in the same function', code: `${SPARK}def run(url):\n    reader = spark.read.format("jdbc").option("url", url)\n    return «reader.option("dbtable", "orders").load()»\n`, kind: 'db-read', spark: true },
  { name: 'snowflake connector format', code: `${SPARK}def run(opts):\n    return «spark.read.format("snowflake").options(**opts).option("dbtable", "t").load()»\n`, kind: 'warehouse-query', spark: true },
  { name: 'read.table(t)', code: `${SPARK}def run():\n    return «spark.read.table("bronze.orders")»\n`, kind: 'warehouse-query', spark: true },
  { name: 'spark.table(t)', code: 'from pyspark.sql import functions as F\n\nrows = «spark.table("bronze.orders")».where(F.col("x") > 1)\n', kind: 'warehouse-query', spark: true },
  { name: 'readStream from kafka', code: `${SPARK}def run():\n    return «spark.readStream.format("kafka").option("subscribe", "events").load()»\n`, kind: 'file-read', spark: true },
  { name: 'session by flow from Databricks Connect (no pyspark import)', code: 'from databricks.connect import DatabricksSession\n\nspark = DatabricksSession.builder.getOrCreate()\norders = «spark.read.table("main.sales.orders")»\n', kind: 'warehouse-query', spark: true },
  { name: 'spark.sql (unchanged)', code: 'def run(spark):\n    return «spark.sql("SELECT 1")»\n', kind: 'warehouse-query', spark: true },
  // Spark writers
  { name: 'write.mode().parquet(path)', code: `${SPARK}def run(df, p):\n    «df.write.mode("overwrite").parquet(p)»\n`, kind: 'file-write', spark: true },
  { name: 'write.partitionBy().parquet on gs://', code: `${SPARK}def run(df):\n    «df.coalesce(1).write.partitionBy("day").parquet("gs://lake/curated/orders")»\n`, kind: 'object-storage', spark: true },
  { name: 'saveAsTable', code: `${SPARK}def run(df):\n    «df.write.mode("append").saveAsTable("silver.orders")»\n`, kind: 'warehouse-load', spark: true },
  { name: 'insertInto', code: `${SPARK}def run(df):\n    «df.write.insertInto("silver.orders", overwrite=True)»\n`, kind: 'warehouse-load', spark: true },
  { name: 'writeTo().createOrReplace()', code: `${SPARK}def run(df):\n    «df.writeTo("silver.orders").using("delta").createOrReplace()»\n`, kind: 'warehouse-load', spark: true },
  { name: 'write.format("jdbc").save()', code: `${SPARK}def run(df, url):\n    «df.write.format("jdbc").option("url", url).option("dbtable", "t").mode("append").save()»\n`, kind: 'db-write', spark: true },
  { name: 'write.jdbc()', code: `${SPARK}def run(df, url, props):\n    «df.write.jdbc(url, "t", mode="append", properties=props)»\n`, kind: 'db-write', spark: true },
  { name: 'writeStream...start()', code: `${SPARK}def run(df, p):\n    return «df.writeStream.format("parquet").option("checkpointLocation", p).outputMode("append").start()»\n`, kind: 'file-write', spark: true },
  { name: 'writeStream...toTable()', code: `${SPARK}def run(df):\n    return «df.writeStream.option("checkpointLocation", "/chk").toTable("silver.events")»\n`, kind: 'warehouse-load', spark: true },
  // Spark look-alikes
  { name: 'reader-like chain without pyspark', code: 'def run(archive):\n    return «archive.read.csv("header.csv")»\n', kind: null },
  { name: 'df.write.parquet in a pandas-only module', code: 'import pandas as pd\n\n\ndef run(df, p):\n    «df.write.parquet(p)»\n', kind: null },
  { name: 'a parameter named read', code: `${SPARK}def run(read):\n    return «read.csv("x.csv")»\n`, kind: null },
  { name: 'a variable named read bound to something else', code: `${SPARK}def run(reader_factory):\n    read = reader_factory()\n    return «read.table("x")»\n`, kind: null },
  { name: 'file.read() then a method', code: `${SPARK}def run(p):\n    with open(p) as f:\n        return «f.read().split("\\n")»\n`, kind: null },
  { name: 'open(...).write(text)', code: `${SPARK}def run(p, text):\n    «open(p, "w").write(text)»\n`, kind: null },
  { name: 'BigQuery dataset.table(...) in a Spark module', code: `${SPARK}def run(dataset):\n    return «dataset.table("orders")»\n`, kind: null },
  { name: 'writer builder call alone', code: `${SPARK}def run(df):\n    writer = «df.write.mode("overwrite")»\n    return writer\n`, kind: null },
  // DB-API cursors bound by flow
  { name: 'cursor from a parameter connection', code: 'def copy(dst, rows):\n    dcur = dst.cursor()\n    «dcur.execute("DELETE FROM t")»\n', kind: 'db-query' },
  { name: 'cursor with arguments', code: 'def copy(conn):\n    c1 = conn.cursor(cursor_factory=None)\n    «c1.executemany("INSERT INTO t VALUES (%s)", [(1,)])»\n', kind: 'db-query' },
  { name: 'module-level cursor used in a function', code: 'import config\n\nc = config.db.cursor()\n\n\ndef purge():\n    «c.execute("DELETE FROM t")»\n', kind: 'db-query' },
  { name: 'cursor by name (unchanged)', code: 'def purge(cur):\n    «cur.execute("DELETE FROM t")»\n', kind: 'db-query' },
  { name: 'execute on a name bound to something else', code: 'def run(pool, job):\n    c = pool.submit(job)\n    «c.execute("x")»\n', kind: null },
  { name: 'execute on a name bound to a cursor attribute (no call)', code: 'def run(conn):\n    c = conn.cursor\n    «c.execute("x")»\n', kind: null },
  { name: 'cursor() result used for another method', code: 'def run(editor):\n    c = editor.cursor()\n    «c.move(3)»\n', kind: null },
  { name: 'cursor bound in another function', code: 'def make(conn):\n    c = conn.cursor()\n    return c\n\n\ndef run(c):\n    «c.execute("x")»\n', kind: null },
  // HTTP requests and what they return
  { name: 'requests.get(url).json().get(key) is a dict lookup', code: 'import requests\n\ntotal = «requests.get(url).json().get("total")»\n', kind: null },
  { name: 'pd.read_csv of an https URL is an HTTP request', code: 'import pandas as pd\n\n«pd.read_csv("https://example.com/data/trips.csv.gz")»\n', kind: 'http' },
  { name: 'pd.read_json of a parameter named for a URL', code: 'import pandas as pd\n\n\ndef extract(dataset_url):\n    return «pd.read_json(dataset_url)»\n', kind: 'http' },
  { name: 'pd.read_csv of a name assigned a URL f-string', code: 'import pandas as pd\n\n\ndef extract(month):\n    source = f"https://example.com/trips_{month}.csv"\n    return «pd.read_csv(source)»\n', kind: 'http' },
  { name: 'pd.read_csv of a local path stays a file read', code: 'import pandas as pd\n\n\ndef extract(path):\n    return «pd.read_csv(path)»\n', kind: 'file-read' },
  { name: 'pd.read_parquet on s3 is object storage', code: 'import pandas as pd\n\n«pd.read_parquet("s3://lake/trips.parquet")»\n', kind: 'object-storage' },
  { name: 'a Prefect GcsBucket block upload', code: 'from prefect_gcp.cloud_storage import GcsBucket\n\n\ndef load(path):\n    block = GcsBucket.load("lake")\n    «block.upload_from_path(from_path=path, to_path=path)»\n', kind: 'object-storage' },
  { name: 'get on a session made by requests.Session()', code: 'import requests\n\nsession = requests.Session()\n«session.get(url, timeout=5)»\n', kind: 'http' },
  // SQLAlchemy engines
  { name: 'engine.begin() checks a connection out', code: 'from sqlalchemy import create_engine\n\nengine = create_engine(url)\n\n\ndef run():\n    with «engine.begin()» as conn:\n        pass\n', kind: 'db-connect' },
  { name: 'self._engine.connect()', code: 'class Repo:\n    def count(self):\n        with «self._engine.connect()» as conn:\n            pass\n', kind: 'db-connect' },
  { name: 'connect() on something that is not an engine', code: 'def run(signal, slot):\n    «signal.connect(slot)»\n', kind: null },
  // Metadata calls (PW206 reads them as the I/O a handler guards)
  { name: 'BigQuery get_table on a client parameter where the module uses BigQuery', code: 'from google.cloud import bigquery\n\n\ndef exists(client, table_id):\n    «client.get_table(table_id)»\n', kind: 'warehouse-query' },
  { name: 'get_table on a client of a module without BigQuery', code: 'def exists(client, name):\n    «client.get_table(name)»\n', kind: null },
  { name: 'S3 head_object on a named client', code: 'def exists(s3_client, bucket, key):\n    «s3_client.head_object(Bucket=bucket, Key=key)»\n', kind: 'object-storage' },
  { name: 'SQLContext.sql in a Spark 1.x job', code: 'from pyspark.sql import SQLContext\n\n\ndef run(sqlContext):\n    return «sqlContext.sql("select 1")»\n', kind: 'warehouse-query', spark: true },
  { name: 'BigQuery query on a client kept on self', code: 'class Loader:\n    def run(self, sql):\n        «self.bq_client.query(sql)».result()\n', kind: 'warehouse-query' },
  { name: 'GCS bucket existence check', code: 'from google.cloud import storage\n\n\ndef ensure(self):\n    «self.bucket.exists()»\n', kind: 'object-storage' },
  { name: 'a path existence check is not storage I/O', code: 'def ensure(storage_dir):\n    «storage_dir.exists()»\n', kind: null },
  { name: 'Glue DynamicFrame write over JDBC', code: 'from awsglue.context import GlueContext\n\n\ndef load(glue_context, dyf):\n    «glue_context.write_dynamic_frame.from_jdbc_conf(frame=dyf, catalog_connection="redshift")»\n', kind: 'db-write', spark: true },
  // supabase-py: a query builder runs on execute()
  { name: 'supabase upsert sent by execute()', code: 'from supabase import create_client\n\n\nclass Store:\n    def add(self, rows):\n        «self.client.table("prices").upsert(rows).execute()»\n', kind: 'db-write' },
  { name: 'supabase select sent by execute()', code: 'from supabase import create_client\n\nclient = create_client(url, key)\nrows = «client.table("prices").select("*").eq("day", day).execute()».data\n', kind: 'db-read' },
  { name: 'a table().execute() chain in a module without supabase', code: 'def run(builder):\n    «builder.table("t").insert(row).execute()»\n', kind: null },
  // MLflow tracking reads
  { name: 'MlflowClient().get_run by flow', code: 'import mlflow\n\n\ndef metrics(run_id):\n    client = mlflow.tracking.MlflowClient()\n    return «client.get_run(run_id)».data.metrics\n', kind: 'http' },
  { name: 'get_run on an object of a module without MLflow', code: 'def metrics(tracker, run_id):\n    return «tracker.get_run(run_id)»\n', kind: null },
  // Files
  { name: 'open for writing', code: 'def run(p):\n    with «open(p, "w")» as f:\n        f.write("x")\n', kind: 'file-write' },
  // Remote API clients beyond plain HTTP
  { name: 'SPARQLWrapper query()', code: 'from SPARQLWrapper import SPARQLWrapper\n\n\ndef run(url, q):\n    sparql = SPARQLWrapper(url)\n    sparql.setQuery(q)\n    return «sparql.query()».convert()\n', kind: 'http' },
  { name: 'queryAndConvert() on a wrapper handed in', code: 'from SPARQLWrapper import JSON\n\n\ndef run(wrapper):\n    return «wrapper.queryAndConvert()»\n', kind: 'http' },
  { name: 'rdflib Graph.query() is in memory', code: 'from rdflib import Graph\nfrom SPARQLWrapper import SPARQLWrapper\n\n\ndef run(g):\n    return «g.query("SELECT ?s WHERE { ?s ?p ?o }")»\n', kind: null },
  { name: 'googleapiclient request execute()', code: 'from googleapiclient.discovery import build\n\n\ndef run(youtube):\n    return «youtube.videos().list(part="id").execute()»\n', kind: 'http' },
  { name: 'execute(sql) on a cursor in a googleapiclient module stays a query', code: 'from googleapiclient.discovery import build\n\n\ndef run(cur):\n    «cur.execute("SELECT 1")»\n', kind: 'db-query' },
  { name: 'execute() without googleapiclient is not a Google request', code: 'def run(job):\n    «job.plan().execute()»\n', kind: null },
];

function marked(code: string): { text: string; at: number; end: number } {
  const at = code.indexOf('«');
  return { text: code.replace('«', '').replace('»', ''), at, end: code.indexOf('»') - 1 };
}

test('classifyIo recognises I/O calls and leaves look-alikes alone', async () => {
  await initPythonParser();
  for (const c of cases) {
    const { text, at, end } = marked(c.code);
    const py = new PythonSource().update(text);
    const call = py.calls.find((x) => x.start === at && x.end === end);
    assert.ok(call, `${c.name}: no call at the marker`);
    assert.equal(classifyIo(call, py), c.kind, `${c.name}: ${call.callee} → ${py.resolveCall(call)}`);
    assert.equal(isSparkIo(call, py), c.spark ?? false, `${c.name}: isSparkIo`);
  }
});

const reads: Array<[string, string, boolean]> = [
  ['a SELECT', 'def run(cur):\n    «cur.execute("SELECT id FROM orders")»\n', true],
  ['a wrapped SELECT', 'from sqlalchemy import text\n\n\nasync def run(db):\n    await «db.execute(text("SELECT 1"))»\n', true],
  ['a USE picking the session database', 'import pandas as pd\n\n«pd.read_sql_query("use sample", con=engine)»\n', true],
  ['a SELECT assigned to a name first', 'def run(cur, table):\n    query = "SELECT COUNT(*) FROM " + table\n    «cur.execute(query)»\n', true],
  ['an INSERT assigned to a name first', 'def run(cur):\n    query = "INSERT INTO audit VALUES (1)"\n    «cur.execute(query)»\n', false],
  ['an INSERT', 'def run(cur, rows):\n    «cur.executemany("INSERT INTO t VALUES (%s)", rows)»\n', false],
  ['an HTTP GET', 'import requests\n\n«requests.get(url, timeout=5)»\n', true],
  ['an HTTP POST', 'import requests\n\n«requests.post(url, json=body, timeout=5)»\n', false],
  ['an S3 download', 'import boto3\n\ns3 = boto3.client("s3")\n«s3.download_file("b", "k", "f")»\n', true],
  ['an S3 upload', 'import boto3\n\ns3 = boto3.client("s3")\n«s3.upload_file("f", "b", "k")»\n', false],
  ['a Google API list request', 'from googleapiclient.discovery import build\n\n\ndef run(yt):\n    return «yt.videos().list(part="id").execute()»\n', true],
  ['a Google API update request', 'from googleapiclient.discovery import build\n\n\ndef run(svc, body):\n    «svc.spreadsheets().values().update(spreadsheetId="s", body=body).execute()»\n', false],
  ['a CSV written', 'import pandas as pd\n\n\ndef run(df):\n    «df.to_csv("out.csv")»\n', false],
];

for (const [name, code, expected] of reads) {
  test(`reads only: ${name}`, async () => {
    await initPythonParser();
    const { text, at, end } = marked(code);
    const py = new PythonSource().update(text);
    const call = py.calls.find((c) => c.start === at && c.end === end);
    assert.ok(call, `no call at the marker in:\n${code}`);
    assert.equal(readsOnly(call, py), expected);
  });
}

test('metadata lookups move no data', async () => {
  await initPythonParser();
  const listing = marked('import boto3\n\ns3 = boto3.client("s3")\n«s3.list_objects_v2(Bucket="landing")»\n');
  const read = marked('import boto3\n\ns3 = boto3.client("s3")\n«s3.get_object(Bucket="landing", Key="k")»\n');
  for (const [{ text, at, end }, expected] of [[listing, true], [read, false]] as const) {
    const py = new PythonSource().update(text);
    const call = py.calls.find((c) => c.start === at && c.end === end);
    assert.ok(call);
    assert.equal(looksUpMetadata(call, py), expected);
  }
});

const removals: Array<[string, string, boolean]> = [
  ['an S3 object deleted', 'import boto3\n\ns3 = boto3.client("s3")\n«s3.delete_object(Bucket="b", Key="k")»\n', true],
  ['a temporary table dropped', 'def run(cur):\n    «cur.execute("DROP TABLE IF EXISTS orders_tmp")»\n', true],
  ['a DELETE FROM (a reload step, not clean-up)', 'def run(cur):\n    «cur.execute("DELETE FROM orders WHERE day = %s", (day,))»\n', false],
  ['an HTTP DELETE (an API write)', 'import requests\n\n«requests.delete(url, timeout=5)»\n', false],
  ['an S3 upload', 'import boto3\n\ns3 = boto3.client("s3")\n«s3.upload_file("f", "b", "k")»\n', false],
];

for (const [name, code, expected] of removals) {
  test(`removes an object: ${name}`, async () => {
    await initPythonParser();
    const { text, at, end } = marked(code);
    const py = new PythonSource().update(text);
    const call = py.calls.find((c) => c.start === at && c.end === end);
    assert.ok(call, `no call at the marker in:\n${code}`);
    assert.equal(removesObject(call, py), expected);
  });
}

const apiQueries: Array<[string, string, string | null]> = [
  ['simple_salesforce query_all on a client it made', 'from simple_salesforce import Salesforce\n\nsf = Salesforce(**creds)\n«sf.query_all("SELECT Id FROM Contact")»\n', '"SELECT Id FROM Contact"'],
  ['a query on a client returned by a helper', 'from simple_salesforce import Salesforce\n\n\ndef run():\n    sf = login()\n    return «sf.query(soql)»\n', 'soql'],
  ['a Bulk API object query', 'from simple_salesforce import Salesforce\n\n\ndef run(sf):\n    return «sf.bulk.Account.query("SELECT Id FROM Account")»\n', '"SELECT Id FROM Account"'],
  ['a query() of something else in a module that imports simple_salesforce', 'from simple_salesforce import Salesforce\n\n\ndef run(store):\n    return «store.query("SELECT 1")»\n', null],
  ['sf.query without simple_salesforce', 'def run(sf):\n    return «sf.query("SELECT Id FROM Contact")»\n', null],
];

for (const [name, code, expected] of apiQueries) {
  test(`API query: ${name}`, async () => {
    await initPythonParser();
    const { text, at, end } = marked(code);
    const py = new PythonSource().update(text);
    const call = py.calls.find((c) => c.start === at && c.end === end);
    assert.ok(call, `no call at the marker in:\n${code}`);
    const query = apiQueryOf(call, py);
    assert.equal(query ? text.slice(query.arg.start, query.arg.end) : null, expected);
    if (query) assert.equal(query.changeStamp.column, 'SystemModstamp');
  });
}
