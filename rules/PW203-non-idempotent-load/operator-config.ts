// Airflow operators configured to append into an unpartitioned table on every run:
// `GCSToBigQueryOperator(…, write_disposition="WRITE_APPEND")`, `BigQueryInsertJobOperator(
// configuration={"load": {…, "writeDisposition": "WRITE_APPEND"}})` (also a query job with a
// destination table), `S3ToRedshiftOperator(table=…)` (COPY, method APPEND by default). A
// partitioned destination (`time_partitioning=`, a `$` decorator) is the run's slice; staging and
// log tables and tables a task of the DAG clears are left alone.

import type { ArgFact, CallFact, StringFact } from '../../server/src/engine/python/facts';
import { effectOfValue, methodOf, type WriteMode } from '../../server/src/engine/knowledge';
import type { LoadScope } from './load-scope';
import { displayTarget, type Target } from './targets';

const PARTITION_KEYWORDS = new Set(['time_partitioning', 'range_partitioning']);
const PARTITION_KEYS = new Set(['timePartitioning', 'rangePartitioning', 'time_partitioning']);

export function checkOperatorConfig(scope: LoadScope, call: CallFact, write: WriteMode): void {
  const config = write.effect === null && write.spec.config ? configurationOf(scope, call, write) : null;
  const appends = write.effect === 'append' || config?.appends === true;
  if (!appends) return;
  const table = config ? config.table : tableOf(write.target);
  const partitioned = config ? config.partitioned : call.args.some((a) => a.kind === 'keyword' && PARTITION_KEYWORDS.has(a.name ?? ''));
  if (!table || partitioned || table.includes('$')) return;
  const target: Target = { kind: 'name', name: table };
  if (scope.isSafe(call, target, null)) return;
  const shown = displayTarget(target);
  const operator = methodOf(call.callee);
  const advice = write.library.id === 'airflow-redshift-operators'
    ? `pass method="REPLACE", or method="UPSERT" with upsert_keys`
    : `write the run's partition with WRITE_TRUNCATE (a table$YYYYMMDD decorator) or MERGE from a staging table`;
  const how = write.value ? ` (${write.value})` : write.chosenBy ? '' : ' (its default)';
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `${operator} appends to ${shown}${config ? ' (WRITE_APPEND)' : how} every time the task runs, so a re-run or backfill duplicates rows; ${advice}`,
    fingerprintText: `operator|append|${shown}`,
  });
}

/** The literal destination table (`"proj.ds.orders"`); null when it is templated or computed. */
function tableOf(arg: ArgFact | null): string | null {
  const str = arg?.string;
  return str && str.interpolations.length === 0 && !/\{\{|\{%/.test(str.value) ? str.value : null;
}

/**
 * What a job `configuration` dict written in the call (or bound in the same scope) says: its
 * `writeDisposition`, destination `tableId`, and whether it partitions the destination.
 */
function configurationOf(scope: LoadScope, call: CallFact, write: WriteMode): { appends: boolean; table: string | null; partitioned: boolean } | null {
  const { py, text } = scope;
  const arg = call.args.find((a) => a.kind === 'keyword' && write.spec.config!.keywords.includes(a.name ?? ''));
  if (!arg) return null;
  let range = { start: arg.start, end: arg.end };
  if (arg.nodeType === 'identifier') {
    const bound = py.lastAssignment(text.slice(arg.start, arg.end), call.fn, call.start);
    if (!bound) return null;
    range = { start: bound.valueStart, end: bound.valueEnd };
  }
  if (text.charAt(range.start) !== '{') return null;
  const strings = py.stringsIn(range.start, range.end);
  const valueAfter = (key: string): StringFact | undefined => {
    const at = strings.findIndex((s) => s.value === key);
    return at < 0 ? undefined : strings[at + 1];
  };
  const disposition = valueAfter('writeDisposition');
  const table = valueAfter('tableId');
  return {
    appends: disposition !== undefined && disposition.interpolations.length === 0 && effectOfValue(write.spec, disposition.value) === 'append',
    table: table && table.interpolations.length === 0 && !/\{\{|\{%/.test(table.value) ? table.value : null,
    partitioned: strings.some((s) => PARTITION_KEYS.has(s.value)),
  };
}
