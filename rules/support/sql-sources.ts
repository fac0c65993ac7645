// Where the SQL text of a call comes from: the calls that take SQL (DB-API cursors, SQLAlchemy
// text()/execute, pandas read_sql*, spark.sql, BigQuery client.query, Airflow hooks…), and the
// SQL *template* of an argument: the string pieces and the values spliced into them by f-strings,
// `%`, `.format()` and `+`, followed through local variables (`q = …; q2 = q + …`, two hops).
// Each spliced value is classified as constant (UPPER_CASE names, names only ever bound to
// literals, loops over literal lists, int()/len() results, placeholder lists) or not.
// Shared by PW102 (SQL built from strings) and PW104 (full-table extract); which calls take SQL
// is the library model's (engine/knowledge sqlCallOf).

import type { ArgFact, AssignmentFact, CallFact, ChunkFacts, FunctionFact, LoopFact, StringFact, ValueShape } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { methodOf, receiverOf } from '../../server/src/engine/knowledge';

export type PieceOrigin = 'plain' | 'fstring' | 'format' | 'percent';

/** One expression that builds SQL text (a literal, f-string, `%`, `.format()` or `+`). */
export interface Site {
  start: number;
  end: number;
  kind: 'literal' | 'fstring' | 'percent-format' | 'format-call' | 'concat';
  /** The assignment whose value this is (`query = f"…"`), null for an argument written in place. */
  assignment: AssignmentFact | null;
  /** The template text lives in another statement (`TEMPLATE.format(…)`, `TEMPLATE % x`). */
  foreignTemplate: boolean;
}

export interface TextPiece {
  type: 'text';
  /** Decoded for analysis (escapes resolved, `{{`/`%%` collapsed). */
  text: string;
  /** Source text of the piece inside its string literal. */
  raw: string;
  rawStart: number;
  rawEnd: number;
  origin: PieceOrigin;
  str: StringFact;
  site: Site;
}

export type SlotSafety = 'constant' | 'safe-expression' | 'placeholders' | 'name' | 'expression';

export interface SlotPiece {
  type: 'slot';
  /** Source text of the spliced expression (`user_id`, `str(x)`, `cfg["table"]`). */
  expr: string;
  /** Source range of the whole field: `{uid!r}` in an f-string, `%s` or `{}` in a template, the operand of `+`. */
  rawStart: number;
  rawEnd: number;
  safety: SlotSafety;
  /** Known text of a constant (`table = "orders"` → `orders`), used for analysis. */
  inline?: string;
  site: Site;
  /** The field is an f-string interpolation (`{…}` in the source), which a rewrite can keep as is. */
  fstringField: boolean;
}

export type Piece = TextPiece | SlotPiece;

export interface SqlTemplate {
  pieces: Piece[];
  /** Analysis text: text pieces, inlined constants, U+0000 for every other spliced value. */
  text: string;
  /** Offsets in `text` of the U+0000 of each non-inlined slot. */
  offsets: Map<SlotPiece, number>;
  root: Site;
  /**
   * The variable holding the text is extended with `+=` before it is used (`query += " WHERE …"`,
   * often under an `if`): the template is only the start of the SQL that runs.
   */
  extended?: boolean;
}

const NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
const SIMPLE_NAME = /^[A-Za-z_]\w*$/;
const UPPER_NAME = /^_*[A-Z][A-Z0-9_]*$/;
const SAFE_CALL = /^(int|float|len|bool|round|abs|math\.\w+)\s*\(/;
const MAX_HOPS = 2;
const BARE_NAME = /^[A-Za-z_]\w*$/;

// ---------------------------------------------------------------------------------------------
// Source scanning

/** Ranges of string literals in [start, end), outermost only (strings nested in f-string fields are skipped). */
function topStrings(py: PythonFacts, start: number, end: number): StringFact[] {
  const out: StringFact[] = [];
  let covered = -1;
  for (const s of py.stringsIn(start, end)) {
    if (s.end > end) break;
    if (s.start < covered) continue;
    out.push(s);
    covered = s.end;
  }
  return out;
}

/**
 * Splits `text.slice(start, end)` at top-level occurrences of `separator` (`+` or `,`), skipping
 * string literals (known from the facts) and brackets. Ranges are trimmed of whitespace.
 */
function splitTopLevel(text: string, start: number, end: number, separator: string, strings: StringFact[]): Array<{ start: number; end: number }> {
  const parts: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let partStart = start;
  let si = 0;
  for (let i = start; i < end; i++) {
    while (si < strings.length && strings[si].end <= i) si++;
    if (si < strings.length && strings[si].start <= i && i < strings[si].end) {
      i = strings[si].end - 1;
      continue;
    }
    const ch = text[i];
    if (ch === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= end ? end : nl;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (depth === 0 && ch === separator) {
      parts.push(trimRange(text, partStart, i));
      partStart = i + 1;
    }
  }
  parts.push(trimRange(text, partStart, end));
  return parts;
}

function trimRange(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /[\s\\]/.test(text[start])) start++;
  while (end > start && /[\s\\]/.test(text[end - 1])) end--;
  return { start, end };
}

/** `( … )` around the whole range: the inner range, else null. */
function unparenthesize(text: string, start: number, end: number, strings: StringFact[]): { start: number; end: number } | null {
  if (text[start] !== '(' || text[end - 1] !== ')') return null;
  // The first '(' closes at the last ')' only if the text between them is balanced.
  let depth = 0;
  let si = 0;
  for (let i = start + 1; i < end - 1; i++) {
    while (si < strings.length && strings[si].end <= i) si++;
    if (si < strings.length && strings[si].start <= i && i < strings[si].end) {
      i = strings[si].end - 1;
      continue;
    }
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth < 0) return null;
  }
  return trimRange(text, start + 1, end - 1);
}

function decodeForAnalysis(raw: string, isRaw: boolean, origin: PieceOrigin): string {
  let out = isRaw ? raw : raw.replace(/\\(\r?\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_m, esc: string) => {
    if (esc === 'n' || esc === 't' || esc === 'r') return ' ';
    if (esc.startsWith('\n') || esc.startsWith('\r')) return '';
    if (esc.length > 1 && (esc[0] === 'x' || esc[0] === 'u')) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return esc;
  });
  if (origin === 'fstring' || origin === 'format') out = out.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  if (origin === 'percent') out = out.replace(/%%/g, '%');
  return out;
}

/** The expression of an f-string field `{expr!r:>10}` → its range. */
function fieldExpression(text: string, start: number, end: number): { start: number; end: number } {
  const open = start + 1;
  const close = text[end - 1] === '}' ? end - 1 : end;
  let depth = 0;
  let quote = '';
  for (let i = open; i < close; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (depth === 0 && ch === '!' && text[i + 1] !== '=') return trimRange(text, open, i);
    else if (depth === 0 && ch === ':') return trimRange(text, open, i);
    else if (depth === 0 && ch === '=' && !/[=!<>]/.test(text[i - 1]) && text[i + 1] !== '=' && /^\s*([!:]|$)/.test(text.slice(i + 1, close))) return trimRange(text, open, i);
  }
  return trimRange(text, open, close);
}

// ---------------------------------------------------------------------------------------------
// Templates

interface Builder {
  py: PythonFacts;
  text: string;
  fn: FunctionFact | null;
  /** Assignments grouped by target, built once per analysis. */
  byTarget: AssignmentIndex;
  /** Airflow `python_callable=` references and direct calls by name, built once per analysis. */
  callables: CallableIndex;
}

const STATEMENT_TARGETS = new WeakMap<ChunkFacts, Map<string, AssignmentFact[]>>();

/** Assignments by target that a function can see: its own statement's, and the module-level ones. */
class AssignmentIndex {
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
function loopsOf(py: PythonFacts, fn: FunctionFact | null): readonly LoopFact[] {
  return (fn ? py.statementAt(fn.start)?.loops : undefined) ?? py.loops;
}

/**
 * Functions handed to Airflow operators (`PythonOperator(python_callable=export, op_kwargs={…})`)
 * and the names called directly, built on first use.
 */
class CallableIndex {
  private operators: Map<string, CallFact[]> | undefined;
  private called: Set<string> | undefined;

  constructor(private readonly py: PythonFacts, private readonly text: string) {}

  private build(): void {
    this.operators = new Map();
    this.called = new Set();
    for (const call of this.py.calls) {
      if (BARE_NAME.test(call.callee)) this.called.add(call.callee);
      const callable = call.args.find((a) => a.kind === 'keyword' && a.name === 'python_callable');
      if (!callable) continue;
      const name = this.text.slice(callable.start, callable.end);
      const list = this.operators.get(name);
      if (list) list.push(call);
      else this.operators.set(name, [call]);
    }
  }

  /** The operator calls that run `name` as their python_callable (none when the module also calls it directly). */
  operatorsRunning(name: string): CallFact[] {
    if (!this.operators) this.build();
    return this.called!.has(name) ? [] : this.operators!.get(name) ?? [];
  }
}

/** Per document version: one index serves every analysis of a keystroke. */
const CALLABLES = new WeakMap<PythonFacts, CallableIndex>();

/**
 * What SQL templates elsewhere read of a statement (see Rule.incremental): the operators here
 * that run a task callable (their text, and the loops of their function that may bind constants)
 * and the names it calls directly.
 */
export function exportedTaskCallables(statement: ChunkFacts, context: { doc: { text: string } }): string {
  const { text } = context.doc;
  const parts: string[] = [];
  for (const call of statement.calls) {
    if (BARE_NAME.test(call.callee)) parts.push(call.callee);
    if (!call.args.some((a) => a.kind === 'keyword' && a.name === 'python_callable')) continue;
    parts.push(`op ${text.slice(call.start, call.end)}`);
    for (const loop of statement.loops) if (loop.fn === call.fn) parts.push(`for ${text.slice(loop.start, loop.bodyStart)}`);
  }
  return parts.join(';');
}

export class SqlSources {
  private readonly byTarget: AssignmentIndex;
  private readonly callables: CallableIndex;
  private readonly cache = new Map<string, SqlTemplate | null>();

  constructor(readonly py: PythonFacts, readonly text: string) {
    this.byTarget = new AssignmentIndex(py);
    let callables = CALLABLES.get(py);
    if (!callables) CALLABLES.set(py, (callables = new CallableIndex(py, text)));
    this.callables = callables;
  }

  /**
   * The SQL template of an argument: built in place, or held by a variable assigned (in the same
   * function, or at module level) from a literal or a string build. Null when unknown.
   */
  templateOfArg(arg: ArgFact, fn: FunctionFact | null): SqlTemplate | null {
    const b: Builder = { py: this.py, text: this.text, fn, byTarget: this.byTarget, callables: this.callables };
    if (arg.shape.kind === 'name' && SIMPLE_NAME.test(this.text.slice(arg.start, arg.end))) {
      const name = this.text.slice(arg.start, arg.end);
      const assignment = textAssignment(this.py, this.text, name, fn, arg.start);
      if (!assignment) return null;
      const template = this.templateOfAssignment(assignment, b);
      if (template && extendedBetween(this.text, name, assignment.valueEnd, arg.start)) return { ...template, extended: true };
      return template;
    }
    return this.cached(`a${arg.start}:${arg.end}`, () => buildTemplate(b, arg.shape, null, 0));
  }

  templateOfAssignment(assignment: AssignmentFact, b?: Builder): SqlTemplate | null {
    const builder = b ?? { py: this.py, text: this.text, fn: assignment.fn, byTarget: this.byTarget, callables: this.callables };
    return this.cached(`s${assignment.valueStart}:${assignment.valueEnd}`, () => buildTemplate({ ...builder, fn: assignment.fn }, assignment.shape, assignment, 1));
  }

  private cached(key: string, build: () => SqlTemplate | null): SqlTemplate | null {
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key) ?? null;
  }

  /** Non-inlined slots of a template whose value is not constant. */
  static variableSlots(template: SqlTemplate): SlotPiece[] {
    return [...template.offsets.keys()].filter((s) => s.safety === 'name' || s.safety === 'expression');
  }
}

const TEXT_TRANSFORM = /^\s*\.\s*(replace|strip|lstrip|rstrip|upper|lower|expandtabs)\s*\(/;

/** `name = name.replace(…)` / `name = name.strip()`: a string method applied to the name's own value. */
function isSelfTransform(text: string, name: string, assignment: AssignmentFact): boolean {
  if (assignment.shape.kind !== 'call') return false;
  const value = text.slice(assignment.valueStart, assignment.valueEnd);
  return value.startsWith(name) && TEXT_TRANSFORM.test(value.slice(name.length));
}

/**
 * The assignment that builds the text `name` holds at `offset`: its last assignment, or the one
 * before a clean-up of the same variable (`sql = sql.replace("'None'", "NULL")`, `q = q.strip()`).
 */
export function textAssignment(py: PythonFacts, text: string, name: string, fn: FunctionFact | null, offset: number): AssignmentFact | null {
  let assignment = py.lastAssignment(name, fn, offset);
  for (let hop = 0; assignment && hop < MAX_HOPS && isSelfTransform(text, name, assignment); hop++) assignment = py.lastAssignment(name, fn, assignment.targetStart);
  return assignment ?? null;
}

/** Whether `name += …` appears in [from, to): scanned with indexOf, not a per-name regular expression. */
function extendedBetween(text: string, name: string, from: number, to: number): boolean {
  for (let i = text.indexOf('+=', from); i >= 0 && i < to; i = text.indexOf('+=', i + 2)) {
    let j = i;
    while (j > from && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
    const at = j - name.length;
    if (at >= from && text.slice(at, j) === name && !/[\w.]/.test(text[at - 1] ?? '')) return true;
  }
  return false;
}

function buildTemplate(b: Builder, shape: ValueShape, assignment: AssignmentFact | null, hops: number): SqlTemplate | null {
  const pieces = piecesOf(b, shape.start, shape.end, shape.kind, assignment, hops);
  if (!pieces) return null;
  const root = pieces.site;
  let text = '';
  const offsets = new Map<SlotPiece, number>();
  for (const piece of pieces.pieces) {
    if (piece.type === 'text') text += piece.text;
    else if (piece.inline !== undefined) text += piece.inline;
    else {
      offsets.set(piece, text.length);
      text += piece.safety === 'constant' || piece.safety === 'safe-expression' || piece.safety === 'placeholders' ? constantStandIn(piece) : '\u0000';
    }
  }
  return { pieces: pieces.pieces, text, offsets, root };
}

function constantStandIn(slot: SlotPiece): string {
  return slot.safety === 'placeholders' ? '%s' : slot.safety === 'safe-expression' ? '0' : 'pw_constant';
}

function piecesOf(b: Builder, start: number, end: number, kind: ValueShape['kind'], assignment: AssignmentFact | null, hops: number): { pieces: Piece[]; site: Site } | null {
  const { text, py } = b;
  switch (kind) {
    case 'literal':
    case 'fstring': {
      const site: Site = { start, end, kind: kind === 'literal' ? 'literal' : 'fstring', assignment, foreignTemplate: false };
      const strings = topStrings(py, start, end);
      if (strings.length === 0) return null;
      const pieces: Piece[] = [];
      for (const s of strings) if (!appendStringPieces(b, s, site, pieces, hops)) return null;
      return { pieces, site };
    }
    case 'concat': {
      const site: Site = { start, end, kind: 'concat', assignment, foreignTemplate: false };
      const pieces: Piece[] = [];
      if (!appendConcat(b, start, end, site, pieces, hops)) return null;
      return { pieces, site };
    }
    case 'percent-format':
      return percentPieces(b, start, end, assignment, hops);
    case 'format-call':
      return formatPieces(b, start, end, assignment, hops);
    case 'call': {
      // `TEMPLATE.format(…)` with TEMPLATE bound to a literal.
      const call = py.callsIn(start, end).find((c) => c.start === start && c.end === end);
      if (!call || methodOf(call.callee) !== 'format') return null;
      const template = literalOfName(b, receiverOf(call.callee), start);
      if (!template) return null;
      return formatPiecesFrom(b, template, call, { start, end, kind: 'format-call', assignment, foreignTemplate: true }, hops);
    }
    case 'other': {
      // `TEMPLATE % args` with TEMPLATE bound to a literal.
      const match = /^([A-Za-z_]\w*)\s*%\s*/.exec(text.slice(start, end));
      if (!match) return concatOfNames(b, start, end, assignment, hops);
      const template = literalOfName(b, match[1], start);
      if (!template) return null;
      return percentPiecesFrom(b, template, start + match[0].length, end, { start, end, kind: 'percent-format', assignment, foreignTemplate: true }, hops);
    }
    default:
      return null;
  }
}


/**
 * `base_sql + rows_sql` with no literal operand: a concatenation when some operand is a name
 * bound to SQL text (`base_sql = "INSERT INTO t VALUES "`), arithmetic otherwise.
 */
function concatOfNames(b: Builder, start: number, end: number, assignment: AssignmentFact | null, hops: number): { pieces: Piece[]; site: Site } | null {
  if (splitTopLevel(b.text, start, end, '+', b.py.stringsIn(start, end)).length < 2) return null;
  const site: Site = { start, end, kind: 'concat', assignment, foreignTemplate: false };
  const pieces: Piece[] = [];
  if (!appendConcat(b, start, end, site, pieces, hops)) return null;
  return pieces.some((p) => p.type === 'text') ? { pieces, site } : null;
}

/** A single plain string literal a name is bound to (in the function, else at module level). */
function literalOfName(b: Builder, name: string, offset: number): StringFact | null {
  if (!SIMPLE_NAME.test(name)) return null;
  const a = b.py.lastAssignment(name, b.fn, offset);
  if (!a || a.shape.kind !== 'literal') return null;
  const strings = topStrings(b.py, a.valueStart, a.valueEnd);
  return strings.length === 1 && !strings[0].isFString && !strings[0].isBytes ? strings[0] : null;
}

function appendStringPieces(b: Builder, s: StringFact, site: Site, pieces: Piece[], hops: number): boolean {
  if (s.isBytes) return false;
  const { text } = b;
  if (!s.isFString) {
    const raw = text.slice(s.contentStart, s.contentEnd);
    pieces.push({ type: 'text', text: decodeForAnalysis(raw, s.isRaw, 'plain'), raw, rawStart: s.contentStart, rawEnd: s.contentEnd, origin: 'plain', str: s, site });
    return true;
  }
  let cursor = s.contentStart;
  const pushText = (to: number) => {
    if (to <= cursor) return;
    const raw = text.slice(cursor, to);
    pieces.push({ type: 'text', text: decodeForAnalysis(raw, s.isRaw, 'fstring'), raw, rawStart: cursor, rawEnd: to, origin: 'fstring', str: s, site });
  };
  for (const field of s.interpolations) {
    pushText(field.start);
    const expr = fieldExpression(text, field.start, field.end);
    pieces.push(...(expandName(b, expr.start, expr.end, hops, false) ?? [slotFor(b, expr.start, expr.end, field.start, field.end, site, true)]));
    cursor = field.end;
  }
  pushText(s.contentEnd);
  return true;
}

function appendConcat(b: Builder, start: number, end: number, site: Site, pieces: Piece[], hops: number): boolean {
  const { text, py } = b;
  const strings = py.stringsIn(start, end);
  for (const operand of splitTopLevel(text, start, end, '+', strings)) {
    if (operand.end <= operand.start) return false;
    const inner = unparenthesize(text, operand.start, operand.end, strings);
    if (inner && splitTopLevel(text, inner.start, inner.end, '+', strings).length > 1) {
      if (!appendConcat(b, inner.start, inner.end, site, pieces, hops)) return false;
      continue;
    }
    const operandStrings = topStrings(py, operand.start, operand.end);
    if (operandStrings.length > 0 && operandStrings[0].start === operand.start && operandStrings[operandStrings.length - 1].end === operand.end && onlyWhitespaceBetween(text, operandStrings)) {
      for (const s of operandStrings) if (!appendStringPieces(b, s, site, pieces, hops)) return false;
      continue;
    }
    const expandable = expandName(b, operand.start, operand.end, hops);
    if (expandable) {
      pieces.push(...expandable);
      continue;
    }
    pieces.push(slotFor(b, operand.start, operand.end, operand.start, operand.end, site, false));
  }
  return true;
}

function onlyWhitespaceBetween(text: string, strings: StringFact[]): boolean {
  for (let i = 1; i < strings.length; i++) if (!/^[\s\\()]*$/.test(text.slice(strings[i - 1].end, strings[i].start))) return false;
  return true;
}

/** A name operand bound in the function (or module) to a string build: its pieces, one hop further. */
function expandName(b: Builder, start: number, end: number, hops: number, literals = true): Piece[] | null {
  if (hops >= MAX_HOPS) return null;
  const name = b.text.slice(start, end);
  if (!SIMPLE_NAME.test(name)) return null;
  const a = b.py.lastAssignment(name, b.fn, start);
  if (!a || !['literal', 'fstring', 'concat', 'percent-format', 'format-call'].includes(a.shape.kind)) return null;
  if (a.shape.kind === 'literal' && (!literals || !allLiteral(b, name, a.fn))) return null;
  const sub = piecesOf({ ...b, fn: a.fn }, a.shape.start, a.shape.end, a.shape.kind, a, hops + 1);
  return sub?.pieces ?? null;
}

const PERCENT_SPEC = /%(?:\(([A-Za-z_]\w*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

function percentPieces(b: Builder, start: number, end: number, assignment: AssignmentFact | null, hops: number): { pieces: Piece[]; site: Site } | null {
  if (topStrings(b.py, start, end).length === 0) return null;
  const inner = unparenthesize(b.text, start, end, b.py.stringsIn(start, end));
  const from = inner ?? { start, end };
  const left = topStrings(b.py, from.start, from.end).filter((s, i, all) => i === 0 || /^[\s\\()]*$/.test(b.text.slice(all[i - 1].end, s.start)));
  const lastLeft = left[left.length - 1];
  const op = /^[\s)\\]*%\s*/.exec(b.text.slice(lastLeft.end, from.end));
  if (!op || left.length !== 1) return null;
  return percentPiecesFrom(b, left[0], lastLeft.end + op[0].length, from.end, { start, end, kind: 'percent-format', assignment, foreignTemplate: false }, hops);
}

function percentPiecesFrom(b: Builder, template: StringFact, argsStart: number, argsEnd: number, site: Site, hops: number): { pieces: Piece[]; site: Site } | null {
  if (template.isFString || template.isBytes) return null;
  const { text, py } = b;
  const raw = text.slice(template.contentStart, template.contentEnd);
  const strings = py.stringsIn(argsStart, argsEnd);
  const argsRange = trimRange(text, argsStart, argsEnd);
  const tuple = unparenthesize(text, argsRange.start, argsRange.end, strings);
  let positional: Array<{ start: number; end: number }>;
  const named = new Map<string, { start: number; end: number }>();
  if (text[argsRange.start] === '{' && text[argsRange.end - 1] === '}') {
    positional = [];
    for (const pair of splitTopLevel(text, argsRange.start + 1, argsRange.end - 1, ',', strings)) {
      const key = py.stringsIn(pair.start, pair.end)[0];
      const colon = key ? text.indexOf(':', key.end) : -1;
      if (key && colon > 0 && colon < pair.end) named.set(key.value, trimRange(text, colon + 1, pair.end));
    }
  } else if (tuple) {
    positional = splitTopLevel(text, tuple.start, tuple.end, ',', strings).filter((r) => r.end > r.start);
  } else {
    positional = [argsRange];
  }
  const pieces: Piece[] = [];
  let cursor = 0;
  let index = 0;
  const pushText = (to: number) => {
    if (to <= cursor) return;
    const piece = raw.slice(cursor, to);
    pieces.push({ type: 'text', text: decodeForAnalysis(piece, template.isRaw, 'percent'), raw: piece, rawStart: template.contentStart + cursor, rawEnd: template.contentStart + to, origin: 'percent', str: template, site });
  };
  PERCENT_SPEC.lastIndex = 0;
  for (let m = PERCENT_SPEC.exec(raw); m; m = PERCENT_SPEC.exec(raw)) {
    if (m[2] === '%') continue;
    pushText(m.index);
    const specStart = template.contentStart + m.index;
    const specEnd = specStart + m[0].length;
    const arg = m[1] !== undefined ? named.get(m[1]) : positional.length === 1 && !tuple ? positional[0] : positional[index];
    index++;
    if (arg) {
      pieces.push(...(expandName(b, arg.start, arg.end, hops, false) ?? [slotFor(b, arg.start, arg.end, specStart, specEnd, site, false)]));
    } else {
      pieces.push({ type: 'slot', expr: text.slice(argsRange.start, argsRange.end), rawStart: specStart, rawEnd: specEnd, safety: 'expression', site, fstringField: false });
    }
    cursor = m.index + m[0].length;
  }
  pushText(raw.length);
  return { pieces, site };
}

function formatPieces(b: Builder, start: number, end: number, assignment: AssignmentFact | null, hops: number): { pieces: Piece[]; site: Site } | null {
  const call = b.py.callsIn(start, end).find((c) => c.start === start && c.end === end && c.callee === '');
  const template = topStrings(b.py, start, call ? call.calleeEnd : end)[0];
  if (!call || !template || template.isFString) return null;
  return formatPiecesFrom(b, template, call, { start, end, kind: 'format-call', assignment, foreignTemplate: false }, hops);
}

function formatPiecesFrom(b: Builder, template: StringFact, call: CallFact, site: Site, hops: number): { pieces: Piece[]; site: Site } | null {
  if (template.isBytes) return null;
  const { text } = b;
  const raw = text.slice(template.contentStart, template.contentEnd);
  const positional = call.args.filter((a) => a.kind === 'positional');
  const keywords = new Map(call.args.filter((a) => a.kind === 'keyword' && a.name).map((a) => [a.name as string, a]));
  const splat = call.args.some((a) => a.kind === 'list-splat' || a.kind === 'dict-splat');
  const pieces: Piece[] = [];
  let cursor = 0;
  let auto = 0;
  const pushText = (to: number) => {
    if (to <= cursor) return;
    const piece = raw.slice(cursor, to);
    pieces.push({ type: 'text', text: decodeForAnalysis(piece, template.isRaw, 'format'), raw: piece, rawStart: template.contentStart + cursor, rawEnd: template.contentStart + to, origin: 'format', str: template, site });
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if ((ch === '{' || ch === '}') && raw[i + 1] === ch) {
      i++;
      continue;
    }
    if (ch !== '{') continue;
    let depth = 0;
    let close = -1;
    for (let j = i; j < raw.length; j++) {
      if (raw[j] === '{') depth++;
      else if (raw[j] === '}' && --depth === 0) {
        close = j;
        break;
      }
    }
    if (close < 0) return null;
    pushText(i);
    const field = raw.slice(i + 1, close);
    const fieldName = /^[^!:]*/.exec(field)?.[0] ?? '';
    const base = /^[^.[]*/.exec(fieldName)?.[0] ?? '';
    const access = fieldName.slice(base.length);
    const arg = base === '' ? positional[auto++] : /^\d+$/.test(base) ? positional[Number(base)] : keywords.get(base);
    const fieldStart = template.contentStart + i;
    const fieldEnd = template.contentStart + close + 1;
    if (!arg || splat) {
      pieces.push({ type: 'slot', expr: fieldName || '?', rawStart: fieldStart, rawEnd: fieldEnd, safety: 'expression', site, fstringField: false });
    } else if (access) {
      const expr = text.slice(arg.start, arg.end) + access;
      pieces.push({ type: 'slot', expr, rawStart: fieldStart, rawEnd: fieldEnd, safety: NAME.test(expr) ? nameSafety(b, expr, arg.start) : 'expression', site, fstringField: false });
    } else {
      pieces.push(...(expandName(b, arg.start, arg.end, hops, false) ?? [slotFor(b, arg.start, arg.end, fieldStart, fieldEnd, site, false)]));
    }
    cursor = close + 1;
    i = close;
  }
  pushText(raw.length);
  return { pieces, site };
}

// ---------------------------------------------------------------------------------------------
// Spliced values

function slotFor(b: Builder, exprStart: number, exprEnd: number, rawStart: number, rawEnd: number, site: Site, fstringField: boolean): SlotPiece {
  const expr = b.text.slice(exprStart, exprEnd);
  const slot: SlotPiece = { type: 'slot', expr, rawStart, rawEnd, safety: 'expression', site, fstringField };
  const strings = b.py.stringsIn(exprStart, exprEnd);
  if (strings.length === 1 && strings[0].start === exprStart && strings[0].end === exprEnd && !strings[0].isFString) {
    slot.safety = 'constant';
    slot.inline = strings[0].value;
  } else if (/^-?\d[\d_.]*$/.test(expr)) {
    slot.safety = 'constant';
    slot.inline = expr;
  } else if (NAME.test(expr)) {
    slot.safety = nameSafety(b, expr, exprStart);
    if (slot.safety === 'constant') {
      const literal = SIMPLE_NAME.test(expr) ? literalOfName(b, expr, exprStart) : null;
      if (literal && allLiteral(b, expr, b.py.lastAssignment(expr, b.fn, exprStart)?.fn ?? null)) slot.inline = literal.value;
    } else if (slot.safety === 'name' && isPlaceholderList(b, expr, exprStart)) {
      slot.safety = 'placeholders';
    }
  } else if (SAFE_CALL.test(expr)) {
    slot.safety = 'safe-expression';
  } else if (isPlaceholderBuilder(b, exprStart, exprEnd)) {
    slot.safety = 'placeholders';
  }
  return slot;
}

/** Whether a (dotted) name holds a constant at `offset`. */
function nameSafety(b: Builder, name: string, offset: number): SlotSafety {
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (UPPER_NAME.test(last)) return 'constant';
  if (!SIMPLE_NAME.test(name)) return 'name';
  if (b.fn?.params.includes(name)) return paramOfConstants(b, b.fn, name) ? 'constant' : 'name';
  const a = b.py.lastAssignment(name, b.fn, offset);
  if (a && allLiteral(b, name, a.fn)) return 'constant';
  if (!a && (loopOverConstants(b, name) || comprehensionOverConstants(b, name, offset))) return 'constant';
  return 'name';
}

/** End of a comprehension's iterable: the closing bracket, or a following `if`/`for` clause. */
const COMPREHENSION_ITERABLE = /^([^\n:]*?)(?<!\s)\s*(?:[\])}]|\bif\b|\bfor\b)/;

/**
 * `[pd.read_sql(f"SELECT * FROM {t}", conn) for t in TABLES]`: a comprehension variable over a
 * literal list of names is a constant. Looks only a few hundred characters past the use.
 */
function comprehensionOverConstants(b: Builder, name: string, offset: number): boolean {
  const window = b.text.slice(offset, offset + 400);
  const marker = window.indexOf(` for ${name} in `);
  if (marker < 0) return false;
  const from = marker + name.length + 9;
  const rest = window.slice(from);
  if (/^[[(]/.test(rest)) {
    const close = closingBracket(rest);
    return close > 0 && literalStringList(b, offset + from, offset + from + close + 1);
  }
  const match = COMPREHENSION_ITERABLE.exec(rest);
  return !!match && isConstantCollection(b, match[1].trim(), offset + from);
}

/** Index of the bracket closing the one `text` starts with (quotes skipped), or -1. */
function closingBracket(text: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && --depth === 0) return i;
  }
  return -1;
}

/** A literal list/tuple of plain strings, an UPPER_CASE name, or a name only ever bound to such a list. */
function isConstantCollection(b: Builder, iterable: string, offset: number): boolean {
  if (UPPER_NAME.test(iterable) || /^[A-Za-z_]\w*\.[A-Z][A-Z0-9_]*$/.test(iterable)) return true;
  if (/^[[(]/.test(iterable)) {
    const start = b.text.indexOf(iterable, offset);
    return start >= 0 && literalStringList(b, start, start + iterable.length);
  }
  if (!SIMPLE_NAME.test(iterable)) return false;
  const bound = b.py.lastAssignment(iterable, b.fn, offset);
  if (!bound) return false;
  const list = b.byTarget.get(iterable, bound.fn);
  return !!list && list.every((a) => a.fn !== bound.fn || literalStringList(b, a.valueStart, a.valueEnd));
}

/** `["orders", "customers"]` / `("a", "b")`: brackets, commas and plain string literals only. */
function literalStringList(b: Builder, start: number, end: number): boolean {
  const text = b.text.slice(start, end);
  if (!/^[[(]/.test(text)) return false;
  const strings = b.py.stringsIn(start, end);
  if (strings.length === 0 || strings.some((s) => s.isFString)) return false;
  let rest = '';
  let at = start;
  for (const s of strings) {
    rest += b.text.slice(at, s.start);
    at = s.end;
  }
  rest += b.text.slice(at, end);
  return /^[\s[\](),]*$/.test(rest);
}

const LITERAL_TYPES = new Set(['integer', 'float', 'true', 'false', 'none']);

/** Every assignment of `name` in the scope binds a literal (string without fields, number, bool). */
function allLiteral(b: Builder, name: string, scope: FunctionFact | null): boolean {
  const list = b.byTarget.get(name, scope);
  if (!list) return false;
  let any = false;
  for (const a of list) {
    if (a.fn !== scope || (scope === null && a.className !== null)) continue;
    if (a.shape.kind !== 'literal' && !LITERAL_TYPES.has(a.valueType)) return false;
    any = true;
  }
  if (scope && loopsOf(b.py, scope).some((l) => l.fn === scope && l.target === name)) return false;
  return any;
}

/**
 * A parameter of an Airflow task callable that every operator running it fills from a constant:
 * `for table in TABLES: PythonOperator(python_callable=export, op_kwargs={"table_name": table})`.
 */
function paramOfConstants(b: Builder, fn: FunctionFact, name: string): boolean {
  if (fn.parent !== null || fn.className !== null) return false;
  const operators = b.callables.operatorsRunning(fn.name);
  if (operators.length === 0) return false;
  return operators.every((call) => {
    const kwargs = call.args.find((a) => a.kind === 'keyword' && a.name === 'op_kwargs');
    const value = kwargs ? dictEntry(b, kwargs.start, kwargs.end, name) : null;
    return value !== null && isConstantAt(b, value.start, value.end, call.fn);
  });
}

/** The value range of `"key": value` in a dict literal written at [start, end). */
function dictEntry(b: Builder, start: number, end: number, key: string): { start: number; end: number } | null {
  const { text, py } = b;
  if (text[start] !== '{' || text[end - 1] !== '}') return null;
  const strings = py.stringsIn(start, end);
  for (const pair of splitTopLevel(text, start + 1, end - 1, ',', strings)) {
    const k = strings.find((s) => s.start === pair.start);
    if (!k || k.value !== key || k.isFString) continue;
    const colon = /^\s*:\s*/.exec(text.slice(k.end, pair.end));
    return colon ? trimRange(text, k.end + colon[0].length, pair.end) : null;
  }
  return null;
}

/** A string literal, an UPPER_CASE name, or a loop variable over constants in the scope `fn`. */
function isConstantAt(b: Builder, start: number, end: number, fn: FunctionFact | null): boolean {
  const expr = b.text.slice(start, end);
  const strings = b.py.stringsIn(start, end);
  if (strings.length === 1 && strings[0].start === start && strings[0].end === end && !strings[0].isFString) return true;
  if (UPPER_NAME.test(expr)) return true;
  return SIMPLE_NAME.test(expr) && loopOverConstants({ ...b, fn }, expr);
}

/** `for table in ["orders", "customers"]:` or `for table in TABLES:` binds `table` to constants. */
function loopOverConstants(b: Builder, name: string): boolean {
  for (const loop of loopsOf(b.py, b.fn)) {
    if (loop.fn !== b.fn || loop.kind !== 'for' || loop.target !== name) continue;
    const header = b.text.slice(loop.start, loop.bodyStart);
    const match = header.length > 4_000 ? null : /\bin\s+(?!\s)([\s\S]*?):\s*$/.exec(header);
    if (!match) return false;
    return isConstantCollection(b, match[1].trim(), loop.start);
  }
  return false;
}

const PLACEHOLDER_ONLY = /^[\s,()]*(?:(%s|\?|:\w+|%\(\w+\)s|@\w+|\$\d+)[\s,()]*)?$/;

/** `", ".join(["%s"] * len(ids))`, `",".join("?" for _ in rows)`: placeholders, not values. */
function isPlaceholderBuilder(b: Builder, start: number, end: number): boolean {
  const strings = b.py.stringsIn(start, end);
  if (strings.length === 0 || !/\.join\s*\(|\*/.test(b.text.slice(start, end))) return false;
  if (strings.some((s) => s.isFString || !PLACEHOLDER_ONLY.test(s.value))) return false;
  return strings.some((s) => /%s|\?|:\w|%\(|@\w|\$\d/.test(s.value));
}

function isPlaceholderList(b: Builder, name: string, offset: number): boolean {
  if (!SIMPLE_NAME.test(name)) return false;
  const a = b.py.lastAssignment(name, b.fn, offset);
  return !!a && a.fn === b.fn && isPlaceholderBuilder(b, a.valueStart, a.valueEnd);
}

// ---------------------------------------------------------------------------------------------
// Checks on templates

const CONTINUATION = /^\s*(where|and|or|from|join|left|right|inner|outer|full|cross|on|values|set|order\s+by|group\s+by|having|limit|offset|union|returning|qualify)\b/i;

/**
 * The analysis text with a leading spliced fragment replaced by `SELECT * FROM t` when it is
 * followed by a SQL continuation (`{BASE_QUERY} WHERE id = {x}`), so that keyword checks see SQL.
 */
export function analysisText(template: SqlTemplate): string {
  const first = template.pieces[0];
  if (first?.type === 'slot' && first.inline === undefined) {
    const at = template.offsets.get(first) ?? 0;
    const rest = template.text.slice(at + 1);
    if (CONTINUATION.test(rest)) return template.text.slice(0, at) + 'SELECT pw_fragment FROM pw_fragment ' + rest;
  }
  return template.text;
}
