// petl: tables read from and written to a database through a DB-API connection or SQLAlchemy
// engine (`etl.fromdb(conn, "SELECT …")`, `etl.todb(table, conn, "orders")`).

import type { Library } from '../types';

export const PETL: Library = {
  id: 'petl',
  title: 'petl',
  modules: ['petl'],
  calls: [
    { names: ['fromdb'], roots: ['petl'], role: 'read-sql', io: 'db-read', sql: { kind: 'other', arg: { index: 1, keywords: ['query'] } } },
    { names: ['todb', 'appenddb'], roots: ['petl'], role: 'write-table', io: 'db-write', target: { index: 2, keywords: ['tablename'] } },
  ],
};
