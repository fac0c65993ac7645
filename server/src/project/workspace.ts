// The workspace model for a CLI run: built from the folders and files being linted, so per-file
// rules see the pipeline configs (PW103 skips scripts whose step retries) and the cross-file rules
// (PW105, PW205, PW3xx, PW4xx) run once over the whole set. Their findings are merged into the
// linted files they point at.

import { statSync } from 'node:fs';
import path from 'node:path';
import type { DocumentFacts } from '../engine/document';
import type { Engine } from '../engine/engine';
import type { EffectiveConfig } from '../engine/config';
import type { ProjectView, Rule } from '../engine/types';
import { lintWorkspace } from '../engine/workspace/lint-workspace';
import { nodeFactsOf, WorkspaceModel, type NodeFacts } from '../engine/workspace/model';
import { listWorkspaceFiles, readText } from '../engine/workspace/scan';
import type { ConfigResolver } from './configs';
import type { DiscoveredFile } from './discover';
import { enginePathOf, type LintedFile } from './lint-files';

export interface CliWorkspace {
  model: WorkspaceModel;
  /** YAML facts analysed up front, by absolute path, with the text they were analysed from: linting reuses them. */
  analyzed: Map<string, { text: string; doc: DocumentFacts }>;
  /** Per-file rules' view of the workspace; resolves the cwd-relative paths rules see. */
  project: ProjectView;
}

/** A file whose workspace facts are needed up front. */
export interface FactsRequest {
  /** Absolute path. */
  file: string;
  /** The path to analyse it under. */
  docPath: string;
  dialect: 'python' | 'yaml';
  text: string;
}

/** Computes the node facts of files (in order; null when one could not be analysed). */
export type AnalyzeFacts = (requests: readonly FactsRequest[]) => Promise<Array<NodeFacts | null>>;

/**
 * Python files per-file rules need to know before linting any file: those that may declare
 * retries for code elsewhere (DAGs, flows, jobs, retry decorators), those that build a web app
 * (whose folder's code is not a pipeline stage), and scripts (a `__main__` block starts code
 * elsewhere whose prints then go to a console, not to a run log); and every other start of the
 * project's reach (logged-prints.ts) — Lambda handlers, Cloud Functions, Glue job scripts,
 * Databricks notebooks and job scripts, modules that run or load code by name — without which code
 * they reach would read as unrun; and Apache Beam pipelines, whose transforms retry what they run,
 * and polling services (`.sleep(` between cycles), whose main loop reruns what it calls.
 */
const NEEDED_UP_FRONT = /airflow|prefect|dagster|celery|retr(y|ies)|backoff|__main__|\b(Flask|FastAPI|Quart|Sanic|Starlette|Chalice|Blueprint)\(|awsglue|Databricks notebook source|dbutils\.|["']\/Workspace\/|functions_framework|def\s+\w*handler\s*\(|def\s+main\s*\(\s*request\b|apache_beam|\.sleep\(|\(\s*_?(event|evt)\s*,\s*_?(context|ctx|lambda_context)\s*\)|import_module|runpy|__import__|subprocess|\.py\b/i;

/** Facts computed here with one engine; YAML documents are kept in `analyzed` for linting to reuse. */
export function analyzeWithEngine(engine: Engine, root: string, analyzed: Map<string, { text: string; doc: DocumentFacts }>): AnalyzeFacts {
  return async (requests) =>
    requests.map((request) => {
      let doc: DocumentFacts;
      try {
        doc = engine.analyzeAs(request.docPath, request.dialect, request.text);
      } catch {
        return null;
      }
      // Python facts are reused by the engine's parser; YAML would be parsed a second time.
      if (request.dialect === 'yaml') analyzed.set(request.file, { text: request.text, doc });
      return nodeFactsOf(doc, request.file, root);
    });
}

/**
 * Lists every file under the folders given (README/docs and test files count for the P3 rules),
 * and analyses up front what per-file linting needs to know about retries and run logs: the
 * pipeline configs (YAML), the Python modules that declare retries (DAGs, flows, jobs, retry
 * decorators), build a web app or run as scripts and, transitively, the project modules they
 * import (code their tasks run). Other modules are added as they are linted (see `lintFiles`'
 * `onAnalyzed`), so no answer depends on the order files are linted in.
 */
export async function prepareWorkspace(
  analyze: AnalyzeFacts,
  inputs: readonly string[],
  targets: readonly DiscoveredFile[],
  options: {
    cwd: string;
    root: string;
    configs: ConfigResolver;
    respectGitignore: boolean;
    /** A target's text when the caller read it already (as `readText` would: size-limited, decoded, no BOM; null when not text). */
    textOf?(target: DiscoveredFile): string | null;
  },
): Promise<{ model: WorkspaceModel; project: ProjectView }> {
  const model = new WorkspaceModel(options.root);
  const listed = new Set<string>(targets.map((t) => t.path));
  for (const input of inputs) {
    const absolute = path.resolve(options.cwd, input);
    let isDirectory = false;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      continue;
    }
    if (!isDirectory) continue;
    const files = await listWorkspaceFiles(absolute, {
      respectGitignore: options.respectGitignore,
      isIgnored: (file) => options.configs.forFile(file).isExcluded(file),
    });
    for (const file of files) listed.add(file);
  }
  model.setFiles(listed);
  const targetOf = new Map(targets.map((target) => [target.path, target]));
  const upFront: FactsRequest[] = [];
  for (const target of targets) {
    if (target.dialect !== 'yaml' && target.dialect !== 'python') continue;
    const text = options.textOf ? options.textOf(target) : await readText(target.path, target.root);
    if (text === null) continue;
    if (target.dialect === 'python' && !NEEDED_UP_FRONT.test(text)) continue;
    upFront.push({ file: target.path, docPath: target.dialect === 'yaml' ? enginePathOf(options.cwd, target.path) : target.path, dialect: target.dialect, text });
  }
  await addFacts(model, analyze, upFront, { skipFailed: true });
  // The modules those import, and theirs, until nothing new is reached.
  for (let pending = model.unanalyzedImports(); pending.length > 0; pending = model.unanalyzedImports()) {
    const requests: FactsRequest[] = [];
    for (const file of pending) {
      const target = targetOf.get(file);
      const text = target && options.textOf ? options.textOf(target) : await readText(file, options.root);
      requests.push({ file, docPath: file, dialect: 'python', text: text ?? '' });
    }
    await addFacts(model, analyze, requests);
  }
  return { model, project: model.projectView(options.cwd) };
}

async function addFacts(model: WorkspaceModel, analyze: AnalyzeFacts, requests: FactsRequest[], options: { skipFailed?: boolean } = {}): Promise<void> {
  const facts = await analyze(requests);
  requests.forEach((request, i) => {
    const found = facts[i];
    // A file that cannot be analysed up front (a broken notebook) is reported as such when it is linted.
    if (!found && options.skipFailed) return;
    // A module that could not be analysed still counts as analysed: it is not asked for again.
    model.updateFacts(request.file, request.text, found ?? { dialect: request.dialect, stage: null, pipelines: [], module: null, deployments: [], ciRuns: null, lambdaHandlers: null });
  });
}

/** Runs the workspace rules and adds their findings to the linted files they name; returns rule crashes. */
export function addWorkspaceFindings(rules: readonly Rule[], workspace: { model: WorkspaceModel }, files: LintedFile[], config: EffectiveConfig, warn: (message: string) => void): number {
  let ruleErrors = 0;
  const byPath = new Map(files.map((file) => [file.path, file]));
  const findings = lintWorkspace(workspace.model, rules, config, {
    textOf: (file) => byPath.get(file)?.text,
    onRuleError: (ruleId, error) => {
      ruleErrors++;
      warn(`rule ${ruleId} failed on the workspace: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
    },
  });
  for (const [file, list] of findings) {
    const linted = byPath.get(file);
    if (!linted) continue;
    linted.findings = [...linted.findings, ...list].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  }
  return ruleErrors;
}
