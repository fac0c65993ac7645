// Per-document indexes PW203 reads many times: assignments by function (kept per top-level
// statement, so they survive keystrokes elsewhere) and the key-like column names a module
// mentions (`order_id`), which the fixes use as the upsert key.

import type { AssignmentFact, ChunkFacts, FunctionFact, StringFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';

interface Index {
  /** Column-like names (`id`, `order_id`) written as string literals, per function and in the whole module. */
  keyNames: Set<string>;
  keyNamesByFn: Map<FunctionFact | null, string[]>;
}

const INDEXES = new WeakMap<PythonFacts, Index>();
/** A statement's key-like strings and the function each is in: their values and owners never change. */
const STATEMENT_KEY_NAMES = new WeakMap<ChunkFacts, ReadonlyArray<{ fn: FunctionFact | null; value: string }>>();

/** Per document version, gathered from each statement's key-like strings (kept per statement): nothing is settled. */
export function indexOf(py: PythonFacts): Index {
  let index = INDEXES.get(py);
  if (index) return index;
  index = { keyNames: new Set(), keyNamesByFn: new Map() };
  for (const chunk of py.rawChunks) {
    let names = STATEMENT_KEY_NAMES.get(chunk);
    if (!names) STATEMENT_KEY_NAMES.set(chunk, (names = chunk.strings.filter(isKeyName).map((s) => ({ fn: s.fn, value: s.value }))));
    for (const { fn, value } of names) {
      index.keyNames.add(value);
      const list = index.keyNamesByFn.get(fn);
      if (list) list.push(value);
      else index.keyNamesByFn.set(fn, [value]);
    }
  }
  INDEXES.set(py, index);
  return index;
}

function isKeyName(s: StringFact): boolean {
  return s.value.length <= 40 && s.interpolations.length === 0 && /^(id|[a-z][a-z0-9_]*_id)$/.test(s.value);
}

const MODULE_ASSIGNMENTS = new WeakMap<PythonFacts, AssignmentFact[]>();

/** Module-level and class-body assignments, in document order; only the statements holding one are settled. */
function moduleLevelAssignments(py: PythonFacts): AssignmentFact[] {
  let found = MODULE_ASSIGNMENTS.get(py);
  if (found) return found;
  found = [];
  for (const chunk of py.rawChunks) {
    if (!chunk.assignments.some((a) => a.fn === null)) continue;
    for (const a of py.settled(chunk).assignments) if (a.fn === null) found.push(a);
  }
  MODULE_ASSIGNMENTS.set(py, found);
  return found;
}

const STATEMENT_ASSIGNMENTS = new WeakMap<ChunkFacts, Map<FunctionFact | null, AssignmentFact[]>>();

export function assignmentsIn(py: PythonFacts, fn: FunctionFact | null): AssignmentFact[] {
  // A function's assignments all lie in its top-level statement: index that one (kept across keystrokes).
  if (fn === null) return moduleLevelAssignments(py);
  const owner = py.statementAt(fn.start);
  if (!owner) return py.assignments.filter((a) => a.fn === fn);
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
