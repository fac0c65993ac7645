// Spark rows dropped after a cast: `df.withColumn("amount", F.col("amount").cast("double"))` turns
// every value that does not convert into null, and `.filter(F.col("amount").isNotNull())` (or
// `.where("amount IS NOT NULL")`) then removes those rows with the genuinely empty ones — malformed
// input disappears without a trace. A null filter on a column that was not cast in the function is a
// filter by intent and is not reported.

import type { CallFact } from '../../server/src/engine/python/facts';
import { methodOf, receiverOf, rootOf, SPARK_CAST_FUNCTIONS, SPARK_NULL_TEST_METHODS } from '../../server/src/engine/knowledge';
import type { Scope } from '../support/data-accounting';

const PRESENT_TEST = SPARK_NULL_TEST_METHODS.find((m) => m.startsWith('isNot')) ?? 'isNotNull';
const CAST = new RegExp(`\\b(${SPARK_CAST_FUNCTIONS.join('|')})\\s*\\(`);
/** `F.col("x")`, `col('x')`, `df.x`, `df["x"]` followed by `.isNotNull()`. */
const COLUMN_TEST = new RegExp(
  `^(?:[A-Za-z_][\\w.]*\\.)?col(?:umn)?\\(\\s*(["'])([^"'\\\\\\n]+)\\1\\s*\\)\\s*\\.\\s*${PRESENT_TEST}\\(\\s*\\)$|^[A-Za-z_]\\w*\\s*(?:\\[\\s*(["'])([^"'\\\\\\n]+)\\3\\s*\\]|\\.([A-Za-z_]\\w*))\\s*\\.\\s*${PRESENT_TEST}\\(\\s*\\)$`,
);
const SQL_TEST = /^`?([A-Za-z_]\w*)`?\s+IS\s+NOT\s+NULL$/i;

export interface SparkNullFilter {
  call: CallFact;
  /** Where the filtered frame is kept: the name assigned, or null when it is returned or written directly. */
  target: string | null;
  /** End of the expression the filter ends (calls chained after it included). */
  chainEnd: number;
  /** The frame the chain starts from (`df` in `df.withColumn(…).filter(…)`). */
  source: string;
  columns: string[];
}

function stripParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
  return t;
}

/** The columns a filter condition tests for presence, when it tests nothing else; null otherwise. */
function testedColumns(condition: string): string[] | null {
  const sql = /^[rRuU]?(["'])([\s\S]*)\1$/.exec(condition.trim());
  const terms = sql ? sql[2].split(/(?<!\s)\s+AND\s+/i) : condition.split('&');
  const columns: string[] = [];
  for (const raw of terms) {
    const term = stripParens(raw);
    if (sql) {
      const m = SQL_TEST.exec(term);
      if (!m) return null;
      columns.push(m[1]);
      continue;
    }
    const m = COLUMN_TEST.exec(term);
    if (!m) return null;
    columns.push(m[2] ?? m[4] ?? m[5]);
  }
  return columns.length > 0 ? columns : null;
}

/** The column is converted with a cast earlier in the scope or in the chain the filter ends: `withColumn("x", …cast(…))`, `….cast(…).alias("x")`. */
function castBefore(column: string, call: CallFact, scope: Scope): boolean {
  const { text } = scope;
  const quoted = `(["'])${column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`;
  const withColumn = new RegExp(`withColumn\\(\\s*${quoted}\\s*,([^\\n]*)`);
  const alias = new RegExp(`${CAST.source}[^\\n]*?\\.alias\\(\\s*${quoted}`);
  const region = text.slice(scope.start, call.calleeEnd);
  for (const m of region.matchAll(new RegExp(withColumn, 'g'))) if (CAST.test(m[2])) return true;
  return alias.test(region);
}

/** A Spark `filter`/`where` that only drops rows with nulls in columns the function cast. */
export function sparkNullFilterOf(call: CallFact, scope: Scope): SparkNullFilter | null {
  const method = methodOf(call.callee);
  if ((method !== 'filter' && method !== 'where') || call.args.length !== 1 || call.args[0].kind !== 'positional') return null;
  if (!scope.doc.importsModule('pyspark')) return null;
  const receiver = receiverOf(call.callee);
  const source = rootOf(receiver);
  if (!source || !/^[A-Za-z_]\w*$/.test(source)) return null;
  const arg = call.args[0];
  const columns = testedColumns(scope.text.slice(arg.start, arg.end));
  if (!columns || !columns.some((c) => castBefore(c, call, scope))) return null;
  const assignment = scope.assignments.find((a) => a.valueStart === call.start && a.valueEnd >= call.end);
  if (assignment) {
    const target = scope.text.slice(assignment.targetStart, assignment.targetEnd);
    return /^[A-Za-z_][\w.]*$/.test(target) ? { call, source, columns, target, chainEnd: assignment.valueEnd } : null;
  }
  // Returned, or chained into a writer: kept all the same.
  const returned = scope.returns.some((r) => r.start <= call.start && call.end <= r.end);
  const written = scope.writes.some((w) => w.start === call.start && w.end > call.end);
  return returned || written ? { call, source, columns, target: null, chainEnd: call.end } : null;
}
