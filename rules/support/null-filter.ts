// Rows dropped without dropna: a boolean mask that keeps only the rows whose columns are not null
// or not a null sentinel — `df = df[df["id"].notna()]`, `df.loc[~df.email.isna()]`,
// `df[df["status"] != "NULL"]`, `df[df[cols].notna().all(axis=1)]`. A mask that mixes in a business
// condition (`df.lon.notnull() & (df.active == True)`) is a filter by intent, not a null drop.
// Shared by PW201 (which reports such drops) and PW202 (which leaves a coercion followed by one to PW201).

import type { AssignmentFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import {
  annotatedFrameParam, FRAME_ATTRIBUTE_NAME, FRAME_ATTRIBUTES, isDataFrameExpression, isFrameName, NULL_TEST_FUNCTIONS, NULL_TEST_METHODS,
  ROW_PRESERVING_METHODS,
} from '../../server/src/engine/knowledge';
import type { SourceText } from '../../server/src/engine/source-text';

/** Values that stand for "missing" in text columns. */
const SENTINELS = new Set(['', 'null', 'none', 'nan', 'na', 'n/a', '#n/a', 'nil', '-']);
/** Null tests that are true for present values (`notna`, `notnull`), and those true for missing ones. */
const PRESENT_TESTS = new Set<string>(NULL_TEST_METHODS.filter((m) => m.startsWith('not')));
const MISSING_TESTS = new Set<string>(NULL_TEST_METHODS.filter((m) => !m.startsWith('not')));
const PRESENT_FUNCTIONS = new Set<string>(NULL_TEST_FUNCTIONS.filter((f) => /\.not/.test(f)));
const ROW_PRESERVING: ReadonlySet<string> = new Set(ROW_PRESERVING_METHODS);
const FRAME_API: ReadonlySet<string> = new Set(FRAME_ATTRIBUTES);
const NAME = '[A-Za-z_]\\w*';
const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
/** Value-preserving string clean-ups before a sentinel comparison: `.str.strip()`, `.astype(str)`. */
const CLEANUPS = /^(\s*\.\s*(str\s*\.\s*(strip|lower|upper|lstrip|rstrip)\(\s*\)|astype\(\s*str\s*\)))*$/;

export interface NullFilter {
  assignment: AssignmentFact;
  /** The frame filtered (`df`, `self.orders`). */
  source: string;
  /** The name the filtered frame is kept in. */
  target: string;
  /** Start and end of the filtering expression (`df[...]`, without the row-preserving calls after it). */
  start: number;
  end: number;
  /** End of the expression including `.reset_index(drop=True)`/`.copy()` after it. */
  chainEnd: number;
  /** The columns tested, as written in the message (`email`, `id and email`), or null when not literal. */
  columns: string | null;
  /** The literal column names tested (empty when a column is a variable). */
  columnNames: string[];
  /** Which test: null values, or a sentinel value (`"NULL"`). */
  sentinel: string | null;
}

/** Index of the bracket closing the one at `open`, skipping strings; -1 when unbalanced. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '(' || ch === '{') depth++;
    else if (ch === ']' || ch === ')' || ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits on a top-level separator (`&`, `,`), outside brackets and strings. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.map((p) => p.trim());
}

function stripParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && closingBracket(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

interface Term {
  columns: string[];
  sentinel: string | null;
}

/** A column of `base` as written (`base["a"]`, `base.a`, `base[["a", "b"]]`, `base[col]`), with its literal names. */
function columnOf(expression: string, base: string): string[] | null {
  const escaped = base.replace(/\./g, '\\.');
  const subscript = new RegExp(`^${escaped}\\s*\\[([\\s\\S]*)\\]$`).exec(expression);
  if (subscript) {
    const inner = subscript[1].trim();
    const names = [...inner.matchAll(/(["'])([^"'\\\n]+)\1/g)].map((m) => m[2]);
    if (names.length > 0) return names;
    return new RegExp(`^${NAME}$`).test(inner) ? [] : null;
  }
  const attribute = new RegExp(`^${escaped}\\.(${NAME})$`).exec(expression);
  if (attribute && !FRAME_API.has(attribute[1])) return [attribute[1]];
  return null;
}

const MAX_TERM = 2_000;

/** One conjunct of the mask, when it only tests a column of `base` for a present (non-null, non-sentinel) value. */
function termOf(raw: string, base: string, py: PythonFacts): Term | null {
  // A mask's term is a short expression; the patterns below are run on at most MAX_TERM characters.
  if (raw.length > MAX_TERM) return null;
  let term = stripParens(raw);
  const negated = term.startsWith('~');
  if (negated) term = stripParens(term.slice(1));
  // `~df["status"].isin(["", "NULL"])`: none of the values is a null sentinel.
  const isin = /^([\s\S]+?)\s*\.\s*isin\(\s*[[(]([^\])]*)[\])]\s*\)$/.exec(term);
  if (isin && negated) {
    const values = [...isin[2].matchAll(/(["'])([^"'\\\n]*)\1/g)].map((m) => m[2]);
    const literalOnly = isin[2].replace(/(["'])([^"'\\\n]*)\1/g, '').replace(/[\s,]/g, '') === '';
    const columns = columnOf(isin[1].trim(), base);
    if (!columns || !literalOnly || values.length === 0 || !values.every((v) => SENTINELS.has(v.trim().toLowerCase()))) return null;
    return { columns, sentinel: values[0] };
  }
  const method = /^([\s\S]+?)\s*\.\s*([A-Za-z_]\w*)\(\s*\)(\s*\.\s*all\(\s*(axis\s*=\s*)?(1|["']columns["'])\s*\))?$/.exec(term);
  if (method) {
    const columns = columnOf(method[1].trim(), base);
    const present = negated ? MISSING_TESTS.has(method[2]) : PRESENT_TESTS.has(method[2]);
    if (columns && present && (method[3] === undefined || !negated)) return { columns, sentinel: null };
    return null;
  }
  const call = /^([A-Za-z_][\w.]*)\(([\s\S]+)\)$/.exec(term);
  if (call && !negated && PRESENT_FUNCTIONS.has(py.resolveName(call[1]))) {
    const columns = columnOf(call[2].trim(), base);
    return columns ? { columns, sentinel: null } : null;
  }
  if (negated) return null;
  const comparison = /^([\s\S]+?)\s*(?:!=\s*|\.\s*ne\(\s*)(["'])([^"'\\\n]*)\2\s*\)?$/.exec(term);
  if (comparison && SENTINELS.has(comparison[3].trim().toLowerCase())) {
    const left = comparison[1];
    const cleanup = /^([\s\S]+?)((?:\s*\.\s*(?:str\s*\.\s*\w+\(\s*\)|astype\(\s*str\s*\)))*)$/.exec(left);
    if (!cleanup || !CLEANUPS.test(cleanup[2])) return null;
    const columns = columnOf(cleanup[1].trim(), base);
    return columns ? { columns, sentinel: comparison[3] } : null;
  }
  return null;
}

function isFrame(base: string, fn: FunctionFact | null, offset: number, py: PythonFacts, text: SourceText): boolean {
  if (isDataFrameExpression(base, fn, offset, py)) return true;
  if (/^[A-Za-z_]\w*$/.test(base)) return isFrameName(py, text, base, fn, offset) || annotatedFrameParam(base, fn, text);
  return FRAME_ATTRIBUTE_NAME.test(base);
}

function describeColumns(columns: string[]): string | null {
  const unique = [...new Set(columns)];
  if (unique.length === 0 || unique.length > 3) return null;
  return unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

/** The null filter an assignment performs (`target = base[mask]…`), or null. */
export function nullFilterOf(assignment: AssignmentFact, py: PythonFacts, text: SourceText): NullFilter | null {
  const target = text.slice(assignment.targetStart, assignment.targetEnd);
  if (!DOTTED.test(target)) return null;
  const head = /^([A-Za-z_][\w.]*?)(\s*\.\s*loc)?\s*\[/.exec(text.slice(assignment.valueStart, assignment.valueStart + 120));
  if (!head) return null;
  const value = text.slice(assignment.valueStart, assignment.valueEnd);
  const base = head[1];
  const open = head[0].length - 1;
  const close = closingBracket(value, open);
  if (close < 0) return null;
  // Only a column selection and row-preserving calls may follow: `[cols]`, `.reset_index(drop=True)`, `.copy()`.
  let rest = value.slice(close + 1);
  const selection = /^\s*\[/.exec(rest);
  if (selection) {
    const selectionEnd = closingBracket(rest, selection[0].length - 1);
    if (selectionEnd < 0) return null;
    rest = rest.slice(selectionEnd + 1);
  }
  const chain = [...rest.matchAll(/(?<!\s)\s*\.\s*([A-Za-z_]\w*)\s*\(/g)];
  if (!/^(\s*\.\s*[A-Za-z_]\w*\s*\([^()]*\))*\s*$/.test(rest) || chain.some((m) => !ROW_PRESERVING.has(m[1]))) return null;
  const inside = value.slice(open + 1, close);
  const parts = splitTopLevel(inside, ',');
  if (parts.length > 2 || (parts.length === 2 && !head[2])) return null;
  const terms = splitTopLevel(stripParens(parts[0]), '&').map((t) => termOf(t, base, py));
  if (terms.length === 0 || terms.some((t) => t === null)) return null;
  if (!isFrame(base, assignment.fn, assignment.valueStart, py, text)) return null;
  const found = terms as Term[];
  const sentinel = found.find((t) => t.sentinel !== null)?.sentinel ?? null;
  return {
    assignment,
    source: base,
    target,
    start: assignment.valueStart,
    end: assignment.valueStart + close + 1,
    chainEnd: assignment.valueEnd,
    columns: describeColumns(found.flatMap((t) => t.columns)),
    columnNames: [...new Set(found.flatMap((t) => t.columns))],
    sentinel,
  };
}
