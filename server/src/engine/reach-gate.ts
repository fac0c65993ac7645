// Code no pipeline runs: in a project whose pipelines have starts (DAG tasks, flows, assets,
// deployed flows, Lambda handlers, scripts a step runs, `__main__` blocks), code that only CI
// workflows run on pushes, pull requests or releases (release tooling), one-off code kept in an
// `adhoc/`-like folder, a course's lessons where nothing orchestrates them, or code none of the
// starts reaches — not by a call, an import, nor by name (workspace/logged-prints.ts) — is no
// pipeline stage (workspace/run-mode.ts). Operational rules stay silent there, as in dormant code
// (dormant-code.ts): retries, logging or batching in code no pipeline runs change nothing.
// Security rules still report (a leaked secret is leaked wherever it sits), and so do PW101/PW102.
//
// Which rules are gated in which run mode was measured per rule on the ecosystem corpus
// (docs/ecosystem.md, "Code nothing runs: pipeline reach" and "Run mode"): a rule is gated in a
// mode when the gate removes false positives and loses no true positive that is not explained.

import type { ProjectView, RuleMeta } from './types';
import type { RunMode } from './workspace/run-mode';

const NOT_RUN_BY_PIPELINES: ReadonlySet<RunMode> = new Set(['ci-tooling', 'hand-run']);
const NOR_REACHED: ReadonlySet<RunMode> = new Set(['ci-tooling', 'hand-run', 'unreached']);

// Measured 2026-12-07 (docs/ecosystem.md): gating every operational rule where nothing reaches the
// code removed 122 fp but lost 108 tp; after the new starts, 59 of them are still lost in code whose
// starts the reach cannot see yet (datapackage-pipelines specs, DAG factories reading YAML, per-year
// scripts run by hand, a Discord bot, Streamlit apps…); PW104 and PW304 lose none. CI tooling and
// one-off folders are gated for every operational rule that reports how a stage runs.
const GATED_MODES: ReadonlyMap<string, ReadonlySet<RunMode>> = new Map([
  ['PW104', NOR_REACHED],
  ['PW304', NOR_REACHED],
  ['PW103', NOT_RUN_BY_PIPELINES],
  ['PW204', NOT_RUN_BY_PIPELINES],
  ['PW206', NOT_RUN_BY_PIPELINES],
  ['PW207', NOT_RUN_BY_PIPELINES],
]);

/** The rule stays silent in the file: no pipeline of the project runs it (run-mode.ts). */
export function silentWhereNothingRuns(meta: Pick<RuleMeta, 'id' | 'concern'>, project: ProjectView | undefined, filePath: string): boolean {
  const modes = GATED_MODES.get(meta.id);
  if (meta.concern === 'security' || !modes || !project) return false;
  if (project.runMode) return modes.has(project.runMode(filePath));
  return modes.has('unreached') && project.pipelineRole?.(filePath) === 'unrun';
}
