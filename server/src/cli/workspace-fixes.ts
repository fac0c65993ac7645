// `--fix --unsafe-fixes` applies the fixes of workspace findings too (a validation gate in the
// stage that reads an artifact, a clean-up at the end of the last reader): they edit the
// finding's file and sometimes others. One fix per file per round, each kept only when every file
// it edits still parses; the caller lints the whole folder again between rounds, so every fix is
// computed on current text and re-linted after.

import { readFileSync } from 'node:fs';
import type { Engine } from '../engine/engine';
import { applyEdits, preferredAnyFix } from '../engine/fixer';
import type { TextEdit } from '../engine/types';
import type { WorkspaceFix } from '../engine/workspace/types';
import { writeFileAtomic } from '../project/atomic-write';
import { enginePathOf, type LintedFile } from '../project/lint-files';

export function applyWorkspaceFixes(engine: Engine, files: readonly LintedFile[], cwd: string, warn: (message: string) => void): number {
  const workspaceRules = new Set(engine.rules.filter((rule) => rule.checkWorkspace).map((rule) => rule.meta.id));
  const byPath = new Map(files.map((file) => [file.path, file]));
  const touched = new Set<string>();
  const changed = new Map<string, string>();
  let applied = 0;
  for (const file of files) {
    for (const finding of file.findings) {
      if (!workspaceRules.has(finding.ruleId)) continue;
      const fix = preferredAnyFix(finding) as WorkspaceFix | undefined;
      if (!fix) continue;
      const edits = new Map<string, TextEdit[]>();
      if (fix.edits.length) edits.set(file.path, fix.edits);
      for (const other of fix.fileEdits ?? []) edits.set(other.path, [...(edits.get(other.path) ?? []), ...other.edits]);
      // A notebook's text here is its cells joined: its file is rewritten only by per-file --fix.
      if (edits.size === 0 || [...edits.keys()].some((p) => touched.has(p) || !byPath.has(p) || byPath.get(p)!.notebook)) continue;
      const results = new Map<string, string>();
      let breaks = false;
      for (const [path, fileEdits] of edits) {
        const target = byPath.get(path)!;
        const before = target.text;
        const after = applyEdits(before, fileEdits);
        const enginePath = enginePathOf(cwd, path);
        if (engine.parseErrors(enginePath, target.dialect, after) > engine.parseErrors(enginePath, target.dialect, before)) breaks = true;
        results.set(path, after);
      }
      if (breaks) continue;
      for (const [path, text] of results) {
        touched.add(path);
        changed.set(path, text);
      }
      applied++;
    }
  }
  for (const [path, text] of changed) {
    try {
      const bom = readFileSync(path, 'utf8').startsWith('\uFEFF') ? '\uFEFF' : '';
      writeFileAtomic(path, bom + text);
    } catch (error) {
      warn(`could not fix ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return applied;
}
