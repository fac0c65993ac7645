// A True/False status is handled where it lands only when a caller that tests it acts on the
// failure: raises, exits, returns, counts, tries something else (`if not connect(): sys.exit(1)`,
// `if ok: return rows` before trying the next source). A caller whose failure branch only logs or
// prints and carries on (`if ok: logger.info(…) else: logger.error(…)`) has swallowed the error
// one level up: the task still succeeds and its retries never fire.

import type { BlockStatementFact, CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { methodOf, receiverOf } from '../../server/src/engine/knowledge';
import { lineStart } from '../support/module-edits';
import { isLogCall } from '../support/logging-calls';
import { isFailureStatus, isPrintCall } from './handler-outcome';
import { isReportLine, outerCallsIn } from './outer-calls';
import { headerColon } from './messages';
import type { SourceText } from '../../server/src/engine/source-text';

/** The call's result decides a branch on its own line: `if not load():`, `while fetch():`, `return load()`, `assert load()`. */
const TESTED_IN_PLACE = /(^\s*(if|elif|while|assert)\b|\bif\s+(not\s+)?)[^\n]*$/;
const IF_HEADER = /^[ \t]*(el)?if\b/;
const PROPAGATED = /^\s*return\s+(await\s+)?$/;
/** `False`, or a tuple carrying it (`[], False`): a failure flag rather than a value. */
const FAILURE_FLAG = /^\(?\s*(False|.*,\s*False\s*\)?|False\s*,.*)$/s;
const SUCCESS_FLAG = /\breturn\b[^\n]*\bTrue\b/;
/** FAILURE_FLAG and BOUND_TO are not linear: they read at most this much (a return value, the start of a line). */
const MAX_LINE_PREFIX = 500;
/** How far a status passed on with `return f()` is followed to the callers that test it. */
const MAX_PROPAGATION = 3;
/** `ok = load()` / `rows, ok = fetch()`: the names the result is bound to. */
const BOUND_TO = /^\s*([A-Za-z_][\w, ()]*?)\s*=\s*(await\s+)?$/;
/** Statements that carry on: what is left of a branch once its log and print calls are taken out. */
const CARRY_ON_WORDS = new Set(['', 'pass', 'continue']);

interface Range {
  start: number;
  end: number;
}

function isCallOf(call: CallFact, fn: FunctionFact): boolean {
  if (methodOf(call.callee) !== fn.name) return false;
  const receiver = receiverOf(call.callee);
  return fn.className ? receiver !== '' : receiver === '';
}

function indentOf(text: SourceText, start: number): number {
  let i = start;
  while (text.charAt(i) === ' ' || text.charAt(i) === '\t') i++;
  return i - start;
}

function lineEndOf(text: SourceText, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

/** The lines after `from` indented deeper than `indent` (blank and comment lines included), up to `limit`. */
function blockAfter(text: SourceText, from: number, indent: number, limit: number): Range {
  let end = from;
  for (let pos = from; pos < limit; pos = lineEndOf(text, pos) + 1) {
    const lineEnd = lineEndOf(text, pos);
    const content = text.slice(pos, lineEnd).trim();
    if (content !== '' && !content.startsWith('#')) {
      if (indentOf(text, pos) <= indent) break;
      end = lineEnd;
    }
  }
  return { start: from, end };
}

/** The body of a header line (`if …:` / `else:`): what follows its colon on the line, or the block below it. */
function bodyOf(text: SourceText, header: number, colon: number, limit: number): Range {
  const lineEnd = lineEndOf(text, header);
  const inline = text.slice(colon + 1, lineEnd).trim();
  if (inline !== '' && !inline.startsWith('#')) return { start: colon + 1, end: lineEnd };
  return blockAfter(text, lineEnd + 1, indentOf(text, header), limit);
}

/** The first code line after `from` (skipping blank and comment lines), or -1. */
function nextCodeLine(text: SourceText, from: number, limit: number): number {
  for (let pos = from; pos < limit; pos = lineEndOf(text, pos) + 1) {
    const content = text.slice(pos, lineEndOf(text, pos)).trim();
    if (content !== '' && !content.startsWith('#')) return pos;
  }
  return -1;
}

/** The branch only reports and carries on: log and print calls, `pass`, `continue`, nothing else. */
function onlyCarriesOn(range: Range | null, py: PythonFacts, text: SourceText): boolean {
  if (!range) return true;
  const outer = outerCallsIn(py, range.start, range.end);
  if (!outer.every((call) => isReportLine(call, py))) return false;
  let rest = '';
  let at = range.start;
  for (const call of outer) {
    rest += text.slice(at, call.start);
    at = call.end;
  }
  rest += text.slice(at, range.end);
  return rest.replace(/#[^\n]*/g, '').split(/[\s;]+/).every((word) => CARRY_ON_WORDS.has(word));
}

/**
 * An `if`/`elif` on `subject` (a name holding the status, or the call itself) at `header` acts on
 * the failure. Conditions other than `subject`, `not subject` and their `is True/False` forms,
 * and chains with `elif`, are decisions the rule leaves to the author (acted on).
 */
function ifActsOnFailure(header: number, subject: string, py: PythonFacts, text: SourceText, limit: number, propagatedTested: () => boolean): boolean {
  const lineEnd = lineEndOf(text, header);
  const line = text.slice(header, lineEnd);
  const keyword = IF_HEADER.exec(line);
  const colon = keyword ? headerColon(line) : -1;
  if (!keyword || colon < 0) return true;
  const condition = line.slice(keyword[0].length, colon).replace(/\s+/g, ' ').replace(/\bawait /, '').trim();
  const negated = condition === `not ${subject}` || condition === `${subject} is False` || condition === `${subject} == False`;
  // `if loaded and sent:`: every status must hold, so the else branch is the failure of each.
  const conjunction = condition.split(' and ');
  const plain = condition === subject || condition === `${subject} is True` || condition === `${subject} == True`
    || (conjunction.length > 1 && conjunction.includes(subject) && conjunction.every((part) => /^[A-Za-z_]\w*$/.test(part)));
  if (!negated && !plain) return true;
  const body = bodyOf(text, header, header + colon, limit);
  const next = nextCodeLine(text, lineEndOf(text, body.end) + 1, limit);
  let elseBody: Range | null = null;
  if (next >= 0 && indentOf(text, next) === indentOf(text, header)) {
    const nextLine = text.slice(next, lineEndOf(text, next)).trim();
    if (/^elif\b/.test(nextLine)) return true;
    if (/^else\s*:/.test(nextLine)) elseBody = bodyOf(text, next, text.indexOf(':', next), limit);
  }
  const failure = negated ? body : elseBody;
  const success = negated ? elseBody : body;
  // `return False` / `return {"success": False, …}` hands the failure on: handled only if the callers act on it.
  if (failure && returnsFailureOnly(failure, py, text)) return propagatedTested();
  if (!onlyCarriesOn(failure, py, text)) return true;
  // `if ok: return rows` with nothing on failure: the success branch does the work the failure skips.
  return failure === null && !onlyCarriesOn(success, py, text);
}

/** `x if ok else y` outside a print or log call (`sys.exit(0 if ok else 1)`, `return rows if ok else None`); `print("saved" if ok else "failed")` only reports. */
function conditionalActsOnStatus(name: string, offset: number, after: string, py: PythonFacts, text: SourceText): boolean {
  const conditional = new RegExp(`\\bif\\s+(not\\s+)?${name}\\s+else\\b`, 'g');
  for (let m = conditional.exec(after); m; m = conditional.exec(after)) {
    const at = offset + m.index;
    const reporting = py.callsIn(lineStart(text, at), at).some((call) => call.end > at && (isLogCall(call, py) || isPrintCall(call, py)));
    if (!reporting) return true;
  }
  return false;
}

/** `"success": False`, `'ok': False`: a result dict that says the work failed. */
const FAILED_RESULT = /["'](success|ok|succeeded)["']\s*:\s*False\b/;

/** The branch only reports and returns a failure (`False`, `None`, a failure-status dict). */
function returnsFailureOnly(range: Range, py: PythonFacts, text: SourceText): boolean {
  const branch = text.slice(range.start, range.end);
  const at = branch.search(/(^|\n)[ \t]*return\b|^\s*return\b/);
  if (at < 0) return false;
  const returnAt = range.start + at + (branch[at] === '\n' ? 1 : 0);
  const value = text.slice(returnAt, range.end).trim().replace(/^return\b/, '').trim();
  if (value.length > MAX_LINE_PREFIX) return false;
  const failure = value === 'False' || value === 'None' || FAILURE_FLAG.test(value) || isFailureStatus(value) || (value.startsWith('{') && FAILED_RESULT.test(value));
  return failure && onlyCarriesOn({ start: range.start, end: returnAt }, py, text);
}

function isTested(call: CallFact, py: PythonFacts, text: SourceText, depth: number, handOnHandles: boolean): boolean {
  const start = lineStart(text, call.start);
  const before = text.slice(start, call.start);
  const scopeEnd = call.fn ? call.fn.bodyEnd : text.length;
  const propagated = () => handOnHandles || (depth < MAX_PROPAGATION && callersTest(call.fn, py, text, depth + 1, handOnHandles));
  if (TESTED_IN_PLACE.test(before)) {
    const subject = text.slice(call.start, call.end);
    return !IF_HEADER.test(before) || subject.includes('\n') || ifActsOnFailure(start, subject, py, text, scopeEnd, propagated);
  }
  if (PROPAGATED.test(before)) return depth < MAX_PROPAGATION && callersTest(call.fn, py, text, depth + 1, handOnHandles);
  const bound = before.length > MAX_LINE_PREFIX ? null : BOUND_TO.exec(before);
  if (!bound) return false;
  const names = bound[1].split(/[,()\s]+/).filter((n) => /^[A-Za-z_]\w*$/.test(n));
  const after = text.slice(call.end, scopeEnd);
  return names.some((name) => {
    if (new RegExp(`(^|\\n)[ \\t]*(while|assert)\\b[^\\n]*\\b${name}\\b|\\bexit\\([^\\n]*\\b${name}\\b`).test(after)) return true;
    if (conditionalActsOnStatus(name, call.end, after, py, text)) return true;
    if (new RegExp(`(^|\\n)[ \\t]*return\\s+${name}[ \\t]*(\\n|$)`).test(after) && depth < MAX_PROPAGATION && callersTest(call.fn, py, text, depth + 1, handOnHandles)) return true;
    const tests = new RegExp(`(^|\\n)([ \\t]*(el)?if\\b[^\\n]*\\b${name}\\b)`, 'g');
    for (let m = tests.exec(after); m; m = tests.exec(after)) {
      if (ifActsOnFailure(call.end + m.index + m[1].length, name, py, text, scopeEnd, propagated)) return true;
    }
    return false;
  });
}

function callersTest(fn: FunctionFact | null, py: PythonFacts, text: SourceText, depth: number, handOnHandles: boolean): boolean {
  if (!fn) return false;
  const calls = py.calls.filter((call) => isCallOf(call, fn) && !(call.start >= fn.start && call.end <= fn.end));
  return calls.length > 0 && calls.every((call) => isTested(call, py, text, depth, handOnHandles));
}

/** The handler returns a failure flag of a function that returns True on success, and every call of it here tests the flag and acts on a failure. */
/**
 * `handOnHandles`: a set-up script a person runs (`setup/…`) prints the failure it hands on to
 * that person, so `if not connect(): return False` there counts as acting on it.
 */
export function statusCheckedByCallers(fn: FunctionFact | null, tail: BlockStatementFact | null, py: PythonFacts, text: SourceText, handOnHandles = false): boolean {
  const returned = tail ? text.slice(tail.exprStart, tail.exprEnd).trim() : '';
  if (!fn || !tail || returned.length > MAX_LINE_PREFIX || !FAILURE_FLAG.test(returned)) return false;
  if (!SUCCESS_FLAG.test(text.slice(fn.bodyStart, fn.bodyEnd))) return false;
  return callersTest(fn, py, text, 0, handOnHandles);
}

/**
 * The handler returns a failure-status dict (`{"status": "error", …}`) and every call of its
 * function in the module tests the result and acts on it (`if result["status"] == "error": sys.exit(1)`).
 */
export function failureStatusCheckedByCallers(fn: FunctionFact | null, py: PythonFacts, text: SourceText): boolean {
  return callersTest(fn, py, text, 0, false);
}
