// Who runs a file's code, read from the workspace's own text (nothing is executed):
// - `pipeline`: a start of the project's pipelines (a DAG task, a flow, a deployed flow, a job's
//   notebook, a Lambda handler, a script a step runs) reaches it;
// - `ci-tooling`: only code a CI workflow runs on a push, a pull request or a release reaches it
//   (ci-workflows.ts) — release scripts, notebooks that create or reset jobs, open branches and
//   pull requests; no pipeline start calls into it;
// - `hand-run`: it sits in a folder of one-off code (`adhoc/`, `one-off/`, `sandbox/`, `workshop/`, `poc/`, `benchmarks/`)
//   and no pipeline step runs it, or the project deploys Lambda functions from a descriptor and no
//   deployed start reaches it (root-level backfills and maintenance scripts run from their
//   `__main__` blocks), or it is a lesson of a course (a numbered `01_week/`, `week_2/` folder) in
//   a project with no orchestrator, which no step runs and no job the project creates names;
// - `unreached`: the project's starts are known and none reaches it (logged-prints.ts `unrun`);
// - `unknown`: the project has no starts the reach can see, so nothing can be said.
// Operational rules read it through one gate (reach-gate.ts), each for the modes measured to be
// safe for it (docs/ecosystem.md, "Run mode").

import path from 'node:path';
import type { PipelineRole } from './logged-prints';

export type RunMode = 'pipeline' | 'ci-tooling' | 'hand-run' | 'unreached' | 'unknown';

/**
 * Folders of code kept for the record and run by hand once: DoltHub's `adhoc/` ("not designed to be
 * run again"), `one-off/`, `sandbox/`, `workshop/`, and proofs of concept and benchmarks (`poc/`,
 * `prototypes/`, `benchmarks/`: API probes tried once, seen in the tenth holdout), and an analyst's folders (`analysis/`,
 * `analyses/`, `exploration/`, `eda/`, `experiments/`, `playground/`: research queries and local
 * analyses; on tune 5 fp and no tp there). `analytics/` is not one: scheduled scoring jobs live there
 * (tune: 2 tp). Measured on the ecosystem corpus: `examples/` is
 * not among them (a repository of examples judged as pipelines), nor `setup/` (setup scripts that
 * reload warehouse tables are real loads), nor `scripts/` (scheduled scripts live there).
 */
const HAND_RUN_FOLDER = /^(ad[-_]?hoc|one[-_]?offs?|one[-_]?time|sandbox(es)?|workshops?|pocs?|proofs?[-_]of[-_]concepts?|prototypes?|benchmarks?|analysis|analyses|explorations?|eda|experiments?|playground)$/i;

/** The folder of one-off code the file sits in, below the project root, or null. */
export function handRunFolder(root: string, file: string): string | null {
  const folders = foldersBelow(root, file);
  return folders?.find((f) => HAND_RUN_FOLDER.test(f)) ?? null;
}

/** Numbered lesson folders of a course (`01_week/`, `week_2/`, `module3/`, `lesson-4/`, `lab1/`, `homework/`). */
const COURSE_FOLDER = /^(\d+[-_. ]|week[-_ ]?\d|module[-_ ]?\d|lesson|lab[-_ ]?\d|labs?$|exercises?$|homework|hw[-_ ]?\d|chapter[-_ ]?\d|day[-_ ]?\d|session[-_ ]?\d|assignment)/i;

/** The lesson folder of a course layout the file sits in, below the project root, or null. */
export function courseFolder(root: string, file: string): string | null {
  return foldersBelow(root, file)?.find((f) => COURSE_FOLDER.test(f)) ?? null;
}

function foldersBelow(root: string, file: string): string[] | null {
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return relative.split(/[\\/]+/).slice(0, -1);
}

export interface RunModeInputs {
  /** How the pipelines' starts run the file (logged-prints.ts). */
  role: PipelineRole;
  /** The project has starts the reach can see. */
  hasStarts: boolean;
  /** A start of the pipelines (CI-run code not counting) runs or calls code of the file. */
  calledByPipelines: boolean;
  /** A pipeline step runs the file by path, or a deployment names a flow in it. */
  runByStep: boolean;
  /** Code a CI workflow runs calls into the file (or the workflow runs it). */
  ciReached: boolean;
  /** The folder of one-off code holding the file, if any. */
  handRunFolder: string | null;
  /**
   * The project deploys Lambda functions from a descriptor (SAM, CloudFormation, serverless.yml)
   * and none of its deployed starts reaches the file: its own `__main__` block (a backfill, a
   * maintenance or demo script) is run by hand.
   */
  outsideDeployed?: boolean;
  /**
   * The file sits in a numbered lesson folder of a course (courseFolder), the project has no
   * orchestrator start (DAG tasks, flows, assets, deployed flows, Lambda handlers, scripts a step
   * runs; `__main__` blocks and whole-file notebooks not counting), no step runs it and no job the
   * project's code creates names it as a notebook: a lesson run cell by cell or by hand.
   */
  courseLesson?: boolean;
}

export function runModeOf(inputs: RunModeInputs): RunMode {
  if (inputs.runByStep) return 'pipeline';
  if (inputs.handRunFolder) return 'hand-run';
  if (inputs.ciReached && !inputs.calledByPipelines) return 'ci-tooling';
  if (inputs.outsideDeployed) return 'hand-run';
  if (inputs.courseLesson) return 'hand-run';
  if (!inputs.hasStarts) return 'unknown';
  return inputs.role === 'unrun' ? 'unreached' : 'pipeline';
}
