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
  ],
};

/** ORM session methods that insert many objects in one flush. */
export const SQLALCHEMY_BULK_METHODS = ['bulk_insert_mappings', 'bulk_save_objects'] as const;
