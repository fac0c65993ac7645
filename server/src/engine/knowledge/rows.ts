// Rows as pipelines move them: the calls that hand back rows to iterate (a cursor's fetchall, a
// hook's get_records, a query job's result, Spark's collect, a frame's iterrows, a CSV reader) and
// the calls that send many rows in one round trip (executemany, COPY, bulk loads). Read by rules
// about row-by-row processing and about accounting for rows (where rows are written out).

import type { ArgFact, CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { methodOf } from './call-site';
import { ioOf, libraryOf, roleOf } from './io';
import { DRIVERS } from './libraries/db-drivers';
import { SQLALCHEMY } from './libraries/sqlalchemy';
import { BULK_EXECUTE_METHODS, COPY_METHODS, ROW_FETCH_METHODS } from './libraries/db-drivers';
import { SQLALCHEMY_BULK_METHODS } from './libraries/sqlalchemy';
import { BOTO3_BATCH_METHODS } from './libraries/cloud-storage';
import { HOOK_BULK_METHODS, HOOK_ROW_METHODS } from './libraries/orchestrators';
import { QUERY_RESULT_METHODS, WAREHOUSE_BULK_METHODS } from './libraries/warehouses';
import { SPARK_DRIVER_ROW_METHODS, SPARK_DROPPING_READ_MODE } from './libraries/spark';
import { LINE_READERS, LINE_SKIPPING_READ_OPTIONS, ROW_ITERATION_METHODS } from './libraries/pandas';
import type { SourceText } from '../source-text';

/** Methods whose call hands back a result's rows: `cur.fetchall()`, `hook.get_records(sql)`, `job.result()`, `df.collect()`. */
export const ROW_RESULT_METHODS: ReadonlySet<string> = new Set<string>([...ROW_FETCH_METHODS, ...HOOK_ROW_METHODS, ...QUERY_RESULT_METHODS, ...SPARK_DRIVER_ROW_METHODS]);
/** Methods that iterate a frame's rows. */
export const ROW_ITERATORS: ReadonlySet<string> = new Set<string>(ROW_ITERATION_METHODS);
/** The standard library's CSV readers (resolved names): each iteration is one row of the file. */
export const CSV_READERS: ReadonlySet<string> = new Set(['csv.reader', 'csv.DictReader']);

/** The standard library's file listings (resolved names): each item is a file or folder, not a row. */
export const FILE_LISTINGS: ReadonlySet<string> = new Set(['glob.glob', 'glob.iglob', 'os.listdir', 'os.scandir', 'os.walk']);
/** `pathlib.Path` methods that list files. */
const PATH_LISTING_METHODS: ReadonlySet<string> = new Set(['glob', 'rglob', 'iterdir']);

/** Whether the call lists files (`glob.glob("*.sql")`, `os.listdir(d)`, `Path(d).glob("*.csv")`), also wrapped in `sorted()`/`list()`. */
export function listsFiles(call: CallFact, py: PythonFacts, text: SourceText): boolean {
  if (call.callee === 'sorted' || call.callee === 'list') {
    const inner = call.args[0];
    return inner !== undefined && py.callsIn(inner.start, inner.end).some((c) => c !== call && listsFiles(c, py, text));
  }
  if (FILE_LISTINGS.has(py.resolveCall(call).replace(/\(\)/g, ''))) return true;
  return PATH_LISTING_METHODS.has(methodOf(call.callee)) && !FILE_LISTINGS.has(call.callee) && /path|dir|folder|Path\(/i.test(call.callee + text.slice(call.start, call.argsStart));
}

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

/** Database libraries whose calls leave the machine (every driver but sqlite3/DuckDB, SQLAlchemy). */
const REMOTE_DATABASES = [...DRIVERS.filter((l) => !l.inProcess), SQLALCHEMY];
const IN_PROCESS_DATABASES = DRIVERS.filter((l) => l.inProcess);
const inProcessModules = new WeakMap<PythonFacts, { version: number; value: boolean }>();

/** The module's only database libraries run in process (it imports sqlite3 or DuckDB and no server driver or SQLAlchemy). */
function onlyInProcessDatabases(py: PythonFacts): boolean {
  const known = inProcessModules.get(py);
  if (known && known.version === py.resolutionVersion) return known.value;
  const imports = (libs: typeof DRIVERS) => libs.some((l) => l.modules.some((m) => py.importsModule(m)));
  const value = imports(IN_PROCESS_DATABASES) && !imports(REMOTE_DATABASES);
  inProcessModules.set(py, { version: py.resolutionVersion, value });
  return value;
}

/**
 * The database call runs in process (sqlite3, DuckDB): no network round trip. Also a cursor of
 * unknown driver (`def load(cur)`) in a module whose only database libraries run in process.
 */
export function runsInProcess(call: CallFact, py: PythonFacts): boolean {
  const io = ioOf(call, py);
  if (!io) return false;
  if (io.library.inProcess) return true;
  return io.library.id === 'dbapi' && onlyInProcessDatabases(py);
}

/** A keyword argument from its name to the end of its value (an ArgFact spans the value only). */
function keywordRange(arg: ArgFact, text: SourceText): { start: number; end: number } {
  const name = arg.name ? text.lastIndexOf(arg.name, arg.start) : -1;
  return { start: name >= 0 ? name : arg.start, end: arg.end };
}

/** A reader told to drop the lines or records it cannot parse, and the argument that says so. */
export interface MalformedRowsDrop {
  library: 'pandas' | 'spark';
  /** The keyword argument or `option("mode", …)` call that asks for it. */
  start: number;
  end: number;
}

/**
 * The call reads rows and drops the ones it cannot parse: pandas `read_csv(…, on_bad_lines="skip")`
 * (`error_bad_lines=False`), Spark `spark.read.csv(…, mode="DROPMALFORMED")` or
 * `.option("mode", "DROPMALFORMED")` in a reader chain.
 */
export function dropsMalformedRows(call: CallFact, py: PythonFacts, text: SourceText): MalformedRowsDrop | null {
  const method = methodOf(call.callee);
  const resolved = py.resolveCall(call);
  if ((LINE_READERS as readonly string[]).includes(method) && /^(pandas|modin\.pandas)\./.test(resolved)) {
    for (const option of LINE_SKIPPING_READ_OPTIONS) {
      const arg = call.args.find((a) => a.kind === 'keyword' && a.name === option.keyword);
      if (arg && text.slice(arg.start, arg.end).replace(/'/g, '"').trim() === option.value) return { library: 'pandas', ...keywordRange(arg, text) };
    }
    return null;
  }
  const dropping = (arg: ArgFact | undefined) => arg?.string?.value.toUpperCase() === SPARK_DROPPING_READ_MODE;
  if ((method === 'option' || method === 'options') && /\.read(Stream)?\b/.test(call.callee)) {
    const [key, value] = call.args.filter((a) => a.kind === 'positional');
    if (method === 'option' && key?.string?.value.toLowerCase() === 'mode' && dropping(value)) return { library: 'spark', start: call.start, end: call.end };
    const keyword = call.args.find((a) => a.kind === 'keyword' && a.name === 'mode');
    if (method === 'options' && dropping(keyword)) return { library: 'spark', ...keywordRange(keyword!, text) };
    return null;
  }
  if (/\.read(Stream)?(\.|$)/.test(call.callee)) {
    const keyword = call.args.find((a) => a.kind === 'keyword' && a.name === 'mode');
    if (dropping(keyword)) return { library: 'spark', ...keywordRange(keyword!, text) };
  }
  return null;
}

/**
 * Where a write hands back the rows it rejected instead of raising: BigQuery's streaming inserts
 * (`insert_rows`, `insert_rows_json`, `insert_rows_from_dataframe`) return one error mapping per
 * rejected row and succeed for the rest, so a caller that drops the result loses those rows.
 */
export const REJECTED_ROWS_RESULT_SOURCE = 'https://cloud.google.com/python/docs/reference/bigquery/latest/google.cloud.bigquery.client.Client#google_cloud_bigquery_client_Client_insert_rows_json';

/** The call writes rows and returns the ones it rejected rather than raising (see REJECTED_ROWS_RESULT_SOURCE). */
export function returnsRejectedRows(call: CallFact, py: PythonFacts): boolean {
  return roleOf(call, py) === 'stream-insert';
}
