// The work `pipewise check` hands out per file, as plain data in and out: the node facts the
// workspace model needs up front, and a file's lint (with `--fix`, its fixes). The same code runs
// in-process (one job at a time) and in worker threads (lint-pool.ts), so the results cannot
// depend on how many workers there are.

import type { AnalysisGap } from '../engine/analysis-gaps';
import type { Engine } from '../engine/engine';
import type { NotebookFacts } from '../engine/notebook/notebook-facts';
import type { Dialect, Finding } from '../engine/types';
import { nodeFactsOf, viewOfFile, type FileProjectView, type NodeFacts } from '../engine/workspace/model';
import type { ConfigOverrides, ConfigResolver } from '../project/configs';
import type { DiscoveredFile } from '../project/discover';
import { lintFile } from '../project/lint-files';
import type { SourceRead } from '../project/read-source';
import type { FactsRequest } from '../project/workspace';

/** What every job of a run shares (sent once to each worker). */
export interface JobSettings {
  cwd: string;
  /** The workspace model's root (absolute paths of facts resolve against it). */
  root: string;
  overrides: ConfigOverrides;
  fix: boolean;
  unsafeFixes: boolean;
}

export type Job =
  | { kind: 'facts'; request: FactsRequest }
  | {
      kind: 'lint';
      target: DiscoveredFile;
      source: SourceRead;
      view: FileProjectView;
      wantFacts: boolean;
      /** Apply fixes (`--fix`); a lint ahead of the workspace model never does. */
      fix: boolean;
      /** The path the workspace model analyses a DAG module under, when it is not the linted path. */
      dagFactsPath?: string;
    };

export interface LintOutcome {
  /** The text the findings refer to (after fixes). */
  text: string;
  dialect: Dialect;
  findings: Finding[];
  gaps: AnalysisGap[];
  fixesApplied: number;
  ruleErrors: number;
  /** Warnings in the order they were raised, printed by the main thread in file order. */
  warnings: string[];
  /** The node facts of `text`, when asked for (null when the file was not analysed). */
  facts: NodeFacts | null;
  /** A Jupyter notebook: `text` is its code cells joined (see LintedFile.notebook). */
  notebook?: NotebookFacts;
}

export type JobResult = { kind: 'facts'; facts: NodeFacts | null } | { kind: 'lint'; outcome: LintOutcome };

export function runJob(engine: Engine, configs: ConfigResolver, settings: JobSettings, job: Job): JobResult {
  if (job.kind === 'facts') {
    const { request } = job;
    try {
      return { kind: 'facts', facts: nodeFactsOf(engine.analyzeAs(request.docPath, request.dialect, request.text), request.file, settings.root) };
    } catch {
      return { kind: 'facts', facts: null };
    }
  }
  const warnings: string[] = [];
  let facts: NodeFacts | null = null;
  const { file, ruleErrors } = lintFile(engine, job.target, job.source, {
    cwd: settings.cwd,
    fix: job.fix,
    unsafeFixes: settings.unsafeFixes,
    config: configs.forFile(job.target.path),
    warn: (message) => warnings.push(message),
    project: viewOfFile(job.view),
    // Facts objects are reused by the next parse: take the node facts now.
    onAnalyzed: (doc, absolutePath) => {
      if (job.wantFacts) facts = nodeFactsOf(doc, absolutePath, settings.root);
    },
  });
  // A DAG's or flow's pipeline facts resolve script paths from the path it was analysed under: keep the model's.
  const dagFacts = facts as NodeFacts | null;
  if (job.dagFactsPath && dagFacts && (dagFacts.stage?.importsAirflow || dagFacts.pipelines.length > 0) && file.gaps.every((gap) => gap.kind !== 'failed')) {
    try {
      facts = nodeFactsOf(engine.analyzeAs(job.dagFactsPath, 'python', file.text), job.target.path, settings.root);
    } catch {
      facts = null;
    }
  }
  return { kind: 'lint', outcome: { text: file.text, dialect: file.dialect, findings: file.findings, gaps: file.gaps, fixesApplied: file.fixesApplied, ruleErrors, warnings, facts, ...(file.notebook ? { notebook: file.notebook } : {}) } };
}
