// Whether a read is an extract stage: the function writes somewhere (a file, a table, a warehouse
// load, an object store upload, a Spark write), returns the rows, or hands them to a module
// function that writes them; Spark reads narrowed later; Dagster IOManager loads.

import type { CallFact, ChunkFacts, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { COPY_METHODS, methodOf, ORM_SESSION, ORM_SESSION_WRITES, receiverOf, roleOf, writesData } from '../../server/src/engine/knowledge';
import type { Read } from './read';
import type { Scopes } from './scopes';
import type { SourceText } from '../../server/src/engine/source-text';

const IO_MANAGER_BASE = /^class\s+\w+\s*\([^)]*\b(\w*IOManager|IOManagerDefinition)\b/;

/**
 * Dagster `IOManager.load_input`: hands a whole upstream asset (written by the pipeline itself)
 * to the next asset by contract; partitions arrive through the context, not a watermark.
 */
export function isIoManagerLoad(fn: FunctionFact | null, py: PythonFacts, text: SourceText): boolean {
  if (!fn || fn.name !== 'load_input' || fn.className === null) return false;
  const cls = py.classes.find((c) => c.name === fn.className && c.start <= fn.start && fn.end <= c.end);
  return !!cls && IO_MANAGER_BASE.test(text.slice(cls.start, Math.min(cls.end, cls.start + 300)));
}
/** The call writes data somewhere: a file, a table, a warehouse, an object store, a COPY to or from a file. */
const SESSION_WRITES: ReadonlySet<string> = new Set(ORM_SESSION_WRITES);

export function isWrite(call: CallFact, py: PythonFacts): boolean {
  return writesData(call, py) || roleOf(call, py) === 'copy' || COPY_METHODS.includes(methodOf(call.callee) as (typeof COPY_METHODS)[number]) || stagesOrmWrite(call);
}

/** `session.add(row)`: the ORM writes the object at the session's commit. */
function stagesOrmWrite(call: CallFact): boolean {
  return SESSION_WRITES.has(methodOf(call.callee)) && ORM_SESSION.test(receiverOf(call.callee));
}

/** The variable the rows end up in (`orders = pd.read_sql(…)`, `rows = cur.fetchall()`). */
export function resultVariable(read: Read, scopes: Scopes): string | null {
  const assignment = scopes.assignmentOf(read.result) ?? scopes.assignmentsIn(read.call.fn).find((a) => a.valueStart <= read.result.start && read.result.end <= a.valueEnd);
  return assignment && /^[A-Za-z_]\w*$/.test(assignment.target) ? assignment.target : null;
}

/**
 * The names the rows end up in: the result variable and every variable of the function assigned
 * from an expression that uses one of them afterwards (`latest = dedupe(bronze)`, `clean = frame.dropna()`).
 */
export function derivedNames(read: Read, scopes: Scopes, text: SourceText): Set<string> {
  const variable = resultVariable(read, scopes);
  const names = new Set<string>();
  if (!variable) return names;
  names.add(variable);
  for (const a of scopes.assignmentsIn(read.call.fn)) {
    if (a.valueStart < read.result.end || !/^[A-Za-z_]\w*$/.test(a.target) || names.has(a.target)) continue;
    const value = text.slice(a.valueStart, a.valueEnd);
    for (const name of names) {
      if (!new RegExp(`(?<![\\w.])${name}\\b`).test(value) || isJoinedIn(name, value)) continue;
      names.add(a.target);
      break;
    }
  }
  return names;
}

/**
 * The name is only the other side of a join (`orders.join(customers, "id")`, `a.merge(dims, on=…)`):
 * a lookup the driving rows are enriched with, read whole by nature.
 */
function isJoinedIn(name: string, value: string): boolean {
  return new RegExp(`\\.(join|merge)\\(\\s*${name}\\b`).test(value) && !new RegExp(`(?<![\\w.])${name}\\s*\\.`).test(value);
}

/**
 * The rows are only ever the other side of a join in the function (`orders.join(customers, …)`,
 * `pd.merge(stock, matrix, on=…)`) or the values an `isin(…)` filter keeps or drops, after at most
 * preparing themselves (`ref = ref.drop_duplicates()`, `ref["code"] = ref["code"].str.zfill(4)`):
 * a dimension or exclusion list the driving rows are enriched or filtered with, not the extract.
 */
export function isJoinLookup(read: Read, scopes: Scopes, text: SourceText): boolean {
  const variable = resultVariable(read, scopes);
  return variable !== null && usedOnlyAsLookup(variable, read.result.end, read.call.fn, scopes.py, text);
}

/** After `from` in `fn`, `variable` is only joined or merged onto other rows, or an `isin(…)` argument, once it has prepared itself. */
export function usedOnlyAsLookup(variable: string, from: number, fn: FunctionFact | null, py: PythonFacts, text: SourceText): boolean {
  const body = text.slice(from, fn ? fn.bodyEnd : text.length);
  const uses = [...body.matchAll(new RegExp(`(?<![\\w.])${variable}\\b`, 'g'))];
  const assignments = py.ownFacts(fn).assignments;
  const own = ownPartPattern(variable);
  const preparesItself = (at: number) => assignments.some((a) => own.test(a.target) && ((a.targetStart <= at && at < a.targetEnd) || (a.valueStart <= at && at < a.valueEnd)));
  let joined = false;
  for (const m of uses) {
    const before = body.slice(Math.max(0, m.index - 60), m.index);
    if (/\.(join|merge|isin)\(\s*$/.test(before) || /(^|[^\w.])(pd\.|pandas\.)?merge\(\s*[\w.]+\s*,\s*$/.test(before)) joined = true;
    else if (!preparesItself(from + m.index)) return false;
  }
  return joined;
}

/**
 * For each call in a definition statement of a top-level function of the module, whether the
 * function it is in binds the result and only joins or filters with it (`matrix = load_matrix()`
 * … `.merge(matrix, …)`): what a reader's finding depends on in its callers. Which functions the
 * module defines is read now: a call of a name defined later is exported once the statement
 * changes again (its export then differs, so its callers' readers are checked again), and until
 * then nothing this statement holds can have changed.
 */
export function lookupCallsIn(statement: ChunkFacts, py: PythonFacts, text: SourceText): string[] {
  if (!statement.definition) return [];
  const out: string[] = [];
  for (const call of statement.calls) {
    if (!/^[A-Za-z_]\w*$/.test(call.callee) || call.fn === null || !isTopLevelFunction(call.callee, py)) continue;
    const bound = statement.assignments.find((a) => a.call === call && a.valueStart === call.start && a.valueEnd === call.end);
    const lookup = bound !== undefined && /^[A-Za-z_]\w*$/.test(bound.target) && usedOnlyAsLookup(bound.target, bound.valueEnd, bound.fn, py, text);
    out.push(`${call.callee}=${lookup}`);
  }
  return out;
}

/** Whether the module defines a top-level function by this name (the readers `readsLookupForCallers` asks about). */
function isTopLevelFunction(name: string, py: PythonFacts): boolean {
  return py.functionsNamed(name).some((fn) => fn.parent === null && fn.className === null);
}

/**
 * A reader function of the module whose every call binds the rows and only joins or filters with
 * them (`def load_matrix(): … return rows` and `matrix = load_matrix()` … `.merge(matrix, …)`):
 * a reference table the callers enrich their rows with.
 */
export function readsLookupForCallers(fn: FunctionFact | null, py: PythonFacts, text: SourceText): boolean {
  if (!fn || fn.parent !== null || fn.className !== null) return false;
  const calls = py.calls.filter((c) => c.callee === fn.name && c.fn !== fn);
  if (calls.length === 0) return false;
  return calls.every((c) => {
    const owner = py.statementAt(c.start);
    const bound = owner?.assignments.find((a) => a.call === c && a.valueStart === c.start && a.valueEnd === c.end);
    return bound !== undefined && /^[A-Za-z_]\w*$/.test(bound.target) && usedOnlyAsLookup(bound.target, bound.valueEnd, bound.fn, py, text);
  });
}

/** An assignment target that is the variable itself or a part of it (`ref`, `ref.columns`, `ref["code"]`). */
function ownPartPattern(variable: string): RegExp {
  return new RegExp(`^${variable}(\\.\\w+|\\[[^\\]]*\\])?$`);
}

/**
 * The rows are handed to a function of the module that writes them: `df = pd.read_sql(…)` then
 * `load(df, table)` (or `self.load(df)`), also after transforming them (`load(clean(df), table)`,
 * `latest = dedupe(df); merge(latest)`), with `load` writing to a file, table or bucket.
 */
export function passesToWriter(read: Read, scopes: Scopes, text: SourceText): boolean {
  const names = derivedNames(read, scopes, text);
  if (names.size === 0) return false;
  for (const c of scopes.callsOf(read.call.fn)) {
    if (c.start < read.call.end || !c.args.some((a) => (a.kind === 'positional' || a.kind === 'keyword') && names.has(text.slice(a.start, a.end)))) continue;
    const callee = scopes.localFunction(c.callee, read.call.fn);
    if (callee && callee !== read.call.fn && scopes.writes(callee)) return true;
  }
  return false;
}

export function returnsRows(read: Read, scopes: Scopes, text: SourceText): boolean {
  const fn = read.call.fn;
  if (!fn) return false;
  const names = derivedNames(read, scopes, text);
  for (const st of scopes.returnsIn(fn)) {
    if (st.start <= read.call.start && read.call.end <= st.end) return true;
    for (const variable of names) {
      const expression = text.slice(st.start, st.end).replace(/^return\b/, '').replace(new RegExp(`\\blen\\(\\s*${variable}\\s*\\)`, 'g'), '');
      if (new RegExp(`(?<![\\w.])${variable}\\b`).test(expression)) return true;
    }
  }
  return false;
}

/** Spark reads are lazy: `.filter()`/`.where()` on the frame pushes a predicate into the read. */
export function filteredLater(read: Read, scopes: Scopes, scope: CallFact[]): boolean {
  const variable = resultVariable(read, scopes);
  return scope.some((c) => c.start >= read.call.start && /^(filter|where)$/.test(methodOf(c.callee)) && (c.callee.startsWith(`${read.call.callee}().`) || (variable !== null && (receiverOf(c.callee) === variable || receiverOf(c.callee).startsWith(`${variable}.`)))));
}

/** Which functions of the statement write (a file, table, bucket): rows handed to them elsewhere count as loaded. */
export function exportedWriters(statement: ChunkFacts, py: PythonFacts | undefined): string {
  if (!py) return '';
  return statement.functions
    .filter((f) => f.parent === null)
    .map((f) => `${f.className ?? ''}.${f.name}=${py.ownFacts(f).calls.some((c) => isWrite(c, py))}`)
    .join(';');
}
