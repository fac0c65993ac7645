// PW103's message: the function, what I/O it does (up to three kinds, each with the first call
// of that kind) and what to do.

import type { CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { IoKind } from '../../server/src/engine/knowledge';
import type { IoSite } from './io-sites';

const KIND_ORDER: IoKind[] = ['db-connect', 'db-read', 'db-query', 'db-write', 'http', 'warehouse-query', 'warehouse-load', 'object-storage'];

function displayName(call: CallFact, py: PythonFacts): string {
  const resolved = py.resolveCall(call);
  return resolved.includes('()') ? call.callee : resolved;
}

function describeKind(kind: IoKind, name: string): string {
  switch (kind) {
    case 'db-connect': return 'connects to the database';
    case 'db-read': return `reads with ${name}`;
    case 'db-query': return `queries the database with ${name}`;
    case 'db-write': return `writes to the database with ${name}`;
    case 'http': return `calls an HTTP API with ${name}`;
    case 'warehouse-query': return `queries the warehouse with ${name}`;
    case 'warehouse-load': return `loads into the warehouse with ${name}`;
    case 'object-storage': return `uses object storage with ${name}`;
    default: return `does I/O with ${name}`;
  }
}

function joinPhrases(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** What the sites do, up to three kinds, each with its first call (`connects to the database and reads with pandas.read_sql`). */
function describeSites(sites: readonly IoSite[], py: PythonFacts): string {
  const firstByKind = new Map<IoKind, CallFact>();
  for (const site of sites) if (!firstByKind.has(site.kind)) firstByKind.set(site.kind, site.call);
  const phrases = KIND_ORDER.filter((k) => firstByKind.has(k)).slice(0, 3).map((k) => describeKind(k, displayName(firstByKind.get(k)!, py)));
  return joinPhrases(phrases);
}

export function messageFor(fn: FunctionFact, sites: IoSite[], py: PythonFacts): string {
  const owner = fn.className ? `${fn.className}.${fn.name}` : fn.name;
  return `${owner}() ${describeSites(sites, py)} without any retry; wrap it in a retry with backoff`;
}

/** A flat script: its module-level code and `__main__` block. */
export function scriptMessage(name: string, sites: readonly IoSite[], py: PythonFacts): string {
  return `The script ${name} ${describeSites(sites, py)} without any retry; wrap its I/O calls in a retry with backoff`;
}
