// PW104 full-table-extract: a stage that reads a whole table on every run — a SELECT without
// WHERE (LIMIT only samples), read_sql_table, spark.read.jdbc/spark.table of a table — and writes
// or returns what it read. Metadata queries, single-row aggregates (COUNT(*), MAX(updated_at)),
// loads (INSERT … SELECT, CREATE … AS) and allow-listed small tables are left alone. The fix turns
// a pandas read_sql of one table into an incremental extract: WHERE <watermark> > %s, the last
// watermark read before the query and the new one saved after the stage writes its output.

import type { ArgFact, AssignmentFact, CallFact, ChunkFacts, FunctionFact, StatementFact, StringFact } from '../server/src/engine/python/facts';
import { VersionedCache, type PythonFacts } from '../server/src/engine/python/python-facts';
import { classifyIo } from '../server/src/engine/knowledge';
import { renderSnippet } from '../server/src/engine/snippets';
import {
  findTopLevelClause,
  hasWhereClause,
  isMetadataTable,
  isScalarAggregate,
  looksLikeSql,
  selectItems,
  statementKind,
  tablesRead,
  tokenizeSql,
  type TableRef,
} from '../server/src/engine/sql';
import type { Fix, RelatedLocation, Rule, RuleContext, TextEdit } from '../server/src/engine/types';
import { appendArgumentEdits } from './support/call-arguments';
import { helperEdit, importEdits, indentAt, lineStart, moduleBinding, nextLineStart, topLevelStart } from './support/module-edits';
import { analysisText, exportedTaskCallables, SqlSources, type SqlTemplate } from './support/sql-sources';
import { argumentOf, methodOf, receiverOf, SQL_KEYWORDS, sqlCallOf } from '../server/src/engine/knowledge';

const ID = 'PW104';
const TITLE_PREFIX = `Pipewise (${ID}):`;

const PANDAS_QUERY = /^(pandas|modin\.pandas)(\.io\.sql)?\.(read_sql|read_sql_query|read_gbq)$|^polars\.read_database$/;
const PANDAS_TABLE = /^(pandas|modin\.pandas)(\.io\.sql)?\.read_sql_table$/;
const FETCH_METHODS = new Set([
  'fetchall', 'fetchmany', 'fetch_pandas_all', 'fetch_pandas_batches', 'fetch_arrow_all', 'fetch_arrow_batches', 'fetchdf', 'fetch_df',
  'fetchnumpy', 'df', 'arrow', 'pl', 'all', 'mappings', 'scalars', 'partitions', 'yield_per', 'to_dataframe', 'to_arrow', 'result',
  'to_geodataframe', 'to_pandas', 'collect', 'iterrows',
]);
const HOOK_READS = new Set(['get_pandas_df', 'get_records', 'get_df']);
const COPY_METHODS = new Set(['copy_expert', 'copy_to']);
const IO_MANAGER_BASE = /^class\s+\w+\s*\([^)]*\b(\w*IOManager|IOManagerDefinition)\b/;

/**
 * Dagster `IOManager.load_input`: hands a whole upstream asset (written by the pipeline itself)
 * to the next asset by contract; partitions arrive through the context, not a watermark.
 */
function isIoManagerLoad(fn: FunctionFact | null, py: PythonFacts, text: string): boolean {
  if (!fn || fn.name !== 'load_input' || fn.className === null) return false;
  const cls = py.classes.find((c) => c.name === fn.className && c.start <= fn.start && fn.end <= c.end);
  return !!cls && IO_MANAGER_BASE.test(text.slice(cls.start, Math.min(cls.end, cls.start + 300)));
}
const UPLOAD_METHODS = /^(to_\w+|put_object|upload_file|upload_fileobj|upload_from_filename|upload_from_string|upload_from_file|copy_object)$/;
const SPARK_WRITE = /\.write(\(\))?\.|\.writeTo\(|\.(saveAsTable|insertInto)$|\.writeStream\./;
const WATERMARK_COLUMNS = ['updated_at', 'modified_at', 'last_modified', 'last_modified_at', 'updated', 'modified', 'last_updated', 'updated_on', 'modified_on', 'update_time', 'updated_time', 'changed_at', 'ingested_at', 'loaded_at', 'inserted_at', 'created_at'];
const DEFAULT_WATERMARK = 'updated_at';
const PERCENT_DRIVERS = new Set(['psycopg2', 'psycopg', 'pymysql', 'MySQLdb', 'mysql', 'snowflake', 'pg8000', 'redshift_connector']);
const QMARK_DRIVERS = new Set(['sqlite3', 'pyodbc', 'duckdb']);

type ReadKind = 'query' | 'table' | 'copy';

interface Read {
  call: CallFact;
  kind: ReadKind;
  /** The argument holding the query or table name. */
  arg: ArgFact;
  label: string;
  /** The call whose result carries the rows (the read itself, or the fetch after an execute). */
  result: CallFact;
  /** Spark reads are lazy: a later .filter()/.where() pushes a predicate down. */
  lazy: boolean;
}

// ---------------------------------------------------------------------------------------------
// Reads

function callsOf(py: PythonFacts, fn: FunctionFact | null): CallFact[] {
  return py.ownFacts(fn).calls;
}

const ASSIGNMENT_BY_CALL = new WeakMap<ChunkFacts, Map<CallFact, AssignmentFact>>();

/** Per-lint lookups, built on first use: calls and assignments by scope, assignments by call. */
class Scopes {
  private readonly calls = new Map<FunctionFact | null, CallFact[]>();
  private readonly writing = new Map<FunctionFact | null, boolean>();
  private readonly helpers = new Map<number, TextEdit | null>();
  private imports: TextEdit[] | null | undefined;
  private storeBinding: string | null | undefined;

  constructor(readonly py: PythonFacts) {}

  callsOf(fn: FunctionFact | null): CallFact[] {
    let calls = this.calls.get(fn);
    if (!calls) this.calls.set(fn, (calls = callsOf(this.py, fn)));
    return calls;
  }

  /** The assignment whose value is `call` (`rows = cur.fetchall()`): in the call's own statement. */
  assignmentOf(call: CallFact): AssignmentFact | undefined {
    const owner = this.py.statementAt(call.start);
    if (!owner) return undefined;
    let byCall = ASSIGNMENT_BY_CALL.get(owner);
    if (!byCall) {
      byCall = new Map();
      for (const a of owner.assignments) if (a.call) byCall.set(a.call, a);
      ASSIGNMENT_BY_CALL.set(owner, byCall);
    }
    return byCall.get(call);
  }

  assignmentsIn(fn: FunctionFact | null): AssignmentFact[] {
    return this.py.ownFacts(fn).assignments;
  }

  returnsIn(fn: FunctionFact): StatementFact[] {
    return this.py.ownFacts(fn).statements.filter((st) => st.kind === 'return');
  }

  /** Whether the scope writes anywhere (a file, a table, a warehouse, an object store). */
  writes(fn: FunctionFact | null): boolean {
    let writes = this.writing.get(fn);
    if (writes === undefined) this.writing.set(fn, (writes = this.callsOf(fn).some((c) => isWrite(c, this.py))));
    return writes;
  }

  /** Module functions by name (`load`) and methods by `self.load`/`cls.load`, built on first use. */
  private localFunctions: Map<string, FunctionFact> | undefined;

  localFunction(callee: string, from: FunctionFact | null): FunctionFact | undefined {
    if (!this.localFunctions) {
      this.localFunctions = new Map();
      for (const f of this.py.functions) {
        if (f.parent !== null) continue;
        this.localFunctions.set(f.className ? `${f.className}.${f.name}` : f.name, f);
      }
    }
    const method = /^(self|cls)\.([A-Za-z_]\w*)$/.exec(callee);
    if (method) return from?.className ? this.localFunctions.get(`${from.className}.${method[2]}`) : undefined;
    return /^[A-Za-z_]\w*$/.test(callee) ? this.localFunctions.get(callee) : undefined;
  }

  /** `import json` / `import os` edits for the watermark store (null when a name is taken), once per lint. */
  storeImports(text: string): TextEdit[] | null {
    if (this.imports === undefined) this.imports = importEdits(this.py, text, ['json', 'os']);
    return this.imports;
  }

  /** The edit inserting the watermark store class before the top-level statement at `before`. */
  storeHelper(text: string, before: number, imports: TextEdit[]): TextEdit | null {
    let edit = this.helpers.get(before);
    if (edit === undefined) this.helpers.set(before, (edit = helperEdit(this.py, text, before, watermarkStoreSource(), imports)));
    return edit;
  }

  /** What the module binds the watermark store class name to. */
  get watermarkStoreBinding(): string | null {
    if (this.storeBinding === undefined) this.storeBinding = moduleBinding(this.py, 'WatermarkStore');
    return this.storeBinding;
  }
}

/** The call consuming the rows of an execute/query call: chained, via the cursor, or via a result variable. */
function consumer(call: CallFact, py: PythonFacts, scopes: Scopes, cursorFetch: boolean): CallFact | null {
  const chained = `${call.callee}().`;
  const receiver = receiverOf(call.callee);
  const resultVar = scopes.assignmentOf(call)?.target;
  const scope = scopes.callsOf(call.fn);
  // The cursor's rows belong to this execute until the cursor executes again.
  let cursorUntil = Number.POSITIVE_INFINITY;
  for (const c of scope) {
    if (c === call || c.start < call.start) continue;
    const method = methodOf(c.callee);
    const on = receiverOf(c.callee);
    if (cursorFetch && receiver && on === receiver && /^execute/.test(method) && c.start < cursorUntil) cursorUntil = c.start;
    if (!FETCH_METHODS.has(method)) continue;
    if (c.callee.startsWith(chained) || (resultVar && (on === resultVar || on.startsWith(`${resultVar}.`) || on.startsWith(`${resultVar}()`))) || (cursorFetch && receiver && on === receiver && c.start < cursorUntil)) return c;
  }
  const loop = py.ownFacts(call.fn).loops.find((l) => l.fn === call.fn && l.start > call.start && (l.iterable === resultVar || (cursorFetch && l.iterable === receiver && l.start < cursorUntil)));
  return loop ? call : null;
}

const READ_METHODS = new Set([
  'read_sql', 'read_sql_query', 'read_gbq', 'read_database', 'read_sql_table', 'jdbc', 'option', 'table', 'copy_expert', 'copy_to', 'copy',
  'execute', 'execute_async', 'query', 'sql', 'get_pandas_df', 'get_records', 'get_df',
]);

const READ_CALLEE = new RegExp(`(^|\\.)(${[...READ_METHODS].join('|')})$`);
const BARE_NAME = /^[A-Za-z_]\w*$/;

function readOf(call: CallFact, py: PythonFacts, scopes: Scopes): Read | null {
  // Runs for every call: a regular expression on the callee before anything allocates.
  if (!READ_CALLEE.test(call.callee) && !(py.bindings.has(call.callee) && BARE_NAME.test(call.callee))) return null;
  const method = methodOf(call.callee);
  const resolved = py.resolveCall(call);
  if (PANDAS_QUERY.test(resolved)) {
    const arg = argumentOf(call, { index: 0, keywords: SQL_KEYWORDS });
    return arg ? { call, kind: 'query', arg, label: call.callee, result: call, lazy: false } : null;
  }
  if (PANDAS_TABLE.test(resolved)) {
    const arg = argumentOf(call, { index: 0, keywords: ['table_name'] });
    return arg ? { call, kind: 'table', arg, label: call.callee, result: call, lazy: false } : null;
  }
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
  if (method === 'table' && /^(spark|spark_session|self\.spark|session)(\.read)?$/.test(receiverOf(call.callee))) {
    const arg = call.args.filter((a) => a.kind === 'positional')[0];
    return arg ? { call, kind: 'table', arg, label: call.callee, result: call, lazy: true } : null;
  }
  if ((COPY_METHODS.has(method) || method === 'copy') && receiverOf(call.callee)) {
    const arg = argumentOf(call, { index: 0, keywords: ['sql', 'statement'] });
    return arg ? { call, kind: 'copy', arg, label: call.callee, result: call, lazy: false } : null;
  }
  const sink = sqlCallOf(call, py);
  if (!sink) return null;
  if (sink.kind === 'spark') return { call, kind: 'query', arg: sink.arg, label: sink.label, result: call, lazy: true };
  if (sink.kind === 'airflow-hook') return HOOK_READS.has(method) ? { call, kind: 'query', arg: sink.arg, label: sink.label, result: call, lazy: false } : null;
  if (sink.kind === 'dbapi' || sink.kind === 'sqlalchemy-execute' || sink.kind === 'bigquery') {
    if (method !== 'execute' && method !== 'query' && method !== 'execute_async') return null;
    const result = consumer(call, py, scopes, sink.kind !== 'bigquery');
    return result ? { call, kind: 'query', arg: sink.arg, label: sink.label, result, lazy: false } : null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// What was read

/**
 * The usual incremental read (`pd.read_sql(query, conn, params=…)` with `query = "… WHERE …"`):
 * a plain literal, in the call or bound to a name, that filters or is no select. Decided from the
 * literal alone, before a template is built.
 */
/**
 * Reads whose query visibly filters are settled per call, and stay settled while the call's
 * statement and the module context are unchanged (see VersionedCache): most reads in a module.
 */
const candidates = new VersionedCache<CallFact, Read | null>();

function incrementalCandidate(call: CallFact, py: PythonFacts, scopes: Scopes, text: string): Read | null {
  let read = candidates.get(call, py.contextVersion);
  if (read === undefined) {
    read = readOf(call, py, scopes);
    if (read && read.kind === 'query' && filtersAtSight(read, py, text)) read = null;
    candidates.set(call, py.contextVersion, read);
  }
  return read;
}

function filtersAtSight(read: Read, py: PythonFacts, text: string): boolean {
  const { arg } = read;
  let str = arg.string;
  if (!str && arg.shape.kind === 'name') {
    const assignment = py.lastAssignment(text.slice(arg.start, arg.end), read.call.fn, arg.start);
    if (assignment?.valueType === 'string') str = py.stringsIn(assignment.valueStart, assignment.valueEnd)[0] ?? null;
  }
  if (!str || str.isFString || str.isBytes) return false;
  const kind = statementKind(str.value);
  return kind !== null && (kind !== 'select' || hasWhereClause(str.value));
}

interface Extract {
  tables: TableRef[];
  /** The full analysis text of the query (null for a table read). */
  sql: string | null;
  template: SqlTemplate | null;
  limitOnly: boolean;
}

const TABLE_NAME = /^[A-Za-z_\u0000][\w$\u0000]*(\.[A-Za-z_\u0000][\w$\u0000]*)*$|^["`[]/;

/** `text("…")` wrapped around the query: the argument of text(). */
function unwrapText(arg: ArgFact, py: PythonFacts, fn: FunctionFact | null, text: string): ArgFact {
  let call: CallFact | undefined;
  if (arg.shape.kind === 'call') call = py.callsIn(arg.start, arg.end).find((c) => c.start === arg.start && c.end === arg.end);
  else if (arg.shape.kind === 'name') call = py.lastAssignment(text.slice(arg.start, arg.end), fn, arg.start)?.call ?? undefined;
  if (call && /^sqlalchemy(\.sql)?(\.expression)?\.text$/.test(py.resolveCall(call)) && call.args[0]) return call.args[0];
  return arg;
}

function extractOf(read: Read, sources: SqlSources, py: PythonFacts, text: string): Extract | null {
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
function hasRunValuePredicate(sql: string): boolean {
  const tokens = tokenizeSql(sql);
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k];
    const prev = tokens[k - 1];
    if (t.type === 'placeholder' && !['LIMIT', 'OFFSET', 'TOP', 'FIRST'].includes(prev.upper)) return true;
    if ((t.type === 'string' || t.type === 'word' || t.type === 'number') && /\u0000/.test(t.text) && COMPARISONS.has(prev.text)) return true;
  }
  return false;
}

function queryExtract(sql: string, template: SqlTemplate): Extract | null {
  if (statementKind(sql) !== 'select') return null;
  if (hasWhereClause(sql) || isScalarAggregate(sql) || hasRunValuePredicate(sql)) return null;
  const tables = tablesRead(sql);
  if (tables.length === 0) return null;
  return { tables, sql, template, limitOnly: findTopLevelClause(sql, 'LIMIT') >= 0 || findTopLevelClause(sql, 'FETCH FIRST') >= 0 || /^\s*select\s+(distinct\s+)?top\b/i.test(sql) };
}

function normalize(ref: TableRef): string {
  return ref.parts.join('.').toLowerCase();
}

function allowListed(ref: TableRef, allow: ReadonlySet<string>): boolean {
  if (allow.size === 0) return false;
  const full = normalize(ref);
  const bare = ref.parts[ref.parts.length - 1].toLowerCase();
  return allow.has(full) || allow.has(bare);
}

function displayTable(tables: TableRef[]): string {
  const names = tables.map((t) => (/\u0000|pw_constant|pw_fragment/.test(t.name) ? 'a table named at run time' : t.name));
  const unique = [...new Set(names)];
  return unique.length <= 2 ? unique.join(' and ') : `${unique.slice(0, 2).join(', ')} and ${unique.length - 2} more tables`;
}

// ---------------------------------------------------------------------------------------------
// Stages: the rows go somewhere

function isWrite(call: CallFact, py: PythonFacts): boolean {
  const kind = classifyIo(call, py);
  if (kind === 'file-write' || kind === 'db-write' || kind === 'warehouse-load') return true;
  if (kind === 'object-storage') return UPLOAD_METHODS.test(methodOf(call.callee));
  if (SPARK_WRITE.test(call.callee)) return true;
  return COPY_METHODS.has(methodOf(call.callee));
}

/** The variable the rows end up in (`orders = pd.read_sql(…)`, `rows = cur.fetchall()`). */
function resultVariable(read: Read, scopes: Scopes): string | null {
  const assignment = scopes.assignmentOf(read.result) ?? scopes.assignmentsIn(read.call.fn).find((a) => a.valueStart <= read.result.start && read.result.end <= a.valueEnd);
  return assignment && /^[A-Za-z_]\w*$/.test(assignment.target) ? assignment.target : null;
}

/**
 * The rows are handed to a function of the module that writes them: `df = pd.read_sql(…)` then
 * `load(df, table)` (or `self.load(df)`), with `load` writing to a file, table or bucket.
 */
function passesToWriter(read: Read, scopes: Scopes, text: string): boolean {
  const variable = resultVariable(read, scopes);
  if (!variable) return false;
  for (const c of scopes.callsOf(read.call.fn)) {
    if (c.start < read.call.end || !c.args.some((a) => (a.kind === 'positional' || a.kind === 'keyword') && text.slice(a.start, a.end) === variable)) continue;
    const callee = scopes.localFunction(c.callee, read.call.fn);
    if (callee && callee !== read.call.fn && scopes.writes(callee)) return true;
  }
  return false;
}

function returnsRows(read: Read, scopes: Scopes, text: string): boolean {
  const fn = read.call.fn;
  if (!fn) return false;
  const variable = resultVariable(read, scopes);
  for (const st of scopes.returnsIn(fn)) {
    if (st.start <= read.call.start && read.call.end <= st.end) return true;
    if (!variable) continue;
    const expression = text.slice(st.start, st.end).replace(/^return\b/, '').replace(new RegExp(`\\blen\\(\\s*${variable}\\s*\\)`, 'g'), '');
    if (new RegExp(`(?<![\\w.])${variable}\\b`).test(expression)) return true;
  }
  return false;
}

/** Spark reads are lazy: `.filter()`/`.where()` on the frame pushes a predicate into the read. */
function filteredLater(read: Read, scopes: Scopes, scope: CallFact[]): boolean {
  const variable = resultVariable(read, scopes);
  return scope.some((c) => c.start >= read.call.start && /^(filter|where)$/.test(methodOf(c.callee)) && (c.callee.startsWith(`${read.call.callee}().`) || (variable !== null && (receiverOf(c.callee) === variable || receiverOf(c.callee).startsWith(`${variable}.`)))));
}

// ---------------------------------------------------------------------------------------------
// The fix: an incremental extract with a file-backed watermark

let storeSource: string | undefined;

/** The WatermarkStore class from the `pw-watermark-state` snippet (rendered once). */
function watermarkStoreSource(): string {
  storeSource ??= renderSnippet('pw-watermark-state');
  return storeSource;
}

interface ParamStyle {
  placeholder: '%s' | '?';
}

function connectionStyle(call: CallFact, py: PythonFacts, text: string): ParamStyle | null {
  const con = call.args.find((a) => a.kind === 'keyword' && a.name === 'con') ?? call.args.filter((a) => a.kind === 'positional')[1];
  if (!con) return null;
  const name = text.slice(con.start, con.end);
  if (!/^[A-Za-z_]\w*$/.test(name)) return null;
  const assignment = py.lastAssignment(name, call.fn, call.start);
  if (!assignment?.call) return null;
  const resolved = py.resolveCall(assignment.call);
  const root = resolved.split(/[.(]/)[0];
  if (PERCENT_DRIVERS.has(root)) return { placeholder: '%s' };
  if (QMARK_DRIVERS.has(root)) return { placeholder: '?' };
  if (/^sqlalchemy\.(engine\.)?create_engine$/.test(resolved)) {
    const url = assignment.call.args[0]?.string?.value ?? '';
    if (/^(postgres(ql)?|mysql|redshift)(\+(psycopg2?|pymysql|mysqldb|mysqlconnector|redshift_connector))?:/.test(url)) return { placeholder: '%s' };
  }
  return null;
}

function watermarkColumn(sql: string): string | null {
  const items = selectItems(sql);
  if (!items) return null;
  const bare = items.map((item) => item.trim().replace(/^[\w"`]+\./, '').replace(/["`]/g, '').toLowerCase());
  const named = WATERMARK_COLUMNS.find((c) => bare.includes(c));
  if (named) return named;
  return bare.some((b) => b === '*') ? DEFAULT_WATERMARK : null;
}

function occurrences(text: string, name: string, start: number, end: number): number {
  return [...text.slice(start, end).matchAll(new RegExp(`(?<![\\w.])${name}\\b`, 'g'))].length;
}

/** The single plain string literal that holds the query, and whether it sits in a variable. */
function queryLiteral(read: Read, extract: Extract, text: string): StringFact | null {
  const template = extract.template;
  if (!template || template.root.kind !== 'literal' || template.root.foreignTemplate) return null;
  if (template.pieces.length !== 1 || template.pieces[0].type !== 'text') return null;
  const str = template.pieces[0].str;
  if (str.isBytes || str.isFString || str.start !== template.root.start || str.end !== template.root.end) return null;
  const assignment = template.root.assignment;
  if (assignment) {
    const fn = read.call.fn;
    if (!fn || assignment.fn !== fn || occurrences(text, assignment.target, fn.bodyStart, fn.bodyEnd) !== 2) return null;
  } else if (template.root.start !== read.arg.start) {
    return null;
  }
  return str;
}

/** Where the new watermark is saved: after the last write of the frame at the read's level, else right after the read. */
function saveOffset(read: Read, statementEnd: number, indent: string, py: PythonFacts, scopes: Scopes, text: string, fn: FunctionFact): number {
  const writes = scopes.callsOf(fn).filter((c) => c.start > read.call.end && isWrite(c, py));
  const last = writes[writes.length - 1];
  if (!last || indentAt(text, lineStart(text, last.start) + indentAt(text, last.start).length).length < indent.length) return statementEnd;
  let at = nextLineStart(text, last.end);
  while (at < fn.end && at < text.length) {
    const lineEnd = nextLineStart(text, at);
    const line = text.slice(at, lineEnd);
    if (line.trim() !== '' && (/^[ \t]*/.exec(line)?.[0].length ?? 0) <= indent.length) break;
    at = lineEnd;
  }
  return Math.min(at, fn.end === text.length ? text.length : nextLineStart(text, fn.end - 1));
}

function buildFix(ctx: RuleContext, py: PythonFacts, scopes: Scopes, read: Read, extract: Extract): Fix | null {
  const text = ctx.doc.text;
  const fn = read.call.fn;
  if (!fn || read.kind !== 'query' || !/^(pandas|modin\.pandas)(\.io\.sql)?\.read_sql(_query)?$/.test(py.resolveCall(read.call)) || !extract.sql) return null;
  if (read.call.args.some((a) => a.name === 'params' || a.kind === 'dict-splat') || read.call.args.filter((a) => a.kind === 'positional').length > 2) return null;
  if (extract.tables.length !== 1 || /\u0000|pw_constant|pw_fragment/.test(extract.tables[0].name)) return null;
  const sql = extract.sql;
  for (const clause of ['ORDER BY', 'GROUP BY', 'HAVING', 'UNION', 'EXCEPT', 'INTERSECT', 'QUALIFY', 'WINDOW']) if (findTopLevelClause(sql, clause) >= 0) return null;
  if (tokenizeSql(sql).some((t) => t.type === 'placeholder' || t.text === '%' || t.text === '%%')) return null;
  const column = watermarkColumn(sql);
  if (!column) return null;
  const str = queryLiteral(read, extract, text);
  if (!str) return null;
  const style = connectionStyle(read.call, py, text);
  if (!style) return null;

  // The read must be a statement of its own: `frame = pd.read_sql(…)` on its line.
  const assignment = scopes.assignmentOf(read.call);
  if (!assignment || !/^[A-Za-z_]\w*$/.test(assignment.target) || assignment.fn !== fn) return null;
  const statementStart = lineStart(text, assignment.targetStart);
  const indent = indentAt(text, assignment.targetStart);
  if (text.slice(statementStart, assignment.targetStart) !== indent) return null;
  const statementEnd = nextLineStart(text, read.call.end);
  if (!/^[ \t]*(#.*)?\r?\n?$/.test(text.slice(read.call.end, statementEnd))) return null;
  const functionText = text.slice(fn.bodyStart, fn.bodyEnd);
  if (/\b(last_watermark|watermark_store)\b/.test(functionText)) return null;

  // The query literal: the predicate goes before LIMIT, else at the end of the statement.
  const value = str.value;
  const limit = findTopLevelClause(value, 'LIMIT');
  const at = limit >= 0 ? limit : value.replace(/(?<![\s;])[\s;]+$/, '').length;
  if (at > str.identityUntil) return null;
  const predicate = renderSnippet('pw-incremental-predicate', { updated_at: column, '%s': style.placeholder });
  const queryEdit: TextEdit = limit >= 0
    ? { start: str.contentStart + at, end: str.contentStart + at, newText: `${predicate} ` }
    : { start: str.contentStart + at, end: str.contentStart + at, newText: `${/\s$/.test(value.slice(0, at)) ? '' : ' '}${predicate}` };

  const table = extract.tables[0].name;
  const frame = assignment.target;
  const edits: TextEdit[] = [];
  const bound = scopes.watermarkStoreBinding;
  if (bound === null) {
    const imports = scopes.storeImports(text);
    if (!imports) return null;
    const helper = scopes.storeHelper(text, topLevelStart(py, fn.start), imports);
    if (!helper) return null;
    edits.push(...imports, helper);
  } else if (bound !== 'class') {
    return null;
  }
  const readLines = renderSnippet('pw-watermark-read', { orders: table }, indent);
  edits.push({ start: statementStart, end: statementStart, newText: `${indent}${readLines}\n` });
  edits.push(queryEdit);
  const params = appendArgumentEdits(text, read.call, 'params=[last_watermark]');
  if (!params) return null;
  edits.push(...params);
  const saveAt = saveOffset(read, statementEnd, indent, py, scopes, text, fn);
  const saveLines = renderSnippet('pw-watermark-save', { frame, orders: table, updated_at: column }, indent);
  const needsBreak = saveAt === text.length && !text.endsWith('\n');
  edits.push({ start: saveAt, end: saveAt, newText: `${needsBreak ? '\n' : ''}${indent}${saveLines}\n` });
  return {
    title: `${TITLE_PREFIX} Extract ${table} incrementally on watermark column ${column}`,
    edits,
    safe: false,
    preferred: true,
  };
}

// ---------------------------------------------------------------------------------------------
// The rule

export const fullTableExtract: Rule = {
  meta: {
    id: ID,
    slug: 'full-table-extract',
    title: 'Full-table extract',
    priority: 'P1',
    dialects: ['python'],
    rationale: 'Re-reading a whole table on every run makes the job slower and costlier as the table grows, loads the source database, and re-ships rows that did not change.',
    recommendation: 'Extract incrementally: select only rows changed since the last run (WHERE updated_at > watermark) and save the new watermark after the write.',
    fixable: true,
  },
  check(ctx) {
    const py = ctx.doc.python;
    if (!py) return;
    const text = ctx.doc.text;
    let sources: SqlSources | undefined;
    const scopes = new Scopes(py);
    // One finding per query text; every read of it is a related location.
    const reported = new Map<string, RelatedLocation[]>();
    for (const call of ctx.statement?.calls ?? py.calls) {
      const read = incrementalCandidate(call, py, scopes, text);
      if (!read) continue;
      if (isIoManagerLoad(call.fn, py, text)) continue;
      sources ??= new SqlSources(py, text);
      const extract = extractOf(read, sources, py, text);
      if (!extract) continue;
      if (extract.tables.every((t) => isMetadataTable(t) || allowListed(t, ctx.config.fullExtractAllowlist))) continue;
      const scope = scopes.callsOf(call.fn);
      if (read.lazy && filteredLater(read, scopes, scope)) continue;
      const writes = read.kind === 'copy' || scopes.writes(call.fn);
      if (!writes && !returnsRows(read, scopes, text) && !passesToWriter(read, scopes, text)) continue;
      // A query is reported at its text; a table read (read_sql_table, spark.table) at the call.
      const site = extract.sql !== null ? extract.template?.root : undefined;
      const start = site ? site.start : call.start;
      const end = site ? site.end : call.end;
      const key = `${start}:${end}`;
      const readHere: RelatedLocation = { path: ctx.doc.path, start: call.start, end: call.end, message: `The query is read here (${read.label})` };
      const earlier = reported.get(key);
      if (earlier) {
        if (!earlier.some((r) => r.start === readHere.start)) earlier.push(readHere);
        continue;
      }
      const tables = extract.tables.filter((t) => !isMetadataTable(t));
      const what = extract.sql === null ? `${read.label} reads all of ${displayTable(tables)}` : extract.limitOnly ? `Query reads ${displayTable(tables)} with LIMIT but no WHERE (a sample, not an increment)` : `Query reads all of ${displayTable(tables)} (SELECT without WHERE)`;
      const where = extract.sql === null ? '' : ` through ${read.label}`;
      const message = `${what}${where} on every run; extract only rows changed since the last run (WHERE updated_at > saved watermark) and save the new watermark after the write`;
      const related: RelatedLocation[] = start < call.start || end > call.end ? [readHere] : [];
      reported.set(key, related);
      const fix = buildFix(ctx, py, scopes, read, extract);
      // The query may be a module-level constant: the finding belongs to the call that reads it.
      ctx.report({ start, end, message, fixes: fix ? [fix] : [], related: related.length ? related : undefined, origin: call.start });
    }
  },
  incremental: {
    exports: (statement, context) => `${exportedTaskCallables(statement, context)}|${exportedWriters(statement, context.doc.python)}`,
  },
};

/** Which functions of the statement write (a file, table, bucket): rows handed to them elsewhere count as loaded. */
function exportedWriters(statement: ChunkFacts, py: PythonFacts | undefined): string {
  if (!py) return '';
  return statement.functions
    .filter((f) => f.parent === null)
    .map((f) => `${f.className ?? ''}.${f.name}=${py.ownFacts(f).calls.some((c) => isWrite(c, py))}`)
    .join(';');
}
