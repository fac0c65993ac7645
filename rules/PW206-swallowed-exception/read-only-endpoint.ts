// A read path of a web application (a dashboard's API, a lookup service): when one of its reads
// fails and it falls back to another query or an empty answer, the person asking sees less, but
// no data a pipeline moves is lost. A module serves web requests when it declares routes; a try
// there is a read path when the I/O it guards only reads, or when every SQL statement written in
// it is a query (`_query_one(f"SELECT … FROM {table}")` through the app's own helper). Writes
// (an ingestion webhook, a trigger that loads) are still judged like any stage.

import type { TryFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { isRequestHandler, readsOnly } from '../../server/src/engine/knowledge';
import type { GuardedIo } from './stage-io';

/** The start of a SQL statement, and of one that only reads. */
const SQL_STATEMENT = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE|MERGE|UPSERT|REPLACE|COPY|CREATE|DROP|ALTER|TRUNCATE)\b/i;
const QUERY = /^\s*(SELECT|WITH)\b/i;

const servingModules = new WeakMap<PythonFacts, boolean>();

/** Asked for every try that guards I/O: answered once per version of the module's facts. */
function servesWebRequests(py: PythonFacts): boolean {
  let serves = servingModules.get(py);
  if (serves === undefined) servingModules.set(py, (serves = py.functions.some((fn) => isRequestHandler(fn))));
  return serves;
}

/** The try guards a read of a web application's request path. */
export function isWebReadPath(t: TryFact, io: GuardedIo, py: PythonFacts): boolean {
  if (!servesWebRequests(py)) return false;
  if (readsOnly(io.call, py)) return true;
  const statements = py.stringsIn(t.bodyStart, t.bodyEnd).map((s) => s.value).filter((v) => SQL_STATEMENT.test(v));
  return statements.length > 0 && statements.every((v) => QUERY.test(v));
}
