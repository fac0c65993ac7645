// Best-effort side steps: a try whose I/O is not the stage's data path, so carrying on after its
// reported failure loses no data. Decided by what the guarded calls do (the library model), not
// by names alone:
// - an alert or notification (e-mail, a chat message, a chat webhook: knowledge's sendsNotification),
//   unless it is what a flow, task or script delivers (it wrote no data before sending);
// - a bookkeeping write: every write of the try goes to the run's own records (a run-metadata,
//   audit, run-log or error-event table), which the run's data does not depend on;
// - a check after the load: the function already wrote its data before the try, and the try only
//   reads or looks up (a row count, a table's partitioning, a verification query) for the log,
//   keeping nothing of what it read after the try;
// - clean-up after the load: the function already wrote its data, and the try only removes what the
//   run left behind (an intermediate object or file deleted, a temporary table dropped);
// - a connection check: the try only opens a connection and reports whether it could, keeping
//   nothing it opened (a smoke-test cell or function; the load opens its own connection).
// - a health probe: a function named for it (`health_check`, `is_healthy`, `ping`, `test_connection`, `check_db`)
//   whose try only reads and returns its answer, and whose handler returns False: "unhealthy" is the
//   right answer to any failure, and the caller decides what to do with it.
// A handler around the main read or load is never one of these: its try moves the data.

import type { CallFact, FunctionFact, TryFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { ioOf, looksUpMetadata, methodOf, readsOnly, receiverOf, removesObject, runsChangingSql, sendsNotification, writesData } from '../../server/src/engine/knowledge';
import { wordOccurrences } from '../../server/src/engine/python/words';
import type { Swallowing } from './handler-outcome';
import type { SourceText } from '../../server/src/engine/source-text';

/** Tables that record the run itself: `pipeline_metadata`, `etl_audit`, `job_runs`, `run_log`, `ERROR_EVENTS_TABLE`. */
const BOOKKEEPING_TARGET = /(pipeline|run|job|etl|load|batch|execution|sync)_?(metadata|history|status|log)|audit|(run|job|etl|pipeline|execution|task|load)_?(runs?|logs?)\b|error_?events?|heartbeat/i;

function isIo(call: CallFact, py: PythonFacts): boolean {
  const io = ioOf(call, py);
  return (io !== null && !io.lazy) || writesData(call, py) || runsChangingSql(call, py);
}

/** The module functions and methods of the enclosing class a call runs (`notify(...)`, `self._alert(...)`). */
function helperOf(call: CallFact, fn: FunctionFact | null, py: PythonFacts): FunctionFact | null {
  const receiver = receiverOf(call.callee);
  const owner = fn?.className ?? fn?.parent?.className ?? null;
  if (receiver === '') return py.functions.find((f) => !f.parent && !f.className && f.name === call.callee) ?? null;
  if ((receiver === 'self' || receiver === 'cls') && owner) return py.functions.find((f) => !f.parent && f.className === owner && f.name === methodOf(call.callee)) ?? null;
  return null;
}

/** The I/O calls of the try, those of the module helpers it calls included (one call deep). */
function ioCallsOf(t: TryFact, py: PythonFacts): CallFact[] | null {
  const out: CallFact[] = [];
  for (const call of py.callsIn(t.bodyStart, t.bodyEnd)) {
    if (isIo(call, py)) {
      out.push(call);
      continue;
    }
    const helper = helperOf(call, t.fn, py);
    if (!helper) continue;
    for (const inner of py.callsIn(helper.bodyStart, helper.bodyEnd)) {
      if (isIo(inner, py)) out.push(inner);
      // A helper that runs further helpers: too far to tell what it moves.
      else if (helperOf(inner, helper, py)) return null;
    }
  }
  return out;
}

function writesBookkeeping(call: CallFact, py: PythonFacts, text: SourceText): boolean {
  if (!writesData(call, py) && !runsChangingSql(call, py) && readsOnly(call, py)) return false;
  return BOOKKEEPING_TARGET.test(text.slice(call.start, call.end));
}

/** I/O that may change data: a write, a statement not known to be a read. */
function mayWrite(call: CallFact, py: PythonFacts): boolean {
  return isIo(call, py) && !readsOnly(call, py) && !looksUpMetadata(call, py) && ioOf(call, py)?.kind !== 'db-connect';
}

/** The function wrote data before the try, itself or through a module helper: what the try does comes after the load. */
function wroteBefore(t: TryFact, py: PythonFacts): boolean {
  const start = t.fn ? t.fn.bodyStart : 0;
  return py.callsIn(start, t.start).some((call) => {
    if (call.fn !== t.fn) return false;
    if (mayWrite(call, py)) return true;
    const helper = helperOf(call, t.fn, py);
    return helper !== null && py.callsIn(helper.bodyStart, helper.bodyEnd).some((inner) => mayWrite(inner, py));
  });
}

/** Names the try binds are read after it: the try produced something the function goes on with. */
function keepsWhatItRead(t: TryFact, py: PythonFacts, text: SourceText): boolean {
  const end = t.fn ? t.fn.bodyEnd : text.length;
  const bound = py.ownFacts(t.fn).assignments.filter((a) => a.targetStart >= t.bodyStart && a.targetEnd <= t.bodyEnd);
  if (bound.some((a) => !/^[A-Za-z_]\w*$/.test(a.target))) return true;
  const inCode = (at: number) => !py.stringsIn(at, at + 1).some((str) => str.start <= at && at < str.end) && !/#[^\n]*$/.test(text.slice(text.lastIndexOf('\n', at) + 1, at));
  return bound.some((a) => wordOccurrences(text, a.target, t.end, end).some(inCode));
}

/** Every call of the try is I/O that only reads, a log line or a print. */
function onlyReadsForTheLog(t: TryFact, py: PythonFacts, text: SourceText): boolean {
  if (py.ownFacts(t.fn).statements.some((st) => st.kind === 'return' && st.start >= t.bodyStart && st.end <= t.bodyEnd)) return false;
  const calls = py.callsIn(t.bodyStart, t.bodyEnd);
  const io = calls.filter((call) => isIo(call, py));
  if (io.length === 0 || !io.every((call) => readsOnly(call, py) || looksUpMetadata(call, py))) return false;
  if (calls.some((call) => helperOf(call, t.fn, py) !== null)) return false;
  return !keepsWhatItRead(t, py, text);
}

/** A `return` in the try that hands back something other than a literal (`return conn`, not `return True`). */
function returnsAValue(t: TryFact, py: PythonFacts, text: SourceText): boolean {
  return py.ownFacts(t.fn).statements.some((st) => st.kind === 'return' && st.start >= t.bodyStart && st.end <= t.bodyEnd
    && !returnsALiteral(text.slice(st.start, st.end)));
}

// The returned expression is taken apart from `return` first: one pattern with whitespace on both
// sides of an optional value backtracks quadratically on long runs of spaces.
function returnsALiteral(statement: string): boolean {
  const value = statement.trim().replace(/^return\b/, '').trim();
  return value === '' || /^(True|False|None|-?\d+|(["'])[^"'\n]*\2)$/.test(value);
}

/** The try only opens a connection (itself or through a module helper) and keeps nothing it opened. */
function onlyChecksConnection(t: TryFact, io: CallFact[], py: PythonFacts, text: SourceText): boolean {
  if (!io.every((call) => ioOf(call, py)?.kind === 'db-connect')) return false;
  return !returnsAValue(t, py, text) && !keepsWhatItRead(t, py, text);
}

/** Function names that ask whether a service answers (rule vocabulary). */
const HEALTH_PROBE_NAME = /^_*(health(_?check)?|check_health|is_(healthy|alive|ready|available|up)|ping|(test|check)_(connection|connectivity|api|endpoint|db|database))$/i;

/** `def health_check(self) -> bool: try: return get(url).status_code == 200 / except Exception: return False`. */
function isHealthProbe(t: TryFact, swallowing: Swallowing, io: CallFact[], py: PythonFacts, text: SourceText): boolean {
  if (!t.fn || !HEALTH_PROBE_NAME.test(t.fn.name) || swallowing.carry !== 'return-default' || !swallowing.tail) return false;
  if (text.slice(swallowing.tail.exprStart, swallowing.tail.exprEnd).trim() !== 'False') return false;
  return /\breturn\b/.test(text.slice(t.bodyStart, t.bodyEnd)) && io.every((call) => readsOnly(call, py));
}

/**
 * The e-mail or message a flow, task or script sends as its deliverable (a price sheet e-mailed
 * every morning): it wrote no data before the try, so the send is the work, and a failure the
 * handler only logs ends the run green with nothing delivered.
 */
export function deliveredNotification(t: TryFact, py: PythonFacts, text: SourceText): CallFact | null {
  const send = py.callsIn(t.bodyStart, t.bodyEnd).find((call) => sendsNotification(call, py, text)) ?? null;
  return send && !wroteBefore(t, py) ? send : null;
}

/** The try is a best-effort side step whose reported failure loses no data. */
export function isSideStep(t: TryFact, swallowing: Swallowing, py: PythonFacts, text: SourceText, runsAsUnit: boolean): boolean {
  if (swallowing.carry !== 'fall-through' && swallowing.carry !== 'pass' && swallowing.carry !== 'return-default') return false;
  const io = ioCallsOf(t, py);
  if (!io || io.length === 0) return false;
  const reported = swallowing.report !== 'none';
  // A flow or task (or a script) that loaded nothing before its e-mail: the e-mail is what it delivers, not an alert about a load.
  if (reported && io.every((call) => sendsNotification(call, py, text))) return !(runsAsUnit && !wroteBefore(t, py));
  if (reported && io.some((call) => writesBookkeeping(call, py, text)) && io.every((call) => writesBookkeeping(call, py, text) || readsOnly(call, py))) return true;
  if (reported && onlyChecksConnection(t, io, py, text)) return true;
  if (isHealthProbe(t, swallowing, io, py, text)) return true;
  if (swallowing.carry === 'return-default' || !wroteBefore(t, py)) return false;
  return io.every((call) => removesObject(call, py)) || onlyReadsForTheLog(t, py, text);
}
