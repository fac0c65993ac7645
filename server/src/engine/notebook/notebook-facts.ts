// What the engine knows about a Jupyter notebook it analyses: the parsed notebook, its code cells
// joined into one module (the text the rules read and findings' offsets refer to), the text of
// stored outputs per cell, and the way back from a module offset to a cell position and to the
// place in the .ipynb file.

import path from 'node:path';
import { LineIndex, type Position } from '../line-index';
import { parseNotebook, type Notebook } from './ipynb';
import { buildNotebookModule, segmentAt, type NotebookModule } from './notebook-module';
import { rawOffsetInJsonString } from './json-string-offsets';

export interface NotebookOutput {
  /** Index of the cell the output belongs to. */
  cell: number;
  text: string;
}

export interface NotebookFacts {
  notebook: Notebook;
  module: NotebookModule;
  /** The .ipynb file's own text (JSON). */
  fileText: string;
  outputs: NotebookOutput[];
}

/** A place in a notebook: the cell's index (0-based) and a 0-based line/character inside its source. */
export interface CellPosition extends Position {
  cell: number;
}

export function isJupyterNotebookPath(filePath: string): boolean {
  return path.extname(filePath).toLowerCase() === '.ipynb';
}

/** Kernels whose code cells are Python (a notebook without language metadata is Python). */
function isPythonNotebook(notebook: Notebook): boolean {
  return /^(?:python|ipython)\d*$/i.test(notebook.language);
}

/** Throws NotebookError when the text is not a notebook. */
export function analyzeNotebookText(fileText: string): NotebookFacts {
  const notebook = parseNotebook(fileText);
  const code = isPythonNotebook(notebook) ? notebook.cells.filter((cell) => cell.kind === 'code') : [];
  const module = buildNotebookModule(code.map((cell) => ({ index: cell.index, source: cell.source })));
  const outputs = code.flatMap((cell) => cell.outputs.map((text) => ({ cell: cell.index, text })));
  return { notebook, module, fileText, outputs };
}

/** Where a cell's code starts in the module (null for cells that are not in it). */
export function cellStartInModule(facts: NotebookFacts, cell: number): number | null {
  return facts.module.segments.find((segment) => segment.cell === cell)?.start ?? null;
}

const lineIndexes = new WeakMap<object, LineIndex>();

function cellLines(facts: NotebookFacts, cell: number): LineIndex {
  const source = facts.notebook.cells[cell];
  let index = lineIndexes.get(source);
  if (!index) {
    index = new LineIndex(source.source);
    lineIndexes.set(source, index);
  }
  return index;
}

/** A module offset as a cell position (offsets on the newline between cells belong to the cell before). */
export function cellPositionAt(facts: NotebookFacts, offset: number): CellPosition {
  const segment = segmentAt(facts.module, offset) ?? facts.module.segments[0];
  if (!segment) return { cell: 0, line: 0, character: 0 };
  const inCell = Math.max(0, Math.min(offset, segment.end) - segment.start);
  return { cell: segment.cell, ...cellLines(facts, segment.cell).positionAt(inCell) };
}

/** A module offset as an offset in the .ipynb file's text: inside the JSON string that holds it. */
export function fileOffsetAt(facts: NotebookFacts, offset: number): number {
  const segment = segmentAt(facts.module, offset) ?? facts.module.segments[0];
  const cell = segment ? facts.notebook.cells[segment.cell] : undefined;
  const node = cell?.sourceNode;
  if (!segment || !node) return 0;
  let inCell = Math.max(0, Math.min(offset, segment.end) - segment.start);
  if (typeof node.value === 'string') return rawOffsetInJsonString(facts.fileText, node.start, inCell);
  const items = node.items ?? [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const length = typeof item.value === 'string' ? item.value.length : 0;
    // The end of a line belongs to its own item, except for the last item, which takes the rest.
    if (inCell < length || i === items.length - 1) return rawOffsetInJsonString(facts.fileText, item.start, Math.min(inCell, length));
    inCell -= length;
  }
  return node.start;
}

/** A module range as a range in one cell (an end past the start's cell stops at that cell's end). */
export function cellRangeAt(facts: NotebookFacts, start: number, end: number): { cell: number; start: Position; end: Position } {
  const from = cellPositionAt(facts, start);
  const segment = facts.module.segments.find((s) => s.cell === from.cell);
  const to = cellPositionAt(facts, segment ? Math.min(Math.max(end, start), segment.end) : start);
  return { cell: from.cell, start: { line: from.line, character: from.character }, end: { line: to.line, character: to.character } };
}
