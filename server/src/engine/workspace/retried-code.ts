// Which functions of the project run under a retry that is declared elsewhere: code reachable
// from a retry entry point (an Airflow task with retries, `@task(retries=…)`, a Dagster retry
// policy, a retry decorator, a pipeline step with retries) through the calls of the project's own
// modules. Reaching a class reaches all its methods (`Loader().run()` runs whatever `run` calls on
// `self`). Code reached from several entry points keeps the highest retries. Code that an
// orchestrator task with no retries configured also runs is not retried (one of its runs has no
// retry); the walk from such a task stops at code that retries by itself (`@task(retries=3)`).
// A Lambda handler an asynchronous event source invokes (a schedule, SNS, S3) is retried by AWS,
// twice by default, unless it returns every failure as a value (then no invocation ever fails).
// Likewise a function retried code calls, drops the result of, and that returns every failure as
// a value (`except Exception: return False`): its failures never fail the task, so it and what it
// calls count as not retried. A caller that tests the result (`if not load(): raise`) keeps the retry.

import { ASYNC_LAMBDA_RETRIES } from '../knowledge';
import { refsOf, resolveRef, type CodeNode } from './code-refs';
import type { ModuleIndex } from './modules';
import { MODULE_CODE, type ModuleSummary } from './module-summary';

/** File → qualified name (`load`, `Loader.load`, `<module>`) → retries; 0 for code a task with no retries configured runs. */
export type RetriedCode = Map<string, Map<string, number>>;

export interface PipelineCode {
  /** Code that runs retried. */
  retried: RetriedCode;
  /** Every function some entry point runs (retried or not), by file. */
  reached: Map<string, Set<string>>;
  /** The project runs pipelines through an orchestrator or pipeline config (it has entry points). */
  orchestrated: boolean;
}

const MAX_RESOLVE_DEPTH = 4;


/** A deployed handler module and the name it exposes as the handler, invoked asynchronously. */
export interface AsyncHandlerFile {
  file: string;
  handler: string;
}

export function computeRetriedCode(
  summaries: ReadonlyMap<string, ModuleSummary>,
  index: ModuleIndex,
  scriptRetries: ReadonlyMap<string, number>,
  asyncHandlers: readonly AsyncHandlerFile[] = [],
): PipelineCode {
  const retried: RetriedCode = new Map();
  const reached = new Map<string, Set<string>>();
  const reach = (node: CodeNode) => {
    let names = reached.get(node.file);
    if (!names) reached.set(node.file, (names = new Set()));
    names.add(node.name);
  };
  let orchestrated = scriptRetries.size > 0;
  const queue: Array<CodeNode & { retries: number }> = [];
  const visit = (node: CodeNode, retries: number) => {
    reach(node);
    let names = retried.get(node.file);
    if (!names) retried.set(node.file, (names = new Map()));
    const known = names.get(node.name);
    if (known !== undefined && known >= retries) return;
    names.set(node.name, retries);
    queue.push({ ...node, retries });
  };
  const unretriedSeeds: CodeNode[] = [];
  /** Methods of the project's operator classes that tasks without retries instantiate. */
  const unretriedOperators: CodeNode[] = [];
  /** Functions whose own decorator retries them: the walk from an unretried task stops there. */
  const selfRetrying = new Set<string>();
  /** What a retried entry point names directly (as opposed to code reached through calls). */
  const taskSeeds = new Set<string>();
  for (const [file, summary] of summaries) {
    if (summary.entries.length > 0) orchestrated = true;
    for (const entry of summary.entries) {
      const retries = entry.retries ?? (entry.retriesFrom ? retriesNamed(summaries, index, file, entry.retriesFrom, 0) : null);
      if (retries === null) continue;
      const nodes = resolveRef(summaries, index, file, entry.ref);
      if (retries > 0) for (const node of nodes) {
        visit(node, retries);
        taskSeeds.add(`${node.file}::${node.name}`);
      }
      else if (entry.operator) unretriedOperators.push(...nodes);
      else unretriedSeeds.push(...nodes);
      if (entry.own) for (const node of nodes) selfRetrying.add(`${node.file}::${node.name}`);
    }
  }
  for (const [file, retries] of scriptRetries) {
    const summary = summaries.get(file);
    if (!summary || retries <= 0) continue;
    visit({ file, name: MODULE_CODE }, retries);
    for (const name of summary.functions.keys()) visit({ file, name }, retries);
  }
  // The module of an asynchronously invoked handler runs its top-level code at each cold start and
  // its handler at each invocation; a handler that returns its failures defeats AWS's retry.
  for (const { file, handler } of asyncHandlers) {
    const summary = summaries.get(file);
    if (!summary || summary.returnsFailures.includes(handler)) continue;
    visit({ file, name: MODULE_CODE }, ASYNC_LAMBDA_RETRIES);
    for (const node of resolveRef(summaries, index, file, handler)) visit(node, ASYNC_LAMBDA_RETRIES);
  }
  /** Called from retried code, turning every failure into a value its caller drops: the retry never sees them fail. */
  const failuresHidden: CodeNode[] = [];
  while (queue.length > 0) {
    const { file, name, retries } = queue.pop()!;
    if (retried.get(file)?.get(name) !== retries) continue; // superseded by a higher count
    const summary = summaries.get(file)!;
    const dropped = summary.discardedResults.get(name) ?? [];
    for (const ref of refsOf(summary, name)) {
      for (const node of resolveRef(summaries, index, file, ref)) {
        if (dropped.includes(ref) && summaries.get(node.file)?.returnsFailures.includes(node.name)) failuresHidden.push(node);
        else visit(node, retries);
      }
    }
  }
  // What unretried tasks run, up to code that retries by itself.
  const unretried = new Set<string>();
  // A task or flow that retried code calls (an op of a job with a retry policy, a task of a retried
  // flow) is retried there; one that is itself run as a task elsewhere with retries is not.
  const pending = unretriedSeeds.filter((node) => {
    const id = `${node.file}::${node.name}`;
    return !selfRetrying.has(id) && (taskSeeds.has(id) || !retried.get(node.file)?.has(node.name));
  });
  // An operator class some task retries is the retried task's code: only classes no task retries.
  pending.push(...unretriedOperators.filter((node) => !retried.get(node.file)?.has(node.name)));
  pending.push(...failuresHidden.filter((node) => !retried.get(node.file)?.has(node.name)));
  while (pending.length > 0) {
    const node = pending.pop()!;
    const id = `${node.file}::${node.name}`;
    if (unretried.has(id)) continue;
    unretried.add(id);
    reach(node);
    // 0, not absent: an orchestrator task runs it with no retries configured (PW103 reports
    // operator methods only then; unknown code is left to where the task is declared).
    let names = retried.get(node.file);
    if (!names) retried.set(node.file, (names = new Map()));
    names.set(node.name, 0);
    const summary = summaries.get(node.file)!;
    for (const ref of refsOf(summary, node.name)) for (const next of resolveRef(summaries, index, node.file, ref)) if (!selfRetrying.has(`${next.file}::${next.name}`)) pending.push(next);
  }
  return { retried, reached, orchestrated };
}

/** The retries a shared default_args name sets (`DEFAULT_ARGS`, `get_default_dag_args`), following imports. */
function retriesNamed(summaries: ReadonlyMap<string, ModuleSummary>, index: ModuleIndex, file: string, name: string, depth: number): number | null {
  const summary = summaries.get(file);
  if (!summary || depth > MAX_RESOLVE_DEPTH) return null;
  const value = summary.retryValues.get(name);
  if (value !== undefined) return value;
  for (const ref of summary.retryRefs.get(name) ?? []) {
    const found = retriesNamed(summaries, index, file, ref, depth + 1);
    if (found !== null) return found;
  }
  const parts = name.split('.');
  const imported = summary.imports.get(parts[0]);
  if (!imported) return null;
  const target = index.resolve(file, [imported, ...parts.slice(1)].join('.'));
  if (!target || target.member.length === 0) return null;
  return retriesNamed(summaries, index, target.file, target.member.join('.'), depth + 1);
}
