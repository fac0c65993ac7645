// SQLAlchemy Core inserts executed where they are built: `conn.execute(orders.insert(), rows)`,
// `session.execute(insert(Order).values(rows))`, `stmt = insert(orders_table)…; conn.execute(stmt)`.
// Fine with an upsert clause of the dialect in the same scope (`on_conflict_do_update`,
// `on_duplicate_key_update`) or whatever makes any load safe (see LoadScope.isSafe). A statement
// a function only builds and returns is run, and judged, wherever it is executed.

import type { ArgFact, CallFact } from '../../server/src/engine/python/facts';
import { sqlCallOf, writeModeOf, type WriteMode } from '../../server/src/engine/knowledge';
import type { LoadScope } from './load-scope';
import { displayTarget, type Target } from './targets';

export function checkCoreInsert(scope: LoadScope, call: CallFact, write: WriteMode): void {
  const { py } = scope;
  if (write.effect !== 'append') return;
  const own = py.ownFacts(call.fn).calls;
  if (own.some((c) => writeModeOf(c, py)?.effect === 'merge')) return;
  const runner = runnerOf(scope, call, own);
  if (!runner) return;
  const table = tableOf(scope, call, write);
  if (!table) return;
  const target: Target = { kind: 'name', name: table };
  if (scope.isSafe(runner, target, null)) return;
  const shown = displayTarget(target);
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `insert into ${shown} has no upsert clause and nothing clears the run's slice, so re-running the job duplicates rows; use the dialect's insert(…).on_conflict_do_update() or delete the slice first`,
    fingerprintText: `core-insert|${shown}`,
  });
}

/** The call that runs the statement in this scope: its SQL argument is (or contains) the statement, or the name it is bound to. */
function runnerOf(scope: LoadScope, call: CallFact, own: readonly CallFact[]): CallFact | null {
  const { py, text } = scope;
  const bound = py.ownFacts(call.fn).assignments.find((a) => a.valueStart <= call.start && call.end <= a.valueEnd);
  for (const runner of own) {
    const sql = sqlCallOf(runner, py);
    if (!sql) continue;
    if (sql.arg.start <= call.start && call.end <= sql.arg.end) return runner;
    if (bound && runner.start > bound.valueEnd && text.slice(sql.arg.start, sql.arg.end) === bound.target) return runner;
  }
  return null;
}

/**
 * The table's name: `Table("orders", …)` bound to the name inserted into (or to the receiver of
 * `.insert()`), or the `__tablename__` of a model class (`insert(Order)`, `Order.__table__.insert()`).
 */
function tableOf(scope: LoadScope, call: CallFact, write: WriteMode): string | null {
  const { py, text } = scope;
  const expression = write.target ? text.slice(write.target.start, write.target.end) : call.callee.slice(0, call.callee.lastIndexOf('.'));
  const name = expression.replace(/\.__table__$/, '');
  if (!/^[A-Za-z_]\w*$/.test(name)) return null;
  const model = py.assignments.find((a) => a.className === name && a.fn === null && a.target === '__tablename__');
  if (model) return stringValue(scope, model.valueStart, model.valueEnd);
  const bound = py.lastAssignment(name, call.fn, call.start);
  if (!bound?.call || !/(^|\.)Table$/.test(py.resolveCall(bound.call))) return null;
  const first: ArgFact | undefined = bound.call.args.find((a) => a.kind === 'positional');
  return first?.string && first.string.interpolations.length === 0 ? first.string.value : null;
}

function stringValue(scope: LoadScope, start: number, end: number): string | null {
  const str = scope.py.stringsIn(start, end)[0];
  return str && str.interpolations.length === 0 ? str.value : null;
}
