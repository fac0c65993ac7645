// When carrying on after a reported error is not swallowing it, because the code around the
// handler deals with the failure:
// - a retrying loop: the handler sits in `while True:` (a service loop), in a `for attempt in
//   range(…)` retry loop or a `while not done and tries < 3:` loop, so carrying on means trying again;
// - a status the callers check and act on (status-check.ts);
// - a counted loop: the try counts its successes (`loaded += 1`), so a summary can say how many
//   records failed;
// - a reporting helper: a function whose name says it gathers statistics or a summary for people
//   (`get_storage_metrics`, `show_table_sizes`, `describe_load`) falls back to an empty report, not to missing data;
// - an unknown count: a counting helper (`_safe_count_csv`) returns None, "unknown", not a wrong number;
// - tolerated idempotent DDL: a reported failure of `CREATE … IF NOT EXISTS` (a missing privilege
//   on an object that exists) or of `CREATE SCHEMA|DATABASE …` (the already-exists race); the
//   statements that use the object fail loudly if it does not, as does the work after an
//   `ensure_…` helper (`_ensure_bucket_exists`) whose check or create failed;
// - a per-item connection failure: `except ConnectionError:` reported inside the loop over items
//   (an unreachable image host) skips that item by design — a narrow, expected failure;
// - a loop over alternatives: `for encoding in …: try: return read(…) except: continue`, with a
//   `raise` right after the loop — a failed attempt moves to the next, and the last failure raises;
// - a lookup with a computed fallback: `try: … return found` whose logged failure falls through to
//   `return derive_default()` right after the try — the same answer as when the lookup finds nothing;
// - a best-effort bookkeeping write: a `log_…` function recording an audit or issue row logs its own
//   failure; the data the run loads does not depend on it.

import type { BlockStatementFact, CallFact, FunctionFact, HandlerFact, LoopFact, TryFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { ioOf, methodOf, POLL_WAIT, SERVICE_MAIN_LOOP, sqlCallOf } from '../../server/src/engine/knowledge';
import { isReportLine, outerCallsIn } from './outer-calls';
import type { SourceText } from '../../server/src/engine/source-text';

/** Loop variables of retry loops: `for attempt in range(3)`, `for retry in …`, `for tries in …`. */
const RETRY_TARGET = /attempt|retr|tries|trial/i;
const ENDLESS = /^\s*while\s+(True|1)\s*:/;

function enclosingLoop(t: TryFact, loops: readonly LoopFact[]): LoopFact | null {
  let best: LoopFact | null = null;
  for (const loop of loops) {
    if (loop.fn !== t.fn || t.start < loop.bodyStart || t.end > loop.bodyEnd) continue;
    if (!best || loop.start > best.start) best = loop;
  }
  return best;
}

/** The handler's loop tries again: an endless service loop or a retry loop (not from inside another handler, which is on its way out). */
export function inRetryingLoop(t: TryFact, py: PythonFacts, text: SourceText): boolean {
  const loop = enclosingLoop(t, py.loops);
  if (!loop) return false;
  const onErrorPath = py.tries.some((outer) => outer.handlers.some((h) => h.bodyStart <= t.start && t.end <= h.bodyEnd && loop.bodyStart <= h.start));
  if (onErrorPath) return false;
  if (loop.kind === 'while') return ENDLESS.test(text.slice(loop.start, loop.bodyStart)) || isRetryCondition(text.slice(loop.start, loop.bodyStart), t, text);
  return loop.iterable === 'range()' && RETRY_TARGET.test(loop.target);
}

/**
 * A cycle of a long-running service: the function holding the try is called only from the main
 * loops of its module (`while True: await run_cycle(); await asyncio.sleep(600)`), so a cycle that
 * fails and is logged is run again by the next one, as a try inside that loop would be.
 */
export function runByEndlessLoop(t: TryFact, py: PythonFacts, text: SourceText): boolean {
  const fn = t.fn;
  if (!fn || fn.parent || fn.className) return false;
  const callers = py.calls.filter((call) => call.callee === fn.name && call.fn !== fn);
  return callers.length > 0 && callers.every((call) => py.loops.some((loop) => loop.kind === 'while' && loop.fn === call.fn && loop.bodyStart <= call.start && call.end <= loop.bodyEnd && SERVICE_MAIN_LOOP.test(text.slice(loop.start, loop.bodyStart))));
}

/**
 * `while not success and tries < 3:` / `while attempts < MAX:`: the loop repeats until the try
 * succeeds (it sets the flag the condition tests) or the attempts run out; after the last one the
 * code below meets the failure (the file is missing, the result empty) rather than this handler.
 */
function isRetryCondition(header: string, t: TryFact, text: SourceText): boolean {
  const condition = header.replace(/^\s*while\b/, '');
  if (countersCompared(condition).some((name) => /attempt|retr|tries|trial/i.test(name))) return true;
  const flag = /\bnot\s+([A-Za-z_]\w*)\b/.exec(condition)?.[1];
  return flag !== undefined && new RegExp(`\\b${flag}\\s*=\\s*True\\b`).test(text.slice(t.bodyStart, t.bodyEnd));
}

/** A loop over the items of a seeding or fake-data script: the item that fails is one fake record fewer, and nothing depends on every one. */
export function skipsSeedItem(t: TryFact, py: PythonFacts): boolean {
  return enclosingLoop(t, py.loops)?.kind === 'for';
}

/** A reported `except ConnectionError` (only that class) around one item of a loop: the item is skipped on purpose. */
export function skipsUnreachableItem(t: TryFact, handler: HandlerFact, py: PythonFacts): boolean {
  if (handler.types.length === 0 || !handler.types.every((type) => /(^|\.)ConnectionError$/.test(type))) return false;
  return enclosingLoop(t, py.loops)?.kind === 'for';
}

/** The handler moves on to the next alternative, and the statement right after the (outermost) loop raises. */
export function triesAlternatives(t: TryFact, py: PythonFacts, text: SourceText): boolean {
  let outer: LoopFact | null = null;
  for (const loop of py.loops) {
    if (loop.fn === t.fn && loop.bodyStart <= t.start && t.end <= loop.bodyEnd && (!outer || loop.start < outer.start)) outer = loop;
  }
  if (!outer) return false;
  const after = outer.end;
  return py.ownFacts(t.fn).statements.some((st) => st.kind === 'raise' && st.start >= after && /^(\s|#[^\n]*)*$/.test(text.slice(after, st.start)));
}

/** The try returns what it looked up, and right after it the function returns a value it computes (a call), not an empty default. */
export function fallsBackToComputed(t: TryFact, py: PythonFacts, text: SourceText): boolean {
  if (!t.fn) return false;
  const statements = py.ownFacts(t.fn).statements;
  if (!statements.some((st) => st.kind === 'return' && t.bodyStart <= st.start && st.end <= t.bodyEnd)) return false;
  const next = statements.find((st) => st.kind === 'return' && st.start >= t.end && /^(\s|#[^\n]*)*$/.test(text.slice(t.end, st.start)));
  return next !== undefined && /^return\s+[A-Za-z_][\w.]*\(/.test(text.slice(next.start, next.end));
}

/** `log_quality_issue`, `_log_unmatched`: a function that writes a bookkeeping record, whose failure it logs. */
export function isBookkeepingWriter(fn: FunctionFact | null): boolean {
  return fn !== null && /^_*log_/i.test(fn.name);
}

/** The try counts what succeeds (`loaded += 1`), so the records that failed can be told. */
export function countsSuccesses(t: TryFact, text: SourceText): boolean {
  return /\b[A-Za-z_]\w*(\[[^\]\n]*\])?\s*\+=\s*1\b/.test(text.slice(t.bodyStart, t.bodyEnd));
}

const REPORTING_NAME = /(^|_)(stats|statistics|metrics|summary|summarize)(_|$)|^_*(show|describe)_/i;
/**
 * `save_metrics`, `publish_summary`: writing a report is a stage's output, not a report for people;
 * `extract_run_metrics`, `ingest_stats`: the extract step of a pipeline reads metrics as data.
 */
const STAGE_VERB = /^_*(save|insert|write|store|upload|load|update|persist|publish|push|send|record|export|extract|ingest|pull)_/i;

/** The handler's function gathers statistics or a summary for people. */
export function isReportingFunction(fn: FunctionFact | null): boolean {
  return fn !== null && REPORTING_NAME.test(fn.name) && !STAGE_VERB.test(fn.name);
}

const IDEMPOTENT_DDL = /^\s*create\s+(or\s+replace\s+)?(\w+\s+){1,3}if\s+not\s+exists\b/i;
/**
 * `CREATE SCHEMA staging`: a container the statements after it write into. Its reported failure
 * is the "already exists" race, or a real failure those statements meet loudly.
 */
const CONTAINER_DDL = /^\s*create\s+(schema|database|warehouse|dataset|catalog)\b/i;

function isIdempotentDdl(call: CallFact, py: PythonFacts): boolean {
  return sqlMatches(call, py, (sql) => IDEMPOTENT_DDL.test(sql) || CONTAINER_DDL.test(sql));
}

/** SQL that only tidies up: ending a failed transaction, dropping a staging table that may be gone already. */
const CLEANUP_SQL = /^(rollback|abort|end|discard\s+all|deallocate\b[^;]*|drop\s+(table|view|temporary\s+table)\s+if\s+exists\b[^;]*)$/i;

/** Connection plumbing around a statement: opening, a cursor, committing, closing. */
const PLUMBING_METHODS = new Set(['connect', 'cursor', 'commit', 'close']);

/**
 * The try only tidies up with SQL (`cur.execute("ROLLBACK")` in an error path, a safety `DROP TABLE
 * IF EXISTS staging` after the swap), on a connection it may open and close itself, with log lines.
 */
export function onlyCleanupSql(t: TryFact, py: PythonFacts): boolean {
  const isCleanup = (call: CallFact) => sqlMatches(call, py, (sql) => CLEANUP_SQL.test(sql.trim().replace(/;$/, '').trimEnd()));
  const isPlumbing = (call: CallFact) => PLUMBING_METHODS.has(methodOf(call.callee)) || ioOf(call, py)?.kind === 'db-connect';
  return onlyStatements(t, py, isCleanup, isPlumbing);
}

/** The try runs `CREATE … IF NOT EXISTS` statements and nothing else but log lines. */
export function onlyIdempotentDdl(t: TryFact, py: PythonFacts): boolean {
  return onlyStatements(t, py, (call) => isIdempotentDdl(call, py), () => false);
}

/** The try's own calls run at least one such statement, and otherwise only that, its plumbing and log lines. */
function onlyStatements(t: TryFact, py: PythonFacts, isStatement: (call: CallFact) => boolean, isPlumbing: (call: CallFact) => boolean): boolean {
  const outer = outerCallsIn(py, t.bodyStart, t.bodyEnd);
  return outer.some(isStatement) && outer.every((call) => isStatement(call) || isPlumbing(call) || isReportLine(call, py));
}

function sqlMatches(call: CallFact, py: PythonFacts, test: (sql: string) => boolean): boolean {
  const sql = sqlCallOf(call, py);
  return sql !== null && sql.arg.string !== null && test(sql.arg.string.value);
}

const COUNT_NAME = /(^|_)counts?(_|$)/i;

/** A counting helper (`_safe_count_csv`, `row_count`) whose handler returns None: the count is unknown, not claimed to be 0. */
export function isUnknownCount(fn: FunctionFact | null, tail: BlockStatementFact | null, text: SourceText): boolean {
  return fn !== null && tail !== null && COUNT_NAME.test(fn.name) && !STAGE_VERB.test(fn.name) && /^return\s+None\s*$/.test(text.slice(tail.start, tail.end).trim());
}

/** `_ensure_bucket_exists`, `ensure_schema`: a helper that makes sure a precondition holds before the work that relies on it. */
const ENSURE_NAME = /^_*ensure_/i;

/** The handler's function only ensures a precondition (a bucket, a schema): what relies on it next fails loudly if it does not hold. */
export function ensuresPrecondition(fn: FunctionFact | null): boolean {
  return fn !== null && ENSURE_NAME.test(fn.name);
}

/** Names compared with `<`/`<=` in a loop condition (`attempts < 3` → `attempts`). */
function countersCompared(condition: string): string[] {
  // `\b` anchors each name at its start, so the scan stays linear on one long word.
  return [...condition.matchAll(/\b(\w+)\s*<(?!<)/g)].map((m) => m[1]);
}

/**
 * A per-item try inside a polling service's main loop (`while True: for symbol in SYMBOLS: try:
 * data = fetch(symbol); upsert(data) … time.sleep(1800)`) whose work starts by reading its input:
 * the next cycle reads the item again, so a failed item is redone. The caller checks that the
 * guarded work starts with a read; a failed write of data kept from before (a buffer of streamed
 * messages) is not redone by anything and stays reported.
 */
export function refetchedByNextCycle(t: TryFact, py: PythonFacts, text: SourceText): boolean {
  return py.loops.some(
    (loop) =>
      loop.kind === 'while' &&
      loop.fn === t.fn &&
      loop.bodyStart <= t.start &&
      t.end <= loop.bodyEnd &&
      SERVICE_MAIN_LOOP.test(text.slice(loop.start, loop.bodyStart)) &&
      py.callsIn(loop.bodyStart, loop.bodyEnd).some((call) => POLL_WAIT.test(call.callee)),
  );
}
