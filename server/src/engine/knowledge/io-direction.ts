// Whether an I/O call only reads: a query that selects (also wrapped, `text("SELECT …")`), an HTTP
// GET or HEAD, a download, listing or existence check on object storage, a reader; and whether it
// only looks up metadata (listing keys or blobs, an existence check, a table's schema) rather than
// moving data. Rules that tell a report or a lookup from a stage ask them.

import type { CallFact, StringFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { callSiteOf, methodOf } from './call-site';
import { GOOGLE_API_CLIENT, googleRequestReads } from './libraries/api-clients';
import { ioOf } from './io';
import { sqlCallOf } from './sql-calls';

/** Statements that change no data: queries, catalogue listings, and `USE db` (it only picks the session's database). */
const READ_SQL = /^\s*(\(\s*)?(select|with|show|describe|desc|explain|use)\b/i;
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
      const literal = sqlTextOf(call, py);
      if (literal) return READ_SQL.test(literal.value);
      return io.role === 'fetch' || io.role === 'read-table' || io.role === 'read-sql';
    }
    case 'http': {
      if (io.library === GOOGLE_API_CLIENT) return googleRequestReads(callSiteOf(call, py).resolved);
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

/** Listing, existence checks and schema lookups: what a sensor or a lookup task does, not data moved. */
const METADATA_METHODS = /^(list_objects\w*|list_blobs|list_buckets|list_tables|list_datasets|head_object|head_bucket|exists|get_bucket|get_blob|get_table|get_dataset)$/;

/** The call looks up metadata (keys, blobs, tables, existence) and moves no data. */
export function looksUpMetadata(call: CallFact, py: PythonFacts): boolean {
  const io = ioOf(call, py);
  return io !== null && (io.kind === 'object-storage' || io.kind === 'warehouse-query') && METADATA_METHODS.test(methodOf(call.callee));
}

/** The call runs a SQL statement, written out in the module, that is not a read (`INSERT`, `MERGE`, `CREATE`…). */
export function runsChangingSql(call: CallFact, py: PythonFacts): boolean {
  const literal = sqlTextOf(call, py);
  return literal !== null && literal.value.trim() !== '' && !READ_SQL.test(literal.value.replace(/^(\s*--[^\n]*\n)+/, ''));
}

/**
 * The first string of the SQL a call runs: in its argument, or, when the argument is a name
 * (`cur.execute(query)`), in the value last assigned to that name before the call.
 */
function sqlTextOf(call: CallFact, py: PythonFacts): StringFact | null {
  const sql = sqlCallOf(call, py);
  if (!sql) return null;
  const own = sql.arg.string ?? py.stringsIn(sql.arg.start, sql.arg.end)[0];
  if (own) return own;
  const name = sql.arg.nodeType === 'identifier' ? sql.arg.shape.inserted[0] : undefined;
  if (!name) return null;
  const assigned = py.lastAssignment(name, call.fn, call.start);
  return assigned ? py.stringsIn(assigned.valueStart, assigned.valueEnd)[0] ?? null : null;
}

/** Methods that delete an object, a blob, a file or a table (`delete_object`, `delete_blob`, `remove`, `drop_table`). */
const REMOVE_METHODS = /^(delete|remove|unlink|rmtree|rmdir|drop)(_\w+)?$/;
/** Statements that drop a table or view (a temporary or staging one, when run after the load). */
const DROP_SQL = /^\s*drop\s+(temporary\s+)?(table|view)\b/i;

/**
 * The call removes something the run left behind: an object, a blob or a file deleted, a table or
 * view dropped. HTTP `DELETE` is not one: on an API it is the stage's write.
 */
export function removesObject(call: CallFact, py: PythonFacts): boolean {
  const io = ioOf(call, py);
  if (!io || io.kind === 'http') return false;
  if ((io.kind === 'object-storage' || io.kind === 'file-write' || io.kind === 'warehouse-query') && REMOVE_METHODS.test(methodOf(call.callee))) return true;
  const literal = sqlTextOf(call, py);
  return literal !== null && DROP_SQL.test(literal.value.replace(/^(\s*--[^\n]*\n)+/, ''));
}
