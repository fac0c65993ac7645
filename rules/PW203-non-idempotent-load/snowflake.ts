// Snowflake's `write_pandas(conn, df, "TABLE")` / Snowpark `session.write_pandas(df, "TABLE")`
// append unless `overwrite=True` (or the table is temporary).

import type { CallFact } from '../../server/src/engine/python/facts';
import type { Fix } from '../../server/src/engine/types';
import { appendArgumentEdits, argAt, hasDictSplat, keywordArg } from '../support/call-arguments';
import { TITLE_PREFIX } from './edits';
import type { LoadScope } from './load-scope';
import { displayTarget, isExemptTarget, literalValue, targetOfArg } from './targets';

export function checkWritePandas(scope: LoadScope, call: CallFact): void {
  const { py, text } = scope;
  const resolved = py.resolveCall(call);
  const functionForm = resolved === 'snowflake.connector.pandas_tools.write_pandas' || (!call.callee.includes('.') && resolved.startsWith('snowflake'));
  if (!functionForm && !call.callee.includes('.')) return;
  if (hasDictSplat(call)) return;
  const overwrite = keywordArg(call, 'overwrite');
  if (overwrite && text.slice(overwrite.start, overwrite.end) !== 'False') return;
  const tableType = literalValue(keywordArg(call, 'table_type'), call, py, text);
  if (tableType && /^temp/i.test(tableType.value)) return;
  const { target, source } = targetOfArg(argAt(call, functionForm ? 2 : 1, 'table_name'), call, py, text);
  if (isExemptTarget(target)) return;
  if (scope.evidence.handles(call.fn, target, source)) return;
  const shown = displayTarget(target);
  let fixes: Fix[] = [];
  const title = `${TITLE_PREFIX} Pass overwrite=True (replaces the table ${shown} on each run)`;
  if (overwrite) fixes = [{ title, edits: [{ start: overwrite.start, end: overwrite.end, newText: 'True' }], safe: false, preferred: true }];
  else {
    const edits = appendArgumentEdits(text, call, 'overwrite=True');
    if (edits) fixes = [{ title, edits, safe: false, preferred: true }];
  }
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `write_pandas appends to ${shown} on every run, so a re-run duplicates rows; pass overwrite=True or MERGE from a staging table`,
    fixes,
    fingerprintText: `write_pandas|${shown}`,
  });
}
