// Where a value comes from, read inside one scope (a function, or the module for the script):
// the inputs it is made of (command-line and job arguments, environment variables, data read from
// outside) and what only other statements can tell — a parameter (its callers), a helper's return
// value, a module-level name, an attribute another method sets. Constants and values the program
// makes (lengths, clock readings, formatted dates, frame column names) carry nothing.
//
// Reads only the scope's own statement (and the module for module-level code), so a statement's
// summary (summaries.ts) can be exported and stays valid while other statements change.

import type { CallFact, FunctionFact, StringFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { AIRFLOW_CONTEXT_KEYS, FRAME_ATTRIBUTES, inputOfCall, inputOfName, looksUpMetadata, methodOf, parsesArgument, RESULT_READ_METHODS, sqlCallOf, type InputKind } from '../../server/src/engine/knowledge';
import { isMetadataTable, statementKind, tablesRead } from '../../server/src/engine/sql';
import { fieldExpression, splitTopLevel, trimRange } from '../support/sql-sources';
import { collectTextBindings, masked, splitAt, type Range, type TextBinding } from './text-scan';
import type { SourceText } from '../../server/src/engine/source-text';

export type Carrier = 'data' | 'argument' | 'env';

/** One thing a value is made of. */
export type Atom =
  | { kind: Carrier; via: string }
  | { kind: 'param'; fn: string; name: string }
  | { kind: 'return'; fn: string }
  | { kind: 'module'; name: string }
  | { kind: 'attr'; cls: string; name: string };

const MAX_DEPTH = 60;
const UPPER_NAME = /^_*[A-Z][A-Z0-9_]*$/;
const NAME = /^[A-Za-z_]\w*$/;
/** `Model.__tablename__`, `model.__table_args__`, `cls.__name__`: what a class the program defines says of itself. */
const DUNDER = /^__\w+__$/;
/** Builtins whose result is made of their arguments. */
const PASS_THROUGH_BUILTINS = new Set(['str', 'repr', 'list', 'tuple', 'set', 'frozenset', 'sorted', 'reversed', 'dict', 'next', 'iter', 'enumerate', 'zip', 'map', 'filter', 'getattr', 'format']);
/** Frame and collection attributes that describe the shape of data, not its values. */
const SHAPE_ATTRIBUTES = new Set([...FRAME_ATTRIBUTES.filter((a) => a !== 'values' && a !== 'loc' && a !== 'iloc' && a !== 'at' && a !== 'iat' && a !== 'str'), 'fields', 'description']);
const ROW_READS = new Set<string>(RESULT_READ_METHODS);
/** String methods whose result is the receiver's text (and, for join/format, the arguments'). */
const TEXT_METHODS_WITH_ARGUMENTS = new Set(['join', 'format', 'format_map']);

/** A stable name for a function across statements: `Class.method`, or `.function`. */
export function functionKey(fn: FunctionFact): string {
  return `${fn.className ?? ''}.${fn.name}`;
}

export class LocalOrigins {
  private readonly memo = new Map<string, Atom[]>();
  private readonly visiting = new Set<string>();
  private readonly bindings = new Map<FunctionFact | null, TextBinding[]>();

  constructor(readonly py: PythonFacts, readonly text: SourceText) {}

  /** What the expression written at [start, end) in `fn` is made of. */
  expression(start: number, end: number, fn: FunctionFact | null, depth = 0): Atom[] {
    if (depth > MAX_DEPTH) return [];
    const { text, py } = this;
    let r = trimRange(text, start, end);
    if (r.end <= r.start) return [];
    const strings = py.stringsIn(r.start, r.end);
    let m = masked(text, r.start, r.end, strings);
    // ( … ): the inner expression, or a tuple.
    while (/^\(_*\)$/.test(m)) {
      r = trimRange(text, r.start + 1, r.end - 1);
      m = masked(text, r.start, r.end, strings);
    }
    const e = text.slice(r.start, r.end);
    const union = (ranges: Range[]) => ranges.flatMap((x) => this.expression(x.start, x.end, fn, depth + 1));
    // String literals: their f-string fields; a Jinja template that reads the run's configuration.
    if (/^[S\s]+$/.test(m)) return this.stringAtoms(strings.filter((s) => s.start >= r.start && s.end <= r.end), fn, depth);
    if (/^\s*lambda\b/.test(m)) return [];
    if (/^[[{]_*[\]}]$/.test(m)) {
      const inner = { start: r.start + 1, end: r.end - 1 };
      const innerMask = masked(text, inner.start, inner.end, strings);
      const comprehension = /\sfor\s/.exec(innerMask);
      if (comprehension) return this.expression(inner.start, inner.start + comprehension.index, fn, depth + 1);
      // A list, tuple, set or dict: its elements (a dict's values).
      return union(splitTopLevel(text, inner.start, inner.end, ',', strings).map((part) => {
        const colon = masked(text, part.start, part.end, strings).indexOf(':');
        return colon >= 0 && m.startsWith('{') ? { start: part.start + colon + 1, end: part.end } : part;
      }));
    }
    // A generator expression written as the only argument (`", ".join(str(i) for i in ids)`): its element.
    const generatorAt = keywordFollowedBy(m, /\sfor\s/, /\sin\s/);
    if (generatorAt >= 0) return this.expression(r.start, r.start + generatorAt, fn, depth + 1);
    const conditionalAt = keywordFollowedBy(m, /\sif\s/, /\selse\s/);
    if (conditionalAt >= 0) {
      const elseAt = m.lastIndexOf(' else ');
      return union([{ start: r.start, end: r.start + conditionalAt }, { start: r.start + elseAt + 6, end: r.end }]);
    }
    if (/\s(or|and)\s/.test(m)) return union(splitAt(m, /\s(?:or|and)\s/g, r.start, r.end));
    if (/^\s*not\s/.test(m) || /(==|!=|<=|>=|[^-=]>|<|\sin\s|\sis\s)/.test(m)) return [];
    if (/^\s*await\s/.test(m)) return this.expression(r.start + m.indexOf('await') + 5, r.end, fn, depth + 1);
    const parts = splitTopLevel(text, r.start, r.end, ',', strings);
    if (parts.length > 1) return union(parts);
    if (m.includes('+')) return union(splitTopLevel(text, r.start, r.end, '+', strings));
    const percent = /^S[S\s]*%/.exec(m);
    if (percent) return [...this.stringAtoms(strings.filter((s) => s.end <= r.start + percent.index), fn, depth), ...this.expression(r.start + percent[0].length, r.end, fn, depth + 1)];
    if (/[-*/%@&|^~]/.test(m.replace(/^-/, ''))) return [];
    // A subscript, a call or an attribute at the end of the expression.
    if (m.endsWith(']')) return this.subscript(r, m, fn, depth);
    if (m.endsWith(')')) {
      const call = py.callsIn(r.start, r.end).find((c) => c.start === r.start && c.end === r.end);
      return call ? this.call(call, fn, depth) : [];
    }
    const dot = m.lastIndexOf('.');
    if (dot > 0 && NAME.test(e.slice(dot + 1))) return this.attribute(r, dot, fn, depth);
    return NAME.test(e) ? this.name(e, fn, depth, r.start) : [];
  }

  /**
   * A name in `fn`: its assignments and other bindings there, else a parameter, an enclosing
   * function's name, a module-level name. Used at `at`, a loop or comprehension variable is bound
   * only by the loops and comprehensions around it (`row` of one loop is not `row` of another).
   */
  name(name: string, fn: FunctionFact | null, depth = 0, at = -1): Atom[] {
    if (UPPER_NAME.test(name) || name === 'None' || name === 'True' || name === 'False' || name === 'self' || name === 'cls') return [];
    const textBindings = this.textBindings(fn).filter((b) => b.names.includes(name) && (!b.scope || at < 0 || (b.scope.start <= at && at < b.scope.end)));
    const key = `${fn ? fn.start : -1}:${name}:${textBindings.map((b) => b.value.start).join(',')}`;
    const known = this.memo.get(key);
    if (known) return known;
    if (this.visiting.has(key) || depth > MAX_DEPTH) return [];
    this.visiting.add(key);
    const atoms: Atom[] = [];
    let bound = false;
    const own = this.py.ownFacts(fn);
    for (const a of own.assignments) {
      if (a.target !== name && a.target !== `${name}[]`) continue;
      if (fn === null && a.className !== null) continue;
      bound = true;
      atoms.push(...this.expression(a.valueStart, a.valueEnd, fn, depth + 1));
    }
    for (const c of own.calls) {
      if (!c.callee.startsWith(`${name}.`) || !/^(append|extend|insert|add|update|appendleft|put)$/.test(methodOf(c.callee)) || c.callee.split('.').length !== 2) continue;
      bound = true;
      for (const arg of c.args) atoms.push(...this.expression(arg.start, arg.end, fn, depth + 1));
    }
    for (const binding of textBindings) {
      bound = true;
      atoms.push(...this.expression(binding.value.start, binding.value.end, fn, depth + 1));
    }
    if (fn && fn.params.includes(name)) atoms.push({ kind: 'param', fn: functionKey(fn), name });
    else if (!bound && !this.py.bindings.has(name)) {
      if (fn?.parent) atoms.push(...this.name(name, fn.parent, depth + 1));
      else if (fn) atoms.push({ kind: 'module', name });
    }
    this.visiting.delete(key);
    this.memo.set(key, atoms);
    return atoms;
  }

  private stringAtoms(strings: readonly StringFact[], fn: FunctionFact | null, depth: number): Atom[] {
    const atoms: Atom[] = [];
    for (const s of strings) {
      if (/(?<!\{)\{\{[^{}]*\b(dag_run\.conf|params)\b/.test(s.value)) atoms.push({ kind: 'argument', via: "the run's configuration" });
      if (!s.isFString) continue;
      for (const field of s.interpolations) {
        const expr = fieldExpression(this.text, field.start, field.end);
        atoms.push(...this.expression(expr.start, expr.end, fn, depth + 1));
      }
    }
    return atoms;
  }

  private subscript(r: Range, m: string, fn: FunctionFact | null, depth: number): Atom[] {
    const open = m.lastIndexOf('[');
    if (open <= 0) return [];
    const base = { start: r.start, end: r.start + open };
    const baseText = this.text.slice(base.start, base.end).trim();
    const input = NAME.test(baseText.replace(/\./g, '_')) ? inputOfName(baseText, this.py) : null;
    if (input) return inputAtoms(input, input === 'argument' ? 'a command-line argument' : input === 'env' ? 'an environment variable' : 'request data');
    const key = /^\[\s*["']([A-Za-z_]\w*)["']\s*\]$/.exec(this.text.slice(r.start + open, r.end));
    const contextKind = key ? AIRFLOW_CONTEXT_KEYS[key[1]] : undefined;
    if (contextKind === 'program') return [];
    if (contextKind) return inputAtoms(contextKind, "the run's configuration");
    return this.expression(base.start, base.end, fn, depth + 1);
  }

  private attribute(r: Range, dot: number, fn: FunctionFact | null, depth: number): Atom[] {
    const dotted = this.text.slice(r.start, r.end).replace(/\s+/g, '');
    const attribute = this.text.slice(r.start + dot + 1, r.end);
    const input = /^[\w.]+$/.test(dotted) ? inputOfName(dotted, this.py) : null;
    if (input) return inputAtoms(input, input === 'argument' ? "the run's configuration" : input === 'env' ? 'an environment variable' : 'request data');
    if (SHAPE_ATTRIBUTES.has(attribute) || DUNDER.test(attribute)) return [];
    const base = this.text.slice(r.start, r.start + dot).trim();
    if (base === 'self' || base === 'cls') return fn?.className ? [{ kind: 'attr', cls: fn.className, name: attribute }] : [];
    return this.expression(r.start, r.start + dot, fn, depth + 1);
  }

  private call(call: CallFact, fn: FunctionFact | null, depth: number): Atom[] {
    const { py, text } = this;
    const input = inputOfCall(call, py);
    // Listing the warehouse's own tables, datasets or blobs (`client.list_tables(dataset)`): names the pipeline owns.
    if (input === 'program' || looksUpMetadata(call, py)) return [];
    const method = methodOf(call.callee);
    if (input) return this.isCatalogRead(call, fn) ? [] : inputAtoms(input, describeRead(call, method, input));
    // Quoted or escaped by a helper (`_quote_ident(col)`, `quote_literal(path)`, `conn.escape_string(v)`): safe to splice.
    if (QUOTING_HELPER.test(method || call.callee)) return [];
    // A generator passed alone (`join(str(i) for i in ids)`) is the call's whole argument list.
    if (parsesArgument(call, py)) return call.args.flatMap((a) => this.expression(a.start, a.end, fn, depth + 1));
    const args = () => (call.args.length === 0 ? this.expression(call.argsStart, call.argsEnd, fn, depth + 1) : call.args.flatMap((a) => (a.kind === 'keyword' && a.name === 'sep' ? [] : this.expression(a.start, a.end, fn, depth + 1))));
    if (NAME.test(call.callee)) {
      if (call.callee === 'getattr' && DUNDER.test(call.args[1]?.string?.value ?? '')) return [];
      if (PASS_THROUGH_BUILTINS.has(call.callee)) return args();
      return py.bindings.has(call.callee) ? [] : [{ kind: 'return', fn: `.${call.callee}` }];
    }
    const calleeMask = masked(text, call.calleeStart, call.calleeEnd, py.stringsIn(call.calleeStart, call.calleeEnd));
    const dot = calleeMask.lastIndexOf('.');
    if (dot <= 0) return [];
    const receiver = { start: call.calleeStart, end: call.calleeStart + dot };
    const receiverText = text.slice(receiver.start, receiver.end).trim();
    if (receiverText === 'self' || receiverText === 'cls') return fn?.className ? [{ kind: 'return', fn: `${fn.className}.${method}` }] : [];
    if (receiverText.includes('.') === false && py.bindings.has(receiverText)) return [];
    // The keys of a dict the code writes (`record = {"symbol": …}`) are its own names.
    if (method === 'keys' && NAME.test(receiverText) && this.isDictLiteral(receiverText, fn)) return [];
    const own = this.expression(receiver.start, receiver.end, fn, depth + 1);
    // `", ".join(…)` has no dotted callee: the method is read from the source.
    const called = method || text.slice(call.calleeStart + dot + 1, call.calleeEnd).trim();
    return TEXT_METHODS_WITH_ARGUMENTS.has(called) ? [...own, ...args()] : own;
  }

  private isDictLiteral(name: string, fn: FunctionFact | null): boolean {
    const bound = this.py.ownFacts(fn).assignments.filter((a) => a.target === name);
    return bound.length > 0 && bound.every((a) => a.valueType === 'dictionary');
  }

  /** A row read whose query reads only the database's catalog (information_schema, sqlite_master, PRAGMA, SHOW). */
  private isCatalogRead(call: CallFact, fn: FunctionFact | null): boolean {
    const method = methodOf(call.callee);
    let query: CallFact | undefined = call;
    if (ROW_READS.has(method)) {
      const receiver = call.callee.slice(0, -method.length - 1);
      const own = this.py.ownFacts(fn).calls;
      query = undefined;
      for (const c of own) if (c !== call && c.start <= call.start && (c.callee === `${receiver}.execute` || call.callee.startsWith(`${c.callee}()`))) query = c;
      // A frame the statement returned, read back later (`hist = spark.sql("DESCRIBE HISTORY …")` … `hist.select(…).collect()`).
      if (!query || !sqlCallOf(query, this.py)) query = this.statementBoundTo(/^[A-Za-z_]\w*/.exec(receiver)?.[0] ?? '', call, fn);
    }
    const sql = query ? sqlCallOf(query, this.py)?.arg : undefined;
    if (!sql || !query) return false;
    // An f-string may name the catalog's project or dataset (`{project}.INFORMATION_SCHEMA.TABLES`): it still lists names.
    let value = sql.string ? sql.string.value : null;
    if (value === null && sql.shape.kind === 'name') {
      const name = this.text.slice(sql.start, sql.end);
      const bound = this.py.ownFacts(fn).assignments.filter((a) => a.target === name && a.targetStart < query!.start);
      const last = bound[bound.length - 1];
      const literal = last ? this.py.stringsIn(last.valueStart, last.valueEnd)[0] : undefined;
      if (literal && (last?.shape.kind === 'literal' || literal.isFString)) value = literal.value;
    }
    if (value === null) return false;
    if (/^\s*(pragma|show|describe|desc)\b/i.test(value)) return true;
    const tables = statementKind(value) === 'select' ? tablesRead(value) : [];
    return tables.length > 0 && tables.every(isMetadataTable);
  }

  /** The SQL call whose result the name was last bound to before `call` in `fn`, if any. */
  private statementBoundTo(name: string, call: CallFact, fn: FunctionFact | null): CallFact | undefined {
    if (!name) return undefined;
    const bound = this.py.ownFacts(fn).assignments.filter((a) => a.target === name && a.targetStart < call.start);
    const last = bound[bound.length - 1];
    if (!last?.call || last.call.start !== last.valueStart) return undefined;
    return sqlCallOf(last.call, this.py) ? last.call : undefined;
  }

  /** Tuple-unpacking assignments, `+=`, loop and comprehension variables, `with … as` names in the scope's own text. */
  private textBindings(fn: FunctionFact | null): TextBinding[] {
    let found = this.bindings.get(fn);
    if (found) return found;
    found = [];
    const ranges = fn ? [{ start: fn.bodyStart, end: fn.bodyEnd }] : this.py.chunks.filter((c) => !c.definition).map((c) => ({ start: c.start, end: c.end }));
    const loops = this.py.ownFacts(fn).loops;
    for (const range of ranges) collectTextBindings(this.text, range, this.py.stringsIn(range.start, range.end), loops, found);
    this.bindings.set(fn, found);
    return found;
  }
}

/** A helper that quotes or escapes what it is given for SQL, by its name. */
const QUOTING_HELPER = /(^|_)(quote|quoted|escape|escaped)(_|$)/i;

function inputAtoms(kind: InputKind, via: string): Atom[] {
  return kind === 'program' ? [] : [{ kind, via }];
}

/** How the message names where a value was read. */
function describeRead(call: CallFact, method: string, kind: InputKind): string {
  if (kind === 'env') return 'an environment variable';
  if (kind === 'argument') return /widgets|getResolvedOptions/.test(call.callee) ? 'a job argument' : 'a command-line argument';
  if (method === 'xcom_pull') return 'read from XCom';
  if (/^get_parameters?(_by_path)?$/.test(method)) return 'read from a parameter store';
  if (/^(receive_messages?|poll|consume|pull)$/.test(method)) return 'read from a queue';
  if (method === 'get_json') return 'request data';
  if (method === 'get_item' || method === 'scan') return 'read from DynamoDB';
  if (/^(iterrows|itertuples|to_dict|to_records)$/.test(method)) return 'a DataFrame value';
  if (ROW_READS.has(method)) return 'read from the database';
  if (/^(json|get|post|request)$/.test(method)) return 'an HTTP response';
  if (/^(load|loads|read|readlines|readline|reader|DictReader)$/.test(method)) return 'read from a file';
  return 'read from outside the program';
}

/**
 * Where the first `head` starts when a `tail` follows it, else -1: what `/head[\s\S]*tail/` finds,
 * without that pattern's backtracking (quadratic on a run of heads with no tail).
 */
function keywordFollowedBy(text: string, head: RegExp, tail: RegExp): number {
  const found = head.exec(text);
  return found && tail.test(text.slice(found.index + found[0].length)) ? found.index : -1;
}
