// PW304 row-by-row-processing: a database round trip, HTTP request or upload per row. Reported
// for loops over rows — `df.iterrows()`/`itertuples()`, `cursor.fetchall()`, a cursor, CSV
// readers, BigQuery results, `records`/`rows` lists, `range(len(df))` (not `range(0, n, step)`),
// loop variables named `row`/`record` — whose body (or a module function it calls) does remote
// I/O (not lookups: an HTTP GET or a DynamoDB query per row has no bulk form); for loops over a
// decoded JSON payload that write one row per record (INSERT per item of
// `resp.json()`); and for `df.apply(f, axis=1)` / `df["col"].apply(f)`
// when `f` (a lambda or a function of the module) does remote I/O. Pure in-memory row loops are
// slow but not reported (precision first); batch APIs (`executemany`, `execute_values`, COPY) and
// flushes of a list built in the loop are fine, and chunked reads are not row loops. Loops over a
// few items fixed in the code are not row loops either, and a request whose URL carries the item
// is a per-item endpoint with nothing to batch into.
//
// row-sources.ts: which loops iterate rows; per-row-io.ts: the I/O done per iteration and the advice;
// helper-and-record-loops.ts: I/O in a module helper, one INSERT per record of a list or payload;
// apply.ts: apply/map callbacks doing I/O; executemany-fix.ts: the one rewrite offered;
// fixed-items.ts: loops over a literal, a small range or a name bound to a literal.

import type { Rule, RuleContext } from '../../server/src/engine/types';
import type { CallFact, ChunkFacts, LoopFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { isRequestHandler } from '../../server/src/engine/knowledge';
import type { DocumentFacts } from '../../server/src/engine/document';
import { APPLY_CALLEE, checkApply } from './apply';
import { executemanyFix } from './executemany-fix';
import { checkHelperCalls, checkRecordLoop } from './helper-and-record-loops';
import { advice, perRowIo, shortCallee, type RowIo } from './per-row-io';
import { iteratesCatalogue } from './iterated-statements';
import { rowSource, type RowSource } from './row-sources';
import { iteratesFewFixedItems } from './fixed-items';

const ID = 'PW304';

/** A loop body that sleeps between requests paces them on purpose (an API's rate limit): not a batching candidate. */
function pacesRequests(loop: LoopFact, py: PythonFacts): boolean {
  return py.callsIn(loop.bodyStart, loop.bodyEnd).some((c) => /^(time\.|asyncio\.)?sleep$/.test(py.resolveCall(c)));
}

/** The per-row I/O of a row loop worth reporting: paced HTTP calls and per-object storage calls of items known only by name are not. */
function reportableIo(loop: LoopFact, source: RowSource, io: RowIo[], py: PythonFacts): RowIo[] {
  const paced = io.some((x) => x.kind === 'http') && pacesRequests(loop, py);
  return io.filter((x) => !(paced && x.kind === 'http') && !(source.byName && x.kind === 'object-storage'));
}

function check(ctx: RuleContext): void {
  const py = ctx.doc.python;
  if (!py) return;
  const text = ctx.doc.sourceText;
  const reported = new Set<CallFact>();
  const loops = ctx.statement?.loops ?? py.loops;
  // Innermost loops first, so an I/O call is reported once, on the row loop closest to it.
  for (let i = loops.length - 1; i >= 0; i--) {
    const loop = loops[i];
    // A web request handler serves one request: what it does per row is bounded by that request.
    if (loop.kind !== 'for' || isRequestHandler(loop.fn)) continue;
    // Rows of a catalogue query are tables: one statement per table is maintenance, not row-by-row work.
    if (iteratesCatalogue(loop, py, text)) continue;
    // A few items fixed in the code (contract terms, months, a handful of config entries) are not rows.
    if (iteratesFewFixedItems(loop, py, text)) continue;
    const source = rowSource(loop, py, text);
    if (source === null) {
      checkRecordLoop(ctx, py, text, loop, reported);
      continue;
    }
    const all = perRowIo(py, text, loop.bodyStart, loop.bodyEnd, loop).filter((x) => !reported.has(x.call));
    const io = reportableIo(loop, source, all, py);
    if (all.length === 0) {
      checkHelperCalls(ctx, py, text, loop, source.text, reported);
      continue;
    }
    for (const x of all) reported.add(x.call);
    if (io.length === 0) continue;
    const first = io[0];
    const { action, instead } = advice(first.kind);
    const more = io.length > 1 ? ` (and ${io.length - 1} more I/O call${io.length > 2 ? 's' : ''})` : '';
    const fix = executemanyFix(loop, first, py, text);
    const label = source.text.length <= 40 ? source.text : 'the loop';
    ctx.report({
      start: first.call.start,
      end: first.call.end,
      message: `${shortCallee(first.call)} ${action} per row of ${label}${more}; ${instead}`,
      fixes: fix ? [fix] : [],
      fingerprintText: `loop|${source.text}|${shortCallee(first.call)}`,
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
  const text = context.doc.sourceText;
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
