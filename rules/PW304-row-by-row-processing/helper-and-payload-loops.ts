// Loops whose per-row I/O sits in a module helper, and loops over a decoded JSON payload that
// write one row per record.

import type { RuleContext } from '../../server/src/engine/types';
import type { CallFact, LoopFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { positionalArg } from '../support/call-arguments';
import { advice, functionIo, perRowIo, shortCallee } from './per-row-io';
import { payloadSource } from './row-sources';

/** `for _, row in df.iterrows(): geocode(row.address)` where the module function geocode() sends the request. */
export function checkHelperCalls(ctx: RuleContext, py: PythonFacts, text: string, loop: LoopFact, source: string, reported: Set<CallFact>): void {
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

/** SQL that writes one row: the statement a per-record execute() sends. */
const ROW_WRITE_SQL = /^[rRbBuUfF]{0,2}(?:"{3}|'{3}|"|')\s*(INSERT|UPDATE|DELETE|UPSERT|MERGE|REPLACE)\b/i;

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
export function checkPayloadLoop(ctx: RuleContext, py: PythonFacts, text: string, loop: LoopFact, reported: Set<CallFact>): void {
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

