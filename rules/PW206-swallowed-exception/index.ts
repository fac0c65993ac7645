// PW206 swallowed-exception: a broad handler — bare `except:`, `except Exception`, or a library's
// base error class (`requests.RequestException`, `psycopg2.Error`, `GoogleAPIError`… from the
// library model's `isBroadHandler`) — around a stage's I/O that carries on after the error:
// `pass`, `continue`, a default return (or a failure-status dict only callers could act on), or
// falling through, whether it printed or logged the error first. The run then ends green with
// data missing. Not swallowed: a re-raise, an exit, a counter, a call that records or forwards the error (dead-letter store, alert), `break`, a
// return that carries the error. Not stage I/O: handlers around parsing, type probes, config
// reads, lazy client creation (stage-io.ts) — but an existence probe asks a catalog whatever its
// client (existence-probe.ts), and a failed set-up of an output the configuration enables is
// reported (configured-output.ts). Handled elsewhere (handled-elsewhere.ts, status-check.ts): a
// reported error in a retrying loop, a failure status every caller tests and acts on, a loop that
// counts its successes. Scripts whose console output is their interface (interactive,
// diagnostic, a narrated notebook no job runs) report what they print, a seeding script's reported skip of one record is one fake
// record fewer, and dashboards and the read paths of web applications (read-only-endpoint.ts) are not stages. One finding per handler,
// on its body.

import type { Rule, RuleContext } from '../../server/src/engine/types';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { FunctionFact, HandlerFact, TryFact } from '../../server/src/engine/python/facts';
import { appKindOf, isBroadHandler, isRequestHandler, methodOf, readsOnly } from '../../server/src/engine/knowledge';
import { isDiagnosticScript, isInteractiveScript, isSeedingScript, isToolingScript } from '../support/script-audience';
import { isOrchestratedUnit, pythonCallables } from '../support/stage-shape';
import { swallowingOf, type Swallowing } from './handler-outcome';
import { countsSuccesses, ensuresPrecondition, fallsBackToComputed, inRetryingLoop, isBookkeepingWriter, isReportingFunction, isUnknownCount, onlyCleanupSql, onlyIdempotentDdl, refetchedByNextCycle, runByEndlessLoop, skipsSeedItem, skipsUnreachableItem, triesAlternatives } from './handled-elsewhere';
import { failureStatusCheckedByCallers, statusCheckedByCallers } from './status-check';
import { StageIoIndex } from './stage-io';
import { configuredOutputOf } from './configured-output';
import { isWebReadPath } from './read-only-endpoint';
import { existenceProbeOf } from './existence-probe';
import { isReadAlongNotebook } from './notebook-audience';
import { deliveredNotification, isSideStep } from './side-steps';
import { handlerLabel, ioName, messageFor, ownerName } from './messages';
import { entryPointCatchOf, entryPointMessage } from './entry-point';
import { FixIndex, fixesFor } from './fixes';
import type { SourceText } from '../../server/src/engine/source-text';
import { uncheckedFix, uncheckedMessage, uncheckedResults } from './unchecked-result';

const ID = 'PW206';

/** Best effort: swallowing a failure to close or remove something is the accepted idiom. */
const BEST_EFFORT_METHODS = new Set([
  'close', 'rollback', 'remove', 'unlink', 'rmtree', 'rmdir', 'dispose', 'shutdown', 'terminate', 'kill', 'cancel', 'stop', 'disconnect', 'quit',
  'cleanup', 'release', 'delete', 'drop_table', 'drop_tables',
]);
const CLEANUP_FUNCTIONS = new Set(['__del__', '__exit__', '__aexit__']);
/** `_cleanup_temp_table()`, `teardown()`: a function whose name says it cleans up after the work is done. */
const CLEANUP_NAME = /(^|_)(cleanup|clean_up|teardown|tear_down)(_|$)/i;

/** `run_tests.py`: runs the project's tests for a developer; not a stage. */
const TEST_RUNNER = /^run_?tests?$/i;

function moduleName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? '').replace(/\.(py|ipynb)$/, '');
}

/**
 * `try: import x` / `try: conn.close()` / a clean-up function: optional dependencies and best-effort
 * clean-up. A clean-up function an orchestrator runs as a task (`python_callable=cleanup_sessions`,
 * `@task def cleanup_…`) is not tidying up after the work: the clean-up is the work, and a task that
 * logs its failure and succeeds hides that it never ran.
 */
function isAcceptedIdiom(t: TryFact, py: PythonFacts, isTask: (fn: FunctionFact) => boolean, path: string): boolean {
  if (t.fn && (CLEANUP_FUNCTIONS.has(t.fn.name) || (CLEANUP_NAME.test(t.fn.name) && !isTask(t.fn)))) return true;
  // A teardown script (`cleanup_cluster.py`) deletes resources step by step, each on a best-effort basis.
  if (t.fn && !isTask(t.fn) && CLEANUP_NAME.test(moduleName(path))) return true;
  const calls = py.callsIn(t.bodyStart, t.bodyEnd);
  if (calls.length === 0) return py.imports.some((i) => i.start >= t.bodyStart && i.start < t.bodyEnd);
  return calls.every((call) => BEST_EFFORT_METHODS.has(methodOf(call.callee))) || onlyCleanupSql(t, py);
}

/** A reported error the code around the handler deals with: see handled-elsewhere.ts. */
function isHandledElsewhere(t: TryFact, handler: HandlerFact, swallowing: Swallowing, py: PythonFacts, text: SourceText, path: string): boolean {
  if (isReportingFunction(t.fn)) return true;
  if (swallowing.carry === 'return-default' && isUnknownCount(t.fn, swallowing.tail, text)) return true;
  if ((swallowing.carry === 'continue' || swallowing.carry === 'pass') && triesAlternatives(t, py, text)) return true;
  if (swallowing.failureStatus) return failureStatusCheckedByCallers(t.fn, py, text);
  if (swallowing.report === 'none') return false;
  if (onlyIdempotentDdl(t, py) || skipsUnreachableItem(t, handler, py)) return true;
  if (swallowing.carry !== 'return-default' && ensuresPrecondition(t.fn)) return true;
  if (swallowing.report === 'log' && swallowing.carry === 'fall-through' && (isBookkeepingWriter(t.fn) || fallsBackToComputed(t, py, text))) return true;
  if (swallowing.carry === 'return-default') return statusCheckedByCallers(t.fn, swallowing.tail, py, text, isToolingScript(path));
  return inRetryingLoop(t, py, text) || runByEndlessLoop(t, py, text) || (py.loops.some((l) => l.fn === t.fn && l.bodyStart <= t.start && t.end <= l.bodyEnd) && countsSuccesses(t, text));
}

/** HTTP writes whose status is never checked, BigQuery jobs never awaited (unchecked-result.ts). */
function reportUncheckedResults(ctx: RuleContext, py: PythonFacts, text: SourceText): void {
  const results = uncheckedResults(py, text);
  // The audience checks read the whole module: only when there is something to report.
  if (results.length === 0 || isReadAlongNotebook(ctx) || isDiagnosticScript(ctx.doc.path) || isInteractiveScript(py)) return;
  for (const result of results) {
    ctx.report({
      start: result.call.calleeStart,
      end: result.call.calleeEnd,
      message: uncheckedMessage(result, ctx.doc.path),
      fixes: uncheckedFix(result, text),
      fingerprintText: `${ownerName(result.call.fn)}|${result.call.callee}|${result.kind}`,
    });
  }
}

function check(ctx: RuleContext): void {
  const py = ctx.doc.python;
  if (!py || ctx.doc.isTestFile) return;
  // A dashboard renders data for people; falling back to an empty view is its way of reporting.
  if (appKindOf(py) === 'dashboard') return;
  const text = ctx.doc.sourceText;
  reportUncheckedResults(ctx, py, text);
  if (py.tries.length === 0) return;
  let io: StageIoIndex | undefined;
  let fixIndex: FixIndex | undefined;
  let userFacing: boolean | undefined;
  let callables: Set<string> | undefined;
  const isTask = (fn: FunctionFact) => isOrchestratedUnit(fn, py, (callables ??= pythonCallables(py, text)));
  for (const t of py.tries) {
    for (const handler of t.handlers) {
      if (!isBroadHandler(handler.types, py)) continue;
      // A Lambda handler or Cloud Function whose outermost handler returns: the platform sees a success (entry-point.ts).
      const entry = entryPointCatchOf(t, handler, py, text, ctx.doc.path);
      if (entry) {
        io ??= new StageIoIndex(py);
        const work = entry.kind === 'swallows' ? io.guardedBy(t) : null;
        if (entry.kind === 'swallows' && work) {
          const where = `${handlerLabel(handler, text)} in ${ownerName(entry.fn)}()`;
          ctx.report({
            start: entry.statements[0].start,
            end: entry.statements[entry.statements.length - 1].end,
            message: entryPointMessage(where, ioName(work), entry),
            fingerprintText: `${ownerName(entry.fn)}|${handlerLabel(handler, text)}|entry-point`,
          });
        }
        if (entry.kind === 'answers' || work) continue;
      }
      const swallowing = swallowingOf(handler, t.fn, py, text);
      if (!swallowing || isAcceptedIdiom(t, py, isTask, ctx.doc.path)) continue;
      // A web endpoint's error status is its answer to the client.
      if (swallowing.failureStatus && isRequestHandler(t.fn)) continue;
      io ??= new StageIoIndex(py);
      const probe = existenceProbeOf(t, swallowing, py, text);
      const stageIo = io.guardedBy(t) ?? (probe ? { call: probe.call, via: null } : null);
      const delivered = stageIo || swallowing.report === 'none' || !(t.fn === null || isTask(t.fn)) ? null : deliveredNotification(t, py, text);
      const guarded = stageIo ? { ...stageIo, probes: probe?.object } : delivered ? { call: delivered, via: null } : swallowing.carry === 'fall-through' || swallowing.carry === 'pass' ? configuredOutputOf(t, py, text) : null;
      if (!guarded) continue;
      // A web application's read path falls back to another view of the data; nothing a pipeline moves is lost.
      if (stageIo && isWebReadPath(t, stageIo, py)) continue;
      // An item a polling service's next cycle reads again (its work starts with the read) is redone, not lost.
      if (stageIo && readsOnly(stageIo.call, py) && refetchedByNextCycle(t, py, text)) continue;
      // A diagnostic or interactive script's printed (or logged) error is its report to the person running it.
      // So is a notebook's (shown in the cell's output to the person running it) and a test runner's.
      if (swallowing.report !== 'none' && (userFacing ??= isDiagnosticScript(ctx.doc.path) || isInteractiveScript(py) || TEST_RUNNER.test(moduleName(ctx.doc.path)) || isReadAlongNotebook(ctx))) continue;
      if (isHandledElsewhere(t, handler, swallowing, py, text, ctx.doc.path)) continue;
      // An alert, a bookkeeping write or a check after the load: carrying on loses no data (side-steps.ts).
      if (!guarded.probes && isSideStep(t, swallowing, py, text, t.fn === null || isTask(t.fn))) continue;
      // A seeding script that reports a record it could not create and goes on to the next: one fake record fewer.
      if (swallowing.report !== 'none' && swallowing.carry !== 'return-default' && isSeedingScript(ctx.doc.path) && skipsSeedItem(t, py)) continue;
      fixIndex ??= new FixIndex(py, text);
      const first = swallowing.statements[0];
      const last = swallowing.statements[swallowing.statements.length - 1];
      ctx.report({
        start: first.start,
        end: last.end,
        message: messageFor(swallowing, handler, t.fn, guarded, text, ctx.doc.path),
        fixes: swallowing.failureStatus ? [] : fixesFor({ t, handler, swallowing, fn: t.fn, text }, fixIndex),
        fingerprintText: `${ownerName(t.fn)}|${handlerLabel(handler, text)}|${swallowing.report}|${swallowing.carry}`,
      });
    }
  }
}

export const swallowedException: Rule = {
  meta: {
    id: ID,
    slug: 'swallowed-exception',
    title: 'Swallowed exception',
    priority: 'P2',
    dialects: ['python'],
    rationale: 'A broad handler around a load, query or request that carries on after the error — silently, printing it, or logging it — lets the run end green while rows, pages or files are missing, and nobody notices until a report is wrong.',
    recommendation: 'Re-raise after logging, count the records a loop skips and fail past a threshold, or send them to a dead-letter store; catch only the exceptions you expect.',
    fixable: true,
  },
  check,
};
