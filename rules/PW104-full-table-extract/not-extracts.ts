// Whole reads that are not extracts: SQL over a temporary view the job registered from its own
// frames, a read of the table the same code loads (the anti-join that keeps a re-run from
// appending rows twice, the pattern PW203 recommends), a database dump or backup script (a full
// copy is its purpose), a reference table read only to build an id → name mapping, a table
// staged for a bulk sync that expects every record each time.

import type { CallFact, ChunkFacts, FunctionFact, StringFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { ioOf, methodOf, SPARK_TEMP_VIEW_METHODS, sqlCallOf } from '../../server/src/engine/knowledge';
import { tablesWritten, type TableRef } from '../../server/src/engine/sql';
import type { Scopes } from './scopes';
import type { Read } from './read';
import { resultVariable } from './stage';
import { wordOccurrences } from '../../server/src/engine/python/words';
import type { SourceText } from '../../server/src/engine/source-text';

const TEMP_VIEW_METHODS: ReadonlySet<string> = new Set(SPARK_TEMP_VIEW_METHODS);
const TEMP_VIEW_SQL = /^\s*create\s+(?:or\s+replace\s+)?(?:global\s+)?temp(?:orary)?\s+view\s+(?:if\s+not\s+exists\s+)?([\w.`"]+)/i;
/** Scripts whose purpose is a full copy: `create_database_dump.py`, `backup_tables.py`. */
const DUMP_SCRIPT = /(^|[\\/_\-.])(dump|backup)s?([_\-.][^\\/]*)?\.py$/i;

/** The bare, lower-cased name of a table (`raw.Orders` → `orders`). */
function bareName(name: string): string {
  const parts = name.replace(/[`"[\]]/g, '').split('.');
  return parts[parts.length - 1].toLowerCase();
}

/** Temporary views a statement registers: `df.createOrReplaceTempView("songs")`, `CREATE TEMP VIEW songs AS …`. */
export function tempViewsOf(calls: ChunkFacts['calls'], strings: readonly StringFact[]): string[] {
  const out: string[] = [];
  for (const call of calls) {
    const name = TEMP_VIEW_METHODS.has(methodOf(call.callee)) ? call.args[0]?.string?.value : undefined;
    if (name) out.push(bareName(name));
  }
  for (const s of strings) {
    const view = s.isFString ? null : TEMP_VIEW_SQL.exec(s.value);
    if (view) out.push(bareName(view[1]));
  }
  return out;
}

const moduleViews = new WeakMap<PythonFacts, Set<string>>();
/** A statement's views read nothing but its own calls' callees and string values: kept while it is the same object. */
const statementViews = new WeakMap<ChunkFacts, string[]>();

/** Every temporary view the module registers (other statements export theirs, see index.ts). */
export function tempViewsOfModule(py: PythonFacts): Set<string> {
  let views = moduleViews.get(py);
  if (views) return views;
  views = new Set();
  for (const chunk of py.rawChunks) {
    let own = statementViews.get(chunk);
    if (!own) statementViews.set(chunk, (own = tempViewsOf(chunk.calls, chunk.strings)));
    for (const view of own) views.add(view);
  }
  moduleViews.set(py, views);
  return views;
}

export function readsTempViews(tables: readonly TableRef[], py: PythonFacts): boolean {
  const views = tempViewsOfModule(py);
  return views.size > 0 && tables.every((t) => views.has(bareName(t.name)));
}

/**
 * The scope reads only tables it also writes: `existing = pd.read_sql("SELECT id FROM stations")`,
 * then the rows not in `existing` go to `to_sql("stations", …, if_exists="append")`.
 */
export function readsLoadTarget(tables: readonly TableRef[], fn: FunctionFact | null, scopes: Scopes): boolean {
  const written: string[] = [];
  const { py } = scopes;
  for (const call of scopes.callsOf(fn)) {
    const io = ioOf(call, py);
    const target = io && (io.kind === 'db-write' || io.kind === 'warehouse-load') ? io.target?.string : null;
    // `to_sql("orders", engine, schema="stg")` writes stg.orders.
    const schema = call.args.find((a) => a.kind === 'keyword' && a.name === 'schema')?.string?.value;
    if (target && !target.isFString) written.push(schema ? `${schema}.${target.value}` : target.value);
    const sql = sqlCallOf(call, py)?.arg.string;
    if (sql && !sql.isFString) for (const t of tablesWritten(sql.value)) written.push(t.name);
  }
  return written.length > 0 && tables.every((t) => written.some((w) => sameTable(t.name, w)));
}

/** The same table: equal names, or equal bare names when one of them is not qualified. */
function sameTable(a: string, b: string): boolean {
  const clean = (n: string) => n.replace(/[`"[\]]/g, '').toLowerCase();
  const [x, y] = [clean(a), clean(b)];
  return x === y || ((!x.includes('.') || !y.includes('.')) && bareName(x) === bareName(y));
}

export function isDumpScript(path: string): boolean {
  return DUMP_SCRIPT.test(path);
}

/** `{row["id"]: row["name"] for row in rows}`, `dict(zip(…))`: the rows become an id → label mapping. */
const MAPPING_VALUE = /^(?:\{[^:]*?:[\s\S]*?\bfor\b[\s\S]*\}|dict\s*\([\s\S]*\))$/;
const TO_DICT_AFTER = /^\s*(?:\.\s*set_index\s*\([^()]*\)\s*(?:\[[^\]\n]*\]\s*)?)?\.\s*to_dict\s*\(/;

/**
 * The rows read are only turned into a lookup mapping (ids to names, codes to labels): a small
 * reference table the stage maps its data with, read whole by nature, not an extract of changing
 * data. Every use of the result is inside a dict comprehension or `dict(…)`, or a `.to_dict()`.
 */
export function buildsLookup(read: Read, scopes: Scopes, text: SourceText): boolean {
  const fn = read.call.fn;
  const assignments = scopes.assignmentsIn(fn);
  const holderOf = (pos: number) => {
    let holder: (typeof assignments)[number] | undefined;
    for (const a of assignments) if (a.valueStart <= pos && pos < a.valueEnd && (!holder || a.valueStart >= holder.valueStart)) holder = a;
    return holder;
  };
  const isMapping = (pos: number) => {
    const holder = holderOf(pos);
    return holder !== undefined && MAPPING_VALUE.test(text.slice(holder.valueStart, holder.valueEnd).trim());
  };
  if (isMapping(read.result.start)) return true;
  const variable = resultVariable(read, scopes);
  if (!variable) return false;
  const end = fn ? fn.bodyEnd : text.length;
  const uses = wordOccurrences(text, variable, read.result.end, end);
  return uses.length > 0 && uses.every((at) => isMapping(at) || TO_DICT_AFTER.test(text.slice(at + variable.length, at + variable.length + 200)));
}

/** `PureSyncPersonData`, `users_to_sync`: the name says the table is staged as the input of a sync. */
function namesSyncStaging(name: string): boolean {
  const words = bareName(name.replace(/([a-z0-9])([A-Z])/g, '$1_$2')).split(/[_\-\s]+/);
  return words.includes('sync');
}

/**
 * Every table read is staged for a bulk sync (a full-sync feed: the target expects every record
 * each time and removes what is missing): the whole table is the sync's input by design.
 */
export function readsSyncStaging(tables: readonly TableRef[]): boolean {
  return tables.length > 0 && tables.every((t) => namesSyncStaging(t.name));
}

/**
 * A lazy read whose frame nobody keeps: the call is a statement of its own (a Databricks or
 * Jupyter `%sql` cell, a bare `spark.sql("SELECT …")`), so the rows are at most displayed.
 */
export function isDisplayedOnly(call: CallFact, scopes: Scopes, text: SourceText): boolean {
  if (scopes.assignmentsIn(call.fn).some((a) => a.valueStart <= call.start && call.end <= a.valueEnd)) return false;
  if (scopes.callsOf(call.fn).some((c) => c !== call && c.start <= call.start && call.end <= c.end)) return false;
  const lineStart = text.lastIndexOf('\n', call.start - 1) + 1;
  if (text.slice(lineStart, call.start).trim() !== '') return false;
  const lineEnd = text.indexOf('\n', call.end);
  return /^\s*(#.*)?$/.test(text.slice(call.end, lineEnd < 0 ? text.length : lineEnd));
}

/**
 * A lazy read bound to a name nothing reads afterwards (`games = spark.table("bronze.games")` in a
 * notebook cell whose frame no later cell uses): Spark reads only when an action runs, so no row
 * is ever read. A mention anywhere later, even in a string or comment, counts as a use.
 */
export function isNeverUsed(call: CallFact, scopes: Scopes, text: SourceText): boolean {
  const holder = scopes.assignmentsIn(call.fn).find((a) => a.valueStart <= call.start && call.end <= a.valueEnd);
  if (!holder || !/^[A-Za-z_]\w*$/.test(holder.target)) return false;
  if (text.slice(holder.valueStart, holder.valueEnd).trim() !== text.slice(call.start, call.end)) return false;
  const end = call.fn ? call.fn.end : text.length;
  return wordOccurrences(text, holder.target, holder.valueEnd, end).length === 0;
}
