// Recognising DataFrames without type inference: by flow from the constructors, readers and
// clients the catalogue says return a frame (`orders = pd.read_csv(…)`, `hook.get_pandas_df(sql)`),
// from frame method chains (`clean = orders.merge(…)`), from `pd.DataFrame` annotations, and by
// the names data engineers give frames (`df`, `orders_df`, `frame`). The one DataFrame test rules use.

import type { AssignmentFact, CallFact, ChunkFacts, FunctionFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { wordOccurrences } from '../python/words';
import { callSiteOf } from './call-site';
import { knowledgeOf } from './catalogue';
import { FRAME_KEEPING_METHODS, FRAME_METHODS } from './libraries/pandas';
import { SPARK_FRAME_SOURCE } from './libraries/spark';
import type { SourceText } from '../source-text';

/** The names data engineers give frames. */
export const FRAME_NAME = /^(df|dfs?_\w+|\w+_dfs?|frame|\w+_frame|frame_\w+|sdf|pdf|data_?frame)$/i;
/** A dotted expression ending in a frame name (`self.df`, `ctx.orders_df`). */
export const FRAME_ATTRIBUTE_NAME = /(^|\.)(df|dfs?_\w+|\w+_dfs?|frame|\w+_frame|data_?frame|sdf|pdf)$/i;
/** Anything resolved from pyspark (`SparkSession.builder…`, `spark.createDataFrame`) yields Spark frames. */
const PYSPARK = /^pyspark\./;
/** A Spark frame's origin in an expression (`spark.read…`, `ss.table(…)`, `….read.…`). */
export const SPARK_ORIGIN = /^(spark|spark_session|ss)\.(read|table|sql|createDataFrame|range)\b|\.read\.|^pyspark\./;

const FRAME_METHOD_SET: ReadonlySet<string> = new Set(FRAME_METHODS);
const FRAME_KEEPING_SET: ReadonlySet<string> = new Set(FRAME_KEEPING_METHODS);

const MAX_DEPTH = 5;

/** Whether the dotted expression (`orders`, `pd.read_csv()`, `df.merge()`) most likely holds a DataFrame at `offset`. */
export function isDataFrameExpression(expression: string, fn: FunctionFact | null, offset: number, py: PythonFacts, depth = 0): boolean {
  if (depth > MAX_DEPTH || !expression) return false;
  const resolved = py.resolveName(expression);
  if (PYSPARK.test(resolved) || /^(pandas|polars|modin\.pandas)\.(DataFrame|concat|merge|read_\w+|json_normalize|pivot_table|crosstab|from_dict|from_records)\b/.test(resolved) || SPARK_FRAME_SOURCE.test(expression)) return true;
  const call = /^(.*)\.([A-Za-z_]\w*)\(\)$/.exec(expression);
  if (call && FRAME_METHOD_SET.has(call[2])) return isDataFrameExpression(call[1], fn, offset, py, depth + 1) || FRAME_NAME.test(call[1]);
  if (/^[A-Za-z_]\w*$/.test(expression)) {
    const assignment = py.lastAssignment(expression, fn, offset);
    if (assignment?.call) return isDataFrameCall(assignment.call, py, depth + 1) || FRAME_NAME.test(expression);
    return FRAME_NAME.test(expression);
  }
  return false;
}

/** Whether a call returns a DataFrame: a reader, constructor or client the catalogue knows, or a frame method on a frame. */
export function isDataFrameCall(call: CallFact, py: PythonFacts, depth = 0): boolean {
  if (returnsFrame(call, py)) return true;
  const dot = call.callee.lastIndexOf('.');
  if (dot < 0) return false;
  const method = call.callee.slice(dot + 1);
  return FRAME_METHOD_SET.has(method) && isDataFrameExpression(call.callee.slice(0, dot), call.fn, call.start, py, depth + 1);
}

/** The catalogue says the call returns a frame (or it comes from pyspark, or a session's reader). */
export function returnsFrame(call: CallFact, py: PythonFacts): boolean {
  if (PYSPARK.test(callSiteOf(call, py).resolved) || SPARK_FRAME_SOURCE.test(call.callee)) return true;
  return knowledgeOf(call, py, (entry) => entry.returnsFrame === true) !== null;
}

/** Assignments whose target is a plain (dotted) name, by name, per document. */
const PLAIN_BINDINGS = new WeakMap<PythonFacts, Map<string, AssignmentFact[]>>();
const STATEMENT_BINDINGS = new WeakMap<ChunkFacts, Map<string, AssignmentFact[]>>();

/** `: pd.DataFrame`, `: "DataFrame"`, `: Optional[pd.DataFrame]`, `: Union[pd.DataFrame, dd.DataFrame]` (a frame first). */
const FRAME_ANNOTATION = /^\s*:\s*["']?(?:(?:typing\.|t\.)?(?:Optional|Union)\[\s*["']?)?(?:[\w.]*\.)?DataFrame\b/;

/** A parameter annotated as a DataFrame (`def clean(orders: pd.DataFrame)`, also inside Optional[…]/Union[…]). */
export function annotatedFrameParam(name: string, fn: FunctionFact | null, text: SourceText): boolean {
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
export function bindingOf(py: PythonFacts, text: SourceText, name: string, fn: FunctionFact | null, offset: number): AssignmentFact | undefined {
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
export function isFrameName(py: PythonFacts, text: SourceText, name: string, fn: FunctionFact | null, offset: number, depth = 0): boolean {
  if (isDataFrameExpression(name, fn, offset, py)) return true;
  if (depth > 4 || !/^[A-Za-z_]\w*$/.test(name)) return false;
  const binding = bindingOf(py, text, name, fn, offset);
  if (!binding) return annotatedFrameParam(name, fn, text);
  if (binding.call) {
    if (isDataFrameCall(binding.call, py)) return true;
    const method = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(binding.call.callee);
    return method !== null && FRAME_KEEPING_SET.has(method[2]) && isFrameName(py, text, method[1], fn, binding.call.start, depth + 1);
  }
  const value = text.slice(binding.valueStart, binding.valueEnd);
  return /^[A-Za-z_]\w*$/.test(value) && isFrameName(py, text, value, fn, binding.valueStart, depth + 1);
}

/**
 * Whether `name` is a DataFrame by flow (bound from a reader, constructor or frame method) or by a
 * `pd.DataFrame` annotation, not merely by its name: what a fix needs before calling frame methods.
 */
export function isFrameByFlow(py: PythonFacts, text: SourceText, name: string, fn: FunctionFact | null, offset: number, depth = 0): boolean {
  if (depth > 4 || !/^[A-Za-z_]\w*$/.test(name)) return false;
  const binding = bindingOf(py, text, name, fn, offset);
  if (!binding) return annotatedFrameParam(name, fn, text);
  if (!binding.call) {
    const value = text.slice(binding.valueStart, binding.valueEnd);
    return /^[A-Za-z_]\w*$/.test(value) && isFrameByFlow(py, text, value, fn, binding.valueStart, depth + 1);
  }
  if (isDataFrameCall(binding.call, py) && (/^(pandas|modin\.pandas)\./.test(py.resolveCall(binding.call)) || knowledgeOf(binding.call, py, (e) => e.returnsFrame === true)?.library.id === 'frame-clients')) return true;
  const method = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(binding.call.callee);
  return method !== null && FRAME_KEEPING_SET.has(method[2]) && isFrameByFlow(py, text, method[1], fn, binding.call.start, depth + 1);
}

/**
 * `pd.concat([a, b], axis=1)` (or `axis="columns"`): series or frames put side by side and aligned
 * on their index, an outer join; a dropna right after it keeps the index values all of them share.
 */
export function concatenatesColumns(call: CallFact, py: PythonFacts, text: SourceText): boolean {
  if (!/^(pandas|polars|modin\.pandas)\.concat$/.test(py.resolveCall(call))) return false;
  const axis = call.args.find((a) => a.kind === 'keyword' && a.name === 'axis');
  if (!axis) return false;
  return axis.string ? axis.string.value === 'columns' : text.slice(axis.start, axis.end).trim() === '1';
}
