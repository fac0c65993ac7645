// Reading and extending a call's argument list as text: where a keyword argument starts, what a
// keyword's value is, and the edits that append `name=value` in the call's own layout (one line,
// one argument per line, with or without a trailing comma, comments kept on their lines).
// Shared by PW203 and PW207; a candidate for server/src/engine/python/edits.ts.

import type { ArgFact, CallFact } from '../../server/src/engine/python/facts';
import type { TextEdit } from '../../server/src/engine/types';
import type { SourceText } from '../../server/src/engine/source-text';

/** The keyword argument `name=` of the call, if written. */
export function keywordArg(call: CallFact, name: string): ArgFact | undefined {
  return call.args.find((a) => a.kind === 'keyword' && a.name === name);
}

/** The n-th positional argument (0-based), if written. */
export function positionalArg(call: CallFact, index: number): ArgFact | undefined {
  return call.args.filter((a) => a.kind === 'positional')[index];
}

/** The argument given positionally at `index` or as keyword `name`. */
export function argAt(call: CallFact, index: number, name: string): ArgFact | undefined {
  return keywordArg(call, name) ?? positionalArg(call, index);
}

/** Whether the call passes `**mapping` (which may carry any keyword). */
export function hasDictSplat(call: CallFact): boolean {
  return call.args.some((a) => a.kind === 'dict-splat');
}

/** Where an argument starts in the source, including `name=` for keywords. */
export function argumentStart(text: SourceText, arg: ArgFact): number {
  if (arg.kind !== 'keyword') return arg.start;
  let i = arg.start - 1;
  while (i >= 0 && /\s/.test(text.charAt(i))) i--;
  if (text.charAt(i) === '=') i--;
  while (i >= 0 && /\s/.test(text.charAt(i))) i--;
  while (i >= 0 && /[A-Za-z0-9_]/.test(text.charAt(i))) i--;
  return i + 1;
}

function lineStartOf(text: SourceText, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function indentationAt(text: SourceText, offset: number): { indent: string; firstOnLine: boolean } {
  const start = lineStartOf(text, offset);
  const before = text.slice(start, offset);
  const indent = /^[ \t]*/.exec(before)?.[0] ?? '';
  return { indent, firstOnLine: indent.length === before.length };
}

/**
 * Edits that append `argument` (e.g. `timeout=30`) as the call's last argument, following the
 * call's layout. Returns null when the argument list cannot be located in the text.
 */
export function appendArgumentEdits(text: SourceText, call: CallFact, argument: string): TextEdit[] | null {
  const close = call.argsEnd - 1;
  if (text.charAt(call.argsStart) !== '(' || text.charAt(close) !== ')') return null;
  if (call.args.length === 0) {
    return [{ start: call.argsStart + 1, end: call.argsStart + 1, newText: argument }];
  }
  const last = call.args.reduce((a, b) => (a.end >= b.end ? a : b));
  const gap = text.slice(last.end, close);
  const comma = /^[ \t]*,/.exec(gap);
  const newline = gap.indexOf('\n');
  if (newline < 0) {
    if (comma) return [{ start: close, end: close, newText: `${/\s$/.test(gap) ? '' : ' '}${argument}` }];
    return [{ start: last.end, end: last.end, newText: `, ${argument}` }];
  }
  const lastStart = argumentStart(text, last);
  const { indent: lineIndent, firstOnLine } = indentationAt(text, lastStart);
  const indent = firstOnLine ? lineIndent : ' '.repeat(lastStart - lineStartOf(text, lastStart));
  const lineEnd = last.end + newline;
  if (comma) return [{ start: lineEnd, end: lineEnd, newText: `\n${indent}${argument},` }];
  return [
    { start: last.end, end: last.end, newText: ',' },
    { start: lineEnd, end: lineEnd, newText: `\n${indent}${argument}` },
  ];
}
