// What a name used in a project module stands for, across the project's own imports: its own
// function, a class's methods, what a module-level registry holds, or what an import brings in
// (followed into the module that defines it). Shared by the retried code (retried-code.ts) and
// the code a pipeline step runs (step-code.ts).

import path from 'node:path';
import type { ModuleIndex } from './modules';
import { MODULE_CODE, type ModuleSummary } from './module-summary';
import { resolveNotebook } from './notebook-refs';

/** A function or method (`load`, `Loader.load`) of a module, or its top-level code (`<module>`). */
export interface CodeNode {
  file: string;
  name: string;
}

const MAX_RESOLVE_DEPTH = 4;

/** The functions `ref` (`fetch_orders`, `tasks.fetch_orders`, `Loader.run`) stands for where `file` uses it. */
export function resolveRef(summaries: ReadonlyMap<string, ModuleSummary>, index: ModuleIndex, file: string, ref: string, depth = 0): CodeNode[] {
  const summary = summaries.get(file);
  if (!summary || depth > MAX_RESOLVE_DEPTH) return [];
  if (summary.functions.has(ref)) return [{ file, name: ref }];
  const parts = ref.split('.');
  const head = parts[0];
  const methods = summary.classes.get(head);
  if (methods) {
    const method = parts.length > 1 ? `${head}.${parts[1]}` : null;
    return (method && summary.functions.has(method) ? [method] : methods).map((name) => ({ file, name }));
  }
  if (summary.functions.has(head)) return [{ file, name: head }];
  const held = summary.variables.get(head);
  if (held) return held.flatMap((name) => (name === head ? [] : resolveRef(summaries, index, file, name, depth + 1)));
  const imported = summary.imports.get(head);
  // Not its own nor imported: a name a notebook it `%run`s defines in their shared namespace.
  if (!imported) return runTargets(summaries, file).flatMap((helper) => resolveRef(summaries, index, helper, ref, depth + 1));
  const target = index.resolve(file, [imported, ...parts.slice(1)].join('.'));
  if (!target || target.member.length === 0 || !summaries.has(target.file)) return [];
  return resolveRef(summaries, index, target.file, target.member.join('.'), depth + 1);
}

/** The names a node's code refers to (its function's, or the module's top-level code's). */
export function refsOf(summary: ModuleSummary, name: string): readonly string[] {
  return name === MODULE_CODE ? summary.moduleRefs : summary.functions.get(name) ?? [];
}

export function nodeId(node: CodeNode): string {
  return `${node.file}::${node.name}`;
}

/**
 * Everything the seeds run within the project: the seeds, then what they call, transitively,
 * through the project's imports (in the order first reached; at most `limit` nodes).
 */
export function reachableCode(summaries: ReadonlyMap<string, ModuleSummary>, index: ModuleIndex, seeds: readonly CodeNode[], limit = 500): CodeNode[] {
  const seen = new Set<string>();
  const out: CodeNode[] = [];
  const queue = [...seeds];
  for (let i = 0; i < queue.length && out.length < limit; i++) {
    const node = queue[i];
    const id = nodeId(node);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(node);
    const summary = summaries.get(node.file);
    if (!summary) continue;
    for (const ref of refsOf(summary, node.name)) queue.push(...resolveRef(summaries, index, node.file, ref));
    // A notebook's top-level code runs the notebooks it `%run`s, top-level code first.
    if (node.name === MODULE_CODE) for (const helper of runTargets(summaries, node.file)) queue.push({ file: helper, name: MODULE_CODE });
  }
  return out;
}

const resolvedRuns = new WeakMap<ReadonlyMap<string, ModuleSummary>, Map<string, string[]>>();

/**
 * The project files a notebook's `%run ./helper` lines name (relative to the notebook, or a
 * Databricks workspace path matched by its trailing segments; `.py` or `.ipynb`), cached per set
 * of summaries (the model builds a new one when any file changes).
 */
export function runTargets(summaries: ReadonlyMap<string, ModuleSummary>, file: string): string[] {
  const runs = summaries.get(file)?.runs;
  if (!runs || runs.length === 0) return [];
  let byFile = resolvedRuns.get(summaries);
  if (!byFile) resolvedRuns.set(summaries, (byFile = new Map()));
  let targets = byFile.get(file);
  if (!targets) {
    const files = new Set(summaries.keys());
    targets = runs.map((written) => resolveNotebook({ written, dir: path.dirname(file) }, files, '/')).filter((t): t is string => t !== null && t !== file);
    byFile.set(file, targets);
  }
  return targets;
}
