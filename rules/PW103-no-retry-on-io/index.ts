// PW103 no-retry-on-io: functions that talk to a database, an HTTP API, a warehouse or object
// storage with nothing that retries a transient failure. One finding per function, on its first
// unretried I/O call (ignore comments on the `def` line still apply).
// A function counts as retried when a retry decorator wraps it, a retry loop (`while`/`for
// attempt in range(…)` with a try) surrounds its I/O, its HTTP session mounts a retrying adapter,
// every caller is itself retried, or the orchestrator retries the step (Airflow retries in the
// same DAG module, `@task(retries=…)`, or the pipeline config through ctx.project).
// Module-level code and the `__main__` block are "the script": one finding for its I/O.
// Parts: io-sites.ts (what counts as I/O, clients that retry), retry-mechanisms.ts (loops,
// hand-written decorators), call-graph.ts (retried callers and wrappers), session-steps.ts
// (statements on a connection someone else opened), printed-checks.ts (checks run by hand),
// exploration.ts (notebooks that only read), hand-run.ts (scripts a person runs and watches), script.ts (flat scripts), messages.ts, fixes.ts.

import type { Rule, RuleContext } from '../../server/src/engine/types';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { MODULE_CODE, qualifiedName } from '../../server/src/engine/workspace/module-summary';
import { ModuleEdits } from '../support/module-edits';
import { analysisOf, RetryAnalysis } from './call-graph';
import { fixesFor, scriptFixes } from './fixes';
import { INTERACTIVE_APP_MODULES, isAirflowTaskClassMethod, isSensorDecorator } from '../../server/src/engine/knowledge';
import { airflowRetriesConfigured, inRetriedLambda, ioSites, moduleRetries, sitesWithoutClientRetry, type ModuleRetries } from './io-sites';
import { messageFor, scriptMessage } from './messages';
import { hasModuleLevelIo, unretriedScriptIo } from './script';
import { isPrintedCheck } from './printed-checks';
import { isSessionStep } from './session-steps';
import { isNotebook, isReadOnlyNotebook, writesInStatement } from './exploration';
import { isConnectivityCheck, isLocalExport, isRunByHand } from './hand-run';

/** Web request handlers (`@app.get("/orders")`, `@router.post(...)`, `@bp.route(...)`): the client retries, not the handler. */
const WEB_ROUTE = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*\.(route|get|post|put|patch|delete|head|options|websocket|api_route)\(["'\/]/;

/** A tick within the hour retries a failed evaluation soon enough; Dagster's default interval is 30 s. */
const SENSOR_RETRY_INTERVAL_SECONDS = 3600;

function isFrequentSensor(decorator: string, py: PythonFacts): boolean {
  if (!isSensorDecorator(py.resolveName(decorator.split('(')[0]))) return false;
  // Decorator texts are whitespace-free, comments included (`sensor(#dailyminimum_interval_seconds=86400)`): no word boundary.
  const interval = /minimum_interval_seconds\s*=\s*([^,)]*(?:\([^)]*\))?[^,)]*)/.exec(decorator);
  if (!interval) return true;
  // A literal or a product of literals (`60 * 5`); anything else is not known to be frequent.
  const factors = interval[1].replace(/[()\s]/g, '').split('*');
  if (!factors.every((f) => /^\d+$/.test(f))) return false;
  return factors.reduce((product, f) => product * Number(f), 1) <= SENSOR_RETRY_INTERVAL_SECONDS;
}

function check(ctx: RuleContext): void {
  const py = ctx.doc.python;
  if (!py || ctx.doc.isTestFile) return;
  // Diagnostics, seeding, migrations and yearly one-off runs: the person watching reruns them.
  if (isRunByHand(ctx.doc.path, ctx.config.root)) return;
  // Dashboards and UIs: a user's action runs the function, and the user retries.
  if (INTERACTIVE_APP_MODULES.some((m) => py.importsModule(m))) return;
  const text = ctx.doc.sourceText;
  const moduleEdits = new ModuleEdits(py, text);
  const analysis = new RetryAnalysis(py, moduleEdits);
  const sitesByFn = ioSites(py, ctx.statement?.calls ?? py.calls, (fn) => analysis.isDecorated(fn), text);
  const scriptIo = ctx.statement ? hasModuleLevelIo(ctx.statement, py, text) : true;
  if (sitesByFn.size === 0 && !scriptIo) return;
  if (isReadOnlyNotebook(ctx.doc, py)) return;
  const retries = ctx.project?.retriesForScript(ctx.doc.path);
  if (retries !== undefined && retries !== null && retries > 0) return;
  if (airflowRetriesConfigured(py, text)) return;
  let clients: ModuleRetries | undefined;
  const retryingClients = () => (clients ??= moduleRetries(py, text));
  const airflowModule = py.importsModule('airflow');
  for (const [fn, allSites] of sitesByFn) {
    // Operator, sensor and hook methods run inside Airflow tasks: their retries are set where the
    // task is declared (PW403) — unless the project's DAGs run the class in tasks that set none.
    const projectRetries = ctx.project?.retriesForFunction?.(ctx.doc.path, qualifiedName(fn));
    if (airflowModule && fn.className && isAirflowTaskClassMethod(fn.className, fn.name, fn.params) && projectRetries !== 0) continue;
    if (fn.decorators.some((d) => WEB_ROUTE.test(d))) continue;
    // A sensor is evaluated again at every tick: a tick soon after is its retry (not a daily one).
    if (fn.decorators.some((d) => isFrequentSensor(d, py))) continue;
    const sites = sitesWithoutClientRetry(allSites, py, text, retryingClients).filter((site) => !inRetriedLambda(site.call, py));
    if (sites.length === 0) continue;
    if (allSites.some((site) => analysis.callInRetryLoop(site.call))) continue;
    if (analysis.isRetried(fn)) continue;
    // An orchestrator task, a retry decorator or a pipeline step elsewhere runs it with retries;
    // or it is a web app's code that no pipeline runs (the client retries).
    if ((projectRetries ?? 0) > 0) continue;
    if (ctx.project?.isWebAppCode?.(ctx.doc.path, qualifiedName(fn))) continue;
    if (isSessionStep(fn, sites, py, text)) continue;
    if (isPrintedCheck(fn, allSites, py, text)) continue;
    if (isConnectivityCheck(fn) || isLocalExport(fn, py)) continue;
    // On the first unretried I/O call, where a reviewer points; the fix still decorates the
    // function, and ignore comments on its `def` line (where the finding used to be) still count.
    const first = sites.reduce((a, b) => (b.call.start < a.call.start ? b : a)).call;
    ctx.report({
      start: first.calleeStart,
      end: first.calleeEnd,
      suppressibleAt: fn.nameStart,
      message: messageFor(fn, sites, py),
      fixes: fixesFor(moduleEdits, fn, sites),
      fingerprintText: `${fn.className ?? ''}.${fn.name}`,
    });
  }
  if (!scriptIo || (ctx.project?.retriesForFunction?.(ctx.doc.path, MODULE_CODE) ?? 0) > 0) return;
  const script = unretriedScriptIo(py, text, ctx.doc.path, analysis, retryingClients);
  if (!script || isPrintedCheck(null, script.sites, py, text)) return;
  const anchor = script.sites[0].call;
  // One finding for the script, reported from the statement that holds its first I/O call.
  if (ctx.statement && (anchor.start < ctx.statement.start || anchor.start >= ctx.statement.end)) return;
  ctx.report({
    start: anchor.calleeStart,
    end: anchor.calleeEnd,
    message: scriptMessage(script.name, script.sites, py),
    fixes: scriptFixes(moduleEdits, script.sites),
    fingerprintText: '<script>',
  });
}

export const noRetryOnIo: Rule = {
  meta: {
    id: 'PW103',
    slug: 'no-retry-on-io',
    title: 'External I/O without retries',
    priority: 'P1',
    dialects: ['python'],
    rationale: 'Databases, APIs, warehouses and object stores fail transiently (restarts, throttling, network blips); without a retry one blip fails the whole run and pages someone at 3 AM.',
    recommendation: 'Wrap the function doing I/O in a retry with exponential backoff (tenacity, or a small stdlib helper), or let the orchestrator retry the step.',
    fixable: true,
  },
  check,
  incremental: {
    // Retried-ness crosses statements: callers, wrappers, decorators defined elsewhere, adapters.
    exports: (statement, { doc }) => {
      if (!doc.python) return '';
      const ownExports = analysisOf(doc.python, doc.sourceText).exportsOf(statement);
      // Whether a notebook writes anything decides whether any of its statements is reported.
      return isNotebook(doc) && writesInStatement(statement, doc.python) ? `${ownExports};writes` : ownExports;
    },
    key: ({ doc, project }) => project?.retriesKey?.(doc.path) ?? String(project?.retriesForScript(doc.path) ?? null),
  },
};
