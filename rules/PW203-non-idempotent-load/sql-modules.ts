// SQL kept in a module for another module to run: `songplays_insert = "INSERT INTO songplays
// SELECT … FROM staging_events …"` in a `sql_queries.py` whose lists (`insert_table_queries`) an
// ETL script imports and executes. The module runs no SQL itself, so the statement is judged
// here: an INSERT … SELECT or a COPY that adds rows on every run, or an INSERT … VALUES template
// of rows the caller hands in with no conflict key, with no DELETE/TRUNCATE of the
// same table kept beside it and no MERGE from it. A DROP TABLE beside it does not count: the
// scripts that drop and create tables are run once, not before every load.

import type { AssignmentFact, ChunkFacts, StringFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { tablesWritten, tokenizeSql } from '../../server/src/engine/sql';
import { graphOf } from './call-graph';
import type { LoadScope } from './load-scope';
import { sqlArgumentsOf } from './sql-holders';
import { addingStatements, insertsOnlyLiterals, isAntiJoin, isUpsertSql, recordsMeasurement } from './sql-text';
import { displayTarget, isExemptTarget, tableBaseName, targetFromSql } from './targets';
import type { SourceText } from '../../server/src/engine/source-text';

export function checkSqlModule(scope: LoadScope, assignments: readonly AssignmentFact[]): void {
  const { py, text } = scope;
  const constants = assignments.filter((a) => a.fn === null && (a.shape.kind === 'literal' || a.shape.kind === 'concat' || a.shape.kind === 'other'));
  if (constants.length === 0 || runsSql(py, text)) return;
  const cleared = graphOf(py, text).cleared;
  for (const constant of constants) {
    for (const str of py.stringsIn(constant.valueStart, constant.valueEnd)) {
      if (str.isDocstring || str.interpolations.length > 0 || !/\b(insert|copy)\b/i.test(str.value)) continue;
      checkConstant(scope, str, cleared);
    }
  }
}

function checkConstant(scope: LoadScope, str: StringFact, cleared: ReadonlySet<string>): void {
  const tokens = tokenizeSql(str.value);
  for (const found of addingStatements(tokens)) {
    const statement = tokens.slice(found.first, found.end);
    // `INSERT … VALUES (%s, …)`: a template for rows the caller hands in (a form submission, a
    // webhook's rows); without a conflict key the same rows sent again are inserted again.
    const values = found.kind === 'insert' && !statement.some((t) => t.upper === 'SELECT');
    if (values && (insertsOnlyLiterals(statement) || !statement.some((t) => t.type === 'placeholder'))) continue;
    if (isUpsertSql(statement) || isAntiJoin(statement) || recordsMeasurement(statement)) continue;
    const first = tokens[found.first];
    const ref = tablesWritten(str.value.slice(first.start))[0];
    if (!ref) continue;
    const target = targetFromSql(ref.name, str, first.start + ref.start, scope.text);
    if (target.kind !== 'name' || isExemptTarget(target)) continue;
    const table = tableBaseName(target.name);
    if (cleared.has(table) || graphOf(scope.py, scope.text).mergedFrom.has(table)) continue;
    const end = first.start + ref.end;
    const range = end <= str.identityUntil ? { start: str.contentStart + first.start, end: str.contentStart + end } : { start: str.start, end: str.end };
    const what = found.kind === 'copy' ? `COPY into ${displayTarget(target)}` : `INSERT … SELECT into ${displayTarget(target)}`;
    scope.ctx.report({
      ...range,
      message: values
        ? `INSERT into ${displayTarget(target)} is kept here for another module to run and has no ON CONFLICT key, so rows sent or loaded again are inserted twice; upsert on the rows' own key`
        : `${what} is kept here for another module to run and adds the same rows on every run, so re-running the load duplicates them; delete or truncate the slice in the same run, or make it an upsert or anti-join`,
      fingerprintText: `sql-module|${found.kind}|${table}`,
    });
  }
}

const RUNS_SQL = new WeakMap<PythonFacts, boolean>();

/** Some call of the module runs SQL: the module executes its statements itself (judged at those calls). */
function runsSql(py: PythonFacts, text: SourceText): boolean {
  let found = RUNS_SQL.get(py);
  if (found === undefined) RUNS_SQL.set(py, (found = py.calls.some((call) => sqlArgumentsOf(call, py, text).length > 0)));
  return found;
}

/** Whether the statement runs SQL (what a module-level SQL constant's finding depends on). */
export function statementRunsSql(statement: ChunkFacts, py: PythonFacts, text: SourceText): boolean {
  return statement.calls.some((call) => sqlArgumentsOf(call, py, text).length > 0);
}
