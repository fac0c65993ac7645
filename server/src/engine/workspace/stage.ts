// StageFacts of one Python script: which files and tables it reads and writes (pandas readers
// and writers, open(), Spark, SQL text, BigQuery/Snowflake loads), where it validates data, what
// it removes, which writes carry a schema, its docstrings and imports. Paths are followed through
// variables, module constants and os.path.join of literals; a path built from tempfile, a run id,
// an execution date or any f-string/format field is run-scoped. Computed once per parse from the
// document's facts (no tree walks) and kept as plain data: the facts objects are not retained.

import path from 'node:path';
import type { DocumentFacts } from '../document';
import type { ArgFact, AssignmentFact, CallFact, FunctionFact, StringFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { addImportEdit, lineEnding } from '../python/edits';
import { containsTemplate } from '../secrets';
import { tablesRead, tablesWritten } from '../sql';
import type { TextEdit } from '../types';
import { hasPlaceholders, parameterPlaceholder } from './artifact-template';
import { qualifiedName } from './retry-entries';
import type { ArtifactRef, SourceRange, StageFacts } from './types';
import { methodOf, receiverOf } from '../knowledge';

/** An artifact reference with what fixes and graphs need (all optional extensions of ArtifactRef). */
export interface StageArtifactRef extends ArtifactRef {
  /** Top-level function holding the call (null at module level). */
  fn: string | null;
  /** The top-level function or method holding the call (`load`, `Loader.load`), `<module>` at module level. */
  scope: string;
  /**
   * The name with the parameters of `scope` it is built from as placeholders (artifact-template.ts),
   * filled when a pipeline step passes them; null when the name depends on no parameter.
   */
  template: string | null;
  /** The reading/writing method (`read_csv`, `to_parquet`, `load_table_from_dataframe`, `sql`). */
  via: string;
  /** Source text of the path/table expression, valid inside `fn` (a literal or a variable name). */
  expression: string | null;
  /** For reads: the variable the result is assigned to (`orders = pd.read_csv(…)`), else null. */
  bound: string | null;
  /** Offset of the line after the statement holding the call (where a follow-up statement goes). */
  after: number;
  /** Indentation of that statement. */
  indent: string;
  /**
   * For a table written by SQL text (`INSERT INTO t (a, b) …` run by an executor): whether the
   * statement names its columns (`named`) or the function builds them from a frame's `.columns`
   * at run time (`from-frame`). Absent for other writes.
   */
  sqlColumns?: 'named' | 'from-frame';
}

export interface StageFunction extends SourceRange {
  name: string;
  nameStart: number;
  nameEnd: number;
  bodyStart: number;
  bodyEnd: number;
  /** Indentation of the body's statements. */
  bodyIndent: string;
  /** Where a statement that must run last goes: before a trailing `return`, else at the end of the body. */
  finalInsert: number;
  hasDocstring: boolean;
}

export interface StageValidation extends SourceRange {
  fn: string | null;
  /** As for artifact references: the function or method holding it, `<module>` at module level. */
  scope: string;
  kind: 'assert' | 'raise' | 'schema' | 'call' | 'decorator';
}

/** Offsets for module-level edits, computed at extraction time (the facts are not kept). */
export interface StageEditAnchors {
  /** Where a module-level helper function goes (after the imports), and the text around it. */
  helperAt: number;
  helperBefore: string;
  helperAfter: string;
  /** The edit adding `import os`; null when `os` is already imported. */
  importOs: TextEdit | null;
  /** `os` is bound to something else: fixes must not use it. */
  osTaken: boolean;
  eol: string;
}

export interface ExtendedStageFacts extends StageFacts {
  reads: StageArtifactRef[];
  writes: StageArtifactRef[];
  validations: StageValidation[];
  functions: StageFunction[];
  /** Column names the script reads with string subscripts (`orders["quantity"]`), in first-use order. */
  columns: string[];
  /** Column names the script assigns (`orders["total_amount"] = …`). */
  columnsWritten: string[];
  /** `*.py` file names mentioned in string literals (a test running a script by name). */
  scriptMentions: string[];
  anchors: StageEditAnchors;
  /** The file imports airflow (a DAG module). */
  importsAirflow: boolean;
  /**
   * Reads and writes whose names are known only once a caller passes the parameters they are built
   * from (`pd.read_json(os.path.join(STAGING_DIR, day, f"orders_{region}.json"))`); not in `reads`/`writes`.
   */
  templated: { reads: StageArtifactRef[]; writes: StageArtifactRef[] };
  /** Parameter names of each top-level function and method (`fetch_orders` → `['region', 'day']`). */
  parameters: Record<string, string[]>;
}

const PANDAS_READERS = new Set(['read_csv', 'read_parquet', 'read_json', 'read_excel', 'read_feather', 'read_orc', 'read_table', 'read_fwf', 'read_pickle', 'read_xml', 'read_hdf', 'read_avro', 'read_ndjson', 'scan_csv', 'scan_parquet', 'scan_ndjson']);
const FRAME_WRITERS = new Set(['to_csv', 'to_parquet', 'to_json', 'to_excel', 'to_feather', 'to_orc', 'to_pickle', 'to_hdf', 'to_xml', 'write_csv', 'write_parquet', 'write_json', 'write_ndjson', 'write_avro', 'write_ipc']);
const SPARK_FORMATS = new Set(['csv', 'parquet', 'json', 'orc', 'load', 'text', 'avro', 'save', 'delta']);
const PATH_KEYWORDS = ['path', 'path_or_buf', 'filepath_or_buffer', 'fname', 'file', 'filename', 'source', 'io', 'excel_writer', 'path_or_buffer'];
const SQL_EXECUTORS = new Set(['execute', 'executemany', 'read_sql', 'read_sql_query', 'sql', 'query', 'run', 'get_pandas_df', 'get_records', 'get_first', 'exec_driver_sql']);
/**
 * A column list built from a frame's columns: `",".join(df.columns)`, `[c for c in df.columns …]`,
 * `list(df.columns)`, `df.columns.tolist()` (not a membership test `if c not in df.columns`).
 */
const FRAME_COLUMNS_USE = /\.join\(\s*[A-Za-z_][\w.]*\.columns\b|\bfor\s+\w+\s+in\s+[A-Za-z_][\w.]*\.columns\b|\blist\(\s*[A-Za-z_][\w.]*\.columns\b|\.columns\.(tolist|to_list)\(\)/g;
/** A line renaming a frame's columns (`df.columns = [c.lower() for c in df.columns]`): not a column list for SQL. */
const COLUMNS_RENAME = /\.columns\s*=[^=]/;
/** How far before a module-level call its column list is looked for. */
const MODULE_LOOKBACK = 4000;
const LOAD_METHODS = new Set(['load_table_from_dataframe', 'load_table_from_uri', 'load_table_from_file', 'load_table_from_json', 'insert_rows', 'insert_rows_json', 'insert_rows_from_dataframe']);
/** Text naming a per-run location: a template (tested in linear time), a run id or date, a format field. */
const RUN_SCOPED_TEXT = { test: (text: string) => containsTemplate(text) || RUN_SCOPED_TOKENS.test(text) };
const RUN_SCOPED_TOKENS = /\$\{?(RUN_ID|AIRFLOW_CTX_|EXECUTION_DATE|DS\b)|\brun[_-]?id\b|\bexecution[_-]?date\b|\{\}|%\(?[a-z_]*\)?[sd]|%Y|%m|%d/i;

/** A name (as written, or filled from what a step passes) names a per-run or temporary location. */
export function isRunScopedText(name: string): boolean {
  return RUN_SCOPED_TEXT.test(name) || name.includes('{tmp}');
}
const RUN_SCOPED_NAME = /(^|_)(run_?id|execution_date|logical_date|ds|ts|ds_nodash|ts_nodash|batch_id|job_id|dag_run|run_date|partition_date|uuid|tmp_?dir|temp_?dir|tmpdir|tempdir|workdir)$/i;
const VALIDATION_CALL = /^(validate|check|verify|assert|ensure|expect)_\w+$|^\w+_(validate|validation|check)$|^(validate|model_validate|model_validate_json|parse_obj|parse_raw|validate_python|validate_json|run_checkpoint|run_validation_operator|expect_\w+|check_schema|validate_schema|validate_dataframe)$/;
const VALIDATION_DECORATOR = /(^|\.)(check_types|check_input|check_output|check_io|validate_call|validate_arguments)\b/;
const CHECK_CONDITION = /\blen\(|\.empty\b|\.columns\b|\.shape\b|\.isna\(|\.isnull\(|\.notna\(|\.notnull\(|\.duplicated\(|\.nunique\(|\.count\(|\bissubset\b|\bmissing\b|\brow_?count\b|\brows\b|\.dtypes?\b|is None\b|==\s*0\b|<\s*\d/;
const SCHEMA_CALL = /^(DataFrameSchema|DataFrameModel|SchemaModel|SchemaField|schema|Schema|StructType|StructField)$/;
const MAX_PATH_DEPTH = 4;
const CREATE_WORD = /create/i;
const SCHEMA_METHODS = new Set(['LoadJobConfig', 'DataFrameSchema', 'DataFrameModel', 'SchemaModel', 'SchemaField', 'schema', 'Schema', 'StructType', 'StructField', 'astype', 'validate']);
/** Every method name visitCall handles (removes, readers, writers, loads, SQL executors, open). */
const CALL_METHODS = new Set([
  'remove', 'unlink', 'rmtree', 'rmdir', 'removedirs', 'open', 'write_table', 'read_table', 'saveAsTable', 'insertInto', 'table', 'to_sql', 'read_sql_table', 'read_gbq', 'to_gbq', 'write_pandas',
  ...PANDAS_READERS, ...FRAME_WRITERS, ...SPARK_FORMATS, ...LOAD_METHODS, ...SQL_EXECUTORS,
]);

interface PathValue {
  name: string;
  runScoped: boolean;
}

/** `schema, name = table.split(".")`: a qualified table name split into its parts. */
const QUALIFIED_SPLIT = /^([A-Za-z_]\w*)\s*,\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\.split\(\s*(["'])\.\4\s*\)\s*(#.*)?$/;
/** Methods whose `schema=` names the database schema (a namespace), not the columns. */
const NAMESPACE_SCHEMA = new Set(['to_sql', 'read_sql_table', 'write_pandas']);
const ENV_READ = /^os\.(environ\.get|getenv)$/;

class StageExtractor {
  readonly reads: StageArtifactRef[] = [];
  readonly writes: StageArtifactRef[] = [];
  readonly templatedReads: StageArtifactRef[] = [];
  readonly templatedWrites: StageArtifactRef[] = [];
  /** While set, a function's parameters resolve to placeholders (see `templateOf`). */
  private withParameters = false;
  readonly validations: StageValidation[] = [];
  readonly removes = new Set<string>();
  readonly schemaDeclared = new Set<string>();
  private readonly topOf = new Map<FunctionFact, FunctionFact>();
  /** Functions (top-level names) where a dtype/schema was declared, and from which offset. */
  private readonly schemaFrom = new Map<string | null, number>();
  private readonly callByStart = new Map<number, CallFact>();
  private readonly assignmentByCall = new Map<CallFact, AssignmentFact>();
  private readonly stringByStart = new Map<number, StringFact>();

  constructor(private readonly py: PythonFacts, private readonly text: string) {
    for (const call of py.calls) if (!this.callByStart.has(call.start)) this.callByStart.set(call.start, call);
    for (const a of py.assignments) if (a.call) this.assignmentByCall.set(a.call, a);
    for (const s of py.strings) this.stringByStart.set(s.start, s);
  }

  top(fn: FunctionFact | null): FunctionFact | null {
    if (!fn) return null;
    let top = this.topOf.get(fn);
    if (!top) {
      top = fn;
      while (top.parent) top = top.parent;
      this.topOf.set(fn, top);
    }
    return top;
  }

  run(): void {
    const py = this.py;
    // Schema declarations first: writes check them by function and offset.
    for (const call of py.calls) this.noteSchema(call);
    for (const str of py.strings) {
      if (str.isDocstring || str.value.length < 16 || !CREATE_WORD.test(str.value) || !/create\s+(or\s+replace\s+)?(temporary\s+|temp\s+|transient\s+)?table\b[^;]*\(/i.test(str.value)) continue;
      for (const ref of tablesWritten(str.value)) this.schemaDeclared.add(normalizeTable(ref.name));
    }
    for (const call of py.calls) this.visitCall(call);
    for (const st of py.statements) {
      if (st.kind === 'assert') this.validations.push({ start: st.start, end: st.end, fn: this.top(st.fn)?.name ?? null, scope: qualifiedName(st.fn), kind: 'assert' });
      else if (st.kind === 'raise' && this.raiseOnCheck(st.start)) this.validations.push({ start: st.start, end: st.end, fn: this.top(st.fn)?.name ?? null, scope: qualifiedName(st.fn), kind: 'raise' });
    }
    for (const f of py.functions) {
      if (f.decorators.some((d) => VALIDATION_DECORATOR.test(d))) this.validations.push({ start: f.start, end: f.end, fn: this.top(f)?.name ?? null, scope: qualifiedName(f), kind: 'decorator' });
    }
    this.validations.sort((a, b) => a.start - b.start);
  }

  private noteSchema(call: CallFact): void {
    const method = methodOf(call.callee);
    if (!SCHEMA_METHODS.has(method) && !PANDAS_READERS.has(method) && !/^read_sql/.test(method)) return;
    const resolved = this.py.resolveCall(call);
    const fnName = this.top(call.fn)?.name ?? null;
    const declare = () => {
      const previous = this.schemaFrom.get(fnName);
      if (previous === undefined || call.start < previous) this.schemaFrom.set(fnName, call.start);
    };
    if (method === 'LoadJobConfig' && hasKeyword(call, 'schema')) declare();
    else if (SCHEMA_CALL.test(method) && (/^(pandera|pyarrow|google\.cloud\.bigquery|pyspark)/.test(resolved) || method === 'DataFrameSchema' || method === 'SchemaField' || method === 'StructType')) declare();
    else if (method === 'astype' && call.args[0]?.nodeType === 'dictionary') declare();
    else if ((PANDAS_READERS.has(method) || /^read_sql/.test(method)) && hasKeyword(call, 'dtype')) declare();
    else if (method === 'validate' && /^pandera|schema/i.test(resolved)) declare();
  }

  private schemaApplies(call: CallFact, fnName: string | null): boolean {
    if (hasKeyword(call, 'dtype') || hasKeyword(call, 'table_schema')) return true;
    if (hasKeyword(call, 'schema') && !NAMESPACE_SCHEMA.has(methodOf(call.callee))) return true;
    const from = this.schemaFrom.get(fnName);
    if (from !== undefined && from < call.start) return true;
    const moduleLevel = this.schemaFrom.get(null);
    return moduleLevel !== undefined && fnName !== null;
  }

  private visitCall(call: CallFact): void {
    const py = this.py;
    const method = methodOf(call.callee);
    const validation = VALIDATION_CALL.test(method);
    // Most calls are none of the kinds below: skip them before resolving names.
    if (!validation && !CALL_METHODS.has(method)) return;
    const resolved = py.resolveCall(call);
    const root = resolved.split(/[.(]/)[0];
    const fnName = this.top(call.fn)?.name ?? null;

    if (validation && !/^(os|re|json|shutil|subprocess|pathlib|typing)\b/.test(root)) {
      // `schema.validate(df)` (pandera), `Model.model_validate(row)` (pydantic), `validate_orders(df)`, great_expectations `expect_*`.
      if (method !== 'validate' || call.args.length > 0) this.validations.push({ start: call.start, end: call.end, fn: fnName, scope: qualifiedName(call.fn), kind: method === 'validate' ? 'schema' : 'call' });
    }
    if (!CALL_METHODS.has(method)) return;

    // Removes
    if (resolved === 'os.remove' || resolved === 'os.unlink' || resolved === 'shutil.rmtree' || resolved === 'os.rmdir' || resolved === 'os.removedirs') {
      const value = this.pathOf(firstPositional(call) ?? keyword(call, 'path'), call);
      if (value) this.removes.add(resolved === 'os.remove' || resolved === 'os.unlink' ? value.name : dirName(value.name));
      return;
    }
    if (method === 'unlink' || method === 'rmdir') {
      const receiver = call.callee.slice(0, call.callee.length - method.length - 1);
      const value = this.pathOfExpression(receiver, call, 0);
      if (value) this.removes.add(method === 'rmdir' ? dirName(value.name) : value.name);
      return;
    }

    // Pandas / polars readers
    if (PANDAS_READERS.has(method) && (/^(pandas|polars|modin|dask|geopandas|pyarrow)\b/.test(root) || /^(pd|pl|dd)$/.test(call.callee.split('.')[0]))) {
      this.addFile('read', call, pathArg(call), method, fnName);
      return;
    }
    if (method === 'read_table' && /^pyarrow\.(parquet|csv)/.test(resolved)) {
      this.addFile('read', call, pathArg(call), method, fnName);
      return;
    }
    // Frame writers (`df.to_csv(path)`), polars writers
    if (FRAME_WRITERS.has(method)) {
      if (call.args.length === 0) return;
      this.addFile('write', call, pathArg(call), method, fnName);
      return;
    }
    if (method === 'write_table' && /^pyarrow/.test(resolved)) {
      const args = call.args.filter((a) => a.kind === 'positional');
      this.addFile('write', call, args[1] ?? keyword(call, 'where'), method, fnName);
      return;
    }
    // Spark: spark.read.parquet(p), df.write.mode("overwrite").parquet(p), saveAsTable, spark.table
    if (SPARK_FORMATS.has(method) && /(^|\.)read(\(\))?(\.|$)|\.readStream\b/.test(call.callee.slice(0, -method.length)) && /^(spark|\w*session|ss|sc)\b/i.test(call.callee)) {
      this.addFile('read', call, pathArg(call), method, fnName);
      return;
    }
    if (SPARK_FORMATS.has(method) && /\.write(\(\))?(\.|$)/.test(call.callee.slice(0, -method.length))) {
      this.addFile('write', call, pathArg(call), method, fnName);
      return;
    }
    if (method === 'saveAsTable' || method === 'insertInto') {
      this.addTable('write', call, firstPositional(call) ?? keyword(call, 'name') ?? keyword(call, 'tableName'), method, fnName, null);
      return;
    }
    if (method === 'table' && /^(spark|\w*session)$/i.test(receiverOf(call.callee).replace(/\(\)$/, ''))) {
      this.addTable('read', call, firstPositional(call), method, fnName, null);
      return;
    }
    // open(path, mode)
    if (resolved === 'open' || resolved === 'io.open' || resolved === 'gzip.open' || resolved === 'codecs.open') {
      const mode = keyword(call, 'mode') ?? call.args.filter((a) => a.kind === 'positional')[1];
      const modeText = mode?.string?.value ?? (mode ? '?' : 'r');
      if (modeText === '?') return;
      this.addFile(/[wax+]/.test(modeText) ? 'write' : 'read', call, pathArg(call), 'open', fnName);
      return;
    }
    // Tables: pandas to_sql / read_sql_table, BigQuery loads, Snowflake write_pandas, to_gbq
    if (method === 'to_sql') {
      const schema = keyword(call, 'schema');
      const nameArg = firstPositional(call) ?? keyword(call, 'name');
      const whole = this.splitQualifiedName(call, nameArg, schema);
      if (whole) this.addTableNamed('write', call, nameArg ?? null, whole, method, fnName);
      else this.addTable('write', call, nameArg, method, fnName, schema?.string?.value ?? null);
      return;
    }
    if (method === 'read_sql_table' || method === 'read_gbq' && !looksLikeSqlArg(call)) {
      this.addTable('read', call, firstPositional(call) ?? keyword(call, 'table_name'), method, fnName, keyword(call, 'schema')?.string?.value ?? null);
      if (method === 'read_sql_table') return;
    }
    if (method === 'to_gbq') {
      this.addTable('write', call, firstPositional(call) ?? keyword(call, 'destination_table'), method, fnName, null);
      return;
    }
    if (resolved.endsWith('write_pandas') || method === 'write_pandas') {
      const positional = call.args.filter((a) => a.kind === 'positional');
      this.addTable('write', call, positional[2] ?? keyword(call, 'table_name'), method, fnName, keyword(call, 'schema')?.string?.value ?? null);
      return;
    }
    if (LOAD_METHODS.has(method) && (resolved.startsWith('google.cloud.bigquery') || /client|bq|bigquery/i.test(receiverOf(call.callee)))) {
      const positional = call.args.filter((a) => a.kind === 'positional');
      const destination = method.startsWith('insert_rows') ? positional[0] ?? keyword(call, 'table') : positional[1] ?? keyword(call, 'destination');
      if (method === 'load_table_from_uri') this.addFile('read', call, positional[0] ?? keyword(call, 'source_uris'), method, fnName);
      this.addTable('write', call, destination, method, fnName, null);
      return;
    }
    // SQL text passed to an executor
    if (SQL_EXECUTORS.has(method) || method === 'read_gbq') {
      const arg = firstPositional(call) ?? keyword(call, 'sql') ?? keyword(call, 'query');
      const sql = arg ? this.sqlOf(arg, call) : null;
      if (!sql) return;
      for (const ref of tablesRead(sql)) this.pushTable('read', call, ref.name, method, fnName, null);
      const columns = this.statementColumns(call);
      for (const ref of tablesWritten(sql)) if (!/^\s*(drop|delete|truncate)\b/i.test(sql)) this.pushTable('write', call, ref.name, method, fnName, null, null, columns);
    }
  }

  /**
   * Whether the SQL a call runs takes its column list from a frame at run time: the function (or,
   * at module level, the text shortly before the call) joins or loops over some `<frame>.columns`.
   */
  private statementColumns(call: CallFact): 'named' | 'from-frame' {
    const top = this.top(call.fn);
    const start = top ? top.bodyStart : Math.max(0, call.start - MODULE_LOOKBACK);
    const before = this.text.slice(start, call.start);
    for (const match of before.matchAll(FRAME_COLUMNS_USE)) {
      const lineStart = before.lastIndexOf('\n', match.index) + 1;
      const lineEnd = before.indexOf('\n', match.index);
      if (!COLUMNS_RENAME.test(before.slice(lineStart, lineEnd < 0 ? before.length : lineEnd))) return 'from-frame';
    }
    return 'named';
  }

  private raiseOnCheck(offset: number): boolean {
    // The raise's own line indentation; the nearest preceding line with less indentation must be an `if` on a data check.
    const text = this.text;
    const lineStartAt = text.lastIndexOf('\n', offset - 1) + 1;
    const indent = offset - lineStartAt;
    let cursor = lineStartAt - 1;
    for (let steps = 0; steps < 12 && cursor > 0; steps++) {
      const start = text.lastIndexOf('\n', cursor - 1) + 1;
      const line = text.slice(start, cursor);
      cursor = start - 1;
      const trimmed = line.trimStart();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const lineIndent = line.length - trimmed.length;
      if (lineIndent >= indent) continue;
      return /^(el)?if\b/.test(trimmed) && CHECK_CONDITION.test(trimmed.replace(/:\s*(#.*)?$/, ''));
    }
    return false;
  }

  private sqlOf(arg: ArgFact, call: CallFact): string | null {
    if (arg.string) return arg.string.value;
    if (arg.nodeType === 'identifier') {
      const assignment = this.py.lastAssignment(this.text.slice(arg.start, arg.end), call.fn, call.start);
      if (!assignment) return null;
      const str = this.stringByStart.get(assignment.valueStart);
      if (str) return str.value;
      if (assignment.call && methodOf(assignment.call.callee) === 'text') {
        const inner = firstPositional(assignment.call);
        return inner?.string?.value ?? null;
      }
      return null;
    }
    if (arg.nodeType === 'call') {
      const inner = this.callByStart.get(arg.start);
      if (inner && methodOf(inner.callee) === 'text') {
        const first = firstPositional(inner);
        return first ? this.sqlOf(first, inner) : null;
      }
    }
    return null;
  }

  private addFile(kind: 'read' | 'write', call: CallFact, arg: ArgFact | undefined, via: string, fnName: string | null): void {
    if (!arg) return;
    const value = this.pathOf(arg, call);
    const template = this.templateOf(() => this.pathOf(arg, call));
    const known = value && looksLikeFilePath(value.name) ? value : null;
    if (!known && !(template && looksLikeFilePath(template))) return;
    const ref = this.ref('file', call, arg, known ? normalizeFile(known.name) : normalizeFile(template!), known ? known.runScoped : true, via, fnName, kind, template && normalizeFile(template));
    this.push(kind, ref, !known);
    if (kind === 'write' && (this.schemaApplies(call, fnName) || via === 'write_table' && hasKeyword(call, 'schema'))) this.schemaDeclared.add(ref.name);
  }

  private addTable(kind: 'read' | 'write', call: CallFact, arg: ArgFact | undefined, via: string, fnName: string | null, schema: string | null): void {
    if (!arg) return;
    const qualify = (value: string) => (schema && !value.includes('.') ? `${schema}.${value}` : value);
    const value = this.tableOf(arg, call);
    const template = this.templateOf(() => this.tableOf(arg, call));
    this.pushTable(kind, call, value === null ? null : qualify(value), via, fnName, arg, template === null ? null : qualify(template));
  }

  /** A table named by a value other than the call's argument (the whole of a split qualified name). */
  private addTableNamed(kind: 'read' | 'write', call: CallFact, arg: ArgFact | null, resolve: () => PathValue | null, via: string, fnName: string | null): void {
    const value = resolve();
    const template = this.templateOf(resolve);
    this.pushTable(kind, call, value ? value.name : null, via, fnName, arg, template);
  }

  private pushTable(kind: 'read' | 'write', call: CallFact, rawName: string | null, via: string, fnName: string | null, arg: ArgFact | null, rawTemplate: string | null = null, sqlColumns?: 'named' | 'from-frame'): void {
    const name = rawName === null ? null : tableName(rawName);
    const template = rawTemplate === null ? null : tableName(rawTemplate);
    if (!name && !template) return;
    const runScoped = name ? /\$\d{8}|\{\}/.test(rawName!) : true;
    const ref = this.ref('table', call, arg, name ?? template!, runScoped, via, fnName, kind, template);
    if (sqlColumns) ref.sqlColumns = sqlColumns;
    this.push(kind, ref, !name);
    if (kind === 'write' && this.schemaApplies(call, fnName)) this.schemaDeclared.add(ref.name);
  }

  private push(kind: 'read' | 'write', ref: StageArtifactRef, templatedOnly: boolean): void {
    if (templatedOnly) (kind === 'read' ? this.templatedReads : this.templatedWrites).push(ref);
    else (kind === 'read' ? this.reads : this.writes).push(ref);
  }

  /** The name `resolve` gives when parameters count as placeholders, if it uses any. */
  private templateOf(resolve: () => PathValue | string | null): string | null {
    this.withParameters = true;
    try {
      const value = resolve();
      const name = typeof value === 'string' ? value : value?.name ?? null;
      return name !== null && hasPlaceholders(name) ? name : null;
    } finally {
      this.withParameters = false;
    }
  }

  private ref(kind: 'file' | 'table', call: CallFact, arg: ArgFact | null, name: string, runScoped: boolean, via: string, fnName: string | null, direction: 'read' | 'write', template: string | null = null): StageArtifactRef {
    const assignment = this.assignmentByCall.get(call);
    const statementStart = assignment ? assignment.targetStart : call.start;
    const statementEnd = assignment ? assignment.valueEnd : call.end;
    return {
      kind,
      name,
      runScoped,
      start: call.start,
      end: call.end,
      fn: fnName,
      scope: qualifiedName(call.fn),
      template,
      via,
      expression: arg ? this.text.slice(arg.start, arg.end) : null,
      bound: direction === 'read' && assignment && /^[A-Za-z_]\w*$/.test(assignment.target) ? assignment.target : null,
      after: nextLineStart(this.text, statementEnd),
      indent: indentAt(this.text, statementStart),
    };
  }

  /**
   * `schema, name = table.split(".")` … `to_sql(name, engine, schema=schema)`: the table is the
   * whole of `table`. Returns how to resolve it, or null when the call is not written that way.
   */
  private splitQualifiedName(call: CallFact, nameArg: ArgFact | undefined, schemaArg: ArgFact | undefined): (() => PathValue | null) | null {
    const top = this.top(call.fn);
    if (!top || nameArg?.nodeType !== 'identifier' || schemaArg?.nodeType !== 'identifier') return null;
    const name = this.text.slice(nameArg.start, nameArg.end);
    const schema = this.text.slice(schemaArg.start, schemaArg.end);
    let lineStart = top.bodyStart;
    while (lineStart < call.start) {
      const newline = this.text.indexOf('\n', lineStart);
      const lineEnd = newline < 0 || newline > call.start ? call.start : newline;
      const line = this.text.slice(lineStart, lineEnd).trim();
      const split = line.length <= 200 ? QUALIFIED_SPLIT.exec(line) : null;
      if (split && split[1] === schema && split[2] === name) {
        const whole = split[3];
        const at = lineStart;
        return () => this.pathOfName(whole, call.fn, at, 0);
      }
      lineStart = lineEnd + 1;
    }
    return null;
  }

  private tableOf(arg: ArgFact, call: CallFact): string | null {
    const value = this.pathOf(arg, call);
    if (!value) return null;
    return value.name.replace(/\{\}/g, '\u0000');
  }

  /** The file path an argument stands for, following variables, constants, os.path.join and tempfile. */
  pathOf(arg: ArgFact | undefined, call: CallFact): PathValue | null {
    if (!arg) return null;
    if (arg.string) return this.stringValue(arg.string, call.fn);
    return this.pathOfNode(arg.nodeType, arg.start, arg.end, call.fn, call.start, 0);
  }

  private pathOfExpression(expression: string, call: CallFact, depth: number): PathValue | null {
    if (/^[A-Za-z_]\w*$/.test(expression)) return this.pathOfName(expression, call.fn, call.start, depth);
    // `Path("/tmp/x.csv").unlink()` → callee text `Path().unlink`: look for the inner call.
    const inner = this.py.callsIn(call.start, call.end).find((c) => c !== call && c.start === call.start);
    if (inner && /^(pathlib\.)?(Path|PurePath|PosixPath)$/.test(this.py.resolveCall(inner))) {
      const first = firstPositional(inner);
      return first ? this.pathOf(first, inner) : null;
    }
    return null;
  }

  /** A string's path; with parameters as placeholders, f-string fields that name one become its placeholder. */
  private stringValue(str: StringFact, fn: FunctionFact | null): PathValue | null {
    if (!this.withParameters || str.interpolations.length === 0 || str.isBytes) return stringPath(str);
    let name = '';
    let field = 0;
    let unknownField = false;
    for (const ch of str.value) {
      if (ch !== '\u0000') {
        name += ch;
        continue;
      }
      const interpolation = str.interpolations[field++];
      const expression = interpolation ? this.text.slice(interpolation.start + 1, interpolation.end - 1).trim() : '';
      const index = /^[A-Za-z_]\w*$/.test(expression) ? this.parameterIndex(expression, fn) : -1;
      if (index >= 0) name += parameterPlaceholder(index);
      else {
        name += '{}';
        unknownField = true;
      }
    }
    return { name, runScoped: unknownField || RUN_SCOPED_TEXT.test(name) || hasPlaceholders(name) };
  }

  /** Position of `name` among the parameters of the top-level function or method holding `fn`; -1 when it is none (or a nested function's). */
  private parameterIndex(name: string, fn: FunctionFact | null): number {
    for (let f = fn; f; f = f.parent) {
      const index = f.params.indexOf(name);
      if (index >= 0) return f.parent ? -1 : index;
    }
    return -1;
  }

  private pathOfName(name: string, fn: FunctionFact | null, offset: number, depth: number): PathValue | null {
    if (depth > MAX_PATH_DEPTH) return null;
    const assignment = this.py.lastAssignment(name, fn, offset);
    if (!assignment) {
      // Function parameters and loop variables: unknown, unless parameters count as placeholders.
      const index = this.withParameters ? this.parameterIndex(name, fn) : -1;
      return index < 0 ? null : { name: parameterPlaceholder(index), runScoped: true };
    }
    return this.pathOfNode(assignment.valueType, assignment.valueStart, assignment.valueEnd, assignment.fn, assignment.valueStart, depth + 1, name);
  }

  private pathOfNode(nodeType: string, start: number, end: number, fn: FunctionFact | null, offset: number, depth: number, boundName?: string): PathValue | null {
    if (depth > MAX_PATH_DEPTH) return null;
    if (nodeType === 'string' || nodeType === 'concatenated_string') {
      const str = this.stringByStart.get(start);
      return str ? this.stringValue(str, fn) : null;
    }
    if (nodeType === 'identifier') {
      const name = this.text.slice(start, end);
      const value = this.pathOfName(name, fn, offset, depth);
      if (value) return value;
      return null;
    }
    if (nodeType === 'call') {
      const call = this.callByStart.get(start);
      if (!call) return null;
      const resolved = this.py.resolveCall(call);
      if (resolved === 'tempfile.gettempdir' || resolved === 'tempfile.gettempdirb') return { name: '/tmp', runScoped: false };
      // `os.environ.get("STAGING_DIR", "/data/staging")`: the default, which every stage shares.
      if (ENV_READ.test(resolved)) {
        const fallback = call.args.filter((a) => a.kind === 'positional')[1] ?? keyword(call, 'default');
        return fallback?.string && !fallback.string.isFString ? stringPath(fallback.string) : null;
      }
      if (/^tempfile\./.test(resolved)) return { name: `{tmp}/${boundName ?? 'tmp'}`, runScoped: true };
      if (resolved === 'os.path.join' || /^(pathlib\.)?(Path|PurePath|PosixPath)$/.test(resolved) || resolved === 'posixpath.join') {
        const parts: string[] = [];
        let runScoped = false;
        for (const a of call.args) {
          if (a.kind !== 'positional') return null;
          const part = a.string ? this.stringValue(a.string, fn) : this.pathOfNode(a.nodeType, a.start, a.end, fn, a.start, depth + 1);
          if (!part) {
            const text = this.text.slice(a.start, a.end);
            if (/^[A-Za-z_][\w.]*$/.test(text) && RUN_SCOPED_NAME.test(text.slice(text.lastIndexOf('.') + 1))) {
              parts.push('{}');
              runScoped = true;
              continue;
            }
            return null;
          }
          parts.push(part.name);
          runScoped ||= part.runScoped;
        }
        if (parts.length === 0) return null;
        return { name: joinPath(parts), runScoped };
      }
      // "…{}…".format(x): the receiver is a string literal (the callee has no dotted name).
      const receiver = this.stringByStart.get(call.start);
      if (receiver && /^\s*\.\s*format\b/.test(this.text.slice(receiver.end, call.calleeEnd))) {
        return { name: emptyFormatFields(receiver.value), runScoped: call.args.length > 0 || RUN_SCOPED_TEXT.test(receiver.value) };
      }
      return null;
    }
    if (nodeType === 'binary_operator') {
      const text = this.text.slice(start, end);
      // `BASE / "x.csv"` (pathlib) and `"/tmp/" + name`.
      const strings = this.py.stringsIn(start, end);
      const m = /^([A-Za-z_]\w*)\s*\/\s*(["'])/.exec(text);
      if (m && strings.length > 0) {
        const base = this.pathOfName(m[1], fn, offset, depth + 1);
        const tail = this.stringValue(strings[strings.length - 1], fn);
        if (base && tail) return { name: joinPath([base.name, tail.name]), runScoped: base.runScoped || tail.runScoped };
      }
      if (/%/.test(text) && strings[0] && strings[0].start === start) return { name: strings[0].value.replace(/%\(?\w*\)?[sd]/g, '{}'), runScoped: true };
      if (/\+/.test(text) && strings.length > 0) return null;
      return null;
    }
    return null;
  }
}

function stringPath(str: StringFact): PathValue | null {
  if (str.isBytes) return null;
  const hasFields = str.interpolations.length > 0;
  const name = str.value.replace(/\u0000/g, '{}');
  return { name, runScoped: hasFields || RUN_SCOPED_TEXT.test(name) };
}

function looksLikeFilePath(name: string): boolean {
  if (!name || name.length > 400 || /[\n\r]/.test(name)) return false;
  if (/^(https?|ftp):\/\//i.test(name)) return false;
  return /[/\\]/.test(name) || /\.[A-Za-z0-9]{1,8}$/.test(name);
}

function joinPath(parts: string[]): string {
  let out = '';
  for (const part of parts) {
    if (part.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(part)) out = part;
    else out = out === '' ? part : out.endsWith('/') ? out + part : `${out}/${part}`;
  }
  return out;
}

/** Normalised identity of a file path: POSIX separators, `.`/`..` resolved, no trailing slash, `./` dropped. */
export function normalizeFile(name: string): string {
  const remote = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/i.exec(name);
  if (remote) return remote[1].toLowerCase() + path.posix.normalize(remote[2]).replace(/\/$/, '');
  const normalized = path.posix.normalize(name.replace(/\\/g, '/'));
  return normalized === '.' ? name : normalized.replace(/\/$/, '');
}

/** A table's identity from the name as written (`$20240101` partition decorators dropped); '' when it is not a table. */
function tableName(raw: string): string {
  const name = normalizeTable(raw.replace(/\$.*$/, ''));
  return !name || name.includes('\u0000') || /^(dual|unnest|generate_series)$/.test(name) ? '' : name;
}

/** Normalised identity of a table: lower case, quotes and backticks removed. */
export function normalizeTable(name: string): string {
  return name.replace(/[`"\[\]]/g, '').replace(/\s+/g, '').toLowerCase();
}

function dirName(name: string): string {
  return name.endsWith('/') ? name : `${name}/`;
}

function firstPositional(call: CallFact): ArgFact | undefined {
  return call.args.find((a) => a.kind === 'positional');
}

function keyword(call: CallFact, name: string): ArgFact | undefined {
  return call.args.find((a) => a.kind === 'keyword' && a.name === name);
}

function hasKeyword(call: CallFact, name: string): boolean {
  return call.args.some((a) => a.kind === 'keyword' && a.name === name && a.nodeType !== 'none');
}

function pathArg(call: CallFact): ArgFact | undefined {
  return firstPositional(call) ?? call.args.find((a) => a.kind === 'keyword' && a.name !== null && PATH_KEYWORDS.includes(a.name));
}

function looksLikeSqlArg(call: CallFact): boolean {
  const first = firstPositional(call);
  return !!first?.string && /\bselect\b/i.test(first.string.value);
}

function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, Math.max(offset, start)))?.[0] ?? '';
}

function stageFunctions(py: PythonFacts, text: string): StageFunction[] {
  const out: StageFunction[] = [];
  // The last return statement of each function (statements are in document order).
  const lastReturn = new Map<FunctionFact, { start: number; end: number }>();
  for (const st of py.statements) if (st.kind === 'return' && st.fn) lastReturn.set(st.fn, st);
  for (const f of py.functions) {
    if (f.parent !== null || f.className !== null) continue;
    const bodyIndent = indentAt(text, f.bodyStart);
    const last = lastReturn.get(f);
    const trailingReturn = last && text.slice(last.end, f.bodyEnd).trim() === '' && indentAt(text, last.start) === bodyIndent ? last : null;
    out.push({
      name: f.name,
      start: f.start,
      end: f.end,
      nameStart: f.nameStart,
      nameEnd: f.nameEnd,
      bodyStart: f.bodyStart,
      bodyEnd: f.bodyEnd,
      bodyIndent,
      finalInsert: trailingReturn ? text.lastIndexOf('\n', trailingReturn.start - 1) + 1 : nextLineStart(text, f.bodyEnd),
      hasDocstring: f.hasDocstring,
    });
  }
  return out;
}

function editAnchors(py: PythonFacts, text: string): StageEditAnchors {
  const eol = lineEnding(text);
  let after = -1;
  for (const i of py.imports) if (i.topLevel) after = Math.max(after, i.end);
  let helperAt: number;
  let helperBefore: string;
  let helperAfter: string;
  if (after >= 0) {
    const chunk = py.chunks.find((c) => c.start <= after - 1 && after <= c.end);
    helperAt = nextLineStart(text, chunk?.end ?? after);
    const needsBreak = helperAt === text.length && !text.endsWith('\n');
    let blanks = 0;
    let cursor = helperAt;
    let atEnd = true;
    while (cursor < text.length) {
      const end = nextLineStart(text, cursor);
      if (text.slice(cursor, end).trim() !== '') {
        atEnd = false;
        break;
      }
      blanks++;
      cursor = end;
    }
    helperBefore = `${needsBreak ? eol : ''}${eol}${eol}`;
    helperAfter = atEnd ? '' : eol.repeat(Math.max(0, 2 - blanks));
  } else {
    const first = py.chunks.find((c) => !c.bareString);
    helperAt = first ? text.lastIndexOf('\n', first.start - 1) + 1 : text.length;
    helperBefore = '';
    helperAfter = `${eol}${eol}`;
  }
  const bound = py.bindings.get('os');
  const local = py.assignments.some((a) => a.target === 'os' && a.fn === null) || py.functions.some((f) => f.name === 'os' && f.parent === null);
  return { helperAt, helperBefore, helperAfter, importOs: bound === 'os' ? null : addImportEdit(py, text, 'os'), osTaken: (bound !== undefined && bound !== 'os') || local, eol };
}

/** Stage facts of a Python document; null for other dialects. */
export function extractStageFacts(doc: DocumentFacts): ExtendedStageFacts | null {
  const py = doc.python;
  if (!py) return null;
  const text = doc.text;
  const extractor = new StageExtractor(py, text);
  extractor.run();
  const columns = new Set<string>();
  const columnsWritten = new Set<string>();
  const scriptMentions = new Set<string>();
  for (const s of py.strings) {
    if (s.isDocstring || s.isFString) continue;
    if (text.charCodeAt(s.start - 1) === 91 /* [ */ && text.charCodeAt(s.end) === 93 /* ] */ && s.role.kind === 'none' && /^[A-Za-z_][\w ]{0,62}$/.test(s.value)) {
      if (/^\]\s*=[^=]/.test(text.slice(s.end, s.end + 8))) columnsWritten.add(s.value);
      else columns.add(s.value);
    }
    if (s.value.endsWith('.py') && s.value.length < 200) scriptMentions.add(path.posix.basename(s.value.replace(/\\/g, '/')));
  }
  const importedModules = new Set<string>();
  for (const i of py.imports) {
    importedModules.add(i.module);
    if (i.imported && i.imported !== '*') importedModules.add(i.module.endsWith('.') ? `${i.module}${i.imported}` : `${i.module}.${i.imported}`);
  }
  const functions = stageFunctions(py, text);
  // Drop reads of what the same function wrote just before (a stage re-reading its own output).
  return {
    path: doc.path,
    reads: extractor.reads,
    writes: extractor.writes,
    validations: extractor.validations,
    removes: [...extractor.removes],
    schemaDeclaredFor: [...extractor.schemaDeclared],
    hasModuleDocstring: !!py.chunks[0]?.bareString?.isDocstring,
    undocumentedFunctions: functions.filter((f) => !f.hasDocstring).map((f) => ({ name: f.name, start: f.nameStart, end: f.nameEnd })),
    importedModules: [...importedModules],
    functions,
    columns: [...columns].filter((c) => !columnsWritten.has(c)),
    columnsWritten: [...columnsWritten],
    scriptMentions: [...scriptMentions],
    anchors: editAnchors(py, text),
    importsAirflow: py.importsModule('airflow'),
    templated: { reads: extractor.templatedReads, writes: extractor.templatedWrites },
    parameters: Object.fromEntries(py.functions.filter((f) => !f.parent).map((f) => [qualifiedName(f), f.params])),
  };
}

/** Whether a removal entry (`/tmp/x.csv`, or a folder `/tmp/run/`) covers an artifact name. */
export function removalCovers(removed: string, name: string): boolean {
  return removed.endsWith('/') ? name.startsWith(removed) : removed === name;
}

/** `"{x}/{y:%Y}"` → `"{}/{}"`, in linear time (`/\{[^}]*\}/g` scanned from every `{` of an unclosed run). */
function emptyFormatFields(value: string): string {
  let out = '';
  let cursor = 0;
  for (let open = value.indexOf('{'); open >= 0; open = value.indexOf('{', cursor)) {
    const close = value.indexOf('}', open + 1);
    if (close < 0) break;
    out += `${value.slice(cursor, open)}{}`;
    cursor = close + 1;
  }
  return out + value.slice(cursor);
}
