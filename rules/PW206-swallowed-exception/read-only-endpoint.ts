// A web endpoint that only reads (a dashboard's API, a lookup service): when one of its reads fails
// and it falls back to another query or an empty answer, the person asking sees less, but no data a
// pipeline moves is lost. Endpoints that write (an ingestion webhook, a trigger that loads) are still
// judged like any stage.

import type { FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { ioOf, isRequestHandler, readsOnly } from '../../server/src/engine/knowledge';

/** The function is (or is nested in) a web route whose own I/O only reads. */
export function isReadOnlyEndpoint(fn: FunctionFact | null, py: PythonFacts): boolean {
  if (!fn || !isRequestHandler(fn)) return false;
  let route = fn;
  while (route.parent && isRequestHandler(route.parent)) route = route.parent;
  return py.callsIn(route.start, route.end).every((call) => ioOf(call, py) === null || readsOnly(call, py));
}
