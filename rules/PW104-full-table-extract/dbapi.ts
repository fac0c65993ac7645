// DB-API and pandas reads: `pd.read_sql`/`read_sql_query`/`read_gbq`, polars `read_database`,
// `read_sql_table`, a cursor `execute` whose rows are fetched, BigQuery `client.query(…)` whose
// result is consumed, Airflow hook reads, and `COPY (SELECT …) TO STDOUT`.

import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { argumentOf, methodOf, receiverOf, SQL_KEYWORDS, sqlCallOf } from '../../server/src/engine/knowledge';
import type { Read } from './read';
import type { Scopes } from './scopes';

const PANDAS_QUERY = /^(pandas|modin\.pandas)(\.io\.sql)?\.(read_sql|read_sql_query|read_gbq)$|^polars\.read_database$/;
const PANDAS_TABLE = /^(pandas|modin\.pandas)(\.io\.sql)?\.read_sql_table$/;
const FETCH_METHODS = new Set([
  'fetchall', 'fetchmany', 'fetch_pandas_all', 'fetch_pandas_batches', 'fetch_arrow_all', 'fetch_arrow_batches', 'fetchdf', 'fetch_df',
  'fetchnumpy', 'df', 'arrow', 'pl', 'all', 'mappings', 'scalars', 'partitions', 'yield_per', 'to_dataframe', 'to_arrow', 'result',
  'to_geodataframe', 'to_pandas', 'collect', 'iterrows',
]);
const HOOK_READS = new Set(['get_pandas_df', 'get_records', 'get_df']);
export const COPY_METHODS = new Set(['copy_expert', 'copy_to']);

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
    if (cursorFetch && receiver && on === receiver && /^execute/.test(method) && c.start < cursorUntil) cursorUntil = c.start;
    if (!FETCH_METHODS.has(method)) continue;
    if (c.callee.startsWith(chained) || (resultVar && (on === resultVar || on.startsWith(`${resultVar}.`) || on.startsWith(`${resultVar}()`))) || (cursorFetch && receiver && on === receiver && c.start < cursorUntil)) return c;
  }
  const loop = py.ownFacts(call.fn).loops.find((l) => l.fn === call.fn && l.start > call.start && (l.iterable === resultVar || (cursorFetch && l.iterable === receiver && l.start < cursorUntil)));
  return loop ? call : null;
}

export function dbapiReadOf(call: CallFact, py: PythonFacts, scopes: Scopes, method: string, resolved: string): Read | null {
  if (PANDAS_QUERY.test(resolved)) {
    const arg = argumentOf(call, { index: 0, keywords: SQL_KEYWORDS });
    return arg ? { call, kind: 'query', arg, label: call.callee, result: call, lazy: false } : null;
  }
  if (PANDAS_TABLE.test(resolved)) {
    const arg = argumentOf(call, { index: 0, keywords: ['table_name'] });
    return arg ? { call, kind: 'table', arg, label: call.callee, result: call, lazy: false } : null;
  }
  if (method === 'table' && /^(spark|spark_session|self\.spark|session)(\.read)?$/.test(receiverOf(call.callee))) {
    const arg = call.args.filter((a) => a.kind === 'positional')[0];
    return arg ? { call, kind: 'table', arg, label: call.callee, result: call, lazy: true } : null;
  }
  if ((COPY_METHODS.has(method) || method === 'copy') && receiverOf(call.callee)) {
    const arg = argumentOf(call, { index: 0, keywords: ['sql', 'statement'] });
    return arg ? { call, kind: 'copy', arg, label: call.callee, result: call, lazy: false } : null;
  }
  const sink = sqlCallOf(call, py);
  if (!sink) return null;
  if (sink.kind === 'spark') return { call, kind: 'query', arg: sink.arg, label: sink.label, result: call, lazy: true };
  if (sink.kind === 'airflow-hook') return HOOK_READS.has(method) ? { call, kind: 'query', arg: sink.arg, label: sink.label, result: call, lazy: false } : null;
  if (sink.kind === 'dbapi' || sink.kind === 'sqlalchemy-execute' || sink.kind === 'bigquery') {
    if (method !== 'execute' && method !== 'query' && method !== 'execute_async') return null;
    const result = consumer(call, py, scopes, sink.kind !== 'bigquery');
    return result ? { call, kind: 'query', arg: sink.arg, label: sink.label, result, lazy: false } : null;
  }
  return null;
}
