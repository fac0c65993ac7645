// AWS Glue DynamicFrame writers add the frame's rows to a table (`connection_options={"dbtable": …}`)
// or a path (`{"path": "s3://…"}`) on every run. Fine when the job's `preactions` clear the table
// first (TRUNCATE/DELETE) or its `postactions` merge a staging table into the target, when the
// table is staging or a log, or the path is scoped to the run.

import type { CallFact, StringFact } from '../../server/src/engine/python/facts';
import { methodOf } from '../../server/src/engine/knowledge';
import { tokenizeSql } from '../../server/src/engine/sql';
import type { LoadScope } from './load-scope';
import { clearedTables, isUpsertSql } from './sql-text';
import { displayTarget, targetFromSql, type Target } from './targets';

/** Names that scope a path to the run (a date, a run id, a timestamp). */
const RUN_SCOPED = /\b(run_?id|ds|date|dt|ts|timestamp|batch_?id|execution_?date|now|today|uuid\w*)\b/i;

export function checkGlueWrite(scope: LoadScope, call: CallFact): void {
  const { py, text } = scope;
  const options = call.args.find((a) => a.kind === 'keyword' && a.name === 'connection_options');
  if (!options || text.charAt(options.start) !== '{') return;
  const strings = py.stringsIn(options.start, options.end);
  const valueOf = (key: string): StringFact | undefined => {
    const at = strings.findIndex((s) => s.value === key);
    return at < 0 ? undefined : strings[at + 1];
  };
  const preactions = valueOf('preactions');
  const postactions = valueOf('postactions');
  if (preactions && clearedTables(preactions.value, tokenizeSql(preactions.value)).some((c) => !c.drop)) return;
  if (postactions && isUpsertSql(tokenizeSql(postactions.value))) return;
  const dbtable = valueOf('dbtable');
  const path = valueOf('path');
  let target: Target;
  if (dbtable) target = targetFromSql(dbtable.value, dbtable, 0, text);
  else if (path && !RUN_SCOPED.test(text.slice(path.start, path.end))) target = { kind: 'name', name: path.value.replace(/\u0000/g, '{…}') };
  else return;
  if (target.kind === 'expr' && call.fn?.params.includes(target.text)) return;
  if (scope.isSafe(call, target, null)) return;
  // `f"{schema}.{table}"` reads better than the last field's name.
  const shown = dbtable && target.kind === 'expr' ? text.slice(dbtable.start, dbtable.end) : displayTarget(target);
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `write_dynamic_frame.${methodOf(call.callee)} appends to ${shown} on every run, so re-running the job duplicates its rows; clear the slice in preactions (TRUNCATE/DELETE) or write to a staging table and merge it in postactions`,
    fingerprintText: `glue|append|${shown}`,
  });
}
