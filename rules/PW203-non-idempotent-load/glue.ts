// AWS Glue DynamicFrame writers add the frame's rows to a table (`connection_options={"dbtable": …}`)
// or a path (`{"path": "s3://…"}`) on every run. Fine when the job's `preactions` clear the table
// first (TRUNCATE/DELETE) or its `postactions` merge a staging table into the target, when the
// table is staging or a log, the path is scoped to the run, or the job reads through bookmarks the
// script says are enabled (each run then appends only new input).

import type { CallFact, StringFact } from '../../server/src/engine/python/facts';
import { GLUE_BOOKMARK_ENABLED, isGlueJobCommit, isGlueSourceRead, methodOf } from '../../server/src/engine/knowledge';
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
  if (scope.isSafe(call, target, null) || readsOnlyNewInput(scope, call)) return;
  // `f"{schema}.{table}"` reads better than the last field's name.
  const shown = dbtable && target.kind === 'expr' ? text.slice(dbtable.start, dbtable.end) : displayTarget(target);
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `write_dynamic_frame.${methodOf(call.callee)} appends to ${shown} on every run, so re-running the job duplicates its rows; clear the slice in preactions (TRUNCATE/DELETE) or write to a staging table and merge it in postactions`,
    fingerprintText: `glue|append|${shown}`,
  });
}

/**
 * The job reads through Glue bookmarks: the script enables them (`"--job-bookmark-option":
 * "job-bookmark-enable"`, e.g. in a notebook's `%%configure`), reads its source with a
 * `transformation_ctx` and commits the job, in the write's function or at module level. A job
 * definition elsewhere (Terraform, CloudFormation) enabling them is not seen here.
 */
function readsOnlyNewInput(scope: LoadScope, call: CallFact): boolean {
  const { py } = scope;
  if (!py.strings.some((s) => s.fn === null && s.value.includes(GLUE_BOOKMARK_ENABLED))) return false;
  const calls = call.fn ? [...py.ownFacts(call.fn).calls, ...py.ownFacts(null).calls] : py.ownFacts(null).calls;
  const tracked = calls.some((c) => isGlueSourceRead(c.callee) && c.args.some((a) => a.kind === 'keyword' && a.name === 'transformation_ctx'));
  return tracked && calls.some((c) => /(^|\.)commit$/.test(c.callee) && isGlueJobCommit(py.resolveCall(c)));
}
