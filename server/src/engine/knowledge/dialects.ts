// How a database takes an upsert, for fixes that write one: `ON CONFLICT … DO UPDATE`
// (PostgreSQL, SQLite, DuckDB), `ON DUPLICATE KEY UPDATE` (MySQL, MariaDB), or a MERGE statement
// (warehouses and the rest: it needs the key and the column mapping, which only the author knows).
// Answered from the library a call or an import belongs to, a SQLAlchemy URL's scheme, or an
// Airflow hook's class.

import type { CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { libraryOfModule } from './catalogue';
import { libraryOf } from './io';

export type UpsertSyntax = 'on-conflict' | 'on-duplicate-key' | 'merge';

/** By catalogue library id. */
const BY_LIBRARY: Readonly<Record<string, UpsertSyntax>> = {
  psycopg2: 'on-conflict',
  psycopg: 'on-conflict',
  asyncpg: 'on-conflict',
  pg8000: 'on-conflict',
  sqlite3: 'on-conflict',
  duckdb: 'on-conflict',
  pymysql: 'on-duplicate-key',
  'mysql-connector': 'on-duplicate-key',
  mysqlclient: 'on-duplicate-key',
  pyodbc: 'merge',
  'snowflake-connector': 'merge',
  'snowflake-pandas': 'merge',
  'redshift-connector': 'merge',
  oracledb: 'merge',
  'databricks-sql': 'merge',
  trino: 'merge',
  pyathena: 'merge',
  vertica: 'merge',
  teradata: 'merge',
  'ibm-db': 'merge',
  clickhouse: 'merge',
  bigquery: 'merge',
  spark: 'merge',
};

/** Drivers the catalogue has no entry for yet, by import root. */
const BY_MODULE_ROOT: Readonly<Record<string, UpsertSyntax>> = {
  aiosqlite: 'on-conflict',
  aiomysql: 'on-duplicate-key',
  mariadb: 'on-duplicate-key',
  pymssql: 'merge',
  clickhouse_connect: 'merge',
};

/** Airflow hooks by class name. */
const HOOKS: ReadonlyArray<[RegExp, UpsertSyntax]> = [
  [/PostgresHook|SqliteHook/, 'on-conflict'],
  [/MySqlHook/, 'on-duplicate-key'],
  [/(Snowflake|BigQuery|Mssql|Oracle|Redshift|Databricks|Trino|Presto|Hive)\w*Hook/, 'merge'],
];

/** The upsert syntax of the database a module (`psycopg2.extras`, `google.cloud.bigquery`) or a resolved name talks to. */
export function upsertSyntaxOfName(name: string): UpsertSyntax | null {
  // The hook patterns are not linear; resolved names longer than this are no hook class.
  if (name.length <= 1_000) for (const [hook, syntax] of HOOKS) if (hook.test(name)) return syntax;
  const library = libraryOfModule(name.replace(/\(\)/g, ''));
  if (library && BY_LIBRARY[library.id]) return BY_LIBRARY[library.id];
  return BY_MODULE_ROOT[name.split(/[.(]/)[0]] ?? null;
}

/** The upsert syntax of the database a call runs on, when its library says. */
export function upsertSyntaxOfCall(call: CallFact, py: PythonFacts): UpsertSyntax | null {
  const library = libraryOf(call, py);
  if (library && BY_LIBRARY[library.id]) return BY_LIBRARY[library.id];
  return upsertSyntaxOfName(py.resolveCall(call));
}

/** The upsert syntax of a SQLAlchemy URL's dialect (`postgresql+psycopg2://…`), null for something else. */
export function upsertSyntaxOfUrl(url: string): UpsertSyntax | null {
  if (/^(postgres|postgresql|sqlite|duckdb|cockroachdb)\b/i.test(url)) return 'on-conflict';
  if (/^(mysql|mariadb)\b/i.test(url)) return 'on-duplicate-key';
  if (/^[a-z][\w+]*:\/\//i.test(url)) return 'merge';
  return null;
}
