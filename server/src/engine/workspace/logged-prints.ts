// Which functions of the project print into run logs: code reachable from where the project's
// pipelines start (print-entries.ts) through the calls of its own modules, each start telling
// whether prints are kept as run-log records there (an Airflow task, a Prefect flow with
// `log_prints=True`) or go to a console (a script's `__main__` block, a flow without it, a Dagster
// op). A Prefect flow or task that sets `log_prints` itself decides for the code it runs, whoever
// calls it. A function's prints are run logs when a start that reaches it logs them: shared code
// prints into the runs of the flows that keep prints, and a flow that does not is reported where
// it prints itself. The same walk tells which modules no pipeline of the project runs at all.

import type { ModuleIndex } from './modules';
import type { ModuleSummary } from './module-summary';
import { resolveRef, type CodeNode } from './code-refs';

const LOGGED = 1;
const CONSOLE = 2;
/** A start runs the function itself (a DAG task's callable, a flow), not through other code. */
const STARTED = 4;

export interface PrintReach {
  /** File → qualified name → how the starts that reach it keep its prints (LOGGED | CONSOLE | STARTED bits). */
  files: Map<string, Map<string, number>>;
  /** The project has starts (without any, no module can be said to be run or not). */
  hasStarts: boolean;
}

export const NO_REACH: PrintReach = { files: new Map(), hasStarts: false };

export function computePrintReach(summaries: ReadonlyMap<string, ModuleSummary>, index: ModuleIndex): PrintReach {
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
  for (const [file, summary] of summaries) {
    for (const entry of summary.prints.entries) {
      for (const node of resolveRef(summaries, index, file, entry.ref, 0)) {
        hasStarts = true;
        visit(node, entry.logged ? LOGGED : CONSOLE, true);
      }
    }
    // A task that keeps its prints itself (`@task(log_prints=True)`) does so whoever runs it.
    for (const [name, logged] of summary.prints.settings) if (logged) visit({ file, name }, LOGGED, false);
  }
  while (queue.length > 0) {
    const { file, name, bit } = queue.pop()!;
    for (const ref of summaries.get(file)!.functions.get(name) ?? []) for (const node of resolveRef(summaries, index, file, ref, 0)) visit(node, bit, false);
  }
  return { files: reach, hasStarts };
}

/** A start that reaches the function keeps its prints as run logs. */
export function printsLogged(reach: PrintReach, file: string, name: string): boolean {
  return ((reach.files.get(file)?.get(name) ?? 0) & LOGGED) !== 0;
}

/**
 * How the project's pipelines run a file's code: `started` when a start runs one of its functions
 * itself (a DAG task's callable, a flow, a name its own `__main__` block calls) or the project has
 * no starts at all (then nothing can be said), `called` when they reach it only through other
 * code (a helper), `unrun` when none does.
 */
export type PipelineRole = 'started' | 'called' | 'unrun';

export function pipelineRole(reach: PrintReach, file: string): PipelineRole {
  if (!reach.hasStarts) return 'started';
  const names = reach.files.get(file);
  if (!names) return 'unrun';
  return [...names.values()].some((bits) => (bits & STARTED) !== 0) ? 'started' : 'called';
}

/** What printsLogged answers for a file, as a short key. */
export function printReachKey(reach: PrintReach, file: string): string {
  const names = reach.files.get(file);
  const started = reach.hasStarts ? 'started' : '';
  return names ? `${started}|${[...names].map(([name, bits]) => `${name}:${bits}`).sort().join(';')}` : started;
}
