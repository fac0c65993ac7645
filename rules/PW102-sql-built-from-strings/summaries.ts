// What one statement tells the others about where values come from: its functions (parameters,
// how they are run, what they return), the calls it makes to functions of the module with what
// each argument is made of, the Airflow operators that run a callable with their op_kwargs, and the
// attributes its methods set (`self.table = …`). Computed from the statement alone, so it is also
// what the statement exports for incremental linting (see Rule.incremental).

import type { ChunkFacts, FunctionFact } from '../../server/src/engine/python/facts';
import { VersionedCache, type PythonFacts } from '../../server/src/engine/python/python-facts';
import { entryKindOf, libraryOfModule, sqlCallOf, type EntryKind } from '../../server/src/engine/knowledge';
import { splitTopLevel, trimRange } from '../support/sql-sources';
import { functionKey, LocalOrigins, type Atom } from './local-origins';
import type { SourceText } from '../../server/src/engine/source-text';

export interface FunctionSummary {
  key: string;
  name: string;
  params: string[];
  entry: EntryKind | null;
  /** Parameters annotated with a type that cannot carry text (`int`, `date`, `datetime`, `bool`…). */
  scalarParams: string[];
  /** Airflow may run it with its task context (`**kwargs`, or the module uses Airflow): `ds`, `params`… are the run's. */
  airflowContext: boolean;
  returns: Atom[];
}

export interface CallSummary {
  /** The function called: `.load` for `load(…)`, `Loader.load` for `self.load(…)` in a Loader method. */
  callee: string;
  positional: Atom[][];
  keywords: Record<string, Atom[]>;
  /** `*args` or `**kwargs` passed: which argument binds which parameter is unknown. */
  splat: boolean;
}

export interface OperatorSummary {
  /** The `python_callable=` function's name. */
  callable: string;
  /** What each `op_kwargs` entry is made of; null when op_kwargs is not a literal dict. */
  kwargs: Record<string, Atom[]> | null;
}

export interface ChunkSummary {
  functions: FunctionSummary[];
  calls: CallSummary[];
  operators: OperatorSummary[];
  /** `self.<name> = …` in a method: what the attribute is set from. */
  attrs: Array<{ cls: string; name: string; atoms: Atom[] }>;
}

const SCALAR_ANNOTATION = /^(int|float|bool|date|datetime|Decimal|UUID|uuid\.UUID|datetime\.date|datetime\.datetime|pd\.Timestamp|Timestamp)\s*(\||=|$)/;
const BARE_NAME = /^[A-Za-z_]\w*$/;

const definitions = new VersionedCache<ChunkFacts, ChunkSummary>();
const scripts = new VersionedCache<ChunkFacts, ChunkSummary>();

/**
 * The statement's summary. A definition's reads only its own statement and name resolution; a
 * module-level statement's may read the module (the script's names), so it is kept per context.
 */
export function summaryOf(chunk: ChunkFacts, py: PythonFacts, text: SourceText): ChunkSummary {
  const cache = chunk.definition ? definitions : scripts;
  const version = chunk.definition ? py.resolutionVersion : py.contextVersion;
  let summary = cache.get(chunk, version);
  if (!summary) cache.set(chunk, version, (summary = summarize(chunk, py, text)));
  return summary;
}

const sqlModules = new WeakMap<PythonFacts, boolean>();
const sqlStatements = new VersionedCache<ChunkFacts, boolean>();

/**
 * Whether the module runs SQL at all: only then do summaries matter to anyone. (A statement whose
 * export was computed before the first SQL call appeared exports it again when it next changes;
 * until then nothing it holds can have changed.) Asked per statement and remembered while names
 * resolve alike, so a keystroke does not gather (and settle) every call of the module.
 */
export function hasSqlCalls(py: PythonFacts): boolean {
  let found = sqlModules.get(py);
  if (found === undefined) sqlModules.set(py, (found = py.rawChunks.some((chunk) => runsSql(chunk, py))));
  return found;
}

function runsSql(chunk: ChunkFacts, py: PythonFacts): boolean {
  if (chunk.calls.length === 0) return false;
  let found = sqlStatements.get(chunk, py.resolutionVersion);
  if (found === undefined) sqlStatements.set(chunk, py.resolutionVersion, (found = py.settled(chunk).calls.some((call) => sqlCallOf(call, py) !== null)));
  return found;
}

/**
 * The summary as the statement's export: equal strings mean nothing another statement reads
 * changed. Others read a call's arguments only when it calls a function of the module (the
 * origins of that function's parameters), so calls to anything else (`len(rows)`, `print(…)`)
 * are left out: typing in their arguments changes nothing another statement reads. Which
 * functions the module defines is read now; a definition that appears or goes changes its own
 * statement's export, and this statement's is then compared afresh when it next changes.
 */
export function exportedSummary(chunk: ChunkFacts, py: PythonFacts, text: SourceText): string {
  if (!exportsBeyondFunctions(chunk, py)) return exportedFunctions(chunk, py, text);
  const summary = summaryOf(chunk, py, text);
  const calls = summary.calls.filter((call) => callsModuleFunction(call.callee, py));
  if (summary.functions.length === 0 && calls.length === 0 && summary.operators.length === 0 && summary.attrs.length === 0) return '';
  return JSON.stringify(calls.length === summary.calls.length ? summary : { ...summary, calls });
}

/** Whether a summary's callee key (`.load`, `Loader.load`) names a function or method defined in the module. */
function callsModuleFunction(callee: string, py: PythonFacts): boolean {
  const dot = callee.lastIndexOf('.');
  const cls = callee.slice(0, dot);
  return py.functionsNamed(callee.slice(dot + 1)).some((fn) => (fn.className ?? '') === cls);
}

/**
 * Whether the statement's export holds more than its functions: a call of a function the module
 * defines, an operator running a callable, or an attribute a method sets. Read from the facts,
 * without working out what any value is made of.
 */
function exportsBeyondFunctions(chunk: ChunkFacts, py: PythonFacts): boolean {
  for (const call of chunk.calls) {
    if (call.args.some((a) => a.kind === 'keyword' && a.name === 'python_callable')) return true;
    const callee = calleeKey(call.callee, call.fn);
    if (!callee || (BARE_NAME.test(call.callee) && py.bindings.has(call.callee))) continue;
    if (callsModuleFunction(callee, py)) return true;
  }
  return chunk.assignments.some((a) => a.fn?.className && /^self\.([A-Za-z_]\w*)$/.test(a.target));
}

/**
 * The export of a statement that calls no function of the module, runs no operator and sets no
 * attribute: its functions' summaries alone, exactly as `exportedSummary` writes them. They are
 * the first thing `summarize` works out, so they come out the same without the calls' origins
 * (which read the function's whole data flow, and which no other statement would read).
 */
function exportedFunctions(chunk: ChunkFacts, py: PythonFacts, text: SourceText): string {
  const functions = functionSummaries(chunk, py, text, new LocalOrigins(py, text));
  if (functions.length === 0) return '';
  return JSON.stringify({ functions, calls: [], operators: [], attrs: [] } satisfies ChunkSummary);
}

function functionSummaries(chunk: ChunkFacts, py: PythonFacts, text: SourceText, local: LocalOrigins): FunctionSummary[] {
  const out: FunctionSummary[] = [];
  const airflow = py.imports.some((i) => libraryOfModule(i.module)?.id === 'airflow-hooks');
  for (const fn of chunk.functions) {
    const returns = py.ownFacts(fn).statements.filter((st) => st.kind === 'return').flatMap((st) => local.expression(st.start + 6, st.end, fn));
    const airflowContext = airflow || /\*\*\s*\w+/.test(text.slice(fn.nameEnd, fn.bodyStart));
    out.push({ key: functionKey(fn), name: fn.name, params: fn.params, entry: entryKindOf(fn, py), scalarParams: scalarParams(fn, text), airflowContext, returns });
  }
  return out;
}

function summarize(chunk: ChunkFacts, py: PythonFacts, text: SourceText): ChunkSummary {
  const local = new LocalOrigins(py, text);
  const summary: ChunkSummary = { functions: functionSummaries(chunk, py, text, local), calls: [], operators: [], attrs: [] };
  for (const call of chunk.calls) {
    const callable = call.args.find((a) => a.kind === 'keyword' && a.name === 'python_callable');
    if (callable) {
      const kwargs = call.args.find((a) => a.kind === 'keyword' && a.name === 'op_kwargs');
      summary.operators.push({ callable: text.slice(callable.start, callable.end), kwargs: kwargs ? dictAtoms(local, text, py, kwargs.start, kwargs.end, call.fn) : {} });
    }
    const callee = calleeKey(call.callee, call.fn);
    if (!callee || (BARE_NAME.test(call.callee) && py.bindings.has(call.callee))) continue;
    const positional: Atom[][] = [];
    const keywords: Record<string, Atom[]> = {};
    let splat = false;
    for (const arg of call.args) {
      if (arg.kind === 'positional') positional.push(local.expression(arg.start, arg.end, call.fn));
      else if (arg.kind === 'keyword' && arg.name) keywords[arg.name] = local.expression(arg.start, arg.end, call.fn);
      else splat = true;
    }
    summary.calls.push({ callee, positional, keywords, splat });
  }
  for (const a of chunk.assignments) {
    const attr = /^self\.([A-Za-z_]\w*)$/.exec(a.target);
    if (!attr || !a.fn?.className) continue;
    summary.attrs.push({ cls: a.fn.className, name: attr[1], atoms: local.expression(a.valueStart, a.valueEnd, a.fn) });
  }
  return summary;
}

/** `load(…)` → `.load`; `self.load(…)` in a method of Loader → `Loader.load`; other calls are not the module's. */
function calleeKey(callee: string, fn: FunctionFact | null): string | null {
  if (BARE_NAME.test(callee)) return `.${callee}`;
  const method = /^(self|cls)\.([A-Za-z_]\w*)$/.exec(callee);
  return method && fn?.className ? `${fn.className}.${method[2]}` : null;
}

/** What each entry of a literal dict (`op_kwargs={"table": t}`) is made of; null for anything else. */
function dictAtoms(local: LocalOrigins, text: SourceText, py: PythonFacts, start: number, end: number, fn: FunctionFact | null): Record<string, Atom[]> | null {
  if (text.charAt(start) !== '{' || text.charAt(end - 1) !== '}') return null;
  const strings = py.stringsIn(start, end);
  const out: Record<string, Atom[]> = {};
  for (const pair of splitTopLevel(text, start + 1, end - 1, ',', strings)) {
    const key = strings.find((s) => s.start === pair.start && !s.isFString);
    const colon = key ? /^\s*:/.exec(text.slice(key.end, pair.end)) : null;
    if (!key || !colon) return null;
    const value = trimRange(text, key.end + colon[0].length, pair.end);
    out[key.value] = local.expression(value.start, value.end, fn);
  }
  return out;
}

/** Parameters annotated with a type that cannot carry text, read from the `def` line. */
function scalarParams(fn: FunctionFact, text: SourceText): string[] {
  const header = text.slice(fn.nameEnd, fn.bodyStart);
  const out: string[] = [];
  for (const param of fn.params) {
    if (!/^[A-Za-z_]\w*$/.test(param)) continue;
    const annotation = new RegExp(`[(,]\\s*${param}\\s*:\\s*([^,)]+)`).exec(header);
    if (annotation && SCALAR_ANNOTATION.test(annotation[1].trim())) out.push(param);
  }
  return out;
}

