// Which calls do I/O, and of what kind: a catalogue of the pipeline libraries (DB-API drivers,
// SQLAlchemy, pandas readers and writers, requests/httpx, BigQuery, Snowflake, boto3, GCS,
// Airflow hooks, Spark readers and writers), matched on names resolved through imports and local
// variables, with a receiver-name fallback for objects passed in as parameters
// (`def load(conn): conn.execute(…)`).

import type { CallFact } from './facts';
import { VersionedCache, type PythonFacts } from './python-facts';

interface IoCall {
  kind: IoKind;
  /** Spark runs it (spark.sql, DataFrameReader/Writer): retried and scheduled by Spark itself. */
  spark: boolean;
}

const ioCalls = new VersionedCache<CallFact, IoCall | null>();

export type IoKind =
  | 'db-connect'
  | 'db-query'
  | 'db-read'
  | 'db-write'
  | 'http'
  | 'warehouse-load'
  | 'warehouse-query'
  | 'object-storage'
  | 'file-read'
  | 'file-write';

const DB_CONNECT = new Set([
  'psycopg2.connect', 'psycopg.connect', 'psycopg.Connection.connect', 'asyncpg.connect', 'asyncpg.create_pool', 'pg8000.connect',
  'pymysql.connect', 'mysql.connector.connect', 'MySQLdb.connect', 'snowflake.connector.connect', 'pyodbc.connect',
  'cx_Oracle.connect', 'oracledb.connect', 'pymongo.MongoClient', 'redis.Redis', 'redis.StrictRedis', 'redis.from_url',
  'clickhouse_driver.Client', 'vertica_python.connect', 'teradatasql.connect', 'ibm_db.connect', 'trino.dbapi.connect',
  'sqlalchemy.create_engine', 'sqlalchemy.ext.asyncio.create_async_engine', 'databricks.sql.connect', 'pyathena.connect',
]);

const HTTP_MODULES = ['requests', 'httpx', 'urllib3', 'aiohttp'];
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'urlopen']);

const PANDAS_READ_FILE = new Set(['read_csv', 'read_parquet', 'read_json', 'read_excel', 'read_feather', 'read_orc', 'read_table', 'read_fwf', 'read_pickle', 'read_xml', 'read_hdf']);
const PANDAS_READ_DB = new Set(['read_sql', 'read_sql_query', 'read_sql_table', 'read_gbq']);
const FRAME_WRITE_FILE = new Set(['to_csv', 'to_parquet', 'to_json', 'to_excel', 'to_feather', 'to_orc', 'to_pickle', 'to_hdf', 'to_xml']);

const WAREHOUSE_LOAD = new Set(['load_table_from_dataframe', 'load_table_from_uri', 'load_table_from_file', 'load_table_from_json', 'insert_rows', 'insert_rows_json', 'insert_rows_from_dataframe']);
const OBJECT_STORAGE_METHODS = new Set([
  'get_object', 'put_object', 'upload_file', 'download_file', 'upload_fileobj', 'download_fileobj', 'list_objects', 'list_objects_v2',
  'copy_object', 'delete_object', 'upload_from_filename', 'upload_from_string', 'upload_from_file', 'download_to_filename',
  'download_as_bytes', 'download_as_text', 'download_to_file',
]);

const DB_RECEIVER = /^(cur|cursor|curs|conn|connection|con|db|engine|session|sess|client|hook|pg_hook|.*_(cur|cursor|conn|connection|engine|session|hook|db))$/i;

/** The callee's last attribute (`execute` for `cur.execute`). */
function methodOf(callee: string): string {
  const dot = callee.lastIndexOf('.');
  return dot < 0 ? callee : callee.slice(dot + 1);
}

function receiverOf(callee: string): string {
  const dot = callee.lastIndexOf('.');
  return dot < 0 ? '' : callee.slice(0, dot);
}

function firstStringArg(call: CallFact): string | null {
  const first = call.args.find((a) => a.kind === 'positional');
  return first?.string && first.string.interpolations.length === 0 ? first.string.value : null;
}

function isRemotePath(path: string | null): boolean {
  return path !== null && /^(s3a?|gs|gcs|abfss?|az|wasbs?|hdfs|https?):\/\//i.test(path);
}

/** The kind of I/O a call performs, or null when it is not I/O Pipewise knows. */
export function classifyIo(call: CallFact, py: PythonFacts): IoKind | null {
  return ioCallOf(call, py)?.kind ?? null;
}

/**
 * The call is I/O that Spark runs (`spark.sql`, `spark.read…csv()`, `df.write…saveAsTable()`):
 * Spark retries failed tasks and distributes the work, so retry and per-row advice do not apply.
 */
export function isSparkIo(call: CallFact, py: PythonFacts): boolean {
  return ioCallOf(call, py)?.spark ?? false;
}

function ioCallOf(call: CallFact, py: PythonFacts): IoCall | null {
  let io = ioCalls.get(call, py.resolutionVersion);
  if (io === undefined) {
    const spark = sparkIoKind(call, py);
    const kind = spark ?? computeIoKind(call, py);
    io = kind === null ? null : { kind, spark: spark !== null };
    ioCalls.set(call, py.resolutionVersion, io);
  }
  return io;
}

function computeIoKind(call: CallFact, py: PythonFacts): IoKind | null {
  const resolved = py.resolveCall(call);
  const root = resolved.split(/[.(]/)[0];
  const method = methodOf(call.callee);
  if (DB_CONNECT.has(resolved.replace(/\(\)/g, ''))) return 'db-connect';
  if (HTTP_MODULES.includes(root) && HTTP_METHODS.has(method)) return 'http';
  if (resolved === 'urllib.request.urlopen') return 'http';
  if (root === 'pandas' || root === 'polars' || root === 'modin') {
    if (PANDAS_READ_DB.has(method) || method === 'read_database') return 'db-read';
    if (PANDAS_READ_FILE.has(method)) return isRemotePath(firstStringArg(call)) ? 'object-storage' : 'file-read';
  }
  if (resolved === 'snowflake.connector.pandas_tools.write_pandas' || method === 'to_gbq') return 'warehouse-load';
  if (method === 'to_sql') return 'db-write';
  if (FRAME_WRITE_FILE.has(method)) return isRemotePath(firstStringArg(call)) ? 'object-storage' : 'file-write';
  if (WAREHOUSE_LOAD.has(method) && (resolved.startsWith('google.cloud.bigquery') || /client|bq|bigquery/i.test(receiverOf(call.callee)))) return 'warehouse-load';
  if (method === 'query' && (resolved.startsWith('google.cloud.bigquery') || /^(bq|bq_client|bigquery_client|bigquery)$/i.test(receiverOf(call.callee)))) return 'warehouse-query';
  if (OBJECT_STORAGE_METHODS.has(method) && (root === 'boto3' || root === 'google' || /s3|gcs|bucket|blob|storage/i.test(receiverOf(call.callee)))) return 'object-storage';
  if (method === 'execute' || method === 'executemany' || method === 'mogrify' || method === 'copy_expert' || method === 'copy_from') {
    if (DB_CONNECT_ROOTS.has(root) || DB_RECEIVER.test(lastSegment(receiverOf(call.callee)))) return 'db-query';
    // A name bound to `<connection>.cursor()` in the same function or at module level (`dcur = dst.cursor()`).
    if (resolved.endsWith(`.cursor().${method}`)) return 'db-query';
  }
  if (/Hook\(\)\.(get_pandas_df|get_records|get_first|run|insert_rows|bulk_load|copy_expert)$/.test(resolved) || (root === 'airflow' && /\.(get_pandas_df|get_records|run|insert_rows)$/.test(resolved))) return 'db-query';
  if (resolved === 'open' || call.callee === 'open') return openMode(call).includes('r') || openMode(call) === '' ? 'file-read' : 'file-write';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Spark: `spark.sql`, DataFrameReader/DataStreamReader chains (`spark.read.option(…).csv(path)`),
// `spark.table(t)`, DataFrameWriter/DataStreamWriter chains (`df.write.mode(…).parquet(path)`),
// `df.writeTo(t)…createOrReplace()`. Matched on the resolved callee, so a reader bound to a name
// (`reader = spark.read.format("jdbc")`; `reader.load()`) counts too.

const SPARK_READ = /^.+\.read(Stream)?(\.(format|option|options|schema)\(\))*\.(csv|json|parquet|orc|text|xml|load|table|jdbc)$/;
const SPARK_WRITE = /^.+\.write(Stream)?(\.(mode|format|option|options|partitionBy|bucketBy|sortBy|clusterBy|outputMode|trigger|queryName|foreachBatch|foreach)\(\))*\.(csv|json|parquet|orc|text|xml|save|saveAsTable|insertInto|jdbc|start|toTable)$/;
const SPARK_WRITE_TO = /^.+\.writeTo\(\)(\.(using|option|options|tableProperty|partitionedBy|clusterBy)\(\))*\.(create|replace|createOrReplace|append|overwrite|overwritePartitions)$/;
const SPARK_SESSION_NAME = /^(spark|spark_session|sparkSession|ss|session)$/i;
/** A session by flow: `SparkSession.builder….getOrCreate()`, `SparkSession.active()`, Databricks Connect. */
const SPARK_SESSION_FLOW = /\b(SparkSession|DatabricksSession)\b|\.getOrCreate\(\)$/;
const SPARK_DB_FORMATS = /^(jdbc|mongo|mongodb|cassandra|org\.apache\.spark\.sql\.cassandra|com\.mongodb\.spark\.sql.*)$/i;
const SPARK_WAREHOUSE_FORMATS = /snowflake|bigquery|redshift|sqldw|synapse/i;

function sparkIoKind(call: CallFact, py: PythonFacts): IoKind | null {
  const resolved = py.resolveCall(call);
  const method = methodOf(resolved);
  const receiver = receiverOf(call.callee);
  // spark.sql is recognised by the receiver's name alone, as it always was.
  if (method === 'sql' && /^(spark|spark_session|ss)$/i.test(receiver)) return 'warehouse-query';
  if (method === 'table' && (SPARK_SESSION_NAME.test(lastSegment(receiver)) || SPARK_SESSION_FLOW.test(receiverOf(resolved))) && isSparkModule(py, resolved)) {
    return 'warehouse-query';
  }
  const read = SPARK_READ.test(resolved);
  const writeTo = !read && SPARK_WRITE_TO.test(resolved);
  if (!(read || writeTo || SPARK_WRITE.test(resolved)) || !isSparkModule(py, resolved)) return null;
  if (method === 'table') return 'warehouse-query';
  if (writeTo || method === 'saveAsTable' || method === 'insertInto' || method === 'toTable') return 'warehouse-load';
  const format = method === 'jdbc' ? 'jdbc' : sparkFormat(call, py, 0);
  if (format !== null && SPARK_DB_FORMATS.test(format)) return read ? 'db-read' : 'db-write';
  if (format !== null && SPARK_WAREHOUSE_FORMATS.test(format)) return read ? 'warehouse-query' : 'warehouse-load';
  // Paths, lakehouse formats and streaming sources: data files, wherever they live.
  if (isRemotePath(firstStringArg(call))) return 'object-storage';
  return read ? 'file-read' : 'file-write';
}

function isSparkModule(py: PythonFacts, resolved: string): boolean {
  return py.importsModule('pyspark') || SPARK_SESSION_FLOW.test(resolved);
}

/**
 * The literal data source format of a reader/writer chain: `format="jdbc"` on the call, a
 * `.format("jdbc")` earlier in the chain, or in the chain a name in the same function was bound to.
 */
function sparkFormat(call: CallFact, py: PythonFacts, depth: number): string | null {
  const keyword = call.args.find((a) => a.kind === 'keyword' && a.name === 'format');
  if (keyword) return keyword.string && keyword.string.interpolations.length === 0 ? keyword.string.value : null;
  // The calls of a chain all start where it starts; `.format(…)` lies inside the callee.
  for (const inner of py.callsIn(call.start, call.calleeEnd)) {
    if (inner.start === call.start && inner.end <= call.calleeEnd && methodOf(inner.callee) === 'format') return firstStringArg(inner);
  }
  const head = /^[A-Za-z_]\w*/.exec(call.callee)?.[0];
  if (!head || depth > 2 || call.fn === null) return null;
  // Only a binding in the same function: it lies in this call's own statement.
  const assignment = py.lastAssignment(head, call.fn, call.start);
  return assignment?.call && assignment.fn === call.fn ? sparkFormat(assignment.call, py, depth + 1) : null;
}

const DB_CONNECT_ROOTS = new Set(['psycopg2', 'psycopg', 'asyncpg', 'pg8000', 'pymysql', 'mysql', 'MySQLdb', 'snowflake', 'pyodbc', 'cx_Oracle', 'oracledb', 'sqlalchemy', 'databricks', 'trino', 'pyathena', 'vertica_python', 'teradatasql']);

function lastSegment(dotted: string): string {
  const cleaned = dotted.replace(/\(\)$/, '');
  const dot = cleaned.lastIndexOf('.');
  return dot < 0 ? cleaned : cleaned.slice(dot + 1);
}

function openMode(call: CallFact): string {
  const mode = call.args.find((a) => a.kind === 'keyword' && a.name === 'mode') ?? call.args.filter((a) => a.kind === 'positional')[1];
  return mode?.string?.value ?? 'r';
}

/** I/O that leaves the machine (databases, HTTP, warehouses, object storage): what can fail transiently. */
export function isRemoteIo(kind: IoKind | null): boolean {
  return kind !== null && kind !== 'file-read' && kind !== 'file-write';
}
