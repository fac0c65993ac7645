// Spark and Databricks: `spark.sql`, `spark.table`, DataFrameReader/DataStreamReader chains
// (`spark.read.option(…).csv(path)`), DataFrameWriter/DataStreamWriter chains
// (`df.write.mode(…).parquet(path)`), `df.writeTo(t)…createOrReplace()`. Matched on the resolved
// callee, so a reader bound to a name (`reader = spark.read.format("jdbc")`; `reader.load()`)
// counts too. Spark retries failed tasks itself and distributes the work.

import type { CallFact } from '../../python/facts';
import type { PythonFacts } from '../../python/python-facts';
import { firstStringArgument, isRemotePath, lastSegment, methodOf, receiverOf, rootOf } from '../call-site';
import type { CallSite, IoKind, Library, WriteModeSpec } from '../types';
import { SQL_KEYWORDS } from './db-drivers';

const SPARK_READ = /^.+\.read(Stream)?(\.(format|option|options|schema)\(\))*\.(csv|json|parquet|orc|text|xml|load|table|jdbc)$/;
const SPARK_WRITE = /^.+\.write(Stream)?(\.(mode|format|option|options|partitionBy|bucketBy|sortBy|clusterBy|outputMode|trigger|queryName|foreachBatch|foreach)\(\))*\.(csv|json|parquet|orc|text|xml|save|saveAsTable|insertInto|jdbc|start|toTable)$/;
const SPARK_WRITE_TO = /^.+\.writeTo\(\)(\.(using|option|options|tableProperty|partitionedBy|clusterBy)\(\))*\.(create|replace|createOrReplace|append|overwrite|overwritePartitions)$/;
const SPARK_SESSION_NAME = /^(spark|spark_session|sparkSession|ss|session)$/i;
/** A session by flow: `SparkSession.builder….getOrCreate()`, `SparkSession.active()`, Databricks Connect. */
const SPARK_SESSION_FLOW = /\b(SparkSession|DatabricksSession)\b|\.getOrCreate\(\)$/;
const SPARK_DB_FORMATS = /^(jdbc|mongo|mongodb|cassandra|org\.apache\.spark\.sql\.cassandra|com\.mongodb\.spark\.sql.*)$/i;
const SPARK_WAREHOUSE_FORMATS = /snowflake|bigquery|redshift|sqldw|synapse/i;

/** Sources a frame is created from on a session: `spark.read…`, `spark.table(…)`, `spark.sql(…)`. */
export const SPARK_FRAME_SOURCE = /^(spark|spark_session)\.(read|table|sql|createDataFrame)/;
/** Table sinks of a writer chain (`saveAsTable`, `insertInto`, `save` to a JDBC `dbtable`, `jdbc`). */
export const SPARK_TABLE_SINKS = ['save', 'saveAsTable', 'jdbc', 'insertInto', 'toTable'] as const;

/** A DataFrameWriter/DataStreamWriter chain or `writeTo(…)` (`df.write.mode("append").parquet(p)`). */
export function isSparkWriteChain(resolved: string): boolean {
  return !SPARK_READ.test(resolved) && (SPARK_WRITE.test(resolved) || SPARK_WRITE_TO.test(resolved));
}

/**
 * The chain runs on Spark: the module imports pyspark, the session comes from a builder, the chain
 * starts at a session by name (`spark.read…`: Databricks notebooks import nothing), or it writes
 * to a catalog table (`df.write…saveAsTable(t)`, `writeTo(t)`: no other frame library has them).
 */
function isSparkModule(py: PythonFacts, resolved: string): boolean {
  return py.importsModule('pyspark') || SPARK_SESSION_FLOW.test(resolved) || SPARK_SESSION_NAME.test(rootOf(resolved)) || isSparkCatalogWrite(resolved);
}

/**
 * The literal data source format of a reader/writer chain: `format="jdbc"` on the call, a
 * `.format("jdbc")` earlier in the chain, or in the chain a name in the same function was bound to.
 */
export function sparkFormat(call: CallFact, py: PythonFacts, depth = 0): string | null {
  const keyword = call.args.find((a) => a.kind === 'keyword' && a.name === 'format');
  if (keyword) return keyword.string && keyword.string.interpolations.length === 0 ? keyword.string.value : null;
  // The calls of a chain all start where it starts; `.format(…)` lies inside the callee.
  for (const inner of py.callsIn(call.start, call.calleeEnd)) {
    if (inner.start === call.start && inner.end <= call.calleeEnd && methodOf(inner.callee) === 'format') return firstStringArgument(inner);
  }
  const head = /^[A-Za-z_]\w*/.exec(call.callee)?.[0];
  if (!head || depth > 2 || call.fn === null) return null;
  // Only a binding in the same function: it lies in this call's own statement.
  const assignment = py.lastAssignment(head, call.fn, call.start);
  return assignment?.call && assignment.fn === call.fn ? sparkFormat(assignment.call, py, depth + 1) : null;
}

function chainIo(site: CallSite): IoKind | null {
  const { resolved, method, call, py } = site;
  const read = SPARK_READ.test(resolved);
  const writeTo = !read && SPARK_WRITE_TO.test(resolved);
  if (!(read || writeTo || SPARK_WRITE.test(resolved)) || !isSparkModule(py, resolved)) return null;
  if (method === 'table') return 'warehouse-query';
  if (writeTo || method === 'saveAsTable' || method === 'insertInto' || method === 'toTable') return 'warehouse-load';
  const format = method === 'jdbc' ? 'jdbc' : sparkFormat(call, py);
  if (format !== null && SPARK_DB_FORMATS.test(format)) return read ? 'db-read' : 'db-write';
  if (format !== null && SPARK_WAREHOUSE_FORMATS.test(format)) return read ? 'warehouse-query' : 'warehouse-load';
  // Paths, lakehouse formats and streaming sources: data files, wherever they live.
  if (isRemotePath(firstStringArgument(call))) return 'object-storage';
  return read ? 'file-read' : 'file-write';
}

/** `DataFrameWriter.mode()` (or `mode=`): `errorifexists` by default. */
const WRITER_MODE: WriteModeSpec = {
  arg: { keywords: ['mode'] },
  chain: 'mode',
  values: { append: 'append', overwrite: 'replace', error: 'refuse', errorifexists: 'refuse', ignore: 'refuse', default: 'refuse' },
  default: 'refuse',
  source: 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.DataFrameWriter.mode.html',
};

/** `DataFrameWriterV2` (`df.writeTo(t)…`): the final call says what happens; the table is named in `writeTo`. */
const WRITE_TO: WriteModeSpec = {
  values: {},
  default: 'append',
  targetIn: 'writeTo',
  source: 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.DataFrameWriterV2.html',
};

export const SPARK: Library = {
  id: 'spark',
  title: 'PySpark / Databricks',
  modules: ['pyspark', 'databricks.connect', 'delta', 'awsglue'],
  retriesByDefault: {
    note: 'Spark re-runs failed tasks itself (spark.task.maxFailures, 4 by default); driver-side retries of a job are the scheduler\'s.',
    source: 'https://spark.apache.org/docs/latest/configuration.html#scheduling',
  },
  broadErrors: ['pyspark.errors.PySparkException', 'pyspark.sql.utils.AnalysisException', 'py4j.protocol.Py4JJavaError'],
  calls: [
    // spark.sql is recognised by the receiver's name alone.
    { names: ['sql'], when: (site) => /^(spark|spark_session|ss)$/i.test(site.receiver), role: 'warehouse-query', io: 'warehouse-query', returnsFrame: true, sql: { kind: 'spark', arg: { index: 0, keywords: ['sqlQuery', ...SQL_KEYWORDS] } } },
    // The Spark 1.x entry points, still in older jobs: SQLContext / HiveContext.
    { names: ['sql'], when: (site) => /^(sql_?context|sqlCtx|hive_?context)$/i.test(site.receiver) && isSparkModule(site.py, site.resolved), role: 'warehouse-query', io: 'warehouse-query', returnsFrame: true, sql: { kind: 'spark', arg: { index: 0, keywords: ['sqlQuery', ...SQL_KEYWORDS] } } },
    {
      names: ['table'],
      when: (site) => (SPARK_SESSION_NAME.test(lastSegment(site.receiver)) || SPARK_SESSION_FLOW.test(receiverOf(site.resolved))) && isSparkModule(site.py, site.resolved),
      role: 'read-table',
      io: 'warehouse-query',
      returnsFrame: true,
      target: { index: 0, keywords: ['tableName'] },
    },
    {
      names: ['csv', 'json', 'parquet', 'orc', 'text', 'xml', 'load', 'table', 'jdbc', 'save', 'saveAsTable', 'insertInto', 'start', 'toTable', 'create', 'replace', 'createOrReplace', 'append', 'overwrite', 'overwritePartitions'],
      when: (site) => chainIo(site) !== null,
      io: chainIo,
      target: { index: 0, keywords: ['path', 'name', 'tableName', 'table'] },
    },
    // AWS Glue's DynamicFrame readers and writers (`glue_context.write_dynamic_frame.from_jdbc_conf(...)`): Spark I/O under Glue.
    {
      names: ['from_options', 'from_catalog', 'from_jdbc_conf'],
      when: (site) => /(^|\.)write_dynamic_frame$/.test(site.receiver),
      role: 'write-table',
      io: (site) => (site.method === 'from_jdbc_conf' ? 'db-write' : site.method === 'from_catalog' ? 'warehouse-load' : 'object-storage'),
    },
    {
      names: ['from_options', 'from_catalog'],
      when: (site) => /(^|\.)create_dynamic_frame$/.test(site.receiver),
      role: 'read-table',
      io: 'file-read',
    },
    // Any other client's .sql(text) (DuckDB, a Databricks/Snowflake session by another name): it takes SQL.
    {
      names: ['sql'],
      when: (site) => site.receiver !== '' && !/^psycopg2?\b/.test(site.resolved),
      sql: { kind: (site) => (/pyspark|SparkSession/.test(site.resolved) || /spark/i.test(site.receiver) ? 'spark' : 'other'), arg: { index: 0, keywords: ['sqlQuery', ...SQL_KEYWORDS] } },
    },
    // How batch writers choose between appending and replacing (PW203 reads these). Streaming
    // writers keep a checkpoint, so a restart does not write a batch twice: they have no mode here.
    { names: ['csv', 'json', 'parquet', 'orc', 'text', 'xml', 'save'], when: isBatchWrite, writeMode: { ...WRITER_MODE, target: { index: 0, keywords: ['path'] } } },
    { names: ['saveAsTable'], when: isBatchWrite, writeMode: { ...WRITER_MODE, target: { index: 0, keywords: ['name'] } } },
    { names: ['jdbc'], when: isBatchWrite, writeMode: { ...WRITER_MODE, target: { index: 1, keywords: ['table'] } } },
    {
      names: ['insertInto'],
      when: isBatchWrite,
      writeMode: { arg: { index: 1, keywords: ['overwrite'] }, chain: 'mode', values: { True: 'replace', False: 'append', ...WRITER_MODE.values }, default: 'append', target: { index: 0, keywords: ['tableName'] }, source: 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.DataFrameWriter.insertInto.html' },
    },
    { names: ['append'], when: isWriteTo, writeMode: { ...WRITE_TO, default: 'append' } },
    { names: ['overwrite', 'overwritePartitions', 'createOrReplace', 'replace'], when: isWriteTo, writeMode: { ...WRITE_TO, default: 'replace' } },
    { names: ['create'], when: isWriteTo, writeMode: { ...WRITE_TO, default: 'refuse' } },
  ],
};

function isBatchWrite(site: CallSite): boolean {
  return SPARK_WRITE.test(site.resolved) && !/\.writeStream\b/.test(site.resolved) && chainIo(site) !== null;
}

function isWriteTo(site: CallSite): boolean {
  return SPARK_WRITE_TO.test(site.resolved) && chainIo(site) !== null;
}

/**
 * AWS Glue's DynamicFrame writers (`glue_context.write_dynamic_frame.from_jdbc_conf(frame, …,
 * connection_options={"dbtable": …, "preactions": …})`, `from_options`, `from_catalog`): they
 * add the frame's rows to the table or path; clearing is the job's (`preactions`). No `io` here:
 * Glue runs the write as a Spark job (the rules that read I/O know Spark's own writers).
 */
export const AWS_GLUE: Library = {
  id: 'aws-glue',
  title: 'AWS Glue DynamicFrame writers',
  modules: ['awsglue'],
  calls: [
    {
      names: ['from_jdbc_conf', 'from_options', 'from_catalog'],
      when: (site) => /(^|\.)write_dynamic_frame$/.test(site.receiver),
      writeMode: { values: {}, default: 'append', source: 'https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-glue-context.html#aws-glue-api-crawler-pyspark-extensions-glue-context-write_dynamic_frame_from_jdbc_conf' },
    },
  ],
};

/**
 * Glue job bookmarks (https://docs.aws.amazon.com/glue/latest/dg/monitor-continuations.html): when
 * the job runs with `--job-bookmark-option job-bookmark-enable`, a source read that passes a
 * `transformation_ctx` returns only the data no earlier run committed (`job.commit()`), so each
 * run processes new input only. The option is set in the job's definition (console, Terraform,
 * CloudFormation) or a notebook's `%%configure` cell; the script shows only the value.
 */
export const GLUE_BOOKMARK_ENABLED = 'job-bookmark-enable';

/** A Glue source read that bookmarks can track (`glue_context.create_dynamic_frame.from_catalog(…)`, `create_data_frame_from_catalog`). */
export function isGlueSourceRead(callee: string): boolean {
  return /(^|\.)create_dynamic_frame\.from_(catalog|options)$|(^|\.)create_data_frame(_from_catalog|_from_options|\.from_catalog|\.from_options)$/.test(callee);
}

/** `job.commit()` of an `awsglue.job.Job`: it saves the bookmark state of the run. */
export function isGlueJobCommit(resolved: string): boolean {
  return /^awsglue\.job\.Job\(\)\.commit$/.test(resolved);
}

/** Actions that bring a Spark frame's rows to the driver to iterate. */
export const SPARK_DRIVER_ROW_METHODS = ['collect', 'toLocalIterator'] as const;
/** Column null tests (`F.col("x").isNull()`). */
export const SPARK_NULL_TEST_METHODS = ['isNull', 'isNotNull'] as const;

/** The callee is a DataFrameWriter/DataStreamWriter chain ending in a sink, whether or not the module imports pyspark. */
export function isSparkWriterChain(callee: string): boolean {
  return SPARK_WRITE.test(callee) || SPARK_WRITE_TO.test(callee);
}
/** Column casts and parsers that turn a value that does not convert into null (`col.cast("int")`, `F.to_timestamp(c)`). */
export const SPARK_CAST_FUNCTIONS = ['cast', 'try_cast', 'to_timestamp', 'to_date', 'to_number', 'try_to_number', 'try_to_timestamp'] as const;
/** The DataFrameReader parse mode that drops records it cannot parse (`mode="DROPMALFORMED"`). */
export const SPARK_DROPPING_READ_MODE = 'DROPMALFORMED';
/** DataFrame methods that register a temporary view: SQL over it reads the job's own frame, not a table. */
export const SPARK_TEMP_VIEW_METHODS = ['createOrReplaceTempView', 'createTempView', 'createGlobalTempView', 'createOrReplaceGlobalTempView', 'registerTempTable'] as const;
/** Delta Lake `DeltaTable.forPath(spark, path)` / `forName(spark, name)`: the table a `.merge(…)` on it writes. */
export const DELTA_TABLE_HANDLES = ['forPath', 'forName'] as const;

/**
 * A streaming read: a `readStream` chain (`spark.readStream.table(t)`, Auto Loader's
 * `.format("cloudFiles")`), or a Databricks declarative pipeline's `dlt.read_stream(t)` /
 * `dp.read_stream(t)`. Its checkpoint makes each update read only rows added since the last one.
 * Source: https://docs.databricks.com/aws/en/dlt/load (streaming tables read incrementally).
 */
export function isStreamingRead(resolved: string, call: CallFact, py: PythonFacts): boolean {
  if (/\.readStream\b/.test(resolved)) return true;
  if (methodOf(resolved) === 'read_stream' && /^(dlt|dp|pipelines|sdp)$/.test(rootOf(resolved))) return true;
  return (sparkFormat(call, py) ?? '').toLowerCase() === 'cloudfiles';
}

/**
 * `….write[Stream].….saveAsTable|insertInto|toTable` on one line, or `.writeTo()`: the tail is
 * found first and the writer looked for before it, so a run of `.write.` with no tail stays linear.
 */
function isSparkCatalogWrite(resolved: string): boolean {
  if (resolved.includes('.writeTo()')) return true;
  const tail = /\.(saveAsTable|insertInto|toTable)$/.exec(resolved);
  if (!tail) return false;
  const lineStart = resolved.lastIndexOf('\n', tail.index) + 1;
  return /\.write(Stream)?\./.test(resolved.slice(lineStart, tail.index));
}
