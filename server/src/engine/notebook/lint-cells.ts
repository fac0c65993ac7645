// Live notebook cells (an editor's notebook document) linted as one module: each finding placed in
// its cell, with its fixes' edits placed in the cells they change (`import os` in the first code
// cell while the finding is in the fifth). The narrow interface an editor front end needs: cells
// in, per-cell findings out; it knows nothing of the protocol.

import type { EffectiveConfig } from '../config';
import type { Engine } from '../engine';
import type { CompanionEdit, Finding, ProjectView, TextEdit } from '../types';
import { editsByCell, moduleOfSources } from './notebook-edits';
import { fixCells } from './notebook-fix';

export interface LiveCell {
  /** The cell's identity for the caller (an editor's cell URI). */
  id: string;
  source: string;
}

export interface CellEdit extends TextEdit {
  /** The cell the edit changes (offsets inside its source). */
  cell: string;
}

export interface CellFix {
  title: string;
  safe: boolean;
  preferred: boolean;
  edits: CellEdit[];
  /** Lines the fix adds to other files (`.env.example`). */
  companions: CompanionEdit[];
}

export interface CellFinding {
  cell: string;
  /** Offsets inside the cell's source. */
  start: number;
  end: number;
  /** The finding as the engine reported it (offsets in the joined module). */
  finding: Finding;
  /** Fixes whose edits all fall inside cells (a fix across a cell boundary is dropped). */
  fixes: CellFix[];
}

export interface LintCellsOptions {
  project?: ProjectView;
  /** Which findings the user sees (baseline, severities); all by default. */
  keep?(finding: Finding): boolean;
  onRuleError?(ruleId: string, error: unknown): void;
}

function sourcesOf(cells: readonly LiveCell[]): Map<number, string> {
  return new Map(cells.map((cell, index) => [index, cell.source]));
}

function toCellEdits(cells: readonly LiveCell[], byIndex: Map<number, TextEdit[]>): CellEdit[] {
  return [...byIndex].flatMap(([index, edits]) => edits.map((edit) => ({ ...edit, cell: cells[index].id })));
}

/** The findings of the code cells (in notebook order), each placed in its cell. */
export function lintNotebookCells(engine: Engine, notebookPath: string, cells: readonly LiveCell[], config: EffectiveConfig, options: LintCellsOptions = {}): CellFinding[] {
  const sources = sourcesOf(cells);
  const module = moduleOfSources(sources);
  const doc = engine.analyzePythonText(notebookPath, module.text);
  const findings = engine.lint(doc, config, options.onRuleError, options.project).filter((finding) => options.keep?.(finding) ?? true);
  const out: CellFinding[] = [];
  for (const finding of findings) {
    const placed = editsByCell(module, sources, [{ start: finding.start, end: Math.max(finding.start, finding.end), newText: '' }]);
    const entry = placed ? [...placed][0] : undefined;
    if (!entry) continue;
    const [index, [range]] = entry;
    const fixes: CellFix[] = [];
    for (const fix of finding.fixes) {
      const edits = editsByCell(module, sources, fix.edits);
      if (edits) fixes.push({ title: fix.title, safe: fix.safe, preferred: fix.preferred === true, edits: toCellEdits(cells, edits), companions: fix.companions ?? [] });
    }
    out.push({ cell: cells[index].id, start: range.start, end: range.end, finding, fixes });
  }
  return out;
}

/** Fix-all over the cells: the new source of every cell the safe fixes change. */
export function fixNotebookCells(engine: Engine, notebookPath: string, cells: readonly LiveCell[], config: EffectiveConfig, options: LintCellsOptions = {}): Map<string, string> {
  const lint = (text: string) => engine.lint(engine.analyzePythonText(notebookPath, text), config, options.onRuleError, options.project).filter((finding) => options.keep?.(finding) ?? true);
  const errors = (text: string) => (engine.analyzePythonText(notebookPath, text).python?.hasError ? 1 : 0);
  const { changed } = fixCells(sourcesOf(cells), lint, (before, after) => errors(after) > errors(before));
  return new Map([...changed].map(([index, source]) => [cells[index].id, source]));
}
