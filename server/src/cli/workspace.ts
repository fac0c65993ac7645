// The workspace model for a CLI run: built from the folders and files being linted, so per-file
// rules see the pipeline configs (PW103 skips scripts whose step retries) and the cross-file rules
// (PW105, PW205, PW3xx, PW4xx) run once over the whole set. Their findings are merged into the
// linted files they point at.

import { statSync } from 'node:fs';
import path from 'node:path';
import type { DocumentFacts } from '../engine/document';
import type { Engine } from '../engine/engine';
import type { EffectiveConfig } from '../engine/config';
import type { ProjectView } from '../engine/types';
import { lintWorkspace } from '../engine/workspace/lint-workspace';
import { WorkspaceModel } from '../engine/workspace/model';
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

/**
 * Python files per-file rules need to know before linting any file: those that may declare
 * retries for code elsewhere (DAGs, flows, jobs, retry decorators), those that build a web app
 * (whose folder's code is not a pipeline stage), and scripts (a `__main__` block starts code
 * elsewhere whose prints then go to a console, not to a run log).
 */
const NEEDED_UP_FRONT = /airflow|prefect|dagster|celery|retr(y|ies)|backoff|__main__|\b(Flask|FastAPI|Quart|Sanic|Starlette)\(/i;

/**
 * Lists every file under the folders given (README/docs and test files count for the P3 rules),
 * and analyses up front what per-file linting needs to know about retries and run logs: the
 * pipeline configs (YAML), the Python modules that declare retries (DAGs, flows, jobs, retry
 * decorators), build a web app or run as scripts and, transitively, the project modules they
 * import (code their tasks run). Other modules are added as they are linted (see `lintFiles`'
 * `onAnalyzed`), so no answer depends on the order files are linted in.
 */
export async function prepareWorkspace(engine: Engine, inputs: readonly string[], targets: readonly DiscoveredFile[], options: { cwd: string; root: string; configs: ConfigResolver; respectGitignore: boolean }): Promise<CliWorkspace> {
  const model = new WorkspaceModel(options.root);
  const analyzed = new Map<string, { text: string; doc: DocumentFacts }>();
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
  for (const target of targets) {
    if (target.dialect !== 'yaml' && target.dialect !== 'python') continue;
    const text = await readText(target.path, target.root);
    if (text === null) continue;
    if (target.dialect === 'python' && !NEEDED_UP_FRONT.test(text)) continue;
    let doc: DocumentFacts;
    try {
      doc = engine.analyzeAs(target.dialect === 'yaml' ? enginePathOf(options.cwd, target.path) : target.path, target.dialect, text);
    } catch {
      // A file that cannot be analysed (a broken notebook) is reported as such when it is linted.
      continue;
    }
    model.updateDocument(doc, target.path);
    // Python facts are reused by the engine's parser; YAML would be parsed a second time.
    if (target.dialect === 'yaml') analyzed.set(target.path, { text, doc });
  }
  // The modules those import, and theirs, until nothing new is reached.
  for (let pending = model.unanalyzedImports(); pending.length > 0; pending = model.unanalyzedImports()) {
    for (const file of pending) {
      const text = await readText(file, options.root);
      model.updateDocument(engine.analyzeAs(file, 'python', text ?? ''), file);
    }
  }
  return { model, analyzed, project: model.projectView(options.cwd) };
}

/** Runs the workspace rules and adds their findings to the linted files they name; returns rule crashes. */
export function addWorkspaceFindings(engine: Engine, workspace: CliWorkspace, files: LintedFile[], config: EffectiveConfig, warn: (message: string) => void): number {
  let ruleErrors = 0;
  const byPath = new Map(files.map((file) => [file.path, file]));
  const findings = lintWorkspace(workspace.model, engine.rules, config, {
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
