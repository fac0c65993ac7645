import type { DocumentFacts } from './document';
import type { Finding } from './types';
import type { SourceText } from './source-text';
// Suppression comments: `# pipewise: ignore[PW101]` (or `ignore` for every rule) at the end of a
// line or alone on the line above; `# pipewise: ignore-file[PW304]` within the first 10 lines.

export interface Suppressions {
  file: Set<string> | 'all' | null;
  /** Zero-based line → rules ignored on it. */
  lines: Map<number, Set<string> | 'all'>;
}

const DIRECTIVE = /[#;]\s*pipewise:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?/g;
const FILE_DIRECTIVE_LINES = 10;

function addRules(target: Set<string> | 'all' | null | undefined, ids: string[] | 'all'): Set<string> | 'all' {
  if (ids === 'all' || target === 'all') return 'all';
  const set = target ?? new Set<string>();
  for (const id of ids) set.add(id);
  return set;
}

export function parseSuppressions(text: string): Suppressions {
  const result: Suppressions = { file: null, lines: new Map() };
  if (!text.includes('pipewise:')) return result;
  // Split like LineIndex does (\r\n, \r or \n) so line numbers agree with finding positions.
  const lines = text.split(/\r\n|\r|\n/);
  for (let line = 0; line < lines.length; line++) {
    const content = lines[line];
    if (content.includes('pipewise:')) {
      for (const match of content.matchAll(DIRECTIVE)) {
        const ids = match[2] === undefined ? 'all' : match[2].split(',').map((s) => s.trim()).filter(Boolean);
        if (match[1] === 'ignore-file') {
          if (line < FILE_DIRECTIVE_LINES) result.file = addRules(result.file, ids);
          continue;
        }
        const standalone = content.slice(0, match.index).trim() === '';
        const target = standalone ? line + 1 : line;
        result.lines.set(target, addRules(result.lines.get(target), ids));
        if (standalone) result.lines.set(line, addRules(result.lines.get(line), ids));
      }
    }
  }
  return result;
}

function covers(entry: Set<string> | 'all' | null | undefined, ruleId: string): boolean {
  return entry === 'all' || (entry instanceof Set && entry.has(ruleId));
}

export function isSuppressed(suppressions: Suppressions, ruleId: string, line: number): boolean {
  return covers(suppressions.file, ruleId) || covers(suppressions.lines.get(line), ruleId);
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** The line holding `offset` (lines end at \r\n, \r or \n, like LineIndex): [start, end) without the break. */
function lineAround(text: SourceText, at: number): { start: number; end: number } {
  // Between the \r and the \n of one break is still the line before it.
  const offset = at > 0 && text.charCodeAt(at - 1) === 13 && text.charCodeAt(at) === 10 ? at - 1 : at;
  let start = Math.min(offset, text.length);
  while (start > 0 && !isLineBreak(text.charCodeAt(start - 1))) start--;
  let end = Math.min(offset, text.length);
  while (end < text.length && !isLineBreak(text.charCodeAt(end))) end++;
  return { start, end };
}

/** Rules a line's directives ignore on that line: all of them, or only standalone ones (for the line below). */
function directivesOn(line: string, standaloneOnly: boolean): Set<string> | 'all' | null {
  if (!line.includes('pipewise:')) return null;
  let found: Set<string> | 'all' | null = null;
  for (const match of line.matchAll(DIRECTIVE)) {
    if (match[1] === 'ignore-file') continue;
    if (standaloneOnly && line.slice(0, match.index).trim() !== '') continue;
    found = addRules(found, match[2] === undefined ? 'all' : match[2].split(',').map((id) => id.trim()).filter(Boolean));
  }
  return found;
}

/**
 * Whether a finding at `offset` is suppressed, reading only its line, the line above and the
 * file directives (`parseSuppressions(text).file`): what parseSuppressions decides, without
 * splitting the whole text on every keystroke.
 */
export function isSuppressedAt(text: SourceText, offset: number, ruleId: string, file: Suppressions['file']): boolean {
  if (covers(file, ruleId)) return true;
  const own = lineAround(text, offset);
  if (covers(directivesOn(text.slice(own.start, own.end), false), ruleId)) return true;
  if (own.start === 0) return false;
  // The line above ends with \n, \r or \r\n.
  let aboveEnd = own.start - 1;
  if (text.charCodeAt(aboveEnd) === 10 && aboveEnd > 0 && text.charCodeAt(aboveEnd - 1) === 13) aboveEnd--;
  const above = lineAround(text, aboveEnd);
  return covers(directivesOn(text.slice(above.start, above.end), true), ruleId);
}

/** The file directives only (`# pipewise: ignore-file[…]` in the first lines). */
export function parseFileSuppressions(text: SourceText): Suppressions['file'] {
  let end = 0;
  for (let line = 0; line < FILE_DIRECTIVE_LINES && end < text.length; line++) {
    end = lineAround(text, end).end;
    if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) end += 2;
    else if (end < text.length) end += 1;
  }
  return parseSuppressions(text.slice(0, end)).file;
}

/**
 * The findings no suppression comment silences (on its line, the line above, its `suppressibleAt`
 * line or the file's first lines). Every directive holds `pipewise:`: a text without it — most
 * modules — keeps them all, and an open document answers that from the blocks an edit rewrote.
 */
export function withoutSuppressed(doc: DocumentFacts, findings: Finding[]): Finding[] {
  const text = doc.sourceText;
  if (!text.includes('pipewise:')) return findings;
  const file = parseFileSuppressions(text);
  return findings.filter((f) => !isSuppressedAt(text, f.start, f.ruleId, file) && (f.suppressibleAt === undefined || !isSuppressedAt(text, f.suppressibleAt, f.ruleId, file)));
}
