// Spark writers that append on every run. To a fixed table: `df.write.mode("append").saveAsTable("db.t")`,
// `df.write.format("jdbc").option("dbtable", "t")….mode("append").save()`, `df.write.jdbc(url, "t",
// mode="append")`, `df.write.insertInto("t")` (appends by default), `df.writeTo("t").append()`.
// To a fixed location (a full snapshot appended to the same path): `df.write.mode("append").parquet(path)`
// where the path is a literal, a constant or a configured location, not one scoped to the run.
// Left alone: targets named at run time (parameters), staging/log tables, quarantine/reject paths,
// writes with `replaceWhere`/dynamic partition overwrite, and appends of rows filtered past a
// watermark (an incremental load). Streaming writers keep a checkpoint and are not batch appends.

import type { ArgFact, CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import { DELTA_TABLE_HANDLES, ioOf, methodOf, type WriteMode } from '../../server/src/engine/knowledge';
import type { LoadScope } from './load-scope';
import { displayTarget, literalValue, targetOfArg } from './targets';

const WATERMARK_FILTER = /\.(where|filter)$/;
/** Options that make an append replace a slice instead (`replaceWhere`, dynamic partition overwrite). */
const SLICE_OPTIONS = /replaceWhere|partitionOverwriteMode|overwriteSchema/;
/** Names that scope a location to the run: a run id, a date, a timestamp, a batch. */
const RUN_SCOPED_NAME = /(^|_)(run_?id|run|date|ds|dt|ts|timestamp|time|batch_?id|batch|execution_?date|logical_?date|hour|day|partition|uuid|now|today|epoch|stamp)$/i;
const RUN_SCOPED_CALL = /\b(now|today|utcnow|uuid\d?|strftime|isoformat|time|timestamp)\s*\(/;
/** Locations whose rows are meant to accumulate: rejects, quarantine, logs, audit trails, history. */
const ACCUMULATING = /(reject|dead_?letter|dlq|quarantine|invalid|error|log|audit|history|archive)/i;

export function checkSparkAppend(scope: LoadScope, call: CallFact, write: WriteMode): void {
  if (write.effect !== 'append') return;
  const { py, text } = scope;
  const chain = py.callsIn(call.start, call.end).filter((c) => c !== call && c.start === call.start);
  const options = chain.filter((c) => /\.options?$/.test(c.callee));
  if (options.some((c) => SLICE_OPTIONS.test(text.slice(c.argsStart, c.argsEnd)))) return;
  const kind = ioOf(call, py)?.kind;
  if (kind === 'warehouse-load' || kind === 'db-write') checkTableAppend(scope, call, write, options);
  else checkLocationAppend(scope, call, write, options);
}

function checkTableAppend(scope: LoadScope, call: CallFact, write: WriteMode, options: CallFact[]): void {
  const { py, text } = scope;
  let tableArg: ArgFact | undefined = write.target ?? undefined;
  let owner: CallFact = write.targetCall ?? call;
  if (write.targetCall) tableArg = write.targetCall.args.find((a) => a.kind === 'positional');
  else if (methodOf(call.callee) === 'save') {
    const dbtable = options.find((c) => c.callee.endsWith('.option') && literalValue(c.args[0], c, py, text)?.value === 'dbtable');
    if (!dbtable) return;
    tableArg = dbtable.args[1];
    owner = dbtable;
  }
  const table = literalValue(tableArg, owner, py, text);
  if (!table || /[\s(]/.test(table.value.trim())) return;
  const { target, source } = targetOfArg(tableArg, owner, py, text);
  if (target.kind !== 'name' || scope.isSafe(call, target, source) || readsPastWatermark(scope, call)) return;
  if (tableArg && closesVersionsBefore(scope, call, text.slice(tableArg.start, tableArg.end))) return;
  const shown = displayTarget(target);
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `Spark write appends to ${shown} on every run, so re-running the job duplicates its rows; overwrite the run's partition (replaceWhere / dynamic partition overwrite) or MERGE from a staging table`,
    fingerprintText: `spark|append|${shown}`,
  });
}

function checkLocationAppend(scope: LoadScope, call: CallFact, write: WriteMode, options: CallFact[]): void {
  const { py, text } = scope;
  const pathOption = options.find((c) => c.callee.endsWith('.option') && literalValue(c.args[0], c, py, text)?.value === 'path');
  const pathArg = write.target ?? pathOption?.args[1];
  if (!pathArg) return;
  const location = fixedLocation(scope, pathArg, call);
  if (!location || ACCUMULATING.test(location.shown) || (call.fn && ACCUMULATING.test(call.fn.name))) return;
  const pathSource = text.slice(pathArg.start, pathArg.end);
  if (clearedBefore(scope, call, pathSource) || readsPastWatermark(scope, call) || closesVersionsBefore(scope, call, pathSource)) return;
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `Spark write appends to ${location.shown} on every run, so re-running the job duplicates its rows; overwrite the run's partitions (partitionOverwriteMode=dynamic) or write to a run-scoped path`,
    fingerprintText: `spark|append|${location.shown}`,
  });
}

/**
 * A location every run writes to: a literal, or a name bound (in the function or the module) to a
 * literal, an f-string or a configured value whose parts name nothing of the run (no run id, date,
 * timestamp or batch). A parameter is the caller's choice: not known to be fixed.
 */
function fixedLocation(scope: LoadScope, arg: ArgFact, call: CallFact): { shown: string } | null {
  const { py, text } = scope;
  const source = text.slice(arg.start, arg.end);
  if (arg.string) return arg.string.interpolations.length === 0 ? { shown: arg.string.value } : runScoped(source) ? null : { shown: `the location ${source}` };
  if (!/^[A-Za-z_]\w*$/.test(source) || isParameter(call.fn, source)) return null;
  const bound = py.lastAssignment(source, call.fn, call.start);
  if (!bound) return null;
  const value = text.slice(bound.valueStart, bound.valueEnd);
  const literal = literalValue(arg, call, py, text);
  if (literal) return { shown: literal.value };
  if (runScoped(value) || runScoped(source) || /^[A-Za-z_]\w*$/.test(value)) return null;
  return { shown: `the location in ${source}` };
}

function isParameter(fn: FunctionFact | null, name: string): boolean {
  return fn?.params.includes(name) ?? false;
}

/** An expression that names the run: identifiers or subscript keys like `run_id`, `ds`, `batch_date`, or `now()`/`uuid4()`. */
function runScoped(expression: string): boolean {
  if (RUN_SCOPED_CALL.test(expression)) return true;
  for (const m of expression.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) if (RUN_SCOPED_NAME.test(m[0])) return true;
  return false;
}

/** The function removes the location first (`shutil.rmtree(path)`, `dbutils.fs.rm(path, True)`). */
function clearedBefore(scope: LoadScope, call: CallFact, pathSource: string): boolean {
  const { py, text } = scope;
  const before = py.ownFacts(call.fn).calls.filter((c) => c.end <= call.start);
  return before.some((c) => /(^|\.)(rm|rmtree|remove|delete|delete_objects|unlink)$/.test(c.callee) && c.args.some((a) => text.slice(a.start, a.end) === pathSource));
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

const DELTA_HANDLES: ReadonlySet<string> = new Set(DELTA_TABLE_HANDLES);

/**
 * A Delta MERGE into the same table or path runs before the append (`DeltaTable.forPath(spark,
 * path).merge(…).whenMatchedUpdate(…)`, then `.mode("append").save(path)`): an SCD2 load that
 * closes the current versions and appends the new ones, not a blind append.
 */
function closesVersionsBefore(scope: LoadScope, call: CallFact, targetSource: string): boolean {
  const { py, text } = scope;
  const before = py.ownFacts(call.fn).calls.filter((c) => c.end <= call.start);
  const handles = before.filter((c) => DELTA_HANDLES.has(methodOf(c.callee)) && c.args.some((a) => text.slice(a.start, a.end) === targetSource));
  return handles.length > 0 && before.some((c) => methodOf(c.callee) === 'merge' && handles.some((h) => c.start >= h.start));
}

