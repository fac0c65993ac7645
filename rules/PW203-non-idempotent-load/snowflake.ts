// Snowflake's `write_pandas(conn, df, "TABLE")` / Snowpark `session.write_pandas(df, "TABLE")`
// append unless `overwrite=True` (or the table is temporary).

import type { CallFact } from '../../server/src/engine/python/facts';
import type { Fix } from '../../server/src/engine/types';
import type { WriteMode } from '../../server/src/engine/knowledge';
import { appendArgumentEdits, hasDictSplat, keywordArg } from '../support/call-arguments';
import { TITLE_PREFIX } from './edits';
import type { LoadScope } from './load-scope';
import { displayTarget, literalValue, targetOfArg } from './targets';

export function checkWritePandas(scope: LoadScope, call: CallFact, write: WriteMode): void {
  const { py, text } = scope;
  if (write.effect !== 'append' || hasDictSplat(call)) return;
  const tableType = literalValue(keywordArg(call, 'table_type'), call, py, text);
  if (tableType && /^temp/i.test(tableType.value)) return;
  const { target, source } = targetOfArg(write.target ?? undefined, call, py, text);
  if (scope.isSafe(call, target, source)) return;
  const shown = displayTarget(target);
  const overwrite = keywordArg(call, 'overwrite');
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
