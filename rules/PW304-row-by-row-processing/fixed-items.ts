// Loops over a few fixed items, not rows: a literal list, tuple, set or dict (`for term in ["3m",
// "6m"]`), `range(12)`, or a name bound to such a literal (a handful of config entries, the months
// of a report), also through `.items()`/`enumerate()`. One round trip per item there is bounded by
// the code itself, so batching buys nothing.

import type { LoopFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { SourceText } from '../../server/src/engine/source-text';
import { iterableText } from './row-sources';

/** More items than this in a literal (or a `range`) is a data set written into the code, not a few settings. */
const FEW = 50;
const DISPLAY_TYPES = new Set(['list', 'tuple', 'set', 'dictionary']);
const WRAPPERS = /^(?:enumerate|sorted|reversed|list|tuple|zip)\((.*?)(?:,\s*start\s*=\s*\d+)?\)$/s;
const VIEW = /^(.*)\.(items|keys|values)\(\)$/s;

/** The expression after `in` in a `for` (or `async for`) header. */
function iterated(loop: LoopFact, text: SourceText): string | null {
  return iterableText(text.slice(loop.start, loop.bodyStart).replace(/^\s*async\s+/, ''));
}

/** A literal display with at most FEW top-level items and no comprehension. */
function isSmallDisplay(expression: string): boolean {
  if (!/^[[({]/.test(expression)) return false;
  // A comprehension: `for` then `in` (searched one after the other, linear on long text).
  const forAt = expression.search(/\bfor\b/);
  if (forAt >= 0 && /\bin\b/.test(expression.slice(forAt + 3))) return false;
  let depth = 0;
  let items = 1;
  let quote: string | null = null;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ('[({'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 1) items++;
  }
  return items <= FEW;
}

/** `range(12)`, `range(1, 13)`: literal bounds spanning at most FEW. */
function isSmallRange(expression: string): boolean {
  const m = /^range\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?(?:,\s*\d+\s*)?\)$/.exec(expression);
  if (!m) return false;
  const span = m[2] === undefined ? Number(m[1]) : Number(m[2]) - Number(m[1]);
  return span <= FEW;
}

function isFixed(expression: string, loop: LoopFact, py: PythonFacts, text: SourceText, depth = 0): boolean {
  if (depth > 3) return false;
  if (isSmallDisplay(expression) || isSmallRange(expression)) return true;
  const wrapped = WRAPPERS.exec(expression) ?? VIEW.exec(expression);
  if (wrapped) return wrapped[1].split(/,(?![^([{]*[)\]}])/).every((part) => isFixed(part.trim(), loop, py, text, depth + 1));
  if (!/^[A-Za-z_]\w*$/.test(expression)) return false;
  const assignment = py.lastAssignment(expression, loop.fn, loop.start) ?? (loop.fn ? py.lastAssignment(expression, null, loop.start) : undefined);
  if (!assignment || !DISPLAY_TYPES.has(assignment.valueType)) return false;
  return isSmallDisplay(text.slice(assignment.valueStart, assignment.valueEnd).trim());
}

/** The loop iterates a few items fixed in the code (a literal, a small `range`, a name bound to a literal). */
export function iteratesFewFixedItems(loop: LoopFact, py: PythonFacts, text: SourceText): boolean {
  if (loop.kind !== 'for') return false;
  const expression = iterated(loop, text);
  return expression !== null && isFixed(expression.replace(/\s+/g, ' '), loop, py, text);
}
