// PW203 non-idempotent-load: loads that add the same rows again when a job is re-run. What a write
// does to rows already there comes from the library model (writeModeOf); each kind of load has its
// check here — DataFrame appends, BigQuery loads and streams, Snowflake write_pandas, Airflow
// hooks and BigQuery operators, dlt runs, Spark and Glue writers, SQLAlchemy Core inserts,
// executed INSERT/COPY statements, SQL kept in a module for another to run, appending files —
// and what they share lives beside them: targets, per-function summaries of clearing, merging and
// guarding SQL, the module's call graph (a load's clearing step may be in its caller or a helper),
// and the fixes' helpers. Staging and log targets, tests and fake-data generators are left alone.

import type { CallFact, ChunkFacts } from '../../server/src/engine/python/facts';
import type { SourceText } from '../../server/src/engine/source-text';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { Rule } from '../../server/src/engine/types';
import { libraryOfModule, roleOf, writeModeOf, type WriteMode } from '../../server/src/engine/knowledge';
import { checkHookInsert } from './airflow-hook';
import { checkBigQuery } from './bigquery';
import { checkFileAppend, checkOpenAppend } from './file-append';
import { checkDltRun } from './dlt';
import { checkFrameAppend } from './frame-append';
import { checkGlueWrite } from './glue';
import { checkOperatorConfig } from './operator-config';
import { LoadScope } from './load-scope';
import { checkWritePandas } from './snowflake';
import { checkSparkAppend } from './spark';
import { checkCoreInsert } from './sqlalchemy-insert';
import { checkSqlModule, statementRunsSql } from './sql-modules';
import { checkCopyFrom, checkExecutedSql } from './sql-statements';
import { digestOf, summaryOf } from './summaries';

function checkLoads(scope: LoadScope): void {
  for (const call of scope.ctx.statement?.calls ?? scope.py.calls) {
    const write = writeModeOf(call, scope.py);
    if (write) checkWrite(scope, call, write);
    checkExecutedSql(scope, call);
  }
  checkSqlModule(scope, scope.ctx.statement?.assignments ?? scope.py.assignments);
}

/** Each library's writes to the check that knows them. */
function checkWrite(scope: LoadScope, call: CallFact, write: WriteMode): void {
  switch (write.library.id) {
    case 'spark':
      return checkSparkAppend(scope, call, write);
    case 'airflow-hooks':
      return checkHookInsert(scope, call, write);
    case 'snowflake-pandas':
      return checkWritePandas(scope, call, write);
    case 'bigquery':
      // Load jobs and streaming inserts have no mode argument; pandas-gbq's `if_exists=` is a frame append.
      return write.spec.arg ? checkFrameAppend(scope, call, write) : checkBigQuery(scope, call, write);
    case 'pandas':
      return roleOf(call, scope.py) === 'write-file' ? checkFileAppend(scope, call, write) : checkFrameAppend(scope, call, write);
    case 'dlt':
      return checkDltRun(scope, call, write);
    case 'airflow-bigquery-operators':
    case 'airflow-redshift-operators':
      return checkOperatorConfig(scope, call, write);
    case 'aws-glue':
      return checkGlueWrite(scope, call);
    case 'sqlalchemy':
      return checkCoreInsert(scope, call, write);
    case 'dbapi':
      return checkCopyFrom(scope, call, write);
    case 'files':
      return checkOpenAppend(scope, call, write);
  }
}

/** A module that makes up data (Faker) seeds fixtures or demo tables: its loads are not a pipeline's. */
function seedsSyntheticData(scope: LoadScope): boolean {
  return scope.py.imports.some((i) => libraryOfModule(i.target)?.syntheticData === true);
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
    // Tests insert fixtures on purpose.
    if (!py || ctx.doc.isTestFile) return;
    const scope = new LoadScope(ctx, py);
    if (!seedsSyntheticData(scope)) checkLoads(scope);
  },
  incremental: { exports: exportedModuleSql },
};

/**
 * What loads elsewhere read of a definition: class names and class attributes (SQL templates such
 * as `LoadOperator.sql`), the strings and calls of decorators and class bodies (module-level
 * evidence), and for each function its name, parameters and summary — what it clears, merges,
 * reads and calls, in order — since a load's clearing step may live in its caller or a helper.
 * Module-level statements are the module context already.
 */
function exportedModuleSql(statement: ChunkFacts, context: { doc: { sourceText: SourceText; python?: PythonFacts | null } }): string {
  if (!statement.definition) return '';
  const { sourceText: text } = context.doc;
  const parts: string[] = statement.classes.map((c) => `class ${c.name}`);
  for (const a of statement.assignments) if (a.fn === null) parts.push(`${a.className ?? ''}.${a.target}=${text.slice(a.valueStart, a.valueEnd)}`);
  for (const str of statement.strings) if (str.fn === null) parts.push(str.value);
  for (const call of statement.calls) if (call.fn === null) parts.push(`${call.callee}()`);
  const py = context.doc.python;
  if (py && statementRunsSql(statement, py, text)) parts.push('runs-sql');
  if (py) for (const fn of statement.functions) parts.push(`def ${fn.className ?? ''}.${fn.name}(${fn.params.join(',')})|${fn.parent === null}|${digestOf(summaryOf(py, text, fn), text)}`);
  return parts.join('\u0001');
}
