// Whether an I/O call only reads: a query that selects (also wrapped, `text("SELECT …")`), an HTTP
// GET or HEAD, a download, listing or existence check on object storage, a reader. Rules that
// tell a report from a stage ask it (a script that only reads and prints what it read is a report).

import type { CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { methodOf } from './call-site';
import { ioOf } from './io';
import { sqlCallOf } from './sql-calls';

const READ_SQL = /^\s*(\(\s*)?(select|with|show|describe|desc|explain)\b/i;
/** Methods that read from HTTP clients and object storage. */
const READ_METHODS = /^(get|head|options|urlopen|get_object|head_object|head_bucket|download\w*|list\w*|exists|get_blob|get_bucket|read\w*|fetch\w*)$/;

/** The call reads and writes nothing. */
export function readsOnly(call: CallFact, py: PythonFacts): boolean {
  const io = ioOf(call, py);
  if (!io) return false;
  switch (io.kind) {
    case 'db-read':
    case 'file-read':
      return true;
    case 'db-query':
    case 'warehouse-query': {
      const sql = sqlCallOf(call, py);
      const literal = sql ? sql.arg.string ?? py.stringsIn(sql.arg.start, sql.arg.end)[0] ?? null : null;
      if (literal) return READ_SQL.test(literal.value);
      return io.role === 'fetch' || io.role === 'read-table' || io.role === 'read-sql';
    }
    case 'http': {
      const method = methodOf(call.callee);
      if (method === 'request') return /^(GET|HEAD)$/i.test(call.args[0]?.string?.value ?? '');
      return READ_METHODS.test(method);
    }
    case 'object-storage':
      return READ_METHODS.test(methodOf(call.callee));
    default:
      return false;
  }
}
