// The stage I/O a try block guards: a call the library model knows as I/O (a query, a load, an
// HTTP request, a file written, object storage), made in the block itself or by a function of
// this module that the block calls (`load()`, `self._write_batch()`), a few calls deep, or a
// helper from another module whose name says it moves data (`utils.save_to_warehouse(df)`,
// knowledge's isIoNamedHelper). Creating a
// client that connects lazily and reading a file with open() (configuration, a SQL template) are
// not stage I/O: a handler around them guards a fallback, not data. Nor is a call inside a nested
// try whose own broad handler absorbs its errors: the outer handler never sees them.

import type { CallFact, FunctionFact, TryFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { ioOf, isBroadHandler, isIoNamedHelper, methodOf, receiverOf } from '../../server/src/engine/knowledge';

/** How many calls deep a helper's I/O still counts as the block's. */
const MAX_DEPTH = 3;

/** The I/O call a try block guards, with the helper it is reached through (null: in the block itself). */
export interface GuardedIo {
  call: CallFact;
  via: FunctionFact | null;
  /** The enable-flag condition of an output whose set-up the try makes (configured-output.ts). */
  disables?: string;
  /** The object an existence probe asks for (existence-probe.ts). */
  probes?: string;
}

function isStageIo(call: CallFact, py: PythonFacts): boolean {
  const io = ioOf(call, py);
  if (!io || io.lazy) return false;
  return !(io.kind === 'file-read' && io.role === 'open');
}

/** Per-check index: module functions by name, methods by class, and each function's I/O once computed. */
export class StageIoIndex {
  private readonly functions = new Map<string, FunctionFact>();
  private readonly methods = new Map<string, FunctionFact>();
  private readonly ownIo = new Map<FunctionFact, CallFact | null>();
  private readonly reached = new Map<FunctionFact, CallFact | null>();

  constructor(private readonly py: PythonFacts) {
    for (const fn of py.functions) {
      if (fn.parent) continue;
      if (fn.className) this.methods.set(`${fn.className}.${fn.name}`, fn);
      else this.functions.set(fn.name, fn);
    }
  }

  /** The first stage I/O the block runs, directly or through this module's functions; null when there is none. */
  guardedBy(t: TryFact): GuardedIo | null {
    const calls = this.py.callsIn(t.bodyStart, t.bodyEnd);
    const absorbing = this.py.tries.filter((inner) => inner !== t && inner.bodyStart >= t.bodyStart && inner.end <= t.bodyEnd && inner.handlers.some((h) => isBroadHandler(h.types, this.py) && !h.statements.some((st) => st.type === 'raise_statement')));
    if (absorbing.length === 0) return this.guardedAmong(calls, t);
    // A call inside a nested try whose broad handler does not re-raise: its errors never reach this handler,
    // so the I/O outside those tries is the one to name; only when there is none, the nested I/O stands for the stage.
    const reaching = calls.filter((call) => !absorbing.some((inner) => inner.bodyStart <= call.start && call.end <= inner.bodyEnd));
    return this.guardedAmong(reaching, t) ?? this.guardedAmong(calls, t);
  }

  private guardedAmong(calls: CallFact[], t: TryFact): GuardedIo | null {
    for (const call of calls) if (isStageIo(call, this.py)) return { call, via: null };
    for (const call of calls) {
      const helper = this.helperOf(call, t.fn);
      const io = helper ? this.ioReachedFrom(helper, 1) : null;
      if (helper && io) return { call: io, via: helper };
    }
    for (const call of calls) if (!this.helperOf(call, t.fn) && isIoNamedHelper(call, this.py)) return { call, via: null };
    return null;
  }

  /** The module function or method of the enclosing class a call runs (`load(...)`, `self.write(...)`). */
  private helperOf(call: CallFact, fn: FunctionFact | null): FunctionFact | null {
    const receiver = receiverOf(call.callee);
    if (receiver === '') return this.py.bindings.has(call.callee) ? null : this.functions.get(call.callee) ?? null;
    const owner = fn?.className ?? fn?.parent?.className ?? null;
    if ((receiver === 'self' || receiver === 'cls') && owner) return this.methods.get(`${owner}.${methodOf(call.callee)}`) ?? null;
    return null;
  }

  private ioReachedFrom(fn: FunctionFact, depth: number): CallFact | null {
    if (this.reached.has(fn)) return this.reached.get(fn) ?? null;
    this.reached.set(fn, null); // recursion guard
    let found = this.directIo(fn);
    if (!found && depth < MAX_DEPTH) {
      for (const call of this.py.callsIn(fn.bodyStart, fn.bodyEnd)) {
        const helper = this.helperOf(call, fn);
        found = helper && helper !== fn ? this.ioReachedFrom(helper, depth + 1) : null;
        if (found) break;
      }
    }
    this.reached.set(fn, found);
    return found;
  }

  private directIo(fn: FunctionFact): CallFact | null {
    if (!this.ownIo.has(fn)) this.ownIo.set(fn, this.py.callsIn(fn.bodyStart, fn.bodyEnd).find((c) => isStageIo(c, this.py)) ?? null);
    return this.ownIo.get(fn) ?? null;
  }
}
