// Edits around one statement: whether an expression is a statement of its own line(s), where
// the lines before and after it start, inserting rendered snippet lines there with the
// statement's indentation and the file's line ending, and splitting a rendered snippet around
// its template line (the line a fix replaces with the user's own statement). Shared by PW201
// and PW202.

import type { TextEdit } from '../../server/src/engine/types';
import { lineEnding } from '../../server/src/engine/python/edits';
import { renderSnippet } from '../../server/src/engine/snippets';
import type { SourceText } from '../../server/src/engine/source-text';

export function lineStartOf(text: SourceText, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEndOf(text: SourceText, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

/** The expression is a statement of its own: alone on its line(s) apart from a comment. */
export function isBareStatement(text: SourceText, start: number, end: number): boolean {
  const lineStart = lineStartOf(text, start);
  if (!/^[ \t]*$/.test(text.slice(lineStart, start))) return false;
  return /^[ \t]*(#.*)?\r?$/.test(text.slice(end, lineEndOf(text, end)));
}

export interface Statement {
  /** Start of the statement's first line. */
  start: number;
  end: number;
  indent: string;
  /** Offset where lines after the statement go (start of the next line, or the end of the text). */
  after: number;
  atEnd: boolean;
}

/** The statement spanning [start, end) when it stands on its own lines, else null. */
export function statementAt(text: SourceText, start: number, end: number): Statement | null {
  if (!isBareStatement(text, start, end)) return null;
  const lineStart = lineStartOf(text, start);
  const lineEnd = lineEndOf(text, end);
  return {
    start: lineStart,
    end,
    indent: text.slice(lineStart, start),
    after: lineEnd < text.length ? lineEnd + 1 : text.length,
    atEnd: lineEnd >= text.length,
  };
}

/** A point right before the statement starting at `start` (for inserting lines above it), or null. */
export function lineBefore(text: SourceText, start: number): Statement | null {
  const lineStart = lineStartOf(text, start);
  if (!/^[ \t]*$/.test(text.slice(lineStart, start))) return null;
  return { start: lineStart, end: start, indent: text.slice(lineStart, start), after: lineStart, atEnd: false };
}

/** Edits inserting `before` lines above the statement and `after` lines below it, indented like it. */
export function insertLines(text: SourceText, statement: Statement, before: string[], after: string[]): TextEdit[] {
  const eol = lineEnding(text);
  const edits: TextEdit[] = [];
  const indentLine = (line: string) => (line === '' ? '' : statement.indent + line);
  if (before.length > 0) edits.push({ start: statement.start, end: statement.start, newText: before.map((l) => indentLine(l) + eol).join('') });
  if (after.length > 0) {
    const body = after.map(indentLine);
    edits.push({
      start: statement.after,
      end: statement.after,
      newText: statement.atEnd ? eol + body.join(eol) : body.map((l) => l + eol).join(''),
    });
  }
  return edits;
}

/** The lines of a rendered snippet before and after its template line (the first one containing `marker`). */
export function snippetAround(prefix: string, values: Record<string, string>, marker: string): { before: string[]; after: string[] } {
  const lines = renderSnippet(prefix, values).split('\n');
  const at = lines.findIndex((l) => l.includes(marker));
  if (at < 0) throw new Error(`snippet ${prefix} has no line containing ${marker}`);
  return { before: lines.slice(0, at), after: lines.slice(at + 1) };
}
