// Workspace tests: small workspaces written to temp folders from { path: text } maps, scanned into
// a model and linted with the workspace rules; findings come back as { rule, file, line }.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { LineIndex } from '../../server/src/engine/line-index';
import { lintDocument } from '../../server/src/engine/linter';
import type { Finding, Rule } from '../../server/src/engine/types';
import { lintWorkspace } from '../../server/src/engine/workspace/lint-workspace';
import type { WorkspaceModel } from '../../server/src/engine/workspace/model';
import { scanWorkspace } from '../../server/src/engine/workspace/scan';
import type { WorkspaceFix } from '../../server/src/engine/workspace/types';
import { ALL_RULES } from '../../rules';
import { sharedEngine } from '../helpers/rule-tester';

export type Files = Record<string, string>;

export interface LocatedFinding {
  rule: string;
  file: string;
  line: number;
  message: string;
  finding: Finding;
}

export function writeWorkspace(files: Files): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-ws-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

export function removeWorkspace(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function scan(dir: string): Promise<WorkspaceModel> {
  return scanWorkspace(dir, await sharedEngine());
}

export function locate(model: WorkspaceModel, results: Map<string, Finding[]>): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  for (const [file, findings] of results) {
    const lines = new LineIndex(model.text(file) ?? '');
    for (const finding of findings) {
      out.push({ rule: finding.ruleId, file: path.relative(model.root, file).split(path.sep).join('/'), line: lines.positionAt(finding.start).line + 1, message: finding.message, finding });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.rule.localeCompare(b.rule)));
}

/**
 * Scans `files` in a temp folder and returns every workspace finding (of `rule` when given). A
 * per-file rule (PW103) is run on each file with the model's project view, as the CLI and the
 * language server run it.
 */
export async function lintFiles(files: Files, rule?: string): Promise<LocatedFinding[]> {
  const dir = writeWorkspace(files);
  try {
    const model = await scan(dir);
    const perFile = rule ? ALL_RULES.find((r) => r.meta.id === rule && r.check) : undefined;
    if (perFile) return locate(model, await lintEachFile(model, perFile));
    const found = locate(model, lintWorkspace(model, ALL_RULES, DEFAULT_CONFIG));
    return rule ? found.filter((f) => f.rule === rule) : found;
  } finally {
    removeWorkspace(dir);
  }
}

/** Runs a per-file rule on each analysed file with the model's project view (as the CLI and the server do). */
export async function lintEachFile(model: WorkspaceModel, rule: Rule): Promise<Map<string, Finding[]>> {
  const engine = await sharedEngine();
  const project = model.projectView();
  const out = new Map<string, Finding[]>();
  for (const file of model.analyzedFiles()) {
    // A notebook is analysed from its file (the model keeps its code cells joined, not the JSON).
    const doc = file.endsWith('.ipynb') ? engine.analyzeAs(file, 'python', readFileSync(file, 'utf8')) : engine.analyze(file, model.text(file) ?? '');
    if (!doc) continue;
    const found = lintDocument(doc, [rule], DEFAULT_CONFIG, undefined, project);
    if (found.length > 0) out.set(file, found);
  }
  return out;
}

/** Applies a (possibly cross-file) fix to the file map: `edits` to `file`, `fileEdits` to theirs. */
export function applyFix(files: Files, file: string, fix: WorkspaceFix, root: string): Files {
  const out = { ...files };
  const apply = (name: string, edits: ReadonlyArray<{ start: number; end: number; newText: string }>) => {
    let text = out[name];
    for (const edit of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    out[name] = text;
  };
  if (fix.edits.length) apply(file, fix.edits);
  for (const fe of fix.fileEdits ?? []) apply(path.relative(root, fe.path).split(path.sep).join('/'), fe.edits);
  return out;
}
