// The vocabulary of the pipeline-library model: what a library call does (its I/O, the argument
// holding SQL or the target, whether it yields a DataFrame), and what a library is known for
// (retrying transient errors by itself, its broad exception classes, its SQL parameter style).

import type { CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';

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

/** How a call that takes SQL runs it: what decides its parameter style and its messages. */
export type SqlCallKind = 'dbapi' | 'sqlalchemy-text' | 'sqlalchemy-execute' | 'pandas' | 'spark' | 'bigquery' | 'airflow-hook' | 'other';

/**
 * What a call is for, beyond its I/O kind, when rules need to tell calls of one kind apart:
 * `fetch` reads rows a cursor already holds, `load-job` starts a warehouse load, `stream-insert`
 * streams rows, `copy` runs a bulk COPY, `sql-text` only wraps SQL text (no I/O), `upload` sends
 * a file or frame to object storage.
 */
export type CallRole =
  | 'connect'
  | 'execute'
  | 'fetch'
  | 'copy'
  | 'read-sql'
  | 'read-table'
  | 'read-file'
  | 'write-table'
  | 'write-file'
  | 'load-job'
  | 'stream-insert'
  | 'warehouse-query'
  | 'hook-read'
  | 'hook-run'
  | 'sql-text'
  | 'upload'
  | 'download'
  | 'http-request'
  | 'frame-source'
  | 'open'
  | 'api-query';

/** SQL parameter styles of PEP 249 (`paramstyle`), plus `none` for calls that bind nothing. */
export type ParamStyle = 'pyformat' | 'qmark' | 'named' | 'numeric' | 'format' | 'none';

/**
 * The SQL dialect a library's statements are written in, where it changes how text reads: MySQL,
 * BigQuery and Spark SQL read `"…"` as a string literal; PostgreSQL composes identifiers with
 * `psycopg2.sql.Identifier`.
 */
export type SqlDialect = 'postgres' | 'mysql' | 'sqlite' | 'snowflake' | 'redshift' | 'bigquery' | 'spark' | 'oracle' | 'mssql' | 'trino' | 'duckdb';

/** Where an argument is: its position among positional arguments, and the keywords naming it. */
export interface ArgSpec {
  index?: number;
  keywords: readonly string[];
}

/** The call as the catalogue sees it: its callee resolved through imports and local bindings. */
export interface CallSite {
  call: CallFact;
  /** The document's newest facts. */
  readonly py: PythonFacts;
  /** `pandas.read_sql`, `google.cloud.bigquery.Client().query`, `cur.execute` when nothing resolves. */
  resolved: string;
  /** `resolved` without the `()` of intermediate calls (`psycopg2.connect`). */
  plain: string;
  /** The resolved callee's first segment (`pandas`, `google`, `cur`). */
  root: string;
  /** The last attribute of the resolved callee (`read_sql` also for an alias `rs`). */
  method: string;
  /** The callee as written without its last attribute (`self.cur`, `client`). */
  receiver: string;
  /** The last segment of `receiver` without a call (`cur` for `self.cur`, `cursor` for `conn.cursor()`). */
  receiverName: string;
}

export type Predicate = (site: CallSite) => boolean;

/** One kind of call of a library. A call matches when its method is listed and every condition holds. */
export interface CallEntry {
  /** Method or function names (the resolved callee's last attribute). */
  names: readonly string[];
  /** The resolved callee (without intermediate `()`) is one of these. */
  exact?: readonly string[];
  /** The resolved callee's root module is one of these. */
  roots?: readonly string[];
  /** Evidence for an object whose type is unknown (a parameter): its name (`cur`, `bq_client`). */
  receiver?: RegExp;
  /** Any further condition. */
  when?: Predicate;
  /** At least one of the conditions `exact`, `roots`, `receiver` holds (default: all that are given must hold). */
  anyOf?: boolean;
  role?: CallRole;
  /** The I/O the call performs; a function when it depends on the arguments (a remote path). */
  io?: IoKind | ((site: CallSite) => IoKind | null);
  /** The call takes SQL text. */
  sql?: { kind: SqlCallKind | ((site: CallSite) => SqlCallKind); arg: ArgSpec };
  /** The argument naming what is read or written: a table, a path, a URL. */
  target?: ArgSpec;
  /** The argument holding the connection, engine or session the call runs on (`read_sql(sql, con)`). */
  connection?: ArgSpec;
  /** The call returns a DataFrame (pandas, polars, Spark). */
  returnsFrame?: boolean;
  /** A client constructor that connects lazily: creating one does no I/O. */
  lazy?: boolean;
  /** The parameter style of this call's SQL when it differs by call (an Airflow hook wraps a driver); else the library's. */
  paramStyle?: (site: CallSite) => ParamStyle | null;
  /** The SQL dialect of this call when it differs by call; else the library's. */
  sqlDialect?: (site: CallSite) => SqlDialect | null;
  /** A write that chooses between adding rows and replacing what is there (`if_exists=`, `.mode()`…). */
  writeMode?: WriteModeSpec;
  /** A keyword that makes this call retry by itself when non-zero (googleapiclient `execute(num_retries=3)`). */
  retryArgument?: RetryArgument;
  /** The call runs a query in an API's own query language (Salesforce SOQL), not SQL on a database. */
  apiQuery?: ApiQuerySpec;
}

/** A query an API answers (`sf.query_all("SELECT Id FROM Contact")`): its language, argument and the change stamp every record carries. */
export interface ApiQuerySpec {
  language: 'soql';
  arg: ArgSpec;
  /** A column every record of the API carries that says when it last changed, and where that is documented. */
  changeStamp: SourcedFact & { column: string };
}

/** A call's own retry setting: the keyword, and where its behaviour is documented. */
export interface RetryArgument extends SourcedFact {
  keyword: string;
}

/**
 * What a write does to rows already at its target: `append` adds them again, `replace` overwrites
 * the table, partition or file, `merge` upserts on a key, `refuse` fails (or does nothing) when
 * data is already there.
 */
export type WriteEffect = 'append' | 'replace' | 'merge' | 'refuse';

/** How a write call chooses its effect, with the documented default. */
export interface WriteModeSpec {
  /** The argument that chooses (`if_exists=`, `mode=`, `overwrite=`, `write_disposition=`). */
  arg?: ArgSpec;
  /** A call earlier in the chain that chooses (`.mode("append")` on a Spark writer). */
  chain?: string;
  /** What each value does: strings as written (compared case-insensitively), `True`/`False` for flags. */
  values: Readonly<Record<string, WriteEffect>>;
  /** What the call does when nothing chooses. */
  default: WriteEffect;
  /** A config object argument that decides instead (BigQuery `job_config=`): its effect is the caller's to read. */
  config?: ArgSpec;
  /** The argument naming the table or path written, when it differs from the I/O entry's `target`. */
  target?: ArgSpec;
  /** A call earlier in the chain whose first argument names the target (`writeTo("t")`). */
  targetIn?: string;
  /** Where the default and the values are documented. */
  source: string;
}

/** A documented fact, with where it is documented. */
export interface SourcedFact {
  note: string;
  source: string;
}

export interface Library {
  id: string;
  title: string;
  /** Import roots that identify the library in a module (`psycopg2`, `google.cloud.bigquery`). */
  modules: readonly string[];
  /** Its clients retry transient errors by themselves (a default a pipeline need not add to). */
  retriesByDefault?: SourcedFact;
  /** Its exception classes that catch every failure of its I/O (resolved dotted names). */
  broadErrors?: readonly string[];
  /** How its SQL statements take bound parameters (PEP 249 `paramstyle`). */
  paramStyle?: ParamStyle;
  /** The SQL dialect its statements are written in. */
  sqlDialect?: SqlDialect;
  /** An in-process database (sqlite3, DuckDB): its calls touch local files, not a network. */
  inProcess?: boolean;
  /** A library that makes up data (Faker): a module using it seeds fixtures, it does not load a pipeline's data. */
  syntheticData?: boolean;
  calls: readonly CallEntry[];
}

/** What the model knows about one call. */
export interface CallKnowledge {
  library: Library;
  entry: CallEntry;
}
