// Loops whose per-row I/O sits in a module helper, and loops over records (a decoded JSON payload,
// a list of items) that write one row per record.

import type { RuleContext } from '../../server/src/engine/types';
import type { CallFact, LoopFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { listsFiles, sqlCallOf } from '../../server/src/engine/knowledge';
import { placeholderStyle, statementKind } from '../../server/src/engine/sql';
import { wordOccurrences } from '../../server/src/engine/python/words';
import { loopNames, sqlTextOf } from './iterated-statements';
import { advice, functionIo, perRowIo, shortCallee } from './per-row-io';
import { payloadSource } from './row-sources';
import type { SourceText } from '../../server/src/engine/source-text';

/** `for _, row in df.iterrows(): geocode(row.address)` where the module function geocode() sends the request. */
export function checkHelperCalls(ctx: RuleContext, py: PythonFacts, text: SourceText, loop: LoopFact, source: string, reported: Set<CallFact>): void {
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

/** `INSERT … VALUES`, `UPDATE`, `DELETE`, `MERGE`/`UPSERT`/`REPLACE` with bound or spliced values: a statement that writes one row. */
function isRowWriteSql(sql: string): boolean {
  const kind = statementKind(sql.replace(/\u0000/g, 'x'));
  const head = /^\s*(UPSERT|REPLACE)\b/i.test(sql);
  if (kind === null && !head) return false;
  if (kind === 'insert' && !/\bVALUES\b/i.test(sql)) return false;
  if (kind !== null && !['insert', 'update', 'delete', 'merge'].includes(kind)) return false;
  return placeholderStyle(sql) !== null || sql.includes('\u0000');
}

/**
 * The execute() writes one row built from the loop's item: its statement is a row write, and its
 * values come from the item — a parameter argument using a name the loop binds, or a value spliced
 * into the statement straight from the item (`f"… VALUES ('{item["id"]}')"`). A statement whose
 * VALUES list is joined from many rows built in the loop is a batch, not a row.
 */
function writesLoopRecord(call: CallFact, py: PythonFacts, text: SourceText, loop: LoopFact): boolean {
  const sqlArg = sqlCallOf(call, py)?.arg;
  const sql = sqlTextOf(call, py, text);
  if (!sqlArg || sql === null || !isRowWriteSql(sql)) return false;
  const { bound, targets } = loopNames(loop, py, call.start);
  for (const arg of call.args) {
    if (arg === sqlArg) continue;
    for (const name of bound) if (wordOccurrences(text, name, arg.start, arg.end).length > 0) return true;
  }
  const literal = sqlArg.string ?? null;
  return literal !== null && literal.interpolations.some((i) => [...targets].some((t) => wordOccurrences(text, t, i.start, i.end).length > 0));
}

/** `for start in range(0, len(rows), size)`: a loop over chunks, each written in one statement. */
function iteratesChunks(loop: LoopFact, py: PythonFacts): boolean {
  const range = py.callsIn(loop.start, loop.bodyStart).find((c) => c.callee === 'range');
  return range !== undefined && range.args.length >= 3;
}

/** `for path in sorted(glob.glob("migrations/*.sql"))`, `for f in os.listdir(d)`: one statement per file (a migration runner's bookkeeping row), not per row. */
function iteratesFiles(loop: LoopFact, py: PythonFacts, text: SourceText): boolean {
  if (py.callsIn(loop.start, loop.bodyStart).some((c) => listsFiles(c, py, text))) return true;
  const iterated = loopIterable(text, loop)?.trim() ?? '';
  if (!/^[A-Za-z_]\w*$/.test(iterated)) return false;
  const assignment = py.lastAssignment(iterated, loop.fn, loop.start);
  return assignment?.call != null && listsFiles(assignment.call, py, text);
}

/** `for x in ["a", "b"]`, `for t in TABLES`: a fixed list the program spells out (seed rows, a config list). */
function iteratesLiteral(loop: LoopFact, py: PythonFacts, text: SourceText): boolean {
  const iterated = loopIterable(text, loop)?.trim() ?? '';
  if (/^[[({]/.test(iterated)) return true;
  if (!/^[A-Za-z_]\w*$/.test(iterated)) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(iterated)) return true;
  const assignment = py.lastAssignment(iterated, loop.fn, loop.start);
  return assignment !== undefined && /^[[({]/.test(text.slice(assignment.valueStart, assignment.valueEnd).trim());
}

/**
 * A loop that is not a row loop by its source but writes one row per item: `for article in
 * payload["articles"]: cur.execute("INSERT … VALUES (%s, …)", (article["title"], …))`. For items of
 * a decoded JSON payload (`resp.json()`, `json.load(f)`) any row write counts (`to_sql` of one
 * record too). Only row writes are reported here: one HTTP call per record of a payload is often
 * the only way an API offers (no bulk endpoint).
 */
export function checkRecordLoop(ctx: RuleContext, py: PythonFacts, text: SourceText, loop: LoopFact, reported: Set<CallFact>): void {
  if (loop.kind !== 'for' || iteratesLiteral(loop, py, text) || iteratesChunks(loop, py) || iteratesFiles(loop, py, text)) return;
  const payload = payloadSource(loop, py);
  const io = perRowIo(py, text, loop.bodyStart, loop.bodyEnd, loop).filter((x) => {
    if (reported.has(x.call)) return false;
    if (payload !== null && x.kind === 'db-write') return true;
    return x.kind === 'db-query' && writesLoopRecord(x.call, py, text, loop);
  });
  if (io.length === 0) return;
  const first = io[0];
  for (const x of io) reported.add(x.call);
  const { action, instead } = advice(first.kind);
  const source = payload ?? iterableLabel(loop, text);
  ctx.report({
    start: first.call.start,
    end: first.call.end,
    message: `${shortCallee(first.call)} ${action} per record of ${source.length <= 40 ? source : 'the loop'}; ${instead}`,
    fixes: [],
    fingerprintText: `payload|${source}|${shortCallee(first.call)}`,
  });
}

function iterableLabel(loop: LoopFact, text: SourceText): string {
  const iterated = loopIterable(text, loop);
  return iterated ? iterated.replace(/\s+/g, ' ') : loop.iterable || 'the loop';
}

/** The iterated expression of a `for` header, as written; headers over 4,000 characters are not read (the pattern is not linear). */
function loopIterable(text: SourceText, loop: LoopFact): string | undefined {
  const header = text.slice(loop.start, loop.bodyStart).trim();
  return header.length > 4_000 ? undefined : /\bin\s+([\s\S]*?)\s*:\s*(#[^\n]*)?$/.exec(header)?.[1];
}
