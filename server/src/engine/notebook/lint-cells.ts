// Live notebook cells (an editor's notebook document) linted as one module (live-notebook.ts): each
// finding placed in its cell, and on request its fixes' edits placed in the cells they change
// (`import os` in the first code cell while the finding is in the fifth). The narrow interface an
// editor front end needs: cells in, per-cell findings out; it knows nothing of the protocol.

import type { EffectiveConfig } from '../config';
import type { Engine } from '../engine';
import type { CompanionEdit, Finding, ProjectView, TextEdit } from '../types';
import { editsByCell, type CellSources } from './notebook-edits';
import { fixCells } from './notebook-fix';
import { segmentAt, type NotebookModule } from './notebook-module';

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

/** One lint of a notebook's code cells: the findings placed in cells, and their fixes placed on request. */
export class NotebookLint {
  constructor(
    readonly cells: readonly LiveCell[],
    private readonly sources: CellSources,
    private readonly module: NotebookModule,
    readonly findings: readonly CellFinding[],
  ) {}

  /**
   * A module range as (cell index, offsets in its source), or null when it is not inside one cell
   * (the newline the module adds after a cell that does not end in one counts as the cell's end).
   */
  static placeInCell(module: NotebookModule, sources: CellSources, start: number, end: number): { cell: number; start: number; end: number } | null {
    const segment = segmentAt(module, start);
    if (!segment) return null;
    const source = sources.get(segment.cell) ?? '';
    const synthetic = !source.endsWith('\n') ? 1 : 0;
    if (end > segment.end + synthetic) return null;
    const cellStart = start - segment.start;
    if (cellStart > source.length) return null;
    return { cell: segment.cell, start: cellStart, end: Math.min(end, segment.end) - segment.start };
  }

  /** The finding's fixes whose edits all fall inside cells (a fix across a cell boundary is dropped). */
  fixesOf(found: CellFinding): CellFix[] {
    const fixes: CellFix[] = [];
    for (const fix of found.finding.fixes) {
      const edits = editsByCell(this.module, this.sources, fix.edits);
      if (edits) fixes.push({ title: fix.title, safe: fix.safe, preferred: fix.preferred === true, edits: toCellEdits(this.cells, edits), companions: fix.companions ?? [] });
    }
    return fixes;
  }
}

/** Fix-all over the cells: the new source of every cell the safe fixes change. */
export function fixNotebookCells(engine: Engine, notebookPath: string, cells: readonly LiveCell[], config: EffectiveConfig, options: LintCellsOptions = {}): Map<string, string> {
  const lint = (text: string) => engine.lint(engine.analyzePythonText(notebookPath, text), config, options.onRuleError, options.project).filter((finding) => options.keep?.(finding) ?? true);
  const errors = (text: string) => (engine.analyzePythonText(notebookPath, text).python?.hasError ? 1 : 0);
  const { changed } = fixCells(sourcesOf(cells), lint, (before, after) => errors(after) > errors(before));
  return new Map([...changed].map(([index, source]) => [cells[index].id, source]));
}
