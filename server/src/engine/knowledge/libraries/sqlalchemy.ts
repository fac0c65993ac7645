// SQLAlchemy Core and ORM: engines connect lazily; `text()` wraps SQL (bound `:name`
// parameters); statements run through connections, engines and sessions.

import type { Library } from '../types';
import { executeKind, SQL_KEYWORDS } from './db-drivers';

export const SQLALCHEMY: Library = {
  id: 'sqlalchemy',
  title: 'SQLAlchemy',
  modules: ['sqlalchemy', 'sqlmodel', 'flask_sqlalchemy'],
  paramStyle: 'named',
  broadErrors: ['sqlalchemy.exc.SQLAlchemyError', 'sqlalchemy.exc.DBAPIError', 'sqlalchemy.exc.OperationalError'],
  calls: [
    { names: ['create_engine', 'create_async_engine'], exact: ['sqlalchemy.create_engine', 'sqlalchemy.ext.asyncio.create_async_engine', 'sqlmodel.create_engine'], role: 'connect', io: 'db-connect', lazy: true },
    // Checking a connection out of an engine (`engine.begin()`, `engine.connect()`) opens one when
    // the pool has none: where a restarted server or a network blip first shows.
    {
      names: ['connect', 'begin', 'raw_connection'],
      when: (site) => /(^|\.)create(_async)?_engine\(\)$/.test(site.resolved.slice(0, site.resolved.lastIndexOf('.'))) || /(^|_)engine$/i.test(site.receiverName),
      role: 'connect',
      io: 'db-connect',
    },
    { names: ['text'], exact: ['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text', 'sqlmodel.text'], role: 'sql-text', sql: { kind: 'sqlalchemy-text', arg: { index: 0, keywords: ['text'] } } },
    { names: ['execute', 'executemany', 'mogrify', 'copy_expert', 'copy_from', 'exec_driver_sql'], roots: ['sqlalchemy', 'sqlmodel'], role: 'execute', io: 'db-query', sql: { kind: executeKind, arg: { index: 0, keywords: SQL_KEYWORDS } } },
    // Core and 2.0-style statements built in Python: `select(orders)`, `select(Order).where(…)`.
    { names: ['select'], exact: ['sqlalchemy.select', 'sqlalchemy.sql.select', 'sqlalchemy.sql.expression.select', 'sqlalchemy.future.select', 'sqlmodel.select'], role: 'sql-text' },
    // Core statement builders that write (PW203 reads these): an INSERT adds rows unless an
    // upsert clause of the dialect follows it. Building one does no I/O; executing it does.
    {
      names: ['insert'],
      exact: ['sqlalchemy.insert', 'sqlalchemy.sql.insert', 'sqlalchemy.sql.expression.insert', 'sqlalchemy.dialects.postgresql.insert', 'sqlalchemy.dialects.mysql.insert', 'sqlalchemy.dialects.sqlite.insert', 'sqlmodel.insert'],
      writeMode: { values: {}, default: 'append', target: { index: 0, keywords: ['table'] }, source: 'https://docs.sqlalchemy.org/en/20/core/dml.html#sqlalchemy.sql.expression.insert' },
    },
    {
      names: ['insert'],
      when: (site) => /^(sqlalchemy|sqlmodel)\.(schema\.)?Table\(\)\.insert$/.test(site.resolved) || /(^|\.)__table__$/.test(site.receiver),
      writeMode: { values: {}, default: 'append', source: 'https://docs.sqlalchemy.org/en/20/core/metadata.html#sqlalchemy.schema.Table.insert' },
    },
    {
      names: ['on_conflict_do_update', 'on_conflict_do_nothing', 'on_duplicate_key_update'],
      writeMode: { values: {}, default: 'merge', source: 'https://docs.sqlalchemy.org/en/20/dialects/postgresql.html#insert-on-conflict-upsert' },
    },
  ],
};

/** ORM session methods that insert many objects in one flush. */
export const SQLALCHEMY_BULK_METHODS = ['bulk_insert_mappings', 'bulk_save_objects'] as const;
/**
 * The DB-API driver (library id) behind an engine URL: the `+driver` of `postgresql+psycopg2://`,
 * else the dialect's default driver (`postgresql://` → psycopg2, `mysql://` → mysqlclient).
 */
export const URL_DRIVERS: Readonly<Record<string, string>> = {
  psycopg2: 'psycopg2', psycopg: 'psycopg', asyncpg: 'asyncpg', pg8000: 'pg8000', pymysql: 'pymysql', mysqldb: 'mysqlclient',
  mysqlconnector: 'mysql-connector', pysqlite: 'sqlite3', pyodbc: 'pyodbc', redshift_connector: 'redshift-connector',
  oracledb: 'oracledb', cx_oracle: 'oracledb', duckdb_engine: 'duckdb',
};
export const DIALECT_DEFAULT_DRIVERS: Readonly<Record<string, string>> = {
  postgresql: 'psycopg2', postgres: 'psycopg2', redshift: 'psycopg2', mysql: 'mysqlclient', mariadb: 'mysqlclient', sqlite: 'sqlite3',
  snowflake: 'snowflake-connector', oracle: 'oracledb', duckdb: 'duckdb', trino: 'trino', databricks: 'databricks-sql',
};

/** An ORM session by name (`session.query(Order)`, `db.session.query(…)`, `self.session`). */
export const ORM_SESSION = /(^|\.)(session|sess|db_session|Session\(\))$/i;
/** ORM session methods that stage objects to be written at the next flush or commit (`session.add(row)`). */
export const ORM_SESSION_WRITES = ['add', 'add_all', 'merge', 'bulk_save_objects', 'bulk_insert_mappings'] as const;
/** Query/Select methods that narrow the rows read (a filter, a key lookup, a single row). */
export const QUERY_NARROWING_METHODS = ['filter', 'filter_by', 'where', 'get', 'first', 'one', 'one_or_none', 'scalar', 'scalar_one', 'having'] as const;
/** Query methods that read every row the query selects. */
export const QUERY_ROW_METHODS = ['all', 'yield_per', 'partitions'] as const;
