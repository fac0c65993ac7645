// PW203 non-idempotent-load: loads that add the same rows again when a job is re-run —
// DataFrame appends (`to_sql`/`to_gbq`/`write_database` with append), BigQuery loads and
// streaming inserts that append, Snowflake `write_pandas` without overwrite, Airflow hooks'
// `insert_rows` without replace, executed SQL `INSERT INTO`, and `to_csv(mode="a")` to a fixed
// path. A load is fine when the same function clears the slice first (DELETE/TRUNCATE of the
// same table, or a helper named for it), upserts or MERGEs from it afterwards, or writes a
// staging/temporary table (the merge step often lives in another task).

import type { Fix, Rule, RuleContext, TextEdit } from '../server/src/engine/types';
import type { ArgFact, AssignmentFact, CallFact, ChunkFacts, FunctionFact, StringFact } from '../server/src/engine/python/facts';
import type { PythonFacts } from '../server/src/engine/python/python-facts';
import { addImportEdit } from '../server/src/engine/python/edits';
import { isDataFrameExpression } from '../server/src/engine/knowledge';
import { renderSnippet } from '../server/src/engine/snippets';
import { tablesWritten, tokenizeSql, type SqlToken } from '../server/src/engine/sql';
import { appendArgumentEdits, argAt, hasDictSplat, keywordArg, positionalArg } from './support/call-arguments';
import { textAssignment } from './support/sql-sources';

const ID = 'PW203';
const TITLE_PREFIX = `Pipewise (${ID}):`;

// ---------------------------------------------------------------------------------------------
// Per-document indexes (facts are immutable per document version)

interface Index {
  assignmentsByFn: Map<FunctionFact | null, AssignmentFact[]>;
  /** Column-like names (`id`, `order_id`) written as string literals, per function and in the whole module. */
  keyNames: Set<string>;
  keyNamesByFn: Map<FunctionFact | null, string[]>;
}

const INDEXES = new WeakMap<PythonFacts, Index>();

function indexOf(py: PythonFacts): Index {
  let index = INDEXES.get(py);
  if (index) return index;
  index = { assignmentsByFn: new Map(), keyNames: new Set(), keyNamesByFn: new Map() };
  for (const a of py.assignments) {
    const list = index.assignmentsByFn.get(a.fn);
    if (list) list.push(a);
    else index.assignmentsByFn.set(a.fn, [a]);
  }
  for (const s of py.strings) {
    if (s.value.length > 40 || s.interpolations.length > 0 || !/^(id|[a-z][a-z0-9_]*_id)$/.test(s.value)) continue;
    index.keyNames.add(s.value);
    const list = index.keyNamesByFn.get(s.fn);
    if (list) list.push(s.value);
    else index.keyNamesByFn.set(s.fn, [s.value]);
  }
  INDEXES.set(py, index);
  return index;
}

const STATEMENT_ASSIGNMENTS = new WeakMap<ChunkFacts, Map<FunctionFact | null, AssignmentFact[]>>();

function assignmentsIn(py: PythonFacts, fn: FunctionFact | null): AssignmentFact[] {
  // A function's assignments all lie in its top-level statement: index that one (kept across keystrokes).
  const owner = fn ? py.statementAt(fn.start) : undefined;
  if (!owner) return indexOf(py).assignmentsByFn.get(fn) ?? [];
  let byFn = STATEMENT_ASSIGNMENTS.get(owner);
  if (!byFn) {
    byFn = new Map();
    for (const a of owner.assignments) {
      const list = byFn.get(a.fn);
      if (list) list.push(a);
      else byFn.set(a.fn, [a]);
    }
    STATEMENT_ASSIGNMENTS.set(owner, byFn);
  }
  return byFn.get(fn) ?? [];
}

// ---------------------------------------------------------------------------------------------
// Table references

/** A load or SQL target: a literal name, a Python expression holding it, or unknown (`%s`, `{}`). */
type Target = { kind: 'name'; name: string } | { kind: 'expr'; text: string } | { kind: 'unknown' };

const UNKNOWN: Target = { kind: 'unknown' };

function lastSegment(name: string): string {
  const parts = name.split('.');
  return parts[parts.length - 1].replace(/^[`"[]|[`"\]]$/g, '').toLowerCase();
}

const STAGING_PART = /^(stg|stage|staging|tmp|temp|temporary|scratch|landing)$/;

/** Staging and temporary tables (`orders_staging`, `stg_orders`, `staging.orders`, `#tmp_orders`, `orders_tmp`). */
function isStagingName(name: string): boolean {
  const lower = name.toLowerCase().replace(/[`"[\]]/g, '');
  if (lower.startsWith('#') || lower.includes('staging')) return true;
  return lower.split(/[._$\s-]+/).some((part) => STAGING_PART.test(part));
}

/** Tables whose rows are meant to accumulate: run logs and audit trails. */
function isAppendOnlyLog(name: string): boolean {
  return /(^|_)(log|logs|audit|audits|audit_trail|run_history|runs|job_runs|etl_runs|heartbeat|heartbeats)$/.test(lastSegment(name));
}

function sameTarget(a: Target, b: Target): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return true;
  if (a.kind === 'name' && b.kind === 'name') return lastSegment(a.name) === lastSegment(b.name);
  if (a.kind === 'expr' && b.kind === 'expr') return a.text === b.text;
  return true;
}

function displayTarget(target: Target): string {
  if (target.kind === 'name') return target.name.length > 60 ? `…${target.name.slice(-58)}` : target.name;
  if (target.kind === 'expr') return target.text.length > 40 ? 'the target table' : target.text;
  return 'the target table';
}

function isStagingTarget(target: Target): boolean {
  if (target.kind === 'name') return isStagingName(target.name);
  if (target.kind === 'expr') return /staging|(^|[._])(stg|tmp|temp)([._]|$)/i.test(target.text);
  return false;
}

/** The interpolation source (`table`, `self.table`) behind the n-th U+0000 of an f-string. */
function interpolationText(str: StringFact, text: string, index: number): string | null {
  const slot = str.interpolations[index];
  if (!slot) return null;
  const inner = text.slice(slot.start + 1, slot.end - 1).replace(/(![rsa])?(:[^{}]*)?$/, '').trim();
  return /^[A-Za-z_][\w.]*$/.test(inner) ? inner : null;
}

function countNul(text: string): number {
  return text.split('\u0000').length - 1;
}

/** A table named inside SQL text: a literal name, the f-string field it comes from, or unknown. */
function targetFromSql(name: string, str: StringFact | null, valueOffset: number, text: string): Target {
  if (name.includes('\u0000')) {
    const tail = name.slice(name.lastIndexOf('\u0000') + 1);
    if (/^\.[A-Za-z_]\w*$/.test(tail)) return { kind: 'name', name: tail.slice(1) }; // `{schema}.orders`
    if (tail !== '' || !str) return UNKNOWN; // `{base}_daily`
    // `{table}` or `{schema}.{table}`: the last field names the table.
    const index = countNul(str.value.slice(0, valueOffset)) + countNul(name) - 1;
    const expression = interpolationText(str, text, index);
    return expression ? { kind: 'expr', text: expression } : UNKNOWN;
  }
  if (/[{}%?:@]/.test(name) || name === '') return UNKNOWN;
  return { kind: 'name', name };
}

// ---------------------------------------------------------------------------------------------
// Per-function evidence: slices cleared (DELETE/TRUNCATE…), upserts/MERGEs, names mentioned

interface Clear {
  target: Target;
}

interface FunctionSql {
  clears: Clear[];
  /** Upsert/MERGE statements: their text (lower-cased) and f-string field sources. */
  upserts: Array<{ text: string; fields: string[] }>;
  /** Calls to helpers that clear, dedupe or merge (`delete_partition(engine, day)`). */
  helperCalls: CallFact[];
}

const CLEAR_HINT = /\b(delete|truncate|drop|replace|overwrite)\b/i;
const UPSERT_HINT = /\b(merge|conflict|duplicate|replace|not\s+exists)\b/i;

function isUpsertSql(tokens: readonly SqlToken[]): boolean {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== 'word') continue;
    const next = tokens[k + 1]?.upper;
    if (t.upper === 'MERGE' && (next === 'INTO' || tokens.some((x) => x.upper === 'USING'))) return true;
    if (t.upper === 'ON' && (next === 'CONFLICT' || (next === 'DUPLICATE' && tokens[k + 2]?.upper === 'KEY'))) return true;
    if (t.upper === 'INSERT' && (next === 'IGNORE' || (next === 'OR' && ['REPLACE', 'IGNORE'].includes(tokens[k + 2]?.upper ?? '')))) return true;
    if (t.upper === 'REPLACE' && next === 'INTO' && (k === 0 || tokens[k - 1].text === ';')) return true;
  }
  return false;
}

/** Tables a statement clears or replaces: DELETE FROM, TRUNCATE, DROP TABLE, CREATE OR REPLACE TABLE, INSERT OVERWRITE. */
function clearedTables(value: string, tokens: readonly SqlToken[]): Array<{ name: string; start: number }> {
  const out: Array<{ name: string; start: number }> = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== 'word') continue;
    const next = tokens[k + 1]?.upper;
    const clears =
      (t.upper === 'DELETE' && next === 'FROM') ||
      (t.upper === 'TRUNCATE' && (k === 0 || tokens[k - 1].text === ';' || tokens[k - 1].text === '(')) ||
      (t.upper === 'DROP' && next === 'TABLE') ||
      (t.upper === 'CREATE' && next === 'OR' && tokens[k + 2]?.upper === 'REPLACE') ||
      (t.upper === 'INSERT' && next === 'OVERWRITE');
    if (!clears) continue;
    const ref = tablesWritten(value.slice(t.start))[0];
    if (ref) out.push({ name: ref.name, start: t.start + ref.start });
    else out.push({ name: '', start: t.start });
  }
  return out;
}

const HELPER_VERBS = new Set(['delete', 'truncate', 'purge', 'dedupe', 'dedup', 'deduplicate', 'merge', 'upsert', 'overwrite', 'replace']);
// `merge_data(a, b)` and `replace_nulls(df)` are frame helpers: a verb alone is not enough, the
// name must also say what it clears (or the call must pass the loaded table).
const HELPER_OBJECTS = new Set(['table', 'tables', 'partition', 'partitions', 'rows', 'records', 'slice', 'day', 'days', 'date', 'dates', 'existing', 'old', 'batch', 'period', 'range', 'staging', 'duplicates', 'dupes']);
const HELPER_RECEIVER = /^(self|cls|hook|\w*_hook|cur|cursor|conn|connection|engine|client|session|db|warehouse|loader|repo|repository|dao|\w*_(client|db|engine|conn|loader))$/i;

function nameParts(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/_+/).filter(Boolean);
}

/** A call that, by its name, clears or merges the slice being loaded (`delete_partition(engine, day)`, `self.merge_staging()`). */
function isSliceHelper(call: CallFact, py: PythonFacts): boolean {
  const dot = call.callee.lastIndexOf('.');
  const method = call.callee.slice(dot + 1);
  const receiver = dot < 0 ? '' : call.callee.slice(0, dot);
  if (receiver && !HELPER_RECEIVER.test(receiver)) return false;
  const parts = nameParts(method);
  if (!parts.some((p) => HELPER_VERBS.has(p)) || (parts.length === 1 && receiver === '')) return false;
  return !/^(boto3|botocore|os|shutil|pathlib|requests|httpx|google\.cloud\.storage|pandas|polars)\b/.test(py.resolveCall(call));
}

/** Where the SQL passed as `arg` is written: the argument itself, or the assignment of the name it passes. */
const CONCAT_HEAD = /^([A-Za-z_]\w*)\s*\+/;

function sqlHolder(py: PythonFacts, text: string, arg: ArgFact, call: CallFact): { start: number; end: number } | null {
  if (arg.string || py.stringsIn(arg.start, arg.end).length > 0) return { start: arg.start, end: arg.end };
  const source = text.slice(arg.start, arg.end);
  const name = /^([A-Za-z_][\w.]*)(\s*%[\s\S]*|\.format\([\s\S]*\))?$/.exec(source)?.[1] ?? /^[\w.]+\(\s*([A-Za-z_][\w.]*)\s*\)$/.exec(source)?.[1];
  if (!name) return null;
  let assignment: AssignmentFact | undefined;
  if (/^[A-Za-z_]\w*$/.test(name)) assignment = textAssignment(py, text, name, call.fn, call.start) ?? undefined;
  else if (/^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(name)) {
    // A class attribute: `self.sql_template`, `cls.SQL`, `LoadFactOperator.sql_template`.
    const [owner, attribute] = name.split('.');
    const className = owner === 'self' || owner === 'cls' ? call.fn?.className : py.classes.some((c) => c.name === owner) ? owner : undefined;
    if (className) assignment = assignmentsIn(py, null).find((a) => a.className === className && a.target === attribute);
  }
  return assignment ? { start: assignment.valueStart, end: assignment.valueEnd } : null;
}


/** The arguments of an executing call that may carry SQL. */
function sqlArguments(call: CallFact, method: string): ArgFact[] {
  const operator = /Operator$/.test(method);
  return call.args.filter((a) => a.kind === 'positional' || (a.kind === 'keyword' && (operator ? a.name === 'sql' || a.name === 'configuration' : SQL_KEYWORDS.has(a.name ?? ''))));
}

class Evidence {
  private readonly byFunction = new Map<FunctionFact | null, FunctionSql>();

  constructor(private readonly py: PythonFacts, private readonly text: string) {}

  of(fn: FunctionFact | null): FunctionSql {
    let found = this.byFunction.get(fn);
    if (!found) {
      found = this.collect(fn);
      this.byFunction.set(fn, found);
    }
    return found;
  }

  private collect(fn: FunctionFact | null): FunctionSql {
    const result: FunctionSql = { clears: [], upserts: [], helperCalls: [] };
    const strings = (fn ? this.py.stringsIn(fn.start, fn.end) : this.py.strings).filter((str) => str.fn === fn);
    const calls = (fn ? this.py.callsIn(fn.start, fn.end) : this.py.calls).filter((call) => call.fn === fn);
    // SQL the function runs from constants defined elsewhere (`hook.run(self.truncate_sql.format(t))`).
    for (const call of calls) {
      const method = call.callee.slice(call.callee.lastIndexOf('.') + 1);
      if (!EXEC_METHODS.has(method) && !/Operator$/.test(method)) continue;
      for (const arg of sqlArguments(call, method)) {
        if (arg.string) continue;
        const holder = sqlHolder(this.py, this.text, arg, call);
        if (holder && (!fn || holder.start < fn.start || holder.end > fn.end)) strings.push(...this.py.stringsIn(holder.start, holder.end));
      }
    }
    for (const str of strings) {
      if (str.isDocstring || str.value.length < 8) continue;
      const clear = CLEAR_HINT.test(str.value);
      const upsert = UPSERT_HINT.test(str.value);
      if (!clear && !upsert) continue;
      const tokens = tokenizeSql(str.value);
      if (clear) for (const c of clearedTables(str.value, tokens)) result.clears.push({ target: c.name ? targetFromSql(c.name, str, c.start, this.text) : UNKNOWN });
      if (upsert && isUpsertSql(tokens)) {
        const fields = str.interpolations.map((_, i) => interpolationText(str, this.text, i)).filter((f): f is string => f !== null);
        result.upserts.push({ text: str.value.toLowerCase(), fields });
      }
    }
    for (const call of calls) {
      const isDelete = call.callee === 'delete' || call.callee.endsWith('.delete');
      const resolved = isDelete ? this.py.resolveCall(call) : '';
      if (resolved === 'sqlalchemy.delete' || /^sqlalchemy\.(sql\.)?(expression\.)?delete$/.test(resolved) || /\.(filter|filter_by|where)\(\)\.delete$/.test(call.callee) || /(^|_)(table|tbl)\.delete$/i.test(call.callee)) {
        result.clears.push({ target: UNKNOWN });
      } else if (isSliceHelper(call, this.py)) {
        result.helperCalls.push(call);
      }
    }
    return result;
  }

  /** Whether the function clears the target, upserts from it, or calls a helper about it. */
  handles(fn: FunctionFact | null, target: Target, targetSource: string | null): boolean {
    const sql = this.of(fn);
    if (sql.clears.some((c) => sameTarget(c.target, target))) return true;
    for (const upsert of sql.upserts) {
      if (target.kind === 'unknown') return true;
      if (target.kind === 'name' && new RegExp(`(^|[^a-z0-9_])${escapeRegExp(lastSegment(target.name))}([^a-z0-9_]|$)`).test(upsert.text)) return true;
      if (target.kind === 'expr' && upsert.fields.includes(target.text)) return true;
    }
    for (const call of sql.helperCalls) {
      const parts = nameParts(call.callee.slice(call.callee.lastIndexOf('.') + 1));
      if (parts.some((p) => HELPER_OBJECTS.has(p))) return true;
      if (target.kind === 'name' && parts.join('_').includes(lastSegment(target.name))) return true;
      if (targetSource && call.args.some((a) => this.text.slice(a.start, a.end) === targetSource)) return true;
    }
    return false;
  }
}

/** Rows kept only when absent from another frame: `~a.isin(b)`, `.isin(b) == False`, a merge's `left_only`. */
const ANTI_JOIN = /~\s*[\w.()[\]'",\s]*\.isin\s*\(|\.isin\s*\([^)]*\)\s*==\s*False|['"]left_only['"]/;
const TARGET_READS = /(^|\.)(read_sql|read_sql_query|read_sql_table|read_gbq|get_pandas_df)$/;

/** The words naming a load target in source text: the table's last name part, or the names in its expression. */
function targetWords(target: Target): string[] {
  if (target.kind === 'name') return [lastSegment(target.name)].filter((w) => w !== '');
  if (target.kind !== 'expr') return [];
  if (/^[A-Za-z_][\w.]*$/.test(target.text)) return [target.text];
  return [...target.text.matchAll(/\{\s*([A-Za-z_][\w.]*)/g)].map((m) => m[1]);
}

/** Whether `word` occurs in `haystack` as a whole (dotted) name, case-insensitively. */
function containsWord(haystack: string, word: string): boolean {
  const lower = haystack.toLowerCase();
  const needle = word.toLowerCase();
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + 1)) {
    if (!/[\w]/.test(lower[i - 1] ?? '') && !/[\w]/.test(lower[i + needle.length] ?? '')) return true;
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Python values

/** A literal string argument or the literal a simple name was last bound to. */
function literalValue(arg: ArgFact | undefined, call: CallFact, py: PythonFacts, text: string): { value: string; str: StringFact } | null {
  if (!arg) return null;
  if (arg.string) return arg.string.interpolations.length === 0 ? { value: arg.string.value, str: arg.string } : null;
  const source = text.slice(arg.start, arg.end);
  if (!/^[A-Za-z_]\w*$/.test(source)) return null;
  const assignment = py.lastAssignment(source, call.fn, call.start);
  if (!assignment || assignment.shape.kind !== 'literal' || assignment.valueType !== 'string') return null;
  const str = py.stringsIn(assignment.valueStart, assignment.valueEnd)[0];
  return str && str.interpolations.length === 0 ? { value: str.value, str } : null;
}

/** The table a load writes, from its table argument. */
function targetOfArg(arg: ArgFact | undefined, call: CallFact, py: PythonFacts, text: string): { target: Target; source: string | null; partitioned: boolean } {
  if (!arg) return { target: UNKNOWN, source: null, partitioned: false };
  const source = text.slice(arg.start, arg.end);
  const fromString = (str: StringFact): { target: Target; partitioned: boolean } => {
    const partitioned = str.value.includes('$');
    const value = str.value.split('$')[0];
    if (str.interpolations.length === 0) return { target: { kind: 'name', name: value }, partitioned };
    const tail = value.slice(value.lastIndexOf('\u0000') + 1);
    if (/^\.[A-Za-z_]\w*$/.test(tail)) return { target: { kind: 'name', name: tail.slice(1) }, partitioned };
    return { target: { kind: 'expr', text: source }, partitioned };
  };
  if (arg.string) return { ...fromString(arg.string), source };
  if (/^[A-Za-z_][\w.]*$/.test(source)) {
    const assignment = /^[A-Za-z_]\w*$/.test(source) ? py.lastAssignment(source, call.fn, call.start) : undefined;
    if (assignment) {
      const strings = py.stringsIn(assignment.valueStart, assignment.valueEnd);
      if (assignment.valueType === 'string' && strings[0]) return { ...fromString(strings[0]), source };
      // `dataset_ref.table("orders")`, `bigquery.TableReference(dataset_ref, "orders")`
      if (assignment.call && strings.length > 0 && /(\.table|TableReference|from_string)$/.test(assignment.call.callee)) {
        const last = strings[strings.length - 1];
        if (last.interpolations.length === 0) return { target: { kind: 'name', name: last.value }, source, partitioned: last.value.includes('$') };
      }
    }
    return { target: { kind: 'expr', text: source }, source, partitioned: false };
  }
  const strings = py.stringsIn(arg.start, arg.end);
  const last = strings[strings.length - 1];
  if (last && last.interpolations.length === 0 && /\.table\(/.test(source)) return { target: { kind: 'name', name: last.value }, source, partitioned: false };
  return { target: UNKNOWN, source, partitioned: false };
}

function statementPrefixOk(text: string, call: CallFact): { lineStart: number; indent: string } | null {
  const lineStart = text.lastIndexOf('\n', call.start - 1) + 1;
  const prefix = text.slice(lineStart, call.start);
  if (!/^[ \t]*([A-Za-z_][\w.]*(\s*:\s*[\w.[\], ]+)?\s*=\s*|return\s+)?$/.test(prefix)) return null;
  return { lineStart, indent: /^[ \t]*/.exec(prefix)![0] };
}

function statementEndsAfter(text: string, call: CallFact): number | null {
  const newline = text.indexOf('\n', call.end);
  const rest = text.slice(call.end, newline < 0 ? text.length : newline);
  if (!/^\s*(#.*)?$/.test(rest)) return null;
  return newline < 0 ? text.length : newline;
}

function namesUsedIn(fn: FunctionFact | null, py: PythonFacts, text: string, name: string): boolean {
  const scope = fn ? text.slice(fn.start, fn.end) : text;
  return new RegExp(`\\b${name}\\b`).test(scope) || (fn?.params.includes(name) ?? false) || py.bindings.has(name);
}

// ---------------------------------------------------------------------------------------------
// SQL dialect (for the upsert syntax a fix may write)

type Dialect = 'pg' | 'mysql' | 'warehouse' | 'unknown';

const PG_ROOTS = new Set(['psycopg2', 'psycopg', 'asyncpg', 'pg8000', 'sqlite3', 'aiosqlite', 'duckdb']);
const MYSQL_ROOTS = new Set(['pymysql', 'mysql', 'MySQLdb', 'aiomysql', 'mariadb']);
const WAREHOUSE_ROOTS = new Set(['snowflake', 'google', 'pyodbc', 'pymssql', 'cx_Oracle', 'oracledb', 'pyspark', 'databricks', 'redshift_connector', 'teradatasql', 'vertica_python', 'trino', 'pyathena', 'clickhouse_driver', 'clickhouse_connect', 'ibm_db']);

function dialectOfName(name: string): Dialect | null {
  const root = name.split(/[.(]/)[0];
  if (PG_ROOTS.has(root) || /PostgresHook|SqliteHook/.test(name)) return 'pg';
  if (MYSQL_ROOTS.has(root) || /MySqlHook/.test(name)) return 'mysql';
  if (WAREHOUSE_ROOTS.has(root) || (name.length <= 1_000 && /(Snowflake|BigQuery|Mssql|Oracle|Redshift|Databricks|Trino|Presto|Hive)\w*Hook/.test(name))) return 'warehouse';
  return null;
}

function urlDialect(url: string): Dialect | null {
  if (/^(postgres|postgresql|sqlite|duckdb|cockroachdb)\b/i.test(url)) return 'pg';
  if (/^(mysql|mariadb)\b/i.test(url)) return 'mysql';
  if (/^[a-z][\w+]*:\/\//i.test(url)) return 'warehouse';
  return null;
}

function moduleDialect(py: PythonFacts): Dialect {
  const found = new Set<Dialect>();
  for (const i of py.imports) {
    const d = dialectOfName(i.target);
    if (d) found.add(d);
  }
  for (const call of py.calls) {
    if (!call.callee.endsWith('create_engine') || !/create_engine$/.test(py.resolveCall(call))) continue;
    const url = call.args[0]?.string;
    const d = url ? urlDialect(url.value) : null;
    if (d) found.add(d);
  }
  if (found.size === 1) return [...found][0];
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Fixes

function bigqueryModule(py: PythonFacts): string | null {
  for (const [local, target] of py.bindings) if (target === 'google.cloud.bigquery') return local;
  return null;
}

interface BigQueryNames {
  /** How this file spells `LoadJobConfig`, and the import that spelling needs. */
  callee: string;
  calleeEdits: TextEdit[];
  /** How this file spells the `google.cloud.bigquery` module (for snippets), and its import. */
  module: string;
  moduleEdits: TextEdit[];
}

/** `bigquery.LoadJobConfig` under the file's own import names, plus the import to add if needed. */
function bigQueryNames(py: PythonFacts, text: string): BigQueryNames {
  const module = bigqueryModule(py);
  if (module) return { callee: `${module}.LoadJobConfig`, calleeEdits: [], module, moduleEdits: [] };
  const moduleEdits = addImportEditList(py, text, 'google.cloud.bigquery');
  for (const [local, target] of py.bindings) if (target === 'google.cloud.bigquery.LoadJobConfig') return { callee: local, calleeEdits: [], module: 'google.cloud.bigquery', moduleEdits };
  return { callee: 'google.cloud.bigquery.LoadJobConfig', calleeEdits: moduleEdits, module: 'google.cloud.bigquery', moduleEdits };
}

function addImportEditList(py: PythonFacts, text: string, module: string): TextEdit[] {
  const edit = addImportEdit(py, text, module);
  return edit ? [edit] : [];
}

const DATE_NAMES = ['run_date', 'execution_date', 'logical_date', 'partition_date', 'load_date', 'batch_date', 'snapshot_date', 'process_date', 'report_date', 'data_date'];

function dateVariable(fn: FunctionFact | null, py: PythonFacts): string | null {
  if (!fn) return null;
  for (const name of DATE_NAMES) {
    if (fn.params.includes(name)) return name;
    if (assignmentsIn(py, fn).some((a) => a.target === name)) return name;
  }
  return null;
}

function truncateTitle(target: Target): string {
  return `${TITLE_PREFIX} Set write_disposition="WRITE_TRUNCATE" (replaces the table ${displayTarget(target)} on each run)`;
}

/** What a `job_config=` says about the write disposition, when the rule can see it. */
interface ConfigInfo {
  /** The LoadJobConfig call, when the config is one written in this file. */
  call: CallFact | null;
  /** The value node setting write_disposition (keyword or attribute assignment), if any. */
  value: { start: number; end: number; text: string } | null;
  /** False when the config comes from elsewhere (a parameter, a helper, `**options`): nothing is reported. */
  known: boolean;
}

function jobConfigInfo(arg: ArgFact, load: CallFact, py: PythonFacts, text: string): ConfigInfo {
  const source = text.slice(arg.start, arg.end);
  let call: CallFact | undefined;
  let attributeValues: AssignmentFact[] = [];
  if (/^[A-Za-z_]\w*$/.test(source)) {
    const assignment = py.lastAssignment(source, load.fn, load.start);
    call = assignment?.call ?? undefined;
    const scopeFn = assignment?.fn ?? load.fn;
    const target = `${source}.write_disposition`;
    const scopes = scopeFn === load.fn ? [scopeFn] : [scopeFn, load.fn];
    attributeValues = scopes.flatMap((fn) => assignmentsIn(py, fn)).filter((a) => a.target === target && a.valueEnd <= load.start).sort((a, b) => a.valueEnd - b.valueEnd);
  } else {
    call = py.callsIn(arg.start, arg.end)[0];
    if (call && call.start !== arg.start) call = undefined;
  }
  if (!call || !/LoadJobConfig$/.test(py.resolveCall(call)) || hasDictSplat(call)) return { call: null, value: null, known: false };
  const lastAttribute = attributeValues[attributeValues.length - 1];
  if (lastAttribute) return { call, value: { start: lastAttribute.valueStart, end: lastAttribute.valueEnd, text: text.slice(lastAttribute.valueStart, lastAttribute.valueEnd) }, known: true };
  const keyword = keywordArg(call, 'write_disposition');
  if (keyword) return { call, value: { start: keyword.start, end: keyword.end, text: text.slice(keyword.start, keyword.end) }, known: true };
  return { call, value: null, known: true };
}

// ---------------------------------------------------------------------------------------------
// The checks

const BQ_LOADS = new Set(['load_table_from_dataframe', 'load_table_from_uri', 'load_table_from_file', 'load_table_from_json']);
const BQ_STREAMS = new Set(['insert_rows', 'insert_rows_json', 'insert_rows_from_dataframe']);
const FILE_WRITES = new Set(['to_csv', 'to_json', 'to_parquet']);
const EXEC_METHODS = new Set([
  'execute', 'executemany', 'execute_values', 'execute_batch', 'exec_driver_sql', 'executescript', 'run', 'query', 'sql', 'run_query',
  'run_sql', 'execute_query', 'execute_sql', 'execute_statement', 'execute_string',
]);
/** One test per call before anything is allocated: the method names any check above looks at. */
const CANDIDATE_CALLEE = /(?:^|\.)(?:save|saveAsTable|jdbc|to_sql|to_gbq|write_database|load_table_from_\w+|insert_rows\w*|write_pandas|to_csv|to_json|to_parquet|execute\w*|exec_driver_sql|run|query|sql|run_query|run_sql|\w*Operator)$/;
const SPARK_TABLE_SINKS = new Set(['save', 'saveAsTable', 'jdbc']);
const WATERMARK_FILTER = /\.(where|filter)$/;
const SPARK_WRITER = /\.write(\(\))?\./;
const SQL_KEYWORDS = new Set(['sql', 'query', 'statement', 'stmt', 'operation', 'configuration']);

class Pw203 {
  private readonly evidence: Evidence;
  private dialect: Dialect | undefined;
  /**
   * Strings reported for the call being checked. Another call running the same string reports it
   * again, and the linter keeps one: each call decides on its own, so statements stay independent.
   */
  private reportedInserts = new Set<StringFact>();
  /** Insert ranges already reported, with the statements whose calls reached them (one finding per range and statement). */
  private readonly insertRanges = new Map<string, Set<unknown>>();

  constructor(private readonly ctx: RuleContext, private readonly py: PythonFacts) {
    this.evidence = new Evidence(py, ctx.doc.text);
  }

  private get text(): string {
    return this.ctx.doc.text;
  }

  run(): void {
    for (const call of this.ctx.statement?.calls ?? this.py.calls) {
      if (!CANDIDATE_CALLEE.test(call.callee)) continue;
      const method = call.callee.slice(call.callee.lastIndexOf('.') + 1);
      if (method === 'to_sql' || method === 'to_gbq' || method === 'write_database') this.checkFrameAppend(call, method);
      else if (BQ_LOADS.has(method) || BQ_STREAMS.has(method)) this.checkBigQuery(call, method);
      else if (method === 'write_pandas') this.checkWritePandas(call);
      else if (FILE_WRITES.has(method)) this.checkFileAppend(call, method);
      else if (SPARK_TABLE_SINKS.has(method) && SPARK_WRITER.test(call.callee)) this.checkSparkAppend(call, method);
      if (EXEC_METHODS.has(method) || /Operator$/.test(method)) this.checkExecutedSql(call, method);
    }
  }

  // -- Spark table appends ------------------------------------------------------------------

  /**
   * `df.write.format("jdbc").option("dbtable", "orders")….mode("append").save()`,
   * `df.write.mode("append").saveAsTable("sales.orders")`, `df.write.jdbc(url, "orders", mode="append")`:
   * a fixed table appended on every run. Targets named at run time, staging/log tables, and
   * writes with `replaceWhere`/dynamic partition overwrite are left alone.
   */
  private checkSparkAppend(call: CallFact, method: string): void {
    const { py, text } = this;
    const chain = py.callsIn(call.start, call.end).filter((c) => c !== call && c.start === call.start);
    const mode = method === 'jdbc' || method === 'saveAsTable' || method === 'save' ? literalValue(keywordArg(call, 'mode'), call, py, text) : null;
    const modeCall = chain.find((c) => c.callee.endsWith('.mode') && c.args.length === 1);
    const chained = modeCall ? literalValue(modeCall.args[0], modeCall, py, text) : null;
    if ((mode ?? chained)?.value.toLowerCase() !== 'append') return;
    const options = chain.filter((c) => /\.options?$/.test(c.callee));
    if (options.some((c) => /replaceWhere|partitionOverwriteMode|overwriteSchema/.test(text.slice(c.argsStart, c.argsEnd)))) return;
    let tableArg: ArgFact | undefined;
    let owner: CallFact = call;
    if (method === 'saveAsTable') tableArg = argAt(call, 0, 'name');
    else if (method === 'jdbc') tableArg = argAt(call, 1, 'table');
    else {
      const dbtable = options.find((c) => c.callee.endsWith('.option') && literalValue(c.args[0], c, py, text)?.value === 'dbtable');
      if (!dbtable) return;
      tableArg = dbtable.args[1];
      owner = dbtable;
    }
    const table = literalValue(tableArg, owner, py, text);
    if (!table || /[\s(]/.test(table.value.trim())) return;
    const { target, source } = targetOfArg(tableArg, owner, py, text);
    if (target.kind !== 'name' || isStagingTarget(target) || isAppendOnlyLog(target.name)) return;
    if (this.evidence.handles(call.fn, target, source) || this.readsPastWatermark(call)) return;
    const shown = displayTarget(target);
    this.ctx.report({
      start: call.start,
      end: call.end,
      message: `Spark write appends to ${shown} on every run, so re-running the job duplicates its rows; overwrite the run's partition (replaceWhere / dynamic partition overwrite) or MERGE from a staging table`,
      fingerprintText: `spark|append|${shown}`,
    });
  }

  /**
   * The scope filters a read past a watermark before the append (`.where(F.col("ts") > last_run)`):
   * an incremental load that appends only rows newer than the previous run.
   */
  private readsPastWatermark(call: CallFact): boolean {
    const { py, text } = this;
    const before = call.fn ? py.callsIn(call.fn.start, call.start) : py.calls.filter((c) => c.fn === null && c.end <= call.start);
    return before.some((c) => c.fn === call.fn && WATERMARK_FILTER.test(c.callee) && /[^>]>=?[^>=]|[^<]<=?[^<=]/.test(text.slice(c.argsStart, c.argsEnd)));
  }

  // -- DataFrame appends ----------------------------------------------------------------------

  private checkFrameAppend(call: CallFact, method: string): void {
    const { py, text } = this;
    const modeName = method === 'write_database' ? 'if_table_exists' : 'if_exists';
    const mode = literalValue(keywordArg(call, modeName), call, py, text);
    if (mode?.value !== 'append') return;
    if (method === 'write_database' && !isDataFrameExpression(call.callee.slice(0, call.callee.lastIndexOf('.')), call.fn, call.start, py)) return;
    const tableArg = method === 'to_gbq' && py.resolveCall(call).startsWith('pandas_gbq') ? argAt(call, 1, 'destination_table') : argAt(call, 0, method === 'to_sql' ? 'name' : method === 'to_gbq' ? 'destination_table' : 'table_name');
    const { target, source } = targetOfArg(tableArg, call, py, text);
    const schema = literalValue(keywordArg(call, 'schema'), call, py, text);
    if (isStagingTarget(target) || (schema && isStagingName(schema.value)) || (target.kind === 'name' && isAppendOnlyLog(target.name))) return;
    const insertMethod = keywordArg(call, 'method');
    if (insertMethod && !insertMethod.string && /upsert|conflict|merge|replace|ignore|dedup/i.test(text.slice(insertMethod.start, insertMethod.end))) return;
    if (this.evidence.handles(call.fn, target, source)) return;
    if (this.appendsOnlyNewRows(call, target)) return;
    const shown = displayTarget(target);
    this.ctx.report({
      start: call.start,
      end: call.end,
      message: `${method} appends to ${shown} on every run, so re-running the job duplicates its rows; delete the run's slice first (in the same transaction) or load into a staging table and upsert`,
      fixes: method === 'to_sql' ? this.stagingUpsertFix(call, target, mode.str, schema?.value ?? null) : [],
      fingerprintText: `${method}|append|${shown}`,
    });
  }

  /**
   * The appended frame keeps only rows the target does not have yet: it is filtered against the
   * target read earlier in the same function (`existing = pd.read_sql(f"SELECT * FROM {table}", …)`,
   * `new = frame[~frame.apply(tuple, 1).isin(existing.apply(tuple, 1))]`, or a merge with
   * `indicator=True` keeping `left_only`). A re-run finds the rows already there and appends nothing.
   */
  private appendsOnlyNewRows(call: CallFact, target: Target): boolean {
    const { py, text } = this;
    const frame = call.callee.slice(0, call.callee.lastIndexOf('.'));
    if (!/^[A-Za-z_]\w*$/.test(frame)) return false;
    const built = py.lastAssignment(frame, call.fn, call.start);
    if (!built || built.fn !== call.fn || !ANTI_JOIN.test(text.slice(built.valueStart, built.valueEnd))) return false;
    const words = targetWords(target);
    if (words.length === 0) return false;
    const fnCalls = call.fn ? py.callsIn(call.fn.start, built.valueStart) : py.calls.filter((c) => c.end <= built.valueStart);
    return fnCalls.some((read) => read.fn === call.fn && TARGET_READS.test(read.callee) && words.some((w) => containsWord(text.slice(read.argsStart, read.argsEnd), w)));
  }

  /** `to_sql` append → replace a `<table>_staging` table, then copy new keys into the target. */
  private stagingUpsertFix(call: CallFact, target: Target, modeString: StringFact, schema: string | null): Fix[] {
    const { py, text } = this;
    const tableArg = argAt(call, 0, 'name');
    const conArg = argAt(call, 1, 'con');
    // Only rewrite literals written in the call itself (a shared variable may feed other loads).
    if (target.kind !== 'name' || !tableArg?.string || !conArg || modeString.start < call.start || modeString.end > call.end) return [];
    const con = text.slice(conArg.start, conArg.end);
    if (!/^[A-Za-z_]\w*$/.test(con) || !this.isEngine(con, call)) return [];
    const dialect = this.engineDialect(con, call);
    if (dialect !== 'pg' && dialect !== 'unknown') return [];
    const key = inferFrameKey(py, call.fn, target.name);
    if (!key) return [];
    const where = statementPrefixOk(text, call);
    const lineEnd = statementEndsAfter(text, call);
    if (!where || lineEnd === null) return [];
    const qualified = schema ? `${schema}.${target.name}` : target.name;
    const staging = `${target.name}_staging`;
    const textCall = this.textCallee();
    const connection = namesUsedIn(call.fn, py, text, 'connection') ? 'staging_connection' : 'connection';
    const block = renderSnippet(
      'pw-upsert-from-staging',
      { engine: con, connection, text: textCall.callee, sales_fact: qualified, sales_fact_staging: schema ? `${schema}.${staging}` : staging, order_id: key },
      where.indent,
    );
    const tableString = tableArg.string;
    const edits: TextEdit[] = [
      { start: tableString.contentStart, end: tableString.contentEnd, newText: staging },
      { start: modeString.contentStart, end: modeString.contentEnd, newText: 'replace' },
      { start: lineEnd, end: lineEnd, newText: `\n${where.indent}${block}` },
      ...textCall.edits,
    ];
    return [{
      title: `${TITLE_PREFIX} Load into ${staging} (replaced each run), then insert only new ${key} values into ${target.name}`,
      edits,
      safe: false,
      preferred: true,
    }];
  }

  private isEngine(con: string, call: CallFact): boolean {
    const assignment = this.py.lastAssignment(con, call.fn, call.start);
    if (assignment?.call) {
      const resolved = this.py.resolveCall(assignment.call);
      return /create_engine$|get_sqlalchemy_engine$/.test(resolved);
    }
    return /(^|_)engine$/i.test(con);
  }

  private engineDialect(con: string, call: CallFact): Dialect {
    const assignment = this.py.lastAssignment(con, call.fn, call.start);
    const url = assignment?.call ? positionalArg(assignment.call, 0)?.string : undefined;
    if (url && url.interpolations.length === 0) return urlDialect(url.value) ?? 'unknown';
    return this.moduleDialect();
  }

  private moduleDialect(): Dialect {
    this.dialect ??= moduleDialect(this.py);
    return this.dialect;
  }

  private textCallee(): { callee: string; edits: TextEdit[] } {
    for (const [local, target] of this.py.bindings) if (/^sqlalchemy(\.sql)?(\.expression)?\.text$/.test(target)) return { callee: local, edits: [] };
    for (const [local, target] of this.py.bindings) if (target === 'sqlalchemy') return { callee: `${local}.text`, edits: [] };
    return { callee: 'sqlalchemy.text', edits: addImportEditList(this.py, this.text, 'sqlalchemy') };
  }

  // -- BigQuery -----------------------------------------------------------------------------

  private checkBigQuery(call: CallFact, method: string): void {
    const { py, text } = this;
    const resolved = py.resolveCall(call);
    const receiver = call.callee.slice(0, call.callee.lastIndexOf('.'));
    // Every method here but insert_rows is BigQuery's alone; insert_rows is also an Airflow hook method.
    const bigquery = resolved.startsWith('google.cloud.bigquery') || (resolved === call.callee && /(^|_)(bq|bigquery|client|bq_client|bigquery_client)$/i.test(receiver) && py.importsModule('google.cloud'));
    if (/Hook\(\)\.insert_rows$/.test(resolved) || (method === 'insert_rows' && /hook$/i.test(receiver))) {
      this.checkHookInsert(call);
      return;
    }
    if (!bigquery && method === 'insert_rows') return;
    const tableArg = BQ_LOADS.has(method) ? argAt(call, 1, 'destination') : argAt(call, 0, 'table');
    const { target, source, partitioned } = targetOfArg(tableArg, call, py, text);
    if (isStagingTarget(target) || (target.kind === 'name' && isAppendOnlyLog(target.name))) return;
    if (this.evidence.handles(call.fn, target, source)) return;
    const shown = displayTarget(target);
    if (BQ_STREAMS.has(method)) {
      this.ctx.report({
        start: call.start,
        end: call.end,
        message: `${method} streams rows into ${shown} on every run, so a re-run duplicates them; load with write_disposition WRITE_TRUNCATE or MERGE from a staging table`,
        fingerprintText: `${method}|${shown}`,
      });
      return;
    }
    const configArg = keywordArg(call, 'job_config');
    if (hasDictSplat(call)) return;
    let fixes: Fix[] = [];
    if (configArg) {
      const info = jobConfigInfo(configArg, call, py, text);
      if (!info.known) return;
      const disposition = info.value?.text ?? '';
      if (info.value && !/WRITE_APPEND/.test(disposition)) return; // WRITE_TRUNCATE, WRITE_EMPTY or a variable
      if (!info.value && partitioned) return;
      fixes = this.dispositionFixes(info, target);
    } else {
      if (partitioned) return;
      fixes = this.addJobConfigFixes(call, target, tableArg);
    }
    this.ctx.report({
      start: call.start,
      end: call.end,
      message: `${method} appends to ${shown} (WRITE_APPEND) on every run, so a re-run duplicates rows; set write_disposition WRITE_TRUNCATE on the table or its partition, or MERGE from a staging table`,
      fixes,
      fingerprintText: `${method}|${shown}`,
    });
  }

  private addJobConfigFixes(call: CallFact, target: Target, tableArg: ArgFact | undefined): Fix[] {
    const { py, text } = this;
    const names = bigQueryNames(py, text);
    const added = appendArgumentEdits(text, call, `job_config=${names.callee}(write_disposition="WRITE_TRUNCATE")`);
    const fixes: Fix[] = [];
    const partition = this.partitionFix(call, target, tableArg, names);
    if (partition) fixes.push(partition);
    if (added) fixes.push({ title: truncateTitle(target), edits: [...added, ...names.calleeEdits], safe: false, preferred: !partition });
    return fixes;
  }

  /** With a run date in scope: overwrite only that day's partition (snippet pw-partition-overwrite). */
  private partitionFix(call: CallFact, target: Target, tableArg: ArgFact | undefined, names: BigQueryNames): Fix | null {
    const { py, text } = this;
    const date = dateVariable(call.fn, py);
    const frameArg = positionalArg(call, 0);
    if (!date || !tableArg || tableArg.kind !== 'positional' || !frameArg || call.args.some((a) => a.kind === 'keyword' && a.name === 'job_config')) return null;
    if (namesUsedIn(call.fn, py, text, 'partition') || namesUsedIn(call.fn, py, text, 'job_config')) return null;
    const tableSource = text.slice(tableArg.start, tableArg.end);
    let tableTemplate: string;
    if (tableArg.string && tableArg.string.interpolations.length === 0 && !tableArg.string.isBytes) tableTemplate = tableArg.string.value.replace(/[{}]/g, (b) => b + b);
    else if (/^[A-Za-z_][\w.]*$/.test(tableSource)) tableTemplate = `{${tableSource}}`;
    else return null;
    const where = statementPrefixOk(text, call);
    if (!where) return null;
    const rendered = renderSnippet('pw-partition-overwrite', { bigquery: names.module, 'project.dataset.sales_fact': tableTemplate, run_date: date, frame: text.slice(frameArg.start, frameArg.end) }).split('\n');
    if (rendered.length < 2) return null;
    const statements = `${rendered[0]}\n${where.indent}${rendered[1]}\n${where.indent}`;
    const jobConfig = appendArgumentEdits(text, call, 'job_config=job_config');
    if (!jobConfig) return null;
    return {
      title: `${TITLE_PREFIX} Overwrite only the ${date} partition of ${displayTarget(target)} (WRITE_TRUNCATE on table$YYYYMMDD)`,
      edits: [{ start: where.lineStart + where.indent.length, end: where.lineStart + where.indent.length, newText: statements }, { start: tableArg.start, end: tableArg.end, newText: 'partition' }, ...jobConfig, ...names.moduleEdits],
      safe: false,
      preferred: true,
    };
  }

  private dispositionFixes(info: ConfigInfo, target: Target): Fix[] {
    const { text } = this;
    if (info.value) {
      const value = info.value;
      const inner = /WRITE_APPEND/.exec(value.text);
      if (!inner) return [];
      const quoted = /^["']WRITE_APPEND["']$/.test(value.text) || /\.WRITE_APPEND$/.test(value.text);
      if (!quoted) return [];
      const start = value.start + inner.index;
      return [{ title: truncateTitle(target), edits: [{ start, end: start + 'WRITE_APPEND'.length, newText: 'WRITE_TRUNCATE' }], safe: false, preferred: true }];
    }
    if (!info.call) return [];
    const edits = appendArgumentEdits(text, info.call, 'write_disposition="WRITE_TRUNCATE"');
    return edits ? [{ title: truncateTitle(target), edits, safe: false, preferred: true }] : [];
  }

  // -- Airflow hooks -------------------------------------------------------------------------

  private checkHookInsert(call: CallFact): void {
    const { py, text } = this;
    const replace = keywordArg(call, 'replace') ?? positionalArg(call, 4);
    if (replace && text.slice(replace.start, replace.end) !== 'False') return;
    if (hasDictSplat(call)) return;
    const { target, source } = targetOfArg(argAt(call, 0, 'table'), call, py, text);
    if (isStagingTarget(target) || (target.kind === 'name' && isAppendOnlyLog(target.name))) return;
    if (this.evidence.handles(call.fn, target, source)) return;
    const shown = displayTarget(target);
    const resolved = py.resolveCall(call);
    const fixes: Fix[] = [];
    const fieldsArg = argAt(call, 2, 'target_fields');
    if (!replace) {
      if (/PostgresHook/.test(resolved)) {
        const fields = fieldsArg ? py.stringsIn(fieldsArg.start, fieldsArg.end).map((s) => s.value) : [];
        const key = target.kind === 'name' ? inferKey(fields, target.name) : null;
        const edits = key ? appendArgumentEdits(text, call, `replace=True, replace_index="${key}"`) : null;
        if (edits) fixes.push({ title: `${TITLE_PREFIX} Upsert on ${key} (replace=True; needs a unique index on ${key})`, edits, safe: false, preferred: true });
      } else if (/MySqlHook|SqliteHook/.test(resolved)) {
        const edits = appendArgumentEdits(text, call, 'replace=True');
        if (edits) fixes.push({ title: `${TITLE_PREFIX} Replace rows with the same key (replace=True)`, edits, safe: false, preferred: true });
      }
    }
    this.ctx.report({
      start: call.start,
      end: call.end,
      message: `insert_rows into ${shown} without replace=True adds the same rows again when the task is re-run; upsert with replace=True or delete the run's slice first`,
      fixes,
      fingerprintText: `insert_rows|${shown}`,
    });
  }

  // -- Snowflake ----------------------------------------------------------------------------

  private checkWritePandas(call: CallFact): void {
    const { py, text } = this;
    const resolved = py.resolveCall(call);
    const functionForm = resolved === 'snowflake.connector.pandas_tools.write_pandas' || (!call.callee.includes('.') && resolved.startsWith('snowflake'));
    if (!functionForm && !call.callee.includes('.')) return;
    if (hasDictSplat(call)) return;
    const overwrite = keywordArg(call, 'overwrite');
    if (overwrite && text.slice(overwrite.start, overwrite.end) !== 'False') return;
    const tableType = literalValue(keywordArg(call, 'table_type'), call, py, text);
    if (tableType && /^temp/i.test(tableType.value)) return;
    const { target, source } = targetOfArg(argAt(call, functionForm ? 2 : 1, 'table_name'), call, py, text);
    if (isStagingTarget(target) || (target.kind === 'name' && isAppendOnlyLog(target.name))) return;
    if (this.evidence.handles(call.fn, target, source)) return;
    const shown = displayTarget(target);
    let fixes: Fix[] = [];
    const title = `${TITLE_PREFIX} Pass overwrite=True (replaces the table ${shown} on each run)`;
    if (overwrite) fixes = [{ title, edits: [{ start: overwrite.start, end: overwrite.end, newText: 'True' }], safe: false, preferred: true }];
    else {
      const edits = appendArgumentEdits(text, call, 'overwrite=True');
      if (edits) fixes = [{ title, edits, safe: false, preferred: true }];
    }
    this.ctx.report({
      start: call.start,
      end: call.end,
      message: `write_pandas appends to ${shown} on every run, so a re-run duplicates rows; pass overwrite=True or MERGE from a staging table`,
      fixes,
      fingerprintText: `write_pandas|${shown}`,
    });
  }

  // -- Appending files ----------------------------------------------------------------------

  private checkFileAppend(call: CallFact, method: string): void {
    const { py, text } = this;
    const mode = literalValue(keywordArg(call, 'mode'), call, py, text);
    const append = keywordArg(call, 'append');
    const appends = (mode && /^a\+?b?$/.test(mode.value)) || (method === 'to_parquet' && append && text.slice(append.start, append.end) === 'True');
    if (!appends) return;
    const receiver = call.callee.slice(0, call.callee.lastIndexOf('.'));
    if (!receiver || /^(pd|pandas|np|json)$/.test(receiver)) return;
    const pathArg = argAt(call, 0, method === 'to_csv' ? 'path_or_buf' : 'path');
    const path = this.fixedPath(pathArg, call);
    if (!path || /(reject|dead_?letter|dlq|quarantine|error|log|audit|history|archive)/i.test(path.value)) return;
    if (this.pathResetInFunction(call, path.source)) return;
    const shown = path.value.length > 60 ? `…${path.value.slice(-58)}` : path.value;
    this.ctx.report({
      start: call.start,
      end: call.end,
      message: `${method} with mode "a" appends to the fixed path ${shown} on every run, so a re-run duplicates its rows; write a run-scoped file or overwrite it`,
      fingerprintText: `${method}|append|${path.value}`,
    });
  }

  /** A path the run cannot vary: a literal, a name bound to one, or `Path`/`os.path.join` of literals. */
  private fixedPath(arg: ArgFact | undefined, call: CallFact): { value: string; source: string } | null {
    const { py, text } = this;
    if (!arg) return null;
    const source = text.slice(arg.start, arg.end);
    const literal = literalValue(arg, call, py, text);
    if (literal) return { value: literal.value, source };
    let start = arg.start;
    let end = arg.end;
    if (/^[A-Za-z_]\w*$/.test(source)) {
      const assignment = py.lastAssignment(source, call.fn, call.start);
      if (!assignment) return null;
      start = assignment.valueStart;
      end = assignment.valueEnd;
    }
    const inner = text.slice(start, end);
    if (!/^(pathlib\.)?Path\(|^os\.path\.join\(/.test(inner)) return null;
    const strings = py.stringsIn(start, end);
    if (strings.length === 0 || strings.some((s) => s.interpolations.length > 0)) return null;
    const withoutStrings = inner.length > 10_000 ? inner : inner.replace(/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, '');
    if (/(?<!\w)[A-Za-z_]\w*\s*[,)]|\/\s*[A-Za-z_]/.test(withoutStrings.replace(/^(pathlib\.)?Path\(|^os\.path\.join\(/, ''))) return null;
    return { value: strings.map((s) => s.value).join('/'), source };
  }

  /** The function removes or rewrites the path before appending (`os.remove(path)`, a first write with mode "w"). */
  private pathResetInFunction(call: CallFact, pathSource: string): boolean {
    const { py, text } = this;
    const calls = call.fn ? py.callsIn(call.fn.start, call.start) : py.callsIn(0, call.start).filter((c) => c.fn === null);
    for (const c of calls) {
      const resolved = py.resolveCall(c);
      const method = c.callee.slice(c.callee.lastIndexOf('.') + 1);
      if (/^(os\.(remove|unlink)|shutil\.rmtree)$/.test(resolved) || method === 'unlink') {
        if (text.slice(c.start, c.end).includes(pathSource)) return true;
        continue;
      }
      const first = c.args[0];
      if (!first || text.slice(first.start, first.end) !== pathSource) continue;
      if (FILE_WRITES.has(method) || resolved === 'open') {
        const m = literalValue(keywordArg(c, 'mode') ?? (resolved === 'open' ? positionalArg(c, 1) : undefined), c, py, text);
        if (!m || m.value.startsWith('w')) return true;
      }
    }
    return false;
  }

  // -- Executed SQL INSERT ------------------------------------------------------------------

  private checkExecutedSql(call: CallFact, method: string): void {
    const { py, text } = this;
    this.reportedInserts = new Set();
    for (const arg of sqlArguments(call, method)) {
      const holder = sqlHolder(py, text, arg, call);
      if (!holder) continue;
      let strings = py.stringsIn(holder.start, holder.end).filter((s) => !s.isDocstring);
      if (!strings.some((s) => /insert/i.test(s.value))) {
        // `statement = head + rows_sql` with `head = "INSERT INTO t VALUES "`: the statement's head.
        const head = CONCAT_HEAD.exec(text.slice(holder.start, holder.end))?.[1];
        const bound = head ? py.lastAssignment(head, call.fn, holder.start) : undefined;
        if (bound?.shape.kind === 'literal') strings = [...py.stringsIn(bound.valueStart, bound.valueEnd).filter((s) => !s.isDocstring), ...strings];
      }
      if (strings.length === 0 || !strings.some((s) => /insert/i.test(s.value))) continue;
      this.checkInsertText(call, strings);
    }
  }

  private checkInsertText(call: CallFact, strings: StringFact[]): void {
    const { text } = this;
    // Implicit concatenation and `+` pieces form one statement: analyse them joined.
    let joined = '';
    const pieces: Array<{ str: StringFact; offset: number }> = [];
    for (const s of strings) {
      pieces.push({ str: s, offset: joined.length });
      joined += s.value;
    }
    const tokens = tokenizeSql(joined);
    let depth = 0;
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k];
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      if (depth !== 0 || t.type !== 'word' || t.upper !== 'INSERT' || tokens[k + 1]?.upper !== 'INTO') continue;
      const prev = tokens[k - 1];
      if (prev && prev.text !== ';' && prev.text !== ')') continue;
      let end = k + 1;
      let endDepth = 0;
      while (end < tokens.length && !(endDepth === 0 && tokens[end].text === ';')) {
        if (tokens[end].text === '(') endDepth++;
        else if (tokens[end].text === ')') endDepth--;
        end++;
      }
      const statement = tokens.slice(k, end);
      // `INSERT INTO {} …` (str.format) names no table the SQL lexer can read: the target is unknown.
      const ref = tablesWritten(joined.slice(t.start))[0];
      const piece = pieceAt(pieces, t.start);
      if (!piece || this.reportedInserts.has(piece.str)) continue;
      const target = ref ? targetAt(pieces, ref.name, t.start + ref.start, text) : UNKNOWN;
      if (ref && (isStagingTarget(target) || isStagingName(ref.name.replace(/\u0000/g, '')) || (target.kind === 'name' && isAppendOnlyLog(target.name)))) continue;
      if (isUpsertSql(statement) || isAntiJoin(statement)) continue;
      if (this.evidence.handles(call.fn, target, null)) continue;
      // The slice may be cleared by another statement in the same string (`DELETE …; INSERT …`).
      if (clearedTables(joined, tokens).some((c) => sameTarget(c.name ? targetAt(pieces, c.name, c.start, text) : UNKNOWN, target))) continue;
      this.reportedInserts.add(piece.str);
      const shown = displayTarget(target);
      const range = insertRange(piece, t.start, ref ? t.start + ref.end : tokens[k + 1].end);
      // `head` run by two executes of one statement (`base + rows` in both branches): once.
      const rangeKey = `${range.start}:${range.end}`;
      const statements = this.insertRanges.get(rangeKey) ?? new Set<unknown>();
      const owner = this.py.statementAt(call.start);
      if (statements.has(owner)) continue;
      statements.add(owner);
      this.insertRanges.set(rangeKey, statements);
      this.ctx.report({
        start: range.start,
        end: range.end,
        // The SQL may be a constant elsewhere: the finding belongs to the call that runs it.
        origin: call.start,
        message: `Insert into ${shown} has no ON CONFLICT/MERGE and no DELETE of the run's slice before it, so re-running the job duplicates rows; upsert on a key or delete the slice first`,
        fixes: this.onConflictFix(call, statement, pieces, tokens.slice(end).every((x) => x.text === ';'), target),
        fingerprintText: `insert|${shown}`,
      });
    }
  }

  /** Appends `ON CONFLICT (<key>) DO UPDATE SET …` (rendered from pw-upsert) to an `INSERT … VALUES` statement. */
  private onConflictFix(call: CallFact, statement: readonly SqlToken[], pieces: Array<{ str: StringFact; offset: number }>, lastStatement: boolean, target: Target): Fix[] {
    const { text } = this;
    if (!lastStatement || target.kind !== 'name') return [];
    const dialect = dialectOfName(this.py.resolveCall(call)) ?? this.moduleDialect();
    if (dialect !== 'pg' && dialect !== 'unknown') return [];
    if (!statement.some((t) => t.upper === 'VALUES') || statement.some((t) => t.upper === 'RETURNING' || t.upper === 'SELECT')) return [];
    const columns = columnList(statement);
    if (!columns) return [];
    const key = inferKey(columns, target.name);
    if (!key) return [];
    const updates = columns.filter((c) => c !== key);
    if (updates.length === 0) return [];
    const clause = conflictClause(target.name, key, updates);
    if (!clause) return [];
    const last = pieces[pieces.length - 1];
    if (!last || last.str.isBytes || statement[statement.length - 1].end > last.offset + last.str.value.length) return [];
    const content = text.slice(last.str.contentStart, last.str.contentEnd);
    const trailing = /(?<![\s;])[\s;]*$/.exec(content)![0];
    const at = last.str.contentStart + content.length - trailing.length;
    const body = content.slice(0, content.length - trailing.length);
    let insertion = ` ${clause}`;
    if (last.str.quote.length === 3 && body.includes('\n')) {
      const lines = body.split('\n');
      const lastLine = [...lines].reverse().find((l) => l.trim() !== '') ?? '';
      insertion = `\n${/^[ \t]*/.exec(lastLine)![0]}${clause}`;
    }
    return [{ title: `${TITLE_PREFIX} Upsert on ${key} with ON CONFLICT … DO UPDATE (needs a unique constraint on ${key})`, edits: [{ start: at, end: at, newText: insertion }], safe: false, preferred: true }];
  }
}

/** The target named at `offset` of the joined pieces, mapped back to its piece's f-string fields. */
function targetAt(pieces: Array<{ str: StringFact; offset: number }>, name: string, offset: number, text: string): Target {
  const piece = pieceAt(pieces, offset);
  return targetFromSql(name, piece?.str ?? null, offset - (piece?.offset ?? 0), text);
}

function pieceAt(pieces: Array<{ str: StringFact; offset: number }>, offset: number): { str: StringFact; offset: number } | undefined {
  let found: { str: StringFact; offset: number } | undefined;
  for (const p of pieces) if (p.offset <= offset) found = p;
  return found;
}

/** The `INSERT INTO table` words in the source, or the whole literal when escapes break the mapping. */
function insertRange(piece: { str: StringFact; offset: number }, start: number, end: number): { start: number; end: number } {
  const localStart = start - piece.offset;
  const localEnd = end - piece.offset;
  if (localEnd <= piece.str.identityUntil && localEnd <= piece.str.value.length) return { start: piece.str.contentStart + localStart, end: piece.str.contentStart + localEnd };
  return { start: piece.str.start, end: piece.str.end };
}

/** `INSERT … SELECT … LEFT JOIN t … WHERE t.key IS NULL` (or `NOT EXISTS`/`EXCEPT`): only new rows are inserted. */
function isAntiJoin(tokens: readonly SqlToken[]): boolean {
  const words = tokens.filter((t) => t.type === 'word').map((t) => t.upper);
  const text = words.join(' ');
  return /\bNOT EXISTS\b|\bEXCEPT\b|\bNOT IN SELECT\b|\bMINUS\b/.test(text) || (/\bLEFT (OUTER )?JOIN\b/.test(text) && text.length <= 10_000 && /\bWHERE\b.*\bIS NULL\b/.test(text)) || tokens.some((t, k) => t.upper === 'NOT' && tokens[k + 1]?.upper === 'IN' && tokens[k + 2]?.text === '(' && tokens[k + 3]?.upper === 'SELECT');
}

/** The column list of `INSERT INTO t (a, b, c) …`, or null when absent or not plain names. */
function columnList(statement: readonly SqlToken[]): string[] | null {
  const open = statement.findIndex((t, k) => t.text === '(' && k > 2);
  if (open < 0 || statement.slice(0, open).some((t) => t.upper === 'VALUES' || t.upper === 'SELECT')) return null;
  const columns: string[] = [];
  for (let k = open + 1; k < statement.length; k += 2) {
    const name = statement[k];
    if (!name || !(name.type === 'word' || name.type === 'qident') || /\u0000/.test(name.text)) return null;
    columns.push(name.type === 'qident' ? name.text.slice(1, -1) : name.text);
    const next = statement[k + 1];
    if (next?.text === ')') return columns;
    if (next?.text !== ',') return null;
  }
  return null;
}

function singular(name: string): string {
  if (/ies$/.test(name)) return `${name.slice(0, -3)}y`;
  if (/sses$|xes$/.test(name)) return name.slice(0, -2);
  if (/s$/.test(name) && !/ss$/.test(name)) return name.slice(0, -1);
  return name;
}

/** The conflict key: `id`, `<table>_id`, or a first column that looks like a key (`order_id`, `customer_key`). */
function inferKey(columns: string[], table: string): string | null {
  const lower = columns.map((c) => c.toLowerCase());
  const base = lastSegment(table);
  for (const candidate of ['id', `${singular(base)}_id`, `${base}_id`]) {
    const i = lower.indexOf(candidate);
    if (i >= 0) return columns[i];
  }
  return columns[0] && /(_id|_key|_uuid)$/i.test(columns[0]) ? columns[0] : null;
}

/** The key of a DataFrame load, from column names the module mentions (`df["order_id"]`, `subset=["order_id"]`). */
function inferFrameKey(py: PythonFacts, fn: FunctionFact | null, table: string): string | null {
  const index = indexOf(py);
  const base = lastSegment(table);
  for (const candidate of [`${singular(base)}_id`, `${base}_id`, 'id']) if (index.keyNames.has(candidate)) return candidate;
  return index.keyNamesByFn.get(fn)?.[0] ?? null;
}

/** `ON CONFLICT (key) DO UPDATE SET a = EXCLUDED.a, b = EXCLUDED.b`, built from the pw-upsert snippet's last line. */
function conflictClause(table: string, key: string, updates: string[]): string | null {
  const lines = updates.map((column) => renderSnippet('pw-upsert', { sales_fact: table, order_id: key, total_amount: column }).split('\n').pop() ?? '');
  const marker = ' DO UPDATE SET ';
  if (!lines.every((l) => l.startsWith('ON CONFLICT') && l.includes(marker))) return null;
  const head = lines[0].slice(0, lines[0].indexOf(marker) + marker.length);
  return head + lines.map((l) => l.slice(l.indexOf(marker) + marker.length)).join(', ');
}

export const nonIdempotentLoad: Rule = {
  meta: {
    id: ID,
    slug: 'non-idempotent-load',
    title: 'Load duplicates data when re-run',
    priority: 'P2',
    dialects: ['python'],
    rationale: 'Jobs get re-run — retries, backfills, a manual rerun after a fix — and an appending load then writes the same rows a second time, silently doubling totals downstream.',
    recommendation: 'Make the load idempotent: overwrite the run\'s table or partition (WRITE_TRUNCATE, delete-then-insert in one transaction) or upsert/MERGE from a staging table on a key.',
    fixable: true,
  },
  check(ctx) {
    const py = ctx.doc.python;
    if (!py) return;
    new Pw203(ctx, py).run();
  },
  incremental: { exports: exportedModuleSql },
};

/**
 * What loads elsewhere read of a definition: class names and class attributes (SQL templates such
 * as `LoadOperator.sql`), and the strings and calls of decorators and class bodies, which count
 * as module-level evidence. Module-level statements are the module context already.
 */
function exportedModuleSql(statement: ChunkFacts, context: { doc: { text: string } }): string {
  if (!statement.definition) return '';
  const { text } = context.doc;
  const parts: string[] = statement.classes.map((c) => `class ${c.name}`);
  for (const a of statement.assignments) if (a.fn === null) parts.push(`${a.className ?? ''}.${a.target}=${text.slice(a.valueStart, a.valueEnd)}`);
  for (const str of statement.strings) if (str.fn === null) parts.push(str.value);
  for (const call of statement.calls) if (call.fn === null) parts.push(`${call.callee}()`);
  return parts.join('\u0001');
}
