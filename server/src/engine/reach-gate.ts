// Code nothing runs: in a project whose pipelines have starts (DAG tasks, flows, assets, deployed
// flows, Lambda handlers, scripts a step runs, `__main__` blocks), a module none of them reaches —
// not by a call, an import, nor by name (workspace/logged-prints.ts) — is a draft, a copy, a tool
// that is never run, or a module only its own tests import. Operational rules stay silent there,
// as in dormant code (dormant-code.ts): retries, logging or batching in code no pipeline runs
// change nothing. Security rules still report (a leaked secret is leaked wherever it sits).
//
// Which rules are gated was measured per rule on the ecosystem corpus (docs/ecosystem.md, "Code
// nothing runs: pipeline reach"): a rule is gated when the gate removes false positives and loses
// no true positive that is not explained.

import type { ProjectView, RuleMeta } from './types';

// Measured 2026-12-07 (docs/ecosystem.md): gating every operational rule removed 122 fp but lost
// 108 tp; after the new starts, 59 of them are still lost
// in code whose starts the reach cannot see yet (datapackage-pipelines specs, DAG factories reading
// YAML, per-year scripts run by hand, a Discord bot, Streamlit apps…); PW104 and PW304 lose none.
const GATED_RULES: ReadonlySet<string> = new Set(['PW104', 'PW304']);

/** The rule stays silent in the file: no start of the project's pipelines reaches it. */
export function silentWhereNothingRuns(meta: Pick<RuleMeta, 'id' | 'concern'>, project: ProjectView | undefined, filePath: string): boolean {
  if (meta.concern === 'security' || !GATED_RULES.has(meta.id) || !project?.pipelineRole) return false;
  return project.pipelineRole(filePath) === 'unrun';
}
