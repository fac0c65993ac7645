// What makes a load safe to re-run, as seen in the function that loads: a statement that clears
// the slice (DELETE/TRUNCATE/DROP/CREATE OR REPLACE/INSERT OVERWRITE of the same table), an upsert
// or MERGE that names it, or a call to a helper whose name says it clears or merges
// (`delete_partition(engine, day)`, `self.merge_staging()`).

import type { ArgFact, AssignmentFact, CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { tablesWritten, tokenizeSql, type SqlToken } from '../../server/src/engine/sql';
import { textAssignment } from '../support/sql-sources';
import { assignmentsIn } from './module-index';
import { escapeRegExp, interpolationText, lastSegment, sameTarget, targetFromSql, UNKNOWN, type Target } from './targets';

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

export function isUpsertSql(tokens: readonly SqlToken[]): boolean {
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
export function clearedTables(value: string, tokens: readonly SqlToken[]): Array<{ name: string; start: number }> {
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

export function nameParts(name: string): string[] {
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
export function sqlHolder(py: PythonFacts, text: string, arg: ArgFact, call: CallFact): { start: number; end: number } | null {
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

export const SQL_ARGUMENT_KEYWORDS = new Set(['sql', 'query', 'statement', 'stmt', 'operation', 'configuration']);

/** The arguments of an executing call that may carry SQL. */
export function sqlArguments(call: CallFact, method: string): ArgFact[] {
  const operator = /Operator$/.test(method);
  return call.args.filter((a) => a.kind === 'positional' || (a.kind === 'keyword' && (operator ? a.name === 'sql' || a.name === 'configuration' : SQL_ARGUMENT_KEYWORDS.has(a.name ?? ''))));
}

export const EXEC_METHODS = new Set([
  'execute', 'executemany', 'execute_values', 'execute_batch', 'exec_driver_sql', 'executescript', 'run', 'query', 'sql', 'run_query',
  'run_sql', 'execute_query', 'execute_sql', 'execute_statement', 'execute_string',
]);

export class Evidence {
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
