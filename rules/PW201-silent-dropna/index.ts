// PW201 silent-dropna: `dropna()` / Spark `na.drop()` that removes rows from a DataFrame and
// keeps the result, in a function that never accounts for the removed rows: no row count taken
// before and after, no log line/print/metric/assert/raise on a row or null count, no rejects
// write of the null rows. A dropna whose result only feeds a statistic (`len(df.dropna())`,
// `df.dropna().mean()`), that drops columns (`axis=1`), or that drops only all-null rows
// (`how="all"` without `subset`, which loses no value) is not reported.
//
// dropna-site.ts: recognising the call; result-flow.ts: where its result goes; accounting.ts:
// whether the function counts what it drops; fixes.ts: the fixes.

import type { Rule, RuleContext } from '../../server/src/engine/types';
import { ScopeCache } from '../support/data-accounting';
import { isAccounted } from './accounting';
import { DOTTED_NAME, dropsRows, isFrameReceiver, siteOf, type DropSite } from './dropna-site';
import { fixesFor } from './fixes';
import { flowOf } from './result-flow';

const ID = 'PW201';

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
