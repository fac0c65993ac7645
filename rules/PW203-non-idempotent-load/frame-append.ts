// DataFrame appends: `df.to_sql(..., if_exists="append")`, pandas-gbq `to_gbq(..., if_exists="append")`,
// polars `write_database(..., if_table_exists="append")`, geopandas `to_postgis(..., if_exists="append")`.
// Fine when the load is safe by its surroundings (see LoadScope.isSafe), uses an upsert insertion
// method, or appends only rows it found missing from the target (an anti-join against the target
// read first).

import type { CallFact, StringFact } from '../../server/src/engine/python/facts';
import type { Fix, TextEdit } from '../../server/src/engine/types';
import { ioOf, methodOf, returnsFrame, roleOf, sqlCallOf, upsertSyntaxOfUrl, type UpsertSyntax, type WriteMode } from '../../server/src/engine/knowledge';
import { renderSnippet } from '../../server/src/engine/snippets';
import { argAt, keywordArg, positionalArg } from '../support/call-arguments';
import { addImportEditList, namesUsedIn, statementEndsAfter, statementPrefixOk, TITLE_PREFIX } from './edits';
import { inferFrameKey } from './keys';
import type { LoadScope } from './load-scope';
import { containsWord, describeTarget, displayTarget, isStagingName, literalValue, targetOfArg, targetWords, type Target } from './targets';

/** Rows kept only when absent from another frame: `~a.isin(b)`, `.isin(b) == False`, a merge's `left_only`. */
const ANTI_JOIN = /~\s*[\w.()[\]'",\s]*\.isin\s*\(|\.isin\s*\([^)]*\)\s*==\s*False|['"]left_only['"]/;

export function checkFrameAppend(scope: LoadScope, call: CallFact, write: WriteMode): void {
  const { py, text } = scope;
  if (write.effect !== 'append' || !write.valueString) return;
  const method = methodOf(call.callee);
  const { target, source } = targetOfArg(write.target ?? undefined, call, py, text);
  const schema = literalValue(keywordArg(call, 'schema'), call, py, text);
  if (schema && isStagingName(schema.value)) return;
  const insertMethod = keywordArg(call, 'method');
  if (insertMethod && !insertMethod.string && /upsert|conflict|merge|replace|ignore|dedup/i.test(text.slice(insertMethod.start, insertMethod.end))) return;
  if (scope.isSafe(call, target, source) || appendsOnlyNewRows(scope, call, target)) return;
  const shown = displayTarget(target);
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `${method} appends to ${describeTarget(target)} on every run, so re-running the job duplicates its rows; delete the run's slice first (in the same transaction) or load into a staging table and upsert`,
    fixes: method === 'to_sql' ? stagingUpsertFix(scope, call, target, write.valueString, schema?.value ?? null) : [],
    fingerprintText: `${method}|append|${shown}`,
  });
}

/**
 * The appended frame keeps only rows the target does not have yet: it is filtered against the
 * target read earlier in the same function (`existing = pd.read_sql(f"SELECT * FROM {table}", …)`,
 * `new = frame[~frame.apply(tuple, 1).isin(existing.apply(tuple, 1))]`, or a merge with
 * `indicator=True` keeping `left_only`). A re-run finds the rows already there and appends nothing.
 */
function appendsOnlyNewRows(scope: LoadScope, call: CallFact, target: Target): boolean {
  const { py, text } = scope;
  const frame = call.callee.slice(0, call.callee.lastIndexOf('.'));
  if (!/^[A-Za-z_]\w*$/.test(frame)) return false;
  const built = py.lastAssignment(frame, call.fn, call.start);
  if (!built || built.fn !== call.fn || !ANTI_JOIN.test(text.slice(built.valueStart, built.valueEnd))) return false;
  const words = targetWords(target);
  if (words.length === 0) return false;
  const fnCalls = call.fn ? py.callsIn(call.fn.start, built.valueStart) : py.calls.filter((c) => c.end <= built.valueStart);
  // A read of the target into a frame: `pd.read_sql(f"SELECT * FROM {table}", …)`, `hook.get_pandas_df(…)`.
  return fnCalls.some((read) => read.fn === call.fn && isTargetRead(read, scope) && words.some((w) => containsWord(text.slice(read.argsStart, read.argsEnd), w)));
}

function isTargetRead(read: CallFact, scope: LoadScope): boolean {
  return returnsFrame(read, scope.py) && (sqlCallOf(read, scope.py) !== null || roleOf(read, scope.py) === 'read-table');
}

/** `to_sql` append → replace a `<table>_staging` table, then copy new keys into the target. */
function stagingUpsertFix(scope: LoadScope, call: CallFact, target: Target, modeString: StringFact, schema: string | null): Fix[] {
  const { py, text } = scope;
  const tableArg = argAt(call, 0, 'name');
  const conArg = argAt(call, 1, 'con');
  // Only rewrite literals written in the call itself (a shared variable may feed other loads).
  if (target.kind !== 'name' || !tableArg?.string || !conArg || modeString.start < call.start || modeString.end > call.end) return [];
  const con = text.slice(conArg.start, conArg.end);
  if (!/^[A-Za-z_]\w*$/.test(con) || !isEngine(scope, con, call)) return [];
  const syntax = engineUpsertSyntax(scope, con, call);
  if (syntax !== 'on-conflict' && syntax !== null) return [];
  const key = inferFrameKey(py, call.fn, target.name);
  if (!key) return [];
  const where = statementPrefixOk(text, call);
  const lineEnd = statementEndsAfter(text, call);
  if (!where || lineEnd === null) return [];
  const qualified = schema ? `${schema}.${target.name}` : target.name;
  const staging = `${target.name}_staging`;
  const textCall = textCallee(scope);
  const connection = namesUsedIn(call.fn, py, text, 'connection') ? 'staging_connection' : 'connection';
  const block = renderSnippet(
    'pw-upsert-from-staging',
    { engine: con, connection, text: textCall.callee, sales_fact: qualified, sales_fact_staging: schema ? `${schema}.${staging}` : staging, order_id: key },
    where.indent,
  );
  const tableString = tableArg.string;
  const edits: TextEdit[] = [
    { start: tableString.contentStart, end: tableString.contentEnd, newText: staging },
    { start: modeString.contentStart, end: modeString.contentEnd, newText: 'replace' },
    { start: lineEnd, end: lineEnd, newText: `\n${where.indent}${block}` },
    ...textCall.edits,
  ];
  return [{
    title: `${TITLE_PREFIX} Load into ${staging} (replaced each run), then insert only new ${key} values into ${target.name}`,
    edits,
    safe: false,
    preferred: true,
  }];
}

/** The connection argument is a SQLAlchemy engine: bound to `create_engine(…)` (or a hook's engine), or named like one. */
function isEngine(scope: LoadScope, con: string, call: CallFact): boolean {
  const assignment = scope.py.lastAssignment(con, call.fn, call.start);
  if (assignment?.call) {
    const io = ioOf(assignment.call, scope.py);
    return (io?.role === 'connect' && io.library.id === 'sqlalchemy') || methodOf(assignment.call.callee) === 'get_sqlalchemy_engine';
  }
  return /(^|_)engine$/i.test(con);
}

function engineUpsertSyntax(scope: LoadScope, con: string, call: CallFact): UpsertSyntax | null {
  const assignment = scope.py.lastAssignment(con, call.fn, call.start);
  const url = assignment?.call ? positionalArg(assignment.call, 0)?.string : undefined;
  if (url && url.interpolations.length === 0) return upsertSyntaxOfUrl(url.value);
  return scope.moduleUpsertSyntax();
}

function textCallee(scope: LoadScope): { callee: string; edits: TextEdit[] } {
  for (const [local, target] of scope.py.bindings) if (/^sqlalchemy(\.sql)?(\.expression)?\.text$/.test(target)) return { callee: local, edits: [] };
  for (const [local, target] of scope.py.bindings) if (target === 'sqlalchemy') return { callee: `${local}.text`, edits: [] };
  return { callee: 'sqlalchemy.text', edits: addImportEditList(scope.py, scope.text, 'sqlalchemy') };
}
