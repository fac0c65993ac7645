// Spark reads of a whole table: `spark.read.jdbc(url, table)` without `predicates=`/`column=`,
// the JDBC `dbtable`/`query` option, `spark.table(name)`. Spark reads are lazy: a later
// `.filter()`/`.where()` pushes the predicate into the read (see stage.ts).

import type { CallFact } from '../../server/src/engine/python/facts';
import { receiverOf } from '../../server/src/engine/knowledge';
import type { Read, ReadKind } from './read';

export function sparkReadOf(call: CallFact, method: string): Read | null {
  if (method === 'jdbc' && /\.read$/.test(receiverOf(call.callee))) {
    if (call.args.some((a) => a.name === 'predicates' || a.name === 'column')) return null;
    const arg = call.args.find((a) => a.kind === 'keyword' && a.name === 'table') ?? call.args.filter((a) => a.kind === 'positional')[1];
    return arg ? { call, kind: 'table', arg, label: call.callee, result: call, lazy: true } : null;
  }
  if (method === 'option' && /\.read(\(\))?\./.test(call.callee) && /^(dbtable|query)$/.test(call.args[0]?.string?.value ?? '')) {
    const arg = call.args.filter((a) => a.kind === 'positional')[1];
    const kind: ReadKind = call.args[0].string!.value === 'query' ? 'query' : 'table';
    return arg ? { call, kind, arg, label: 'spark.read.format("jdbc")', result: call, lazy: true } : null;
  }
  return null;
}
