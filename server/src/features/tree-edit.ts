// Converts an LSP incremental change into a tree-sitter edit. web-tree-sitter counts indices and
// point columns in UTF-16 code units, like LSP, so offsets and characters carry over unchanged.

import type { Position, Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TreeEdit } from '../engine/python/python-source';

interface Point {
  row: number;
  column: number;
}

function pointOf(position: Position): Point {
  return { row: position.line, column: position.character };
}

/** Where a cursor at `start` ends up after typing `text`. */
function advance(start: Point, text: string): Point {
  let rows = 0;
  let lastBreak = -1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    rows++;
    lastBreak = i;
  }
  return rows === 0 ? { row: start.row, column: start.column + text.length } : { row: start.row + rows, column: text.length - lastBreak - 1 };
}

/** The edit replacing `range` of `before` (the text prior to the change) with `text`. */
export function treeEditOf(before: TextDocument, range: Range, text: string): TreeEdit {
  // Clients may send positions past a line's end; the document clamps them, and so must we.
  const startIndex = before.offsetAt(range.start);
  const oldEndIndex = Math.max(startIndex, before.offsetAt(range.end));
  const startPosition = pointOf(before.positionAt(startIndex));
  return {
    startIndex,
    oldEndIndex,
    newEndIndex: startIndex + text.length,
    startPosition,
    oldEndPosition: pointOf(before.positionAt(oldEndIndex)),
    newEndPosition: advance(startPosition, text),
  };
}
