// What a template analysis sees of its scope: the function (null: module level), its assignments
// grouped by target, its loops, and the names shared by every module of the analysis.

import type { AssignmentFact, ChunkFacts, FunctionFact, LoopFact } from '../../../server/src/engine/python/facts';
import type { SourceText } from '../../../server/src/engine/source-text';
import type { PythonFacts } from '../../../server/src/engine/python/python-facts';
import type { CallableIndex } from './task-callables';

export const NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
export const SIMPLE_NAME = /^[A-Za-z_]\w*$/;
export const UPPER_NAME = /^_*[A-Z][A-Z0-9_]*$/;
export const SAFE_CALL = /^(int|float|len|bool|round|abs|math\.\w+)\s*\(/;
export const MAX_HOPS = 2;
export const BARE_NAME = /^[A-Za-z_]\w*$/;

export interface Builder {
  py: PythonFacts;
  text: SourceText;
  fn: FunctionFact | null;
  /** Assignments grouped by target, built once per analysis. */
  byTarget: AssignmentIndex;
  /** Airflow `python_callable=` references and direct calls by name, built once per analysis. */
  callables: CallableIndex;
}

const STATEMENT_TARGETS = new WeakMap<ChunkFacts, Map<string, AssignmentFact[]>>();

/** Assignments by target that a function can see: its own statement's, and the module-level ones. */
export class AssignmentIndex {
  constructor(private readonly py: PythonFacts) {}

  get(name: string, fn: FunctionFact | null): AssignmentFact[] | undefined {
    const moduleLevel = this.py.moduleAssignmentsNamed(name);
    const owner = fn ? this.py.statementAt(fn.start) : undefined;
    if (!owner) return moduleLevel;
    let byTarget = STATEMENT_TARGETS.get(owner);
    if (!byTarget) {
      byTarget = new Map();
      for (const a of owner.assignments) {
        if (a.fn === null) continue;
        const list = byTarget.get(a.target);
        if (list) list.push(a);
        else byTarget.set(a.target, [a]);
      }
      STATEMENT_TARGETS.set(owner, byTarget);
    }
    const local = byTarget.get(name);
    if (!local) return moduleLevel;
    return moduleLevel ? [...moduleLevel, ...local] : local;
  }
}

/** The loops of a function (null: module level), from its statement when it has one. */
export function loopsOf(py: PythonFacts, fn: FunctionFact | null): readonly LoopFact[] {
  return (fn ? py.statementAt(fn.start)?.loops : undefined) ?? py.loops;
}
