// The remote I/O a loop body or a callback does once per iteration: database round trips, HTTP
// requests, uploads — not bulk APIs, lazy clients, Spark-scheduled work, or flushes of a list the
// loop builds — and the advice for each kind.

import type { ArgFact, CallFact, FunctionFact, LoopFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { classifyIo, connectsLazily, ioOf, isBulkCall, isRemoteIo, isSparkIo, methodOf, receiverOf, RESULT_READ_METHODS, runsInProcess, SINGLE_RESULT_METHODS, type IoKind } from '../../server/src/engine/knowledge';
import { wordOccurrences } from '../../server/src/engine/python/words';
import { loopNames, runsIteratedStatement } from './iterated-statements';
import type { SourceText } from '../../server/src/engine/source-text';

export interface RowIo {
  call: CallFact;
  kind: IoKind;
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

const DATABASE_KINDS: ReadonlySet<IoKind> = new Set(['db-connect', 'db-query', 'db-read', 'db-write']);
const RESULT_READS: ReadonlySet<string> = new Set<string>([...RESULT_READ_METHODS, ...SINGLE_RESULT_METHODS]);

/**
 * Whether the loop reads each statement's own result before the next one — `conn.execute(…).scalar()`,
 * `cur.execute(…)` then `cur.fetchone()`, or `res = conn.execute(…)` then `res.fetchone()`: a stored
 * procedure whose status is checked, an INSERT … RETURNING id kept per row, a per-row lookup. One bulk
 * call cannot hand back a result per row, so the batching advice does not apply.
 */
function readsEachResult(call: CallFact, py: PythonFacts, end: number): boolean {
  const receiver = receiverOf(call.callee);
  for (const later of py.callsIn(call.start, end)) {
    if (later === call || !RESULT_READS.has(methodOf(later.callee))) continue;
    const target = receiverOf(later.callee);
    if (target === `${call.callee}()` || (receiver !== '' && target === receiver)) return true;
    if (/^[A-Za-z_]\w*$/.test(target) && py.lastAssignment(target, call.fn, later.start)?.call === call) return true;
  }
  return false;
}

/**
 * Remote I/O calls in [start, end) that run once per iteration: not bulk APIs, lazy clients,
 * in-process databases (sqlite3, DuckDB), Spark-scheduled work, flushes of a list built there,
 * or — when `loop` is given — statements that change with the iteration (one per table).
 */
export function perRowIo(py: PythonFacts, text: SourceText, start: number, end: number, loop?: LoopFact): RowIo[] {
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
    if (isBulkCall(call, py)) continue;
    if (kind === 'db-connect' && connectsLazily(call, py)) continue;
    if (DATABASE_KINDS.has(kind) && runsInProcess(call, py)) continue;
    if (loop && DATABASE_KINDS.has(kind) && runsIteratedStatement(call, py, text, loopNames(loop, py, call.start))) continue;
    if (DATABASE_KINDS.has(kind) && readsEachResult(call, py, end)) continue;
    // Spark schedules the work itself; a driver-side read or spark.sql per row (one per table of a
    // config list) is not row-by-row processing. Writing a frame made of one row is.
    if (isSparkIo(call, py) && !writesFrameBuiltIn(call, py, start, end)) continue;
    if ([...batches].some((b) => wordOccurrences(text, b, call.argsStart, call.argsEnd).length > 0 || (kind === 'http' && sendsNameBuiltFrom(call, py, text, b, start)))) continue;
    if (loop && kind === 'http' && addressesOneItem(call, loop, py, text)) continue;
    if (isKeyedLookup(call, kind, py)) continue;
    out.push({ call, kind });
  }
  return out;
}

/** HTTP methods that read: one lookup per row, for which APIs rarely offer a bulk form. */
const HTTP_READ_METHODS = new Set(['get', 'head', 'options']);

/**
 * A lookup per row rather than a load: an HTTP GET (measured on the ecosystem corpus: 17 `fp`, no
 * `tp` — per-id REST lookups with no bulk endpoint) or a DynamoDB `query`, which reads one
 * partition key and has no batch form. Writes per row (POST, INSERT, put_item) are still reported.
 */
function isKeyedLookup(call: CallFact, kind: IoKind, py: PythonFacts): boolean {
  const method = methodOf(call.callee);
  if (kind === 'http') return HTTP_READ_METHODS.has(method) || (method === 'request' && firstString(call)?.toUpperCase() === 'GET');
  return method === 'query' && ioOf(call, py)?.library.id === 'boto3';
}

function firstString(call: CallFact): string | undefined {
  return call.args.find((a) => a.kind === 'positional')?.string?.value;
}

/**
 * `payload_json = json.dumps(payload)` in the loop, then `post(url, data=payload_json)`: a flush of the
 * batch list, under another name. Requests only: a SQL statement built from a list the loop fills
 * (`", ".join(set_parts)`) is one row's statement, not a flush.
 */
function sendsNameBuiltFrom(call: CallFact, py: PythonFacts, text: SourceText, batch: string, start: number): boolean {
  for (const arg of call.args) {
    const name = argumentValue(arg, text);
    if (!/^[A-Za-z_]\w*$/.test(name)) continue;
    const assignment = py.lastAssignment(name, call.fn, call.start);
    if (assignment && assignment.valueStart >= start && wordOccurrences(text, batch, assignment.valueStart, assignment.valueEnd).length > 0) return true;
  }
  return false;
}

/**
 * A request whose URL carries the iteration's own item (`f"{base}/prices/{sku}"`, a URL built in the
 * loop from the row): a per-item endpoint of a REST API, which has no bulk form to batch into.
 */
function addressesOneItem(call: CallFact, loop: LoopFact, py: PythonFacts, text: SourceText): boolean {
  const url = ioOf(call, py)?.target;
  if (!url) return false;
  const names = loopNames(loop, py, call.start).bound;
  const mentions = (from: number, to: number) => [...names].some((n) => wordOccurrences(text, n, from, to).length > 0);
  const expression = argumentValue(url, text);
  if (/^[A-Za-z_]\w*$/.test(expression)) {
    const assignment = py.lastAssignment(expression, call.fn, call.start);
    if (!assignment || assignment.valueStart < loop.bodyStart) return false;
    return mentions(assignment.valueStart, assignment.valueEnd);
  }
  return mentions(url.start, url.end);
}

/** An argument's value as written (`url=f"…"` → `f"…"`). */
function argumentValue(arg: ArgFact, text: SourceText): string {
  return text.slice(arg.start, arg.end).trim().replace(/^[A-Za-z_]\w*\s*=(?!=)\s*/, '');
}

export function shortCallee(call: CallFact): string {
  const callee = call.callee.replace(/\(\)/g, '');
  return callee.length <= 40 ? `${callee}()` : `${methodOf(callee)}()`;
}

export function advice(kind: IoKind): { action: string; instead: string } {
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

function localFunctions(py: PythonFacts, callback: string): FunctionFact[] {
  const self = /^self\.([A-Za-z_]\w*)$/.exec(callback);
  if (self) return py.functions.filter((f) => f.name === self[1] && f.className !== null);
  if (!/^[A-Za-z_]\w*$/.test(callback)) return [];
  return py.functions.filter((f) => f.name === callback && f.className === null);
}

/** Remote I/O done by the callback: in a lambda's body, or in a module function (and the module functions it calls). */
export function callbackIo(py: PythonFacts, text: SourceText, arg: ArgFact): { io: RowIo; where: string | null } | null {
  if (arg.nodeType === 'lambda') {
    const io = perRowIo(py, text, arg.start, arg.end)[0];
    return io ? { io, where: null } : null;
  }
  return functionIo(py, text, text.slice(arg.start, arg.end));
}

/** Remote I/O done by the module function (or method of self) `name`, or by the module functions it calls. */
export function functionIo(py: PythonFacts, text: SourceText, name: string): { io: RowIo; where: string } | null {
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

