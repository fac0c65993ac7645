// SQLAlchemy reads of a whole table built in Python rather than SQL text: the ORM's
// `session.query(Order).all()` with no filter, and Core/2.0 statements `select(orders)` (no
// `.where(…)`) run with `execute` and fetched, or handed to `pd.read_sql`.

import type { ArgFact, CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { methodOf, ORM_SESSION, QUERY_NARROWING_METHODS, QUERY_ROW_METHODS, roleOf } from '../../server/src/engine/knowledge';
import type { TableRef } from '../../server/src/engine/sql';
import { isKeyColumn } from './extract';
import type { Read } from './read';
import type { SourceText } from '../../server/src/engine/source-text';

const NARROWING: ReadonlySet<string> = new Set(QUERY_NARROWING_METHODS);
const ROW_METHODS: ReadonlySet<string> = new Set(QUERY_ROW_METHODS);

/** A table reference for a name written in Python (`Order`, `orders`, `schema.orders`). */
export function tableRefOf(name: string): TableRef {
  return { name, parts: name.split('.'), start: 0, end: 0 };
}

/** The methods chained after `head()` in a dotted callee (`select().limit` → ['limit']). */
function chainAfter(callee: string, head: string): string[] | null {
  const at = callee.indexOf(`${head}()`);
  if (at < 0) return null;
  return callee.slice(at + head.length + 2).split('.').filter(Boolean).map((m) => m.replace(/\(\)$/, ''));
}

/** `session.query(Order)….all()` without a filter: every row of the model's table. */
export function ormReadOf(call: CallFact, py: PythonFacts, text: SourceText): Read | null {
  const method = methodOf(call.callee);
  if (!ROW_METHODS.has(method)) return null;
  const query = py.callsIn(call.start, call.calleeEnd).find((c) => c.start === call.start && methodOf(c.callee) === 'query' && ORM_SESSION.test(c.callee.slice(0, -'.query'.length)));
  if (!query) return null;
  const chain = chainAfter(call.callee, query.callee) ?? [];
  if (chain.some((m) => NARROWING.has(m))) return null;
  const model = query.args.find((a) => a.kind === 'positional');
  if (!model) return null;
  // `query(Silver.source_id).distinct()`: the keys already there (the processed set), not the rows' data.
  const columns = query.args.filter((a) => a.kind === 'positional').map((a) => text.slice(a.start, a.end));
  if (columns.every((c) => /^[A-Za-z_]\w*\.\w+$/.test(c)) && (chain.includes('distinct') || columns.every((c) => isKeyColumn(c.split('.')[1])))) return null;
  // `query(Order)`, `query(Order.id)`: the model's table.
  const name = text.slice(model.start, model.end).split('.')[0];
  return { call, kind: 'table', arg: model, tables: [tableRefOf(name)], label: `${query.callee}(…).${method}`, result: call, lazy: false, limitOnly: chain.includes('limit') };
}

/**
 * The tables a Core statement passed to execute or read_sql reads when it does not filter
 * (`select(orders)`, `select(Order).limit(10)`); 'filtered' when it does; null when the argument
 * is no `select(…)` statement.
 */
export function coreSelect(arg: ArgFact, fn: FunctionFact | null, py: PythonFacts, text: SourceText): { tables: TableRef[]; limitOnly: boolean } | 'filtered' | null {
  let outer: CallFact | undefined;
  if (arg.shape.kind === 'call') outer = py.callsIn(arg.start, arg.end).find((c) => c.start === arg.start && c.end === arg.end);
  else if (arg.shape.kind === 'name') outer = py.lastAssignment(text.slice(arg.start, arg.end), fn, arg.start)?.call ?? undefined;
  if (!outer) return null;
  const select = py.callsIn(outer.start, outer.calleeEnd + 1).find((c) => c.start === outer!.start && roleOf(c, py) === 'sql-text' && methodOf(py.resolveCall(c)) === 'select');
  const statement = select ?? (roleOf(outer, py) === 'sql-text' && methodOf(py.resolveCall(outer)) === 'select' ? outer : undefined);
  if (!statement) return null;
  const chain = statement === outer ? [] : chainAfter(outer.callee, statement.callee) ?? [];
  if (chain.some((m) => NARROWING.has(m))) return 'filtered';
  const names = statement.args.filter((a) => a.kind === 'positional').map((a) => text.slice(a.start, a.end).split('.')[0]).filter((n) => /^[A-Za-z_]\w*$/.test(n));
  if (names.length === 0) return null;
  return { tables: [...new Set(names)].map(tableRefOf), limitOnly: chain.includes('limit') };
}
