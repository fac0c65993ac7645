// A notebook's code cells analysed as one Python module, in cell order: an import in cell 1
// resolves a call in cell 5, a credential assigned in cell 2 and used in cell 4 is one finding.
// Each cell's neutralised text is followed by a newline; `segments` map module offsets back to
// (cell, offset in the cell) and forth. Markdown and raw cells are left out; cells in another
// language (`%%bash`) are commented out, keeping their place; `%%sql` cells are SQL strings.

import { neutraliseMagics, type NeutralisedCell } from './magics';
import { ChunkedText, type SourceText } from '../source-text';

export interface CellSegment {
  /** The cell's index in the notebook. */
  cell: number;
  /** Where the cell's text starts in the module. */
  start: number;
  /** Where it ends (before the newline that separates it from the next cell). */
  end: number;
  /** The module line the cell starts on (0-based). */
  row: number;
  /** The cell's text in the module (magics neutralised), without the separating newline. */
  text: string;
  /** The cell's own language when a cell magic says so (`sql`), else null. */
  cellMagic: string | null;
  /** Where text the module adds before the cell starts (a `%%sql` cell's call); offsets there belong to this cell. */
  leadStart?: number;
}

export interface NotebookModule {
  /** The module's text (joined on first read). */
  readonly text: string;
  /** The same text in parts, one or a few per cell: what analysis reads, so a keystroke joins nothing. */
  readonly source: SourceText;
  segments: CellSegment[];
}

export interface SourceCell {
  index: number;
  source: string;
}

interface JoinedCell extends NeutralisedCell {
  /** Lines the cell takes in the module, its separating newline included. */
  rows: number;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function joinedCell(source: string): JoinedCell {
  const neutral = neutraliseMagics(source);
  let rows = neutral.text.endsWith('\n') ? 0 : 1;
  for (let i = neutral.text.indexOf('\n'); i >= 0; i = neutral.text.indexOf('\n', i + 1)) rows++;
  return { ...neutral, rows };
}

// The cells of the module built last, neutralised: on a keystroke only the edited cell changes.
let neutralisedBefore = new Map<string, JoinedCell>();

export function buildNotebookModule(cells: readonly SourceCell[]): NotebookModule {
  const parts: string[] = [];
  let length = 0;
  const append = (part: string) => {
    parts.push(part);
    length += part.length;
  };
  let row = 0;
  const segments: CellSegment[] = [];
  const neutralised = new Map<string, JoinedCell>();
  for (const cell of cells) {
    let cached = neutralised.get(cell.source) ?? neutralisedBefore.get(cell.source);
    if (!cached) cached = joinedCell(cell.source);
    neutralised.set(cell.source, cached);
    const { text: neutral, cellMagic, lead, trail } = cached;
    const leadStart = length;
    if (lead) {
      append(lead);
      row += countNewlines(lead);
    }
    segments.push({ cell: cell.index, start: length, end: length + neutral.length, row, text: neutral, cellMagic, ...(lead ? { leadStart } : {}) });
    append(neutral);
    if (!neutral.endsWith('\n')) append('\n');
    row += cached.rows;
    if (trail) append(`${trail}\n`);
    if (trail) row += countNewlines(trail) + 1;
  }
  neutralisedBefore = neutralised;
  return moduleOf(ChunkedText.ofParts(parts), segments);
}

/**
 * The module with the cell of segment `position` holding `source` instead, every other cell's
 * text shared and the later cells' offsets moved: what a keystroke changes, without joining the
 * cells again. null when the cell is or becomes one the module adds text around (`%%sql`): a full
 * build places those.
 */
export function withCellSource(module: NotebookModule, position: number, source: string): NotebookModule | null {
  const old = module.segments[position];
  if (!old || old.leadStart !== undefined || !(module.source instanceof ChunkedText)) return null;
  const cell = neutralisedBefore.get(source) ?? joinedCell(source);
  if (cell.lead !== undefined || cell.trail !== undefined) return null;
  const oldSpan = old.text.length + (old.text.endsWith('\n') ? 0 : 1);
  const newSpan = cell.text.endsWith('\n') ? cell.text : `${cell.text}\n`;
  const delta = newSpan.length - oldSpan;
  const rowDelta = cell.rows - (countNewlines(old.text) + (old.text.endsWith('\n') ? 0 : 1));
  const segments = module.segments.slice();
  segments[position] = { cell: old.cell, start: old.start, end: old.start + cell.text.length, row: old.row, text: cell.text, cellMagic: cell.cellMagic };
  for (let i = position + 1; i < segments.length; i++) {
    const moved = segments[i];
    segments[i] = { ...moved, start: moved.start + delta, end: moved.end + delta, row: moved.row + rowDelta, ...(moved.leadStart !== undefined ? { leadStart: moved.leadStart + delta } : {}) };
  }
  return moduleOf(module.source.replace(old.start, old.start + oldSpan, newSpan), segments);
}

function moduleOf(source: ChunkedText, segments: CellSegment[]): NotebookModule {
  return {
    get text() {
      return source.toString();
    },
    source,
    segments,
  };
}

/** The segment holding a module offset (an offset on a separator belongs to the cell before it). */
export function segmentAt(module: NotebookModule, offset: number): CellSegment | null {
  const segments = module.segments;
  let low = 0;
  let high = segments.length - 1;
  let found: CellSegment | null = null;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((segments[mid].leadStart ?? segments[mid].start) <= offset) {
      found = segments[mid];
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** A module offset as (cell index, offset in that cell's source), or null before the first cell. */
export function toCellOffset(module: NotebookModule, offset: number): { cell: number; offset: number } | null {
  const segment = segmentAt(module, offset);
  if (!segment) return null;
  return { cell: segment.cell, offset: Math.max(0, Math.min(offset, segment.end) - segment.start) };
}

/** A cell offset as a module offset. */
export function toModuleOffset(module: NotebookModule, cell: number, offset: number): number | null {
  const segment = module.segments.find((s) => s.cell === cell);
  return segment ? segment.start + Math.min(offset, segment.end - segment.start) : null;
}
