// How the project runs a module's code, for rules that ask how a stage reports: whether a
// function's prints (or the module's top-level prints) land in run logs because a start that runs
// it keeps them (an Airflow task, a Databricks job, a Lambda handler, a Prefect flow or task with
// `log_prints=True`: knowledge's PRINTS_KEPT_BY), and how the project's pipelines run the module: started, called as
// a helper, or not at all.
// The workspace model answers across files (ctx.project); a module analysed on its own answers
// from its own flows and `__main__` block, and counts as run.

import type { FunctionFact } from '../../server/src/engine/python/facts';
import type { RuleContext } from '../../server/src/engine/types';
import { computePrintReach, NO_REACH, printsLogged, type PrintReach } from '../../server/src/engine/workspace/logged-prints';
import { ModuleIndex } from '../../server/src/engine/workspace/modules';
import { summarizeModule } from '../../server/src/engine/workspace/module-summary';
import { qualifiedName } from '../../server/src/engine/workspace/retry-entries';

/** Answers whether the prints of a function (its outermost function or method; null: top-level code) are run logs. */
export function printsLoggedIn(ctx: RuleContext): (fn: FunctionFact | null) => boolean {
  const project = ctx.project;
  if (project?.printsLoggedFor) return (fn) => project.printsLoggedFor!(ctx.doc.path, qualifiedName(fn));
  let reach: PrintReach | undefined;
  return (fn) => {
    if (!reach) {
      const summary = summarizeModule(ctx.doc);
      reach = summary ? computePrintReach(new Map([[ctx.doc.path, summary]]), new ModuleIndex([ctx.doc.path])) : NO_REACH;
    }
    return printsLogged(reach, ctx.doc.path, qualifiedName(fn));
  };
}

/**
 * How the project's pipelines run this module: started by one, only called by code they run (a
 * helper), or not run at all. A module analysed without its project counts as started.
 */
export function pipelineRoleOf(ctx: RuleContext): 'started' | 'called' | 'imported' | 'unrun' {
  return ctx.project?.pipelineRole ? ctx.project.pipelineRole(ctx.doc.path) : 'started';
}
