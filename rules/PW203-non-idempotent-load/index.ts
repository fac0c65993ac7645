// PW203 non-idempotent-load: loads that add the same rows again when a job is re-run. One file
// per kind of load (DataFrame appends, BigQuery, Snowflake, Airflow hooks, executed SQL INSERTs,
// Spark writers, appending files); what they share — targets, the clearing/merging evidence,
// the fixes' helpers — lives beside them. A load is fine when the same function clears the slice
// first (DELETE/TRUNCATE of the same table, or a helper named for it), upserts or MERGEs from it
// afterwards, or writes a staging/temporary table (the merge step often lives in another task).

import type { ChunkFacts } from '../../server/src/engine/python/facts';
import type { Rule } from '../../server/src/engine/types';
import { BQ_LOADS, BQ_STREAMS, checkBigQuery } from './bigquery';
import { checkFileAppend, FILE_WRITES } from './file-append';
import { checkFrameAppend } from './frame-append';
import { LoadScope } from './load-scope';
import { checkWritePandas } from './snowflake';
import { checkSparkAppend, isSparkTableSink } from './spark';
import { checkExecutedSql, isSqlRunner } from './sql-insert';

/** One test per call before anything is allocated: the method names any check looks at. */
const CANDIDATE_CALLEE = /(?:^|\.)(?:save|saveAsTable|jdbc|to_sql|to_gbq|write_database|load_table_from_\w+|insert_rows\w*|write_pandas|to_csv|to_json|to_parquet|execute\w*|exec_driver_sql|run|query|sql|run_query|run_sql|\w*Operator)$/;

function checkLoads(scope: LoadScope): void {
  for (const call of scope.ctx.statement?.calls ?? scope.py.calls) {
    if (!CANDIDATE_CALLEE.test(call.callee)) continue;
    const method = call.callee.slice(call.callee.lastIndexOf('.') + 1);
    if (method === 'to_sql' || method === 'to_gbq' || method === 'write_database') checkFrameAppend(scope, call, method);
    else if (BQ_LOADS.has(method) || BQ_STREAMS.has(method)) checkBigQuery(scope, call, method);
    else if (method === 'write_pandas') checkWritePandas(scope, call);
    else if (FILE_WRITES.has(method)) checkFileAppend(scope, call, method);
    else if (isSparkTableSink(call, method)) checkSparkAppend(scope, call, method);
    if (isSqlRunner(method)) checkExecutedSql(scope, call, method);
  }
}

export const nonIdempotentLoad: Rule = {
  meta: {
    id: 'PW203',
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
    checkLoads(new LoadScope(ctx, py));
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
