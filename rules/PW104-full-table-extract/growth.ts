// Whether what a read takes whole grows with time — what makes a full re-read a problem that gets
// worse every run. A reviewer flags a scheduled stage that re-reads events, facts, transactions or
// a change log in full, or rows that carry a change timestamp a watermark could use; a current-state
// snapshot (stores, a price list, a matrix of settings) with nothing to filter on is rebuilt whole
// by design. The evidence is named in the message.

import { methodOf, receiverOf } from '../../server/src/engine/knowledge';
import { selectItems, type TableRef } from '../../server/src/engine/sql';
import type { Extract } from './extract';
import type { Read } from './read';
import type { Scopes } from './scopes';
import { resultVariable } from './stage';

/**
 * Words of a table name that say rows are added over time: events, facts, transactions, orders,
 * a change log or the raw landing of one, readings and measurements.
 */
const GROWING_WORDS = new Set([
  'event', 'events', 'fact', 'facts', 'fct', 'transaction', 'transactions', 'txn', 'txns', 'order', 'orders',
  'sale', 'sales', 'history', 'historical', 'hist', 'click', 'clicks', 'pageview', 'pageviews', 'impressions',
  'message', 'messages', 'payment', 'payments', 'trade', 'trades', 'reading', 'readings', 'measurement',
  'measurements', 'observation', 'observations', 'bronze', 'cdc', 'changes', 'changelog', 'activity',
  'activities', 'invoice', 'invoices', 'shipment', 'shipments', 'ticket', 'tickets', 'posts', 'comments',
  'tweets', 'reviews', 'plays', 'listens', 'trips', 'rides', 'bookings', 'visits', 'requests', 'submissions',
  'ticks', 'quotes', 'candles', 'ohlcv', 'telemetry', 'metrics', 'streams', 'interactions',
]);

/** Columns that stamp when a row was written or changed: what a watermark filters on. */
const CHANGE_COLUMN = /^(?:(?:last_)?(?:updated|modified|changed|created|inserted|ingested|loaded|commit|update|modify|change|create|insert|ingest|load)(?:_?(?:at|on|ts|time|timestamp|date|dt))?|last_modified(?:_at|_date)?|last_updated|[a-z]*_?commit_ts|event_(?:time|ts|timestamp)|systemmodstamp|lastmodifieddate|_?ingestion_time)$/;

export type Growth = { kind: 'name'; word: string } | { kind: 'column'; column: string } | { kind: 'api-stamp'; column: string };

/**
 * The words of a table's own name, not its schema's (`bronze.regions` is a reference table kept in
 * the bronze layer): `raw.UserEvents` → user, events.
 */
function nameWords(ref: TableRef): string[] {
  return ref.parts
    .slice(-1)
    .flatMap((p) => p.replace(/\u0000/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/))
    .filter((w) => w.length > 0);
}

function bareColumn(item: string): string {
  // `expr AS alias` → `expr`, by words (a linear split, no backtracking pattern).
  const words = item.trim().split(/\s+/);
  if (words.length >= 3 && words[words.length - 2].toLowerCase() === 'as') words.length -= 2;
  const expression = words.join(' ');
  return expression.replace(/^(?:[\w"`]+\.)+/, '').replace(/["`]/g, '').toLowerCase();
}

/** Column names a Spark read is narrowed to right after (`spark.table(t).select("id", "updated_at")`, `df.select(…)`). */
function sparkSelectedColumns(read: Read, scopes: Scopes): string[] {
  const variable = resultVariable(read, scopes);
  const out: string[] = [];
  for (const c of scopes.callsOf(read.call.fn)) {
    if (c.start < read.call.start || !/^(select|selectExpr)$/.test(methodOf(c.callee))) continue;
    const on = receiverOf(c.callee);
    if (!c.callee.startsWith(`${read.call.callee}().`) && on !== variable) continue;
    for (const a of c.args) if (a.string && !a.string.isFString) out.push(a.string.value);
    // `F.col("updated_at").alias(…)`: the column named inside.
    for (const inner of scopes.py.callsIn(c.start, c.end)) if (inner !== c && methodOf(inner.callee) === 'col' && inner.args[0]?.string) out.push(inner.args[0].string.value);
  }
  return out;
}

/** Why the source grows, or null when nothing says it does (a current-state table, a name chosen at run time). */
export function growthOf(extract: Extract, read: Read, scopes: Scopes): Growth | null {
  for (const t of extract.tables) {
    const word = nameWords(t).reverse().find((w) => GROWING_WORDS.has(w));
    if (word) return { kind: 'name', word };
  }
  // Every record of the API carries a change stamp (Salesforce's SystemModstamp): a watermark can always be used.
  if (read.changeStamp) return { kind: 'api-stamp', column: read.changeStamp };
  const columns = [...(extract.sql !== null ? selectItems(extract.sql) ?? [] : []), ...(read.lazy ? sparkSelectedColumns(read, scopes) : [])].map(bareColumn);
  // A change stamp (updated_at) says more than a creation stamp (created_at): it is the one to name.
  const stamps = columns.filter((c) => CHANGE_COLUMN.test(c));
  const column = stamps.find((c) => /updat|modif|chang|commit/.test(c)) ?? stamps[0];
  return column ? { kind: 'column', column } : null;
}

/** The clause the message gives the evidence in: `an orders table that grows with every run`. */
export function growthClause(growth: Growth): string {
  if (growth.kind === 'api-stamp') return `though every record carries ${growth.column}, so a watermark can pick the changed ones`;
  if (growth.kind === 'column') return `though its rows carry ${growth.column}, so a watermark can pick the changed ones`;
  return `${/^[aeiou]/i.test(growth.word) ? 'an' : 'a'} ${growth.word} table that grows with every run`;
}
