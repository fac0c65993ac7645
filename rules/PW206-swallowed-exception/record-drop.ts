// A record dropped from the batch the run passes on: a broad handler in a `for` loop whose try
// builds one record into a collection (`documents.append(convert(message))`) and which reports the
// failure and goes on to the next record. No I/O happens in the try — the loss shows later, when
// the collection is loaded or returned without that record — so stage-io.ts does not see it; the
// run ends green with records missing and nothing counted. Not dropped: a collection nothing reads
// after the loop, a handler that records the failure anywhere (`failed.append(row)`, `errors += 1`
// that something acts on: handler-outcome.ts), a silent `continue` (a probe over candidates, such
// as pairs whose correlation cannot be computed), a loop that counts its successes or retries
// (handled-elsewhere.ts).

import type { CallFact, FunctionFact, LoopFact, TryFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { methodOf, receiverOf } from '../../server/src/engine/knowledge';
import { wordOccurrences } from '../../server/src/engine/python/words';
import type { Swallowing } from './handler-outcome';
import type { SourceText } from '../../server/src/engine/source-text';

const COLLECTING = new Set(['append', 'extend']);

/** The innermost loop the try sits in, when it is a `for` loop of the same function. */
function recordLoop(t: TryFact, py: PythonFacts): LoopFact | null {
  let best: LoopFact | null = null;
  for (const loop of py.loops) {
    if (loop.fn !== t.fn || t.start < loop.bodyStart || t.end > loop.bodyEnd) continue;
    if (!best || loop.start > best.start) best = loop;
  }
  return best?.kind === 'for' ? best : null;
}

/** The collection the try builds: `name.append(...)` where `name` is bound before the loop and read after it. */
export function droppedRecordOf(t: TryFact, swallowing: Swallowing, py: PythonFacts, text: SourceText): { call: CallFact; collection: string } | null {
  if (swallowing.report === 'none' || swallowing.carry === 'return-default' || swallowing.failureStatus) return null;
  const loop = recordLoop(t, py);
  if (!loop) return null;
  const fn: FunctionFact | null = t.fn;
  const scopeStart = fn ? fn.bodyStart : 0;
  const scopeEnd = fn ? fn.bodyEnd : text.length;
  const bound = py.ownFacts(fn).assignments;
  for (const call of py.callsIn(t.bodyStart, t.bodyEnd)) {
    if (call.fn !== fn || !COLLECTING.has(methodOf(call.callee))) continue;
    const collection = receiverOf(call.callee);
    if (!/^[A-Za-z_]\w*$/.test(collection) || collection === 'self') continue;
    if (!bound.some((a) => a.target === collection && a.targetStart >= scopeStart && a.targetStart < loop.start)) continue;
    if (wordOccurrences(text, collection, loop.end, scopeEnd).length === 0) continue;
    return { call, collection };
  }
  return null;
}

/** `"except Exception" in process_messages() logs and drops the record when building documents fails…` */
export function droppedRecordMessage(head: string, collection: string, swallowing: Swallowing): string {
  const does = swallowing.report === 'print' ? 'only prints the error and drops the record' : 'logs and drops the record';
  return `${head} ${does} when adding it to ${collection} fails, so it is missing from what the run passes on and the run ends green; count the dropped records and fail past a threshold, or send them to a dead-letter store`;
}
