// What a read extracts: the tables of its query (or the table it names), whether it filters,
// samples with LIMIT only, or is parameterised by the run; allow-listed and metadata tables.

import type { ArgFact, CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { findTopLevelClause, hasWhereClause, isScalarAggregate, looksLikeSql, selectItems, statementKind, tablesRead, tokenizeSql, type TableRef } from '../../server/src/engine/sql';
import { analysisText, type SqlSources, type SqlTemplate } from '../support/sql-sources';
import type { Read } from './read';
import { unloadedQuery } from './unload';
import type { SourceText } from '../../server/src/engine/source-text';

export interface Extract {
  tables: TableRef[];
  /** The full analysis text of the query (null for a table read). */
  sql: string | null;
  template: SqlTemplate | null;
  limitOnly: boolean;
}

const TABLE_NAME = /^[A-Za-z_\u0000][\w$\u0000]*(\.[A-Za-z_\u0000][\w$\u0000]*)*$|^["`[]/;

/** `text("…")` wrapped around the query: the argument of text(). */
export function unwrapText(arg: ArgFact, py: PythonFacts, fn: FunctionFact | null, text: SourceText): ArgFact {
  let call: CallFact | undefined;
  if (arg.shape.kind === 'call') call = py.callsIn(arg.start, arg.end).find((c) => c.start === arg.start && c.end === arg.end);
  else if (arg.shape.kind === 'name') call = py.lastAssignment(text.slice(arg.start, arg.end), fn, arg.start)?.call ?? undefined;
  if (call && /^sqlalchemy(\.sql)?(\.expression)?\.text$/.test(py.resolveCall(call)) && call.args[0]) return call.args[0];
  return arg;
}

export function extractOf(read: Read, sources: SqlSources, py: PythonFacts, text: SourceText): Extract | null {
  if (read.tables) return { tables: read.tables, sql: null, template: null, limitOnly: read.limitOnly ?? false };
  if (!read.arg) return null;
  const arg = unwrapText(read.arg, py, read.call.fn, text);
  const template = sources.templateOfArg(arg, read.call.fn);
  // `query += " WHERE …"` later (often under an `if`): the predicate may be in the part not seen.
  if (!template || template.extended) return null;
  const body = analysisText(template).trim().replace(/;\s*$/, '');
  if (read.kind === 'table' || (read.kind === 'query' && /\.read_sql$/.test(py.resolveCall(read.call)) && !looksLikeSql(body) && TABLE_NAME.test(body))) {
    if (body.startsWith('(')) return queryExtract(body.replace(/^\(([\s\S]*)\)\s*\w*$/, '$1'), template);
    const tables = tablesRead(`SELECT * FROM ${body}`);
    return tables.length === 1 ? { tables, sql: null, template, limitOnly: false } : null;
  }
  if (read.kind === 'unload') {
    const unloaded = unloadedQuery(body);
    if (!unloaded) return null;
    if ('query' in unloaded) return queryExtract(unloaded.query, template);
    const tables = tablesRead(`SELECT * FROM ${unloaded.table}`);
    return tables.length === 1 ? { tables, sql: null, template, limitOnly: false } : null;
  }
  if (read.kind === 'copy') {
    const match = /^\s*copy\s*\(([\s\S]*)\)\s*to\b/i.exec(body);
    if (match) return queryExtract(match[1], template);
    const table = /^\s*copy\s+([\w."`\u0000]+)\s*(\([^)]*\))?\s*to\b/i.exec(body);
    if (!table) return null;
    const tables = tablesRead(`SELECT * FROM ${table[1]}`);
    return tables.length === 1 ? { tables, sql: null, template, limitOnly: false } : null;
  }
  return queryExtract(body, template);
}

const COMPARISONS = new Set(['=', '<', '>', '<=', '>=', '<>', '!=']);

/**
 * A predicate outside WHERE that takes a run-time value (`JOIN … ON … AND o.ds = %s`,
 * `QUALIFY … > '{since}'`): the query is parameterised by run, not a fixed full read.
 * Placeholders after LIMIT/OFFSET only size a sample.
 */
export function hasRunValuePredicate(sql: string): boolean {
  const tokens = tokenizeSql(sql);
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k];
    const prev = tokens[k - 1];
    if (t.type === 'placeholder' && !['LIMIT', 'OFFSET', 'TOP', 'FIRST'].includes(prev.upper)) return true;
    if ((t.type === 'string' || t.type === 'word' || t.type === 'number') && /\u0000/.test(t.text) && COMPARISONS.has(prev.text)) return true;
  }
  return false;
}

/** `SELECT DISTINCT symbol FROM t`: the list of a key's values, a lookup rather than an extract. */
function isDistinctKeyList(sql: string): boolean {
  return /^\s*select\s+distinct\s/i.test(sql) && selectItems(sql)?.length === 1;
}

/** A key column: `id`, `store_id`, `order_key`, `sourceId` (qualified or quoted too). */
const KEY_COLUMN = /^(?:[\w"`]+\.)?["`]?(?:id|\w+_id|\w+_key|[a-z]\w*Id)["`]?$/;

/** A column name that identifies rows rather than describing them. */
export function isKeyColumn(name: string): boolean {
  return KEY_COLUMN.test(name.trim());
}

/**
 * `SELECT store_id FROM stores`: only the key columns of one table — which rows exist or were
 * processed already (the list to pick unprocessed rows against, the ids to loop over), not the
 * rows' data.
 */
function isKeyList(sql: string): boolean {
  const items = selectItems(sql);
  return items !== null && items.length > 0 && items.every(isKeyColumn) && tablesRead(sql).length === 1;
}

/** `SELECT … FROM STREAM(bronze)` / `FROM STREAM bronze` (Databricks declarative pipelines): an incremental read. */
function readsStream(sql: string): boolean {
  const tokens = tokenizeSql(sql);
  return tokens.some((t, k) => t.upper === 'STREAM' && (tokens[k - 1]?.upper === 'FROM' || tokens[k - 1]?.upper === 'JOIN'));
}

/** `… LIMIT 1` (SQL or SOQL): one row, a lookup rather than an extract. */
function readsOneRow(sql: string): boolean {
  const at = findTopLevelClause(sql, 'LIMIT');
  return at >= 0 && /^LIMIT\s+1\b(?!\s*,)/i.test(sql.slice(at));
}

export function queryExtract(sql: string, template: SqlTemplate | null): Extract | null {
  if (statementKind(sql) !== 'select') return null;
  if (hasWhereClause(sql) || readsStream(sql) || isScalarAggregate(sql) || hasRunValuePredicate(sql) || isDistinctKeyList(sql) || isKeyList(sql) || readsOneRow(sql)) return null;
  const tables = tablesRead(sql);
  if (tables.length === 0) return null;
  return { tables, sql, template, limitOnly: findTopLevelClause(sql, 'LIMIT') >= 0 || findTopLevelClause(sql, 'FETCH FIRST') >= 0 || /^\s*select\s+(distinct\s+)?top\b/i.test(sql) };
}

export function normalize(ref: TableRef): string {
  return ref.parts.join('.').toLowerCase();
}

export function allowListed(ref: TableRef, allow: ReadonlySet<string>): boolean {
  if (allow.size === 0) return false;
  const full = normalize(ref);
  const bare = ref.parts[ref.parts.length - 1].toLowerCase();
  return allow.has(full) || allow.has(bare);
}

/** How the message names the tables: `orders`, `{catalog}.{schema}.silver_customers` for a name built at run time. */
export function displayTable(tables: TableRef[], template: SqlTemplate | null): string {
  const names = tables.map((t) => (/\u0000|pw_constant|pw_fragment/.test(t.name) ? runtimeName(t.name, template) : t.name));
  const unique = [...new Set(names)];
  return unique.length <= 2 ? unique.join(' and ') : `${unique.slice(0, 2).join(', ')} and ${unique.length - 2} more tables`;
}

/** A table name with spliced parts, written with the expressions spliced in (`{schema}.orders`). */
function runtimeName(name: string, template: SqlTemplate | null): string {
  const at = template && !/pw_constant|pw_fragment/.test(name) ? template.text.indexOf(name) : -1;
  if (!template || at < 0) return 'a table named at run time';
  const bySlot = new Map<number, string>();
  for (const [slot, offset] of template.offsets) bySlot.set(offset, slot.expr);
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const expr = name[i] === '\u0000' ? bySlot.get(at + i) : undefined;
    if (name[i] === '\u0000' && (expr === undefined || expr.length > 32)) return 'a table named at run time';
    out += expr !== undefined ? `{${expr}}` : name[i];
  }
  return out;
}
