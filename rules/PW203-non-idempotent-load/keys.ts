// The key an upsert fix can use: `id`, `<table>_id`, or a first column named like a key.

import type { FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { indexOf } from './module-index';
import { tableBaseName } from './targets';

function singular(name: string): string {
  if (/ies$/.test(name)) return `${name.slice(0, -3)}y`;
  if (/sses$|xes$/.test(name)) return name.slice(0, -2);
  if (/s$/.test(name) && !/ss$/.test(name)) return name.slice(0, -1);
  return name;
}

/** The conflict key: `id`, `<table>_id`, or a first column that looks like a key (`order_id`, `customer_key`). */
export function inferKey(columns: string[], table: string): string | null {
  const lower = columns.map((c) => c.toLowerCase());
  const base = tableBaseName(table);
  for (const candidate of ['id', `${singular(base)}_id`, `${base}_id`]) {
    const i = lower.indexOf(candidate);
    if (i >= 0) return columns[i];
  }
  return columns[0] && /(_id|_key|_uuid)$/i.test(columns[0]) ? columns[0] : null;
}

/** The key of a DataFrame load, from column names the module mentions (`df["order_id"]`, `subset=["order_id"]`). */
export function inferFrameKey(py: PythonFacts, fn: FunctionFact | null, table: string): string | null {
  const index = indexOf(py);
  const base = tableBaseName(table);
  for (const candidate of [`${singular(base)}_id`, `${base}_id`, 'id']) if (index.keyNames.has(candidate)) return candidate;
  return index.keyNamesByFn.get(fn)?.[0] ?? null;
}
