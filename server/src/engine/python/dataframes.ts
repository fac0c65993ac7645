// Recognising DataFrames without type inference: by flow from pandas/Spark constructors and
// readers within the function (`orders = pd.read_csv(…)`, `clean = orders.merge(…)`), from
// method chains on them, and by the names data engineers give frames (`df`, `orders_df`, `frame`).

import type { CallFact, FunctionFact } from './facts';
import type { PythonFacts } from './python-facts';

const FRAME_NAME = /^(df|dfs?_\w+|\w+_dfs?|frame|\w+_frame|frame_\w+|sdf|pdf|data_?frame)$/i;
const FRAME_PRODUCERS = /^(pandas|polars|modin\.pandas)\.(DataFrame|concat|merge|read_\w+|json_normalize|pivot_table|crosstab|from_dict|from_records)\b|^pyspark\./;
const FRAME_METHODS = new Set([
  'copy', 'merge', 'join', 'assign', 'drop', 'dropna', 'fillna', 'rename', 'sort_values', 'reset_index', 'set_index', 'query',
  'filter', 'astype', 'drop_duplicates', 'groupby', 'agg', 'pivot', 'melt', 'explode', 'head', 'tail', 'sample', 'loc', 'iloc',
  'where', 'mask', 'replace', 'apply', 'select', 'withColumn', 'withColumnRenamed', 'distinct', 'union', 'unionByName', 'toPandas',
  'to_pandas', 'collect', 'get_pandas_df', 'to_dataframe', 'to_df',
]);
const SPARK_SOURCES = /^(spark|spark_session)\.(read|table|sql|createDataFrame)/;

const MAX_DEPTH = 5;

/** Whether the dotted expression (`orders`, `pd.read_csv()`, `df.merge()`) most likely holds a DataFrame at `offset`. */
export function isDataFrameExpression(expression: string, fn: FunctionFact | null, offset: number, py: PythonFacts, depth = 0): boolean {
  if (depth > MAX_DEPTH || !expression) return false;
  const resolved = py.resolveName(expression);
  if (FRAME_PRODUCERS.test(resolved) || SPARK_SOURCES.test(expression)) return true;
  const call = /^(.*)\.([A-Za-z_]\w*)\(\)$/.exec(expression);
  if (call && FRAME_METHODS.has(call[2])) return isDataFrameExpression(call[1], fn, offset, py, depth + 1) || FRAME_NAME.test(call[1]);
  if (/^[A-Za-z_]\w*$/.test(expression)) {
    const assignment = py.lastAssignment(expression, fn, offset);
    if (assignment?.call) return isDataFrameCall(assignment.call, py, depth + 1) || FRAME_NAME.test(expression);
    return FRAME_NAME.test(expression);
  }
  return false;
}

/** Whether a call returns a DataFrame (a pandas reader, or a frame method on a frame). */
export function isDataFrameCall(call: CallFact, py: PythonFacts, depth = 0): boolean {
  const resolved = py.resolveCall(call);
  if (FRAME_PRODUCERS.test(resolved) || SPARK_SOURCES.test(call.callee)) return true;
  const dot = call.callee.lastIndexOf('.');
  if (dot < 0) return false;
  const method = call.callee.slice(dot + 1);
  return FRAME_METHODS.has(method) && isDataFrameExpression(call.callee.slice(0, dot), call.fn, call.start, py, depth + 1);
}
