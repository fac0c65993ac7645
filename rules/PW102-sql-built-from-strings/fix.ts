// The fix: the values become placeholders in a plain string and are passed as parameters, in the
// driver's own way (see advice.ts), when every spliced value is a plain name written where a
// literal goes and the construction reaches only this call.

import type { FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { placeholderStyle, tokenizeSql } from '../../server/src/engine/sql';
import type { Fix, RuleContext, TextEdit } from '../../server/src/engine/types';
import type { SlotPiece, TextPiece } from '../support/sql-sources';
import { paramsTarget, type ModuleInfo, type Style } from './advice';
import type { Pending } from './types';
import type { SourceText } from '../../server/src/engine/source-text';

const TITLE_PREFIX = 'Pipewise (PW102):';
const DOTTED_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

export function occurrences(text: SourceText, name: string, start: number, end: number): number {
  const pattern = new RegExp(`(?<![\\w.])${name}\\b`, 'g');
  return [...text.slice(start, end).matchAll(pattern)].length;
}

export function buildFix(ctx: RuleContext, py: PythonFacts, pending: Pending, info: ModuleInfo): Fix | null {
  const { site, sink, template, slots } = pending;
  const text = ctx.doc.sourceText;
  if (site !== template.root || site.foreignTemplate || site.kind === 'literal') return null;
  if (slots.some((s) => s.kind !== 'value' || s.slot.site !== site || !DOTTED_NAME.test(s.slot.expr))) return null;
  if (template.pieces.some((p) => p.site !== site)) return null;
  // Existing placeholders would need merging with the new ones.
  if (placeholderStyle(template.text.replace(/\u0000/g, 'pw_value')) !== null) return null;
  // The construction must reach only this call: an argument, or a variable used once, by it.
  if (site.assignment) {
    const fn: FunctionFact | null = site.assignment.fn;
    if (!fn || fn !== sink.call.fn || text.slice(sink.arg.start, sink.arg.end) !== site.assignment.target) return null;
    if (occurrences(text, site.assignment.target, fn.bodyStart, fn.bodyEnd) !== 2) return null;
  } else if (site.start !== sink.arg.start || site.end !== sink.arg.end) {
    return null;
  }
  const target = paramsTarget(sink, py, text, info);
  if (!target) return null;
  const strings = template.pieces.filter((p): p is TextPiece => p.type === 'text').map((p) => p.str);
  if (strings.length === 0) return null;
  const first = strings[0];
  const otherPrefix = (s: { prefix: string }) => s.prefix.replace(/[fF]/g, '').toLowerCase();
  if (strings.some((s) => s.quote !== first.quote || otherPrefix(s) !== otherPrefix(first) || s.isBytes)) return null;

  const parameterized = new Set(slots.map((s) => s.slot));
  const keptSlots = template.pieces.filter((p): p is SlotPiece => p.type === 'slot' && !parameterized.has(p));
  const keepF = keptSlots.length > 0;
  if (keepF && (site.kind !== 'fstring' || keptSlots.some((s) => !s.fstringField))) return null;

  const names = new Map<string, string>();
  const used = new Set<string>();
  const nameFor = (expr: string) => {
    let name = names.get(expr);
    if (name) return name;
    const base = expr.slice(expr.lastIndexOf('.') + 1);
    name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    names.set(expr, name);
    return name;
  };

  const out: string[] = [];
  const values: Array<{ expr: string; name: string }> = [];
  let allQuoted = true;
  const pieces = template.pieces;
  const pieceTexts: string[] = pieces.map((p) => (p.type === 'text' ? convertText(p, keepF, target.style.placeholder) : ''));
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece.type === 'text') {
      out.push(pieceTexts[i]);
      continue;
    }
    if (!parameterized.has(piece)) {
      out.push(text.slice(piece.rawStart, piece.rawEnd));
      continue;
    }
    const offset = template.offsets.get(piece) ?? -1;
    const before = template.text.slice(0, offset);
    if (/\bin\s*\([^()]*$/i.test(before)) return null;
    const tokens = tokenizeSql(before);
    const last = tokens[tokens.length - 1];
    if (last?.open) {
      // Only a value that is the whole quoted literal: `'{name}'` → placeholder.
      const prev = out.length - 1;
      const next = pieces[i + 1];
      if (last.text !== "'" || prev < 0 || !out[prev].endsWith("'") || out[prev].endsWith("\\'") || next?.type !== 'text' || !next.raw.startsWith("'")) return null;
      out[prev] = out[prev].slice(0, -1);
      pieceTexts[i + 1] = pieceTexts[i + 1].slice(1);
    } else {
      allQuoted = false;
    }
    const name = nameFor(piece.expr);
    values.push({ expr: piece.expr, name });
    out.push(target.style.placeholder === ':name' ? `:${name}` : target.style.placeholder);
  }
  const prefix = first.prefix.replace(/[fF]/g, '') + (keepF ? 'f' : '');
  const literal = `${prefix}${first.quote}${out.join('')}${first.quote}`;
  const paramEdits = target.edits(values);
  if (!paramEdits) return null;
  const edits: TextEdit[] = [{ start: site.start, end: site.end, newText: literal }, ...paramEdits];
  const shown = [...new Set(values.map((v) => v.expr))];
  const title = `${TITLE_PREFIX} Pass ${shown.join(', ')} as ${shown.length === 1 ? 'a query parameter' : 'query parameters'}`;
  // Unquoted values may be SQL fragments on purpose; a guessed driver may use another style.
  return { title, edits, safe: allQuoted && target.style.certain, preferred: true };
}

export function convertText(piece: TextPiece, keepF: boolean, placeholder: Style['placeholder']): string {
  let t = piece.raw;
  if ((piece.origin === 'fstring' && !keepF) || piece.origin === 'format') t = t.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  if (piece.origin === 'percent') t = t.replace(/%%/g, '%');
  if (piece.origin === 'plain' && keepF) t = t.replace(/[{}]/g, (m) => m + m);
  if (placeholder === '%s') t = t.replace(/%/g, '%%');
  return t;
}
