// An open document's text as the LSP sees it (`TextDocument`: positions ↔ offsets, versions), kept
// as a ChunkedText so a keystroke does not build a new string of the whole document
// (engine/source-text.ts). Changes are applied in place, as `TextDocument.update` does; line
// starts are kept from the changes. `getText()` joins the whole text, once per version.

import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lastAtOrBefore, lineStartsIn } from '../engine/line-index';
import { ChunkedText } from '../engine/source-text';

const isLineBreak = (code: number) => code === 10 || code === 13;


export class LiveTextDocument implements TextDocument {
  private content: ChunkedText;
  /** Where each line starts; the first is 0. */
  private lineStarts: number[];

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private versionNumber: number,
    text: string,
  ) {
    this.content = ChunkedText.of(text);
    this.lineStarts = [0, ...lineStartsIn(text, 0)];
  }

  get version(): number {
    return this.versionNumber;
  }

  /** The text of this version, read in parts (what analysis reads). */
  get source(): ChunkedText {
    return this.content;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  getText(range?: Range): string {
    if (range) return this.content.slice(this.offsetAt(range.start), this.offsetAt(range.end));
    return this.content.toString();
  }

  /** Applies the changes in order (as `TextDocument.update` does) and takes the new version. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change) this.replace(change.range, change.text);
      else {
        this.content = ChunkedText.of(change.text);
        this.lineStarts = [0, ...lineStartsIn(change.text, 0)];
      }
    }
    this.versionNumber = version;
  }

  positionAt(offset: number): Position {
    const at = Math.max(Math.min(offset, this.content.length), 0);
    const line = this.lineAt(at);
    return { line, character: this.beforeLineBreak(at, this.lineStarts[line]) - this.lineStarts[line] };
  }

  /** Whether `positionAt(offset)` is `line`, `character`, without looking the line up. */
  isAt(offset: number, line: number, character: number): boolean {
    const at = Math.max(Math.min(offset, this.content.length), 0);
    const lineStart = this.lineStarts[line];
    if (lineStart === undefined || at < lineStart || (line + 1 < this.lineStarts.length && at >= this.lineStarts[line + 1])) return false;
    return this.beforeLineBreak(at, lineStart) - lineStart === character;
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.content.length;
    if (position.line < 0) return 0;
    const lineStart = this.lineStarts[position.line];
    if (position.character <= 0) return lineStart;
    const nextLineStart = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.content.length;
    return this.beforeLineBreak(Math.min(lineStart + position.character, nextLineStart), lineStart);
  }

  private replace(range: Range, text: string): void {
    // A range given end first is read start first, as by TextDocument.update.
    const [from, to] = comparePositions(range.start, range.end) <= 0 ? [range.start, range.end] : [range.end, range.start];
    const start = this.offsetAt(from);
    const end = this.offsetAt(to);
    // The lines whose starts may change: from the line before the start's to the line after the
    // end's, since joining a \r with a \n (or splitting them) moves where a line starts.
    const firstLine = Math.max(this.lineAt(start) - 1, 0);
    const lastLine = Math.min(this.lineAt(end) + 1, this.lineStarts.length - 1);
    const rescanEnd = lastLine + 1 < this.lineStarts.length ? this.lineStarts[lastLine + 1] : this.content.length;
    this.content = this.content.replace(start, end, text);
    const delta = text.length - (end - start);
    const regionStart = this.lineStarts[firstLine];
    const region = this.content.slice(regionStart, rescanEnd + delta);
    const starts = lineStartsIn(region, regionStart);
    // A region ending in a line break: the next line's start is the rescanned line's, kept below.
    const rescanned = starts.length > 0 && starts[starts.length - 1] === rescanEnd + delta && lastLine + 1 < this.lineStarts.length ? starts.slice(0, -1) : starts;
    const replaced = lastLine - firstLine;
    if (rescanned.length === replaced) {
      // As many lines as before (no line break typed or deleted): updated in place, so a keystroke
      // does not copy the start of every line of the document.
      const lineStarts = this.lineStarts;
      for (let k = 0; k < replaced; k++) lineStarts[firstLine + 1 + k] = rescanned[k];
      for (let i = lastLine + 1; i < lineStarts.length; i++) lineStarts[i] += delta;
      return;
    }
    const after = this.lineStarts.slice(lastLine + 1);
    for (let i = 0; i < after.length; i++) after[i] += delta;
    this.lineStarts = [...this.lineStarts.slice(0, firstLine + 1), ...rescanned, ...after];
  }

  private lineAt(offset: number): number {
    return lastAtOrBefore(this.lineStarts, offset);
  }

  /** An offset inside a line break moves back to the end of the line's content. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    while (offset > lineStart && isLineBreak(this.content.charCodeAt(offset - 1))) offset--;
    return offset;
  }
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
