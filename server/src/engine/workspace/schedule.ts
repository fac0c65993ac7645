// Schedule values of pipeline configs and Airflow DAGs: cron expressions (5 fields, or 6 with
// seconds first), `@daily`-style presets, "no schedule" (None/null) and durations. Validation
// names the bad field ("hour 25 is out of range 0-23"); valid schedules get a human description
// (cronstrue) and their next runs (cron-parser), computed from a given `now` in UTC so the
// answer is deterministic.

import { CronExpressionParser } from 'cron-parser';
import cronstrue from 'cronstrue';
import type { ScheduleFact } from './types';

export type ScheduleValidation =
  | { ok: true; kind: ScheduleFact['kind']; description: string; next: Date[] }
  | { ok: false; reason: string };

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const FIVE_FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 0, max: 7, names: DAYS },
];

/** Presets Airflow/croniter understand, as the cron they stand for (null: not a repeating cron). */
const PRESETS: Record<string, { cron: string | null; description: string }> = {
  '@once': { cron: null, description: 'Runs once' },
  '@continuous': { cron: null, description: 'Runs continuously, one run after another' },
  '@hourly': { cron: '0 * * * *', description: 'Every hour, at minute 0' },
  '@daily': { cron: '0 0 * * *', description: 'Every day at 00:00' },
  '@midnight': { cron: '0 0 * * *', description: 'Every day at 00:00' },
  '@weekly': { cron: '0 0 * * 0', description: 'Every Sunday at 00:00' },
  '@monthly': { cron: '0 0 1 * *', description: 'On day 1 of every month at 00:00' },
  '@quarterly': { cron: '0 0 1 */3 *', description: 'On day 1 of January, April, July and October at 00:00' },
  '@yearly': { cron: '0 0 1 1 *', description: 'Every year on January 1 at 00:00' },
  '@annually': { cron: '0 0 1 1 *', description: 'Every year on January 1 at 00:00' },
};

const NONE_VALUES = new Set(['', 'none', 'null', '~']);
const TEMPLATED = /\{\{|\{%|\$\{|<%/;
const TIMEDELTA = /^\s*(?:datetime\.)?timedelta\s*\(.*\)\s*$/s;
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/i;
const RATE = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/i;
const NUMBER = /^\d+$/;

/** Whether a schedule value is a template the orchestrator fills in (`{{ var.value.schedule }}`): not checkable. */
export function isTemplatedSchedule(value: string): boolean {
  return TEMPLATED.test(value);
}

/** The kind of a schedule value as written (what `ScheduleFact.kind` holds). */
export function scheduleKind(value: string): ScheduleFact['kind'] {
  const trimmed = value.trim();
  if (NONE_VALUES.has(trimmed.toLowerCase())) return 'none';
  if (trimmed.startsWith('@')) return 'preset';
  if (TIMEDELTA.test(trimmed) || ISO_DURATION.test(trimmed)) return 'timedelta';
  if (isTemplatedSchedule(trimmed) || RATE.test(trimmed)) return 'other';
  return 'cron';
}

/**
 * Validates a schedule and, when valid, describes it and lists its next `count` runs after `now`
 * (UTC). `null`/`undefined`/`None` mean "no schedule" and are valid with no runs.
 */
export function validateSchedule(value: string | null | undefined, now: Date = new Date(), count = 3): ScheduleValidation {
  if (value === null || value === undefined) return { ok: true, kind: 'none', description: 'No schedule (triggered manually or externally)', next: [] };
  const trimmed = value.trim();
  const kind = scheduleKind(trimmed);
  if (kind === 'none') return { ok: true, kind, description: 'No schedule (triggered manually or externally)', next: [] };
  if (kind === 'timedelta') return { ok: true, kind, description: `Every ${trimmed}`, next: [] };
  if (kind === 'other') {
    const rate = RATE.exec(trimmed);
    if (rate) return { ok: true, kind, description: `Every ${rate[1]} ${rate[2].toLowerCase()}`, next: [] };
    return { ok: true, kind, description: 'Templated schedule (resolved by the orchestrator)', next: [] };
  }
  if (kind === 'preset') {
    const preset = PRESETS[trimmed.toLowerCase()];
    if (!preset) return { ok: false, reason: `${trimmed} is not a known schedule preset (use @hourly, @daily, @weekly, @monthly, @yearly or @once)` };
    return { ok: true, kind, description: preset.description, next: preset.cron ? nextRuns(preset.cron, now, count) : [] };
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length < 5 || fields.length > 6) {
    if (fields.length === 1 && PRESETS[`@${trimmed.toLowerCase()}`]) return { ok: false, reason: `"${trimmed}" is not a cron expression; write @${trimmed.toLowerCase()}` };
    return { ok: false, reason: `a cron expression has 5 fields (minute hour day-of-month month day-of-week), "${shorten(trimmed)}" has ${fields.length}` };
  }
  const specs = fields.length === 6 ? [SECOND, ...FIVE_FIELDS] : FIVE_FIELDS;
  for (let i = 0; i < fields.length; i++) {
    const problem = checkField(fields[i], specs[i]);
    if (problem) return { ok: false, reason: problem };
  }
  let next: Date[];
  try {
    next = nextRuns(trimmed, now, count);
  } catch (error) {
    return { ok: false, reason: explainParserError(error, fields) };
  }
  return { ok: true, kind, description: describe(trimmed), next };
}

function nextRuns(cron: string, now: Date, count: number): Date[] {
  const expression = CronExpressionParser.parse(cron, { currentDate: now, tz: 'UTC' });
  const runs: Date[] = [];
  for (let i = 0; i < count; i++) runs.push(expression.next().toDate());
  return runs;
}

function describe(cron: string): string {
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: true, verbose: false });
  } catch {
    return cron;
  }
}

/** Checks one cron field: lists of `*`, `?`, values, names, ranges and steps within bounds. */
function checkField(field: string, spec: FieldSpec): string | null {
  for (const item of field.split(',')) {
    if (item === '') return `the ${spec.name} field "${field}" has an empty list item`;
    const [range, step, extra] = item.split('/');
    if (extra !== undefined) return `the ${spec.name} field "${item}" has more than one step`;
    if (step !== undefined && (!NUMBER.test(step) || Number(step) === 0)) return `the ${spec.name} step "/${step}" must be a positive number`;
    // A step beyond the field's range (`*/24` hours) is accepted by cron and croniter and fires at the range's
    // start only: a style point, not an invalid schedule.
    if (range === '*' || range === '?') {
      if (range === '?' && spec.name !== 'day-of-month' && spec.name !== 'day-of-week') return `"?" is only allowed in the day-of-month and day-of-week fields, not in ${spec.name}`;
      continue;
    }
    // Quartz-style extensions cron-parser and croniter accept: L (last), W (weekday), # (nth weekday).
    if (spec.name === 'day-of-month' && /^(L|L-\d+|LW|\d+W)$/i.test(range)) continue;
    if (spec.name === 'day-of-week') {
      const nth = /^([A-Za-z]{3}|\d)#([1-5])$/.exec(range) ?? /^([A-Za-z]{3}|\d)L$/.exec(range);
      if (nth) {
        const problem = checkValue(nth[1], spec);
        if (problem) return problem;
        continue;
      }
    }
    const bounds = range.split('-');
    if (bounds.length > 2 || bounds.some((b) => b === '')) return `the ${spec.name} field "${item}" is not a value, range or step`;
    for (const bound of bounds) {
      const problem = checkValue(bound, spec);
      if (problem) return problem;
    }
    if (bounds.length === 2) {
      const low = valueOf(bounds[0], spec)!;
      const high = valueOf(bounds[1], spec)!;
      if (low > high) return `the ${spec.name} range ${bounds[0]}-${bounds[1]} runs backwards (${bounds[0]} > ${bounds[1]})`;
    }
  }
  return null;
}

function checkValue(text: string, spec: FieldSpec): string | null {
  const value = valueOf(text, spec);
  if (value === null) {
    if (NUMBER.test(text)) return null;
    return spec.names ? `${spec.name} "${text}" is not a number or a name (${spec.names[0]}-${spec.names[spec.names.length - 1]})` : `${spec.name} "${text}" is not a number`;
  }
  if (value < spec.min || value > spec.max) return `${spec.name} ${text} is out of range ${spec.min}-${spec.max}`;
  return null;
}

function valueOf(text: string, spec: FieldSpec): number | null {
  if (NUMBER.test(text)) return Number(text);
  if (!spec.names) return null;
  const index = spec.names.indexOf(text.toUpperCase() as never);
  if (index < 0) return null;
  return spec.names === MONTHS ? index + 1 : index;
}

function explainParserError(error: unknown, fields: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/day of month/i.test(message)) {
    const dom = fields[fields.length - 3];
    const month = fields[fields.length - 2];
    return `day-of-month ${dom} never occurs in month ${month}, so the schedule never runs`;
  }
  return `"${shorten(fields.join(' '))}" is not a valid cron expression (${message})`;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
