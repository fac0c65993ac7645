// `%` and `.format()` templates: the pieces of `"… %s …" % args` and `"… {} …".format(args)`,
// each field matched to its argument (positional, named, a dict or tuple of arguments).

import type { AssignmentFact, CallFact, StringFact } from '../../../server/src/engine/python/facts';
import { NAME, type Builder } from './scope';
import { decodeForAnalysis, splitTopLevel, topStrings, trimRange, unparenthesize } from './scanning';
import { expandName } from './templates';
import { nameSafety, slotFor } from './constant-values';
import type { Piece, Site } from './types';

const PERCENT_SPEC = /%(?:\(([A-Za-z_]\w*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

export function percentPieces(b: Builder, start: number, end: number, assignment: AssignmentFact | null, hops: number): { pieces: Piece[]; site: Site } | null {
  if (topStrings(b.py, start, end).length === 0) return null;
  const inner = unparenthesize(b.text, start, end, b.py.stringsIn(start, end));
  const from = inner ?? { start, end };
  const left = topStrings(b.py, from.start, from.end).filter((s, i, all) => i === 0 || /^[\s\\()]*$/.test(b.text.slice(all[i - 1].end, s.start)));
  const lastLeft = left[left.length - 1];
  const op = /^[\s)\\]*%\s*/.exec(b.text.slice(lastLeft.end, from.end));
  if (!op || left.length !== 1) return null;
  return percentPiecesFrom(b, left[0], lastLeft.end + op[0].length, from.end, { start, end, kind: 'percent-format', assignment, foreignTemplate: false }, hops);
}

export function percentPiecesFrom(b: Builder, template: StringFact, argsStart: number, argsEnd: number, site: Site, hops: number): { pieces: Piece[]; site: Site } | null {
  if (template.isFString || template.isBytes) return null;
  const { text, py } = b;
  const raw = text.slice(template.contentStart, template.contentEnd);
  const strings = py.stringsIn(argsStart, argsEnd);
  const argsRange = trimRange(text, argsStart, argsEnd);
  const tuple = unparenthesize(text, argsRange.start, argsRange.end, strings);
  let positional: Array<{ start: number; end: number }>;
  const named = new Map<string, { start: number; end: number }>();
  if (text.charAt(argsRange.start) === '{' && text.charAt(argsRange.end - 1) === '}') {
    positional = [];
    for (const pair of splitTopLevel(text, argsRange.start + 1, argsRange.end - 1, ',', strings)) {
      const key = py.stringsIn(pair.start, pair.end)[0];
      const colon = key ? text.indexOf(':', key.end) : -1;
      if (key && colon > 0 && colon < pair.end) named.set(key.value, trimRange(text, colon + 1, pair.end));
    }
  } else if (tuple) {
    positional = splitTopLevel(text, tuple.start, tuple.end, ',', strings).filter((r) => r.end > r.start);
  } else {
    positional = [argsRange];
  }
  const pieces: Piece[] = [];
  let cursor = 0;
  let index = 0;
  const pushText = (to: number) => {
    if (to <= cursor) return;
    const piece = raw.slice(cursor, to);
    pieces.push({ type: 'text', text: decodeForAnalysis(piece, template.isRaw, 'percent'), raw: piece, rawStart: template.contentStart + cursor, rawEnd: template.contentStart + to, origin: 'percent', str: template, site });
  };
  PERCENT_SPEC.lastIndex = 0;
  for (let m = PERCENT_SPEC.exec(raw); m; m = PERCENT_SPEC.exec(raw)) {
    if (m[2] === '%') continue;
    pushText(m.index);
    const specStart = template.contentStart + m.index;
    const specEnd = specStart + m[0].length;
    const arg = m[1] !== undefined ? named.get(m[1]) : positional.length === 1 && !tuple ? positional[0] : positional[index];
    index++;
    if (arg) {
      pieces.push(...(expandName(b, arg.start, arg.end, hops, false) ?? [slotFor(b, arg.start, arg.end, specStart, specEnd, site, false)]));
    } else {
      pieces.push({ type: 'slot', expr: text.slice(argsRange.start, argsRange.end), rawStart: specStart, rawEnd: specEnd, safety: 'expression', site, fstringField: false, source: { ...argsRange, fn: b.fn } });
    }
    cursor = m.index + m[0].length;
  }
  pushText(raw.length);
  return { pieces, site };
}

export function formatPieces(b: Builder, start: number, end: number, assignment: AssignmentFact | null, hops: number): { pieces: Piece[]; site: Site } | null {
  const call = b.py.callsIn(start, end).find((c) => c.start === start && c.end === end && c.callee === '');
  const template = topStrings(b.py, start, call ? call.calleeEnd : end)[0];
  if (!call || !template || template.isFString) return null;
  return formatPiecesFrom(b, template, call, { start, end, kind: 'format-call', assignment, foreignTemplate: false }, hops);
}

export function formatPiecesFrom(b: Builder, template: StringFact, call: CallFact, site: Site, hops: number): { pieces: Piece[]; site: Site } | null {
  if (template.isBytes) return null;
  const { text } = b;
  const raw = text.slice(template.contentStart, template.contentEnd);
  const positional = call.args.filter((a) => a.kind === 'positional');
  const keywords = new Map(call.args.filter((a) => a.kind === 'keyword' && a.name).map((a) => [a.name as string, a]));
  const splat = call.args.some((a) => a.kind === 'list-splat' || a.kind === 'dict-splat');
  const pieces: Piece[] = [];
  let cursor = 0;
  let auto = 0;
  const pushText = (to: number) => {
    if (to <= cursor) return;
    const piece = raw.slice(cursor, to);
    pieces.push({ type: 'text', text: decodeForAnalysis(piece, template.isRaw, 'format'), raw: piece, rawStart: template.contentStart + cursor, rawEnd: template.contentStart + to, origin: 'format', str: template, site });
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if ((ch === '{' || ch === '}') && raw[i + 1] === ch) {
      i++;
      continue;
    }
    if (ch !== '{') continue;
    let depth = 0;
    let close = -1;
    for (let j = i; j < raw.length; j++) {
      if (raw[j] === '{') depth++;
      else if (raw[j] === '}' && --depth === 0) {
        close = j;
        break;
      }
    }
    if (close < 0) return null;
    pushText(i);
    const field = raw.slice(i + 1, close);
    const fieldName = /^[^!:]*/.exec(field)?.[0] ?? '';
    const base = /^[^.[]*/.exec(fieldName)?.[0] ?? '';
    const access = fieldName.slice(base.length);
    const arg = base === '' ? positional[auto++] : /^\d+$/.test(base) ? positional[Number(base)] : keywords.get(base);
    const fieldStart = template.contentStart + i;
    const fieldEnd = template.contentStart + close + 1;
    if (!arg || splat) {
      pieces.push({ type: 'slot', expr: fieldName || '?', rawStart: fieldStart, rawEnd: fieldEnd, safety: 'expression', site, fstringField: false, source: null });
    } else if (access) {
      const expr = text.slice(arg.start, arg.end) + access;
      pieces.push({ type: 'slot', expr, rawStart: fieldStart, rawEnd: fieldEnd, safety: NAME.test(expr) ? nameSafety(b, expr, arg.start) : 'expression', site, fstringField: false, source: { start: arg.start, end: arg.end, fn: b.fn } });
    } else {
      pieces.push(...(expandName(b, arg.start, arg.end, hops, false) ?? [slotFor(b, arg.start, arg.end, fieldStart, fieldEnd, site, false)]));
    }
    cursor = close + 1;
    i = close;
  }
  pushText(raw.length);
  return { pieces, site };
}
