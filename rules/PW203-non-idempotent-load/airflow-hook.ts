// Airflow database hooks' `hook.insert_rows(table, rows)` without `replace=True`: plain INSERTs.
// Fixes by the hook's database: `replace=True, replace_index="<key>"` (ON CONFLICT, needs a unique
// index) or `replace=True` (REPLACE INTO).

import type { CallFact } from '../../server/src/engine/python/facts';
import type { Fix } from '../../server/src/engine/types';
import { upsertSyntaxOfName, type WriteMode } from '../../server/src/engine/knowledge';
import { appendArgumentEdits, argAt, hasDictSplat } from '../support/call-arguments';
import { TITLE_PREFIX } from './edits';
import { inferKey } from './keys';
import type { LoadScope } from './load-scope';
import { displayTarget, targetOfArg } from './targets';

export function checkHookInsert(scope: LoadScope, call: CallFact, write: WriteMode): void {
  const { py, text } = scope;
  if (write.effect !== 'append' || hasDictSplat(call)) return;
  const { target, source } = targetOfArg(write.target ?? undefined, call, py, text);
  if (scope.isSafe(call, target, source)) return;
  const shown = displayTarget(target);
  const fixes: Fix[] = [];
  if (!write.chosenBy) {
    const resolved = py.resolveCall(call);
    const syntax = upsertSyntaxOfName(resolved);
    const fieldsArg = argAt(call, 2, 'target_fields');
    // PostgresHook's replace=True is ON CONFLICT on `replace_index`; MySqlHook's and SqliteHook's is REPLACE INTO.
    if (/PostgresHook/.test(resolved)) {
      const fields = fieldsArg ? py.stringsIn(fieldsArg.start, fieldsArg.end).map((s) => s.value) : [];
      const key = target.kind === 'name' ? inferKey(fields, target.name) : null;
      const edits = key ? appendArgumentEdits(text, call, `replace=True, replace_index="${key}"`) : null;
      if (edits) fixes.push({ title: `${TITLE_PREFIX} Upsert on ${key} (replace=True; needs a unique index on ${key})`, edits, safe: false, preferred: true });
    } else if (syntax === 'on-duplicate-key' || syntax === 'on-conflict') {
      const edits = appendArgumentEdits(text, call, 'replace=True');
      if (edits) fixes.push({ title: `${TITLE_PREFIX} Replace rows with the same key (replace=True)`, edits, safe: false, preferred: true });
    }
  }
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `insert_rows into ${shown} without replace=True adds the same rows again when the task is re-run; upsert with replace=True or delete the run's slice first`,
    fixes,
    fingerprintText: `insert_rows|${shown}`,
  });
}
