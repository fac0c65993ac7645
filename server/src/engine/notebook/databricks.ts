// Databricks notebooks exported as Python source: the first line is `# Databricks notebook
// source`, cells are separated by `# COMMAND ----------`, and cells in another language are
// written as `# MAGIC %sql` / `# MAGIC %python` / `# MAGIC %md` lines. The file is valid Python
// as it is (MAGIC lines are comments); the analysis text turns SQL cells into `ss.sql("""…""")`
// statements and `%python` cells into an `if 1:` block, without moving any offset, so the
// SQL-aware rules read them and findings land on the file's own lines.

import { commentOut, neutraliseMagics } from './magics';
import type { SourceText } from '../source-text';

export const DATABRICKS_HEADER = '# Databricks notebook source';
const SEPARATOR = /^# COMMAND -{5,}[ \t]*$/;
const MAGIC = /^# MAGIC ?/;
/** A magic or shell escape written without `# MAGIC ` (`%pip install x`, `!ls`). */
const RAW_MAGIC = /^[ \t]*[%!]/;

export interface DatabricksCell {
  /** Cell index (0-based, in file order). */
  index: number;
  /** Offsets of the cell's lines in the file (separator lines excluded). */
  start: number;
  end: number;
  language: 'python' | 'sql' | 'markdown' | 'other';
}

export function isDatabricksNotebook(text: SourceText): boolean {
  // Its first characters only: the text may be an editor's document in blocks.
  const head = text.slice(0, DATABRICKS_HEADER.length + 1);
  return head.startsWith(DATABRICKS_HEADER) || head.startsWith(`\ufeff${DATABRICKS_HEADER}`);
}

interface Line {
  start: number;
  /** End of the line's content (before its line break). */
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const content = text.slice(start, end).replace(/\r$/, '');
    out.push({ start, end: start + content.length, text: content });
    if (newline < 0) break;
    start = newline + 1;
  }
  return out;
}

function languageOf(lines: readonly Line[]): DatabricksCell['language'] {
  const first = lines.find((l) => l.text.trim() !== '');
  const magic = first ? /^# MAGIC\s+%(\w+)/.exec(first.text)?.[1]?.toLowerCase() : undefined;
  if (!magic) return 'python';
  if (magic === 'sql') return 'sql';
  if (magic === 'python') return 'python';
  if (magic === 'md' || magic === 'md-sandbox') return 'markdown';
  return 'other';
}

export function databricksCells(text: string): DatabricksCell[] {
  const cells: DatabricksCell[] = [];
  let current: Line[] = [];
  const flush = () => {
    const body = current.filter((l) => !l.text.startsWith(DATABRICKS_HEADER) && !l.text.startsWith(`\ufeff${DATABRICKS_HEADER}`));
    if (body.length > 0) cells.push({ index: cells.length, start: body[0].start, end: body[body.length - 1].end, language: languageOf(body) });
    current = [];
  };
  for (const line of linesOf(text)) {
    if (SEPARATOR.test(line.text)) flush();
    else current.push(line);
  }
  flush();
  return cells;
}

/** The cell holding a file offset (null on separator lines or the header). */
export function databricksCellAt(cells: readonly DatabricksCell[], offset: number): DatabricksCell | null {
  return cells.find((c) => c.start <= offset && offset <= c.end) ?? null;
}

/**
 * The text the rules analyse: the file with SQL cells made into `ss.sql("""…""")` calls and
 * `%python` MAGIC cells into an `if 1:` block, every offset of the file unchanged. Text may be
 * appended after the file's end (the closing of a SQL cell that ends the file).
 */
export function databricksAnalysisText(text: string, cells: readonly DatabricksCell[] = databricksCells(text)): string {
  const replacements: Array<{ at: number; text: string }> = [];
  let appended = '';
  const lines = linesOf(text);
  const setAt = (at: number, replacement: string) => replacements.push({ at, text: replacement });
  for (const cell of cells) {
    const cellLines = lines.filter((l) => l.start >= cell.start && l.end <= cell.end);
    if (cell.language === 'python' && !cellLines.some((l) => MAGIC.test(l.text))) {
      // Newer exports write some magics as they are (`%pip install …`, `%run ./x`): neutralised as in a .ipynb, at the same length.
      if (cellLines.some((l) => RAW_MAGIC.test(l.text))) {
        const source = text.slice(cell.start, cell.end);
        const neutral = neutraliseMagics(source);
        const code = neutral.cellMagic === null ? neutral.text : commentOut(source);
        if (code !== source) setAt(cell.start, code);
      }
      continue;
    }
    if (cell.language !== 'sql' && cell.language !== 'python') continue;
    if (!cellLines.every((l) => l.text.trim() === '' || MAGIC.test(l.text))) continue;
    const first = cellLines.findIndex((l) => /^# MAGIC\s+%(sql|python)\b/.test(l.text));
    if (first < 0) continue;
    if (cell.language === 'sql' && cellLines.some((l) => l.text.includes('"""'))) continue;
    const head = cellLines[first];
    const opening = cell.language === 'sql' ? 'ss.sql("""' : 'if 1:';
    if (head.text.length < opening.length) continue;
    setAt(head.start, opening.padEnd(head.text.length, ' '));
    for (const line of cellLines.slice(first + 1)) {
      const prefix = MAGIC.exec(line.text)?.[0];
      if (prefix) setAt(line.start, ' '.repeat(prefix.length));
    }
    if (cell.language !== 'sql') continue;
    // Close the string on the separator line that follows the cell: `# COMMAND ---` → `""")#MAND ---`.
    const separator = lines.find((l) => l.start > cell.end && SEPARATOR.test(l.text));
    if (separator) setAt(separator.start, '""")#');
    else appended += '\n""")\n';
  }
  replacements.sort((a, b) => a.at - b.at);
  let out = '';
  let cursor = 0;
  for (const r of replacements) {
    out += text.slice(cursor, r.at) + r.text;
    cursor = r.at + r.text.length;
  }
  return out + text.slice(cursor) + appended;
}

/**
 * The parts of a Databricks notebook that its analysis text rewrites (SQL and `%python` MAGIC
 * cells with the separator after them): a fix must not edit them, its offsets would be the
 * analysis text's, not the file's.
 */
export function rewrittenRanges(text: string, analysisText: string): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  let at = 0;
  while (at < text.length) {
    if (text.charCodeAt(at) === analysisText.charCodeAt(at)) {
      at++;
      continue;
    }
    const start = text.lastIndexOf('\n', at) + 1;
    let end = text.indexOf('\n', at);
    end = end < 0 ? text.length : end;
    const last = ranges[ranges.length - 1];
    if (last && last.end + 1 >= start) last.end = end;
    else ranges.push({ start, end });
    at = end + 1;
  }
  if (analysisText.length > text.length) ranges.push({ start: text.length, end: analysisText.length });
  return ranges;
}

/** What the rules need to know of a Databricks notebook they read through its analysis text. */
export interface DatabricksFacts {
  /** The file's own length (the analysis text may be longer). */
  fileLength: number;
  /** Ranges the analysis text rewrites: no fix may edit them (see rewrittenRanges). */
  rewritten: Array<{ start: number; end: number }>;
}

/** The analysis text of a Databricks notebook, with its facts. */
export function databricksSource(text: string): { analysisText: string; facts: DatabricksFacts } {
  const analysisText = databricksAnalysisText(text);
  return { analysisText, facts: { fileLength: text.length, rewritten: rewrittenRanges(text, analysisText) } };
}

/** Whether an edit of the analysis text is an edit of the file: outside what the analysis rewrites. */
export function editsFile(facts: DatabricksFacts, edit: { start: number; end: number }): boolean {
  return edit.end <= facts.fileLength && !facts.rewritten.some((r) => edit.start <= r.end && r.start <= edit.end);
}

/** The findings with only the fixes that edit the file itself (never a rewritten SQL or `%python` MAGIC cell). */
export function withFileFixes<F extends { fixes: ReadonlyArray<{ edits: ReadonlyArray<{ start: number; end: number }> }> }>(facts: DatabricksFacts, findings: F[]): F[] {
  return findings.map((finding) => {
    const fixes = finding.fixes.filter((fix) => fix.edits.every((edit) => editsFile(facts, edit)));
    return fixes.length === finding.fixes.length ? finding : { ...finding, fixes };
  });
}
