// Rows dropped while reading: pandas `read_csv(…, on_bad_lines="skip")` skips every line it cannot
// parse (an unquoted comma, a stray quote), Spark's `mode="DROPMALFORMED"` every record — before
// anything can count them. A read reduced to a statistic (`len(pd.read_csv(…))`) keeps no rows.

import type { Fix, RuleContext } from '../../server/src/engine/types';
import type { CallFact } from '../../server/src/engine/python/facts';
import type { MalformedRowsDrop } from '../../server/src/engine/knowledge';
import type { Scope } from '../support/data-accounting';
import { onlySummarised } from './summaries';

const MEASURES = new Set(['len', 'print', 'display']);

function summarisedRead(call: CallFact, scope: Scope): boolean {
  if (scope.calls.some((c) => MEASURES.has(c.callee) && c.args.length === 1 && c.args[0].start === call.start && c.args[0].end === call.end)) return true;
  const holder = scope.assignments.find((a) => a.valueStart === call.start && a.valueEnd === call.end);
  return holder !== undefined && /^[A-Za-z_]\w*$/.test(holder.target) && onlySummarised(holder.target, holder.valueEnd, scope);
}

function warnFix(ctx: RuleContext, start: number, end: number): Fix[] {
  const written = ctx.doc.sourceText.slice(start, end);
  const skip = /(["'])skip\1/.exec(written);
  if (!skip) return [];
  return [{
    title: 'Pipewise (PW201): Warn about each skipped line (on_bad_lines="warn")',
    edits: [{ start: start + skip.index, end: start + skip.index + skip[0].length, newText: `${skip[1]}warn${skip[1]}` }],
    safe: false,
    preferred: true,
  }];
}

/** `pd.read_csv(path, on_bad_lines="skip")`, `spark.read.option("mode", "DROPMALFORMED").csv(path)`. */
export function checkReaderDrop(ctx: RuleContext, call: CallFact, drop: MalformedRowsDrop, scope: Scope): void {
  if (drop.library === 'pandas' && summarisedRead(call, scope)) return;
  const pandas = drop.library === 'pandas';
  ctx.report({
    start: drop.start,
    end: drop.end,
    message: pandas
      ? `${call.callee.slice(call.callee.lastIndexOf('.') + 1)}() skips every line it cannot parse without counting them; pass on_bad_lines="warn" or a function that collects the bad lines, or fail on them`
      : 'DROPMALFORMED drops every record Spark cannot parse without counting them; read in PERMISSIVE mode with a corrupt-record column (or badRecordsPath) and count the rejects',
    fixes: pandas ? warnFix(ctx, drop.start, drop.end) : [],
    fingerprintText: `reader|${drop.library}|${ctx.doc.sourceText.slice(drop.start, drop.end)}`,
  });
}
