// What PW206 says: the handler, where it is, the I/O it guards, what it does with the error, and
// what to do instead — in the words a reviewer would use.

import type { FunctionFact, HandlerFact } from '../../server/src/engine/python/facts';
import type { Swallowing } from './handler-outcome';
import type { GuardedIo } from './stage-io';
import type { SourceText } from '../../server/src/engine/source-text';

/** Offset of the `:` that ends an except header (`except (A, B) as e:`), relative to the header. */
export function headerColon(header: string): number {
  let depth = 0;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ':' && depth === 0) return i;
  }
  return -1;
}

export function ownerName(fn: FunctionFact | null): string {
  if (!fn) return '';
  return fn.className ? `${fn.className}.${fn.name}` : fn.name;
}

export function handlerLabel(handler: HandlerFact, text: SourceText): string {
  if (handler.types.length === 0) return 'A bare except';
  const header = text.slice(handler.start, handler.bodyStart);
  const colon = headerColon(header);
  const clause = header.slice(0, colon < 0 ? header.length : colon).replace(/(?<!\s)\s+as\s+\w+\s*$/, '').replace(/\s+/g, ' ').trim();
  return `"${clause}"`;
}

export function baseName(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() || path;
}

/** `cur.executemany()`, or `load_orders()` when the I/O happens in a helper the block calls. */
export function ioName(io: GuardedIo): string {
  return io.via ? `${ownerName(io.via)}()` : `${io.call.callee}()`;
}

export function messageFor(swallowing: Swallowing, handler: HandlerFact, fn: FunctionFact | null, io: GuardedIo, text: SourceText, path: string): string {
  const where = fn ? ` in ${ownerName(fn)}()` : ` in the script ${baseName(path)}`;
  const head = `${handlerLabel(handler, text)}${where}`;
  const of = ioName(io);
  const { carry, report } = swallowing;
  if (io.probes) {
    const reported = report === 'none' ? '' : report === 'print' ? ' (after printing it)' : ' (after logging it)';
    return `${head} turns every error of ${of} into "the ${io.probes} does not exist"${reported}, so a permission or network error reads as a missing ${io.probes}; catch only the not-found error and let the rest propagate`;
  }
  if (io.disables) {
    const does = report === 'print' ? 'only prints' : report === 'log' ? 'logs' : 'hides';
    return `${head} ${does} the failure of ${of} and carries on, so the output that "${io.disables}" turns on is silently skipped; raise when an enabled output cannot be set up`;
  }
  if (swallowing.failureStatus) {
    return `${head} turns every error of ${of} into a returned failure status, so the run ends green unless every caller tests it; re-raise after building the status, or make the caller fail the run when a status reports an error`;
  }
  const skips = carry === 'continue';
  const returns = carry === 'return-default';
  switch (report) {
    case 'print':
      if (skips) return `${head} only prints the error of ${of} and skips the record; log and count the skipped records, or send them to a dead-letter store`;
      if (returns) return `${head} only prints the error of ${of} and returns a default value; log it with logger.exception() and re-raise, or catch only the errors you expect`;
      return `${head} only prints the error of ${of} and carries on, so the run still succeeds; log it with logger.exception() and re-raise, or send the record to a dead-letter store`;
    case 'log':
      if (skips) return `${head} logs and skips the record when ${of} fails, so the run ends green however many records fail; count the skipped records and fail past a threshold, or send them to a dead-letter store`;
      if (returns) return `${head} logs the error of ${of} and returns a default value, so callers carry on as if it had worked; re-raise after logging, or catch only the errors you expect`;
      return `${head} logs the error of ${of} and carries on, so the run still ends green; re-raise after logging, or send the record to a dead-letter store`;
    default:
      if (skips) return `${head} skips the record without a trace when ${of} fails; log and count the skipped records, or send them to a dead-letter store`;
      if (returns) return `${head} turns every error of ${of} into a default return value; log it with logger.exception() and re-raise, or catch only the errors you expect`;
      return `${head} swallows every error of ${of}; log it with logger.exception() and re-raise, or send the record to a dead-letter store`;
  }
}
