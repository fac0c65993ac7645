// SQLAlchemy Core and ORM: engines connect lazily; `text()` wraps SQL (bound `:name`
// parameters); statements run through connections, engines and sessions.

import type { Library } from '../types';
import { executeKind, SQL_KEYWORDS } from './db-drivers';

export const SQLALCHEMY: Library = {
  id: 'sqlalchemy',
  title: 'SQLAlchemy',
  modules: ['sqlalchemy', 'sqlmodel'],
  paramStyle: 'named',
  broadErrors: ['sqlalchemy.exc.SQLAlchemyError', 'sqlalchemy.exc.DBAPIError', 'sqlalchemy.exc.OperationalError'],
  calls: [
    { names: ['create_engine', 'create_async_engine'], exact: ['sqlalchemy.create_engine', 'sqlalchemy.ext.asyncio.create_async_engine', 'sqlmodel.create_engine'], role: 'connect', io: 'db-connect', lazy: true },
    { names: ['text'], exact: ['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text', 'sqlmodel.text'], role: 'sql-text', sql: { kind: 'sqlalchemy-text', arg: { index: 0, keywords: ['text'] } } },
    { names: ['execute', 'executemany', 'mogrify', 'copy_expert', 'copy_from', 'exec_driver_sql'], roots: ['sqlalchemy', 'sqlmodel'], role: 'execute', io: 'db-query', sql: { kind: executeKind, arg: { index: 0, keywords: SQL_KEYWORDS } } },
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
