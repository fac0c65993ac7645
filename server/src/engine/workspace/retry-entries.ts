// A module's retry entry points: code an orchestrator or a retry wrapper runs, with its retries —
// Airflow tasks (`python_callable`, `functools.partial`, lambdas, TaskFlow calls in a DAG, with the
// task's or the DAG's retries; default_args built in another module are kept as a name to
// resolve), functions under `@task(retries=…)`, `@flow(retries=…)`, `@op(retry_policy=…)`,
// `@job(op_retry_policy=…)` or a retry library's decorator, `task.with_options(retries=…)`,
// `retry(...)(fn)`, a project task factory given a function and `retries=` (`create_python_task(dag,
// "load", load, retries=5)`), functions and DoFns an Apache Beam transform runs per element (the
// runner retries a failed bundle); orchestrator tasks with no retries configured (retries 0); and the
// module-level names whose dict sets `retries` (shared default_args).

import type { DocumentFacts } from '../document';
import type { CallFact, FunctionFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { BEAM_BUNDLE_RETRIES, BEAM_ELEMENT_TRANSFORM, isOrchestratorTaskDecorator, NO_RETRIES, POLL_WAIT, SERVICE_MAIN_LOOP, ORCHESTRATED_RETRY, RETRY_LIBRARIES, RETRY_NAME } from '../knowledge';
import { analyzeAirflowDags, type AirflowDag } from './airflow';

/** The qualified name of a module's own top-level code. */
export const MODULE_CODE = '<module>';

export interface RetryEntry {
  /** What runs, as this module names it (`fetch_orders`, `tasks.fetch_orders`, `Loader`, or a function of the module). */
  ref: string;
  /**
   * The retries; 0 for an orchestrator task that runs it with none configured (a task that sets
   * `retries=0` on purpose is no entry); null when `retriesFrom` decides.
   */
  retries: number | null;
  /** A name whose dict sets the retries (`DEFAULT_ARGS`, `get_default_args`), resolved across files. */
  retriesFrom?: string;
  /** The function's own decorator retries it (`@task(retries=3)`, `@retry(…)`): whoever calls it, it retries. */
  own?: true;
  /**
   * A project's own Airflow operator class a DAG instantiates (`MsSqlImportOperator(task_id=…)`):
   * its methods run in the task. With no retries it counts only when no task retries the class.
   */
  operator?: true;
}

/** The qualified name a function's references count under: its outermost function or method. */
export function qualifiedName(fn: FunctionFact | null): string {
  if (!fn) return MODULE_CODE;
  let top = fn;
  while (top.parent) top = top.parent;
  return top.className ? `${top.className}.${top.name}` : top.name;
}

/** `pipeline.run` for `pipeline.run()`; null for `self.…` (a class's methods are reached together) and non-name callees. */
export function calleeName(callee: string): string | null {
  const name = callee.split('(')[0];
  if (!name || /^(self|cls)\b/.test(name) || name.endsWith('.')) return null;
  return name;
}

const RETRIES_VALUE = /^\s*(?:\]\s*)?[:=]\s*([^,}\n]+)/;

export function retryEntries(doc: DocumentFacts, py: PythonFacts): RetryEntry[] {
  return [...decoratorEntries(py), ...airflowEntries(doc, py), ...callEntries(py, doc.text), ...beamEntries(py, doc.text), ...pollerEntries(py, doc.text)];
}

/**
 * What a polling service's main loop calls each cycle (`while not stop.is_set(): await
 * run_once(); await asyncio.sleep(600)`): a cycle that fails is run again by the next one, so
 * the code it runs is retried once at least.
 */
function pollerEntries(py: PythonFacts, text: string): RetryEntry[] {
  const out: RetryEntry[] = [];
  for (const loop of py.loops) {
    if (loop.kind !== 'while' || !SERVICE_MAIN_LOOP.test(text.slice(loop.start, loop.bodyStart))) continue;
    // A loop that waits for a job to finish (`break` once it has) or for a person's answer (`input()`) is no service.
    if (/\b(break|return)\b|\binput\(/.test(text.slice(loop.bodyStart, loop.bodyEnd))) continue;
    const calls = py.callsIn(loop.bodyStart, loop.bodyEnd).filter((call) => call.fn === loop.fn);
    if (!calls.some((call) => POLL_WAIT.test(py.resolveCall(call)))) continue;
    // The cycle's own steps (`sync_sources()`, `jobs.run_once()`), not what it does per item it
    // found (an inner loop over new files processes each once: a failed one is not seen again).
    const inner = py.loops.filter((other) => other !== loop && loop.bodyStart <= other.start && other.end <= loop.bodyEnd);
    for (const call of calls) {
      const name = calleeName(call.callee);
      if (!name || POLL_WAIT.test(name) || inner.some((other) => other.bodyStart <= call.start && call.end <= other.bodyEnd)) continue;
      const head = name.split('.')[0];
      if (name.includes('.') && !py.imports.some((i) => i.local === head)) continue;
      out.push({ ref: name, retries: 1 });
    }
  }
  return out;
}

/**
 * The functions and DoFn classes a Beam transform runs on each element (`beam.Map(parse)`,
 * `beam.ParDo(WriteRecords(index))`): run with the runner's bundle retries, unless the module
 * runs its pipelines on the DirectRunner.
 */
function beamEntries(py: PythonFacts, text: string): RetryEntry[] {
  if (!py.importsModule('apache_beam') || py.strings.some((str) => str.value === 'DirectRunner')) return [];
  const out: RetryEntry[] = [];
  for (const call of py.calls) {
    if (!BEAM_ELEMENT_TRANSFORM.test(py.resolveCall(call))) continue;
    const first = call.args.find((a) => a.kind === 'positional');
    if (!first) continue;
    const doFn = first.nodeType === 'call' ? py.callsIn(first.start, first.end).find((c) => c.start === first.start) : undefined;
    const refs = doFn && !/(^|\.)partial$/.test(py.resolveCall(doFn)) ? [calleeName(doFn.callee)].filter((n): n is string => n !== null) : callableRefs(first.start, first.end, first.nodeType, py, text);
    for (const ref of refs) out.push({ ref, retries: BEAM_BUNDLE_RETRIES });
  }
  return out;
}

function retriesIn(decorator: string): number {
  const count = /\b(?:retries|max_retries)\s*=\s*(\d+)/.exec(decorator);
  return count ? Number(count[1]) : 1;
}

function isRetryLibraryName(dotted: string): boolean {
  const head = dotted.split(/[.(]/)[0];
  return RETRY_LIBRARIES.has(head) || RETRY_NAME.test(dotted.split('(')[0]);
}

/**
 * Functions whose own decorator retries them (an orchestrator's `@task(retries=3)`, a retry
 * library's), and orchestrator tasks, flows, ops and assets that have no retries configured.
 */
function decoratorEntries(py: PythonFacts): RetryEntry[] {
  const out: RetryEntry[] = [];
  for (const fn of py.functions) {
    if (fn.parent) continue;
    let retries: number | null = null;
    for (const decorator of fn.decorators) {
      if (ORCHESTRATED_RETRY.test(decorator)) retries = retriesIn(decorator);
      else if (isRetryLibraryName(py.resolveName(decorator))) retries = 1;
      else if (isOrchestratorTaskDecorator(py.resolveName(decorator.split('(')[0])) && !NO_RETRIES.test(decorator)) retries ??= 0;
      else continue;
      if (retries > 0) break;
    }
    if (retries !== null) out.push(retries > 0 ? { ref: qualifiedName(fn), retries, own: true } : { ref: qualifiedName(fn), retries });
  }
  return out;
}

/** `x.with_options(retries=3)` (Prefect), `retry(...)(fetch)` / `retry_call(fetch, …)` wrappers and task factories given retries. */
function callEntries(py: PythonFacts, text: string): RetryEntry[] {
  const out: RetryEntry[] = [];
  for (const call of py.calls) {
    const method = call.callee.slice(call.callee.lastIndexOf('.') + 1);
    if (method === 'with_options') {
      const retries = keywordNumber(call, 'retries', text);
      const target = call.callee.slice(0, -'.with_options'.length);
      if (retries !== null && retries > 0 && /^[\w.]+$/.test(target)) out.push({ ref: target, retries });
      continue;
    }
    if (!call.callee) continue;
    if (!isRetryLibraryName(py.resolveCall(call))) {
      out.push(...taskFactoryEntries(call, py, text));
      continue;
    }
    for (const arg of call.args) if (arg.kind === 'positional' && arg.nodeType === 'identifier') out.push({ ref: text.slice(arg.start, arg.end), retries: 1 });
  }
  return out;
}

/**
 * A project's task factory called with a function and retries (`create_python_task(dag, "load",
 * load, retries=5)`): the factory builds the orchestrator task, so the function runs with them.
 */
function taskFactoryEntries(call: CallFact, py: PythonFacts, text: string): RetryEntry[] {
  const retries = keywordNumber(call, 'retries', text);
  if (retries === null || retries === 0 || py.resolveCall(call).startsWith('airflow')) return [];
  const functions = call.args.filter((a) => (a.kind === 'positional' || a.name === 'python_callable') && a.nodeType === 'identifier');
  return functions.map((a) => ({ ref: text.slice(a.start, a.end), retries }));
}

function keywordNumber(call: CallFact, name: string, text: string): number | null {
  const arg = call.args.find((a) => a.kind === 'keyword' && a.name === name);
  if (!arg) return null;
  const value = text.slice(arg.start, arg.end).trim();
  if (/^(0|None|False)$/.test(value)) return 0;
  return /^\d+$/.test(value) ? Number(value) : 1;
}

// ---------------------------------------------------------------------------------------------
// Airflow: tasks and the callables they run

interface DagRetries {
  retries: number | null;
  from: string | undefined;
}

function airflowEntries(doc: DocumentFacts, py: PythonFacts): RetryEntry[] {
  const out: RetryEntry[] = [];
  const defaults = new Map<AirflowDag, DagRetries>();
  // A task that sets retries to 0 (on the task or in default_args) chose so: no entry either way.
  forEachAirflowTask(doc, py, (ref, task, dag) => {
    let dagDefaults = defaults.get(dag);
    if (!dagDefaults) defaults.set(dag, (dagDefaults = dagRetries(dag, doc.text)));
    const retries = task ?? dagDefaults.retries;
    if (retries !== null) {
      if (retries > 0) out.push({ ref: foldedRef(ref, py), retries });
    } else out.push(dagDefaults.from ? { ref: foldedRef(ref, py), retries: null, retriesFrom: dagDefaults.from } : { ref, retries: 0 });
  });
  // Operators of the project's own (`from etl.operators import MsSqlImportOperator`): the task runs the class's methods.
  for (const dag of analyzeAirflowDags(doc)) {
    let dagDefaults = defaults.get(dag);
    if (!dagDefaults) defaults.set(dag, (dagDefaults = dagRetries(dag, doc.text)));
    for (const task of dag.tasks) {
      if (task.kind !== 'operator' || !/^[A-Za-z_][\w.]*$/.test(task.call.callee) || !py.bindings.has(task.call.callee.split('.')[0])) continue;
      if (py.resolveCall(task.call).startsWith('airflow')) continue;
      const retries = task.step.retries ?? dagDefaults.retries;
      const ref = task.call.callee;
      if (retries !== null) out.push({ ref, retries, operator: true });
      else out.push(dagDefaults.from ? { ref, retries: null, retriesFrom: dagDefaults.from, operator: true } : { ref, retries: 0, operator: true });
    }
  }
  return out;
}

/**
 * A task defined inside the `@dag` function (`def fetch()` under `def orders()`) has no summary
 * node of its own: its calls are folded into the top-level function holding it, which is the
 * node to retry (its other nested tasks share the DAG's retries). A task setting no retries keeps
 * its own name, so it never un-retries the whole DAG body.
 */
function foldedRef(ref: string, py: PythonFacts): string {
  if (ref.includes('.') || py.functions.some((f) => !f.parent && f.name === ref)) return ref;
  let nested = py.functions.find((f) => f.parent && f.name === ref);
  if (!nested) return ref;
  while (nested.parent) nested = nested.parent;
  return qualifiedName(nested);
}

/**
 * Each task of the module's Airflow DAGs with the code it runs, as the module names it (a
 * `python_callable`, a TaskFlow function, an imported task called in the DAG's body), and the
 * retries set on the task itself (null when unset).
 */
export function forEachAirflowTask(doc: DocumentFacts, py: PythonFacts, visit: (ref: string, taskRetries: number | null, dag: AirflowDag) => void): void {
  const dags = analyzeAirflowDags(doc);
  if (dags.length === 0) return;
  const text = doc.text;
  for (const dag of dags) {
    const taskCalls = new Set<CallFact>();
    for (const task of dag.tasks) {
      taskCalls.add(task.call);
      if (task.kind === 'taskflow') {
        if (task.step.callable) visit(task.step.callable, task.step.retries, dag);
        continue;
      }
      const callable = task.call.args.find((a) => a.kind === 'keyword' && a.name === 'python_callable');
      if (!callable) continue;
      for (const ref of callableRefs(callable.start, callable.end, callable.nodeType, py, text)) visit(ref, task.step.retries, dag);
    }
    // TaskFlow tasks imported from other modules: calls of imported names in the DAG's body.
    const scope = dagScope(dag, py, text);
    if (!scope) continue;
    const tasks = [...taskCalls];
    for (const call of py.callsIn(scope.start, scope.end)) {
      if (call.fn !== scope.fn || tasks.some((t) => t.start <= call.start && call.end <= t.end)) continue;
      const override = /^([A-Za-z_]\w*)\.override$/.exec(call.callee);
      const name = override ? override[1] : calleeName(call.callee);
      if (!name || !py.bindings.has(name.split('.')[0]) || py.resolveName(name).startsWith('airflow')) continue;
      visit(name, override ? keywordNumber(call, 'retries', text) : null, dag);
    }
  }
}

/** The DAG's default retries, or the name its default_args come from when they are built elsewhere. */
function dagRetries(dag: AirflowDag, text: string): DagRetries {
  const source = dag.defaultArgs;
  if (dag.pipeline.defaultRetries !== null) return { retries: dag.pipeline.defaultRetries, from: undefined };
  if (source?.kind === 'unknown') return { retries: null, from: headName(text.slice(source.range.start, source.range.end)) };
  if (source?.kind === 'dict' && source.dict.hasSplat) {
    const splat = source.dict.entries.find((e) => e.key === null);
    if (splat) return { retries: null, from: headName(text.slice(splat.valueStart, splat.valueEnd)) };
  }
  return { retries: null, from: undefined };
}

function headName(expression: string): string | undefined {
  return /^[A-Za-z_][\w.]*/.exec(expression.trim())?.[0];
}

/** What a `python_callable=` runs: a name, `functools.partial(name, …)`, or the calls in a lambda. */
function callableRefs(start: number, end: number, nodeType: string, py: PythonFacts, text: string): string[] {
  if (nodeType === 'identifier' || nodeType === 'attribute') return [text.slice(start, end)];
  const calls = py.callsIn(start, end);
  if (nodeType === 'call') {
    const outer = calls.find((c) => c.start === start);
    if (outer && /(^|\.)partial$/.test(py.resolveCall(outer))) {
      const first = outer.args.find((a) => a.kind === 'positional');
      return first && (first.nodeType === 'identifier' || first.nodeType === 'attribute') ? [text.slice(first.start, first.end)] : [];
    }
  }
  if (nodeType === 'lambda') return calls.map((c) => calleeName(c.callee)).filter((n): n is string => n !== null);
  return [];
}

/** The DAG's body: the `@dag` function, or the `with DAG(…)` block. */
function dagScope(dag: AirflowDag, py: PythonFacts, text: string): { start: number; end: number; fn: FunctionFact | null } | null {
  const call = dag.call;
  const decorated = py.functions.find((f) => f.start <= call.start && call.end <= f.nameStart);
  if (decorated) return { start: decorated.bodyStart, end: decorated.bodyEnd, fn: decorated };
  let best: { start: number; end: number } | null = null;
  for (const st of py.statements) {
    if (st.kind !== 'with' || st.start > call.start || call.end > st.end) continue;
    if (/:\s*(#[^\n]*)?\n/.test(text.slice(st.start, call.start))) continue;
    if (!best || st.start >= best.start) best = st;
  }
  return best ? { start: best.start, end: best.end, fn: call.fn } : null;
}

// ---------------------------------------------------------------------------------------------
// Module-level names that set retries (shared default_args)

export function retrySettings(py: PythonFacts, text: string, locals: ReadonlySet<string>, imports: ReadonlyMap<string, string>): { values: Map<string, number>; refs: Map<string, string[]> } {
  const values = new Map<string, number>();
  const refs = new Map<string, string[]>();
  const moduleAssignments = py.assignments.filter((a) => a.fn === null && a.className === null);
  const ownerAt = (offset: number, fn: FunctionFact | null): string | null => {
    if (fn) return fn.parent || fn.className ? null : fn.name;
    const assignment = moduleAssignments.find((a) => (a.valueStart <= offset && offset < a.valueEnd) || (a.targetStart <= offset && offset < a.targetEnd));
    return assignment ? assignment.target.split('[')[0] : null;
  };
  const set = (owner: string | null, value: string) => {
    if (!owner || /^(0|None|False)$/.test(value)) return;
    values.set(owner, Math.max(values.get(owner) ?? 0, /^\d+$/.test(value) ? Number(value) : 1));
  };
  for (const str of py.strings) {
    if (str.value !== 'retries' || str.isFString) continue;
    const value = RETRIES_VALUE.exec(text.slice(str.end, str.end + 80));
    if (value) set(ownerAt(str.start, str.fn), value[1].trim());
  }
  for (const call of py.calls) {
    const arg = call.args.find((a) => a.kind === 'keyword' && a.name === 'retries');
    if (arg && /(^|\.)dict$/.test(call.callee)) set(ownerAt(call.start, call.fn), text.slice(arg.start, arg.end).trim());
  }
  // Names built from other names: `ARGS = {**BASE, …}`, `ARGS = base_args()`, `def args(): return {**base_args()}`.
  const addRef = (owner: string | null, name: string) => {
    if (!owner || owner === name || !(locals.has(name.split('.')[0]) || imports.has(name.split('.')[0]) || moduleAssignments.some((a) => a.target === name))) return;
    const list = refs.get(owner);
    if (!list) refs.set(owner, [name]);
    else if (!list.includes(name)) list.push(name);
  };
  for (const a of moduleAssignments) {
    const value = text.slice(a.valueStart, a.valueEnd);
    for (const m of value.matchAll(/\*\*\s*([A-Za-z_][\w.]*)|(?<![\w.])([A-Za-z_][\w.]*)\s*\(/g)) addRef(a.target, m[1] ?? m[2]);
    if (a.valueType === 'identifier') addRef(a.target, value.trim());
  }
  for (const call of py.calls) {
    if (!call.fn || call.fn.parent || call.fn.className) continue;
    const name = calleeName(call.callee);
    if (name) addRef(call.fn.name, name);
  }
  // Settle the names defined in this module.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [owner, names] of refs) {
      if (values.has(owner)) continue;
      const found = names.map((n) => values.get(n)).find((v) => v !== undefined);
      if (found !== undefined) {
        values.set(owner, found);
        changed = true;
      }
    }
  }
  for (const owner of values.keys()) refs.delete(owner);
  return { values, refs };
}
