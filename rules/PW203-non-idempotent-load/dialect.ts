// The SQL dialect a fix may write an upsert in: PostgreSQL/SQLite/DuckDB take `ON CONFLICT`,
// MySQL `ON DUPLICATE KEY UPDATE`, warehouses need a MERGE (no automatic rewrite).

import type { PythonFacts } from '../../server/src/engine/python/python-facts';

export type Dialect = 'pg' | 'mysql' | 'warehouse' | 'unknown';

const PG_ROOTS = new Set(['psycopg2', 'psycopg', 'asyncpg', 'pg8000', 'sqlite3', 'aiosqlite', 'duckdb']);
const MYSQL_ROOTS = new Set(['pymysql', 'mysql', 'MySQLdb', 'aiomysql', 'mariadb']);
const WAREHOUSE_ROOTS = new Set(['snowflake', 'google', 'pyodbc', 'pymssql', 'cx_Oracle', 'oracledb', 'pyspark', 'databricks', 'redshift_connector', 'teradatasql', 'vertica_python', 'trino', 'pyathena', 'clickhouse_driver', 'clickhouse_connect', 'ibm_db']);

export function dialectOfName(name: string): Dialect | null {
  const root = name.split(/[.(]/)[0];
  if (PG_ROOTS.has(root) || /PostgresHook|SqliteHook/.test(name)) return 'pg';
  if (MYSQL_ROOTS.has(root) || /MySqlHook/.test(name)) return 'mysql';
  if (WAREHOUSE_ROOTS.has(root) || /(Snowflake|BigQuery|Mssql|Oracle|Redshift|Databricks|Trino|Presto|Hive)\w*Hook/.test(name)) return 'warehouse';
  return null;
}

export function urlDialect(url: string): Dialect | null {
  if (/^(postgres|postgresql|sqlite|duckdb|cockroachdb)\b/i.test(url)) return 'pg';
  if (/^(mysql|mariadb)\b/i.test(url)) return 'mysql';
  if (/^[a-z][\w+]*:\/\//i.test(url)) return 'warehouse';
  return null;
}

export function moduleDialect(py: PythonFacts): Dialect {
  const found = new Set<Dialect>();
  for (const i of py.imports) {
    const d = dialectOfName(i.target);
    if (d) found.add(d);
  }
  for (const call of py.calls) {
    if (!call.callee.endsWith('create_engine') || !/create_engine$/.test(py.resolveCall(call))) continue;
    const url = call.args[0]?.string;
    const d = url ? urlDialect(url.value) : null;
    if (d) found.add(d);
  }
  if (found.size === 1) return [...found][0];
  return 'unknown';
}
