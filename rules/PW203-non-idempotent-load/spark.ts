// Spark writers that append to a fixed table: `df.write.mode("append").saveAsTable("db.t")`,
// `df.write.format("jdbc").option("dbtable", "t")….mode("append").save()`,
// `df.write.jdbc(url, "t", mode="append")`. Targets named at run time, staging/log tables, and
// writes with `replaceWhere`/dynamic partition overwrite are left alone, as are appends of rows
// filtered past a watermark (an incremental load).

import type { ArgFact, CallFact } from '../../server/src/engine/python/facts';
import { argAt, keywordArg } from '../support/call-arguments';
import type { LoadScope } from './load-scope';
import { displayTarget, isExemptTarget, literalValue, targetOfArg } from './targets';

const WATERMARK_FILTER = /\.(where|filter)$/;
const SPARK_WRITER = /\.write(\(\))?\./;
const SPARK_TABLE_SINKS = new Set(['save', 'saveAsTable', 'jdbc']);

export function isSparkTableSink(call: CallFact, method: string): boolean {
  return SPARK_TABLE_SINKS.has(method) && SPARK_WRITER.test(call.callee);
}

export function checkSparkAppend(scope: LoadScope, call: CallFact, method: string): void {
  const { py, text } = scope;
  const chain = py.callsIn(call.start, call.end).filter((c) => c !== call && c.start === call.start);
  const mode = method === 'jdbc' || method === 'saveAsTable' || method === 'save' ? literalValue(keywordArg(call, 'mode'), call, py, text) : null;
  const modeCall = chain.find((c) => c.callee.endsWith('.mode') && c.args.length === 1);
  const chained = modeCall ? literalValue(modeCall.args[0], modeCall, py, text) : null;
  if ((mode ?? chained)?.value.toLowerCase() !== 'append') return;
  const options = chain.filter((c) => /\.options?$/.test(c.callee));
  if (options.some((c) => /replaceWhere|partitionOverwriteMode|overwriteSchema/.test(text.slice(c.argsStart, c.argsEnd)))) return;
  let tableArg: ArgFact | undefined;
  let owner: CallFact = call;
  if (method === 'saveAsTable') tableArg = argAt(call, 0, 'name');
  else if (method === 'jdbc') tableArg = argAt(call, 1, 'table');
  else {
    const dbtable = options.find((c) => c.callee.endsWith('.option') && literalValue(c.args[0], c, py, text)?.value === 'dbtable');
    if (!dbtable) return;
    tableArg = dbtable.args[1];
    owner = dbtable;
  }
  const table = literalValue(tableArg, owner, py, text);
  if (!table || /[\s(]/.test(table.value.trim())) return;
  const { target, source } = targetOfArg(tableArg, owner, py, text);
  if (target.kind !== 'name' || isExemptTarget(target)) return;
  if (scope.evidence.handles(call.fn, target, source) || readsPastWatermark(scope, call)) return;
  const shown = displayTarget(target);
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `Spark write appends to ${shown} on every run, so re-running the job duplicates its rows; overwrite the run's partition (replaceWhere / dynamic partition overwrite) or MERGE from a staging table`,
    fingerprintText: `spark|append|${shown}`,
  });
}

/**
 * The scope filters a read past a watermark before the append (`.where(F.col("ts") > last_run)`):
 * an incremental load that appends only rows newer than the previous run.
 */
function readsPastWatermark(scope: LoadScope, call: CallFact): boolean {
  const { py, text } = scope;
  const before = call.fn ? py.callsIn(call.fn.start, call.start) : py.calls.filter((c) => c.fn === null && c.end <= call.start);
  return before.some((c) => c.fn === call.fn && WATERMARK_FILTER.test(c.callee) && /[^>]>=?[^>=]|[^<]<=?[^<=]/.test(text.slice(c.argsStart, c.argsEnd)));
}
