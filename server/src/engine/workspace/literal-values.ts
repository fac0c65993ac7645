// Values an orchestrator file writes as literals, read from the Python facts: a string, number or
// name bound to one (a loop variable, a module constant), an f-string of such names, and the rows
// of a literal list, tuple or dict (a module constant or written in place) that a loop iterates.
// What DAGs and flows pass to the callables they run, and the operators a loop builds, come from
// here.

import type { CallFact, FunctionFact, LoopFact, StringFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import type { ArgumentValue } from './artifact-template';
import { scanTopLevel } from './top-level-scan';

/** Names bound to values while reading (a loop's variables in one iteration). */
export type Bindings = ReadonlyMap<string, ArgumentValue>;

const NO_BINDINGS: Bindings = new Map();
/** A loop over more values than this is not unrolled (its steps stay one templated step). */
export const MAX_LOOP_ROWS = 50;
const MAX_CONSTANT_DEPTH = 3;

export interface LoopRows {
  loop: LoopFact;
  /** The loop's variables (`region`; `name, table`). */
  names: string[];
  /** One row of values per iteration, in iteration order. */
  rows: ArgumentValue[][];
}

export class LiteralReader {
  constructor(private readonly py: PythonFacts, private readonly text: string) {}

  /** The value of the expression spanning [start, end): a literal, a bound name, an f-string of them; null when it is none. */
  valueAt(start: number, end: number, fn: FunctionFact | null, bindings: Bindings = NO_BINDINGS, depth = 0): ArgumentValue {
    const range = this.trimmed(start, end);
    if (!range) return null;
    const source = this.text.slice(range.start, range.end);
    if (/^-?\d+(\.\d+)?$/.test(source) || /^(True|False|None)$/.test(source)) return source;
    if (/^[A-Za-z_]\w*$/.test(source)) {
      if (bindings.has(source)) return bindings.get(source)!;
      return depth < MAX_CONSTANT_DEPTH ? this.constant(source, fn, range.start, depth) : null;
    }
    const str = this.py.stringsIn(range.start, range.start + 1)[0];
    if (!str || str.start !== range.start || str.end !== range.end || str.isBytes) return null;
    return this.stringValue(str, fn, bindings, depth);
  }

  /** A string's value; an f-string's when each of its fields is a name with a known value. */
  stringValue(str: StringFact, fn: FunctionFact | null, bindings: Bindings = NO_BINDINGS, depth = 0): ArgumentValue {
    if (str.interpolations.length === 0) return str.value;
    return withFields(str, (field) => (field ? this.valueAt(field.start + 1, field.end - 1, fn, bindings, depth + 1) : null));
  }

  /** How a string reads when its value is not known: an f-string with its fields as written (`extract_{region}`). */
  readableString(str: StringFact, fn: FunctionFact | null, bindings: Bindings = NO_BINDINGS): string {
    const asWritten = (field: { start: number; end: number }) => `{${this.text.slice(field.start + 1, field.end - 1).trim()}}`;
    return withFields(str, (field) => (field ? (this.valueAt(field.start + 1, field.end - 1, fn, bindings) ?? asWritten(field)) : '')) ?? '';
  }

  /** The values a `for` loop takes, when it iterates a literal (or a module constant holding one) of at most MAX_LOOP_ROWS items. */
  loopRows(loop: LoopFact): LoopRows | null {
    if (loop.kind !== 'for') return null;
    const names = loop.target.replace(/^\(|\)$/g, '').split(',').map((n) => n.trim()).filter(Boolean);
    if (names.length === 0 || names.some((n) => !/^[A-Za-z_]\w*$/.test(n))) return null;
    const header = this.text.slice(loop.start, loop.bodyStart);
    const colon = header.lastIndexOf(':');
    const inAt = /\sin\s/.exec(header);
    if (!inAt || colon < inAt.index) return null;
    const iterableStart = loop.start + inAt.index + inAt[0].length;
    const iterableEnd = loop.start + colon;
    const iterable = this.text.slice(iterableStart, iterableEnd).trim();
    const items = /^([A-Za-z_]\w*)\.items\(\)$/.exec(iterable);
    const range = items ? this.constantRange(items[1], loop.fn, loop.start) : /^[A-Za-z_]\w*$/.test(iterable) ? this.constantRange(iterable, loop.fn, loop.start) : this.trimmed(iterableStart, iterableEnd);
    if (!range) return null;
    const rows = items ? this.dictRows(range.start, range.end, loop.fn) : this.sequenceRows(range.start, range.end, loop.fn, names.length);
    if (!rows || rows.length === 0 || rows.length > MAX_LOOP_ROWS || rows.some((row) => row.length !== names.length)) return null;
    return { loop, names, rows };
  }

  /** The entries of a dict literal (or a constant bound to one) with string keys; null when it is not one. */
  dictEntries(start: number, end: number, fn: FunctionFact | null, bindings: Bindings = NO_BINDINGS): Array<[string, ArgumentValue]> | null {
    const range = this.literalRange(start, end, fn);
    if (!range || this.text[range.start] !== '{') return null;
    const items = this.itemsOf(range.start, range.end);
    if (!items) return null;
    const out: Array<[string, ArgumentValue]> = [];
    for (const item of items) {
      const colon = this.topLevelColon(item.start, item.end);
      const key = colon < 0 ? null : this.valueAt(item.start, colon, fn, bindings);
      if (key !== null) out.push([key, this.valueAt(colon + 1, item.end, fn, bindings)]);
    }
    return out;
  }

  /** The items of a list or tuple literal (or a constant bound to one); null when it is not one. */
  sequenceValues(start: number, end: number, fn: FunctionFact | null, bindings: Bindings = NO_BINDINGS): ArgumentValue[] | null {
    const range = this.literalRange(start, end, fn);
    if (!range || this.text[range.start] === '{') return null;
    return this.itemsOf(range.start, range.end)?.map((item) => this.valueAt(item.start, item.end, fn, bindings)) ?? null;
  }

  /** [start, end) itself, or the value of the constant it names. */
  private literalRange(start: number, end: number, fn: FunctionFact | null): { start: number; end: number } | null {
    const range = this.trimmed(start, end);
    if (!range) return null;
    const source = this.text.slice(range.start, range.end);
    return /^[A-Za-z_]\w*$/.test(source) ? this.constantRange(source, fn, range.start) : range;
  }

  private sequenceRows(start: number, end: number, fn: FunctionFact | null, width: number): ArgumentValue[][] | null {
    const items = this.itemsOf(start, end);
    if (!items) return null;
    return items.map((item) => {
      if (width === 1) return [this.valueAt(item.start, item.end, fn)];
      const inner = this.itemsOf(item.start, item.end);
      return inner ? inner.map((i) => this.valueAt(i.start, i.end, fn)) : [];
    });
  }

  private dictRows(start: number, end: number, fn: FunctionFact | null): ArgumentValue[][] | null {
    const source = this.text.slice(start, end);
    if (!source.startsWith('{')) return null;
    const items = this.itemsOf(start, end);
    if (!items) return null;
    const rows: ArgumentValue[][] = [];
    for (const item of items) {
      const colon = this.topLevelColon(item.start, item.end);
      if (colon < 0) return null;
      rows.push([this.valueAt(item.start, colon, fn), this.valueAt(colon + 1, item.end, fn)]);
    }
    return rows;
  }

  /** The value range of a constant bound to a literal list, tuple or dict. */
  private constantRange(name: string, fn: FunctionFact | null, offset: number): { start: number; end: number } | null {
    const assignment = this.py.lastAssignment(name, fn, offset) ?? this.py.lastAssignment(name, null, offset);
    if (!assignment || !['list', 'tuple', 'dictionary', 'set'].includes(assignment.valueType)) return null;
    return { start: assignment.valueStart, end: assignment.valueEnd };
  }

  private constant(name: string, fn: FunctionFact | null, offset: number, depth: number): ArgumentValue {
    const assignment = this.py.lastAssignment(name, fn, offset) ?? this.py.lastAssignment(name, null, offset);
    if (!assignment || !['string', 'integer', 'float', 'concatenated_string', 'true', 'false', 'identifier'].includes(assignment.valueType)) return null;
    return this.valueAt(assignment.valueStart, assignment.valueEnd, assignment.fn, NO_BINDINGS, depth + 1);
  }

  private trimmed(start: number, end: number): { start: number; end: number } | null {
    const source = this.text.slice(start, end);
    const lead = source.length - source.trimStart().length;
    const trail = source.length - source.trimEnd().length;
    return end - trail > start + lead ? { start: start + lead, end: end - trail } : null;
  }

  /** Top-level items of the bracketed literal spanning [start, end) (`[...]`, `(...)`, `{...}`); null when it is not one. */
  private itemsOf(start: number, end: number): Array<{ start: number; end: number }> | null {
    const range = this.trimmed(start, end);
    if (!range) return null;
    const open = this.text[range.start];
    const close = this.text[range.end - 1];
    if (!((open === '[' && close === ']') || (open === '(' && close === ')') || (open === '{' && close === '}'))) return null;
    const items: Array<{ start: number; end: number }> = [];
    let itemStart = range.start + 1;
    const finish = (itemEnd: number) => {
      const item = this.trimmed(itemStart, itemEnd);
      if (item) items.push(item);
    };
    let full = false;
    scanTopLevel(this.text, this.py.stringsIn(range.start, range.end), range.start + 1, range.end - 1, (separator, at) => {
      if (separator !== ',') return false;
      finish(at);
      itemStart = at + 1;
      return (full = items.length > MAX_LOOP_ROWS);
    });
    if (!full) finish(range.end - 1);
    return items;
  }

  private topLevelColon(start: number, end: number): number {
    let colon = -1;
    scanTopLevel(this.text, this.py.stringsIn(start, end), start, end, (separator, at) => separator === ':' && ((colon = at), true));
    return colon;
  }
}

/**
 * The bindings of each iteration of the innermost loop around `call` when it iterates literal
 * values (one binding per value), else one empty binding. `outside` excludes loops that build
 * something else (a loop around a `DAG(...)` builds DAGs, not tasks).
 */
export function iterationsAround(py: PythonFacts, reader: LiteralReader, call: CallFact, outside: (loop: LoopFact) => boolean = () => false): { bindings: Bindings[]; loop: LoopFact | null } {
  let innermost: LoopFact | null = null;
  for (const loop of py.loops) {
    if (loop.bodyStart > call.start || call.end > loop.bodyEnd || outside(loop)) continue;
    if (!innermost || loop.start >= innermost.start) innermost = loop;
  }
  const rows = innermost ? reader.loopRows(innermost) : null;
  if (!rows) return { bindings: [NO_BINDINGS], loop: null };
  return { bindings: rows.rows.map((row) => new Map(rows.names.map((n, i) => [n, row[i]]))), loop: rows.loop };
}

/**
 * An f-string's value with each field (a NUL in `str.value`) replaced by `fieldValue`'s answer for
 * it (undefined past the last known field); null as soon as an answer is null.
 */
function withFields(str: StringFact, fieldValue: (field: StringFact['interpolations'][number] | undefined) => string | null): string | null {
  let out = '';
  let index = 0;
  for (const ch of str.value) {
    if (ch !== '\u0000') {
      out += ch;
      continue;
    }
    const value = fieldValue(str.interpolations[index++]);
    if (value === null) return null;
    out += value;
  }
  return out;
}
