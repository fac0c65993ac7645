// What one function (or the script: module-level code) does that can make a load safe to re-run,
// in source order: the tables its SQL clears (DELETE/TRUNCATE/DROP/CREATE OR REPLACE/INSERT
// OVERWRITE, SQLAlchemy `delete()`), upserts or MERGEs (and from which tables), reads (an existence
// check or a watermark before a load), the helpers it calls by names that clear, merge or dedupe,
// SQL handed in by its caller that it runs (`self.pg_preoperator`), and the calls that may reach
// other functions of the module. `digestOf` is what other statements read of a summary (exported).

import type { CallFact, ChunkFacts, FunctionFact, StringFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { ioOf, roleOf, sqlCallOf, writeModeOf } from '../../server/src/engine/knowledge';
import { statementKind, tablesRead, tokenizeSql } from '../../server/src/engine/sql';
import { sqlArgumentsOf, sqlHolders } from './sql-holders';
import { additiveUpsertColumn, clearedTables, isUpsertSql } from './sql-text';
import { interpolationText, targetFromSql, targetOfArg, UNKNOWN, type Target } from './targets';
import type { SourceText } from '../../server/src/engine/source-text';

export interface Upsert {
  at: number;
  /** The statement lower-cased (a target named anywhere in it counts). */
  text: string;
  /** The f-string fields it names (`{table}` → `table`). */
  fields: string[];
  /** Tables it reads from: a table loaded and then merged from is a staging table by use. */
  sources: string[];
}

export interface HelperCall {
  at: number;
  call: CallFact;
  /** The name's parts (`delete_partition` → delete, partition). */
  parts: string[];
}

export interface FunctionSummary {
  /**
   * `drop`: a DROP TABLE, which setup scripts run once rather than before every load. `replaced`:
   * a write that replaces the table (`if_exists="replace"`), matched only to a target of its kind.
   */
  clears: Array<{ at: number; target: Target; drop: boolean; replaced?: boolean }>;
  upserts: Upsert[];
  reads: Array<{ at: number; target: Target }>;
  helpers: HelperCall[];
  /** SQL the caller hands in, run here (`dest.run(self.pre_operator)`): it may clear the slice. */
  handedSql: number[];
  /** Calls that may reach another function of the module (bare names, `self.x`, `obj.x`). */
  calls: CallFact[];
  /** Positions of the function's parameters it runs as SQL (a helper such as `execute_sql(self, sql)`). */
  sqlParams: number[];
  /**
   * Rows the function selects only while unstamped and then stamps (`… WHERE token_id IS NULL`,
   * then `UPDATE trees SET token_id = …`): the stamped tables. A re-run selects nothing already loaded.
   */
  stamps: Array<{ at: number; table: string }>;
}

const CLEAR_HINT = /\b(delete|truncate|drop|replace|overwrite)\b/i;
const UPSERT_HINT = /\b(merge|conflict|duplicate|replace|not\s+exists)\b/i;
const SELECT_HINT = /\bselect\b/i;

const HELPER_VERBS = new Set(['delete', 'truncate', 'purge', 'dedupe', 'dedup', 'deduplicate', 'merge', 'upsert', 'overwrite', 'replace', 'clear', 'remove']);
const HELPER_RECEIVER = /^(self|cls|hook|\w*_hook|cur|cursor|conn|connection|engine|client|session|db|warehouse|loader|repo|repository|dao|\w*_(client|db|engine|conn|loader))$/i;
/** SQL an operator or helper is handed to run before or after its load (`pg_preoperator`, `pre_sql`, `post_operator`). */
const HANDED_SQL = /(^|[._])(pre|post)_?(operator|sql|query|queries|statement|statements|hook)s?$/i;

function nameParts(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/_+/).filter(Boolean);
}

// Per document version: a summary reads other statements (class attributes holding SQL, helpers
// that run a parameter as SQL), so it is not kept across edits. Whatever of another statement it
// reads, that statement exports (see index.ts), so a change there re-runs the module.
const SUMMARIES = new WeakMap<PythonFacts, Map<FunctionFact | null, FunctionSummary>>();

/** The summary of `fn` (null: the script's module-level code). */
export function summaryOf(py: PythonFacts, text: SourceText, fn: FunctionFact | null): FunctionSummary {
  let byFn = SUMMARIES.get(py);
  if (!byFn) SUMMARIES.set(py, (byFn = new Map()));
  let found = byFn.get(fn);
  if (!found) byFn.set(fn, (found = summarize(py, text, fn)));
  return found;
}

function summarize(py: PythonFacts, text: SourceText, fn: FunctionFact | null): FunctionSummary {
  const strings = (fn ? py.stringsIn(fn.start, fn.end) : py.strings).filter((s) => s.fn === fn);
  return summarizeFacts(py, text, fn, strings, py.ownFacts(fn).calls);
}

/**
 * The summary of the module-level code (and class bodies) of one top-level statement: the script's
 * summary is these, statement by statement, but for the stamps (an UPDATE and a SELECT of the
 * script in different statements) and the order of its lists. Not kept: a caller keeps what it needs.
 */
export function moduleLevelSummaryIn(py: PythonFacts, text: SourceText, statement: ChunkFacts): FunctionSummary {
  return summarizeFacts(py, text, null, statement.strings.filter((s) => s.fn === null), statement.calls.filter((c) => c.fn === null));
}

function summarizeFacts(py: PythonFacts, text: SourceText, fn: FunctionFact | null, ownStrings: readonly StringFact[], ownCalls: readonly CallFact[]): FunctionSummary {
  const summary: FunctionSummary = { clears: [], upserts: [], reads: [], helpers: [], handedSql: [], calls: [], sqlParams: [], stamps: [] };
  const strings: Array<{ str: StringFact; at: number }> = ownStrings.map((str) => ({ str, at: str.start }));
  const params = fn ? fn.params.filter((p) => p !== 'self' && p !== 'cls') : [];
  for (const call of ownCalls) {
    for (const arg of sqlArgumentsOf(call, py, text)) {
      const source = text.slice(arg.start, arg.end);
      if (HANDED_SQL.test(source) && !arg.string) summary.handedSql.push(call.start);
      if (params.includes(source)) summary.sqlParams.push(params.indexOf(source));
      if (arg.string) continue;
      // SQL the function runs from constants defined elsewhere (`hook.run(self.truncate_sql.format(t))`).
      for (const holder of sqlHolders(py, text, arg, call)) {
        if (fn && holder.start >= fn.start && holder.end <= fn.end) continue;
        for (const str of py.stringsIn(holder.start, holder.end)) strings.push({ str, at: call.start });
      }
    }
  }
  for (const { str, at } of strings) addSql(summary, str, at, text);
  addStamps(summary, strings);
  for (const call of ownCalls) addCall(summary, call, py, text);
  for (const list of [summary.clears, summary.upserts, summary.reads, summary.helpers]) list.sort((a, b) => a.at - b.at);
  return summary;
}

const UPDATE_SET = /^\s*update\s+([\w."`]+)(?:\s+(?:as\s+)?\w+)?\s+set\s+([\s\S]*?)(?:\bfrom\b|\bwhere\b|$)/i;

/** `UPDATE trees SET token_id = …, assigned = true`: the table and the columns it sets. */
function updatedColumns(sql: string): { table: string; columns: string[] } | null {
  const m = UPDATE_SET.exec(sql);
  if (!m) return null;
  const columns = [...m[2].matchAll(/(?:^|,)\s*(?:\w+\.)?"?(\w+)"?\s*=/g)].map((c) => c[1].toLowerCase());
  return columns.length > 0 ? { table: m[1].replace(/[`"]/g, '').toLowerCase(), columns } : null;
}

/**
 * An UPDATE that sets a column another statement of the function selects on (`WHERE token_id IS
 * NULL`, `AND assigned = false`): the selection is incremental, stamped as it is loaded.
 */
function addStamps(summary: FunctionSummary, strings: ReadonlyArray<{ str: StringFact; at: number }>): void {
  for (const { str, at } of strings) {
    const update = updatedColumns(str.value);
    if (!update) continue;
    const selects = update.columns.some((column) => strings.some(({ str: other }) => {
      if (other === str || !/\bselect\b/i.test(other.value)) return false;
      const predicate = /\b(where|on)\b([\s\S]*)$/i.exec(other.value)?.[2] ?? '';
      return new RegExp(`(^|[^\\w.])(\\w+\\.)?"?${column}"?\\s*(is\\s+null|is\\s+not\\s+true|=\\s*false|is\\s+false|=\\s*0\\b)`, 'i').test(predicate) || new RegExp(`\\bnot\\s+(\\w+\\.)?${column}\\b`, 'i').test(predicate);
    }));
    if (selects) summary.stamps.push({ at, table: update.table });
  }
}

function addSql(summary: FunctionSummary, str: StringFact, at: number, text: SourceText): void {
  if (str.isDocstring || str.value.length < 8) return;
  const clear = CLEAR_HINT.test(str.value);
  const upsert = UPSERT_HINT.test(str.value);
  const select = SELECT_HINT.test(str.value);
  if (!clear && !upsert && !select) return;
  const tokens = tokenizeSql(str.value);
  if (clear) for (const c of clearedTables(str.value, tokens)) summary.clears.push({ at, target: c.name ? targetFromSql(c.name, str, c.start, text) : UNKNOWN, drop: c.drop });
  // An additive upsert (`n = t.n + EXCLUDED.n`) is itself the non-idempotent load, not a merge that settles one.
  if (upsert && isUpsertSql(tokens) && !additiveUpsertColumn(tokens)) {
    const fields = str.interpolations.map((_, i) => interpolationText(str, text, i)).filter((f): f is string => f !== null);
    summary.upserts.push({ at, text: str.value.toLowerCase(), fields, sources: tablesRead(str.value).map((r) => r.name.toLowerCase()) });
  }
  if (select && statementKind(str.value) === 'select') {
    const refs = tablesRead(str.value);
    for (const ref of refs) summary.reads.push({ at, target: readTarget(ref.name, str, ref.start, text) });
    // `SELECT … FROM {} WHERE {} = %s`.format(table, key): a table named later.
    if (refs.length === 0 && /\bfrom\s+\{/i.test(str.value)) summary.reads.push({ at, target: UNKNOWN });
  }
}

/**
 * A table a SELECT reads; one named by a call in the f-string (`{self.table_ref(self.name)}`) is
 * kept as that expression, so a load into a variable bound to the same call matches it.
 */
function readTarget(name: string, str: StringFact, offset: number, text: SourceText): Target {
  const target = targetFromSql(name, str, offset, text);
  if (target.kind !== 'unknown' || name.replace(/[`"]/g, '') !== '\u0000') return target;
  const index = str.value.slice(0, offset).split('\u0000').length - 1;
  const slot = str.interpolations[index];
  if (!slot) return target;
  const inner = text.slice(slot.start + 1, slot.end - 1).replace(/\s+/g, '');
  return /^[A-Za-z_][\w.]*\([\w.,]*\)$/.test(inner) ? { kind: 'expr', text: inner } : target;
}

function addCall(summary: FunctionSummary, call: CallFact, py: PythonFacts, text: SourceText): void {
  // A write that replaces its table (`df.head(0).to_sql(t, …, if_exists="replace")`) empties it for what follows.
  const write = writeModeOf(call, py);
  const writesTable = (kind: string | undefined) => kind === 'db-write' || kind === 'warehouse-load';
  if (write?.effect === 'replace' && write.target && (write.library.id === 'spark' || writesTable(ioOf(call, py)?.kind))) {
    const { target } = targetOfArg(write.target, call, py, text);
    if (target.kind !== 'unknown') summary.clears.push({ at: call.start, target, drop: false, replaced: true });
  }
  const dot = call.callee.lastIndexOf('.');
  const method = call.callee.slice(dot + 1);
  const receiver = dot < 0 ? '' : call.callee.slice(0, dot);
  if (/^[A-Za-z_]\w*$/.test(receiver) || receiver === '') summary.calls.push(call);
  if (method === 'delete' && isCoreDelete(call, py)) {
    summary.clears.push({ at: call.start, target: UNKNOWN, drop: false });
    return;
  }
  // `pd.read_sql_table("orders", engine)`: a read of the table by name.
  if (roleOf(call, py) === 'read-table') {
    const target = ioOf(call, py)?.target;
    if (target?.string && target.string.interpolations.length === 0) summary.reads.push({ at: call.start, target: { kind: 'name', name: target.string.value } });
  }
  if (receiver && !HELPER_RECEIVER.test(receiver)) return;
  const parts = nameParts(method);
  if (!parts.some((p) => HELPER_VERBS.has(p)) || (parts.length === 1 && receiver === '')) return;
  // A library's own delete/replace (an object store's delete_object, a frame's drop_duplicates) clears no table.
  if (ioOf(call, py) || sqlCallOf(call, py)) return;
  summary.helpers.push({ at: call.start, call, parts });
}

/** SQLAlchemy `delete(table)`, `query.filter(…).delete()`, `orders_table.delete()`. */
function isCoreDelete(call: CallFact, py: PythonFacts): boolean {
  if (/\.(filter|filter_by|where)\(\)\.delete$/.test(call.callee) || /(^|_)(table|tbl)\.delete$/i.test(call.callee)) return true;
  return /^sqlalchemy\.(sql\.)?(expression\.)?delete$/.test(py.resolveCall(call));
}

/** What other statements read of a summary: every fact above, in order, without offsets. */
export function digestOf(summary: FunctionSummary, text: SourceText): string {
  const events: Array<[number, string]> = [
    ...summary.clears.map((c): [number, string] => [c.at, `C${c.drop ? 'drop ' : ''}${c.replaced ? 'replaced ' : ''}${targetKey(c.target)}`]),
    ...summary.upserts.map((u): [number, string] => [u.at, `U${u.text}|${u.fields.join(',')}`]),
    ...summary.reads.map((r): [number, string] => [r.at, `R${targetKey(r.target)}`]),
    ...summary.helpers.map((h): [number, string] => [h.at, `H${text.slice(h.call.start, h.call.end)}`]),
    ...summary.handedSql.map((at): [number, string] => [at, 'S']),
    ...summary.stamps.map((m): [number, string] => [m.at, `M${m.table}`]),
    // With the arguments: a caller handing a clearing helper and the loader the same table decides a load.
    ...summary.calls.map((c): [number, string] => [c.start, `K${text.slice(c.start, c.end)}`]),
  ];
  events.sort((a, b) => a[0] - b[0]);
  return `${events.map((e) => e[1]).join('\u0002')}\u0003${summary.sqlParams.join(',')}`;
}

function targetKey(target: Target): string {
  return target.kind === 'name' ? target.name : target.kind === 'expr' ? `{${target.text}}` : '?';
}
