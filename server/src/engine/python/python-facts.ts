// The facts of a whole Python document, assembled from its chunks, with name resolution through
// imports (`pd.read_sql` → `pandas.read_sql`) and through local variables bound to calls
// (`client = bigquery.Client()` makes `client.query` → `google.cloud.bigquery.Client().query`).

import { settleChunk, type AssignmentFact, type CallFact, type ChunkFacts, type ClassFact, type DependencyFact, type FunctionFact, type ImportFact, type LoopFact, type StatementFact, type StringFact, type TryFact } from './facts';

const MAX_RESOLVE_DEPTH = 6;

let lastContextVersion = 0;

/**
 * Versions of a document's module-level context (imports, module assignments). Facts of an
 * unchanged statement under the same version resolve the same way, so per-fact caches keyed by
 * the version survive edits elsewhere. Global, so versions never collide between documents.
 */
export function nextContextVersion(): number {
  return ++lastContextVersion;
}

/**
 * Caches that outlive one parse: valid while the fact object is reused and the version matches.
 * Entries live in the fact's own `memo` array, three cells per cache that holds something for
 * that fact (the cache, the version, the value): a property read and a short scan instead of a
 * WeakMap lookup, which matters at tens of thousands of lookups per keystroke. The array is
 * exactly as long as its entries (a fact is cached by a few of the engine's and rules' dozens
 * of caches; one cell per cache, as before, cost ≈ 1 MB per 2,000-line module).
 */
export class VersionedCache<K extends { memo: unknown[] | null }, V> {
  get(key: K, version: number | string): V | undefined {
    const memo = key.memo;
    if (memo === null) return undefined;
    for (let i = 0; i < memo.length; i += 3) {
      if (memo[i] === this) return memo[i + 1] === version ? (memo[i + 2] as V) : undefined;
    }
    return undefined;
  }

  set(key: K, version: number | string, value: V): void {
    const memo = key.memo;
    if (memo === null) {
      key.memo = [this, version, value];
      return;
    }
    for (let i = 0; i < memo.length; i += 3) {
      if (memo[i] === this) {
        memo[i + 1] = version;
        memo[i + 2] = value;
        return;
      }
    }
    // A new array of the exact size: push would leave room for a dozen more cells.
    const grown = new Array<unknown>(memo.length + 3);
    for (let i = 0; i < memo.length; i++) grown[i] = memo[i];
    grown[memo.length] = this;
    grown[memo.length + 1] = version;
    grown[memo.length + 2] = value;
    key.memo = grown;
  }
}

const resolvedCalls = new VersionedCache<CallFact, string>();

const LATEST_FACTS = '\u0000latest facts';

/**
 * The newest facts of the document whose `documentMemo` this is. A per-call cache that outlives an
 * edit reads the document through this instead of holding the facts it was computed with, which
 * would keep every version of the document (and whatever is cached for it) alive.
 */
export function latestFactsOf(documentMemo: Map<string, unknown>): PythonFacts {
  return documentMemo.get(LATEST_FACTS) as PythonFacts;
}

type FactKind = 'imports' | 'calls' | 'strings' | 'assignments' | 'functions' | 'classes' | 'loops' | 'tries' | 'statements' | 'dependencies';

/**
 * The facts came from those over `previous` by an edit inside statement `index` alone: every
 * other statement is the same object (moved), and the text outside the edited statement is the
 * same text, moved by the edit's length. What is read only outside that statement holds.
 */
export interface StatementEdit {
  readonly previous: readonly ChunkFacts[];
  readonly index: number;
}

export class PythonFacts {
  /** Module-level and class-body assignments by target, in document order. */
  private moduleAssignments: Map<string, AssignmentFact[]> | undefined;
  private moduleFacts: OwnFacts | undefined;
  /** Whole-module fact arrays, built (and their statements settled) on first use. */
  private readonly all: Partial<{ [K in FactKind]: ChunkFacts[K] }> = {};
  private bindingMap: Map<string, string> | undefined;
  private functionIndex: FunctionIndex | undefined;
  private allSettled = false;

  /**
   * `rawChunks`: the top-level statements; a keystroke moves the ones after it lazily, so their
   * facts' offsets may lag (ChunkFacts.pending) until settled: everything here settles what it
   * hands out. `contextVersion`: changes whenever a module-level statement (or any import)
   * changes; what a statement's findings may depend on. `resolutionVersion`: changes only when
   * names may resolve differently (imports, module-level assignments to calls); what per-call
   * answers such as resolveCall and classifyIo depend on, so they survive typing in a
   * module-level string.
   */
  constructor(
    readonly rawChunks: ChunkFacts[],
    readonly hasError: boolean,
    readonly contextVersion: number = nextContextVersion(),
    readonly resolutionVersion: number = contextVersion,
    /** State that lives as long as the document, across its versions (the linter's keys). */
    readonly documentMemo: Map<string, unknown> = new Map(),
    /** Set when these facts come from the last ones by an edit inside one statement. */
    readonly statementEdit?: StatementEdit,
  ) {
    documentMemo.set(LATEST_FACTS, this);
  }

  /** The top-level statements, every one settled. */
  get chunks(): ChunkFacts[] {
    if (!this.allSettled) {
      for (const chunk of this.rawChunks) settleChunk(chunk);
      this.allSettled = true;
    }
    return this.rawChunks;
  }

  get imports(): ImportFact[] {
    return this.collect('imports');
  }

  get calls(): CallFact[] {
    return this.collect('calls');
  }

  get strings(): StringFact[] {
    return this.collect('strings');
  }

  get assignments(): AssignmentFact[] {
    return this.collect('assignments');
  }

  get functions(): FunctionFact[] {
    return this.collect('functions');
  }

  get classes(): ClassFact[] {
    return this.collect('classes');
  }

  get loops(): LoopFact[] {
    return this.collect('loops');
  }

  get tries(): TryFact[] {
    return this.collect('tries');
  }

  get statements(): StatementFact[] {
    return this.collect('statements');
  }

  /** `a >> b` / `a << b` chains (Airflow task dependencies), in document order. */
  get dependencies(): DependencyFact[] {
    return this.collect('dependencies');
  }

  /** Local name → fully dotted target, from every import in the file. */
  get bindings(): Map<string, string> {
    if (!this.bindingMap) {
      this.bindingMap = new Map();
      for (const i of this.imports) if (!this.bindingMap.has(i.local)) this.bindingMap.set(i.local, i.target);
    }
    return this.bindingMap;
  }

  /** A statement with its facts' offsets current. */
  settled(chunk: ChunkFacts): ChunkFacts {
    settleChunk(chunk);
    return chunk;
  }

  private collect<K extends FactKind>(kind: K): ChunkFacts[K] {
    const known = this.all[kind] as ChunkFacts[K] | undefined;
    if (known) return known;
    const out: Array<ChunkFacts[K][number]> = [];
    for (const chunk of this.rawChunks) {
      const own = chunk[kind];
      if (own.length === 0) continue;
      settleChunk(chunk);
      for (const item of own) out.push(item);
    }
    (this.all as Record<string, unknown>)[kind] = out;
    return out as ChunkFacts[K];
  }

  /** Whether `module` (or a submodule of it) is imported anywhere in the file. */
  importsModule(module: string): boolean {
    return this.imports.some((i) => i.module === module || i.module.startsWith(`${module}.`) || i.target === module);
  }

  /** Resolves the first segment of a dotted name through the file's imports. */
  resolveName(dotted: string): string {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(dotted);
    if (!match) return dotted;
    const bound = this.bindings.get(match[0]);
    return bound ? bound + dotted.slice(match[0].length) : dotted;
  }

  /** The call's fully resolved dotted name (`google.cloud.bigquery.Client().load_table_from_dataframe`). */
  resolveCall(call: CallFact): string {
    let resolved = resolvedCalls.get(call, this.resolutionVersion);
    if (resolved === undefined) {
      resolved = this.resolveExpression(call.callee, call.fn, call.start, 0);
      resolvedCalls.set(call, this.resolutionVersion, resolved);
    }
    return resolved;
  }

  /** The assignment that last bound `name` before `offset`, in `fn` or else at module level. */
  lastAssignment(name: string, fn: FunctionFact | null, offset: number): AssignmentFact | undefined {
    const local = fn === null ? this.moduleAssignmentsNamed(name) : this.functionAssignments(fn)?.get(name);
    let best: AssignmentFact | undefined;
    if (local) {
      for (let i = local.length - 1; i >= 0; i--) {
        if (local[i].valueEnd <= offset) {
          best = local[i];
          break;
        }
      }
    }
    if (best || fn === null) return best;
    const moduleLevel = this.moduleAssignmentsNamed(name);
    if (!moduleLevel) return undefined;
    for (let i = moduleLevel.length - 1; i >= 0; i--) if (moduleLevel[i].className === null) return moduleLevel[i];
    return undefined;
  }

  /** Calls whose start lies in [start, end), in document order. */
  callsIn(start: number, end: number): CallFact[] {
    return this.factsIn('calls', start, end);
  }

  stringsIn(start: number, end: number): StringFact[] {
    return this.factsIn('strings', start, end);
  }

  functionAt(offset: number): FunctionFact | null {
    let found: FunctionFact | null = null;
    // Every function around `offset` lies in the statement holding it.
    for (const f of this.statementAt(offset)?.functions ?? []) if (f.start <= offset && offset < f.end && (!found || f.start >= found.start)) found = f;
    return found;
  }

  /** Facts (sorted by start within each statement) whose start lies in [start, end), from the statements overlapping it. */
  private factsIn<K extends 'calls' | 'strings'>(kind: K, start: number, end: number): ChunkFacts[K] {
    const chunks = this.rawChunks;
    let low = 0;
    let high = chunks.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (chunks[mid].end <= start) low = mid + 1;
      else high = mid;
    }
    const out: Array<ChunkFacts[K][number]> = [];
    for (let i = low; i < chunks.length && chunks[i].start < end; i++) {
      const chunk = chunks[i];
      settleChunk(chunk);
      for (const item of sliceByStart<ChunkFacts[K][number]>(chunk[kind], start, end)) out.push(item);
    }
    return out as ChunkFacts[K];
  }

  /**
   * The functions and methods named `name`, in document order. Only the statements that define
   * one are settled: a keystroke need not gather every function of the module to find one.
   */
  functionsNamed(name: string): FunctionFact[] {
    if (!this.functionIndex) this.functionIndex = functionIndexOf(this.rawChunks, this.documentMemo);
    const out: FunctionFact[] = [];
    for (const at of this.functionIndex.get(name) ?? []) for (const fn of this.settled(this.rawChunks[at]).functions) if (fn.name === name) out.push(fn);
    return out;
  }

  /** Whether some function or method of the module is named `name` (nothing settled). */
  definesFunctionNamed(name: string): boolean {
    if (!this.functionIndex) this.functionIndex = functionIndexOf(this.rawChunks, this.documentMemo);
    return this.functionIndex.has(name);
  }

  /** Module-level and class-body assignments to `name`, in document order. */
  moduleAssignmentsNamed(name: string): AssignmentFact[] | undefined {
    if (!this.moduleAssignments) {
      const merged = new Map<string, AssignmentFact[]>();
      for (const chunk of this.rawChunks) {
        const byName = assignmentIndexOf(chunk).get(null);
        if (!byName) continue;
        settleChunk(chunk);
        for (const [target, list] of byName) {
          const all = merged.get(target);
          if (all) all.push(...list);
          else merged.set(target, list.slice());
        }
      }
      this.moduleAssignments = merged;
    }
    return this.moduleAssignments.get(name);
  }

  /**
   * The assignments the class of method `fn` (or of the method a nested function sits in) makes to
   * `target` (`self.session`), in any of its methods; empty outside a class. The class is one
   * top-level statement, so the answer changes only when that statement does.
   */
  selfAttributeStores(fn: FunctionFact, target: string): AssignmentFact[] {
    let method: FunctionFact | null = fn;
    while (method && !method.className) method = method.parent;
    if (!method) return [];
    const className = method.className;
    return (this.statementAt(method.start)?.assignments ?? []).filter((a) => a.target === target && a.fn?.className === className);
  }

  /** Assignments inside `fn` by target; the index is kept per statement, so it survives keystrokes elsewhere. */
  private functionAssignments(fn: FunctionFact): Map<string, AssignmentFact[]> | undefined {
    const chunk = this.statementAt(fn.start);
    return chunk ? assignmentIndexOf(chunk).get(fn) : undefined;
  }

  /**
   * The facts whose enclosing function is `fn` (null: module level and class bodies). A
   * function's come from its own statement and are kept across keystrokes elsewhere.
   */
  ownFacts(fn: FunctionFact | null): OwnFacts {
    const owner = fn ? this.statementAt(fn.start) : undefined;
    if (!owner) return (this.moduleFacts ??= collectOwnFacts(this, null));
    let byFn = ownFactsByStatement.get(owner);
    if (!byFn) ownFactsByStatement.set(owner, (byFn = new Map()));
    let found = byFn.get(fn);
    if (!found) byFn.set(fn, (found = collectOwnFacts(owner, fn)));
    return found;
  }

  /** The top-level statement that contains `offset`, settled. */
  statementAt(offset: number): ChunkFacts | undefined {
    const chunks = this.rawChunks;
    let low = 0;
    let high = chunks.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const chunk = chunks[mid];
      if (offset < chunk.start) high = mid - 1;
      else if (offset >= chunk.end) low = mid + 1;
      else return this.settled(chunk);
    }
    return undefined;
  }

  private resolveExpression(dotted: string, fn: FunctionFact | null, offset: number, depth: number): string {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(dotted);
    if (!match) return dotted;
    const head = match[0];
    const rest = dotted.slice(head.length);
    const bound = this.bindings.get(head);
    if (bound) return bound + rest;
    if (depth < MAX_RESOLVE_DEPTH && rest && head === 'self' && fn) {
      const attribute = this.resolveSelfAttribute(rest, fn, depth);
      if (attribute) return attribute;
    }
    if (depth < MAX_RESOLVE_DEPTH && rest) {
      const assignment = this.lastAssignment(head, fn, offset);
      if (assignment?.call) return this.resolveExpression(assignment.call.callee, assignment.fn, assignment.call.start, depth + 1) + '()' + rest;
    }
    return dotted;
  }

  /**
   * `self.session.get(…)` in a method: the attribute resolves through the call its class assigns
   * to it (`self.session = requests.Session()` in `__init__`), when every assignment of the
   * attribute in the class makes the same call. The class lies in one top-level statement, so an
   * edit that changes the assignment also replaces every call this answer was given for.
   */
  private resolveSelfAttribute(rest: string, fn: FunctionFact, depth: number): string | null {
    const attribute = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (!attribute) return null;
    const made = this.selfAttributeStores(fn, `self.${attribute[1]}`).filter((a) => a.call !== null);
    if (made.length === 0 || made.some((a) => a.call!.callee !== made[0].call!.callee)) return null;
    const call = made[0].call!;
    return this.resolveExpression(call.callee, made[0].fn, call.start, depth + 1) + '()' + rest.slice(attribute[0].length);
  }

}

/** Items (sorted by start) whose start lies in [start, end). */
function sliceByStart<T extends { start: number }>(items: readonly T[], start: number, end: number): T[] {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (items[mid].start < start) low = mid + 1;
    else high = mid;
  }
  const out: T[] = [];
  for (let i = low; i < items.length && items[i].start < end; i++) out.push(items[i]);
  return out;
}

const functionNames = new WeakMap<ChunkFacts, readonly string[]>();

/** Function and method name → the positions of the statements defining one, in document order. */
type FunctionIndex = Map<string, number[]>;

const FUNCTION_INDEX = '\u0000function index';

/**
 * The document's function index for `chunks`. A keystroke inside a function gives new facts whose
 * statements are the same objects but for the edited one, at the same positions: while every
 * replaced statement defines the same names, the last index holds, and a keystroke compares
 * pointers instead of gathering every function of the module again.
 */
function functionIndexOf(chunks: readonly ChunkFacts[], documentMemo: Map<string, unknown>): FunctionIndex {
  const last = documentMemo.get(FUNCTION_INDEX) as { chunks: readonly ChunkFacts[]; index: FunctionIndex } | undefined;
  if (last && last.chunks === chunks) return last.index;
  if (last && last.chunks.length === chunks.length && sameFunctionNames(last.chunks, chunks)) {
    documentMemo.set(FUNCTION_INDEX, { chunks, index: last.index });
    return last.index;
  }
  const index: FunctionIndex = new Map();
  for (let i = 0; i < chunks.length; i++) {
    for (const defined of functionNamesOf(chunks[i])) {
      const list = index.get(defined);
      if (list) list.push(i);
      else index.set(defined, [i]);
    }
  }
  documentMemo.set(FUNCTION_INDEX, { chunks, index });
  return index;
}

function sameFunctionNames(before: readonly ChunkFacts[], after: readonly ChunkFacts[]): boolean {
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    const a = functionNamesOf(before[i]);
    const b = functionNamesOf(after[i]);
    if (a.length !== b.length) return false;
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  }
  return true;
}

/** The distinct names of the functions a statement defines (names do not move with offsets). */
function functionNamesOf(chunk: ChunkFacts): readonly string[] {
  let names = functionNames.get(chunk);
  if (!names) functionNames.set(chunk, (names = chunk.functions.length === 0 ? [] : [...new Set(chunk.functions.map((fn) => fn.name))]));
  return names;
}

/** Facts of one enclosing function (see PythonFacts.ownFacts). */
export interface OwnFacts {
  calls: CallFact[];
  assignments: AssignmentFact[];
  statements: StatementFact[];
  loops: LoopFact[];
  tries: TryFact[];
}

const ownFactsByStatement = new WeakMap<ChunkFacts, Map<FunctionFact | null, OwnFacts>>();

function collectOwnFacts(from: { calls: CallFact[]; assignments: AssignmentFact[]; statements: StatementFact[]; loops: LoopFact[]; tries: TryFact[] }, fn: FunctionFact | null): OwnFacts {
  const own = <T extends { fn: FunctionFact | null }>(items: readonly T[]) => items.filter((item) => item.fn === fn);
  return { calls: own(from.calls), assignments: own(from.assignments), statements: own(from.statements), loops: own(from.loops), tries: own(from.tries) };
}

const assignmentIndexes = new WeakMap<ChunkFacts, Map<FunctionFact | null, Map<string, AssignmentFact[]>>>();

/** A statement's assignments by enclosing function (null = module or class body), then by target. */
function assignmentIndexOf(chunk: ChunkFacts): Map<FunctionFact | null, Map<string, AssignmentFact[]>> {
  let index = assignmentIndexes.get(chunk);
  if (index) return index;
  index = new Map();
  for (const a of chunk.assignments) {
    let byName = index.get(a.fn);
    if (!byName) index.set(a.fn, (byName = new Map()));
    const list = byName.get(a.target);
    if (list) list.push(a);
    else byName.set(a.target, [a]);
  }
  assignmentIndexes.set(chunk, index);
  return index;
}

/** Facts by enclosing function (null: module level). */
export function groupByFunction<T extends { fn: FunctionFact | null }>(items: readonly T[]): Map<FunctionFact | null, T[]> {
  const map = new Map<FunctionFact | null, T[]>();
  for (const item of items) {
    const list = map.get(item.fn);
    if (list) list.push(item);
    else map.set(item.fn, [item]);
  }
  return map;
}
