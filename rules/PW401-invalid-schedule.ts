// PW401 invalid-schedule: a pipeline's schedule that the orchestrator cannot parse or that never
// fires (`0 25 * * *`, `0 0 30 2 *`, `@dialy`). Checked: the schedule of a YAML pipeline config,
// any YAML `schedule_interval:` (dag-factory style DAG configs), and Airflow
// `schedule=`/`schedule_interval=` string literals (or module constants bound to one) and the cron
// of `CronTriggerTimetable("…")`. Templated values, None, timedelta and Timetable objects are
// left alone: they are not cron text we can judge.

import type { Rule, RuleContext } from '../server/src/engine/types';
import { analyzeAirflowDags } from '../server/src/engine/workspace/airflow';
import { parsePipelineConfig } from '../server/src/engine/workspace/pipeline-config';
import { isTemplatedSchedule, validateSchedule } from '../server/src/engine/workspace/schedule';
import type { ScheduleFact } from '../server/src/engine/workspace/types';

const ID = 'PW401';
/** Validation does not depend on the date; the next runs are not used here. */
const EPOCH = new Date(0);

/** Validation results by value: schedules rarely change between keystrokes. Bounded. */
const RESULTS = new Map<string, ReturnType<typeof validateSchedule>>();
const MAX_RESULTS = 256;

function validate(value: string): ReturnType<typeof validateSchedule> {
  let result = RESULTS.get(value);
  if (!result) {
    if (RESULTS.size >= MAX_RESULTS) RESULTS.clear();
    result = validateSchedule(value, EPOCH, 1);
    RESULTS.set(value, result);
  }
  return result;
}

function checkValue(ctx: RuleContext, value: string, start: number, end: number, owner: string): void {
  if (isTemplatedSchedule(value)) return;
  const result = validate(value);
  if (result.ok) return;
  const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
  ctx.report({
    start,
    end,
    message: `Schedule "${shown}" of ${owner} is invalid: ${result.reason}; correct it so the pipeline runs when intended`,
    fingerprintText: value,
  });
}

function checkFact(ctx: RuleContext, schedule: ScheduleFact | null, owner: string): void {
  if (!schedule || (schedule.kind !== 'cron' && schedule.kind !== 'preset')) return;
  checkValue(ctx, schedule.value, schedule.start, schedule.end, owner);
}

export const invalidSchedule: Rule = {
  meta: {
    id: ID,
    slug: 'invalid-schedule',
    title: 'Invalid or impossible schedule',
    priority: 'P1',
    dialects: ['yaml', 'python'],
    rationale: 'A schedule that does not parse fails the deployment, and one with impossible fields (hour 25, February 30) silently never runs.',
    recommendation: 'Write a valid 5-field cron expression (minute hour day-of-month month day-of-week) or a preset such as @daily.',
    fixable: false,
  },
  check(ctx) {
    const { doc } = ctx;
    if (doc.yaml) {
      const pipeline = parsePipelineConfig(doc);
      if (pipeline) checkFact(ctx, pipeline.schedule, `pipeline ${pipeline.name}`);
      // dag-factory style configs: `<dag_id>: {schedule_interval: "…"}` anywhere in the file.
      for (const scalar of doc.yaml.scalars) {
        if (scalar.isKey || scalar.key !== 'schedule_interval' || scalar.style === 'block') continue;
        if (pipeline?.schedule && pipeline.schedule.start === scalar.start) continue;
        const owner = scalar.path.length > 1 ? `DAG ${String(scalar.path[scalar.path.length - 2])}` : 'this config';
        if (scalar.value.trim() === '' || /^(none|null|~)$/i.test(scalar.value.trim())) continue;
        checkValue(ctx, scalar.value, scalar.start, scalar.end, owner);
      }
      return;
    }
    if (doc.python) {
      for (const dag of analyzeAirflowDags(doc)) {
        if (!dag.scheduleString) continue;
        checkFact(ctx, dag.pipeline.schedule, `DAG ${dag.pipeline.name}`);
      }
    }
  },
};
