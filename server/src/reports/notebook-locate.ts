// Where a finding in a notebook is, for reports: the cell ("cell 3", counting every cell as
// Jupyter and Databricks show them, markdown included) with a line and column inside it, and the
// place in the file itself (SARIF, whose consumers show the file). A Jupyter notebook's code is
// inside the .ipynb's JSON strings; a Databricks source notebook is plain text, so its file
// places are its own lines, and reports give those (`positionsInCells` false): terminals, CI
// annotations and editors open the file at a file line; the cell is added as information.

import { LineIndex } from '../engine/line-index';
import { databricksCells, type DatabricksCell } from '../engine/notebook/databricks';
import { cellRangeAt, fileOffsetAt, type NotebookFacts } from '../engine/notebook/notebook-facts';
import { rangeOf, type SourceRange } from './locate';

export interface CellRange extends SourceRange {
  /** 1-based cell number, markdown and raw cells counted. */
  cell: number;
}

/** How reports place a finding of a notebook. */
export interface CellLocator {
  /** 1-based line and column inside the cell (end column exclusive). */
  cellRange(start: number, end: number): CellRange;
  /** The range in the file's own text. */
  fileRange(start: number, end: number): SourceRange;
  /** The code is held in JSON strings: edits of the file's text cannot be offered as they are (SARIF replacements). */
  readonly codeInJson: boolean;
  /**
   * Reports give lines and columns inside the cell (a .ipynb, whose file lines mean nothing to its
   * readers) rather than the file's own (a Databricks export, a plain text file).
   */
  readonly positionsInCells: boolean;
}

/** A Jupyter notebook: offsets are in its code cells joined as one module. */
export class NotebookLocator implements CellLocator {
  readonly codeInJson = true;
  readonly positionsInCells = true;
  private fileLines: LineIndex | undefined;

  constructor(readonly facts: NotebookFacts) {}

  cellRange(start: number, end: number): CellRange {
    const range = cellRangeAt(this.facts, start, end);
    return { cell: range.cell + 1, line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
  }

  fileRange(start: number, end: number): SourceRange {
    this.fileLines ??= new LineIndex(this.facts.fileText);
    const fileStart = fileOffsetAt(this.facts, start);
    return rangeOf(this.fileLines, fileStart, Math.max(fileStart, fileOffsetAt(this.facts, end)));
  }
}

/**
 * A Databricks source notebook: offsets are the file's. A cell's first line is its first line
 * after the `# COMMAND ----------` separator and the blank lines Databricks writes around it, so
 * lines inside a cell count as in the notebook UI (and as in the same notebook saved as .ipynb).
 */
export class DatabricksLocator implements CellLocator {
  readonly codeInJson = false;
  readonly positionsInCells = false;
  private readonly cells: PlacedCell[];

  constructor(private readonly text: string, private readonly lines: LineIndex) {
    this.cells = databricksCells(text).map((cell) => ({ ...cell, codeStart: firstContentLine(text, cell.start, cell.end) }));
  }

  cellRange(start: number, end: number): CellRange {
    const cell = this.cellAt(start);
    if (!cell) return { cell: 1, ...rangeOf(this.lines, start, end) };
    const at = (offset: number) => {
      const position = this.lines.positionAt(Math.max(cell.codeStart, Math.min(offset, cell.end)));
      // Databricks shows a MAGIC cell without its `# MAGIC ` prefixes: columns count from the text after them.
      const lineStart = this.lines.offsetAt({ line: position.line, character: 0 });
      const prefix = MAGIC_PREFIX.exec(this.text.slice(lineStart, lineStart + 8))?.[0].length ?? 0;
      return { line: position.line - this.lines.positionAt(cell.codeStart).line + 1, column: Math.max(0, position.character - prefix) + 1 };
    };
    const from = at(start);
    const to = at(Math.max(start, end));
    return { cell: cell.index + 1, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  fileRange(start: number, end: number): SourceRange {
    return rangeOf(this.lines, start, end);
  }

  /** The cell holding the offset; on the header or a separator, the cell after it. */
  private cellAt(offset: number): PlacedCell | undefined {
    return this.cells.find((cell) => offset <= cell.end) ?? this.cells[this.cells.length - 1];
  }
}

const MAGIC_PREFIX = /^# MAGIC ?/;

type PlacedCell = DatabricksCell & { codeStart: number };

/** Offset of the first line of [start, end] that is not blank (start when all are). */
function firstContentLine(text: string, start: number, end: number): number {
  let at = start;
  while (at < end) {
    const newline = text.indexOf('\n', at);
    const lineEnd = newline < 0 || newline > end ? end : newline;
    if (text.slice(at, lineEnd).trim() !== '') return at;
    if (newline < 0 || newline >= end) break;
    at = newline + 1;
  }
  return start;
}
