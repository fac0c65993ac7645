// Source scanning for SQL templates: outermost string literals, splitting at top-level `+`/`,`,
// parentheses, decoding a literal's text for analysis, f-string field expressions, brackets.

import type { StringFact } from '../../../server/src/engine/python/facts';
import type { PythonFacts } from '../../../server/src/engine/python/python-facts';
import type { PieceOrigin } from './types';
import type { SourceText } from '../../../server/src/engine/source-text';

/** Ranges of string literals in [start, end), outermost only (strings nested in f-string fields are skipped). */
export function topStrings(py: PythonFacts, start: number, end: number): StringFact[] {
  const out: StringFact[] = [];
  let covered = -1;
  for (const s of py.stringsIn(start, end)) {
    if (s.end > end) break;
    if (s.start < covered) continue;
    out.push(s);
    covered = s.end;
  }
  return out;
}

/**
 * Splits `text.slice(start, end)` at top-level occurrences of `separator` (`+` or `,`), skipping
 * string literals (known from the facts) and brackets. Ranges are trimmed of whitespace.
 */
export function splitTopLevel(text: SourceText, start: number, end: number, separator: string, strings: StringFact[]): Array<{ start: number; end: number }> {
  const parts: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let partStart = start;
  let si = 0;
  for (let i = start; i < end; i++) {
    while (si < strings.length && strings[si].end <= i) si++;
    if (si < strings.length && strings[si].start <= i && i < strings[si].end) {
      i = strings[si].end - 1;
      continue;
    }
    const ch = text.charAt(i);
    if (ch === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= end ? end : nl;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (depth === 0 && ch === separator) {
      parts.push(trimRange(text, partStart, i));
      partStart = i + 1;
    }
  }
  parts.push(trimRange(text, partStart, end));
  return parts;
}

export function trimRange(text: SourceText, start: number, end: number): { start: number; end: number } {
  while (start < end && /[\s\\]/.test(text.charAt(start))) start++;
  while (end > start && /[\s\\]/.test(text.charAt(end - 1))) end--;
  return { start, end };
}

/** `( … )` around the whole range: the inner range, else null. */
export function unparenthesize(text: SourceText, start: number, end: number, strings: StringFact[]): { start: number; end: number } | null {
  if (text.charAt(start) !== '(' || text.charAt(end - 1) !== ')') return null;
  // The first '(' closes at the last ')' only if the text between them is balanced.
  let depth = 0;
  let si = 0;
  for (let i = start + 1; i < end - 1; i++) {
    while (si < strings.length && strings[si].end <= i) si++;
    if (si < strings.length && strings[si].start <= i && i < strings[si].end) {
      i = strings[si].end - 1;
      continue;
    }
    if (text.charAt(i) === '(') depth++;
    else if (text.charAt(i) === ')' && --depth < 0) return null;
  }
  return trimRange(text, start + 1, end - 1);
}

export function decodeForAnalysis(raw: string, isRaw: boolean, origin: PieceOrigin): string {
  let out = isRaw ? raw : raw.replace(/\\(\r?\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_m, esc: string) => {
    if (esc === 'n' || esc === 't' || esc === 'r') return ' ';
    if (esc.startsWith('\n') || esc.startsWith('\r')) return '';
    if (esc.length > 1 && (esc[0] === 'x' || esc[0] === 'u')) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return esc;
  });
  if (origin === 'fstring' || origin === 'format') out = out.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  if (origin === 'percent') out = out.replace(/%%/g, '%');
  return out;
}

/** The expression of an f-string field `{expr!r:>10}` → its range. */
export function fieldExpression(text: SourceText, start: number, end: number): { start: number; end: number } {
  const open = start + 1;
  const close = text.charAt(end - 1) === '}' ? end - 1 : end;
  let depth = 0;
  let quote = '';
  for (let i = open; i < close; i++) {
    const ch = text.charAt(i);
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (depth === 0 && ch === '!' && text.charAt(i + 1) !== '=') return trimRange(text, open, i);
    else if (depth === 0 && ch === ':') return trimRange(text, open, i);
    else if (depth === 0 && ch === '=' && !/[=!<>]/.test(text.charAt(i - 1)) && text.charAt(i + 1) !== '=' && /^\s*([!:]|$)/.test(text.slice(i + 1, close))) return trimRange(text, open, i);
  }
  return trimRange(text, open, close);
}

/** Index of the bracket closing the one `text` starts with (quotes skipped), or -1. */
export function closingBracket(text: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && --depth === 0) return i;
  }
  return -1;
}
