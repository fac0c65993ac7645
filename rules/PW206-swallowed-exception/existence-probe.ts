// An existence probe: `table_exists()`, `bucket_exists()`, `has_table()` answers True from the try
// and False from a broad handler. Asking a catalog whether an object exists is I/O whatever client
// asks (a Hive metastore over Thrift, a REST catalog the library model does not know), and the broad
// handler makes a permission, network or outage error read as "it does not exist": the pipeline
// re-creates the table, or skips its load. Catching the library's not-found error is the fix.

import type { CallFact, FunctionFact, TryFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { isLogCall } from '../support/logging-calls';
import { isPrintCall, type Swallowing } from './handler-outcome';
import type { SourceText } from '../../server/src/engine/source-text';

/** Data objects a pipeline probes for (rule vocabulary: warehouse and storage object kinds). */
const PROBED_OBJECTS = new Set(['table', 'dataset', 'schema', 'database', 'bucket', 'blob', 'partition', 'collection', 'topic', 'view', 'index']);
const EXIST_WORDS = new Set(['exist', 'exists']);
const QUESTION_WORDS = new Set(['has', 'check', 'does', 'is']);
const RETURNS_TRUE = /\breturn\s+True\b/;

function objectOf(part: string): string | null {
  if (PROBED_OBJECTS.has(part)) return part;
  return part.endsWith('s') && PROBED_OBJECTS.has(part.slice(0, -1)) ? part.slice(0, -1) : null;
}

/** The object a function's name says it probes for: `table_exists` / `check_bucket_exists` / `has_table` → table, bucket. */
export function probedObjectOf(fn: FunctionFact | null): string | null {
  if (!fn) return null;
  const parts = fn.name.toLowerCase().split('_').filter((p) => p !== '');
  if (parts.length < 2) return null;
  const asks = EXIST_WORDS.has(parts[parts.length - 1]) || (QUESTION_WORDS.has(parts[0]) && parts.length === 2);
  if (!asks) return null;
  for (const part of parts) {
    const object = objectOf(part);
    if (object) return object;
  }
  return null;
}

export interface ExistenceProbe {
  object: string;
  /** The call that asks (the first call of the try that is not a log line). */
  call: CallFact;
}

/** The try answers True and the handler False in a function named as an existence probe. */
export function existenceProbeOf(t: TryFact, swallowing: Swallowing, py: PythonFacts, text: SourceText): ExistenceProbe | null {
  const object = probedObjectOf(t.fn);
  if (!object || swallowing.carry !== 'return-default' || !swallowing.tail) return null;
  if (text.slice(swallowing.tail.exprStart, swallowing.tail.exprEnd).trim() !== 'False') return null;
  if (!RETURNS_TRUE.test(text.slice(t.bodyStart, t.bodyEnd))) return null;
  const call = py.callsIn(t.bodyStart, t.bodyEnd).find((c) => !isLogCall(c, py) && !isPrintCall(c, py));
  return call ? { object, call } : null;
}
