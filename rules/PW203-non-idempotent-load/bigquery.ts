// BigQuery loads and streaming inserts. A load job (`load_table_from_dataframe`/`_uri`/`_file`/
// `_json`) appends unless its LoadJobConfig — in the call, or in a variable of the function or
// module, also set by attribute — says WRITE_TRUNCATE/WRITE_EMPTY, or it loads one partition
// (`table$20240101`). Streaming inserts (`insert_rows*`) always append.

import type { ArgFact, AssignmentFact, CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { Fix, TextEdit } from '../../server/src/engine/types';
import { methodOf, type WriteMode } from '../../server/src/engine/knowledge';
import { renderSnippet } from '../../server/src/engine/snippets';
import { appendArgumentEdits, hasDictSplat, keywordArg, positionalArg } from '../support/call-arguments';
import { addImportEditList, namesUsedIn, statementPrefixOk, TITLE_PREFIX } from './edits';
import type { LoadScope } from './load-scope';
import { assignmentsIn } from './module-index';
import { displayTarget, targetOfArg, type Target } from './targets';
import type { SourceText } from '../../server/src/engine/source-text';

/**
 * A BigQuery load job (`write.spec.config`: its LoadJobConfig decides) or streaming insert (always
 * appends) that adds the same rows again on a re-run.
 */
export function checkBigQuery(scope: LoadScope, call: CallFact, write: WriteMode): void {
  const { py, text } = scope;
  const streaming = write.spec.config === undefined;
  // A receiver named like a client is BigQuery's only when the module uses BigQuery.
  if (streaming && !write.library.modules.some((m) => py.importsModule(m))) return;
  const method = methodOf(call.callee);
  const tableArg = write.target ?? undefined;
  const { target, source, partitioned } = targetOfArg(tableArg, call, py, text);
  if (scope.isSafe(call, target, source)) return;
  const shown = displayTarget(target);
  if (streaming) {
    scope.ctx.report({
      start: call.start,
      end: call.end,
      message: `${method} streams rows into ${shown} on every run, so a re-run duplicates them; load with write_disposition WRITE_TRUNCATE or MERGE from a staging table`,
      fingerprintText: `${method}|${shown}`,
    });
    return;
  }
  const configArg = keywordArg(call, 'job_config');
  if (hasDictSplat(call)) return;
  let fixes: Fix[] = [];
  if (configArg) {
    const info = jobConfigInfo(configArg, call, py, text);
    if (!info.known) return;
    const disposition = info.value?.text ?? '';
    if (info.value && !/WRITE_APPEND/.test(disposition)) return; // WRITE_TRUNCATE, WRITE_EMPTY or a variable
    if (!info.value && partitioned) return;
    fixes = dispositionFixes(scope, info, target);
  } else {
    if (partitioned) return;
    fixes = addJobConfigFixes(scope, call, target, tableArg);
  }
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `${method} appends to ${shown} (WRITE_APPEND) on every run, so a re-run duplicates rows; set write_disposition WRITE_TRUNCATE on the table or its partition, or MERGE from a staging table`,
    fixes,
    fingerprintText: `${method}|${shown}`,
  });
}

// -- What the job config says ---------------------------------------------------------------

/** What a `job_config=` says about the write disposition, when the rule can see it. */
interface ConfigInfo {
  /** The LoadJobConfig call, when the config is one written in this file. */
  call: CallFact | null;
  /** The value node setting write_disposition (keyword or attribute assignment), if any. */
  value: { start: number; end: number; text: string } | null;
  /** False when the config comes from elsewhere (a parameter, a helper, `**options`): nothing is reported. */
  known: boolean;
}

function jobConfigInfo(arg: ArgFact, load: CallFact, py: PythonFacts, text: SourceText): ConfigInfo {
  const source = text.slice(arg.start, arg.end);
  let call: CallFact | undefined;
  let attributeValues: AssignmentFact[] = [];
  if (/^[A-Za-z_]\w*$/.test(source)) {
    const assignment = py.lastAssignment(source, load.fn, load.start);
    call = assignment?.call ?? undefined;
    const scopeFn = assignment?.fn ?? load.fn;
    const target = `${source}.write_disposition`;
    const scopes = scopeFn === load.fn ? [scopeFn] : [scopeFn, load.fn];
    attributeValues = scopes.flatMap((fn) => assignmentsIn(py, fn)).filter((a) => a.target === target && a.valueEnd <= load.start).sort((a, b) => a.valueEnd - b.valueEnd);
  } else {
    call = py.callsIn(arg.start, arg.end)[0];
    if (call && call.start !== arg.start) call = undefined;
  }
  if (!call || !/LoadJobConfig$/.test(py.resolveCall(call)) || hasDictSplat(call)) return { call: null, value: null, known: false };
  const lastAttribute = attributeValues[attributeValues.length - 1];
  if (lastAttribute) return { call, value: { start: lastAttribute.valueStart, end: lastAttribute.valueEnd, text: text.slice(lastAttribute.valueStart, lastAttribute.valueEnd) }, known: true };
  const keyword = keywordArg(call, 'write_disposition');
  if (keyword) return { call, value: { start: keyword.start, end: keyword.end, text: text.slice(keyword.start, keyword.end) }, known: true };
  return { call, value: null, known: true };
}

// -- Fixes ------------------------------------------------------------------------------------

function bigqueryModule(py: PythonFacts): string | null {
  for (const [local, target] of py.bindings) if (target === 'google.cloud.bigquery') return local;
  return null;
}

interface BigQueryNames {
  /** How this file spells `LoadJobConfig`, and the import that spelling needs. */
  callee: string;
  calleeEdits: TextEdit[];
  /** How this file spells the `google.cloud.bigquery` module (for snippets), and its import. */
  module: string;
  moduleEdits: TextEdit[];
}

/** `bigquery.LoadJobConfig` under the file's own import names, plus the import to add if needed. */
function bigQueryNames(py: PythonFacts, text: SourceText): BigQueryNames {
  const module = bigqueryModule(py);
  if (module) return { callee: `${module}.LoadJobConfig`, calleeEdits: [], module, moduleEdits: [] };
  const moduleEdits = addImportEditList(py, text, 'google.cloud.bigquery');
  for (const [local, target] of py.bindings) if (target === 'google.cloud.bigquery.LoadJobConfig') return { callee: local, calleeEdits: [], module: 'google.cloud.bigquery', moduleEdits };
  return { callee: 'google.cloud.bigquery.LoadJobConfig', calleeEdits: moduleEdits, module: 'google.cloud.bigquery', moduleEdits };
}

const DATE_NAMES = ['run_date', 'execution_date', 'logical_date', 'partition_date', 'load_date', 'batch_date', 'snapshot_date', 'process_date', 'report_date', 'data_date'];

function dateVariable(fn: CallFact['fn'], py: PythonFacts): string | null {
  if (!fn) return null;
  for (const name of DATE_NAMES) {
    if (fn.params.includes(name)) return name;
    if (assignmentsIn(py, fn).some((a) => a.target === name)) return name;
  }
  return null;
}

function truncateTitle(target: Target): string {
  return `${TITLE_PREFIX} Set write_disposition="WRITE_TRUNCATE" (replaces the table ${displayTarget(target)} on each run)`;
}

function addJobConfigFixes(scope: LoadScope, call: CallFact, target: Target, tableArg: ArgFact | undefined): Fix[] {
  const { py, text } = scope;
  const names = bigQueryNames(py, text);
  const added = appendArgumentEdits(text, call, `job_config=${names.callee}(write_disposition="WRITE_TRUNCATE")`);
  const fixes: Fix[] = [];
  const partition = partitionFix(scope, call, target, tableArg, names);
  if (partition) fixes.push(partition);
  if (added) fixes.push({ title: truncateTitle(target), edits: [...added, ...names.calleeEdits], safe: false, preferred: !partition });
  return fixes;
}

/** With a run date in scope: overwrite only that day's partition (snippet pw-partition-overwrite). */
function partitionFix(scope: LoadScope, call: CallFact, target: Target, tableArg: ArgFact | undefined, names: BigQueryNames): Fix | null {
  const { py, text } = scope;
  const date = dateVariable(call.fn, py);
  const frameArg = positionalArg(call, 0);
  if (!date || !tableArg || tableArg.kind !== 'positional' || !frameArg || call.args.some((a) => a.kind === 'keyword' && a.name === 'job_config')) return null;
  if (namesUsedIn(call.fn, py, text, 'partition') || namesUsedIn(call.fn, py, text, 'job_config')) return null;
  const tableSource = text.slice(tableArg.start, tableArg.end);
  let tableTemplate: string;
  if (tableArg.string && tableArg.string.interpolations.length === 0 && !tableArg.string.isBytes) tableTemplate = tableArg.string.value.replace(/[{}]/g, (b) => b + b);
  else if (/^[A-Za-z_][\w.]*$/.test(tableSource)) tableTemplate = `{${tableSource}}`;
  else return null;
  const where = statementPrefixOk(text, call);
  if (!where) return null;
  const rendered = renderSnippet('pw-partition-overwrite', { bigquery: names.module, 'project.dataset.sales_fact': tableTemplate, run_date: date, frame: text.slice(frameArg.start, frameArg.end) }).split('\n');
  if (rendered.length < 2) return null;
  const statements = `${rendered[0]}\n${where.indent}${rendered[1]}\n${where.indent}`;
  const jobConfig = appendArgumentEdits(text, call, 'job_config=job_config');
  if (!jobConfig) return null;
  return {
    title: `${TITLE_PREFIX} Overwrite only the ${date} partition of ${displayTarget(target)} (WRITE_TRUNCATE on table$YYYYMMDD)`,
    edits: [{ start: where.lineStart + where.indent.length, end: where.lineStart + where.indent.length, newText: statements }, { start: tableArg.start, end: tableArg.end, newText: 'partition' }, ...jobConfig, ...names.moduleEdits],
    safe: false,
    preferred: true,
  };
}

function dispositionFixes(scope: LoadScope, info: ConfigInfo, target: Target): Fix[] {
  if (info.value) {
    const value = info.value;
    const inner = /WRITE_APPEND/.exec(value.text);
    if (!inner) return [];
    const quoted = /^["']WRITE_APPEND["']$/.test(value.text) || /\.WRITE_APPEND$/.test(value.text);
    if (!quoted) return [];
    const start = value.start + inner.index;
    return [{ title: truncateTitle(target), edits: [{ start, end: start + 'WRITE_APPEND'.length, newText: 'WRITE_TRUNCATE' }], safe: false, preferred: true }];
  }
  if (!info.call) return [];
  const edits = appendArgumentEdits(scope.text, info.call, 'write_disposition="WRITE_TRUNCATE"');
  return edits ? [{ title: truncateTitle(target), edits, safe: false, preferred: true }] : [];
}
