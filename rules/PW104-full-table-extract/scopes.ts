// Per-lint lookups for PW104, built on first use: calls and assignments by scope, the assignment
// whose value is a call, whether a scope writes, module functions by name, and the watermark
// store edits its fix shares.

import type { AssignmentFact, CallFact, ChunkFacts, FunctionFact, StatementFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { TextEdit } from '../../server/src/engine/types';
import { helperEdit, importEdits, moduleBinding } from '../support/module-edits';
import { isWrite } from './stage';
import { watermarkStoreSource } from './fix';
import type { SourceText } from '../../server/src/engine/source-text';

export function callsOf(py: PythonFacts, fn: FunctionFact | null): CallFact[] {
  return py.ownFacts(fn).calls;
}

const ASSIGNMENT_BY_CALL = new WeakMap<ChunkFacts, Map<CallFact, AssignmentFact>>();

/** Per-lint lookups, built on first use: calls and assignments by scope, assignments by call. */
export class Scopes {
  private readonly calls = new Map<FunctionFact | null, CallFact[]>();
  private readonly writing = new Map<FunctionFact | null, boolean>();
  private readonly helpers = new Map<number, TextEdit | null>();
  private imports: TextEdit[] | null | undefined;
  private storeBinding: string | null | undefined;

  constructor(readonly py: PythonFacts, readonly text: SourceText) {}

  callsOf(fn: FunctionFact | null): CallFact[] {
    let calls = this.calls.get(fn);
    if (!calls) this.calls.set(fn, (calls = callsOf(this.py, fn)));
    return calls;
  }

  /** The assignment whose value is `call` (`rows = cur.fetchall()`): in the call's own statement. */
  assignmentOf(call: CallFact): AssignmentFact | undefined {
    const owner = this.py.statementAt(call.start);
    if (!owner) return undefined;
    let byCall = ASSIGNMENT_BY_CALL.get(owner);
    if (!byCall) {
      byCall = new Map();
      for (const a of owner.assignments) if (a.call) byCall.set(a.call, a);
      ASSIGNMENT_BY_CALL.set(owner, byCall);
    }
    return byCall.get(call);
  }

  assignmentsIn(fn: FunctionFact | null): AssignmentFact[] {
    return this.py.ownFacts(fn).assignments;
  }

  returnsIn(fn: FunctionFact): StatementFact[] {
    return this.py.ownFacts(fn).statements.filter((st) => st.kind === 'return');
  }

  /** Whether the scope writes anywhere (a file, a table, a warehouse, an object store). */
  writes(fn: FunctionFact | null): boolean {
    let writes = this.writing.get(fn);
    if (writes === undefined) this.writing.set(fn, (writes = this.callsOf(fn).some((c) => isWrite(c, this.py))));
    return writes;
  }

  /** Module functions by name (`load`) and methods by `self.load`/`cls.load`, built on first use. */
  private localFunctions: Map<string, FunctionFact> | undefined;

  localFunction(callee: string, from: FunctionFact | null): FunctionFact | undefined {
    if (!this.localFunctions) {
      this.localFunctions = new Map();
      for (const f of this.py.functions) {
        if (f.parent !== null) continue;
        this.localFunctions.set(f.className ? `${f.className}.${f.name}` : f.name, f);
      }
    }
    const method = /^(self|cls)\.([A-Za-z_]\w*)$/.exec(callee);
    if (method) return from?.className ? this.localFunctions.get(`${from.className}.${method[2]}`) : undefined;
    return /^[A-Za-z_]\w*$/.test(callee) ? this.localFunctions.get(callee) : undefined;
  }

  /** `import json` / `import os` edits for the watermark store (null when a name is taken), once per lint. */
  storeImports(text: SourceText): TextEdit[] | null {
    if (this.imports === undefined) this.imports = importEdits(this.py, text, ['json', 'os']);
    return this.imports;
  }

  /** The edit inserting the watermark store class before the top-level statement at `before`. */
  storeHelper(text: SourceText, before: number, imports: TextEdit[]): TextEdit | null {
    let edit = this.helpers.get(before);
    if (edit === undefined) this.helpers.set(before, (edit = helperEdit(this.py, text, before, watermarkStoreSource(), imports)));
    return edit;
  }

  /** What the module binds the watermark store class name to. */
  get watermarkStoreBinding(): string | null {
    if (this.storeBinding === undefined) this.storeBinding = moduleBinding(this.py, 'WatermarkStore');
    return this.storeBinding;
  }
}
