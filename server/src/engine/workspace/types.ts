// The workspace model's vocabulary: pipelines (from pipeline YAML or Airflow DAG files), their
// steps, the stages (scripts) steps run, and the artifacts (files, tables) stages read and write.
// Offsets are UTF-16 offsets into the file named by the enclosing object's `path`.

import type { Fix, TextEdit } from '../types';
import type { StepArguments } from './step-arguments';

export interface SourceRange {
  start: number;
  end: number;
}

export interface ScheduleFact extends SourceRange {
  /** The schedule as written: a cron expression, a preset (`@daily`), or a timedelta description. */
  value: string;
  kind: 'cron' | 'preset' | 'timedelta' | 'none' | 'other';
}

export interface StepFact {
  name: string;
  /** Range of the step's name (YAML `name:` value, Airflow task_id literal or variable). */
  nameRange: SourceRange;
  /** Range of the whole step (YAML sequence item, Airflow operator call) for findings about the step. */
  range: SourceRange;
  /** The script/file/module as written (`extract.py`, `etl.extract`), or null. */
  target: string | null;
  targetRange: SourceRange | null;
  /** Absolute path of the script the step runs when it can be resolved (it may not exist). */
  scriptPath: string | null;
  /**
   * A notebook the step runs (Papermill, a Databricks `notebook_task`, a `notebook:` step), as
   * written: the workspace model resolves it against the project's files (`notebook-refs.ts`)
   * and, when one notebook matches, sets `scriptPath` to it.
   */
  notebook?: NotebookRef;
  /**
   * The name of a Databricks job the step triggers (`DatabricksRunNowOperator(job_name=…)`): the
   * workspace model ties it to the job the repository defines (a bundle job of that name or
   * resource key) and, when that job runs one notebook, to that notebook (`scriptPath`).
   */
  jobName?: string;
  /**
   * Python callable run by the step, as the config or orchestrator file names it (Airflow
   * `python_callable`, the function of `functools.partial(fn, …)`, a @task function), if any.
   */
  callable: string | null;
  /** What the step passes the callable (op_args/op_kwargs, partial's bound arguments, a task call's arguments), as far as literals tell. */
  arguments: StepArguments;
  /** Retries set on the step itself; null when not set. */
  retries: number | null;
  /** Names of steps that must run before this one (explicit depends_on / `>>`), in declaration order otherwise. */
  upstream: string[];
  /** Artifacts the config declares (optional `inputs:`/`outputs:` keys). */
  declaredInputs: string[];
  declaredOutputs: string[];
}

export interface NotebookRef {
  /** The path as the config or DAG writes it (`notebooks/etl.ipynb`, `/Repos/team/etl`, `../src/etl`). */
  written: string;
  /** The folder a relative path is relative to (the config's or DAG's, absolute or root-relative). */
  dir: string;
}

export interface PipelineFact {
  /** The config file (pipeline.yaml or the DAG .py). */
  path: string;
  kind: 'yaml' | 'airflow' | 'prefect';
  name: string;
  nameRange: SourceRange | null;
  schedule: ScheduleFact | null;
  /** Retries that apply to every step unless the step overrides them (YAML defaults / Airflow default_args); null when unset. */
  defaultRetries: number | null;
  defaultRetriesRange: SourceRange | null;
  /** Airflow only. */
  startDate: { text: string; range: SourceRange; deterministic: boolean } | null;
  /** Airflow only: whether `catchup=` is passed explicitly. */
  catchupSet: boolean | null;
  /** Range to attach project-level findings to (the `steps:` key, the DAG(...) call). */
  anchor: SourceRange;
  steps: StepFact[];
  /**
   * Calls in the DAG or flow body of functions imported from other modules: steps when what they
   * call is a task (`@task` in the module that defines it), which only the workspace model can tell.
   */
  candidateSteps: StepFact[];
  /** A Databricks asset-bundle job: its key under `resources: jobs:` (its `name` may differ). */
  jobKey?: string;
}

export type ArtifactKind = 'file' | 'table';

export interface ArtifactRef extends SourceRange {
  kind: ArtifactKind;
  /** Normalised identity: absolute-ish file path (`/tmp/sales_extract.csv`) or lower-cased table name. */
  name: string;
  /** The path is run-scoped (tempfile, run id or execution date in it), so concurrent runs cannot collide. */
  runScoped: boolean;
}

export interface StageFacts {
  /** The script's absolute path. */
  path: string;
  reads: ArtifactRef[];
  writes: ArtifactRef[];
  /** Ranges of validation between reading and writing (assert, raise on checks, pandera/great_expectations/pydantic). */
  validations: SourceRange[];
  /** Names of artifacts the stage removes (os.remove/unlink/shutil.rmtree on a known path). */
  removes: string[];
  /** Written artifacts with an explicit schema (dtype=, schema=, LoadJobConfig(schema=...), CREATE TABLE with columns). */
  schemaDeclaredFor: string[];
  hasModuleDocstring: boolean;
  /** Top-level functions without a docstring (name + range of the name). */
  undocumentedFunctions: Array<{ name: string } & SourceRange>;
  /** Modules this file imports (dotted), for the test-coverage check. */
  importedModules: string[];
}

/** What workspace rules read: the current pipelines and stages of the workspace. */
export interface WorkspaceView {
  /** The workspace (or project) folder; paths below are absolute. */
  readonly root: string;
  pipelines(): readonly PipelineFact[];
  /** Facts of a Python stage script, when the workspace holds it. */
  stage(path: string): StageFacts | undefined;
  /** Every file path the workspace model knows (analysed or only listed). */
  files(): readonly string[];
  fileExists(path: string): boolean;
}

/** Edits to one file of the workspace (absolute path). */
export interface FileEdits {
  path: string;
  edits: TextEdit[];
}

/**
 * A fix of a workspace finding may change other files than the finding's: `edits` apply to the
 * finding's file (as for every Fix), `fileEdits` to the files they name. Clients that do not know
 * `fileEdits` see only `edits` (possibly empty), never edits applied to the wrong file.
 */
export interface WorkspaceFix extends Fix {
  fileEdits?: FileEdits[];
}
