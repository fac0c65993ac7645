// A failure nobody looks at, with no `except` at all: the library reports it in the value the
// call returns, and the code drops that value. `requests`/`httpx` never raise on a 4xx/5xx
// answer: a POST, PUT, PATCH or DELETE whose response is discarded (or only logged) lets a
// rejected write end the run green. A BigQuery job (`client.query(dml)`,
// `load_table_from_*`) only reports its failure through `.result()`: a job submitted and never
// awaited fails unseen, and the step after it runs on stale data. The same outcome as a
// swallowed exception, so PW206 reports it.

import { settleChunk, type AssignmentFact, type CallFact, type ChunkFacts, type FunctionFact } from '../../server/src/engine/python/facts';
import { VersionedCache, type PythonFacts } from '../../server/src/engine/python/python-facts';
import type { Fix } from '../../server/src/engine/types';
import { ioOf, methodOf, sendsNotification, startsUnawaitedJob } from '../../server/src/engine/knowledge';
import { isLogCall } from '../support/logging-calls';
import { isPrintCall } from './handler-outcome';
import { baseName, ownerName } from './messages';
import { lineStart, nextLineStart } from '../support/module-edits';
import type { SourceText } from '../../server/src/engine/source-text';

/** HTTP methods that change something on the other side: a rejected one loses the write. */
const WRITE_VERBS = new Set(['post', 'put', 'patch', 'delete']);
/** HTTP libraries that hand back a response object instead of raising on an error status. */
const STATUS_IN_RESPONSE = new Set(['http']);
/** Functions that post a notification or a heartbeat: their answer decides nothing (PW206's side steps). */
const NOTIFIER_NAME = /notif|alert|slack|teams|webhook|heartbeat|ping/i;

export type UncheckedKind = 'http-status' | 'job-not-awaited';

export interface UncheckedResult {
  call: CallFact;
  kind: UncheckedKind;
  /** The name the result is bound to (`res = requests.delete(…)`), null when it is discarded. */
  bound: AssignmentFact | null;
}

function kindOf(call: CallFact, py: PythonFacts, text: SourceText): UncheckedKind | null {
  const io = ioOf(call, py);
  if (!io) return null;
  if (io.kind === 'http' && STATUS_IN_RESPONSE.has(io.library.id) && WRITE_VERBS.has(methodOf(py.resolveCall(call)).toLowerCase())) {
    // An alert or chat message is a side step (PW206's side steps); its answer decides nothing.
    return sendsNotification(call, py, text) || (call.fn !== null && NOTIFIER_NAME.test(call.fn.name)) ? null : 'http-status';
  }
  return startsUnawaitedJob(call, py) ? 'job-not-awaited' : null;
}

/** The call is a statement of its own: nothing before it on its line, nothing but a comment after it. */
function isDiscarded(call: CallFact, text: SourceText): boolean {
  const before = text.slice(lineStart(text, call.start), call.start);
  if (!/^\s*(await\s+)?$/.test(before)) return false;
  const after = text.slice(call.end, nextLineStart(text, call.end));
  return /^\s*(#.*)?$/.test(after);
}

/** `name = <call>` as a statement of its own. */
function boundName(call: CallFact, py: PythonFacts, text: SourceText): AssignmentFact | null {
  const assignment = py.ownFacts(call.fn).assignments.find((a) => a.call !== null && a.call.start === call.start && a.call.end === call.end);
  if (!assignment || !/^[A-Za-z_]\w*$/.test(assignment.target)) return null;
  const before = text.slice(lineStart(text, assignment.targetStart), assignment.targetStart);
  return /^\s*$/.test(before) ? assignment : null;
}

/** Where a name bound in `fn` can be read: the rest of the function, or of the module for a script. */
function scopeEnd(fn: FunctionFact | null, text: SourceText): number {
  return fn ? fn.end : text.length;
}

/** The bound response or job is only ever logged or printed (or not used at all). */
function onlyReported(assignment: AssignmentFact, py: PythonFacts, text: SourceText): boolean {
  const end = scopeEnd(assignment.fn, text);
  const body = text.slice(assignment.valueEnd, end);
  const use = new RegExp(`(?<![\\w.])${assignment.target}(?!\\w)`, 'g');
  for (const m of body.matchAll(use)) {
    const at = assignment.valueEnd + (m.index ?? 0);
    // Rebound (`response = requests.get(…)` in another branch, or the next batch): what reads the
    // name afterwards may check either, so the scope cannot tell.
    if (/^\s*=(?!=)/.test(body.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 3))) return false;
    // A nested function reading it, or a later rebinding: stop at what the scope cannot tell.
    if (py.functionAt(at) !== assignment.fn) return false;
    const inReport = py.ownFacts(assignment.fn).calls.some((c) => c.argsStart <= at && at < c.argsEnd && (isLogCall(c, py) || isPrintCall(c, py)));
    if (!inReport) return false;
  }
  return true;
}

/** A session whose hooks may check every answer (`session.hooks["response"] = …`, `hooks=`). */
function hasResponseHooks(py: PythonFacts): boolean {
  return py.assignments.some((a) => /(^|\.)hooks(\[|$)/.test(a.target)) || py.calls.some((c) => c.args.some((arg) => arg.kind === 'keyword' && arg.name === 'hooks'));
}

/** Per statement: the calls whose result is a failure report, with their kind (see uncheckedResults). */
const candidatesOf = new VersionedCache<ChunkFacts, Array<{ call: CallFact; kind: UncheckedKind }>>();

/** Calls whose failure the code never looks at. */
export function uncheckedResults(py: PythonFacts, text: SourceText): UncheckedResult[] {
  const found: UncheckedResult[] = [];
  let hooks: boolean | undefined;
  // Per keystroke only the edited statement is classified again: a statement's candidates depend
  // on its own text and on module-level bindings (the context version), and most have none, so
  // they are not even settled.
  for (const chunk of py.rawChunks) {
    let candidates = candidatesOf.get(chunk, py.contextVersion);
    if (!candidates) {
      settleChunk(chunk);
      candidates = [];
      for (const call of chunk.calls) {
        const kind = kindOf(call, py, text);
        if (kind) candidates.push({ call, kind });
      }
      candidatesOf.set(chunk, py.contextVersion, candidates);
    }
    if (candidates.length === 0) continue;
    settleChunk(chunk);
    for (const { call, kind } of candidates) {
      if (kind === 'http-status' && (hooks ??= hasResponseHooks(py))) continue;
      if (isDiscarded(call, text)) {
        found.push({ call, kind, bound: null });
        continue;
      }
      const bound = boundName(call, py, text);
      if (bound && onlyReported(bound, py, text)) found.push({ call, kind, bound });
    }
  }
  return found;
}

function owner(fn: FunctionFact | null, path: string): string {
  return fn ? `${ownerName(fn)}()` : `the script ${baseName(path)}`;
}

export function uncheckedMessage(result: UncheckedResult, path: string): string {
  const callee = `${result.call.callee}()`;
  const where = owner(result.call.fn, path);
  const dropped = result.bound ? `only logs the response of ${callee}` : `discards the response of ${callee}`;
  if (result.kind === 'http-status') {
    return `${where} ${dropped} and never checks its status (the client does not raise on 4xx/5xx), so a rejected write ends the run green; call raise_for_status() on the response`;
  }
  const job = result.bound ? `never waits for the job of ${callee}` : `submits ${callee} and never waits for the job`;
  return `${where} ${job}, so a failed BigQuery job goes unseen and the run ends green; call .result() on the job`;
}

/** Check the result where the code drops it: `.raise_for_status()` / `.result()` on the call, or on the bound name in the next line. */
export function uncheckedFix(result: UncheckedResult, text: SourceText): Fix[] {
  const method = result.kind === 'http-status' ? 'raise_for_status' : 'result';
  const title = `Pipewise (PW206): ${result.kind === 'http-status' ? 'Raise on an error status (raise_for_status())' : 'Wait for the job and raise on failure (.result())'}`;
  if (!result.bound) return [{ title, safe: false, edits: [{ start: result.call.end, end: result.call.end, newText: `.${method}()` }] }];
  const statementLine = lineStart(text, result.bound.targetStart);
  const indent = /^[ \t]*/.exec(text.slice(statementLine, result.bound.targetStart))?.[0] ?? '';
  const at = nextLineStart(text, result.bound.valueEnd);
  const newline = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return [{ title, safe: false, edits: [{ start: at, end: at, newText: `${newline}${indent}${result.bound.target}.${method}()\n` }] }];
}
