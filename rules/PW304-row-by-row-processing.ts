// PW304 row-by-row-processing: a database round trip, HTTP request or upload per row. Reported
// for loops over rows — `df.iterrows()`/`itertuples()`, `cursor.fetchall()`, a cursor, CSV
// readers, BigQuery results, `records`/`rows` lists, `range(len(df))` (not `range(0, n, step)`),
// loop variables named `row`/`record` — whose body (or a module function it calls) does remote
// I/O; for loops over a decoded JSON payload that write one row per record (INSERT per item of
// `resp.json()`); and for `df.apply(f, axis=1)` / `df["col"].apply(f)`
// when `f` (a lambda or a function of the module) does remote I/O. Pure in-memory row loops are
// slow but not reported (precision first); batch APIs (`executemany`, `execute_values`, COPY) and
// flushes of a list built in the loop are fine, and chunked reads are not row loops.

import type { Fix, Rule, RuleContext } from '../server/src/engine/types';
import type { ArgFact, CallFact, ChunkFacts, FunctionFact, LoopFact } from '../server/src/engine/python/facts';
import type { DocumentFacts } from '../server/src/engine/document';
import type { PythonFacts } from '../server/src/engine/python/python-facts';
import { classifyIo, isRemoteIo, isSparkIo, type IoKind } from '../server/src/engine/python/io-calls';
import { isDataFrameExpression } from '../server/src/engine/python/dataframes';
import { renderSnippet } from '../server/src/engine/snippets';
import { keywordArg, positionalArg } from './support/call-arguments';
import { isFrameName } from './support/frames';
import { wordOccurrences } from './support/data-accounting';

const ID = 'PW304';
const TITLE_PREFIX = `Pipewise (${ID}):`;

/** Calls that send many rows at once: fine inside a loop over chunks or batches. */
const BATCH_METHODS = new Set([
  'executemany', 'execute_batch', 'execute_values', 'copy_from', 'copy_expert', 'copy_to', 'copy_records_to_table', 'bulk_insert_mappings',
  'bulk_save_objects', 'insert_many', 'bulk_write', 'put_records', 'send_messages', 'write_pandas', 'bulk_load',
]);
/** Clients that connect lazily: creating one per row is wasteful but does no I/O by itself. */
const LAZY_CONNECT = /^(sqlalchemy\.create_engine|sqlalchemy\.ext\.asyncio\.create_async_engine|redis\.(Redis|StrictRedis|from_url)|pymongo\.MongoClient)$/;
const ROW_ITERATORS = /\.(iterrows|itertuples)\(\)$/;
const DB_ROW_ITERATORS = /\.(fetchall|fetchmany|get_records|result|collect|toLocalIterator)\(\)$/;
/** Conversions that iterate a frame's (or a column's) rows: `df.to_numpy()`, `df["id"].tolist()`. */
const VALUE_ITERATORS = /^(.+?)\.(values\.tolist\(\)|tolist\(\)|to_numpy\(\)|to_records\(\)|values)$/;
const ROW_PRODUCING_METHODS = /\.(fetchall|fetchmany|get_records|iterrows|itertuples|result|collect|toLocalIterator|execute|DictReader|reader)$/;
const CURSOR_NAME = /^(cur|cursor|curs|\w+_cursor|\w+_cur)$/i;
const ROWS_NAME = /^(rows|records|recs|\w+_rows|\w+_records)$/i;
const ROW_TARGET = /^(row|record|rec|line|\w+_row|\w+_record)$/i;
const CSV_READERS = new Set(['csv.reader()', 'csv.DictReader()']);
const APPLY_CALLEE = /\.(apply|map|applymap|progress_apply|progress_map|parallel_apply)$/;
const FRAME_API = new Set(['shape', 'columns', 'index', 'dtypes', 'values', 'empty', 'size', 'loc', 'iloc', 'at', 'iat', 'T', 'str', 'dt']);

interface RowIo {
  call: CallFact;
  kind: IoKind;
}

function methodOf(callee: string): string {
  return callee.slice(callee.lastIndexOf('.') + 1);
}

function isFrame(expression: string, fn: FunctionFact | null, offset: number, py: PythonFacts, text: string): boolean {
  return isDataFrameExpression(expression, fn, offset, py) || (/^[A-Za-z_]\w*$/.test(expression) && isFrameName(py, text, expression, fn, offset));
}

/** `client.query(sql)` of BigQuery (an iterable of rows), not `df.query(expr)` (a frame, which iterates column names). */
function isQueryResult(call: CallFact, py: PythonFacts): boolean {
  if (!call.callee.endsWith('.query')) return false;
  return py.resolveCall(call).startsWith('google.cloud.bigquery') || /(^|\.)(client|bq|bq_client|bigquery_client)$/i.test(call.callee.slice(0, -'.query'.length));
}

/** The iterated expression as written (`tqdm(df.iterrows(), total=n)`), whitespace collapsed. */
function iterableText(header: string): string | null {
  const match = header.length > 4_000 ? null : /^for\s+[\s\S]+?\s+in\s+([\s\S]+?)\s*:\s*(#[^\n]*)?\s*$/.exec(header.trim());
  return match ? match[1].replace(/\s+/g, ' ') : null;
}

const FRAME_SIZE = /\blen\(\s*([A-Za-z_][\w.]*)\s*\)|(?<![\w.])([A-Za-z_][\w.]*)\.shape\[\s*0\s*\]/;

/**
 * `range(len(df))` / `range(df.shape[0])` / `range(n_rows)` after `n_rows = len(df)`: one
 * iteration per row. `range(0, len(df), chunk_size)` steps over chunks: not a row loop.
 */
function rangeOverRows(loop: LoopFact, py: PythonFacts, text: string, header: string): string | null {
  const range = py.callsIn(loop.start, loop.bodyStart).find((c) => c.callee === 'range');
  if (range && range.args.length >= 3 && text.slice(range.args[2].start, range.args[2].end).trim() !== '1') return null;
  let sized = FRAME_SIZE.exec(header);
  if (!sized && range && range.args.length === 1) {
    const bound = text.slice(range.args[0].start, range.args[0].end).trim();
    const assignment = /^[A-Za-z_]\w*$/.test(bound) ? py.lastAssignment(bound, loop.fn, loop.start) : undefined;
    if (assignment) sized = FRAME_SIZE.exec(text.slice(assignment.valueStart, assignment.valueEnd));
  }
  const frame = sized?.[1] ?? sized?.[2];
  return frame && isFrame(frame, loop.fn, loop.start, py, text) ? `range(len(${frame}))` : null;
}

/** What the loop iterates when it iterates rows (`orders.iterrows()`, `cur.fetchall()`, `rows`), else null. */
function rowSource(loop: LoopFact, py: PythonFacts, text: string): string | null {
  if (loop.kind !== 'for') return null;
  const it = loop.iterable;
  const header = text.slice(loop.start, loop.bodyStart);
  if (ROW_ITERATORS.test(it) || /\.(iterrows|itertuples)\(/.test(header)) return iterableText(header) ?? it;
  if (DB_ROW_ITERATORS.test(it)) return it;
  if (/\.to_dict\(\)$/.test(it) && /records/.test(header)) return it;
  const values = VALUE_ITERATORS.exec(it);
  if (values) {
    // `df.columns.tolist()` iterates column names, not rows.
    const receiver = values[1];
    const column = /^(.+)\[\]$/.exec(receiver)?.[1];
    if (!/\.(columns|dtypes|keys\(\))$/.test(receiver) && isFrame(column ?? receiver, loop.fn, loop.start, py, text)) return it;
  }
  if (/\.index$/.test(it) && isFrame(it.slice(0, -'.index'.length), loop.fn, loop.start, py, text)) return it;
  if (CSV_READERS.has(py.resolveName(it))) return it;
  if (it === 'range()') return rangeOverRows(loop, py, text, header);
  if (/^[A-Za-z_]\w*$/.test(it)) {
    const assignment = py.lastAssignment(it, loop.fn, loop.start);
    if (assignment?.call && (ROW_PRODUCING_METHODS.test(assignment.call.callee) || isQueryResult(assignment.call, py))) return it;
    if (CURSOR_NAME.test(it) || ROWS_NAME.test(it)) return it;
  }
  const lastTarget = loop.target.split(',').pop()?.replace(/[()[\]\s]/g, '') ?? '';
  if (ROW_TARGET.test(lastTarget)) return iterableText(header) ?? (it || 'the rows');
  return null;
}

/** A Spark write of a frame created in [start, end): `spark.createDataFrame([row]).write…saveAsTable(t)` in a row loop. */
function writesFrameBuiltIn(call: CallFact, py: PythonFacts, start: number, end: number): boolean {
  const writer = /^(.+?)\.write(Stream|To\(\))?\./.exec(call.callee)?.[1];
  if (!writer) return false;
  if (/\.createDataFrame\(\)$/.test(writer)) return true;
  const head = /^[A-Za-z_]\w*/.exec(writer)?.[0];
  const assignment = head ? py.lastAssignment(head, call.fn, call.start) : undefined;
  return assignment?.call != null && assignment.valueStart >= start && assignment.valueEnd <= end && methodOf(assignment.call.callee) === 'createDataFrame';
}

/** Remote I/O calls in [start, end) that run once per iteration (not batch APIs, not flushes of a list built there). */
function perRowIo(py: PythonFacts, text: string, start: number, end: number): RowIo[] {
  const calls = py.callsIn(start, end);
  const batches = new Set<string>();
  for (const c of calls) {
    const appended = /^([A-Za-z_]\w*)\.(append|extend|add)$/.exec(c.callee);
    if (appended) batches.add(appended[1]);
  }
  const out: RowIo[] = [];
  for (const call of calls) {
    const kind = classifyIo(call, py);
    if (kind === null || !isRemoteIo(kind)) continue;
    if (BATCH_METHODS.has(methodOf(call.callee))) continue;
    if (kind === 'db-connect' && LAZY_CONNECT.test(py.resolveCall(call).replace(/\(\)/g, ''))) continue;
    // Spark schedules the work itself; a driver-side read or spark.sql per row (one per table of a
    // config list) is not row-by-row processing. Writing a frame made of one row is.
    if (isSparkIo(call, py) && !writesFrameBuiltIn(call, py, start, end)) continue;
    if ([...batches].some((b) => wordOccurrences(text, b, call.argsStart, call.argsEnd).length > 0)) continue;
    out.push({ call, kind });
  }
  return out;
}

function shortCallee(call: CallFact): string {
  const callee = call.callee.replace(/\(\)/g, '');
  return callee.length <= 40 ? `${callee}()` : `${methodOf(callee)}()`;
}

function advice(kind: IoKind): { action: string; instead: string } {
  switch (kind) {
    case 'http':
      return { action: 'sends one HTTP request', instead: 'batch the rows into bulk requests (or at least reuse one session with bounded concurrency)' };
    case 'db-connect':
      return { action: 'opens one connection', instead: 'connect once before the loop and send the rows in one bulk call' };
    case 'db-read':
    case 'warehouse-query':
      return { action: 'runs one query', instead: 'fetch what the rows need in one query (a join or WHERE … IN) and merge' };
    case 'warehouse-load':
    case 'object-storage':
      return { action: 'uploads once', instead: 'collect the rows and load them in one call (a DataFrame load or one file)' };
    default:
      return { action: 'runs one database round trip', instead: 'send the rows in one call (executemany, COPY or a bulk load)' };
  }
}

// ---------------------------------------------------------------------------------------------
// The one rewrite offered: `for _, row in df.iterrows(): cur.execute(SQL, (row.a, row["b"]))`

function splitTopLevel(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (quote) {
      current += ch;
      if (ch === '\\') current += inner[++i] ?? '';
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map((p) => p.trim());
}

function executemanyFix(loop: LoopFact, io: RowIo, py: PythonFacts, text: string): Fix | null {
  const { call } = io;
  if (io.kind !== 'db-query' || methodOf(call.callee) !== 'execute') return null;
  const iterrows = /^(.+)\.(iterrows|itertuples)\(\)$/.exec(loop.iterable);
  if (!iterrows || /[()]/.test(iterrows[1])) return null;
  const iterCall = py.callsIn(loop.start, loop.bodyStart).find((c) => c.callee === `${iterrows[1]}.${iterrows[2]}`);
  if (!iterCall) return null;
  const isTuples = iterrows[2] === 'itertuples';
  const targets = loop.target.replace(/[()\s]/g, '').split(',').filter(Boolean);
  if (isTuples ? targets.length !== 1 : targets.length !== 2) return null;
  if (isTuples && (iterCall.args.length !== 1 || text.slice(iterCall.argsStart, iterCall.argsEnd).replace(/\s/g, '') !== '(index=False)')) return null;
  if (!isTuples && iterCall.args.length !== 0) return null;
  const row = targets[targets.length - 1];
  // The loop body is exactly the one execute call, and there is no `else:` clause.
  if (text.slice(loop.bodyStart, loop.bodyEnd).trim() !== text.slice(call.start, call.end) || text.slice(loop.bodyEnd, loop.end).trim() !== '') return null;
  const receiver = call.callee.slice(0, -'.execute'.length);
  const resolved = py.resolveCall(call);
  if (!/\.cursor\(\)\.execute$/.test(resolved) && !/^(cur|cursor|curs|\w+_cursor|\w+_cur)$/i.test(receiver.split('.').pop() ?? '')) return null;
  if (call.args.length !== 2 || call.args.some((a) => a.kind !== 'positional')) return null;
  const [sqlArg, paramsArg] = call.args as [ArgFact, ArgFact];
  if (paramsArg.nodeType !== 'tuple' && paramsArg.nodeType !== 'list') return null;
  const sqlText = text.slice(sqlArg.start, sqlArg.end);
  if (wordOccurrences(text, row, sqlArg.start, sqlArg.end).length > 0) return null;
  const columns: string[] = [];
  for (const element of splitTopLevel(text.slice(paramsArg.start + 1, paramsArg.end - 1))) {
    const attribute = new RegExp(`^${row}\\.([A-Za-z]\\w*)$`).exec(element);
    const subscript = new RegExp(`^${row}\\[\\s*(["'])([^"'\\\\\\n]+)\\1\\s*\\]$`).exec(element);
    const column = attribute?.[1] ?? subscript?.[2];
    if (!column || (isTuples && column === 'Index') || (!isTuples && attribute && column === 'name')) return null;
    columns.push(column);
  }
  if (columns.length === 0) return null;
  // Python keeps loop variables after the loop; do not remove them when later code reads them.
  const scopeEnd = loop.fn ? loop.fn.end : text.length;
  if (targets.some((t) => t !== '_' && wordOccurrences(text, t, loop.end, scopeEnd).length > 0)) return null;
  const rewritten = renderSnippet('pw-executemany-frame', {
    cursor: receiver,
    sql: sqlText,
    frame: iterrows[1],
    columns: columns.map((c) => JSON.stringify(c)).join(', '),
  });
  return {
    title: `${TITLE_PREFIX} Insert all rows with one ${receiver}.executemany()`,
    edits: [{ start: loop.start, end: loop.end, newText: rewritten }],
    safe: false,
    preferred: true,
  };
}

// ---------------------------------------------------------------------------------------------
// apply(f, axis=1) / series.apply(f) with I/O in f

function localFunctions(py: PythonFacts, callback: string): FunctionFact[] {
  const self = /^self\.([A-Za-z_]\w*)$/.exec(callback);
  if (self) return py.functions.filter((f) => f.name === self[1] && f.className !== null);
  if (!/^[A-Za-z_]\w*$/.test(callback)) return [];
  return py.functions.filter((f) => f.name === callback && f.className === null);
}

/** Remote I/O done by the callback: in a lambda's body, or in a module function (and the module functions it calls). */
function callbackIo(py: PythonFacts, text: string, arg: ArgFact): { io: RowIo; where: string | null } | null {
  if (arg.nodeType === 'lambda') {
    const io = perRowIo(py, text, arg.start, arg.end)[0];
    return io ? { io, where: null } : null;
  }
  return functionIo(py, text, text.slice(arg.start, arg.end));
}

/** Remote I/O done by the module function (or method of self) `name`, or by the module functions it calls. */
function functionIo(py: PythonFacts, text: string, name: string): { io: RowIo; where: string } | null {
  const seen = new Set<FunctionFact>();
  const queue = localFunctions(py, name).map((fn) => ({ fn, depth: 0 }));
  while (queue.length > 0) {
    const { fn, depth } = queue.shift()!;
    if (seen.has(fn)) continue;
    seen.add(fn);
    const io = perRowIo(py, text, fn.bodyStart, fn.bodyEnd)[0];
    if (io) return { io, where: fn.name };
    if (depth >= 1) continue;
    for (const c of py.callsIn(fn.bodyStart, fn.bodyEnd)) {
      for (const callee of localFunctions(py, c.callee)) queue.push({ fn: callee, depth: depth + 1 });
    }
  }
  return null;
}

function checkApply(ctx: RuleContext, py: PythonFacts, text: string, call: CallFact): void {
  const method = methodOf(call.callee);
  const receiver = call.callee.slice(0, -(method.length + 1));
  const axis = keywordArg(call, 'axis') ?? (method === 'apply' ? positionalArg(call, 1) : undefined);
  const axisValue = axis ? (axis.string ? axis.string.value : text.slice(axis.start, axis.end)) : null;
  let rows: boolean;
  if (axisValue === '1' || axisValue === 'columns') rows = isFrame(receiver, call.fn, call.start, py, text);
  else if (axis) return;
  else {
    // A column: `df["address"].apply(f)` / `df.address.map(f)`.
    const subscript = /^(.+)\[\]$/.exec(receiver);
    const attribute = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(receiver);
    rows = (subscript !== null && isFrame(subscript[1], call.fn, call.start, py, text))
      || (attribute !== null && !FRAME_API.has(attribute[2]) && isFrame(attribute[1], call.fn, call.start, py, text));
  }
  if (!rows) return;
  const callback = positionalArg(call, 0) ?? keywordArg(call, 'func') ?? keywordArg(call, 'arg');
  if (!callback) return;
  const found = callbackIo(py, text, callback);
  if (!found) return;
  const { io, where } = found;
  const { action, instead } = advice(io.kind);
  const frame = receiver.replace(/\[\]$/, '').replace(/\(\)/g, '');
  const inside = where ? ` (in ${where})` : '';
  ctx.report({
    start: call.start,
    end: call.end,
    message: `${method}() on ${frame.length <= 40 ? frame : 'a DataFrame'} calls ${shortCallee(io.call)}${inside} for every row, which ${action} per row; ${instead}`,
    fixes: [],
    fingerprintText: `apply|${frame}|${shortCallee(io.call)}`,
  });
}

// ---------------------------------------------------------------------------------------------
// Loops whose per-row I/O sits in a helper, and loops over a decoded JSON payload

/** `for _, row in df.iterrows(): geocode(row.address)` where the module function geocode() sends the request. */
function checkHelperCalls(ctx: RuleContext, py: PythonFacts, text: string, loop: LoopFact, source: string, reported: Set<CallFact>): void {
  for (const call of py.callsIn(loop.bodyStart, loop.bodyEnd)) {
    if (reported.has(call) || !/^(self\.)?[A-Za-z_]\w*$/.test(call.callee)) continue;
    const found = functionIo(py, text, call.callee);
    if (!found) continue;
    reported.add(call);
    const { action, instead } = advice(found.io.kind);
    const helper = call.callee.replace(/^self\./, '');
    ctx.report({
      start: call.start,
      end: call.end,
      message: `${helper}() calls ${shortCallee(found.io.call)}${found.where !== helper ? ` (in ${found.where})` : ''}, which ${action} per row of ${source.length <= 40 ? source : 'the loop'}; ${instead}`,
      fixes: [],
      fingerprintText: `helper|${source}|${helper}`,
    });
    return;
  }
}

/** A name bound to, or an expression that is, a decoded JSON payload: `resp.json()`, `json.load(f)`, `json.loads(text)`. */
const JSON_PAYLOAD = /(^|\.)json\(\)$|^json\.loads?\(\)$/;
/** SQL that writes one row: the statement a per-record execute() sends. */
const ROW_WRITE_SQL = /^[rRbBuUfF]{0,2}(?:"{3}|'{3}|"|')\s*(INSERT|UPDATE|DELETE|UPSERT|MERGE|REPLACE)\b/i;

function payloadSource(loop: LoopFact, py: PythonFacts): string | null {
  const it = loop.iterable;
  if (JSON_PAYLOAD.test(it)) return it;
  if (!/^[A-Za-z_]\w*$/.test(it)) return null;
  const assignment = py.lastAssignment(it, loop.fn, loop.start);
  if (!assignment?.call) return null;
  const callee = assignment.call.callee;
  return JSON_PAYLOAD.test(`${callee}()`) || py.resolveCall(assignment.call).replace(/\(\)/g, '').match(/^json\.loads?$/) ? it : null;
}

/** The SQL text an execute() sends, when it is a literal or a name bound to one in the same scope. */
function writesOneRow(call: CallFact, py: PythonFacts, text: string): boolean {
  const sql = positionalArg(call, 0);
  if (!sql) return false;
  const written = text.slice(sql.start, sql.end).trim();
  if (ROW_WRITE_SQL.test(written)) return true;
  if (!/^[A-Za-z_]\w*$/.test(written)) return false;
  const assignment = py.lastAssignment(written, call.fn, call.start);
  return assignment !== undefined && ROW_WRITE_SQL.test(text.slice(assignment.valueStart, assignment.valueEnd).trim());
}

/**
 * `for item in resp.json(): cur.execute("INSERT …", (item["id"], …))`: one INSERT per record of
 * an API or file payload. Only row writes are reported here: one HTTP call per record of a payload
 * is often the only way an API offers (no bulk endpoint).
 */
function checkPayloadLoop(ctx: RuleContext, py: PythonFacts, text: string, loop: LoopFact, reported: Set<CallFact>): void {
  if (loop.kind !== 'for') return;
  const source = payloadSource(loop, py);
  if (source === null) return;
  const io = perRowIo(py, text, loop.bodyStart, loop.bodyEnd)
    .filter((x) => !reported.has(x.call) && (x.kind === 'db-write' || (x.kind === 'db-query' && writesOneRow(x.call, py, text))));
  if (io.length === 0) return;
  const first = io[0];
  for (const x of io) reported.add(x.call);
  const { action, instead } = advice(first.kind);
  ctx.report({
    start: first.call.start,
    end: first.call.end,
    message: `${shortCallee(first.call)} ${action} per record of ${source.length <= 40 ? source : 'the payload'}; ${instead}`,
    fixes: [],
    fingerprintText: `payload|${source}|${shortCallee(first.call)}`,
  });
}

// ---------------------------------------------------------------------------------------------

function check(ctx: RuleContext): void {
  const py = ctx.doc.python;
  if (!py) return;
  const text = ctx.doc.text;
  const reported = new Set<CallFact>();
  const loops = ctx.statement?.loops ?? py.loops;
  // Innermost loops first, so an I/O call is reported once, on the row loop closest to it.
  for (let i = loops.length - 1; i >= 0; i--) {
    const loop = loops[i];
    if (loop.kind !== 'for') continue;
    const source = rowSource(loop, py, text);
    if (source === null) {
      checkPayloadLoop(ctx, py, text, loop, reported);
      continue;
    }
    const io = perRowIo(py, text, loop.bodyStart, loop.bodyEnd).filter((x) => !reported.has(x.call));
    if (io.length === 0) {
      checkHelperCalls(ctx, py, text, loop, source, reported);
      continue;
    }
    for (const x of io) reported.add(x.call);
    const first = io[0];
    const { action, instead } = advice(first.kind);
    const more = io.length > 1 ? ` (and ${io.length - 1} more I/O call${io.length > 2 ? 's' : ''})` : '';
    const fix = executemanyFix(loop, first, py, text);
    ctx.report({
      start: first.call.start,
      end: first.call.end,
      message: `${shortCallee(first.call)} ${action} per row of ${source.length <= 40 ? source : 'the loop'}${more}; ${instead}`,
      fixes: fix ? [fix] : [],
      fingerprintText: `loop|${source}|${shortCallee(first.call)}`,
    });
  }
  for (const call of ctx.statement?.calls ?? py.calls) {
    if (call.args.length > 0 && APPLY_CALLEE.test(call.callee)) checkApply(ctx, py, text, call);
  }
}

/** What an apply() elsewhere reads of a statement: its functions, whether they do per-row I/O, what they call. */
function exportedFunctions(statement: ChunkFacts, context: { doc: DocumentFacts }): string {
  const py = context.doc.python;
  if (!py) return '';
  const text = context.doc.text;
  return statement.functions
    .map((fn) => {
      const io = perRowIo(py, text, fn.bodyStart, fn.bodyEnd).length > 0;
      const callees = py.callsIn(fn.bodyStart, fn.bodyEnd).map((c) => c.callee).filter((callee) => /^(self\.)?[A-Za-z_]\w*$/.test(callee));
      return `${fn.name}|${fn.className !== null}|${io}|${callees.join(',')}`;
    })
    .join(';');
}

export const rowByRowProcessing: Rule = {
  meta: {
    id: ID,
    slug: 'row-by-row-processing',
    title: 'Row-by-row I/O in a loop or apply',
    priority: 'P3',
    dialects: ['python'],
    rationale: 'One network round trip per row makes a load take hours instead of seconds and multiplies the chances of a mid-run failure that leaves half the rows written.',
    recommendation: 'Send rows in bulk (executemany, COPY, a DataFrame load, a bulk API endpoint) or fetch lookups in one query and merge; vectorise instead of apply(axis=1).',
    fixable: true,
  },
  check,
  incremental: { exports: exportedFunctions },
};
