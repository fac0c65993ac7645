// What one Python module contributes to the project's call graph and its retries: the names each
// function refers to (callees and functions handed on, nested functions folded into their
// top-level function or method; registries such as `{"db": DbExtractor}`), what its imports
// bind, whether it builds a web app, which of its functions are tasks, its retry entry points
// (retry-entries.ts) and where it starts code with or without keeping what it prints (print-entries.ts).

import type { DocumentFacts } from '../document';
import { DYNAMIC_CODE_LOADERS, isStepDecorator, WEB_APP_FACTORIES } from '../knowledge';
import type { PythonFacts } from '../python/python-facts';
import type { CallFact } from '../python/facts';
import { ModuleIndex } from './modules';
import { notebookRunTargets } from '../notebook/run-magic';
import { printEntries, type PrintEntries } from './print-entries';
import { pythonDeployments, type PythonDeployments } from './deployments';
import { functionsReturningFailures } from './caught-failures';
import { chaliceAsyncHandlers } from './chalice-events';
import { calleeName, MODULE_CODE, qualifiedName, retryEntries, retrySettings, type RetryEntry } from './retry-entries';

export { MODULE_CODE, qualifiedName, type RetryEntry } from './retry-entries';

export interface ModuleSummary {
  /** Top-level functions and methods (`load`, `Loader.load`) → the names their bodies refer to. */
  functions: Map<string, string[]>;
  /** Class → the qualified names of its methods. */
  classes: Map<string, string[]>;
  /** Module-level variables holding functions or classes (`EXTRACTORS = {"db": DbExtractor}`) → the names they hold. */
  variables: Map<string, string[]>;
  /** Names the module's own top-level code refers to. */
  moduleRefs: string[];
  /** Local name → the name its import binds, to resolve (`fetch` → `etl.tasks.fetch`, `.db.connect`). */
  imports: Map<string, string>;
  entries: RetryEntry[];
  /** Module-level names (dict constants, functions building one) that set a non-zero `retries`. */
  retryValues: Map<string, number>;
  /** Module-level names that may take their retries from other names (`ARGS = {**BASE}`, `return get_base_args()`). */
  retryRefs: Map<string, string[]>;
  /** The module builds a web application object (`Flask(__name__)`, `FastAPI()`). */
  webApp: boolean;
  /** Where the module starts code (orchestrator units, its `__main__` block) and whether prints there are run logs. */
  prints: PrintEntries;
  /** Top-level functions that a DAG or flow calling them runs as steps (`@task`, Prefect `@flow`). */
  tasks: string[];
  /** Notebooks it runs with `%run` into its own namespace, as written (`./helper`; code-refs.ts resolves them). */
  runs: string[];
  /** Every module it imports, anywhere in it (star and function-level imports too), as a name to resolve (`etl.db`, `.helpers.load`). */
  importedModules: string[];
  /** The Prefect flows it deploys or serves (deployments.ts). */
  deployments: PythonDeployments;
  /**
   * Project code the module names as data, to run or load it: script paths (`"etl/v2024/load.py"`,
   * also inside a command) and, in a module that loads or runs code by a computed name
   * (`importlib.import_module(name)`, `runpy`, a subprocess), dotted module names
   * (`"jobs.person"`). An f-string's interpolations are written `*` (`"survey.v*.load"`).
   */
  namedCode: string[];
  /** Top-level functions that return every failure as a value (caught-failures.ts): a retry of their failed runs never fires. */
  returnsFailures: string[];
  /** Functions a platform invokes asynchronously and retries, declared in the code (Chalice event handlers). */
  asyncHandlers: string[];
  /**
   * Per function (qualified name, `<module>` for top-level code): the callees it calls only as a
   * statement of their own, dropping the result (`get_data(**kwargs)`, not `ok = get_data()`).
   */
  discardedResults: Map<string, string[]>;
  /**
   * Workspace notebook paths it writes as strings (`"/Workspace/course/02_week/06_ingest"`), as a
   * job it creates through an SDK names the notebooks its tasks run (run-mode.ts: such a course
   * notebook is a job's task, not a lesson run by hand).
   */
  notebookPaths: string[];
  /** A fingerprint of all of the above: equal keys, equal summaries. */
  key: string;
}

const STAR_IMPORT = /^[ \t]*from[ \t]+(\.+[\w.]*|\w[\w.]*)[ \t]+import[ \t]+\*/gm;

/** The call is a statement of its own (`load(rows)`, `await load(rows)`): its result is dropped. */
function dropsResult(call: CallFact, text: string): boolean {
  const lineStart = text.lastIndexOf('\n', call.start - 1) + 1;
  if (!/^[ \t]*(await[ \t]+)?$/.test(text.slice(lineStart, call.start))) return false;
  const lineEnd = text.indexOf('\n', call.end);
  return /^[ \t]*(#.*)?\r?$/.test(text.slice(call.end, lineEnd < 0 ? text.length : lineEnd));
}

export function summarizeModule(doc: DocumentFacts): ModuleSummary | null {
  const py = doc.python;
  if (!py) return null;
  const text = doc.text;
  const imports = new Map<string, string>();
  for (const imp of py.imports) {
    if (imp.local === '*' || imports.has(imp.local)) continue;
    imports.set(imp.local, imp.isFrom ? ModuleIndex.importedName(imp) : imp.target);
  }
  const functions = new Map<string, string[]>();
  const classes = new Map<string, string[]>();
  const locals = new Set<string>();
  for (const fn of py.functions) {
    if (fn.parent) continue;
    const name = qualifiedName(fn);
    if (!functions.has(name)) functions.set(name, []);
    if (fn.className) {
      const methods = classes.get(fn.className);
      if (methods) methods.push(name);
      else classes.set(fn.className, [name]);
    } else locals.add(fn.name);
  }
  for (const cls of py.classes) {
    locals.add(cls.name);
    if (!classes.has(cls.name)) classes.set(cls.name, []);
  }
  const definedOrImported = (name: string) => locals.has(name) || imports.has(name);
  // Registries: `EXTRACTORS = {"db": DbExtractor}` at module level, or as a class attribute.
  const variables = new Map<string, string[]>();
  const classAttributeRefs = new Map<string, Set<string>>();
  for (const a of py.assignments) {
    if (a.fn !== null || !/^[A-Za-z_]\w*$/.test(a.target)) continue;
    const names = [...new Set([...text.slice(a.valueStart, a.valueEnd).matchAll(/\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g)].map((m) => m[0]).filter((n) => definedOrImported(n.split('.')[0])))];
    if (names.length === 0) continue;
    if (a.className === null) variables.set(a.target, [...(variables.get(a.target) ?? []), ...names]);
    else {
      let refs = classAttributeRefs.get(a.className);
      if (!refs) classAttributeRefs.set(a.className, (refs = new Set()));
      for (const n of names) refs.add(n);
    }
  }
  // A notebook that `%run`s others uses what they define without importing it: any name may be theirs.
  const runs = notebookRunTargets(doc);
  const known = (ref: string) => {
    const head = /^[A-Za-z_]\w*/.exec(ref)?.[0];
    return head !== undefined && (definedOrImported(head) || variables.has(head) || runs.length > 0);
  };
  const refsByOwner = new Map<string, Set<string>>();
  const addRef = (owner: string, ref: string) => {
    if (!known(ref)) return;
    let refs = refsByOwner.get(owner);
    if (!refs) refsByOwner.set(owner, (refs = new Set()));
    refs.add(ref);
  };
  const resultUse = new Map<string, Map<string, boolean>>();
  for (const call of py.calls) {
    const owner = qualifiedName(call.fn);
    const callee = calleeName(call.callee);
    if (callee) {
      addRef(owner, callee);
      let uses = resultUse.get(owner);
      if (!uses) resultUse.set(owner, (uses = new Map()));
      uses.set(callee, (uses.get(callee) ?? true) && dropsResult(call, text));
    }
    for (const arg of call.args) if (arg.nodeType === 'identifier' || arg.nodeType === 'attribute') addRef(owner, text.slice(arg.start, arg.end));
  }
  // A method reads its class's attributes through `self.`: reaching the class reaches what they name.
  for (const [cls, refs] of classAttributeRefs) for (const method of classes.get(cls) ?? []) for (const ref of refs) addRef(method, ref);
  // A registry read through a subscript or a method (`EXTRACTORS[kind]`, `EXTRACTORS.get(kind)`).
  for (const fn of py.functions) {
    const owner = qualifiedName(fn);
    for (const a of py.ownFacts(fn).assignments) {
      for (const m of text.slice(a.valueStart, a.valueEnd).matchAll(/\b([A-Za-z_]\w*)\s*[[.]/g)) if (variables.has(m[1])) addRef(owner, m[1]);
    }
  }
  for (const name of functions.keys()) functions.set(name, [...(refsByOwner.get(name) ?? [])].sort());
  const moduleRefs = [...(refsByOwner.get(MODULE_CODE) ?? [])].sort();

  const entries = retryEntries(doc, py);
  const { values: retryValues, refs: retryRefs } = retrySettings(py, text, locals, imports);
  const webApp = py.calls.some((call) => WEB_APP_FACTORIES.includes(py.resolveCall(call)));
  const prints = printEntries(doc, py);
  const tasks = py.functions.filter((fn) => !fn.parent && !fn.className && fn.decorators.some((d) => isStepDecorator(py.resolveName(d.split('(')[0].trim())))).map((fn) => fn.name);
  const deployments = pythonDeployments(py, text);
  // The import facts leave out star imports (`from etl.load import *`): those are read from the text.
  const stars = text.includes('*') ? [...text.matchAll(STAR_IMPORT)].map((m) => m[1]) : [];
  const importedModules = [...new Set([...py.imports.map((imp) => (imp.isFrom ? ModuleIndex.importedName(imp) : imp.module)), ...stars])].sort();
  const namedCode = namedCodeOf(py);
  const returnsFailures = functionsReturningFailures(py);
  const discardedResults = new Map<string, string[]>();
  for (const [owner, uses] of resultUse) {
    const dropped = [...uses].filter(([callee, drops]) => drops && refsByOwner.get(owner)?.has(callee)).map(([callee]) => callee).sort();
    if (dropped.length > 0) discardedResults.set(owner, dropped);
  }
  const notebookPaths = notebookPathsOf(py);
  const asyncHandlers = chaliceAsyncHandlers(py);
  const summary = { functions, classes, variables, moduleRefs, imports, entries, retryValues, retryRefs, webApp, prints, tasks, runs, importedModules, deployments, namedCode, returnsFailures, discardedResults, asyncHandlers, notebookPaths, key: '' };
  summary.key = JSON.stringify([[...functions], [...classes], [...variables], moduleRefs, [...imports], entries, [...retryValues], [...retryRefs], webApp, prints.entries, [...prints.settings], tasks, runs, importedModules, deployments, namedCode, returnsFailures, [...discardedResults], asyncHandlers, notebookPaths]);
  return summary;
}

const SCRIPT_PATH = /[^\s'"=,;()]+\.py\b/g;
const DOTTED_NAME = /^[A-Za-z_*][\w*]*(?:\.[A-Za-z_*][\w*]*)+$/;

/** An absolute workspace path of at least two folders and a notebook name, without spaces or a data file's extension. */
const WORKSPACE_NOTEBOOK_PATH = /^\/(?:[\w.-]+\/){2,}[\w-]+(\.(py|ipynb))?$/;

function notebookPathsOf(py: PythonFacts): string[] {
  const out = new Set<string>();
  for (const str of py.strings) if (!str.isDocstring && !str.isBytes && WORKSPACE_NOTEBOOK_PATH.test(str.value)) out.add(str.value);
  return [...out].sort();
}

function namedCodeOf(py: PythonFacts): string[] {
  const loadsByName = py.calls.some((call) => DYNAMIC_CODE_LOADERS.includes(py.resolveCall(call)));
  const out = new Set<string>();
  for (const str of py.strings) {
    if (str.isDocstring || str.isBytes || str.value.length > 500) continue;
    const value = str.value.replace(/\u0000/g, '*');
    if (value.includes('.py')) for (const m of value.matchAll(SCRIPT_PATH)) out.add(m[0].replace(/\\/g, '/'));
    else if (loadsByName && DOTTED_NAME.test(value.trim()) && !/^\*?(\.\*)*$/.test(value.trim())) out.add(value.trim());
  }
  return [...out].sort();
}
