// PW202 silent-coercion: `pd.to_numeric/to_datetime/to_timedelta(…, errors="coerce")` turns every
// value that fails to parse into NaN/NaT, and `errors="ignore"` (also on `astype`) hands the
// input back unchanged when one value fails — both without a trace. Reported when the function
// never checks the result: no null count (or dtype check for "ignore") on the converted column
// that reaches a log line, print, metric, assert/raise or a reporting branch, no schema
// validation of the frame, and no later dropna of the column (PW201 accounts for that one).
// `pd.to_numeric(s, errors="coerce").notna()` / `pd.isna(pd.to_numeric(x, errors="coerce"))` are
// parse tests, not conversions, and a coercion reduced to a statistic (`.max()`, or a local only
// used for `.mean()`/`.min()`…) keeps no converted value: not reported. Nor is a dashboard's
// conversion (Streamlit, Dash…: knowledge's appKindOf), made for a chart and never stored.

import type { Fix, Rule, RuleContext, TextEdit } from '../server/src/engine/types';
import type { ArgFact, AssignmentFact, CallFact } from '../server/src/engine/python/facts';
import type { PythonFacts } from '../server/src/engine/python/python-facts';
import { keywordArg, positionalArg } from './support/call-arguments';
import {
  AGGREGATION_METHODS, appKindOf, APPLY_METHODS, COERCING_CONVERTERS, FRAME_ATTRIBUTES, inputOfCall, isDataFrameExpression, isFrameByFlow, isFrameName, NULL_TEST_FUNCTIONS,
  NULL_TEST_METHODS, REDUCTION_METHODS,
} from '../server/src/engine/knowledge';
import { insertLines, snippetAround, statementAt } from './support/statement-edits';
import { ScopeCache, codeOccurrences, isAccountingUse, measuresColumn, measuresFrame, type Scope } from './support/data-accounting';
import { wordOccurrences } from '../server/src/engine/python/words';
import { nullFilterOf } from './support/null-filter';
import type { SourceText } from '../server/src/engine/source-text';

const ID = 'PW202';
const TITLE_PREFIX = `Pipewise (${ID}):`;

const CONVERTERS: ReadonlySet<string> = new Set(COERCING_CONVERTERS);
/** Methods that run a converter once per value (`s.apply(pd.to_numeric, errors="coerce")`), and the aggregations that may. */
const APPLY: ReadonlySet<string> = new Set([...APPLY_METHODS, ...AGGREGATION_METHODS]);
const MASK_METHODS: ReadonlySet<string> = new Set(NULL_TEST_METHODS);
/** Null tests that take the converted value as their argument: `pd.isna(pd.to_numeric(x, errors="coerce"))`. */
const MASK_FUNCTIONS: ReadonlySet<string> = new Set(NULL_TEST_FUNCTIONS);
/** Reductions that turn the converted values into one statistic: nothing converted is kept. */
const STAT_METHODS: ReadonlySet<string> = new Set(REDUCTION_METHODS);
const STAT_USE = new RegExp(`^\\s*\\.\\s*(${REDUCTION_METHODS.join('|')})\\s*\\(`);
/** The start of an `if`/`elif` condition line, up to a null test in it. */
const BRANCH_LINE = /^[ \t]*(if|elif)\b[^\n]*$/;
const VALIDATION_METHODS = /^(validate|expect_column_values_to_not_be_null|expect_column_values_to_be_of_type|expect_column_values_to_be_in_type_list)$/;
/** What may follow the conversion in a statement the count-and-log fix wraps: `.dt.date`, `.dt.to_period("M")`. */
const NULL_PRESERVING_CHAIN = /^(\s*\.\s*dt\s*\.\s*[A-Za-z_]\w*(\([^()\n]*\))?)*\s*$/;
const SERIES_SOURCE = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\[\s*(["'])([^"'\\\n]+)\2\s*\]((\s*\.\s*str\s*\.\s*\w+\([^()\n]*\))|(\s*\.\s*astype\([^()\n]*\)))*$/;
const ATTRIBUTE_SOURCE = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/;
const COLUMN_TARGET = /^([A-Za-z_][\w.]*)\s*(?:\.loc\s*)?\[\s*(?::\s*,\s*)?(["'])([^"'\\\n]+)\2\s*\]$/;
const FRAME_TARGET = /^([A-Za-z_][\w.]*)\s*(?:\.loc\s*)?\[/;
const NAME_TARGET = /^[A-Za-z_][\w.]*$/;
const LABEL = /^[\w .-]{1,40}$/;
const ACCOUNTING_NAMES = /\b(nulls_before|unparsed_values)\b/;
const ACCOUNTING_LINE = /^[ \t]*(nulls_before = int\(|unparsed_values = int\(|if unparsed_values:|[\w.]+\.warning\("%d values of .* could not be parsed and became null", unparsed_values\))/;
const FRAME_API: ReadonlySet<string> = new Set(FRAME_ATTRIBUTES);

interface Coercion {
  call: CallFact;
  mode: 'coerce' | 'ignore';
  errors: ArgFact;
  kind: 'convert' | 'astype' | 'apply';
  /** How the message names the call: `pd.to_numeric`, `astype`, `apply(pd.to_numeric)`. */
  display: string;
  /** The converted expression for `convert` calls (first positional argument). */
  source: ArgFact | null;
}

interface Target {
  /** The assignment receiving the result, if any. */
  assignment: AssignmentFact | null;
  text: string | null;
  /** The frame and column written (`df["amount"]` → df, amount); column null when several or unknown. */
  base: string | null;
  column: string | null;
}

function coercionOf(call: CallFact, py: PythonFacts, text: SourceText): Coercion | null {
  const errors = keywordArg(call, 'errors');
  if (!errors?.string || errors.string.interpolations.length > 0) return null;
  const mode = errors.string.value;
  if (mode !== 'coerce' && mode !== 'ignore') return null;
  const resolved = py.resolveCall(call);
  if (CONVERTERS.has(resolved)) {
    return { call, mode, errors, kind: 'convert', display: call.callee, source: positionalArg(call, 0) ?? keywordArg(call, 'arg') ?? null };
  }
  const method = call.callee.slice(call.callee.lastIndexOf('.') + 1);
  if (method === 'astype') return mode === 'ignore' ? { call, mode, errors, kind: 'astype', display: 'astype', source: null } : null;
  if (!APPLY.has(method)) return null;
  const fnArg = positionalArg(call, 0) ?? keywordArg(call, 'func');
  if (!fnArg || (fnArg.nodeType !== 'identifier' && fnArg.nodeType !== 'attribute')) return null;
  const fnText = text.slice(fnArg.start, fnArg.end);
  if (!CONVERTERS.has(py.resolveName(fnText))) return null;
  return { call, mode, errors, kind: 'apply', display: `${method}(${fnText})`, source: null };
}

/**
 * The result is only tested for parseability (`pd.to_numeric(s, errors="coerce").notna()`,
 * `pd.isna(pd.to_numeric(x, errors="coerce"))`) or reduced to a statistic
 * (`pd.to_datetime(s, errors="coerce").max()`): no converted value is kept.
 */
function isParseTest(coercion: Coercion, py: PythonFacts): boolean {
  const { call } = coercion;
  for (const link of py.callsIn(call.start, call.start + 1)) {
    if (link === call || link.end <= call.end || !link.callee.startsWith(`${call.callee}()`)) continue;
    const tail = link.callee.slice(call.callee.length + 2);
    if (!tail.startsWith('.')) continue;
    const method = tail.slice(1).split('.')[0];
    if (MASK_METHODS.has(method) || (STAT_METHODS.has(method) && coercion.mode === 'coerce')) return true;
  }
  return false;
}

/** `pd.isna(pd.to_numeric(x, errors="coerce"))`: the conversion is the argument of a null test. */
function isNullTestArgument(coercion: Coercion, py: PythonFacts, scope: Scope): boolean {
  const { call } = coercion;
  return scope.calls.some((outer) => {
    if (outer.start >= call.start || outer.end < call.end) return false;
    const first = outer.args[0];
    return first !== undefined && first.start === call.start && first.end === call.end && MASK_FUNCTIONS.has(py.resolveCall(outer));
  });
}

const NULL_TEST_USE = new RegExp(`^\\s*\\.\\s*(${NULL_TEST_METHODS.join('|')})\\s*\\(`);
const NULL_TEST_CALL = new RegExp(`\\b(?:pd|pandas|np|numpy|math)\\.(?:${[...new Set(NULL_TEST_FUNCTIONS.map((f) => f.slice(f.lastIndexOf('.') + 1)))].join('|')})\\(\\s*$`);
const COMPARISON_AFTER = /^\s*(<=|>=|<(?!<)|>(?!>)|==|!=)/;
const COMPARISON_BEFORE = /(<=|>=|(?<!<)<|(?<!>)>|==|!=)\s*$/;

/**
 * A use of a converted local that keeps none of its values: a statistic (`ages.mean()`), a
 * comparison (`parsed < lo`), a null test, an element or index read (`parsed[i]`,
 * `parsed.index[mask]`), its length.
 */
function isInspection(name: string, at: number, scope: Scope, text: SourceText): boolean {
  const after = text.slice(at + name.length, at + name.length + 80);
  const before = text.slice(Math.max(scope.start, at - 40), at);
  if (STAT_USE.test(after) || NULL_TEST_USE.test(after) || /^\s*\.\s*index\b/.test(after)) return true;
  if (/^\s*\[[^\]\n]*\]/.test(after) && !/^\s*\[[^\]\n]*\]\s*=(?!=)/.test(after)) return true;
  if (COMPARISON_AFTER.test(after) || COMPARISON_BEFORE.test(before)) return true;
  if (/\blen\(\s*$/.test(before) && /^\s*\)/.test(after)) return true;
  return NULL_TEST_CALL.test(before);
}

/**
 * `ages = pd.to_numeric(df["age"], errors="coerce")` (possibly with `.dropna()` or `.dt.date` after
 * it) where the function only inspects `ages` — statistics, comparisons against bounds, element
 * reads for a message: a validation, nothing converted is kept.
 */
function onlyInspected(coercion: Coercion, target: Target, scope: Scope, text: SourceText): boolean {
  const { assignment } = target;
  const name = target.text;
  if (coercion.mode !== 'coerce' || !assignment || !name || !/^[A-Za-z_]\w*$/.test(name)) return false;
  if (assignment.valueStart !== coercion.call.start) return false;
  let end = scope.end;
  for (const a of scope.assignments) {
    if (a.targetStart > assignment.valueEnd && a.targetStart < end && text.slice(a.targetStart, a.targetEnd) === name) end = a.targetStart;
  }
  const uses = codeOccurrences(scope, name, assignment.valueEnd, end);
  return uses.length > 0 && uses.every((at) => isInspection(name, at, scope, text));
}

function targetOf(coercion: Coercion, scope: Scope, text: SourceText): Target {
  const { call } = coercion;
  let assignment: AssignmentFact | null = null;
  for (const a of scope.assignments) {
    if (a.valueStart <= call.start && call.end <= a.valueEnd && (!assignment || a.valueStart >= assignment.valueStart)) assignment = a;
  }
  if (!assignment) return { assignment: null, text: null, base: null, column: null };
  const targetText = text.slice(assignment.targetStart, assignment.targetEnd).replace(/\s+/g, '');
  const column = COLUMN_TARGET.exec(targetText);
  if (column) return { assignment, text: targetText, base: column[1], column: column[3] };
  const frame = FRAME_TARGET.exec(targetText);
  if (frame) return { assignment, text: targetText, base: frame[1], column: null };
  if (!NAME_TARGET.test(targetText)) return { assignment, text: targetText, base: null, column: null };
  // `df = df.assign(amount=pd.to_numeric(df["amount"], errors="coerce"))`
  for (const c of scope.calls) {
    if (!c.callee.endsWith('.assign') || c.start > call.start || c.end < call.end) continue;
    const keyword = c.args.find((a) => a.kind === 'keyword' && a.start <= call.start && call.end <= a.end);
    if (keyword?.name) return { assignment, text: targetText, base: targetText, column: keyword.name };
  }
  return { assignment, text: targetText, base: null, column: null };
}

function measures(subject: string, target: Target): boolean {
  if (target.base) return measuresColumn(subject, target.base, target.column);
  return target.text !== null && measuresFrame(subject, target.text);
}

function isChecked(coercion: Coercion, scope: Scope, target: Target, text: SourceText): boolean {
  const { call } = coercion;
  const tracked = target.base ?? target.text;
  if (tracked === null) return false;
  const kind = coercion.mode === 'coerce' ? 'nulls' : 'dtype';
  const frames = new Set([tracked]);
  for (const site of scope.sites) {
    if (site.kind !== kind || site.start < call.end || !measures(site.subject, target)) continue;
    if (isAccountingUse(scope, site.start, frames)) return true;
    // `if pd.isna(ts): return UNKNOWN`: one value (a Series would be ambiguous in an `if`), and the code decides what it becomes.
    if (/^(pd|pandas|np|numpy)\./.test(text.slice(site.start, site.end)) && BRANCH_LINE.test(text.slice(text.lastIndexOf('\n', site.start - 1) + 1, site.start))) return true;
  }
  // A later null filter of the column (`df = df[df["x"].notna()]`) hands the accounting to PW201.
  if (coercion.mode === 'coerce') {
    for (const a of scope.assignments) {
      if (a.valueStart < call.end) continue;
      const filter = nullFilterOf(a, scope.py, text);
      if (filter && filter.source === tracked && (target.column === null || filter.columnNames.length === 0 || filter.columnNames.includes(target.column))) return true;
    }
  }
  for (const c of scope.calls) {
    if (c.start < call.end) continue;
    const method = c.callee.slice(c.callee.lastIndexOf('.') + 1);
    // Schema validation of the frame (pandera `schema.validate(df)`, Great Expectations null checks).
    if (VALIDATION_METHODS.test(method) && wordOccurrences(text, tracked, c.start, c.end).length > 0) return true;
    // A later dropna of the column hands the accounting to PW201.
    if ((c.callee === `${tracked}.dropna` || c.callee === `${tracked}.na.drop`) && coercion.mode === 'coerce') {
      const subset = keywordArg(c, 'subset');
      if (!subset || target.column === null) return true;
      const subsetText = text.slice(subset.start, subset.end);
      if (subsetText.includes(`"${target.column}"`) || subsetText.includes(`'${target.column}'`) || !/["']/.test(subsetText)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Fixes

/**
 * The converted expression when it is a column of a frame (optionally through `.str.*`/`.astype`);
 * `certain` when the frame is known by flow or annotation, not only by its name.
 */
function seriesSource(coercion: Coercion, py: PythonFacts, text: SourceText): { text: string; column: string; certain: boolean } | null {
  const { source, call } = coercion;
  if (!source) return null;
  const sourceText = text.slice(source.start, source.end);
  const isFrame = (name: string) => isDataFrameExpression(name, call.fn, call.start, py) || isFrameName(py, text, name, call.fn, call.start);
  const certain = (name: string) => isFrameByFlow(py, text, name, call.fn, call.start);
  const subscript = SERIES_SOURCE.exec(sourceText);
  if (subscript && isFrame(subscript[1])) return { text: sourceText, column: subscript[3], certain: certain(subscript[1]) };
  const attribute = ATTRIBUTE_SOURCE.exec(sourceText);
  if (attribute && !FRAME_API.has(attribute[2]) && isFrame(attribute[1])) return { text: sourceText, column: attribute[2], certain: certain(attribute[1]) };
  return null;
}

function namesFree(text: SourceText, scope: Scope): boolean {
  const body = text.slice(scope.start, scope.end);
  if (!ACCOUNTING_NAMES.test(body)) return true;
  return body.split('\n').every((line) => !ACCOUNTING_NAMES.test(line) || ACCOUNTING_LINE.test(line));
}

function countAndLogEdits(ctx: RuleContext, py: PythonFacts, scope: Scope, coercion: Coercion, target: Target): { edits: TextEdit[]; certain: boolean } | null {
  const text = ctx.doc.sourceText;
  const { call } = coercion;
  const { assignment } = target;
  if (coercion.mode !== 'coerce' || coercion.kind !== 'convert' || !assignment || !target.text) return null;
  if (assignment.valueStart !== call.start || !NULL_PRESERVING_CHAIN.test(text.slice(call.end, assignment.valueEnd))) return null;
  const source = seriesSource(coercion, py, text);
  if (!source) return null;
  const statement = statementAt(text, assignment.targetStart, assignment.valueEnd);
  if (!statement || !namesFree(text, scope)) return null;
  const logger = scope.doc.logger();
  if (!logger || !logger.stdlib) return null;
  const label = [target.column, source.column].find((l): l is string => l !== null && LABEL.test(l)) ?? 'the column';
  const targetText = text.slice(assignment.targetStart, assignment.targetEnd);
  const lines = snippetAround('pw-coercion-accounting', { source: source.text, target: targetText, logger: logger.name, column: label }, 'errors="coerce")');
  return { edits: [...logger.edits, ...insertLines(text, statement, lines.before, lines.after)], certain: source.certain };
}

function raiseFix(coercion: Coercion, text: SourceText, preferred: boolean): Fix {
  const { errors } = coercion;
  const str = errors.string!;
  const literal = text.slice(str.start, str.contentStart) + 'raise' + text.slice(str.contentEnd, str.end);
  return {
    title: `${TITLE_PREFIX} Fail on values that do not parse (errors="raise")`,
    edits: [{ start: str.start, end: str.end, newText: literal }],
    safe: false,
    preferred,
  };
}

// ---------------------------------------------------------------------------------------------

function describe(coercion: Coercion, target: Target, text: SourceText): string {
  if (target.text && target.text.length <= 40) return target.text;
  const source = coercion.source ? text.slice(coercion.source.start, coercion.source.end) : '';
  if (source && source.length <= 40 && !source.includes('\n')) return source;
  return 'the values';
}

function messageFor(coercion: Coercion, target: Target, text: SourceText): string {
  const what = describe(coercion, target, text);
  if (coercion.mode === 'coerce') {
    const missing = /to_(datetime|timedelta)/.test(coercion.display) ? 'NaT' : 'NaN';
    return `${coercion.display}(errors="coerce") turns values of ${what} that fail to parse into ${missing} without counting them; log how many values it nulls`;
  }
  if (coercion.kind === 'astype') {
    return `astype(errors="ignore") leaves ${what} in its old type when a value fails to convert, so bad values pass silently; use errors="raise" or convert with errors="coerce" and count the nulls`;
  }
  return `${coercion.display}(errors="ignore") returns ${what} unchanged when a value fails to parse, so bad values pass silently; use errors="raise", or errors="coerce" and count the nulls`;
}

/**
 * The converted value is one the program makes itself — a clock reading it has just formatted
 * (`pd.to_datetime(datetime.now(tz).strftime(FMT), format=FMT, errors="coerce")`): it cannot fail
 * to parse, so nothing is nulled.
 */
function parsesProgramValue(call: CallFact, py: PythonFacts): boolean {
  const value = call.args.find((a) => a.kind === 'positional');
  if (!value) return false;
  const made = py.callsIn(value.start, value.end).find((c) => c.start === value.start && c.end === value.end);
  return made !== undefined && inputOfCall(made, py) === 'program';
}

function check(ctx: RuleContext): void {
  const py = ctx.doc.python;
  // A dashboard converts query results for its charts and tables; nothing it converts is stored.
  if (!py || appKindOf(py) === 'dashboard') return;
  const text = ctx.doc.sourceText;
  let scopes: ScopeCache | undefined;
  for (const call of ctx.statement?.calls ?? py.calls) {
    if (call.args.length < 2 || !call.args.some((a) => a.kind === 'keyword' && a.name === 'errors')) continue;
    const coercion = coercionOf(call, py, text);
    if (!coercion || isParseTest(coercion, py) || parsesProgramValue(call, py)) continue;
    scopes ??= new ScopeCache(py, text);
    const scope = scopes.get(call.fn);
    const target = targetOf(coercion, scope, text);
    if (isNullTestArgument(coercion, py, scope) || isChecked(coercion, scope, target, text) || onlyInspected(coercion, target, scope, text)) continue;
    const fixes: Fix[] = [];
    const count = countAndLogEdits(ctx, py, scope, coercion, target);
    // `.isna()` must exist on the source: automatic only when the frame is known by flow, not by name.
    if (count) fixes.push({ title: `${TITLE_PREFIX} Count and log values that fail to parse`, edits: count.edits, safe: count.certain && !scope.doc.heavyRuntime(), preferred: true });
    fixes.push(raiseFix(coercion, text, count === null));
    ctx.report({
      start: call.start,
      end: call.end,
      message: messageFor(coercion, target, text),
      fixes,
      fingerprintText: `${coercion.display}|${coercion.mode}|${target.text ?? ''}`,
    });
  }
}

export const silentCoercion: Rule = {
  meta: {
    id: ID,
    slug: 'silent-coercion',
    title: 'Type coercion hides values that fail to parse',
    priority: 'P2',
    dialects: ['python'],
    rationale: 'errors="coerce" turns every unparseable value into NaN/NaT and errors="ignore" passes bad input through unchanged, so a format change upstream becomes silent nulls or wrong types downstream.',
    recommendation: 'Count the nulls the conversion introduces and log them (or fail with errors="raise").',
    fixable: true,
  },
  check,
  incremental: {},
};
