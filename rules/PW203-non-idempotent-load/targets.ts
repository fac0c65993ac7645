// What a load writes: a table named literally, a Python expression holding the name (`table`,
// `self.table`), or unknown (`%s`, `{}`); how the name reads in messages; the tables whose rows are
// meant to accumulate or to be merged later (staging, temporary, run logs).

import type { ArgFact, CallFact, StringFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { SourceText } from '../../server/src/engine/source-text';

/** A load or SQL target: a literal name, a Python expression holding it, or unknown (`%s`, `{}`). */
export type Target = { kind: 'name'; name: string } | { kind: 'expr'; text: string } | { kind: 'unknown' };

export const UNKNOWN: Target = { kind: 'unknown' };

/** The last part of a dotted table name, unquoted and lower-cased (`orders` for `"mart"."Orders"`). */
export function tableBaseName(name: string): string {
  const parts = name.split('.');
  return parts[parts.length - 1].replace(/^[`"[]|[`"\]]$/g, '').toLowerCase();
}

const STAGING_PART = /^(stg|stage|staging|tmp|temp|temporary|scratch|landing)$/;

/** Staging and temporary tables (`orders_staging`, `stg_orders`, `staging.orders`, `#tmp_orders`, `orders_tmp`). */
export function isStagingName(name: string): boolean {
  const lower = name.toLowerCase().replace(/[`"[\]]/g, '');
  if (lower.startsWith('#') || lower.includes('staging')) return true;
  return lower.split(/[._$\s-]+/).some((part) => STAGING_PART.test(part));
}

/** Tables whose rows are meant to accumulate: run logs, audit trails, journals. */
function isAppendOnlyLog(name: string): boolean {
  if (/(^|_)(log|logs|audit|audits|audit_trail|journal|journals|run_history|runs|job_runs|etl_runs|heartbeat|heartbeats)$/.test(tableBaseName(name))) return true;
  // A table of a schema kept for logs (`logs.etl_processes`, `audit.loads`).
  const parts = name.toLowerCase().replace(/[`"[\]]/g, '').split('.');
  return parts.length > 1 && /^(log|logs|logging|audit|audits)$/.test(parts[parts.length - 2]);
}

export function sameTarget(a: Target, b: Target): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return true;
  if (a.kind === 'name' && b.kind === 'name') return tableBaseName(a.name) === tableBaseName(b.name);
  if (a.kind === 'expr' && b.kind === 'expr') return a.text === b.text;
  return true;
}

export function displayTarget(target: Target): string {
  if (target.kind === 'name') return target.name.length > 60 ? `…${target.name.slice(-58)}` : target.name;
  if (target.kind === 'expr') return target.text.length > 40 ? 'the target table' : target.text;
  return 'the target table';
}

/** The target as a message names it: a variable holding the table name reads as such, not as a table called `name`. */
export function describeTarget(target: Target): string {
  if (target.kind === 'expr' && /^[A-Za-z_]\w*$/.test(target.text)) return `the table named by ${target.text}`;
  return displayTarget(target);
}

function isStagingTarget(target: Target): boolean {
  if (target.kind === 'name') return isStagingName(target.name);
  if (target.kind === 'expr') return /staging|(^|[._])(stg|tmp|temp)([._]|$)/i.test(target.text);
  return false;
}

/** A staging, temporary or run-log target: rows there are merged later or meant to accumulate. */
export function isExemptTarget(target: Target): boolean {
  return isStagingTarget(target) || (target.kind === 'name' && isAppendOnlyLog(target.name));
}

/** The interpolation source (`table`, `self.table`) behind the n-th U+0000 of an f-string. */
export function interpolationText(str: StringFact, text: SourceText, index: number): string | null {
  const slot = str.interpolations[index];
  if (!slot) return null;
  const inner = text.slice(slot.start + 1, slot.end - 1).replace(/(![rsa])?(:[^{}]*)?$/, '').trim();
  return /^[A-Za-z_][\w.]*$/.test(inner) ? inner : null;
}

function countNul(text: string): number {
  return text.split('\u0000').length - 1;
}

/** Literal name parts after the last f-string field: `.orders` of `{schema}.orders`, `.mart.orders` of `{project}.mart.orders`. */
const LITERAL_TAIL = /^(\.[A-Za-z_]\w*)+$/;

function lastPart(tail: string): string {
  return tail.slice(tail.lastIndexOf('.') + 1);
}

/** A table named inside SQL text: a literal name, the f-string field it comes from, or unknown. */
export function targetFromSql(name: string, str: StringFact | null, valueOffset: number, text: SourceText): Target {
  if (name.includes('\u0000')) {
    const tail = name.slice(name.lastIndexOf('\u0000') + 1);
    if (LITERAL_TAIL.test(tail)) return { kind: 'name', name: lastPart(tail) }; // `{schema}.orders`, `{project}.mart.orders`
    if (tail !== '' || !str) return UNKNOWN; // `{base}_daily`
    // `{table}` or `{schema}.{table}`: the last field names the table.
    const index = countNul(str.value.slice(0, valueOffset)) + countNul(name) - 1;
    const expression = interpolationText(str, text, index);
    return expression ? { kind: 'expr', text: expression } : UNKNOWN;
  }
  if (/[{}%?:@]/.test(name) || name === '') return UNKNOWN;
  return { kind: 'name', name };
}

/** A literal string argument or the literal a simple name was last bound to. */
export function literalValue(arg: ArgFact | undefined, call: CallFact, py: PythonFacts, text: SourceText): { value: string; str: StringFact } | null {
  if (!arg) return null;
  if (arg.string) return arg.string.interpolations.length === 0 ? { value: arg.string.value, str: arg.string } : null;
  const source = text.slice(arg.start, arg.end);
  if (!/^[A-Za-z_]\w*$/.test(source)) return null;
  const assignment = py.lastAssignment(source, call.fn, call.start);
  if (!assignment || assignment.shape.kind !== 'literal' || assignment.valueType !== 'string') return null;
  const str = py.stringsIn(assignment.valueStart, assignment.valueEnd)[0];
  return str && str.interpolations.length === 0 ? { value: str.value, str } : null;
}

export interface ArgTarget {
  target: Target;
  /** The argument's source text (`table_id`, `self.table`), compared with helpers' arguments. */
  source: string | null;
  /** A BigQuery partition decorator (`table$20240101`): the load replaces one partition. */
  partitioned: boolean;
}

/** The table a load writes, from its table argument. */
export function targetOfArg(arg: ArgFact | undefined, call: CallFact, py: PythonFacts, text: SourceText): ArgTarget {
  if (!arg) return { target: UNKNOWN, source: null, partitioned: false };
  const source = text.slice(arg.start, arg.end);
  const fromString = (str: StringFact): { target: Target; partitioned: boolean } => {
    const partitioned = str.value.includes('$');
    const value = str.value.split('$')[0];
    if (str.interpolations.length === 0) return { target: { kind: 'name', name: value }, partitioned };
    const tail = value.slice(value.lastIndexOf('\u0000') + 1);
    if (LITERAL_TAIL.test(tail)) return { target: { kind: 'name', name: lastPart(tail) }, partitioned };
    return { target: { kind: 'expr', text: source }, partitioned };
  };
  if (arg.string) return { ...fromString(arg.string), source };
  if (/^[A-Za-z_][\w.]*$/.test(source)) {
    const assignment = /^[A-Za-z_]\w*$/.test(source) ? py.lastAssignment(source, call.fn, call.start) : undefined;
    if (assignment) {
      const strings = py.stringsIn(assignment.valueStart, assignment.valueEnd);
      if (assignment.valueType === 'string' && strings[0]) return { ...fromString(strings[0]), source };
      // `dataset_ref.table("orders")`, `bigquery.TableReference(dataset_ref, "orders")`
      if (assignment.call && strings.length > 0 && /(\.table|TableReference|from_string)$/.test(assignment.call.callee)) {
        const last = strings[strings.length - 1];
        if (last.interpolations.length === 0) return { target: { kind: 'name', name: last.value }, source, partitioned: last.value.includes('$') };
      }
    }
    return { target: { kind: 'expr', text: source }, source, partitioned: false };
  }
  const strings = py.stringsIn(arg.start, arg.end);
  const last = strings[strings.length - 1];
  if (last && last.interpolations.length === 0 && /\.table\(/.test(source)) return { target: { kind: 'name', name: last.value }, source, partitioned: false };
  // `'Marketing_Data'.upper()`: Snowflake's upper-case name.
  const cased = /^(["'])(\w[\w.]*)\1\.(upper|lower)\(\)$/.exec(source);
  if (cased) return { target: { kind: 'name', name: cased[3] === 'upper' ? cased[2].toUpperCase() : cased[2].toLowerCase() }, source, partitioned: false };
  return { target: UNKNOWN, source, partitioned: false };
}

/** The words naming a load target in source text: the table's last name part, or the names in its expression. */
export function targetWords(target: Target): string[] {
  if (target.kind === 'name') return [tableBaseName(target.name)].filter((w) => w !== '');
  if (target.kind !== 'expr') return [];
  if (/^[A-Za-z_][\w.]*$/.test(target.text)) return [target.text];
  return [...target.text.matchAll(/\{\s*([A-Za-z_][\w.]*)/g)].map((m) => m[1]);
}

/** Whether `word` occurs in `haystack` as a whole (dotted) name, case-insensitively. */
export function containsWord(haystack: string, word: string): boolean {
  const lower = haystack.toLowerCase();
  const needle = word.toLowerCase();
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + 1)) {
    if (!/[\w]/.test(lower[i - 1] ?? '') && !/[\w]/.test(lower[i + needle.length] ?? '')) return true;
  }
  return false;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
