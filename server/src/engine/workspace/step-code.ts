// The code a pipeline step runs, across the project's files: the script it names (all of it, or
// the function a config's `callable:` names in it), or the function its callable stands for where
// the DAG or flow names it — followed through the project's imports (packages, relative imports,
// `src/` layouts) to the module that defines it — and what that code calls within the project.
// Also whether a candidate step (a call of an imported function in a DAG or flow body) runs a task.

import { reachableCode, resolveRef, type CodeNode } from './code-refs';
import type { ModuleIndex } from './modules';
import { MODULE_CODE, type ModuleSummary } from './module-summary';
import type { PipelineFact, StepFact } from './types';

export interface StepCode {
  /** The file the step's code starts in (the script, or the module defining the callable). */
  file: string;
  /** The function or method it runs there (`fetch_orders`, `Loader.run`); null when it runs the whole script. */
  name: string | null;
  /** Everything that runs: the entry first, then what it calls within the project, transitively. */
  nodes: CodeNode[];
}

type Summaries = ReadonlyMap<string, ModuleSummary>;

export function stepCode(pipeline: PipelineFact, step: StepFact, summaries: Summaries, index: ModuleIndex): StepCode | null {
  if (step.scriptPath) {
    const summary = summaries.get(step.scriptPath);
    const name = step.callable && summary?.functions.has(step.callable) ? step.callable : null;
    // A whole script: its own code is all of the file; what it calls elsewhere is followed.
    const seeds: CodeNode[] = name ? [{ file: step.scriptPath, name }] : [{ file: step.scriptPath, name: MODULE_CODE }, ...[...(summary?.functions.keys() ?? [])].map((fn) => ({ file: step.scriptPath!, name: fn }))];
    return { file: step.scriptPath, name, nodes: reachableCode(summaries, index, seeds) };
  }
  if (!step.callable || !/^[A-Za-z_][\w.]*$/.test(step.callable)) return null;
  const entries = resolveRef(summaries, index, pipeline.path, step.callable);
  if (entries.length === 0) return null;
  // A class stands for its methods (all run): the step is the class's file, not one function.
  const name = entries.length === 1 ? entries[0].name : null;
  return { file: entries[0].file, name, nodes: reachableCode(summaries, index, entries) };
}

/** Whether a candidate step's callable is a task (or Prefect subflow) in the module that defines it. */
export function runsTask(pipeline: PipelineFact, step: StepFact, summaries: Summaries, index: ModuleIndex): boolean {
  if (!step.callable) return false;
  return resolveRef(summaries, index, pipeline.path, step.callable).some((node) => summaries.get(node.file)?.tasks.includes(node.name));
}
