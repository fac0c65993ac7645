// Retry mechanisms inside a module: retry loops around a call (`for attempt in range(n): try: …`,
// tenacity's `for attempt in Retrying(…)`), hand-written retry decorators (a module function whose
// body loops around a try), and the loops and tries of each function, read from the function's own
// statement so they survive keystrokes elsewhere.

import type { CallFact, ChunkFacts, FunctionFact, LoopFact, TryFact } from '../../server/src/engine/python/facts';
import { groupByFunction, type PythonFacts } from '../../server/src/engine/python/python-facts';
import { isRetryName } from './retry-names';

const RETRY_LOOP_TARGET = /attempt|retr|tries|\btry/i;

interface FlowGroups {
  loops: Map<FunctionFact | null, LoopFact[]>;
  tries: Map<FunctionFact | null, TryFact[]>;
}

const STATEMENT_FLOW = new WeakMap<ChunkFacts, FlowGroups>();

/** Loops and tries by function: from the function's own statement (kept across keystrokes), or module-wide for module level. */
export class ControlFlow {
  private moduleLevel: FlowGroups | undefined;

  constructor(private readonly py: PythonFacts) {}

  loopsOf(fn: FunctionFact | null): LoopFact[] {
    return this.groupsOf(fn).loops.get(fn) ?? [];
  }

  triesOf(fn: FunctionFact | null): TryFact[] {
    return this.groupsOf(fn).tries.get(fn) ?? [];
  }

  /** Module-level loops and tries, settling only the statements that hold some. */
  private moduleLevelGroups(): FlowGroups {
    const loops: LoopFact[] = [];
    const tries: TryFact[] = [];
    for (const chunk of this.py.rawChunks) {
      if (!chunk.loops.some((l) => l.fn === null) && !chunk.tries.some((t) => t.fn === null)) continue;
      this.py.settled(chunk);
      for (const loop of chunk.loops) if (loop.fn === null) loops.push(loop);
      for (const t of chunk.tries) if (t.fn === null) tries.push(t);
    }
    return { loops: groupByFunction(loops), tries: groupByFunction(tries) };
  }

  private groupsOf(fn: FunctionFact | null): FlowGroups {
    const owner = fn ? this.py.statementAt(fn.start) : undefined;
    if (!owner) return (this.moduleLevel ??= this.moduleLevelGroups());
    let groups = STATEMENT_FLOW.get(owner);
    if (!groups) STATEMENT_FLOW.set(owner, (groups = { loops: groupByFunction(owner.loops), tries: groupByFunction(owner.tries) }));
    return groups;
  }
}

/** A module-level function whose body loops around a try: a hand-written retry decorator. */
export function isLocalRetryHelper(helper: FunctionFact, py: PythonFacts, flow: ControlFlow): boolean {
  for (const f of py.statementAt(helper.start)?.functions ?? []) {
    if (f.start < helper.start || f.end > helper.end) continue;
    const loops = flow.loopsOf(f);
    const tries = flow.triesOf(f);
    if (loops.some((loop) => tries.some((t) => t.start >= loop.bodyStart && t.end <= loop.bodyEnd))) return true;
  }
  return false;
}

function isRetryLoop(loop: LoopFact, py: PythonFacts): 'with-try' | 'self' | false {
  if (loop.iterable && isRetryName(py.resolveName(loop.iterable))) return 'self';
  if (loop.kind === 'while' || loop.iterable === 'range()' || RETRY_LOOP_TARGET.test(loop.target)) return 'with-try';
  return false;
}

/** The call sits in a retry loop of its own function (or of the module level): `for attempt in range(n): try: …` or tenacity's `for attempt in Retrying(…)`. */
export function inRetryLoop(call: CallFact, py: PythonFacts, flow: ControlFlow): boolean {
  for (const loop of flow.loopsOf(call.fn)) {
    if (call.start < loop.bodyStart || call.start >= loop.bodyEnd) continue;
    const shape = isRetryLoop(loop, py);
    if (shape === 'self') return true;
    if (!shape) continue;
    for (const t of flow.triesOf(call.fn)) {
      if (t.start >= loop.bodyStart && t.end <= loop.bodyEnd && call.start >= t.bodyStart && call.start < t.bodyEnd && t.handlers.length > 0) return true;
    }
  }
  return false;
}
