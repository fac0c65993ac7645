// An entry point that turns every failure into a success: the outermost broad handler of a Lambda
// handler or Cloud Function (knowledge's platformEntryOf) that logs and returns a value — an error
// dict, a message, None — or falls off the end. Only a raised error fails an invocation, so the
// platform records a success: no retry, no alarm, whatever the handler logged. Whatever the
// handler returns counts, not only the defaults handler-outcome.ts knows: an error dict carrying
// the exception (`{"error": str(e)}`) or built by a helper is still a returned value.
// Not swallowed: a handler that raises anywhere in its body or exits, a handler inside a loop (one
// record of a batch: the per-record shapes), and an entry point answering an HTTP request whose
// returned value carries an error status (`{"statusCode": 500}`, `(body, 500)`) or is built by a
// call (a response object whose status the rule cannot read): its caller sees the failure.

import type { BlockStatementFact, FunctionFact, HandlerFact, TryFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { answersHttp, platformEntryOf, type PlatformEntry } from '../../server/src/engine/knowledge';
import { isLogCall } from '../support/logging-calls';
import { isPrintCall, type Report } from './handler-outcome';
import type { SourceText } from '../../server/src/engine/source-text';

export type EntryPointCatch =
  | { kind: 'swallows'; entry: PlatformEntry; fn: FunctionFact; report: Report; statements: readonly BlockStatementFact[] }
  /** An HTTP entry point's error response: its caller sees the failure. */
  | { kind: 'answers' };

const EXITS = /^(sys\.exit|exit|quit|os\._exit)$/;
/** A 4xx/5xx status anywhere in the returned value: `{"statusCode": 500}`, `(body, 502)`, `status=400`. */
const ERROR_STATUS = /(?<![\w.])[45]\d\d(?![\w.])/;
/** The returned value is built by a call (`jsonify(...)`, `make_response(...)`, `build_response(...)`). */
const BUILT_BY_CALL = /^[A-Za-z_][\w.]*\s*\(/;

/** The try is the function's outermost, outside any loop. */
function isOutermost(t: TryFact, fn: FunctionFact, py: PythonFacts): boolean {
  if (py.tries.some((o) => o !== t && o.fn === fn && o.start <= t.start && t.end <= o.end)) return false;
  return !py.loops.some((l) => l.fn === fn && l.start <= t.start && t.end <= l.end);
}

/** Only comments and blank lines between the try and the end of the function: falling through returns None. */
function isLastStatement(t: TryFact, fn: FunctionFact, text: SourceText): boolean {
  return /^(\s|#[^\n]*)*$/.test(text.slice(t.end, fn.bodyEnd));
}

/** What the outermost broad handler of a platform entry point does, or null when `t` is not one or its handler fails the invocation. */
export function entryPointCatchOf(t: TryFact, handler: HandlerFact, py: PythonFacts, text: SourceText, path: string): EntryPointCatch | null {
  const fn = t.fn;
  const entry = platformEntryOf(fn, path);
  if (!fn || !entry || !isOutermost(t, fn, py)) return null;
  const within = (at: number) => handler.bodyStart <= at && at < handler.bodyEnd;
  if (py.ownFacts(fn).statements.some((st) => st.kind === 'raise' && within(st.start))) return null;
  const calls = py.callsIn(handler.bodyStart, handler.bodyEnd);
  if (calls.some((call) => EXITS.test(call.callee))) return null;
  const statements = handler.statements.filter((s) => s.type !== 'string');
  const last = statements[statements.length - 1];
  if (!last) return null;
  if (last.type === 'return_statement') {
    const value = text.slice(last.exprStart, last.exprEnd).trim();
    if (answersHttp(entry, text.slice(fn.bodyStart, fn.bodyEnd)) && (ERROR_STATUS.test(value) || BUILT_BY_CALL.test(value))) return { kind: 'answers' };
  } else if (!isLastStatement(t, fn, text) || statements.some((s) => s.type === 'return_statement')) {
    return null;
  }
  const report: Report = calls.some((call) => isLogCall(call, py)) ? 'log' : calls.some((call) => isPrintCall(call, py)) ? 'print' : 'none';
  return { kind: 'swallows', entry, fn, report, statements };
}

const PLATFORM: Record<PlatformEntry, string> = {
  lambda: 'AWS Lambda',
  'cloud-function': 'the Cloud Functions platform',
  'cloud-function-http': 'the Cloud Functions platform',
};

/** `"except Exception" in lambda_handler() logs every failure of load() and returns a value, so AWS Lambda records a success…` */
export function entryPointMessage(head: string, of: string, caught: Extract<EntryPointCatch, { kind: 'swallows' }>): string {
  const reports = caught.report === 'log' ? 'logs every failure of' : caught.report === 'print' ? 'prints every failure of' : 'catches every failure of';
  return `${head} ${reports} ${of} and returns normally, so ${PLATFORM[caught.entry]} records a successful invocation: no retry, no alarm; re-raise after logging so the invocation fails`;
}
