// Whether a value spliced into SQL is a constant: literals, UPPER_CASE names, names only ever
// bound to literals, loop and comprehension variables over literal lists, int()/len() results,
// placeholder lists (`", ".join(["%s"] * n)`), parameters every task operator fills from a constant.

import type { FunctionFact } from '../../../server/src/engine/python/facts';
import { loopsOf, NAME, SAFE_CALL, SIMPLE_NAME, UPPER_NAME, type Builder } from './scope';
import { closingBracket } from './scanning';
import { literalOfName } from './templates';
import { paramOfConstants } from './task-callables';
import type { Site, SlotPiece, SlotSafety } from './types';

// ---------------------------------------------------------------------------------------------
// Spliced values

export function slotFor(b: Builder, exprStart: number, exprEnd: number, rawStart: number, rawEnd: number, site: Site, fstringField: boolean): SlotPiece {
  const expr = b.text.slice(exprStart, exprEnd);
  const slot: SlotPiece = { type: 'slot', expr, rawStart, rawEnd, safety: 'expression', site, fstringField, source: { start: exprStart, end: exprEnd, fn: b.fn } };
  const strings = b.py.stringsIn(exprStart, exprEnd);
  if (strings.length === 1 && strings[0].start === exprStart && strings[0].end === exprEnd && !strings[0].isFString) {
    slot.safety = 'constant';
    slot.inline = strings[0].value;
  } else if (/^-?\d[\d_.]*$/.test(expr)) {
    slot.safety = 'constant';
    slot.inline = expr;
  } else if (NAME.test(expr)) {
    slot.safety = nameSafety(b, expr, exprStart);
    if (slot.safety === 'constant') {
      const literal = SIMPLE_NAME.test(expr) ? literalOfName(b, expr, exprStart) : null;
      if (literal && allLiteral(b, expr, b.py.lastAssignment(expr, b.fn, exprStart)?.fn ?? null)) slot.inline = literal.value;
    } else if (slot.safety === 'name' && isPlaceholderList(b, expr, exprStart)) {
      slot.safety = 'placeholders';
    }
  } else if (SAFE_CALL.test(expr)) {
    slot.safety = 'safe-expression';
  } else if (isPlaceholderBuilder(b, exprStart, exprEnd)) {
    slot.safety = 'placeholders';
  }
  return slot;
}

/** Whether a (dotted) name holds a constant at `offset`. */
export function nameSafety(b: Builder, name: string, offset: number): SlotSafety {
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (UPPER_NAME.test(last)) return 'constant';
  if (!SIMPLE_NAME.test(name)) return 'name';
  if (b.fn?.params.includes(name)) return paramOfConstants(b, b.fn, name) ? 'constant' : 'name';
  const a = b.py.lastAssignment(name, b.fn, offset);
  if (a && allLiteral(b, name, a.fn)) return 'constant';
  if (!a && (loopOverConstants(b, name) || comprehensionOverConstants(b, name, offset))) return 'constant';
  return 'name';
}

/** End of a comprehension's iterable: the closing bracket, or a following `if`/`for` clause. */
const COMPREHENSION_ITERABLE = /^([^\n:]*?)(?<!\s)\s*(?:[\])}]|\bif\b|\bfor\b)/;

/**
 * `[pd.read_sql(f"SELECT * FROM {t}", conn) for t in TABLES]`: a comprehension variable over a
 * literal list of names is a constant. Looks only a few hundred characters past the use.
 */
function comprehensionOverConstants(b: Builder, name: string, offset: number): boolean {
  const window = b.text.slice(offset, offset + 400);
  const marker = window.indexOf(` for ${name} in `);
  if (marker < 0) return false;
  const from = marker + name.length + 9;
  const rest = window.slice(from);
  if (/^[[(]/.test(rest)) {
    const close = closingBracket(rest);
    return close > 0 && literalStringList(b, offset + from, offset + from + close + 1);
  }
  const match = COMPREHENSION_ITERABLE.exec(rest);
  return !!match && isConstantCollection(b, match[1].trim(), offset + from);
}

/** A literal list/tuple of plain strings, an UPPER_CASE name, or a name only ever bound to such a list. */
function isConstantCollection(b: Builder, iterable: string, offset: number): boolean {
  if (UPPER_NAME.test(iterable) || /^[A-Za-z_]\w*\.[A-Z][A-Z0-9_]*$/.test(iterable)) return true;
  if (/^[[(]/.test(iterable)) {
    const start = b.text.indexOf(iterable, offset);
    return start >= 0 && literalStringList(b, start, start + iterable.length);
  }
  if (!SIMPLE_NAME.test(iterable)) return false;
  const bound = b.py.lastAssignment(iterable, b.fn, offset);
  if (!bound) return false;
  const list = b.byTarget.get(iterable, bound.fn);
  return !!list && list.every((a) => a.fn !== bound.fn || literalStringList(b, a.valueStart, a.valueEnd));
}

/** `["orders", "customers"]` / `("a", "b")`: brackets, commas and plain string literals only. */
function literalStringList(b: Builder, start: number, end: number): boolean {
  const text = b.text.slice(start, end);
  if (!/^[[(]/.test(text)) return false;
  const strings = b.py.stringsIn(start, end);
  if (strings.length === 0 || strings.some((s) => s.isFString)) return false;
  let rest = '';
  let at = start;
  for (const s of strings) {
    rest += b.text.slice(at, s.start);
    at = s.end;
  }
  rest += b.text.slice(at, end);
  return /^[\s[\](),]*$/.test(rest);
}

const LITERAL_TYPES = new Set(['integer', 'float', 'true', 'false', 'none']);

/** Every assignment of `name` in the scope binds a literal (string without fields, number, bool). */
export function allLiteral(b: Builder, name: string, scope: FunctionFact | null): boolean {
  const list = b.byTarget.get(name, scope);
  if (!list) return false;
  let any = false;
  for (const a of list) {
    if (a.fn !== scope || (scope === null && a.className !== null)) continue;
    if (a.shape.kind !== 'literal' && !LITERAL_TYPES.has(a.valueType)) return false;
    any = true;
  }
  if (scope && loopsOf(b.py, scope).some((l) => l.fn === scope && l.target === name)) return false;
  return any;
}


/** `for table in ["orders", "customers"]:` or `for table in TABLES:` binds `table` to constants. */
export function loopOverConstants(b: Builder, name: string): boolean {
  for (const loop of loopsOf(b.py, b.fn)) {
    if (loop.fn !== b.fn || loop.kind !== 'for' || loop.target !== name) continue;
    const header = b.text.slice(loop.start, loop.bodyStart);
    const match = header.length > 4_000 ? null : /\bin\s+(?!\s)([\s\S]*?):\s*$/.exec(header);
    if (!match) return false;
    return isConstantCollection(b, match[1].trim(), loop.start);
  }
  return false;
}

const PLACEHOLDER_ONLY = /^[\s,()]*(?:(%s|\?|:\w+|%\(\w+\)s|@\w+|\$\d+)[\s,()]*)?$/;

/** `", ".join(["%s"] * len(ids))`, `",".join("?" for _ in rows)`: placeholders, not values. */
function isPlaceholderBuilder(b: Builder, start: number, end: number): boolean {
  const strings = b.py.stringsIn(start, end);
  if (strings.length === 0 || !/\.join\s*\(|\*/.test(b.text.slice(start, end))) return false;
  if (strings.some((s) => s.isFString || !PLACEHOLDER_ONLY.test(s.value))) return false;
  return strings.some((s) => /%s|\?|:\w|%\(|@\w|\$\d/.test(s.value));
}

function isPlaceholderList(b: Builder, name: string, offset: number): boolean {
  if (!SIMPLE_NAME.test(name)) return false;
  const a = b.py.lastAssignment(name, b.fn, offset);
  return !!a && a.fn === b.fn && isPlaceholderBuilder(b, a.valueStart, a.valueEnd);
}
