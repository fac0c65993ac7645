// Whether a function accounts for data it loses or alters: a row count, a null count or a dtype
// check of a frame that reaches a log line, a print, a metric, an assert/raise, a branch that
// reports or raises, or a rejects write. Shared by PW201 (dropna) and PW202 (coercion).
// Works on the facts of one scope (a function, or the module's top level) plus small regular
// expressions over that scope's text; every scope is analysed once per lint.

import type { AssignmentFact, CallFact, FunctionFact, StatementFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { NULL_TEST_FUNCTIONS, NULL_TEST_METHODS, SPARK_NULL_TEST_METHODS, writesData } from '../../server/src/engine/knowledge';
import { wordOccurrences } from '../../server/src/engine/python/words';
import { moduleLogger, type ModuleLogger } from './module-edits';
import type { SourceText } from '../../server/src/engine/source-text';

export type SiteKind = 'rows' | 'nulls' | 'dtype';

/** `len(df)`, `df.shape`, `df["x"].isna()`, `df.dtypes`… and the expression they measure. */
export interface CountSite {
  kind: SiteKind;
  subject: string;
  start: number;
  end: number;
}

export interface Scope {
  /** The document-wide cache this scope belongs to (logger, imports). */
  doc: ScopeCache;
  fn: FunctionFact | null;
  start: number;
  end: number;
  text: SourceText;
  py: PythonFacts;
  sites: CountSite[];
  reports: CallFact[];
  writes: CallFact[];
  guards: StatementFact[];
  returns: StatementFact[];
  assignments: AssignmentFact[];
  calls: CallFact[];
}

const NAME = '[A-Za-z_][\\w.]*?';
const SUBSCRIPT = '(?:\\[\\[[^\\]\\n]*\\]\\]|\\[[^\\]\\n]*\\])';
const ROWS = new RegExp(`\\blen\\(\\s*(${NAME})(?:\\.index)?\\s*\\)|\\b(${NAME})\\.(?:shape\\b|count\\(\\s*\\)|index\\.size\\b)`, 'g');
/** Null tests as methods (`x.isna()`, Spark `col.isNull()`), and as functions of pandas/numpy (`pd.isna(x)`, `np.isnan(x)`). */
const NULL_METHODS = [...NULL_TEST_METHODS, ...SPARK_NULL_TEST_METHODS].join('|');
const NULL_FUNCTIONS = [...new Set(NULL_TEST_FUNCTIONS.filter((f) => /^(pandas|numpy)\./.test(f)).map((f) => f.slice(f.indexOf('.') + 1)))].join('|');
const NULLS = new RegExp(
  `\\b(${NAME}${SUBSCRIPT}?(?:\\.[A-Za-z_]\\w*)?)\\.(?:${NULL_METHODS})\\(\\s*\\)|\\b(?:pd|pandas|np|numpy)\\.(?:${NULL_FUNCTIONS})\\(\\s*([A-Za-z_][\\w.]*${SUBSCRIPT}?)` +
    // Spark: a filter on a column's null test, `events.filter(F.col("x").isNull())`
    `|\\b(${NAME})\\.(?:filter|where)\\([^\\n]*?\\.(?:isNull|isna|isnull)\\(`,
  'g',
);
const DTYPE = new RegExp(`\\b(${NAME}${SUBSCRIPT}?)\\.dtypes?\\b|\\bis_\\w+_dtype\\(\\s*([A-Za-z_][\\w.]*${SUBSCRIPT}?)`, 'g');

const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log', 'msg']);
const LOGGER_SEGMENT = /(^|_)(log|logger)$/i;
const PRINT_LIKE = new Set(['print', 'click.echo', 'click.secho', 'typer.echo', 'warnings.warn', 'sys.stdout.write', 'sys.stderr.write', 'tqdm.write', 'pprint.pprint']);
const METRIC_METHODS = new Set([
  'gauge', 'incr', 'increment', 'decr', 'decrement', 'histogram', 'timing', 'distribution', 'log_metric', 'log_metrics', 'put_metric_data',
  'xcom_push', 'send_metric', 'record_metric', 'emit_metric', 'add_output_metadata', 'add_metadata', 'set_tag', 'inc', 'observe',
]);
const METRIC_RECEIVER = /metric|stat|gauge|counter|histogram|prom|monitor|telemetry|mlflow|wandb|cloudwatch|datadog|(^|\.)ti$|task_instance|context/i;
const DAGSTER_RESULTS = /^dagster\.(Output|MaterializeResult|AssetMaterialization|AssetObservation|ExpectationResult)$/;
const CONDITION_LINE = /^[ \t]*(if|elif|while)\b/;
/** A project's own rejects writer (`quarantine_invalid_records(bad, prefix)`, `write_rejects(rows)`, `send_to_dlq(batch)`). */
const REJECTS_HELPER = /(^|_)(quarantin\w*|rejects?|rejected|dead_?letter|dlq|bad_rows|invalid_rows|invalid_records|errors_table)(_|$)/i;
const ASSERT_LINE = /^[ \t]*assert\b/;

function segments(callee: string): string[] {
  return callee.replace(/\(\)/g, '').replace(/\[\]/g, '').split('.');
}

/** A logging call, a print, or a metric: something that makes a number visible outside the process. */
export function isReportCall(call: CallFact, py: PythonFacts): boolean {
  const callee = call.callee;
  if (!callee) return false;
  const resolved = py.resolveCall(call);
  if (PRINT_LIKE.has(resolved) || PRINT_LIKE.has(callee)) return true;
  const parts = segments(callee);
  const method = parts[parts.length - 1];
  const receiver = parts.slice(0, -1);
  if (LOG_METHODS.has(method)) {
    if (resolved.startsWith('logging.') || resolved.startsWith('loguru.') || resolved.startsWith('structlog.')) return true;
    if (receiver.some((part) => LOGGER_SEGMENT.test(part))) return true;
  }
  if (METRIC_METHODS.has(method)) {
    const root = resolved.split(/[.(]/)[0];
    if (['statsd', 'datadog', 'prometheus_client', 'mlflow', 'wandb', 'dagster'].includes(root)) return true;
    if (METRIC_RECEIVER.test(receiver.join('.'))) return true;
    if (['log_metric', 'log_metrics', 'put_metric_data', 'xcom_push', 'add_output_metadata'].includes(method)) return true;
  }
  return DAGSTER_RESULTS.test(resolved.replace(/\(\)/g, ''));
}

/** A call that writes data somewhere (a rejects file or table when it receives the rejected rows). */
export function isWriteCall(call: CallFact, py: PythonFacts): boolean {
  return writesData(call, py);
}

function collectSites(text: SourceText, start: number, end: number): CountSite[] {
  const body = text.slice(start, end);
  const sites: CountSite[] = [];
  const scan = (pattern: RegExp, kind: SiteKind) => {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(body); m; m = pattern.exec(body)) {
      const subject = (m[1] ?? m[2] ?? m[3] ?? '').replace(/\s+/g, '');
      if (subject) sites.push({ kind, subject, start: start + m.index, end: start + m.index + m[0].length });
    }
  };
  scan(ROWS, 'rows');
  scan(NULLS, 'nulls');
  scan(DTYPE, 'dtype');
  return sites.sort((a, b) => a.start - b.start);
}

/** Items of `sorted` (ordered by `key`) whose key lies in [start, end). */
function sliceSorted<T>(sorted: readonly T[], key: (item: T) => number, start: number, end: number): T[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (key(sorted[mid]) < start) low = mid + 1;
    else high = mid;
  }
  const out: T[] = [];
  for (let i = low; i < sorted.length && key(sorted[i]) < end; i++) out.push(sorted[i]);
  return out;
}

/**
 * What a rule run knows about one document: its scopes (built lazily, each once), the module
 * logger and the libraries that change what a fix may do, so findings in a large file do not
 * rescan it.
 */
export class ScopeCache {
  private readonly scopes = new Map<FunctionFact | null, Scope>();
  private sortedStatements: StatementFact[] | undefined;
  private sortedAssignments: AssignmentFact[] | undefined;
  private loggerValue: ModuleLogger | null | undefined;
  private readonly imports = new Map<string, boolean>();

  constructor(readonly py: PythonFacts, readonly text: SourceText) {}

  /** The module logger, created from `pw-logger` when missing (see moduleLogger); computed once. */
  logger(): ModuleLogger | null {
    if (this.loggerValue === undefined) this.loggerValue = moduleLogger(this.py, this.text);
    return this.loggerValue;
  }

  importsModule(module: string): boolean {
    let value = this.imports.get(module);
    if (value === undefined) {
      value = this.py.importsModule(module);
      this.imports.set(module, value);
    }
    return value;
  }

  /** Libraries where `len(frame)` or `.isna().sum()` may start a distributed computation. */
  heavyRuntime(): boolean {
    return this.importsModule('dask') || this.importsModule('modin') || this.importsModule('pyspark');
  }

  get(fn: FunctionFact | null): Scope {
    let scope = this.scopes.get(fn);
    if (scope) return scope;
    const { py, text } = this;
    // A function lies inside one top-level statement: its facts are all there.
    const owner = fn ? py.statementAt(fn.start) : undefined;
    const sortedStatements = owner ? [...owner.statements].sort((a, b) => a.start - b.start) : (this.sortedStatements ??= [...py.statements].sort((a, b) => a.start - b.start));
    const sortedAssignments = owner ? [...owner.assignments].sort((a, b) => a.valueStart - b.valueStart) : (this.sortedAssignments ??= [...py.assignments].sort((a, b) => a.valueStart - b.valueStart));
    const start = fn ? fn.start : 0;
    const end = fn ? fn.end : text.length;
    const calls = fn ? py.callsIn(start, end) : py.calls.filter((c) => c.fn === null);
    const statements = fn ? sliceSorted(sortedStatements, (s) => s.start, start, end) : sortedStatements.filter((s) => s.fn === null);
    scope = {
      doc: this,
      fn,
      start,
      end,
      text,
      py,
      sites: fn ? collectSites(text, start, end) : collectModuleSites(py, text),
      reports: calls.filter((c) => isReportCall(c, py)),
      writes: calls.filter((c) => isWriteCall(c, py) || REJECTS_HELPER.test(c.callee.slice(c.callee.lastIndexOf('.') + 1))),
      guards: statements.filter((s) => s.kind === 'assert' || s.kind === 'raise'),
      returns: statements.filter((s) => s.kind === 'return'),
      assignments: fn ? sliceSorted(sortedAssignments, (a) => a.valueStart, start, end) : sortedAssignments.filter((a) => a.fn === null),
      calls,
    };
    this.scopes.set(fn, scope);
    return scope;
  }
}

/** Module-level sites: only the text of top-level statements that are not function or class bodies. */
function collectModuleSites(py: PythonFacts, text: SourceText): CountSite[] {
  const sites: CountSite[] = [];
  for (const chunk of py.chunks) {
    if (chunk.functions.some((f) => f.start === chunk.start) || chunk.classes.some((c) => c.start === chunk.start)) continue;
    sites.push(...collectSites(text, chunk.start, chunk.end));
  }
  return sites;
}

/** `subject` measures the frame `name` (`name`, `name[...]`, `name.col`). */
export function measuresFrame(subject: string, name: string): boolean {
  return subject === name || subject.startsWith(`${name}[`) || subject.startsWith(`${name}.`);
}

/** `subject` measures column `column` of frame `base` (or the whole frame); any column when `column` is null. */
export function measuresColumn(subject: string, base: string, column: string | null): boolean {
  if (subject === base) return true;
  if (!measuresFrame(subject, base)) return false;
  if (column === null) return true;
  let rest = subject.slice(base.length);
  const accessor = /^\.(loc|iloc)(?=\[)/.exec(rest);
  if (accessor) rest = rest.slice(accessor[0].length);
  if (rest.startsWith('[')) {
    if (!/["']/.test(rest)) return true;
    return rest.includes(`"${column}"`) || rest.includes(`'${column}'`);
  }
  const attribute = /^\.([A-Za-z_]\w*)/.exec(rest);
  return attribute !== null && attribute[1] === column;
}

function lineStartOf(text: SourceText, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: SourceText, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

/** End of the block governed by the `if`/`while` line starting at `lineStart` (its deeper-indented lines). */
function blockEnd(text: SourceText, lineStart: number, limit: number): number {
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0].length ?? 0;
  let cursor = lineEndOf(text, lineStart) + 1;
  let end = cursor;
  while (cursor < limit && cursor < text.length) {
    const lineEnd = lineEndOf(text, cursor);
    const line = text.slice(cursor, lineEnd);
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      const own = /^[ \t]*/.exec(line)?.[0].length ?? 0;
      if (own <= indent) break;
      end = lineEnd;
    }
    cursor = lineEnd + 1;
  }
  return Math.min(end, limit);
}

function within(items: Array<{ start: number; end: number }>, pos: number): boolean {
  return items.some((item) => item.start <= pos && pos < item.end);
}

function startsWithin(items: Array<{ start: number }>, from: number, to: number): boolean {
  return items.some((item) => item.start >= from && item.start < to);
}

/**
 * Whether the expression at `pos` is used to account for data: inside a report call, an
 * assert/raise, a rejects write, the condition of an `if`/`elif`/`while` whose block (or line)
 * reports, raises or writes, or assigned to a name that is itself used that way (two hops).
 * Assignments to the names in `frames` (the data itself, e.g. `df = df[df.x.notna()]`) do not count.
 */
export function isAccountingUse(scope: Scope, pos: number, frames: ReadonlySet<string>, depth = 0): boolean {
  if (within(scope.guards, pos) || within(scope.reports, pos) || within(scope.writes, pos)) return true;
  const { text } = scope;
  const lineStart = lineStartOf(text, pos);
  const lineText = text.slice(lineStart, lineEndOf(text, pos));
  if (ASSERT_LINE.test(lineText)) return true;
  if (CONDITION_LINE.test(lineText)) {
    const end = blockEnd(text, lineStart, scope.end);
    if (startsWithin(scope.reports, pos, end) || startsWithin(scope.writes, pos, end) || startsWithin(scope.guards.filter((g) => g.kind === 'raise'), pos, end)) return true;
  }
  if (depth >= 3) return false;
  const holder = assignmentHolding(scope, pos);
  if (!holder || !/^[A-Za-z_][\w.]*$/.test(holder.target) || frames.has(holder.target)) return false;
  for (const at of wordOccurrences(text, holder.target, holder.valueEnd, scope.end)) {
    if (isAccountingUse(scope, at, frames, depth + 1)) return true;
  }
  return false;
}

/** The innermost assignment of the scope whose value holds `pos`. */
export function assignmentHolding(scope: Scope, pos: number): AssignmentFact | undefined {
  let holder: AssignmentFact | undefined;
  for (const a of scope.assignments) {
    if (a.valueStart <= pos && pos < a.valueEnd && (!holder || a.valueStart >= holder.valueStart)) holder = a;
  }
  return holder;
}

/** Where `name` is read as code in [from, to): whole-name occurrences outside string literals (f-string fields count) and comments. */
export function codeOccurrences(scope: Scope, name: string, from: number, to: number): number[] {
  const { py, text } = scope;
  const strings = py.stringsIn(from, to);
  return wordOccurrences(text, name, from, to).filter((at) => {
    const inString = strings.find((s) => s.start <= at && at < s.end);
    if (inString && !inString.interpolations.some((i) => i.start <= at && at < i.end)) return false;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    return !/#/.test(text.slice(lineStart, at)) || /["']/.test(text.slice(lineStart, at));
  });
}
