// Spark reads of a whole table: `spark.read.jdbc(url, table)` without `predicates=`, a JDBC (or
// Snowflake/BigQuery connector) read whose `dbtable`/`query` option names what it reads,
// `spark.table(name)` and `spark.read.table(name)` (not `spark.readStream…`: a streaming read is
// incremental). Spark reads are lazy: a later
// `.filter()`/`.where()` pushes the predicate into the read (see stage.ts).

import type { ArgFact, CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { ioOf, isStreamingRead, methodOf, resolvedCallee, sparkFormat, sqlCallOf } from '../../server/src/engine/knowledge';
import type { Read } from './read';

/** Reader options naming what a connector reads (`.option("dbtable", t)`, `.options(query=q)`). */
const SOURCE_OPTIONS = new Set(['dbtable', 'query', 'table']);

interface SourceOption {
  key: string;
  arg: ArgFact;
}

/** The `dbtable`/`query` option of a reader chain, also when the reader was bound to a name first. */
function sourceOption(call: CallFact, py: PythonFacts, depth = 0): SourceOption | null {
  for (const inner of py.callsIn(call.start, call.calleeEnd)) {
    if (inner.start !== call.start || inner.end > call.calleeEnd) continue;
    const method = methodOf(inner.callee);
    if (method === 'option') {
      const key = inner.args[0]?.string?.value.toLowerCase() ?? '';
      const value = inner.args.filter((a) => a.kind === 'positional')[1];
      if (SOURCE_OPTIONS.has(key) && value) return { key, arg: value };
    } else if (method === 'options') {
      const keyword = inner.args.find((a) => a.kind === 'keyword' && SOURCE_OPTIONS.has((a.name ?? '').toLowerCase()));
      if (keyword) return { key: keyword.name!.toLowerCase(), arg: keyword };
    }
  }
  const head = /^[A-Za-z_]\w*/.exec(call.callee)?.[0];
  if (!head || depth > 1 || call.fn === null) return null;
  const bound = py.lastAssignment(head, call.fn, call.start);
  return bound?.call && bound.fn === call.fn ? sourceOption(bound.call, py, depth + 1) : null;
}

export function sparkReadOf(call: CallFact, py: PythonFacts): Read | null {
  const io = ioOf(call, py);
  if (!io?.spark || (io.kind !== 'db-read' && io.kind !== 'warehouse-query') || sqlCallOf(call, py)) return null;
  // A streaming read (declarative pipelines, Auto Loader) reads only what arrived since its checkpoint.
  if (isStreamingRead(resolvedCallee(call, py), call, py)) return null;
  const method = methodOf(call.callee);
  if (method === 'jdbc') {
    if (call.args.some((a) => a.name === 'predicates')) return null;
    const arg = call.args.find((a) => a.kind === 'keyword' && a.name === 'table') ?? call.args.filter((a) => a.kind === 'positional')[1];
    return arg ? { call, kind: 'table', arg, label: call.callee, result: call, lazy: true } : null;
  }
  const option = sourceOption(call, py);
  const label = `spark.read.format("${sparkFormat(call, py) ?? 'jdbc'}")`;
  if (option) return { call, kind: option.key === 'query' ? 'query' : 'table', arg: option.arg, label, result: call, lazy: true };
  // spark.table(name), spark.read.table(name), a connector's load("project.dataset.table").
  if (!io.target || (method !== 'table' && io.kind !== 'warehouse-query')) return null;
  return { call, kind: 'table', arg: io.target, label: method === 'table' ? call.callee : label, result: call, lazy: true };
}
