// Functions that turn every failure into a return value: a try in the function's own body whose
// broad handler (`except Exception:`, a bare `except:`) returns without raising again. Whoever
// invokes such a function sees a result, never an error, so a retry that re-runs failed
// invocations (AWS's retry of an asynchronously invoked Lambda handler) never fires.

import { isBroadHandler } from '../knowledge';
import type { PythonFacts } from '../python/python-facts';

/** Top-level functions of the module whose broad handler returns a value instead of raising. */
export function functionsReturningFailures(py: PythonFacts): string[] {
  const out: string[] = [];
  for (const fn of py.functions) {
    if (fn.parent || fn.className) continue;
    const returnsFailure = py.ownFacts(fn).tries.some((t) =>
      t.handlers.some((h) => isBroadHandler(h.types, py) && h.statements.some((s) => s.type === 'return_statement') && !h.statements.some((s) => s.type === 'raise_statement')),
    );
    if (returnsFailure) out.push(fn.name);
  }
  return out;
}
