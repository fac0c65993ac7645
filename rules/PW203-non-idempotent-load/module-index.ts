// Per-document indexes PW203 reads many times: assignments by function (kept per top-level
// statement, so they survive keystrokes elsewhere) and the key-like column names a module
// mentions (`order_id`), which the fixes use as the upsert key.

import type { AssignmentFact, ChunkFacts, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';

interface Index {
  assignmentsByFn: Map<FunctionFact | null, AssignmentFact[]>;
  /** Column-like names (`id`, `order_id`) written as string literals, per function and in the whole module. */
  keyNames: Set<string>;
  keyNamesByFn: Map<FunctionFact | null, string[]>;
}

const INDEXES = new WeakMap<PythonFacts, Index>();

export function indexOf(py: PythonFacts): Index {
  let index = INDEXES.get(py);
  if (index) return index;
  index = { assignmentsByFn: new Map(), keyNames: new Set(), keyNamesByFn: new Map() };
  for (const a of py.assignments) {
    const list = index.assignmentsByFn.get(a.fn);
    if (list) list.push(a);
    else index.assignmentsByFn.set(a.fn, [a]);
  }
  for (const s of py.strings) {
    if (s.value.length > 40 || s.interpolations.length > 0 || !/^(id|[a-z][a-z0-9_]*_id)$/.test(s.value)) continue;
    index.keyNames.add(s.value);
    const list = index.keyNamesByFn.get(s.fn);
    if (list) list.push(s.value);
    else index.keyNamesByFn.set(s.fn, [s.value]);
  }
  INDEXES.set(py, index);
  return index;
}

const STATEMENT_ASSIGNMENTS = new WeakMap<ChunkFacts, Map<FunctionFact | null, AssignmentFact[]>>();

export function assignmentsIn(py: PythonFacts, fn: FunctionFact | null): AssignmentFact[] {
  // A function's assignments all lie in its top-level statement: index that one (kept across keystrokes).
  const owner = fn ? py.statementAt(fn.start) : undefined;
  if (!owner) return indexOf(py).assignmentsByFn.get(fn) ?? [];
  let byFn = STATEMENT_ASSIGNMENTS.get(owner);
  if (!byFn) {
    byFn = new Map();
    for (const a of owner.assignments) {
      const list = byFn.get(a.fn);
      if (list) list.push(a);
      else byFn.set(a.fn, [a]);
    }
    STATEMENT_ASSIGNMENTS.set(owner, byFn);
  }
  return byFn.get(fn) ?? [];
}
