// Statements that extract a query's rows and write them out by themselves: Redshift
// `UNLOAD ('SELECT …') TO 's3://…'`, Snowflake `COPY INTO @stage FROM (SELECT …)` or
// `COPY INTO 's3://…' FROM table`, BigQuery `EXPORT DATA OPTIONS(…) AS SELECT …`. They need no
// fetch and no write after them: the statement is the stage.

import type { ArgFact, CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { sqlCallOf } from '../../server/src/engine/knowledge';
import type { Read } from './read';
import type { SourceText } from '../../server/src/engine/source-text';

const UNLOAD_START = /^\s*(unload\b|export\s+data\b|copy\s+into\s+(@|'|"|s3:|gcs:|gs:|azure:))/i;

/** The text a SQL argument starts with: its literal, or the literal the name it passes was bound to. */
function leadingText(arg: ArgFact, fn: FunctionFact | null, py: PythonFacts, text: SourceText): string | null {
  if (arg.string) return arg.string.value;
  if (arg.shape.kind !== 'name') return null;
  const bound = py.lastAssignment(text.slice(arg.start, arg.end), fn, arg.start);
  return bound ? py.stringsIn(bound.valueStart, bound.valueEnd)[0]?.value ?? null : null;
}

export function unloadReadOf(call: CallFact, py: PythonFacts, text: SourceText): Read | null {
  const sink = sqlCallOf(call, py);
  if (!sink || sink.kind === 'pandas') return null;
  const lead = leadingText(sink.arg, call.fn, py, text);
  if (lead === null || !UNLOAD_START.test(lead)) return null;
  return { call, kind: 'unload', arg: sink.arg, label: sink.label, result: call, lazy: false };
}

/** The query an unload statement extracts (`SELECT …`), or the table it copies whole; null when it is none of them. */
export function unloadedQuery(body: string): { query: string } | { table: string } | null {
  const unload = /^\s*unload\s*\(\s*'((?:[^']|'')*)'\s*\)/i.exec(body);
  if (unload) return { query: unload[1].replace(/''/g, "'") };
  const exported = /^\s*export\s+data\b[\s\S]*?\bas\s+((?:select|with)\b[\s\S]*)$/i.exec(body);
  if (exported) return { query: exported[1] };
  const copy = /^\s*copy\s+into\s+\S+\s+from\s+(?:\(([\s\S]*)\)|([\w."$`\u0000]+))/i.exec(body);
  if (copy) return copy[1] !== undefined ? { query: copy[1] } : { table: copy[2] };
  return null;
}
