// Airflow database hooks' `hook.insert_rows(table, rows)` without `replace=True`: plain INSERTs.
// Fixes: `replace=True, replace_index="<key>"` (PostgresHook, needs a unique index), `replace=True`
// (MySqlHook/SqliteHook: REPLACE INTO).

import type { CallFact } from '../../server/src/engine/python/facts';
import type { Fix } from '../../server/src/engine/types';
import { appendArgumentEdits, argAt, hasDictSplat, keywordArg, positionalArg } from '../support/call-arguments';
import { TITLE_PREFIX } from './edits';
import { inferKey } from './keys';
import type { LoadScope } from './load-scope';
import { displayTarget, isExemptTarget, targetOfArg } from './targets';

export function checkHookInsert(scope: LoadScope, call: CallFact): void {
  const { py, text } = scope;
  const replace = keywordArg(call, 'replace') ?? positionalArg(call, 4);
  if (replace && text.slice(replace.start, replace.end) !== 'False') return;
  if (hasDictSplat(call)) return;
  const { target, source } = targetOfArg(argAt(call, 0, 'table'), call, py, text);
  if (isExemptTarget(target)) return;
  if (scope.evidence.handles(call.fn, target, source)) return;
  const shown = displayTarget(target);
  const resolved = py.resolveCall(call);
  const fixes: Fix[] = [];
  const fieldsArg = argAt(call, 2, 'target_fields');
  if (!replace) {
    if (/PostgresHook/.test(resolved)) {
      const fields = fieldsArg ? py.stringsIn(fieldsArg.start, fieldsArg.end).map((s) => s.value) : [];
      const key = target.kind === 'name' ? inferKey(fields, target.name) : null;
      const edits = key ? appendArgumentEdits(text, call, `replace=True, replace_index="${key}"`) : null;
      if (edits) fixes.push({ title: `${TITLE_PREFIX} Upsert on ${key} (replace=True; needs a unique index on ${key})`, edits, safe: false, preferred: true });
    } else if (/MySqlHook|SqliteHook/.test(resolved)) {
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
