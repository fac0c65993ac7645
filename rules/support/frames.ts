// Recognising DataFrames by name where the engine's flow analysis stops short: a name rebound
// from a reader or a frame method (following `clean = raw.merge(...)` chains), skipping
// `frame["col"] = …` (which adds a column, it does not rebind `frame`), and parameters annotated
// `pd.DataFrame` (also as the first member of Optional[…] / Union[…]). Shared by PW201 and PW202.

import type { AssignmentFact, ChunkFacts, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { isDataFrameCall, isDataFrameExpression } from '../../server/src/engine/python/dataframes';
import { wordOccurrences } from './data-accounting';

const FRAME_METHODS_KEEPING_FRAME = new Set([
  'copy', 'merge', 'join', 'assign', 'drop', 'dropna', 'fillna', 'rename', 'sort_values', 'reset_index', 'set_index', 'query',
  'astype', 'drop_duplicates', 'replace', 'head', 'tail', 'sample', 'where', 'mask', 'select', 'withColumn', 'withColumnRenamed',
  'distinct', 'union', 'unionByName', 'filter', 'explode', 'melt',
]);
/** Methods of clients and hooks that return a DataFrame (`hook.get_pandas_df(sql)`, `job.to_dataframe()`). */
const FRAME_PRODUCING_METHODS = new Set(['get_pandas_df', 'to_dataframe', 'toPandas', 'to_pandas', 'fetch_pandas_all', 'fetch_dataframe', 'read_sql', 'read_sql_query']);

/** Assignments whose target is a plain (dotted) name, by name, per document. */
const PLAIN_BINDINGS = new WeakMap<PythonFacts, Map<string, AssignmentFact[]>>();
const STATEMENT_BINDINGS = new WeakMap<ChunkFacts, Map<string, AssignmentFact[]>>();

/** `: pd.DataFrame`, `: "DataFrame"`, `: Optional[pd.DataFrame]`, `: Union[pd.DataFrame, dd.DataFrame]` (a frame first). */
const FRAME_ANNOTATION = /^\s*:\s*["']?(?:(?:typing\.|t\.)?(?:Optional|Union)\[\s*["']?)?(?:[\w.]*\.)?DataFrame\b/;

/** A parameter annotated as a DataFrame (`def clean(orders: pd.DataFrame)`, also inside Optional[…]/Union[…]). */
export function annotatedFrameParam(name: string, fn: FunctionFact | null, text: string): boolean {
  if (!fn || !fn.params.includes(name)) return false;
  for (const at of wordOccurrences(text, name, fn.start, fn.bodyStart)) {
    if (FRAME_ANNOTATION.test(text.slice(at + name.length, at + name.length + 80))) return true;
  }
  return false;
}

/**
 * The assignment that last bound `name` itself before `offset` in `fn`. Unlike
 * PythonFacts.lastAssignment it skips `name["col"] = …` and `name.attr = …`, which change a
 * frame's columns but do not rebind the name.
 */
export function bindingOf(py: PythonFacts, text: string, name: string, fn: FunctionFact | null, offset: number): AssignmentFact | undefined {
  // A function's assignments all lie in its top-level statement: index that one (kept across keystrokes).
  const owner = fn ? py.statementAt(fn.start) : undefined;
  let byName = owner ? STATEMENT_BINDINGS.get(owner) : PLAIN_BINDINGS.get(py);
  if (!byName) {
    byName = new Map();
    for (const a of owner ? owner.assignments : py.assignments) {
      if (text.slice(a.targetStart, a.targetEnd) !== a.target) continue;
      const list = byName.get(a.target);
      if (list) list.push(a);
      else byName.set(a.target, [a]);
    }
    if (owner) STATEMENT_BINDINGS.set(owner, byName);
    else PLAIN_BINDINGS.set(py, byName);
  }
  let found: AssignmentFact | undefined;
  for (const a of byName.get(name) ?? []) {
    if (a.fn === fn && a.valueEnd <= offset) found = a;
  }
  return found;
}

/** Whether the plain name holds a DataFrame at `offset`, following rebinding through other names and frame methods. */
export function isFrameName(py: PythonFacts, text: string, name: string, fn: FunctionFact | null, offset: number, depth = 0): boolean {
  if (isDataFrameExpression(name, fn, offset, py)) return true;
  if (depth > 4 || !/^[A-Za-z_]\w*$/.test(name)) return false;
  const binding = bindingOf(py, text, name, fn, offset);
  if (!binding) return annotatedFrameParam(name, fn, text);
  if (binding.call) {
    if (isDataFrameCall(binding.call, py)) return true;
    if (FRAME_PRODUCING_METHODS.has(binding.call.callee.slice(binding.call.callee.lastIndexOf('.') + 1))) return true;
    const method = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(binding.call.callee);
    return method !== null && FRAME_METHODS_KEEPING_FRAME.has(method[2]) && isFrameName(py, text, method[1], fn, binding.call.start, depth + 1);
  }
  const value = text.slice(binding.valueStart, binding.valueEnd);
  return /^[A-Za-z_]\w*$/.test(value) && isFrameName(py, text, value, fn, binding.valueStart, depth + 1);
}


/** Whether `name` is a DataFrame by flow (bound from a reader, constructor or frame method) or by a
 * `pd.DataFrame` annotation, not merely by its name: what a fix needs before calling frame methods. */
export function isFrameByFlow(py: PythonFacts, text: string, name: string, fn: FunctionFact | null, offset: number, depth = 0): boolean {
  if (depth > 4 || !/^[A-Za-z_]\w*$/.test(name)) return false;
  const binding = bindingOf(py, text, name, fn, offset);
  if (!binding) return annotatedFrameParam(name, fn, text);
  if (!binding.call) {
    const value = text.slice(binding.valueStart, binding.valueEnd);
    return /^[A-Za-z_]\w*$/.test(value) && isFrameByFlow(py, text, value, fn, binding.valueStart, depth + 1);
  }
  const callee = binding.call.callee;
  if (/^(pandas|modin\.pandas)\./.test(py.resolveCall(binding.call)) && isDataFrameCall(binding.call, py)) return true;
  if (FRAME_PRODUCING_METHODS.has(callee.slice(callee.lastIndexOf('.') + 1))) return true;
  const method = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(callee);
  return method !== null && FRAME_METHODS_KEEPING_FRAME.has(method[2]) && isFrameByFlow(py, text, method[1], fn, binding.call.start, depth + 1);
}
