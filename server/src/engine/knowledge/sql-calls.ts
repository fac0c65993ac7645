// Calls that take SQL text, and which argument holds it: DB-API cursors, SQLAlchemy text() and
// execute, pandas read_sql*, spark.sql, BigQuery client.query, Airflow hooks.

import type { ArgFact, CallFact } from '../python/facts';
import { VersionedCache, type PythonFacts } from '../python/python-facts';
import { argumentOf, callSiteOf } from './call-site';
import { knowledgeOf } from './catalogue';
import type { Library, ParamStyle, SqlCallKind } from './types';

export interface SqlCall {
  call: CallFact;
  kind: SqlCallKind;
  /** The argument holding the SQL. */
  arg: ArgFact;
  /** How the call reads in messages (`cur.execute`, `pd.read_sql`). */
  label: string;
  library: Library;
}

const sqlCalls = new VersionedCache<CallFact, SqlCall | null>();

/** The call as a consumer of SQL text, or null when it takes no SQL Pipewise knows of. */
export function sqlCallOf(call: CallFact, py: PythonFacts): SqlCall | null {
  let found = sqlCalls.get(call, py.resolutionVersion);
  if (found !== undefined) return found;
  found = null;
  const known = knowledgeOf(call, py, (entry) => entry.sql !== undefined);
  if (known) {
    const spec = known.entry.sql!;
    const arg = argumentOf(call, spec.arg);
    if (arg) {
      const kind = typeof spec.kind === 'function' ? spec.kind(callSiteOf(call, py)) : spec.kind;
      found = { call, kind, arg, label: call.callee, library: known.library };
    }
  }
  sqlCalls.set(call, py.resolutionVersion, found);
  return found;
}

/**
 * How the statements of a call take bound parameters: the library's PEP 249 paramstyle when the
 * call resolves to a known driver or client, null when it does not say.
 */
export function paramStyleOf(call: CallFact, py: PythonFacts): ParamStyle | null {
  return sqlCallOf(call, py)?.library.paramStyle ?? null;
}
