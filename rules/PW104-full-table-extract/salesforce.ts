// API queries read like SQL extracts: a simple_salesforce `sf.query_all("SELECT … FROM Contact")`
// re-reads the whole object when its SOQL has no WHERE. Every Salesforce record carries a change
// stamp (SystemModstamp), so such an object can always be read incrementally.

import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { apiQueryOf } from '../../server/src/engine/knowledge';
import type { Read } from './read';

export function apiQueryReadOf(call: CallFact, py: PythonFacts): Read | null {
  const query = apiQueryOf(call, py);
  if (!query) return null;
  return { call, kind: 'query', arg: query.arg, label: call.callee, result: call, lazy: false, changeStamp: query.changeStamp.column };
}
