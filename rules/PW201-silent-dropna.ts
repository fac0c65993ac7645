// PW201 silent-dropna: `dropna()` / Spark `na.drop()` that removes rows from a DataFrame and
// keeps the result, in a function that never accounts for the removed rows: no row count taken
// before and after, no log line/print/metric/assert/raise on a row or null count, no rejects
// write of the null rows. A dropna whose result only feeds a statistic (`len(df.dropna())`,
// `df.dropna().mean()`), that drops columns (`axis=1`), or that drops only all-null rows
// (`how="all"` without `subset`, which loses no value) is not reported.

import type { Fix, Rule, RuleContext, TextEdit } from '../server/src/engine/types';
import type { ArgFact, AssignmentFact, CallFact } from '../server/src/engine/python/facts';
import type { PythonFacts } from '../server/src/engine/python/python-facts';
import { appendArgumentEdits, hasDictSplat, keywordArg } from './support/call-arguments';
import {
  annotatedFrameParam, bindingOf, FRAME_ATTRIBUTE_NAME, FRAME_ATTRIBUTES, isDataFrameExpression, isFrameName, ROW_PRESERVING_METHODS, SPARK_ORIGIN,
  STATISTIC_ATTRIBUTES, STATISTIC_METHODS,
} from '../server/src/engine/knowledge';
import { insertLines, isBareStatement, lineBefore, snippetAround, statementAt, type Statement } from './support/statement-edits';
import { ScopeCache, isAccountingUse, measuresFrame, type Scope } from './support/data-accounting';
import { wordOccurrences } from '../server/src/engine/python/words';

const ID = 'PW201';
const TITLE_PREFIX = `Pipewise (${ID}):`;

/** Methods that reduce the dropna result to a statistic or display it: nothing is kept. */
const STAT_METHODS: ReadonlySet<string> = new Set(STATISTIC_METHODS);
const STAT_ATTRIBUTE = new RegExp(`^\\s*\\.\\s*(${STATISTIC_ATTRIBUTES.join('|')})\\b(?!\\s*\\()`);
const STAT_WRAPPERS = new Set(['len', 'print', 'display', 'bool', 'repr', 'str']);
/** Methods after dropna that keep every row (the count after them still measures the drop). */
const ROW_PRESERVING: ReadonlySet<string> = new Set(ROW_PRESERVING_METHODS);
/** Attributes of a DataFrame that are not columns (for reading `frame.col` uses). */
const FRAME_API: ReadonlySet<string> = new Set(FRAME_ATTRIBUTES);
const DOTTED_NAME = /^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*$/;
const ACCOUNTING_NAMES = /\b(rows_before|dropped_rows)\b/;
const ACCOUNTING_LINE = /^[ \t]*(rows_before = len\(|dropped_rows = rows_before - len\(|if dropped_rows:|[\w.]+\.warning\("dropna removed %d of %d rows", dropped_rows, rows_before\))/;

type Use = 'stat' | 'noop' | 'kept';

interface DropSite {
  call: CallFact;
  form: 'dropna' | 'na.drop';
  /** The receiver as written (whitespace removed). */
  receiver: string;
  /** The receiver when it is a plain (dotted) name. */
  name: string | null;
  spark: boolean;
  inplace: boolean;
}

interface ResultFlow {
  use: Use;
  /** End of the dropna plus the row-preserving calls chained on it. */
  chainEnd: number;
  /** Whether only row-preserving calls follow dropna up to `chainEnd` (and nothing after). */
  chainComplete: boolean;
  assignment: AssignmentFact | null;
}

// ---------------------------------------------------------------------------------------------
// Recognising the call

function siteOf(call: CallFact, py: PythonFacts, text: string, doc: ScopeCache): DropSite | null {
  let form: DropSite['form'];
  let methodLength: number;
  if (call.callee.endsWith('.dropna')) {
    form = 'dropna';
    methodLength = 'dropna'.length;
  } else if (call.callee.endsWith('.na.drop')) {
    form = 'na.drop';
    methodLength = 'drop'.length;
  } else return null;
  let receiverEnd = text.lastIndexOf('.', call.calleeEnd - methodLength - 1);
  if (form === 'na.drop') receiverEnd = text.lastIndexOf('.', receiverEnd - 1);
  if (receiverEnd <= call.start) return null;
  const receiver = text.slice(call.start, receiverEnd).replace(/\s+/g, '');
  const name = DOTTED_NAME.test(receiver) ? receiver : null;
  const inplaceArg = keywordArg(call, 'inplace');
  if (inplaceArg && inplaceArg.nodeType !== 'true' && inplaceArg.nodeType !== 'false') return null;
  const spark = form === 'na.drop' || isSparkFrame(name, call, py, text, doc);
  return { call, form, receiver, name, spark, inplace: inplaceArg?.nodeType === 'true' };
}

function isSparkFrame(name: string | null, call: CallFact, py: PythonFacts, text: string, doc: ScopeCache): boolean {
  if (doc.importsModule('pyspark') && !doc.importsModule('pandas')) return true;
  if (!name || name.includes('.')) return false;
  let current = name;
  let offset = call.start;
  for (let hop = 0; hop < 5; hop++) {
    const assignment = bindingOf(py, text, current, call.fn, offset);
    if (!assignment?.call) return false;
    const origin = assignment.call;
    if (SPARK_ORIGIN.test(origin.callee) || py.resolveCall(origin).startsWith('pyspark.')) return true;
    const receiver = origin.callee.split('.')[0];
    if (!/^[A-Za-z_]\w*$/.test(receiver) || receiver === current) return false;
    current = receiver;
    offset = origin.start;
  }
  return false;
}

function isFrameReceiver(site: DropSite, py: PythonFacts, text: string): boolean {
  const { call } = site;
  if (site.form === 'na.drop') return true;
  const dotted = call.callee.slice(0, -'.dropna'.length);
  if (isDataFrameExpression(dotted, call.fn, call.start, py)) return true;
  if (site.name && !site.name.includes('.') && isFrameName(py, text, site.name, call.fn, call.start)) return true;
  // `subset=`/`thresh=` exist on DataFrame.dropna only (Series.dropna has neither).
  if (keywordArg(call, 'subset') || keywordArg(call, 'thresh')) return true;
  const selection = /^([A-Za-z_][\w.]*)\[\[/.exec(site.receiver);
  if (selection) return isDataFrameExpression(selection[1], call.fn, call.start, py) || annotatedFrameParam(selection[1], call.fn, text);
  if (!site.name) return false;
  if (annotatedFrameParam(site.name, call.fn, text)) return true;
  return site.name.includes('.') && FRAME_ATTRIBUTE_NAME.test(site.name);
}

function literalValue(arg: ArgFact, text: string): string {
  return arg.string ? arg.string.value : text.slice(arg.start, arg.end).trim();
}

/** Whether the call removes rows (not columns, not only all-null rows); false when it cannot tell. */
function dropsRows(site: DropSite, text: string): boolean {
  const { call } = site;
  if (hasDictSplat(call) || call.args.some((a) => a.kind === 'list-splat')) return false;
  const positional = call.args.filter((a) => a.kind === 'positional');
  let how: ArgFact | undefined;
  let subset: ArgFact | undefined;
  if (site.spark) {
    how = keywordArg(call, 'how') ?? positional[0];
    subset = keywordArg(call, 'subset') ?? positional[2];
  } else {
    const axis = keywordArg(call, 'axis') ?? positional[0];
    if (axis && !['0', 'index', 'rows'].includes(literalValue(axis, text))) return false;
    how = keywordArg(call, 'how') ?? positional[1];
    subset = keywordArg(call, 'subset') ?? positional[3];
  }
  const thresh = keywordArg(call, 'thresh');
  if (how) {
    if (!how.string || how.string.interpolations.length > 0) return false;
    if (how.string.value === 'all' && !subset && !thresh) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Where the result goes

function flowOf(site: DropSite, py: PythonFacts, text: string, scope: Scope): ResultFlow {
  const { call } = site;
  const outer = py
    .callsIn(call.start, call.start + 1)
    .filter((c) => c !== call && c.end > call.end && c.callee.startsWith(`${call.callee}()`))
    .sort((a, b) => a.end - b.end);
  let current = call;
  let chainComplete = true;
  for (const link of outer) {
    const tail = link.callee.slice(current.callee.length + 2);
    const method = tail.slice(tail.lastIndexOf('.') + 1);
    if (tail !== `.${method}` && tail !== `[].${method}`) {
      chainComplete = false;
      break;
    }
    if (STAT_METHODS.has(method)) return { use: 'stat', chainEnd: current.end, chainComplete: false, assignment: null };
    if (tail === `.${method}` && ROW_PRESERVING.has(method)) {
      current = link;
      continue;
    }
    chainComplete = false;
    break;
  }
  const chainEnd = current.end;
  if (chainComplete && STAT_ATTRIBUTE.test(text.slice(chainEnd, chainEnd + 40))) return { use: 'stat', chainEnd, chainComplete: false, assignment: null };
  if (chainComplete && /^\s*[[.]/.test(text.slice(chainEnd, chainEnd + 10))) chainComplete = false;
  for (const c of scope.calls) {
    if (c.start >= call.start) break;
    if (c.end >= chainEnd && c.args.some((a) => a.start === call.start && a.end === chainEnd) && STAT_WRAPPERS.has(c.callee)) {
      return { use: 'stat', chainEnd, chainComplete: false, assignment: null };
    }
  }
  let assignment: AssignmentFact | null = null;
  for (const a of scope.assignments) {
    if (a.valueStart <= call.start && chainEnd <= a.valueEnd && (!assignment || a.valueStart >= assignment.valueStart)) assignment = a;
  }
  if (assignment && !(assignment.valueStart === call.start && assignment.valueEnd === chainEnd)) {
    // The dropna is part of a bigger expression (a call argument, a chain we do not follow).
    chainComplete = false;
  }
  if (site.inplace) return { use: 'kept', chainEnd, chainComplete: chainComplete && !assignment, assignment: null };
  if (!assignment && chainComplete && isBareStatement(text, call.start, chainEnd) && !insideCallArguments(scope, call.start, chainEnd)) {
    const returned = scope.returns.some((s) => s.start <= call.start && chainEnd <= s.end);
    if (!returned) return { use: 'noop', chainEnd, chainComplete, assignment: null };
  }
  return { use: 'kept', chainEnd, chainComplete, assignment };
}

function insideCallArguments(scope: Scope, start: number, end: number): boolean {
  return scope.calls.some((c) => c.argsStart < start && end < c.argsEnd);
}

// ---------------------------------------------------------------------------------------------
// Accounting

function isAccounted(scope: Scope, site: DropSite, flow: ResultFlow, target: string | null): boolean {
  const { call } = site;
  const source = site.name;
  const frames = new Set<string>([source, target].filter((n): n is string => n !== null));
  const before = (s: { end: number }) => s.end <= call.start;
  const after = (s: { start: number }) => s.start >= flow.chainEnd;
  const distinct = source !== null && target !== null && source !== target;
  const rowsOf = (name: string | null, where: (s: { start: number; end: number }) => boolean) =>
    name === null ? [] : scope.sites.filter((s) => s.kind === 'rows' && s.subject === name && where(s));
  const sourceRows = rowsOf(source, (s) => before(s) || (distinct && after(s)));
  const targetRows = rowsOf(target, after);
  if (sourceRows.length > 0 && targetRows.length > 0) return true;
  const candidates = [...targetRows, ...(distinct ? rowsOf(source, after) : [])];
  if (source !== null) {
    for (const s of scope.sites) {
      if (s.kind === 'nulls' && measuresFrame(s.subject, source) && (before(s) || (distinct && after(s)))) candidates.push(s);
    }
  }
  return candidates.some((s) => isAccountingUse(scope, s.start, frames));
}

// ---------------------------------------------------------------------------------------------
// Fixes

/** The function's text uses the accounting names only in lines an earlier fix inserted. */
function accountingNamesFree(text: string, scope: Scope): boolean {
  const body = text.slice(scope.start, scope.end);
  if (!ACCOUNTING_NAMES.test(body)) return true;
  return body.split('\n').every((line) => !ACCOUNTING_NAMES.test(line) || ACCOUNTING_LINE.test(line));
}

function countAndLogEdits(ctx: RuleContext, scope: Scope, site: DropSite, flow: ResultFlow, target: string, statement: Statement): TextEdit[] | null {
  if (site.spark || !site.name || !flow.chainComplete) return null;
  const logger = scope.doc.logger();
  if (!logger || !logger.stdlib || !accountingNamesFree(ctx.doc.text, scope)) return null;
  const before = snippetAround('pw-dropna-accounting', { frame: site.name, logger: logger.name }, '.dropna(').before;
  const after = snippetAround('pw-dropna-accounting', { frame: target, logger: logger.name }, '.dropna(').after;
  return [...logger.edits, ...insertLines(ctx.doc.text, statement, before, after)];
}

/** `[["a", "b"]]`-style selection mirroring the call's `subset=`, '' without one, null when it cannot be mirrored. */
function subsetSelection(call: CallFact, text: string): string | null {
  const subset = keywordArg(call, 'subset');
  if (!subset) return '';
  const value = text.slice(subset.start, subset.end);
  if (subset.nodeType === 'list') return `[${value}]`;
  if (subset.nodeType === 'tuple') return `[[${value.slice(1, -1)}]]`;
  if (subset.nodeType === 'string' && subset.string && subset.string.interpolations.length === 0) return `[[${value}]]`;
  return null;
}

function quarantineEdits(py: PythonFacts, text: string, scope: Scope, site: DropSite, statementStart: number): TextEdit[] | null {
  const { call } = site;
  if (site.spark || !site.name) return null;
  if (call.args.some((a) => a.kind !== 'keyword') || keywordArg(call, 'thresh')) return null;
  const pandas = [...py.bindings].find(([, target]) => target === 'pandas')?.[0];
  const selection = subsetSelection(call, text);
  if (!pandas || selection === null) return null;
  const how = keywordArg(call, 'how');
  const howValue = how?.string?.value ?? 'any';
  if (howValue !== 'any' && howValue !== 'all') return null;
  if (/\b(rejected_rows|rejects_path)\b/.test(text.slice(scope.start, scope.end))) return null;
  const statement = lineBefore(text, statementStart);
  const logger = scope.doc.logger();
  if (!statement || !logger || !logger.stdlib) return null;
  const lines = snippetAround('pw-dropna-quarantine', {
    frame: site.name,
    '[subset]': selection,
    any: howValue,
    frame_name: site.name.slice(site.name.lastIndexOf('.') + 1),
    pd: pandas,
    logger: logger.name,
  }, '.dropna(').before;
  return [...logger.edits, ...insertLines(text, statement, lines, [])];
}

/** Columns the function reads from `frame` after `from` (subscripts and attribute uses), minus columns it creates. */
function columnsReadAfter(text: string, scope: Scope, frame: string, from: number): string[] {
  let limit = scope.end;
  for (const a of scope.assignments) {
    if (a.target === frame && a.targetStart >= from && a.valueEnd < limit && text.slice(a.targetStart, a.targetEnd) === frame) {
      limit = a.valueEnd;
      break;
    }
  }
  const reads: string[] = [];
  const written = new Set<string>();
  for (const at of wordOccurrences(text, frame, from, limit)) {
    const rest = text.slice(at + frame.length, at + frame.length + 200);
    const single = /^\s*\[\s*(["'])([^"'\\\n]+)\1\s*\](\s*=(?!=))?/.exec(rest);
    if (single) {
      if (single[3]) written.add(single[2]);
      else reads.push(single[2]);
      continue;
    }
    const double = /^\s*\[\s*\[([^\]\n]*)\]\s*\](\s*=(?!=))?/.exec(rest);
    if (double) {
      for (const m of double[1].matchAll(/(["'])([^"'\\\n]+)\1/g)) (double[2] ? written.add(m[2]) : reads.push(m[2]));
      continue;
    }
    const attribute = /^\.([A-Za-z_]\w*)\b(\s*\()?(\s*=(?!=))?/.exec(rest);
    if (attribute && !attribute[2] && !FRAME_API.has(attribute[1]) && !attribute[1].startsWith('_')) {
      if (attribute[3]) written.add(attribute[1]);
      else reads.push(attribute[1]);
    }
  }
  return [...new Set(reads.filter((c) => !written.has(c)))];
}

function fixesFor(ctx: RuleContext, py: PythonFacts, scope: Scope, site: DropSite, flow: ResultFlow): Fix[] {
  const text = ctx.doc.text;
  const { call } = site;
  const fixes: Fix[] = [];
  const target = site.inplace ? site.name : flow.assignment ? text.slice(flow.assignment.targetStart, flow.assignment.targetEnd) : null;
  const statementStart = site.inplace ? call.start : flow.assignment ? flow.assignment.targetStart : call.start;
  const statementEnd = site.inplace ? flow.chainEnd : flow.assignment ? flow.assignment.valueEnd : flow.chainEnd;
  const statement = target !== null && (site.inplace || flow.assignment) ? statementAt(text, statementStart, statementEnd) : null;
  const unsafeRuntime = scope.doc.heavyRuntime();
  const countEdits = statement && target ? countAndLogEdits(ctx, scope, site, flow, target, statement) : null;
  if (countEdits) {
    fixes.push({ title: `${TITLE_PREFIX} Count and log dropped rows`, edits: countEdits, safe: !unsafeRuntime, preferred: true });
  }
  const enclosing = scope.returns.find((s) => s.start <= call.start && flow.chainEnd <= s.end);
  const quarantine = quarantineEdits(py, text, scope, site, enclosing ? enclosing.start : statementStart);
  if (quarantine) {
    fixes.push({ title: `${TITLE_PREFIX} Quarantine dropped rows to a rejects file before dropping`, edits: quarantine, safe: false, preferred: countEdits === null });
  }
  if (countEdits && statement && target && call.end === flow.chainEnd && !keywordArg(call, 'subset') && !keywordArg(call, 'thresh')) {
    const columns = columnsReadAfter(text, scope, target, statement.end);
    const subsetText = `subset=[${columns.map((c) => JSON.stringify(c)).join(', ')}]`;
    const subsetEdits = columns.length > 0 ? appendArgumentEdits(text, call, subsetText) : null;
    if (subsetEdits) {
      fixes.push({ title: `${TITLE_PREFIX} Restrict dropna to ${subsetText} (the columns used later) and log dropped rows`, edits: [...countEdits, ...subsetEdits], safe: false });
    }
  }
  return fixes;
}

// ---------------------------------------------------------------------------------------------

function describeReceiver(site: DropSite): string {
  if (site.name && site.name.length <= 40) return site.name;
  return 'the DataFrame';
}

function check(ctx: RuleContext): void {
  const py = ctx.doc.python;
  if (!py) return;
  const text = ctx.doc.text;
  let scopes: ScopeCache | undefined;
  for (const call of ctx.statement?.calls ?? py.calls) {
    const callee = call.callee;
    // Cheap first test on the last letter (dropn[a] / na.dro[p]) before the string comparisons.
    const last = callee.charCodeAt(callee.length - 1);
    if ((last !== 97 || !callee.endsWith('.dropna')) && (last !== 112 || !callee.endsWith('.na.drop'))) continue;
    scopes ??= new ScopeCache(py, text);
    const site = siteOf(call, py, text, scopes);
    if (!site || !isFrameReceiver(site, py, text) || !dropsRows(site, text)) continue;
    const scope = scopes.get(call.fn);
    const flow = flowOf(site, py, text, scope);
    if (flow.use !== 'kept') continue;
    const assigned = flow.assignment ? text.slice(flow.assignment.targetStart, flow.assignment.targetEnd) : null;
    const target = site.inplace ? site.name : assigned !== null && DOTTED_NAME.test(assigned) ? assigned : null;
    if (isAccounted(scope, site, flow, target)) continue;
    const method = site.form === 'na.drop' ? 'na.drop()' : 'dropna()';
    ctx.report({
      start: call.start,
      end: call.end,
      message: `${method} on ${describeReceiver(site)} removes rows with nulls without counting them; log how many rows it drops or quarantine them`,
      fixes: fixesFor(ctx, py, scope, site, flow),
      fingerprintText: `${site.form}|${site.receiver}|${target ?? ''}`,
    });
  }
}

export const silentDropna: Rule = {
  meta: {
    id: ID,
    slug: 'silent-dropna',
    title: 'dropna() removes rows without accounting for them',
    priority: 'P2',
    dialects: ['python'],
    rationale: 'Rows dropped for a null in any column disappear without a trace: a source change can silently cut a load by a large fraction and nobody notices until the numbers are wrong.',
    recommendation: 'Count the rows before and after dropna and log the difference, quarantine the dropped rows, or restrict dropna to the columns the stage needs.',
    fixable: true,
  },
  check,
  incremental: {},
};
