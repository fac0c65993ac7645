// Reading a scope's source as text where the facts say nothing: top-level operators of an
// expression (with strings, comments and bracket insides blanked), and the bindings that are no
// assignment fact — `a, b = …`, `x += …`, loop and comprehension variables, `with … as x`.

import type { LoopFact, StringFact } from '../../server/src/engine/python/facts';
import type { SourceText } from '../../server/src/engine/source-text';

export interface Range {
  start: number;
  end: number;
}

const NAME = /^[A-Za-z_]\w*$/;

/**
 * `text.slice(start, end)` with string literals, comments and the insides of brackets blanked, so
 * top-level operators can be found with regular expressions at the same offsets.
 */
export function masked(text: SourceText, start: number, end: number, strings: readonly StringFact[]): string {
  let out = '';
  let depth = 0;
  let si = 0;
  for (let i = start; i < end; i++) {
    while (si < strings.length && strings[si].end <= i) si++;
    if (si < strings.length && strings[si].start <= i && i < strings[si].end) {
      const stop = Math.min(strings[si].end, end);
      out += (depth > 0 ? '_' : 'S').repeat(stop - i);
      i = stop - 1;
      continue;
    }
    const ch = text.charAt(i);
    if (ch === '#') {
      const nl = text.indexOf('\n', i);
      const stop = nl < 0 || nl >= end ? end : nl;
      out += (depth > 0 ? '_' : ' ').repeat(stop - i);
      i = stop - 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') {
      out += depth === 0 ? ch : '_';
      depth++;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      out += depth === 0 ? ch : '_';
    } else out += depth > 0 ? '_' : ch === '\n' || ch === '\t' || ch === '\r' || ch === '\\' ? ' ' : ch;
  }
  return out;
}

/** A binding of a name that is no plain assignment fact: `a, b = …`, `x += …`, `for … in …`, `with … as x`. */
export interface TextBinding {
  names: string[];
  value: Range;
  /** A loop or comprehension variable: where the binding holds (the loop, the brackets). */
  scope?: Range;
}

/** Splits at the matches of a top-level operator found in the masked text. */
export function splitAt(mask: string, operator: RegExp, start: number, end: number): Range[] {
  const out: Range[] = [];
  let from = 0;
  for (const match of mask.matchAll(operator)) {
    out.push({ start: start + from, end: start + match.index });
    from = match.index + match[0].length;
  }
  out.push({ start: start + from, end });
  return out;
}

const TUPLE_ASSIGNMENT = /^[ \t]*((?:[A-Za-z_][\w.]*\s*,\s*)+[A-Za-z_][\w.]*\s*,?|\(\s*[\w\s,.]+\))\s*=(?!=)/gm;
const AUGMENTED = /^[ \t]*([A-Za-z_]\w*)\s*\+=/gm;
/** Loop targets are short: the lazy target is bounded so a long run of spaces cannot make the scan quadratic. */
const FOR_IN = /\bfor\s+(?!\s)\(?\s*([A-Za-z_][\w\s,()]{0,200}?)\s*\)?\s+in\s+/g;
const WITH_AS = /\bas\s+([A-Za-z_]\w*)\s*[:,)]/g;

export function collectTextBindings(text: SourceText, range: Range, strings: readonly StringFact[], loops: readonly LoopFact[], out: TextBinding[]): void {
  const mask = masked(text, range.start, range.end, strings);
  const lineEnd = (from: number) => {
    // The value runs to the end of the logical line: brackets are blanked, so a newline outside them ends it.
    const nl = mask.indexOf('\n', from);
    return nl < 0 ? mask.length : nl;
  };
  for (const match of mask.matchAll(TUPLE_ASSIGNMENT)) {
    const names = match[1].replace(/[()]/g, '').split(',').map((n) => n.trim()).filter(Boolean);
    const from = match.index + match[0].length;
    out.push({ names, value: { start: range.start + from, end: range.start + lineEnd(from) } });
  }
  for (const match of mask.matchAll(AUGMENTED)) {
    const from = match.index + match[0].length;
    out.push({ names: [match[1]], value: { start: range.start + from, end: range.start + lineEnd(from) } });
  }
  // `for a, b in <iterable>` (statements and comprehensions): the iterable ends at `:`, a closing bracket, `if` or `for`.
  const blanked = stringsBlanked(text, range, strings);
  for (const match of blanked.matchAll(FOR_IN)) {
    const names = match[1].replace(/[()]/g, '').split(',').map((n) => n.trim()).filter((n) => NAME.test(n));
    const from = match.index + match[0].length;
    const end = iterableEnd(text, range.start + from, range.end);
    if (names.length === 0 || end <= range.start + from) continue;
    const at = range.start + match.index;
    const loop = loops.find((l) => l.kind === 'for' && (l.start === at || text.slice(l.start, at).trim() === 'async'));
    out.push({ names, value: { start: range.start + from, end }, scope: loop ? { start: loop.start, end: loop.end } : enclosingBrackets(blanked, match.index, range.start) });
  }
  for (const match of mask.matchAll(WITH_AS)) {
    const line = mask.lastIndexOf('\n', match.index) + 1;
    const head = /^\s*(async\s+)?with\s+/.exec(mask.slice(line, match.index));
    if (!head) continue;
    out.push({ names: [match[1]], value: { start: range.start + line + head[0].length, end: range.start + match.index } });
  }
}

/** The text with string literals and comments blanked (brackets kept, so comprehensions stay visible). */
function stringsBlanked(text: SourceText, range: Range, strings: readonly StringFact[]): string {
  let out = '';
  let at = range.start;
  for (const s of strings) {
    if (s.start < at || s.end > range.end) continue;
    out += text.slice(at, s.start);
    // An f-string's fields stay: comprehensions are written in them too.
    let from = s.start;
    for (const field of s.interpolations) {
      out += 'S'.repeat(field.start - from) + text.slice(field.start, field.end);
      from = field.end;
    }
    out += 'S'.repeat(s.end - from);
    at = s.end;
  }
  out += text.slice(at, range.end);
  return out.replace(/#[^\n]*/g, (c) => ' '.repeat(c.length));
}

/** The brackets around offset `index` of `blanked` (a comprehension's), as a document range; undefined at top level. */
function enclosingBrackets(blanked: string, index: number, base: number): Range | undefined {
  let depth = 0;
  for (let i = index - 1; i >= 0; i--) {
    const c = blanked[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) {
        let close = i;
        let d = 0;
        for (let j = i; j < blanked.length; j++) {
          const cj = blanked[j];
          if (cj === '(' || cj === '[' || cj === '{') d++;
          else if ((cj === ')' || cj === ']' || cj === '}') && --d === 0) {
            close = j;
            break;
          }
        }
        return { start: base + i, end: base + close + 1 };
      }
      depth--;
    }
  }
  return undefined;
}

/** Where a `for … in` iterable ends: the `:` of a statement, the bracket closing a comprehension, or its `if`/`for`. */
function iterableEnd(text: SourceText, start: number, end: number): number {
  let depth = 0;
  let quote = '';
  for (let i = start; i < end; i++) {
    const c = text.charAt(i);
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && (c === ':' || c === '\n')) return i;
    else if (depth === 0 && /^\s(if|for)\s/.test(text.slice(i, i + 5))) return i;
  }
  return end;
}
