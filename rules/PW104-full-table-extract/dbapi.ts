// DB-API and pandas reads: `pd.read_sql`/`read_sql_query`/`read_gbq`, polars `read_database`,
// `read_sql_table`, a cursor `execute` whose rows are fetched, BigQuery `client.query(…)` whose
// result is consumed, Airflow hook reads, and `COPY (SELECT …) TO STDOUT`.

import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { argumentOf, COPY_METHODS, HOOK_ROW_READS, ioOf, methodOf, receiverOf, RESULT_READ_METHODS, roleOf, sqlCallOf } from '../../server/src/engine/knowledge';
import type { Read } from './read';
import { coreSelect } from './sqlalchemy';
import type { Scopes } from './scopes';

const ROW_READS: ReadonlySet<string> = new Set(RESULT_READ_METHODS);
const HOOK_READS: ReadonlySet<string> = new Set(HOOK_ROW_READS);
const COPIES: ReadonlySet<string> = new Set(COPY_METHODS);

/** The call consuming the rows of an execute/query call: chained, via the cursor, or via a result variable. */
export function consumer(call: CallFact, py: PythonFacts, scopes: Scopes, cursorFetch: boolean): CallFact | null {
  const chained = `${call.callee}().`;
  const receiver = receiverOf(call.callee);
  const resultVar = scopes.assignmentOf(call)?.target;
  const scope = scopes.callsOf(call.fn);
  // The cursor's rows belong to this execute until the cursor executes again.
  let cursorUntil = Number.POSITIVE_INFINITY;
  for (const c of scope) {
    if (c === call || c.start < call.start) continue;
    const method = methodOf(c.callee);
    const on = receiverOf(c.callee);
    if (cursorFetch && receiver && on === receiver && c.start < cursorUntil && roleOf(c, py) === 'execute') cursorUntil = c.start;
    // One row (`fetchone`) is a lookup, not an extract.
    if (!ROW_READS.has(method) || method === 'fetchone') continue;
    if (c.callee.startsWith(chained) || (resultVar && (on === resultVar || on.startsWith(`${resultVar}.`) || on.startsWith(`${resultVar}()`))) || (cursorFetch && receiver && on === receiver && c.start < cursorUntil)) return c;
  }
  const loop = py.ownFacts(call.fn).loops.find((l) => l.fn === call.fn && l.start > call.start && (l.iterable === resultVar || (cursorFetch && l.iterable === receiver && l.start < cursorUntil)));
  return loop ? call : null;
}

export function dbapiReadOf(call: CallFact, py: PythonFacts, scopes: Scopes): Read | null {
  const role = roleOf(call, py);
  const method = methodOf(call.callee);
  if (role === 'read-sql') {
    const arg = sqlCallOf(call, py)?.arg;
    if (!arg) return null;
    const core = coreSelect(arg, call.fn, py, scopes.text);
    if (core === 'filtered') return null;
    return { call, kind: 'query', arg, label: call.callee, result: call, lazy: false, ...(core ?? {}) };
  }
  if (role === 'read-table') {
    const arg = ioOf(call, py)?.target;
    return arg ? { call, kind: 'table', arg, label: call.callee, result: call, lazy: false } : null;
  }
  if ((role === 'copy' || COPIES.has(method)) && receiverOf(call.callee)) {
    // copy_to(file, table) reads a whole table; copy_expert(sql, file) and psycopg 3's copy(sql) run a COPY statement.
    if (method === 'copy_to') {
      const table = argumentOf(call, { index: 1, keywords: ['table'] });
      return table ? { call, kind: 'table', arg: table, label: call.callee, result: call, lazy: false } : null;
    }
    const arg = argumentOf(call, { index: 0, keywords: ['sql', 'statement'] });
    return arg ? { call, kind: 'copy', arg, label: call.callee, result: call, lazy: false } : null;
  }
  const sink = sqlCallOf(call, py);
  if (!sink) return null;
  if (sink.kind === 'spark') return { call, kind: 'query', arg: sink.arg, label: sink.label, result: call, lazy: true };
  if (sink.kind === 'airflow-hook') return HOOK_READS.has(method) ? { call, kind: 'query', arg: sink.arg, label: sink.label, result: call, lazy: false } : null;
  if (sink.kind === 'dbapi' || sink.kind === 'sqlalchemy-execute' || sink.kind === 'bigquery') {
    if (role !== 'execute' && role !== 'warehouse-query') return null;
    const core = coreSelect(sink.arg, call.fn, py, scopes.text);
    if (core === 'filtered') return null;
    const result = consumer(call, py, scopes, sink.kind !== 'bigquery');
    return result ? { call, kind: 'query', arg: sink.arg, label: sink.label, result, lazy: false, ...(core ?? {}) } : null;
  }
  return null;
}
