// Rows as pipelines move them: the calls that hand back rows to iterate (a cursor's fetchall, a
// hook's get_records, a query job's result, Spark's collect, a frame's iterrows, a CSV reader) and
// the calls that send many rows in one round trip (executemany, COPY, bulk loads). Read by rules
// about row-by-row processing and about accounting for rows (where rows are written out).

import type { CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { methodOf } from './call-site';
import { classifyIo, ioOf, libraryOf, roleOf } from './io';
import { BULK_EXECUTE_METHODS, COPY_METHODS, ROW_FETCH_METHODS } from './libraries/db-drivers';
import { SQLALCHEMY_BULK_METHODS } from './libraries/sqlalchemy';
import { BOTO3_BATCH_METHODS } from './libraries/cloud-storage';
import { HOOK_BULK_METHODS, HOOK_ROW_METHODS } from './libraries/orchestrators';
import { QUERY_RESULT_METHODS, WAREHOUSE_BULK_METHODS } from './libraries/warehouses';
import { isSparkWriterChain, SPARK_DRIVER_ROW_METHODS } from './libraries/spark';
import { ROW_ITERATION_METHODS } from './libraries/pandas';

/** Methods whose call hands back a result's rows: `cur.fetchall()`, `hook.get_records(sql)`, `job.result()`, `df.collect()`. */
export const ROW_RESULT_METHODS: ReadonlySet<string> = new Set<string>([...ROW_FETCH_METHODS, ...HOOK_ROW_METHODS, ...QUERY_RESULT_METHODS, ...SPARK_DRIVER_ROW_METHODS]);
/** Methods that iterate a frame's rows. */
export const ROW_ITERATORS: ReadonlySet<string> = new Set<string>(ROW_ITERATION_METHODS);
/** The standard library's CSV readers (resolved names): each iteration is one row of the file. */
export const CSV_READERS: ReadonlySet<string> = new Set(['csv.reader', 'csv.DictReader']);

const BULK_METHODS: ReadonlySet<string> = new Set<string>([
  ...BULK_EXECUTE_METHODS, ...COPY_METHODS, ...SQLALCHEMY_BULK_METHODS, ...BOTO3_BATCH_METHODS, ...HOOK_BULK_METHODS, ...WAREHOUSE_BULK_METHODS,
]);

/** The call sends many rows in one round trip (executemany, COPY, a bulk insert or batch put). */
export function isBulkCall(call: CallFact, py: PythonFacts): boolean {
  if (BULK_METHODS.has(methodOf(call.callee))) return true;
  return roleOf(call, py) === 'copy';
}

/** An expression calling a method that hands back rows (`cur.fetchall()`, `rows.collect()`), by its last call. */
export function isRowResultExpression(expression: string): boolean {
  const match = /\.([A-Za-z_]\w*)\(\)$/.exec(expression);
  return match !== null && ROW_RESULT_METHODS.has(match[1]);
}

/**
 * The call yields rows when iterated or bound and then iterated: a row-result method, a cursor's
 * `execute` (sqlite3 and SQLAlchemy results iterate rows), a frame's iterrows/itertuples, a CSV
 * reader, a BigQuery `client.query(sql)` (its job iterates rows).
 */
export function yieldsRows(call: CallFact, py: PythonFacts): boolean {
  const method = methodOf(call.callee);
  if (ROW_RESULT_METHODS.has(method) || ROW_ITERATORS.has(method) || method === 'execute') return true;
  if (CSV_READERS.has(py.resolveCall(call).replace(/\(\)/g, ''))) return true;
  return method === 'query' && libraryOf(call, py)?.id === 'bigquery';
}

/** A client constructor that connects lazily (SQLAlchemy engines, MongoClient, Redis): making one does no I/O. */
export function connectsLazily(call: CallFact, py: PythonFacts): boolean {
  return ioOf(call, py)?.lazy ?? false;
}

/** The call writes data out: a file, a table, a warehouse load, an upload, or a Spark writer chain (also in a module that does not import pyspark). */
export function writesData(call: CallFact, py: PythonFacts): boolean {
  const kind = classifyIo(call, py);
  if (kind === 'file-write' || kind === 'db-write' || kind === 'object-storage' || kind === 'warehouse-load') return true;
  return isSparkWriterChain(call.callee);
}
