// SQL templates: the pieces of an argument's SQL text, built in place or in a variable (followed up
// to two hops, through clean-ups such as `q = q.strip()`), from literals, f-strings and `+`; and
// the analysis text rules read keywords from.

import type { AssignmentFact, FunctionFact, StringFact, ValueShape } from '../../../server/src/engine/python/facts';
import type { PythonFacts } from '../../../server/src/engine/python/python-facts';
import { methodOf, receiverOf } from '../../../server/src/engine/knowledge';
import { MAX_HOPS, SIMPLE_NAME, type Builder } from './scope';
import { decodeForAnalysis, fieldExpression, splitTopLevel, topStrings, unparenthesize } from './scanning';
import { formatPieces, formatPiecesFrom, percentPieces, percentPiecesFrom } from './format-pieces';
import { allLiteral, slotFor } from './constant-values';
import type { Piece, Site, SlotPiece, SqlTemplate } from './types';
import type { SourceText } from '../../../server/src/engine/source-text';

const TEXT_TRANSFORM = /^\s*\.\s*(replace|strip|lstrip|rstrip|upper|lower|expandtabs)\s*\(/;

/** `name = name.replace(…)` / `name = name.strip()`: a string method applied to the name's own value. */
function isSelfTransform(text: SourceText, name: string, assignment: AssignmentFact): boolean {
  if (assignment.shape.kind !== 'call') return false;
  const value = text.slice(assignment.valueStart, assignment.valueEnd);
  return value.startsWith(name) && TEXT_TRANSFORM.test(value.slice(name.length));
}

/**
 * The assignment that builds the text `name` holds at `offset`: its last assignment, or the one
 * before a clean-up of the same variable (`sql = sql.replace("'None'", "NULL")`, `q = q.strip()`).
 */
export function textAssignment(py: PythonFacts, text: SourceText, name: string, fn: FunctionFact | null, offset: number): AssignmentFact | null {
  let assignment = py.lastAssignment(name, fn, offset);
  for (let hop = 0; assignment && hop < MAX_HOPS && isSelfTransform(text, name, assignment); hop++) assignment = py.lastAssignment(name, fn, assignment.targetStart);
  return assignment ?? null;
}

/** Whether `name += …` appears in [from, to): scanned with indexOf, not a per-name regular expression. */
export function extendedBetween(text: SourceText, name: string, from: number, to: number): boolean {
  for (let i = text.indexOf('+=', from); i >= 0 && i < to; i = text.indexOf('+=', i + 2)) {
    let j = i;
    while (j > from && (text.charAt(j - 1) === ' ' || text.charAt(j - 1) === '\t')) j--;
    const at = j - name.length;
    if (at >= from && text.slice(at, j) === name && !/[\w.]/.test(text.charAt(at - 1) ?? '')) return true;
  }
  return false;
}

export function buildTemplate(b: Builder, shape: ValueShape, assignment: AssignmentFact | null, hops: number): SqlTemplate | null {
  const pieces = piecesOf(b, shape.start, shape.end, shape.kind, assignment, hops);
  if (!pieces) return null;
  const root = pieces.site;
  let text = '';
  const offsets = new Map<SlotPiece, number>();
  for (const piece of pieces.pieces) {
    if (piece.type === 'text') text += piece.text;
    else if (piece.inline !== undefined) text += piece.inline;
    else {
      offsets.set(piece, text.length);
      text += piece.safety === 'constant' || piece.safety === 'safe-expression' || piece.safety === 'placeholders' ? constantStandIn(piece) : '\u0000';
    }
  }
  return { pieces: pieces.pieces, text, offsets, root };
}

function constantStandIn(slot: SlotPiece): string {
  return slot.safety === 'placeholders' ? '%s' : slot.safety === 'safe-expression' ? '0' : 'pw_constant';
}

function piecesOf(b: Builder, start: number, end: number, kind: ValueShape['kind'], assignment: AssignmentFact | null, hops: number): { pieces: Piece[]; site: Site } | null {
  const { text, py } = b;
  switch (kind) {
    case 'literal':
    case 'fstring': {
      const site: Site = { start, end, kind: kind === 'literal' ? 'literal' : 'fstring', assignment, foreignTemplate: false };
      const strings = topStrings(py, start, end);
      if (strings.length === 0) return null;
      const pieces: Piece[] = [];
      for (const s of strings) if (!appendStringPieces(b, s, site, pieces, hops)) return null;
      return { pieces, site };
    }
    case 'concat': {
      const site: Site = { start, end, kind: 'concat', assignment, foreignTemplate: false };
      const pieces: Piece[] = [];
      if (!appendConcat(b, start, end, site, pieces, hops)) return null;
      return { pieces, site };
    }
    case 'percent-format':
      return percentPieces(b, start, end, assignment, hops);
    case 'format-call':
      return formatPieces(b, start, end, assignment, hops);
    case 'call': {
      // `TEMPLATE.format(…)` with TEMPLATE bound to a literal.
      const call = py.callsIn(start, end).find((c) => c.start === start && c.end === end);
      if (!call || methodOf(call.callee) !== 'format') return null;
      const template = literalOfName(b, receiverOf(call.callee), start);
      if (!template) return null;
      return formatPiecesFrom(b, template, call, { start, end, kind: 'format-call', assignment, foreignTemplate: true }, hops);
    }
    case 'other': {
      // `TEMPLATE % args` with TEMPLATE bound to a literal.
      const match = /^([A-Za-z_]\w*)\s*%\s*/.exec(text.slice(start, end));
      if (!match) return concatOfNames(b, start, end, assignment, hops);
      const template = literalOfName(b, match[1], start);
      if (!template) return null;
      return percentPiecesFrom(b, template, start + match[0].length, end, { start, end, kind: 'percent-format', assignment, foreignTemplate: true }, hops);
    }
    default:
      return null;
  }
}


/**
 * `base_sql + rows_sql` with no literal operand: a concatenation when some operand is a name
 * bound to SQL text (`base_sql = "INSERT INTO t VALUES "`), arithmetic otherwise.
 */
function concatOfNames(b: Builder, start: number, end: number, assignment: AssignmentFact | null, hops: number): { pieces: Piece[]; site: Site } | null {
  if (splitTopLevel(b.text, start, end, '+', b.py.stringsIn(start, end)).length < 2) return null;
  const site: Site = { start, end, kind: 'concat', assignment, foreignTemplate: false };
  const pieces: Piece[] = [];
  if (!appendConcat(b, start, end, site, pieces, hops)) return null;
  return pieces.some((p) => p.type === 'text') ? { pieces, site } : null;
}

/** A single plain string literal a name is bound to (in the function, else at module level). */
export function literalOfName(b: Builder, name: string, offset: number): StringFact | null {
  if (!SIMPLE_NAME.test(name)) return null;
  const a = b.py.lastAssignment(name, b.fn, offset);
  if (!a || a.shape.kind !== 'literal') return null;
  const strings = topStrings(b.py, a.valueStart, a.valueEnd);
  return strings.length === 1 && !strings[0].isFString && !strings[0].isBytes ? strings[0] : null;
}

function appendStringPieces(b: Builder, s: StringFact, site: Site, pieces: Piece[], hops: number): boolean {
  if (s.isBytes) return false;
  const { text } = b;
  if (!s.isFString) {
    const raw = text.slice(s.contentStart, s.contentEnd);
    pieces.push({ type: 'text', text: decodeForAnalysis(raw, s.isRaw, 'plain'), raw, rawStart: s.contentStart, rawEnd: s.contentEnd, origin: 'plain', str: s, site });
    return true;
  }
  let cursor = s.contentStart;
  const pushText = (to: number) => {
    if (to <= cursor) return;
    const raw = text.slice(cursor, to);
    pieces.push({ type: 'text', text: decodeForAnalysis(raw, s.isRaw, 'fstring'), raw, rawStart: cursor, rawEnd: to, origin: 'fstring', str: s, site });
  };
  for (const field of s.interpolations) {
    pushText(field.start);
    const expr = fieldExpression(text, field.start, field.end);
    pieces.push(...(expandName(b, expr.start, expr.end, hops, false) ?? [slotFor(b, expr.start, expr.end, field.start, field.end, site, true)]));
    cursor = field.end;
  }
  pushText(s.contentEnd);
  return true;
}

function appendConcat(b: Builder, start: number, end: number, site: Site, pieces: Piece[], hops: number): boolean {
  const { text, py } = b;
  const strings = py.stringsIn(start, end);
  for (const operand of splitTopLevel(text, start, end, '+', strings)) {
    if (operand.end <= operand.start) return false;
    const inner = unparenthesize(text, operand.start, operand.end, strings);
    if (inner && splitTopLevel(text, inner.start, inner.end, '+', strings).length > 1) {
      if (!appendConcat(b, inner.start, inner.end, site, pieces, hops)) return false;
      continue;
    }
    const operandStrings = topStrings(py, operand.start, operand.end);
    if (operandStrings.length > 0 && operandStrings[0].start === operand.start && operandStrings[operandStrings.length - 1].end === operand.end && onlyWhitespaceBetween(text, operandStrings)) {
      for (const s of operandStrings) if (!appendStringPieces(b, s, site, pieces, hops)) return false;
      continue;
    }
    const expandable = expandName(b, operand.start, operand.end, hops);
    if (expandable) {
      pieces.push(...expandable);
      continue;
    }
    pieces.push(slotFor(b, operand.start, operand.end, operand.start, operand.end, site, false));
  }
  return true;
}

function onlyWhitespaceBetween(text: SourceText, strings: StringFact[]): boolean {
  for (let i = 1; i < strings.length; i++) if (!/^[\s\\()]*$/.test(text.slice(strings[i - 1].end, strings[i].start))) return false;
  return true;
}

/** A name operand bound in the function (or module) to a string build: its pieces, one hop further. */
export function expandName(b: Builder, start: number, end: number, hops: number, literals = true): Piece[] | null {
  if (hops >= MAX_HOPS) return null;
  const name = b.text.slice(start, end);
  if (!SIMPLE_NAME.test(name)) return null;
  const a = b.py.lastAssignment(name, b.fn, start);
  if (!a || !['literal', 'fstring', 'concat', 'percent-format', 'format-call'].includes(a.shape.kind)) return null;
  if (a.shape.kind === 'literal' && (!literals || !allLiteral(b, name, a.fn))) return null;
  const sub = piecesOf({ ...b, fn: a.fn }, a.shape.start, a.shape.end, a.shape.kind, a, hops + 1);
  return sub?.pieces ?? null;
}

// ---------------------------------------------------------------------------------------------
// Checks on templates

const CONTINUATION = /^\s*(where|and|or|from|join|left|right|inner|outer|full|cross|on|values|set|order\s+by|group\s+by|having|limit|offset|union|returning|qualify)\b/i;

/**
 * The analysis text with a leading spliced fragment replaced by `SELECT * FROM t` when it is
 * followed by a SQL continuation (`{BASE_QUERY} WHERE id = {x}`), so that keyword checks see SQL.
 */
export function analysisText(template: SqlTemplate): string {
  const first = template.pieces[0];
  if (first?.type === 'slot' && first.inline === undefined) {
    const at = template.offsets.get(first) ?? 0;
    const rest = template.text.slice(at + 1);
    if (CONTINUATION.test(rest)) return template.text.slice(0, at) + 'SELECT pw_fragment FROM pw_fragment ' + rest;
  }
  return template.text;
}
