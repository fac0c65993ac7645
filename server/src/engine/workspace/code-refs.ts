// What a name used in a project module stands for, across the project's own imports: its own
// function, a class's methods, what a module-level registry holds, or what an import brings in
// (followed into the module that defines it). Shared by the retried code (retried-code.ts) and
// the code a pipeline step runs (step-code.ts).

import type { ModuleIndex } from './modules';
import { MODULE_CODE, type ModuleSummary } from './module-summary';

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
  if (!imported) return [];
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
  }
  return out;
}
