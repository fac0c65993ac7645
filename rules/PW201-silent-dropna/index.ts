// PW201 silent-dropna: rows removed for nulls — `dropna()` / Spark `na.drop()`, a null or
// sentinel mask, a Spark null filter after a cast — or skipped by a reader as unparseable, kept
// in a function (or script) that never accounts for them: no row count taken before and after, no
// log line/print/metric/assert/raise on a row or null count, no rejects write of the null rows.
// A drop whose result is only summarised (statistics, aggregations, len, print, plots), that
// aligns series (`pd.concat(…, axis=1).dropna()`), that drops columns (`axis=1`), or that drops
// only all-null rows (`how="all"` without `subset`, which loses no value) is not reported.
//
// dropna-site.ts: recognising the call; result-flow.ts: where its result goes; summaries.ts:
// whether the kept frame is only summarised; accounting.ts: whether the function counts what it
// drops; fixes.ts: the fixes. Drops without dropna: ../support/null-filter.ts (pandas masks),
// spark-null-filter.ts (Spark null filters after a cast), reader-drops.ts (readers skipping
// lines they cannot parse), copy-skips.ts (warehouse COPY loads that skip rows they cannot load),
// rejected-rows.ts (streaming inserts that return the rows they reject, left unread or only logged),
// record-skips.ts (records a loop skips for a missing field while it builds the rows to load);
// join-key-drops.ts: null join keys dropped right before the join that would leave them out anyway.

import type { Rule, RuleContext } from '../../server/src/engine/types';
import type { AssignmentFact, CallFact } from '../../server/src/engine/python/facts';
import { dropsMalformedRows, methodOf } from '../../server/src/engine/knowledge';
import { ScopeCache, type Scope } from '../support/data-accounting';
import { nullFilterOf, type NullFilter } from '../support/null-filter';
import { isAccounted } from './accounting';
import { alignsColumns, DOTTED_NAME, dropsRows, isFrameReceiver, siteOf, subsetColumns, type DropSite } from './dropna-site';
import { fixesFor, nullFilterFixes } from './fixes';
import { checkReaderDrop } from './reader-drops';
import { flowOf } from './result-flow';
import { sparkNullFilterOf } from './spark-null-filter';
import { feedsOnlyStatistics, onlySummarised } from './summaries';
import { positionalSliceOf, sliceMessage } from './positional-slice';
import { namesReferenceRows } from '../support/reference-frames';
import type { SourceText } from '../../server/src/engine/source-text';
import { checkCopySkips } from './copy-skips';
import { checkRejectedRows } from './rejected-rows';
import { checkRecordSkips } from './record-skips';
import { feedsJoinOnDroppedKey } from './join-key-drops';

const ID = 'PW201';

function isNotebook(ctx: RuleContext): boolean {
  return ctx.doc.notebook !== undefined || ctx.doc.databricks !== undefined;
}

function describeReceiver(site: DropSite): string {
  if (site.name && site.name.length <= 40) return site.name;
  return 'the DataFrame';
}

function filterMessage(filter: NullFilter, text: SourceText): string {
  const written = text.slice(filter.start, filter.end).replace(/\s+/g, ' ');
  const expression = written.length <= 50 ? written : `the filter on ${filter.source}`;
  const columns = filter.columns ?? 'the tested columns';
  const advice = 'log how many rows it removes or quarantine them';
  if (filter.sentinel !== null) return `${expression} drops rows where ${columns} is ${JSON.stringify(filter.sentinel)} without counting them; ${advice}`;
  return `${expression} keeps only rows where ${columns} is not null, dropping the others without counting them; ${advice}`;
}

/**
 * Rows dropped by an assignment rather than a dropna: a mask (`df = df[df["id"].notna()]`,
 * `df[df.status != "NULL"]`) or a hard-coded positional cut (`df = df.iloc[:1000]`).
 */
function checkAssignedDrops(ctx: RuleContext, scopes: () => ScopeCache): void {
  const py = ctx.doc.python!;
  const text = ctx.doc.sourceText;
  for (const assignment of ctx.statement?.assignments ?? py.assignments) {
    if (text.charCodeAt(assignment.valueEnd - 1) !== 93 /* ] */ && text.charCodeAt(assignment.valueEnd - 1) !== 41 /* ) */) continue;
    checkPositionalSlice(ctx, assignment, scopes);
    const filter = nullFilterOf(assignment, py, text);
    if (!filter) continue;
    const scope = scopes().get(assignment.fn);
    if (/^[A-Za-z_]\w*$/.test(filter.target) && (onlySummarised(filter.target, filter.chainEnd, scope) || feedsOnlyStatistics(filter.target, filter.chainEnd, scope, isNotebook(ctx)))) continue;
    if (isAccounted(scope, { start: filter.start, end: filter.chainEnd, source: filter.source, target: filter.target })) continue;
    ctx.report({
      start: filter.start,
      end: filter.end,
      message: filterMessage(filter, text),
      fixes: nullFilterFixes(ctx, scope, filter),
      fingerprintText: `filter|${filter.source}|${filter.columns ?? ''}|${filter.target}`,
    });
  }
}

/** `df = df.iloc[:1000]`, `df = df.head(5000)`: a hard-coded cap on the rows (positional-slice.ts). */
function checkPositionalSlice(ctx: RuleContext, assignment: AssignmentFact, scopes: () => ScopeCache): void {
  const py = ctx.doc.python!;
  const text = ctx.doc.sourceText;
  if (!/\b(iloc|head)\b/.test(text.slice(assignment.valueStart, assignment.valueEnd))) return;
  const scope = scopes().get(assignment.fn);
  const slice = positionalSliceOf(assignment, py, text, scope);
  if (!slice || onlySummarised(slice.frame, assignment.valueEnd, scope)) return;
  if (isAccounted(scope, { start: assignment.valueStart, end: assignment.valueEnd, source: slice.frame, target: slice.frame })) return;
  ctx.report({
    start: assignment.valueStart,
    end: assignment.valueEnd,
    message: sliceMessage(slice),
    fixes: [],
    fingerprintText: `slice|${slice.frame}|${slice.kept}`,
  });
}

/** `.filter(F.col("x").isNotNull())` on a column cast earlier in the function. */
function checkSparkFilter(ctx: RuleContext, call: CallFact, scope: Scope): void {
  const filter = sparkNullFilterOf(call, scope);
  if (!filter) return;
  if (filter.target !== null && /^[A-Za-z_]\w*$/.test(filter.target) && onlySummarised(filter.target, filter.chainEnd, scope)) return;
  if (isAccounted(scope, { start: call.start, end: filter.chainEnd, source: filter.source, target: filter.target })) return;
  const columns = filter.columns.length <= 3 ? filter.columns.join(', ') : 'the cast columns';
  ctx.report({
    start: call.start,
    end: call.end,
    message: `${methodOf(call.callee)}() drops rows where ${columns} is null after a cast, so values that failed to convert disappear without being counted; log how many rows it removes or quarantine them`,
    fixes: [],
    fingerprintText: `spark-filter|${filter.source}|${filter.columns.join(',')}|${filter.target ?? ''}`,
  });
}

function check(ctx: RuleContext): void {
  const py = ctx.doc.python;
  if (!py) return;
  const text = ctx.doc.sourceText;
  let scopes: ScopeCache | undefined;
  checkAssignedDrops(ctx, () => (scopes ??= new ScopeCache(py, text)));
  checkCopySkips(ctx, py, text);
  checkRejectedRows(ctx, py, () => (scopes ??= new ScopeCache(py, text)));
  checkRecordSkips(ctx, py, text, () => (scopes ??= new ScopeCache(py, text)));
  for (const call of ctx.statement?.calls ?? py.calls) {
    const callee = call.callee;
    if (callee.endsWith('.filter') || callee.endsWith('.where')) {
      scopes ??= new ScopeCache(py, text);
      if (scopes.importsModule('pyspark')) checkSparkFilter(ctx, call, scopes.get(call.fn));
      continue;
    }
    // Readers told to skip what they cannot parse (the catalogue knows which options say so).
    const readerDrop = call.args.length > 0 ? dropsMalformedRows(call, py, text) : null;
    if (readerDrop) {
      scopes ??= new ScopeCache(py, text);
      checkReaderDrop(ctx, call, readerDrop, scopes.get(call.fn));
    }
    // Cheap first test on the last letter (dropn[a] / na.dro[p]) before the string comparisons.
    const last = callee.charCodeAt(callee.length - 1);
    if ((last !== 97 || !callee.endsWith('.dropna')) && (last !== 112 || !callee.endsWith('.na.drop'))) continue;
    scopes ??= new ScopeCache(py, text);
    const site = siteOf(call, py, text, scopes);
    if (!site || !isFrameReceiver(site, py, text) || !dropsRows(site, text) || alignsColumns(site, py, text)) continue;
    // A data dictionary or answer key read for its keyed rows: the unkeyed ones define nothing.
    if (namesReferenceRows(site.receiver)) continue;
    const scope = scopes.get(call.fn);
    const flow = flowOf(site, py, text, scope);
    if (flow.use !== 'kept') continue;
    const assigned = flow.assignment ? text.slice(flow.assignment.targetStart, flow.assignment.targetEnd) : null;
    const target = site.inplace ? site.name : assigned !== null && DOTTED_NAME.test(assigned) ? assigned : null;
    // A frame only reduced to statistics, aggregated, measured or plotted afterwards loses nothing the stage passes on.
    if (target !== null && /^[A-Za-z_]\w*$/.test(target) && onlySummarised(target, flow.assignment?.valueEnd ?? flow.chainEnd, scope)) continue;
    // An evaluation or regression helper drops incomplete rows before its statistics; no dataset leaves it.
    if (target !== null && /^[A-Za-z_]\w*$/.test(target) && feedsOnlyStatistics(target, flow.assignment?.valueEnd ?? flow.chainEnd, scope, isNotebook(ctx))) continue;
    // Rows with a null join key, dropped right before the join on that key that would leave them out anyway.
    if (target !== null && /^[A-Za-z_]\w*$/.test(target) && feedsJoinOnDroppedKey(call, target, flow.assignment?.valueEnd ?? flow.chainEnd, scope)) continue;
    if (isAccounted(scope, { start: call.start, end: flow.chainEnd, source: site.name, target, columns: subsetColumns(call, text) })) continue;
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
    title: 'Rows dropped for nulls or parse errors without accounting for them',
    priority: 'P2',
    dialects: ['python'],
    rationale: 'Rows dropped for a null (dropna, a null filter) or skipped as unparseable by a reader disappear without a trace: a source change can silently cut a load by a large fraction and nobody notices until the numbers are wrong.',
    recommendation: 'Count the rows before and after the drop and log the difference, quarantine the dropped rows, or restrict the drop to the columns the stage needs.',
    fixable: true,
  },
  check,
  incremental: {},
};
