// What kind of pipeline code a module is, for rules that ask how a stage reports: its stage I/O
// (the library model's I/O, less lazy client creation and reading a file with open()), whether it
// runs as a script or as orchestrated units (Airflow DAGs and task callables, Prefect flows and
// tasks, Dagster assets and ops, dlt resources, Lambda handlers), whether that I/O only reads, and
// whether it lives only in data-access classes or thin read wrappers that hand data to a caller.

import type { CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { ioOf, isPrefectTaskDecorator, isWritingHelper, ORCHESTRATOR_MODULES, readsOnly, sqlCallOf } from '../../server/src/engine/knowledge';
import { statementKind } from '../../server/src/engine/sql';
import { mainBlockStart } from './module-edits';
import type { SourceText } from '../../server/src/engine/source-text';

/** Decorators that make a function a unit an orchestrator runs (`@task`, `@flow`, `@asset`, `@op`, `@dag`). */
const UNIT_DECORATOR = /^(task|flow|asset|multi_asset|graph_asset|op|dag)$/;
/** dlt's extraction units (`@dlt.resource`, `@dlt.source`, `@dlt.transformer`). */
const DLT_UNIT = /^(resource|transformer|source)$/;
/** Orchestrator definitions that watch or configure rather than move data. */
const NON_STAGE_DECORATOR = /^(sensor|schedule|asset_sensor|io_manager|repository|job)\b/;
const LAMBDA_HANDLER = /^(lambda_)?handler$/;
/** Files a code generator writes: Python modules (generated DAGs), SQL and HiveQL scripts. */
const SOURCE_FILE = /\.(py|sql|hql)$/i;
/** Modules that hold a project's configuration (`config/settings.py`, `config.py`). */
const CONFIGURATION_MODULE = /(^|\/)(settings|config|configuration|conf)\.py$/i;
/** A body that is only a placeholder: `pass` or `...`. */
const STUB_BODY = /^(pass|\.\.\.)$/;

/** The module's stage I/O calls: what the library model knows as I/O, less lazy clients and open() reads. */
export function stageIoCalls(py: PythonFacts): CallFact[] {
  return py.calls.filter((call) => {
    const io = ioOf(call, py);
    return io !== null && !io.lazy && io.kind !== 'db-connect' && !(io.kind === 'file-read' && io.role === 'open');
  });
}

function decoratorName(decorator: string, py: PythonFacts): { name: string; module: string } {
  const head = decorator.replace(/\(.*$/s, '');
  const resolved = py.resolveName(head);
  const name = head.slice(head.lastIndexOf('.') + 1);
  return { name, module: resolved.split('.')[0] };
}

/** A function an orchestrator runs: decorated as a task/flow/asset/op/dlt resource, a python_callable, or a Lambda handler. */
export function isOrchestratedUnit(fn: FunctionFact, py: PythonFacts, callables: ReadonlySet<string>): boolean {
  if (callables.has(fn.name) || (fn.parent === null && fn.className === null && LAMBDA_HANDLER.test(fn.name) && fn.params.length === 2)) return true;
  return fn.decorators.some((decorator) => {
    const { name, module } = decoratorName(decorator, py);
    if (module === 'dlt') return DLT_UNIT.test(name);
    return UNIT_DECORATOR.test(name) && (ORCHESTRATOR_MODULES.includes(module) || module === name);
  });
}

/** Names handed to operators as `python_callable=` in this module. */
export function pythonCallables(py: PythonFacts, text: SourceText): Set<string> {
  const names = new Set<string>();
  for (const call of py.calls) {
    for (const arg of call.args) if (arg.kind === 'keyword' && arg.name === 'python_callable') names.add(text.slice(arg.start, arg.end).trim());
  }
  return names;
}

/** The module defines orchestrated units or a DAG. */
export function hasOrchestratedUnits(py: PythonFacts, text: SourceText): boolean {
  const callables = pythonCallables(py, text);
  if (callables.size > 0) return true;
  return py.functions.some((fn) => isOrchestratedUnit(fn, py, callables));
}

/**
 * The module starts on its own: it runs as a script (a `__main__` block, stage I/O or calls of its
 * own functions at top level, as in a flat Glue job), or defines units an orchestrator starts (a
 * Prefect task is not one: it runs inside the flow that calls it).
 */
export function startsOnItsOwn(py: PythonFacts, text: SourceText, ios: readonly CallFact[]): boolean {
  if (isScript(py, text, ios)) return true;
  const own = new Set(py.functions.filter((fn) => fn.parent === null && fn.className === null).map((fn) => fn.name));
  if (py.calls.some((call) => call.fn === null && own.has(call.callee))) return true;
  const callables = pythonCallables(py, text);
  if (callables.size > 0) return true;
  const insideFlows = (fn: FunctionFact) => fn.decorators.some((decorator) => isPrefectTaskDecorator(py.resolveName(decorator.replace(/\(.*$/s, '').trim())));
  return py.functions.some((fn) => isOrchestratedUnit(fn, py, callables) && !insideFlows(fn));
}

/** Functions decorated as orchestrator definitions that watch or configure (`@sensor`, `@schedule`, `@io_manager`). */
export function isNonStageDefinition(fn: FunctionFact, py: PythonFacts): boolean {
  return fn.decorators.some((decorator) => NON_STAGE_DECORATOR.test(decoratorName(decorator, py).name));
}

/** The module runs as a script: an `if __name__ == "__main__":` block, or stage I/O at module level. */
export function isScript(py: PythonFacts, text: SourceText, ios: readonly CallFact[]): boolean {
  return ios.some((call) => call.fn === null) || mainBlockStart(py, text) !== null;
}

function enclosingFunctions(fn: FunctionFact | null): FunctionFact[] {
  const out: FunctionFact[] = [];
  for (let f = fn; f; f = f.parent) out.push(f);
  return out;
}

/** Every I/O call sits in a method of a class: repositories, clients, hooks, resources, IO managers. */
export function isDataAccessOnly(ios: readonly CallFact[]): boolean {
  return ios.length > 0 && ios.every((call) => enclosingFunctions(call.fn).some((f) => f.className !== null));
}

/** Every I/O call is returned as it is (`return pd.read_csv(path)`): a thin read wrapper whose caller is the stage. */
export function isThinReader(ios: readonly CallFact[], py: PythonFacts): boolean {
  const returns = py.statements.filter((s) => s.kind === 'return');
  return ios.length > 0 && ios.every((call) => call.fn !== null && returns.some((r) => r.fn === call.fn && r.start <= call.start && call.end <= r.end));
}

/** The module's I/O only reads: its library calls read, and no helper from elsewhere writes by its name. */
export function onlyReads(py: PythonFacts, ios: readonly CallFact[]): boolean {
  return ios.every((call) => readsOnly(call, py)) && !py.calls.some((call) => isWritingHelper(call, py));
}

/**
 * Every write of the module writes a source file (a generated DAG module, an SQL script): a code
 * generator, which produces code for a pipeline rather than moving its data.
 */
export function generatesCodeOnly(py: PythonFacts, ios: readonly CallFact[]): boolean {
  const writes = ios.filter((call) => !readsOnly(call, py));
  return writes.length > 0 && writes.every((call) => {
    const io = ioOf(call, py);
    if (io?.kind !== 'file-write') return false;
    // open(path, "w") names its file first.
    const target = io.target ?? call.args.find((arg) => arg.kind === 'positional');
    const path = target && py.stringsIn(target.start, target.end)[0];
    return path !== undefined && path !== null && SOURCE_FILE.test(path.value.trim());
  });
}

/** Statements that define where data will live, not data: `CREATE SCHEMA/TABLE … IF NOT EXISTS`, `ALTER`, `COMMENT`, `GRANT`. */
const SCHEMA_STATEMENTS: ReadonlySet<string> = new Set(['create', 'alter', 'comment', 'grant']);

/**
 * Every I/O of the module is a schema statement (a notebook of `CREATE SCHEMA IF NOT EXISTS`
 * cells, a table-definition script): set-up run once, which reads and writes no rows.
 */
export function definesSchemaOnly(py: PythonFacts, ios: readonly CallFact[]): boolean {
  return ios.length > 0 && ios.every((call) => {
    const sql = sqlCallOf(call, py);
    const value = sql?.arg.string?.value;
    if (!value) return false;
    const kind = statementKind(value);
    // `CREATE TABLE … AS SELECT` moves rows: a stage.
    return kind !== null && SCHEMA_STATEMENTS.has(kind) && !/\bas\s+(select|with)\b/i.test(value);
  });
}

/** The module holds the project's configuration (`settings.py`, `config.py`): it reads and saves its own settings. */
export function isConfigurationModule(path: string): boolean {
  return CONFIGURATION_MODULE.test(path.replace(/\\/g, '/'));
}

/**
 * Illustrative code, not a stage: a call given `...` for its arguments (a documentation snippet),
 * or a pipeline skeleton whose orchestrated units include stubs (a body of only `pass` or `...`).
 */
export function isSkeleton(py: PythonFacts, text: SourceText): boolean {
  if (py.calls.some((call) => call.args.some((arg) => arg.nodeType === 'ellipsis'))) return true;
  const callables = pythonCallables(py, text);
  return py.functions.some((fn) => isOrchestratedUnit(fn, py, callables) && STUB_BODY.test(bodyWithoutDocstring(fn, text)));
}

function bodyWithoutDocstring(fn: FunctionFact, text: SourceText): string {
  const body = text.slice(fn.bodyStart, fn.bodyEnd).trim();
  if (!fn.hasDocstring) return body;
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  const close = body.indexOf(quote, quote.length);
  return close < 0 ? body : body.slice(close + quote.length).trim();
}
