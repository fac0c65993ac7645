// DB-API 2.0 drivers (PEP 249): connect functions, cursor/connection methods that run SQL or
// fetch rows, bulk COPY, each driver's parameter style and base error classes. A cursor whose
// driver is unknown (a parameter named `cur`) is matched by the generic `dbapi` entry at the end.

import type { CallEntry, CallSite, Library, ParamStyle, SqlCallKind, SqlDialect } from '../types';

/** Keywords naming the SQL argument of execute-style calls across drivers and clients. */
export const SQL_KEYWORDS = ['sql', 'query', 'statement', 'operation', 'sqlQuery', 'sql_query', 'text', 'stmt'] as const;

/** Methods that run one statement on a cursor or connection. */
export const EXECUTE_METHODS = ['execute', 'executemany', 'mogrify', 'executescript', 'exec_driver_sql', 'execute_string', 'execute_async'] as const;
/** Methods that read the rows a cursor holds after an execute. */
export const FETCH_METHODS = ['fetchall', 'fetchmany', 'fetchone', 'fetch_pandas_all', 'fetch_pandas_batches', 'fetch_arrow_all', 'fetchdf', 'fetch_df', 'fetchnumpy'] as const;
/**
 * Methods that read the rows of an executed query from its cursor or result: DB-API `fetch*`,
 * Snowflake's `fetch_pandas_*`/`fetch_arrow_*`, DuckDB relations (`df`, `arrow`, `pl`),
 * SQLAlchemy results (`all`, `mappings`, `scalars`, `partitions`, `yield_per`), BigQuery query jobs
 * (`result`, `to_dataframe`, `to_arrow`, `to_geodataframe`), Spark and Arrow (`collect`, `to_pandas`).
 */
export const RESULT_READ_METHODS = [
  ...FETCH_METHODS, 'fetch_arrow_batches', 'df', 'arrow', 'pl', 'all', 'mappings', 'scalars', 'partitions', 'yield_per',
  'result', 'to_dataframe', 'to_arrow', 'to_geodataframe', 'to_pandas', 'collect',
] as const;
/** Bulk copy between a table and a file (psycopg2 `copy_expert`, `copy_from`, `copy_to`). */
export const COPY_METHODS = ['copy_expert', 'copy_from', 'copy_to'] as const;

/** Receivers that hold a connection or cursor whatever their type: `cur`, `conn`, `self.db`, `pg_hook`, `dst_cursor`. */
export const DB_RECEIVER = /^(cur|cursor|curs|conn|connection|con|db|engine|session|sess|client|hook|pg_hook|.*_(cur|cursor|conn|connection|engine|session|hook|db))$/i;

/** SQLAlchemy sessions and engines by name (`session.execute(text(...))`). */
const SQLALCHEMY_RECEIVER = /(^|\.)(session|sess|engine|db\.session)$/i;

/** How an execute-style call runs SQL: through SQLAlchemy (bound `:name` parameters) or a DB-API cursor. */
export function executeKind(site: CallSite): SqlCallKind {
  return /^sqlalchemy\b/.test(site.resolved) || SQLALCHEMY_RECEIVER.test(site.receiver) || site.method === 'exec_driver_sql' ? 'sqlalchemy-execute' : 'dbapi';
}

/** The SQL dialect each driver below speaks, by library id. */
const DRIVER_DIALECTS: Readonly<Record<string, SqlDialect>> = {
  psycopg2: 'postgres', psycopg: 'postgres', asyncpg: 'postgres', pg8000: 'postgres', pymysql: 'mysql', 'mysql-connector': 'mysql',
  mysqlclient: 'mysql', sqlite3: 'sqlite', 'snowflake-connector': 'snowflake', 'redshift-connector': 'redshift', oracledb: 'oracle',
  'databricks-sql': 'spark', trino: 'trino', pyathena: 'trino', duckdb: 'duckdb',
};

/** Roots of every driver below: a resolved callee under one of them is a database call. */
export const DRIVER_ROOTS: string[] = [];

interface DriverSpec {
  id: string;
  title: string;
  modules: string[];
  connect: string[];
  paramStyle: ParamStyle;
  errors: string[];
  inProcess?: boolean;
  /** `connect()` only records the settings: the first query opens the connection (trino's HTTP client). */
  lazyConnect?: boolean;
  /** Calls of the driver's helper modules (`psycopg2.extras.execute_values`). */
  extraCalls?: CallEntry[];
}

function driver(spec: DriverSpec): Library {
  const roots = [...new Set(spec.modules.map((m) => m.split('.')[0]))];
  DRIVER_ROOTS.push(...roots);
  const calls: CallEntry[] = [
    { names: [...new Set(spec.connect.map((c) => c.slice(c.lastIndexOf('.') + 1)))], exact: spec.connect, role: 'connect', io: 'db-connect', lazy: spec.lazyConnect },
    { names: ['execute', 'executemany', 'mogrify', 'executescript', 'execute_string', 'execute_async'], roots, role: 'execute', io: 'db-query', sql: { kind: executeKind, arg: { index: 0, keywords: SQL_KEYWORDS } } },
    { names: COPY_METHODS, roots, role: 'copy', io: 'db-query' },
    { names: FETCH_METHODS, roots, role: 'fetch' },
    ...(spec.extraCalls ?? []),
  ];
  return { id: spec.id, title: spec.title, modules: spec.modules, paramStyle: spec.paramStyle, sqlDialect: DRIVER_DIALECTS[spec.id], broadErrors: spec.errors, inProcess: spec.inProcess, calls };
}

const errorsOf = (module: string) => [`${module}.Error`, `${module}.DatabaseError`, `${module}.OperationalError`, `${module}.InterfaceError`];

/** psycopg2.extras' batch helpers take the cursor first and the SQL second: `execute_values(cur, sql, rows)`. */
const PSYCOPG2_EXTRAS: CallEntry[] = [
  {
    names: ['execute_values', 'execute_batch'],
    exact: ['psycopg2.extras.execute_values', 'psycopg2.extras.execute_batch'],
    role: 'execute',
    io: 'db-query',
    sql: { kind: 'dbapi', arg: { index: 1, keywords: ['sql'] } },
  },
];

export const DRIVERS: Library[] = [
  driver({ id: 'psycopg2', title: 'psycopg2', modules: ['psycopg2'], connect: ['psycopg2.connect'], paramStyle: 'pyformat', errors: [...errorsOf('psycopg2'), 'psycopg2.errors.Error'], extraCalls: PSYCOPG2_EXTRAS }),
  driver({ id: 'psycopg', title: 'psycopg 3', modules: ['psycopg'], connect: ['psycopg.connect', 'psycopg.Connection.connect', 'psycopg.AsyncConnection.connect'], paramStyle: 'pyformat', errors: errorsOf('psycopg') }),
  driver({ id: 'asyncpg', title: 'asyncpg', modules: ['asyncpg'], connect: ['asyncpg.connect', 'asyncpg.create_pool'], paramStyle: 'numeric', errors: ['asyncpg.PostgresError', 'asyncpg.exceptions.PostgresError'] }),
  driver({ id: 'pg8000', title: 'pg8000', modules: ['pg8000'], connect: ['pg8000.connect', 'pg8000.native.Connection', 'pg8000.dbapi.connect'], paramStyle: 'format', errors: errorsOf('pg8000') }),
  driver({ id: 'pymysql', title: 'PyMySQL', modules: ['pymysql'], connect: ['pymysql.connect'], paramStyle: 'pyformat', errors: [...errorsOf('pymysql'), 'pymysql.err.Error', 'pymysql.err.OperationalError'] }),
  driver({ id: 'mysql-connector', title: 'MySQL Connector/Python', modules: ['mysql.connector'], connect: ['mysql.connector.connect'], paramStyle: 'pyformat', errors: [...errorsOf('mysql.connector'), 'mysql.connector.errors.Error', 'mysql.connector.errors.DatabaseError'] }),
  driver({ id: 'mysqlclient', title: 'mysqlclient (MySQLdb)', modules: ['MySQLdb'], connect: ['MySQLdb.connect'], paramStyle: 'format', errors: errorsOf('MySQLdb') }),
  driver({ id: 'sqlite3', title: 'sqlite3', modules: ['sqlite3'], connect: [], paramStyle: 'qmark', errors: errorsOf('sqlite3'), inProcess: true }),
  driver({ id: 'pyodbc', title: 'pyodbc', modules: ['pyodbc'], connect: ['pyodbc.connect'], paramStyle: 'qmark', errors: errorsOf('pyodbc') }),
  driver({ id: 'snowflake-connector', title: 'Snowflake Connector for Python', modules: ['snowflake.connector'], connect: ['snowflake.connector.connect'], paramStyle: 'pyformat', errors: [...errorsOf('snowflake.connector'), 'snowflake.connector.errors.Error', 'snowflake.connector.errors.DatabaseError'] }),
  driver({ id: 'redshift-connector', title: 'redshift_connector', modules: ['redshift_connector'], connect: ['redshift_connector.connect'], paramStyle: 'format', errors: errorsOf('redshift_connector') }),
  driver({ id: 'oracledb', title: 'python-oracledb / cx_Oracle', modules: ['oracledb', 'cx_Oracle'], connect: ['oracledb.connect', 'cx_Oracle.connect'], paramStyle: 'named', errors: [...errorsOf('oracledb'), ...errorsOf('cx_Oracle')] }),
  driver({ id: 'databricks-sql', title: 'Databricks SQL Connector', modules: ['databricks.sql'], connect: ['databricks.sql.connect'], paramStyle: 'named', errors: errorsOf('databricks.sql') }),
  driver({ id: 'trino', title: 'trino', modules: ['trino'], connect: ['trino.dbapi.connect'], paramStyle: 'qmark', errors: ['trino.exceptions.TrinoQueryError', 'trino.exceptions.DatabaseError'], lazyConnect: true }),
  driver({ id: 'pyathena', title: 'PyAthena', modules: ['pyathena'], connect: ['pyathena.connect'], paramStyle: 'pyformat', errors: errorsOf('pyathena') }),
  driver({ id: 'vertica', title: 'vertica-python', modules: ['vertica_python'], connect: ['vertica_python.connect'], paramStyle: 'format', errors: errorsOf('vertica_python') }),
  driver({ id: 'teradata', title: 'teradatasql', modules: ['teradatasql'], connect: ['teradatasql.connect'], paramStyle: 'qmark', errors: errorsOf('teradatasql') }),
  driver({ id: 'ibm-db', title: 'ibm_db', modules: ['ibm_db'], connect: ['ibm_db.connect'], paramStyle: 'qmark', errors: [] }),
  driver({ id: 'clickhouse', title: 'clickhouse-driver', modules: ['clickhouse_driver'], connect: ['clickhouse_driver.Client'], paramStyle: 'pyformat', errors: ['clickhouse_driver.errors.Error'] }),
  driver({ id: 'duckdb', title: 'DuckDB', modules: ['duckdb'], connect: [], paramStyle: 'qmark', errors: ['duckdb.Error'], inProcess: true }),
  {
    id: 'mongodb',
    title: 'PyMongo',
    modules: ['pymongo'],
    broadErrors: ['pymongo.errors.PyMongoError'],
    calls: [{ names: ['MongoClient'], exact: ['pymongo.MongoClient'], role: 'connect', io: 'db-connect', lazy: true }],
  },
  {
    id: 'redis',
    title: 'redis-py',
    modules: ['redis'],
    broadErrors: ['redis.RedisError', 'redis.exceptions.RedisError'],
    calls: [{ names: ['Redis', 'StrictRedis', 'from_url'], exact: ['redis.Redis', 'redis.StrictRedis', 'redis.from_url'], role: 'connect', io: 'db-connect', lazy: true }],
  },
];

/**
 * A cursor or connection whose driver is unknown: a parameter or attribute named like one
 * (`def load(cur): cur.execute(…)`), or a name bound to `<x>.cursor()`. Matched after every driver.
 */
export const GENERIC_DBAPI: Library = {
  id: 'dbapi',
  title: 'a DB-API cursor or connection',
  modules: [],
  calls: [
    {
      names: ['execute', 'executemany', 'mogrify', 'copy_expert', 'copy_from'],
      when: (site) => DB_RECEIVER.test(site.receiverName) || site.resolved.endsWith(`.cursor().${site.method}`),
      role: 'execute',
      io: 'db-query',
      sql: { kind: executeKind, arg: { index: 0, keywords: SQL_KEYWORDS } },
    },
    // Any object's execute(sql): it takes SQL even when nothing says it is a database (PW102 reads it).
    { names: EXECUTE_METHODS, when: (site) => site.receiver !== '', role: 'execute', sql: { kind: executeKind, arg: { index: 0, keywords: SQL_KEYWORDS } } },
    // `cursor.copy_from(file, table)` runs `COPY table FROM STDIN`: it adds the file's rows (PW203 reads it).
    {
      names: ['copy_from'],
      when: (site) => site.receiver !== '',
      writeMode: { values: {}, default: 'append', target: { index: 1, keywords: ['table'] }, source: 'https://www.psycopg.org/docs/cursor.html#cursor.copy_from' },
    },
  ],
};

/** Cursor methods that hand back the rows of a result set to iterate. */
export const ROW_FETCH_METHODS = ['fetchall', 'fetchmany'] as const;
/** Calls that send many rows in one round trip: psycopg2.extras `execute_batch`/`execute_values`, asyncpg `copy_records_to_table`, PyMongo `insert_many`/`bulk_write`. */
export const BULK_EXECUTE_METHODS = ['executemany', 'execute_batch', 'execute_values', 'copy_records_to_table', 'insert_many', 'bulk_write'] as const;

/** supabase-py builders that change rows (`.upsert(rows)`); `select`, `rpc` read or run a function. */
const SUPABASE_WRITE = /\.(insert|upsert|update|delete)\(\)/;
/** A PostgREST query built on a table or a database function (`client.table("t")…`, `.from_("t")…`, `.rpc("f", …)`). */
const SUPABASE_QUERY = /\.(table|from_|rpc)\(\)/;

/**
 * supabase-py (PostgREST over HTTP): a query builder does nothing until `.execute()` sends it
 * (`client.table("prices").upsert(rows).execute()`). https://supabase.com/docs/reference/python/upsert
 */
export const SUPABASE: Library = {
  id: 'supabase',
  title: 'supabase-py (PostgREST)',
  modules: ['supabase', 'postgrest'],
  calls: [
    {
      names: ['execute'],
      when: (site) => SUPABASE_QUERY.test(site.resolved) && (site.py.importsModule('supabase') || site.py.importsModule('postgrest')),
      io: (site) => (SUPABASE_WRITE.test(site.resolved) ? 'db-write' : 'db-read'),
    },
  ],
};
/** Methods that read one value or row of an executed statement's result (SQLAlchemy `scalar`/`first`/`one`, DB-API `fetchone`). */
export const SINGLE_RESULT_METHODS = ['fetchone', 'scalar', 'scalar_one', 'scalar_one_or_none', 'first', 'one', 'one_or_none'] as const;
