// Edits to a notebook's module text, applied to the cells they fall in: an edit at the start of
// a cell belongs to that cell (unless it is a new line continuing the cell before) (`import os` inserted before everything goes into the first code
// cell), one at the end of a cell to that cell. The cells' own sources are edited (magics kept:
// the neutralised text has the same offsets), and the module is rebuilt from them.

import { applyEdits } from '../fixer';
import type { TextEdit } from '../types';
import { buildNotebookModule, segmentAt, type NotebookModule } from './notebook-module';

/** Code cells by notebook index, in order: their sources as the user wrote them. */
export type CellSources = ReadonlyMap<number, string>;

export function moduleOfSources(sources: CellSources): NotebookModule {
  return buildNotebookModule([...sources].map(([index, source]) => ({ index, source })));
}

/**
 * The edits grouped by cell, with offsets inside the cell's source; null when an edit spans
 * cells (a notebook cannot be edited across a cell boundary).
 */
export function editsByCell(module: NotebookModule, sources: CellSources, edits: readonly TextEdit[]): Map<number, TextEdit[]> | null {
  const byCell = new Map<number, TextEdit[]>();
  for (const edit of edits) {
    const segment = segmentAt(module, edit.start);
    if (!segment) return null;
    // Text inserted at a cell's start that opens with a line break continues the cell before
    // (a logger defined after the imports stays with the imports).
    const previous = module.segments[module.segments.indexOf(segment) - 1];
    if (previous && edit.start === edit.end && edit.start === segment.start && edit.newText.startsWith('\n')) {
      const list = byCell.get(previous.cell) ?? [];
      const end = previous.end - previous.start;
      list.push({ start: end, end, newText: (sources.get(previous.cell) ?? '').endsWith('\n') ? edit.newText : edit.newText.replace(/\n$/, '') });
      byCell.set(previous.cell, list);
      continue;
    }
    // A `%%sql` cell is read as the string of a call the module adds: its text is not edited.
    if (segment.leadStart !== undefined && edit.newText !== '') return null;
    const source = sources.get(segment.cell) ?? '';
    // The newline the module adds after a cell that does not end in one is not the cell's: an
    // edit that removes a cell's last line with its line break stops at the cell's end.
    const synthetic = !source.endsWith('\n') ? 1 : 0;
    if (edit.end > segment.end + synthetic) return null;
    const start = Math.max(0, edit.start - segment.start);
    const end = Math.max(start, Math.min(edit.end, segment.end) - segment.start);
    if (start > source.length) return null;
    // Text the module holds in place of the cell's (a magic made a comment or a value) is not the cell's to edit.
    if (edit.newText !== '' && module.text.slice(segment.start + start, segment.start + end) !== source.slice(start, end)) return null;
    const list = byCell.get(segment.cell) ?? [];
    list.push({ start, end, newText: edit.newText });
    byCell.set(segment.cell, list);
  }
  return byCell;
}

/** The cell sources after the edits, or null when they cannot be placed in cells. */
export function applyEditsToCells(sources: CellSources, edits: readonly TextEdit[]): Map<number, string> | null {
  const byCell = editsByCell(moduleOfSources(sources), sources, edits);
  if (!byCell) return null;
  const next = new Map(sources);
  for (const [cell, cellEdits] of byCell) next.set(cell, applyEdits(sources.get(cell) ?? '', cellEdits));
  return next;
}

/** The findings with only the fixes whose edits fall in cells they can change (none in a `%%sql` cell's text). */
export function withPlaceableFixes<F extends { fixes: ReadonlyArray<{ edits: readonly TextEdit[] }> }>(module: NotebookModule, sources: CellSources, findings: F[]): F[] {
  return findings.map((finding) => {
    const fixes = finding.fixes.filter((fix) => editsByCell(module, sources, fix.edits) !== null);
    return fixes.length === finding.fixes.length ? finding : { ...finding, fixes };
  });
}
