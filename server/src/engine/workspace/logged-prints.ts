// Which functions of the project print into run logs: code reachable from where the project's
// pipelines start (print-entries.ts) through the calls of its own modules, each start telling
// whether prints are kept as that run's log there (an Airflow task, a Dagster op, a Lambda
// handler, a Prefect flow with `log_prints=True`) or go to a console (a script's `__main__` block,
// a Prefect flow without it). A Prefect flow or task that sets `log_prints` itself decides for the code it runs, whoever
// calls it. A function's prints are run logs when a start that reaches it logs them: shared code
// prints into the runs of the flows that keep prints, and a flow that does not is reported where
// it prints itself. The same walk tells which modules no pipeline of the project runs at all.

import type { ModuleIndex } from './modules';
import type { ModuleSummary } from './module-summary';
import { nodeId, refsOf, resolveRef, type CodeNode } from './code-refs';
import { MODULE_CODE } from './module-summary';

const LOGGED = 1;
const CONSOLE = 2;
/** A start runs the function itself (a DAG task's callable, a flow), not through other code. */
const STARTED = 4;
/** Loaded only: code a start imports (directly or through the modules it imports) but never calls. */
const IMPORTED = 8;
const IMPORTED_ONLY = '<imported>';

export interface PrintReach {
  /** File → qualified name → how the starts that reach it keep its prints (LOGGED | CONSOLE | STARTED bits). */
  files: Map<string, Map<string, number>>;
  /** The project has starts (without any, no module can be said to be run or not). */
  hasStarts: boolean;
}

export const NO_REACH: PrintReach = { files: new Map(), hasStarts: false };

/** What, besides the modules' own starts, decides what the project runs. */
export interface ProjectStarts {
  /** Files a pipeline step runs by path (a BashOperator's `python etl/load.py`, a config step's script): their top-level code runs, and what it calls. */
  scripts?: Iterable<string>;
  /** Of those, the ones whose runner keeps what they print as the step's log (an Airflow task, a Databricks job, a Lambda function). */
  loggedScripts?: ReadonlySet<string>;
  /**
   * The flows the project's deployments name (deployments.ts), or null when it declares none.
   * When it declares some, a Prefect flow no deployment names is no start.
   */
  deployed?: readonly CodeNode[] | null;
  /** Files whose own starts (a `__main__` block, a notebook, a handler) are not the pipelines' (CI tooling, run-mode.ts). */
  notStarted?: ReadonlySet<string>;
  /** When given, only these files' own starts count (the reach of what CI runs); deployments and `log_prints` settings are not read. */
  onlyStarted?: ReadonlySet<string>;
  /** `__main__` blocks are no starts (a project that deploys Lambda functions runs them by hand; run-mode.ts). */
  withoutMainBlocks?: boolean;
}

export function computePrintReach(summaries: ReadonlyMap<string, ModuleSummary>, index: ModuleIndex, starts: ProjectStarts = {}): PrintReach {
  const reach = new Map<string, Map<string, number>>();
  let hasStarts = false;
  const queue: Array<CodeNode & { bit: number }> = [];
  const visit = (node: CodeNode, inherited: number, started: boolean) => {
    const own = summaries.get(node.file)?.prints.settings.get(node.name);
    const bit = own === undefined ? inherited : own ? LOGGED : CONSOLE;
    let names = reach.get(node.file);
    if (!names) reach.set(node.file, (names = new Map()));
    const known = names.get(node.name) ?? 0;
    names.set(node.name, known | bit | (started ? STARTED : 0));
    if (known & bit) return;
    queue.push({ ...node, bit });
  };
  const deployed = starts.deployed && starts.deployed.length > 0 ? new Set(starts.deployed.map(nodeId)) : null;
  const own = (file: string) => !starts.notStarted?.has(file) && (!starts.onlyStarted || starts.onlyStarted.has(file));
  for (const [file, summary] of summaries) {
    if (!own(file)) continue;
    let runAsScript = false;
    for (const entry of summary.prints.entries) {
      if (entry.kind === 'main' && starts.withoutMainBlocks) continue;
      // A `__main__` block stays a start when the project declares deployments: measured on the
      // ecosystem corpus, flows run by a batch file or by hand from their main block are real
      // pipeline code as often as drafts are (docs/ecosystem.md, "Code nothing runs").
      if (entry.kind === 'main') runAsScript = true;
      const nodes = entry.ref === MODULE_CODE ? [{ file, name: MODULE_CODE }] : resolveRef(summaries, index, file, entry.ref, 0);
      for (const node of nodes) {
        if (deployed && entry.kind === 'flow' && !deployed.has(nodeId(node))) continue;
        // A DAG file's own top-level code is a start, but one the project's other code cannot be
        // said to be unrun by: its operators may run what the reach cannot follow (`bash x.sh`).
        if (node.name !== MODULE_CODE) hasStarts = true;
        visit(node, entry.logged ? LOGGED : CONSOLE, true);
      }
    }
    // Running the file runs its top-level code, the `__main__` block included (as above, not a
    // start that makes the rest unrun: `app.run()` under a main guard serves what the reach does
    // not follow).
    if (runAsScript) visit({ file, name: MODULE_CODE }, CONSOLE, true);
    // A task that keeps its prints itself (`@task(log_prints=True)`) does so whoever runs it.
    if (!starts.onlyStarted) for (const [name, logged] of summary.prints.settings) if (logged) visit({ file, name }, LOGGED, false);
  }
  for (const node of starts.onlyStarted ? [] : starts.deployed ?? []) {
    if (!summaries.has(node.file)) continue;
    hasStarts = true;
    visit(node, summaries.get(node.file)!.prints.settings.get(node.name) ? LOGGED : CONSOLE, true);
  }
  for (const file of starts.scripts ?? []) {
    if (!summaries.has(file)) continue;
    hasStarts = true;
    visit({ file, name: MODULE_CODE }, starts.loggedScripts?.has(file) ? LOGGED : CONSOLE, true);
  }
  const named = new Set<string>();
  const files = [...summaries.keys()];
  for (;;) {
    while (queue.length > 0) {
      const { file, name, bit } = queue.pop()!;
      for (const ref of refsOf(summaries.get(file)!, name)) for (const node of resolveRef(summaries, index, file, ref, 0)) visit(node, bit, false);
    }
    // What the reached modules import is loaded with them: code there may run in ways the call graph
    // does not follow (a star import, an inherited method, a callback), so it is not "unrun".
    const loaded = [...reach.keys()];
    for (let i = 0; i < loaded.length; i++) {
      const summary = summaries.get(loaded[i]);
      for (const name of summary?.importedModules ?? []) {
        const target = index.resolve(loaded[i], name)?.file;
        if (!target || reach.has(target)) continue;
        reach.set(target, new Map([[IMPORTED_ONLY, IMPORTED]]));
        loaded.push(target);
      }
    }
    // Code a reached module runs or loads by name (a runner importing `"jobs.person"` by a computed
    // name, a script run by its path): started, its top-level code and every function (the runner
    // calls one the call graph cannot name).
    for (const file of loaded) {
      const written = summaries.get(file)?.namedCode ?? [];
      if (written.length === 0) continue;
      // A DAG file's `BashOperator(bash_command="python " + script)` runs it in a task that keeps its output.
      const bit = [...(reach.get(file)?.values() ?? [])].some((bits) => (bits & LOGGED) !== 0) ? LOGGED : CONSOLE;
      for (const name of written) {
        for (const target of namedFiles(name, files)) {
          if (named.has(target) || target === file) continue;
          named.add(target);
          visit({ file: target, name: MODULE_CODE }, bit, true);
          for (const fn of summaries.get(target)!.functions.keys()) if (!fn.includes('.')) visit({ file: target, name: fn }, bit, true);
        }
      }
    }
    if (queue.length === 0) break;
  }
  return { files: reach, hasStarts };
}

/**
 * The project modules a written name stands for: a script path (`C:\\etl\\v2024\\load.py`,
 * `etl/load.py`) by its longest trailing folders some file has, a dotted module name
 * (`jobs.person`, `jobs.person.run`) as the end of a module's path; `*` matches within one part.
 */
export function namedFiles(written: string, files: readonly string[]): string[] {
  const isPath = written.endsWith('.py');
  const parts = (isPath ? written.slice(0, -3).split('/') : written.split('.')).filter((p) => p && p !== '.' && p !== '..');
  if (parts.length === 0 || parts.every((p) => p === '*')) return [];
  const match = (segments: string[]) => {
    if (segments.length === 0 || segments.every((p) => p === '*')) return [];
    const pattern = new RegExp(`[\\\\/]${segments.map((p) => p.split('*').map(escapeRegExp).join('[^\\\\/]*')).join('[\\\\/]')}(\\.py|[\\\\/]__init__\\.py)$`);
    return files.filter((f) => pattern.test(f));
  };
  if (!isPath) {
    const module = match(parts);
    return module.length > 0 ? module : parts.length > 2 ? match(parts.slice(0, -1)) : [];
  }
  for (let k = parts.length; k >= 1; k--) {
    const found = match(parts.slice(parts.length - k));
    if (found.length > 0) return found;
  }
  return [];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A start that reaches the function keeps its prints as run logs. */
export function printsLogged(reach: PrintReach, file: string, name: string): boolean {
  return ((reach.files.get(file)?.get(name) ?? 0) & LOGGED) !== 0;
}

/**
 * How the project's pipelines run a file's code: `started` when a start runs one of its functions
 * itself (a DAG task's callable, a flow, a name its own `__main__` block calls) or the project has
 * no starts at all (then nothing can be said), `called` when they reach it only through other
 * code (a helper), `imported` when a module they reach imports it but no call they make is seen
 * reaching it, `unrun` when none does.
 */
export type PipelineRole = 'started' | 'called' | 'imported' | 'unrun';

export function pipelineRole(reach: PrintReach, file: string): PipelineRole {
  if (!reach.hasStarts) return 'started';
  const names = reach.files.get(file);
  if (!names) return 'unrun';
  const bits = [...names.values()];
  if (bits.some((b) => (b & STARTED) !== 0)) return 'started';
  return bits.some((b) => (b & (LOGGED | CONSOLE)) !== 0) ? 'called' : 'imported';
}

/** Some start runs or calls code of the file (not only imports it), whether or not the project's other code can be said to be unrun. */
export function reachedByCalls(reach: PrintReach, file: string): boolean {
  for (const bits of reach.files.get(file)?.values() ?? []) if ((bits & (LOGGED | CONSOLE | STARTED)) !== 0) return true;
  return false;
}

/** What printsLogged answers for a file, as a short key. */
export function printReachKey(reach: PrintReach, file: string): string {
  const names = reach.files.get(file);
  const started = reach.hasStarts ? 'started' : '';
  return names ? `${started}|${[...names].map(([name, bits]) => `${name}:${bits}`).sort().join(';')}` : started;
}
