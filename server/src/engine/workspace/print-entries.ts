// Where a module's code is started and whether what it prints there is kept as that run's log
// (knowledge/orchestration.ts, PRINTS_KEPT_BY): Airflow tasks, Dagster assets and ops, Databricks
// and Glue jobs, Lambda handlers and Cloud Functions keep it; Prefect flows and tasks only with
// `log_prints=True` (tasks and subflows inherit the flow's setting); the `if __name__ ==
// "__main__":` block of a script keeps nothing.

import type { DocumentFacts } from '../document';
import type { FunctionFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { isDagsterDefinitions, isDagsterTickDecorator, isOrchestratorTaskDecorator, isPrefectFlowDecorator, logPrintsSetting, platformEntryOf, PRINTS_KEPT_BY, runsOnDatabricks } from '../knowledge';
import { calleeName, forEachAirflowTask, MODULE_CODE, qualifiedName } from './retry-entries';
import { importsAirflow } from './airflow';
import { chaliceHandlers } from './chalice-events';


export interface PrintEntry {
  /** What starts, as this module names it (`extract`, `tasks.extract`, `Loader`). */
  ref: string;
  /** What it prints is kept as run-log records. */
  logged: boolean;
  /**
   * `flow`: a Prefect flow, which a project that declares deployments runs only when one names it;
   * `main`: what the module's `__main__` block calls (someone runs the file); `unit`: any other start.
   */
  kind: 'flow' | 'main' | 'unit';
}

export interface PrintEntries {
  entries: PrintEntry[];
  /**
   * Functions whose own decorator decides what happens to their prints whoever runs them
   * (`@task(log_prints=False)`), by qualified name. Tasks without the setting inherit the caller's.
   */
  settings: Map<string, boolean>;
}

const MAIN_GUARD = /^[ \t]*if\s+(__name__\s*==\s*(['"])__main__\2|(['"])__main__\3\s*==\s*__name__)\s*:/;

export function printEntries(doc: DocumentFacts, py: PythonFacts): PrintEntries {
  const entries: PrintEntry[] = [];
  const settings = new Map<string, boolean>();
  forEachAirflowTask(doc, py, (ref) => entries.push({ ref, logged: PRINTS_KEPT_BY['airflow-task'], kind: 'unit' }));
  // The scheduler runs the top-level code of every DAG file it parses (its safe mode parses files
  // that mention both "airflow" and "dag"), printing into the DAG processor's log.
  if (importsAirflow(py) && /dag/i.test(doc.text)) entries.push({ ref: MODULE_CODE, logged: PRINTS_KEPT_BY['airflow-task'], kind: 'unit' });
  // A Databricks source notebook or an AWS Glue job script is run whole by a job the workspace or
  // the infrastructure code (Terraform, CDK) declares, which the project's Python does not name.
  else if (doc.databricks || runsOnDatabricksUnbound(py)) entries.push({ ref: MODULE_CODE, logged: PRINTS_KEPT_BY['databricks-job'], kind: 'unit' });
  else if (py.importsModule('awsglue')) entries.push({ ref: MODULE_CODE, logged: PRINTS_KEPT_BY['glue-job'], kind: 'unit' });
  const tasks = new Set<string>();
  for (const fn of py.functions) {
    if (fn.parent) continue;
    const unit = orchestratorUnit(fn, py);
    if (!unit) continue;
    const name = qualifiedName(fn);
    if (unit.setting !== null) settings.set(name, unit.setting);
    // A flow, asset or op is started by its orchestrator on its own; a Prefect task runs inside a flow.
    if (unit.startsOnItsOwn) entries.push({ ref: name, logged: unit.setting ?? unit.keptByDefault, kind: unit.flow ? 'flow' : 'unit' });
    else if (!fn.className) tasks.add(fn.name);
  }
  // Prefect 1 builds its flow at module level (`with Flow("crashes") as flow: rows = extract()`):
  // the tasks called there are what the registered flow runs.
  const flowTasks = new Set<string>();
  for (const call of py.ownFacts(null).calls) {
    const name = calleeName(call.callee)?.replace(/\.(map|run)$/, '');
    if (name && tasks.has(name)) flowTasks.add(name);
  }
  for (const name of flowTasks) entries.push({ ref: name, logged: settings.get(name) ?? PRINTS_KEPT_BY['prefect-default'], kind: 'unit' });
  for (const ref of mainBlockRefs(py, doc.text)) entries.push({ ref, logged: PRINTS_KEPT_BY.script, kind: 'main' });
  for (const ref of definitionsRefs(py, doc.text)) entries.push({ ref, logged: PRINTS_KEPT_BY['dagster-step'], kind: 'unit' });
  // Lambda handlers and Cloud Functions: the function a deployment names in Terraform, SAM,
  // serverless.yml or a CDK stack, or the event a Chalice app declares, which the project's Python does not call.
  for (const fn of py.functions) if (isServerlessEntry(fn, doc.path)) entries.push({ ref: fn.name, logged: PRINTS_KEPT_BY['serverless-function'], kind: 'unit' });
  for (const name of chaliceHandlers(py)) entries.push({ ref: name, logged: PRINTS_KEPT_BY['serverless-function'], kind: 'unit' });
  return { entries, settings };
}

/**
 * A plain `.py` Databricks job script: its top-level code uses the runtime (knowledge's
 * runsOnDatabricks), with `dbutils` as the runtime defines it, not one the module builds itself
 * (`dbutils = DBUtils(spark)` is a library that may run anywhere).
 */
function runsOnDatabricksUnbound(py: PythonFacts): boolean {
  if (py.bindings.has('dbutils') || py.assignments.some((assignment) => assignment.target === 'dbutils')) return false;
  const topLevel = py.ownFacts(null);
  return runsOnDatabricks(topLevel.calls.map((call) => call.callee), py.strings.filter((str) => str.fn === null).map((str) => str.value));
}

/** A Lambda handler (`def handler(event, context)`, `lambda_context` too) or a Cloud Function. */
function isServerlessEntry(fn: FunctionFact, path: string): boolean {
  if (platformEntryOf(fn, path) !== null) return true;
  const [first, second] = fn.params.map((p) => /^\**([A-Za-z_]\w*)/.exec(p)?.[1] ?? '');
  return !fn.parent && !fn.className && fn.params.length === 2 && /^_?(event|evt)$/.test(first) && /^_?(context|ctx|lambda_context)$/.test(second);
}

/**
 * Names a Dagster `Definitions(…)` (or `@repository`) wires in: assets, jobs, schedules, sensors,
 * and the resources and IO managers runs are given (`resources={"io_manager": KuzuIOManager(…)}`).
 */
function definitionsRefs(py: PythonFacts, text: string): string[] {
  const refs = new Set<string>();
  for (const call of py.calls) {
    if (!isDagsterDefinitions(py.resolveCall(call))) continue;
    for (const arg of call.args) for (const m of text.slice(arg.start, arg.end).matchAll(/(?<![\w.'"])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g)) refs.add(m[0]);
  }
  for (const fn of py.functions) {
    if (fn.parent || !fn.decorators.some((d) => isDagsterDefinitions(py.resolveName(d.split('(')[0].trim())))) continue;
    for (const call of py.callsIn(fn.bodyStart, fn.bodyEnd)) for (const arg of call.args) if (arg.nodeType === 'identifier' || arg.nodeType === 'attribute') refs.add(text.slice(arg.start, arg.end));
    for (const m of text.slice(fn.bodyStart, fn.bodyEnd).matchAll(/\breturn\s*\[([^\]]*)\]/g)) for (const n of m[1].matchAll(/[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g)) refs.add(n[0]);
  }
  return [...refs];
}

interface Unit {
  setting: boolean | null;
  /** Whether the orchestrator keeps the unit's prints when it says nothing itself. */
  keptByDefault: boolean;
  startsOnItsOwn: boolean;
  /** A Prefect flow. */
  flow: boolean;
}

function orchestratorUnit(fn: FunctionFact, py: PythonFacts): Unit | null {
  for (const decorator of fn.decorators) {
    const resolved = py.resolveName(decorator.split('(')[0].trim());
    if (isDagsterTickDecorator(resolved)) return { setting: null, keptByDefault: PRINTS_KEPT_BY['dagster-step'], startsOnItsOwn: true, flow: false };
    if (!isOrchestratorTaskDecorator(resolved)) continue;
    if (resolved.startsWith('prefect.')) {
      const flow = isPrefectFlowDecorator(resolved);
      return { setting: logPrintsSetting(decorator), keptByDefault: PRINTS_KEPT_BY['prefect-default'], startsOnItsOwn: flow, flow };
    }
    return { setting: null, keptByDefault: resolved.startsWith('dagster.') ? PRINTS_KEPT_BY['dagster-step'] : PRINTS_KEPT_BY.script, startsOnItsOwn: true, flow: false };
  }
  return null;
}

/**
 * Names the `if __name__ == "__main__":` block calls or hands on: what running the module as a
 * script starts. (Other top-level code counts for its own module only: a flat script that is not
 * analysed up front must not change what other modules' answers are.)
 */
function mainBlockRefs(py: PythonFacts, text: string): string[] {
  const refs = new Set<string>();
  for (const block of mainBlocks(py, text)) {
    for (const call of py.callsIn(block.start, block.end)) {
      if (call.fn !== null) continue;
      const name = calleeName(call.callee);
      if (name) refs.add(name);
      for (const arg of call.args) if (arg.nodeType === 'identifier' || arg.nodeType === 'attribute') refs.add(text.slice(arg.start, arg.end));
    }
  }
  return [...refs];
}

/** The module's `if __name__ == "__main__":` statements. */
export function mainBlocks(py: PythonFacts, text: string): Array<{ start: number; end: number }> {
  const blocks: Array<{ start: number; end: number }> = [];
  for (const str of py.strings) {
    if (str.value !== '__main__' || str.fn !== null) continue;
    const lineStart = text.lastIndexOf('\n', str.start - 1) + 1;
    const lineEnd = text.indexOf('\n', str.end);
    if (!MAIN_GUARD.test(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd))) continue;
    const block = py.statementAt(str.start);
    if (block) blocks.push({ start: block.start, end: block.end });
  }
  return blocks;
}
