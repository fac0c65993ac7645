// Where a finding in a Jupyter notebook is, for reports: the cell ("cell 3", counting every cell
// as Jupyter shows them) with a line and column inside it, and the place in the .ipynb file itself
// (SARIF, whose consumers show the file).

import { LineIndex } from '../engine/line-index';
import { cellRangeAt, fileOffsetAt, type NotebookFacts } from '../engine/notebook/notebook-facts';
import { rangeOf, type SourceRange } from './locate';

export interface CellRange extends SourceRange {
  /** 1-based cell number, markdown and raw cells counted. */
  cell: number;
}

export class NotebookLocator {
  private fileLines: LineIndex | undefined;

  constructor(readonly facts: NotebookFacts) {}

  /** 1-based line and column inside the cell (end column exclusive). */
  cellRange(start: number, end: number): CellRange {
    const range = cellRangeAt(this.facts, start, end);
    return { cell: range.cell + 1, line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
  }

  /** The range in the .ipynb file's text: inside the JSON strings holding the cell's source. */
  fileRange(start: number, end: number): SourceRange {
    this.fileLines ??= new LineIndex(this.facts.fileText);
    const fileStart = fileOffsetAt(this.facts, start);
    return rangeOf(this.fileLines, fileStart, Math.max(fileStart, fileOffsetAt(this.facts, end)));
  }
}
