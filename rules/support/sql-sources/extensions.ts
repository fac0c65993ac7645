// SQL text extended with `+=` before it runs (`query += f" AND day = '{day}'"`, often under an
// `if`): the pieces of each appended expression, joined to the template of the first assignment,
// so what is spliced into the appended text is seen too.

import type { FunctionFact, ValueShape } from '../../../server/src/engine/python/facts';
import type { Builder } from './scope';
import { topStrings, trimRange } from './scanning';
import { buildTemplate } from './templates';
import type { SlotPiece, SqlTemplate } from './types';

/** The right-hand sides of `name += …` statements in [from, to). */
export function extensionRanges(b: Builder, name: string, from: number, to: number): Array<{ start: number; end: number }> {
  const { text, py } = b;
  const out: Array<{ start: number; end: number }> = [];
  for (let i = text.indexOf('+=', from); i >= 0 && i < to; i = text.indexOf('+=', i + 2)) {
    let j = i;
    while (j > from && (text.charAt(j - 1) === ' ' || text.charAt(j - 1) === '\t')) j--;
    const at = j - name.length;
    if (at < from || text.slice(at, j) !== name || /[\w.]/.test(text.charAt(at - 1) ?? '')) continue;
    // The value runs to the end of the logical line: strings and brackets may span lines.
    const strings = py.stringsIn(i + 2, to);
    let depth = 0;
    let end = i + 2;
    let si = 0;
    for (; end < to; end++) {
      while (si < strings.length && strings[si].end <= end) si++;
      if (si < strings.length && strings[si].start <= end) {
        end = strings[si].end - 1;
        continue;
      }
      const c = text.charAt(end);
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if ((c === '\n' || c === '#') && depth <= 0 && text.charAt(end - 1) !== '\\') break;
    }
    out.push(trimRange(text, i + 2, end));
  }
  return out;
}

/** How an appended expression builds its text, read from its source. */
function shapeOf(b: Builder, start: number, end: number): ValueShape {
  const strings = topStrings(b.py, start, end);
  const whole = strings.length === 1 && strings[0].start === start && strings[0].end === end;
  const kind: ValueShape['kind'] = whole ? (strings[0].isFString ? 'fstring' : 'literal') : /\.format\s*\(/.test(b.text.slice(start, end)) ? 'format-call' : 'concat';
  return { kind, start, end, inserted: [], insertsExpression: false };
}

/** The base template followed by every appended expression's pieces, with their offsets in the joined text. */
export function withExtensions(b: Builder, base: SqlTemplate, name: string, fn: FunctionFact | null, from: number, to: number): SqlTemplate {
  let { text } = base;
  const pieces = [...base.pieces];
  const offsets = new Map<SlotPiece, number>(base.offsets);
  for (const range of extensionRanges({ ...b, fn }, name, from, to)) {
    const appended = buildTemplate({ ...b, fn }, shapeOf(b, range.start, range.end), null, 1);
    if (!appended) continue;
    const shift = text.length + 1;
    text += ` ${appended.text}`;
    pieces.push(...appended.pieces);
    for (const [slot, offset] of appended.offsets) offsets.set(slot, offset + shift);
  }
  return { ...base, pieces, text, offsets, extended: true };
}
