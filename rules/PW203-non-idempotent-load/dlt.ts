// dlt pipelines: `pipeline.run(rows, table_name="orders")` appends (dlt's default write
// disposition), so a full snapshot loaded on every run lands twice. Data produced by a dlt
// resource or source carries its own disposition (`@dlt.resource(write_disposition="merge",
// primary_key="id")`) and incremental cursor: those runs are the resource's to judge.

import type { ArgFact, CallFact } from '../../server/src/engine/python/facts';
import { ioOf, type WriteMode } from '../../server/src/engine/knowledge';
import type { LoadScope } from './load-scope';
import { moduleFunctionCalled } from './sql-holders';
import { displayTarget, literalValue } from './targets';

export function checkDltRun(scope: LoadScope, call: CallFact, write: WriteMode): void {
  const { py, text } = scope;
  if (write.effect !== 'append') return;
  const data = ioOf(call, py)?.target;
  const table = literalValue(write.target ?? undefined, call, py, text);
  if (!data || !table || producedByResource(scope, data, call)) return;
  const target = { kind: 'name' as const, name: table.value };
  if (scope.isSafe(call, target, null)) return;
  const shown = displayTarget(target);
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `pipeline.run appends to ${shown} on every run (write_disposition "append", dlt's default), so re-running the pipeline loads the same rows again; pass write_disposition="merge" with a primary_key, or "replace" for a full snapshot`,
    fingerprintText: `dlt|append|${shown}`,
  });
}

/** The data comes from a dlt resource or source: a call of a function decorated with one, or of `dlt.resource(…)`. */
function producedByResource(scope: LoadScope, data: ArgFact, call: CallFact): boolean {
  const { py, text } = scope;
  let producer = py.callsIn(data.start, data.end).find((c) => c.start === data.start && c.end === data.end);
  if (!producer && data.nodeType === 'identifier') producer = py.lastAssignment(text.slice(data.start, data.end), call.fn, call.start)?.call ?? undefined;
  if (!producer) return false;
  if (/^dlt\./.test(py.resolveCall(producer))) return true;
  // A resource may be defined inside the function that runs the pipeline.
  const fn = moduleFunctionCalled(producer, py) ?? py.functions.find((f) => f.name === producer!.callee && f.parent !== null);
  return fn !== undefined && fn !== null && fn.decorators.some((d) => /^dlt\./.test(py.resolveName(d.replace(/\(.*$/s, ''))));
}
