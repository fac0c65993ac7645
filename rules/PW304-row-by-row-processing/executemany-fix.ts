// The one rewrite PW304 offers: `for _, row in df.iterrows(): cur.execute(SQL, (row.a, row["b"]))`
// becomes one executemany over the frame's columns.

import type { Fix } from '../../server/src/engine/types';
import type { ArgFact, LoopFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { methodOf } from '../../server/src/engine/knowledge';
import { renderSnippet } from '../../server/src/engine/snippets';
import { wordOccurrences } from '../../server/src/engine/python/words';
import type { RowIo } from './per-row-io';
import type { SourceText } from '../../server/src/engine/source-text';

const TITLE_PREFIX = 'Pipewise (PW304):';

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

export function executemanyFix(loop: LoopFact, io: RowIo, py: PythonFacts, text: SourceText): Fix | null {
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

