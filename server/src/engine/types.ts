// The engine's vocabulary. Offsets are UTF-16 code units into the document text (what JavaScript
// strings, web-tree-sitter and LSP positions all use), so no conversion is needed anywhere.

import type { DocumentFacts } from './document';
import type { EffectiveConfig } from './config';
import type { WorkspaceView } from './workspace/types';
import type { RunMode } from './workspace/run-mode';
import type { ChunkFacts } from './python/facts';

export type Priority = 'P1' | 'P2' | 'P3';
export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

/**
 * The dialects the engine analyses; detected from the file name (see `detectDialect`). `pem` is a
 * key file (`*.pem`, `*.key`, `id_rsa`): text that only PW101 reads, for private-key blocks.
 */
export type Dialect = 'python' | 'yaml' | 'ini' | 'dotenv' | 'toml' | 'pem';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** An edit to another file of the workspace, e.g. appending `NAME=` to `.env.example`. */
export interface CompanionEdit {
  /** Path relative to the workspace root. */
  path: string;
  /** A line appended to the file (created when missing); skipped when the file already has it. */
  appendLine: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes are applied by fix-all and `pipewise check --fix`; unsafe ones only on request. */
  safe: boolean;
  preferred?: boolean;
  companions?: CompanionEdit[];
}

export interface RelatedLocation {
  path: string;
  start: number;
  end: number;
  message: string;
}

export interface Finding {
  ruleId: string;
  /** The rule's priority, or a variant's (e.g. PW101's literal fallback default is P2). */
  priority: Priority;
  message: string;
  start: number;
  end: number;
  fixes: Fix[];
  /** Text that identifies the finding across edits for baselines; must never contain a secret. */
  fingerprintText: string;
  related?: RelatedLocation[];
  /** See FindingInput.suppressibleAt. */
  suppressibleAt?: number;
}

export interface RuleMeta {
  id: string;
  slug: string;
  title: string;
  priority: Priority;
  dialects: Dialect[];
  /** One sentence: why this hurts a pipeline. Shown in hovers, SARIF and the review. */
  rationale: string;
  /** What the recommended fix does, shown in the review and hovers. */
  recommendation: string;
  fixable: boolean;
  /**
   * `security`: the rule reports everywhere, dormant code included (a leaked secret or an injectable
   * query is a risk wherever it sits). Otherwise operational: silent in dormant code (`dormant-code.ts`),
   * files the project keeps but nothing runs.
   */
  concern?: 'security' | 'operational';
}

export interface FindingInput {
  start: number;
  end: number;
  message: string;
  priority?: Priority;
  fixes?: Fix[];
  fingerprintText?: string;
  related?: RelatedLocation[];
  /**
   * Offset of the fact the finding comes from, when that lies in another top-level statement than
   * the finding (a module-level SQL constant reported where a function formats values into it).
   * Incremental rules attribute findings to statements by it; defaults to `start`.
   */
  origin?: number;
  /**
   * Another offset whose line's `# pipewise: ignore` comments (on it or alone above it) also
   * suppress the finding: a finding moved from a function's name to a call inside it keeps the
   * comments users wrote on the `def` line working.
   */
  suppressibleAt?: number;
}

/** What a rule may know about the rest of the workspace (filled by the workspace model). */
export interface ProjectView {
  /**
   * Retries the orchestration config sets for the step that runs `filePath`: a number (0 when
   * the step explicitly has none), or null when no known pipeline step runs the file.
   */
  retriesForScript(filePath: string): number | null;
  /**
   * Retries that code elsewhere in the project gives function `name` of `filePath` (`load`,
   * `Loader.load`) by running it: an orchestrator task with retries, a retry decorator, a pipeline
   * step, directly or through the calls in between; null when nothing retried runs it.
   */
  retriesForFunction?(filePath: string, name: string): number | null;
  /**
   * Function `name` of `filePath` is web application code (its folder holds a module building
   * `Flask(__name__)`/`FastAPI()`) that nothing the project's orchestrator or pipeline steps run
   * reaches, in a project that has them: it serves requests, it is not a pipeline stage.
   */
  isWebAppCode?(filePath: string, name: string): boolean;
  /** A short key of everything the retries answers for `filePath` depend on (for incremental rules' keys). */
  retriesKey?(filePath: string): string;
  /**
   * Function `name` of `filePath` (`load`, `Loader.load`) prints into run logs: a place where the
   * project's pipelines start code that reaches it keeps prints as levelled, timestamped records
   * (a Prefect flow or task with `log_prints=True`).
   */
  printsLoggedFor?(filePath: string, name: string): boolean;
  /**
   * How the starts of the project's pipelines (DAG tasks, flows, assets, scripts' `__main__`
   * blocks) run code of `filePath`: `started` (a start runs one of its functions itself, or the
   * project has no starts), `called` (only through other code: a helper), `imported` (a module
   * they reach imports it, no call of theirs is seen reaching it) or `unrun`.
   */
  pipelineRole?(filePath: string): 'started' | 'called' | 'imported' | 'unrun';
  /**
   * Who runs the file's code (workspace/run-mode.ts): the project's `pipeline`s, `ci-tooling` run
   * by CI workflows on pushes, pull requests or releases, `hand-run` one-off code, `unreached`
   * code no start runs, or `unknown` (the project has no starts the reach can see).
   */
  runMode?(filePath: string): RunMode;
  /** A short key of everything printsLoggedFor and pipelineRole answer for `filePath`. */
  printsKey?(filePath: string): string;
}

export interface RuleContext {
  readonly doc: DocumentFacts;
  readonly config: EffectiveConfig;
  /** Absent when the document is analysed on its own (no workspace model). */
  readonly project?: ProjectView;
  /**
   * For incremental rules (see `Rule.incremental`): the one top-level statement of a Python
   * document to check now; findings must come from its facts. Null: check the whole document.
   */
  readonly statement: ChunkFacts | null;
  report(finding: FindingInput): void;
}

/** A finding of a workspace rule names its file: cross-file rules report wherever the problem shows. */
export interface WorkspaceFindingInput extends FindingInput {
  path: string;
}

export interface WorkspaceRuleContext {
  readonly workspace: WorkspaceView;
  readonly config: EffectiveConfig;
  report(finding: WorkspaceFindingInput): void;
}

/**
 * A rule checks one document (`check`, run on every keystroke), the whole workspace
 * (`checkWorkspace`, run when the workspace model changes), or both.
 */
export interface Rule {
  meta: RuleMeta;
  check?(context: RuleContext): void;
  checkWorkspace?(context: WorkspaceRuleContext): void;
  /**
   * Declares the rule incremental: whether a top-level Python statement yields findings (placed
   * by their `origin`) depends only on that statement, the module context (imports and
   * module-level statements, see PythonFacts.contextVersion), the configuration, and what other
   * statements export. The linter then re-checks only the statements that changed or had
   * findings, through `context.statement`, and runs the whole module when an export changed.
   */
  incremental?: {
    /**
     * What `statement` tells the rest of the module that the rule reads elsewhere (a helper's
     * name and whether it does I/O, a session's timeout adapter): a string that changes
     * whenever that does. It may read only the statement itself and name resolution (resolveCall,
     * classifyIo), not other statements' content: it is kept while the statement and the
     * resolution version are unchanged.
     */
    exports?(statement: ChunkFacts, context: Omit<RuleContext, 'report' | 'statement'>): string;
    /** What the rule reads of the whole lint beyond the module (the project's view): cheap, every keystroke. */
    key?(context: Omit<RuleContext, 'report' | 'statement'>): string;
  };
}

export function docFileName(meta: Pick<RuleMeta, 'id' | 'slug'>): string {
  return `${meta.id}-${meta.slug}.md`;
}
