// PW404 dag-non-deterministic-start: Airflow DAGs whose start_date moves (`datetime.now()`,
// `days_ago(1)`, `pendulum.now()`, `timezone.utcnow()`…, directly, through default_args or a
// module constant), and DAGs that leave `catchup` at its default. A moving start_date shifts the
// first data interval on every parse; an implicit catchup backfills every missed interval when
// a DAG is deployed or unpaused (Airflow 2's default), or silently does not (Airflow 3's
// default, or `catchup_by_default = False`): the behaviour depends on the installation.
// DAGs without a schedule (None, @once, @continuous) have nothing to catch up and are skipped;
// a DAG with `schedule=None` only runs when triggered and an `@once` DAG runs once, so a moving
// start_date shifts no interval there either. A DAG with a fixed start_date and an `end_date` is a bounded window: catching it up
// is what it is for, so its implicit catchup is not reported. DAGs in test files are never deployed.

import type { Fix, Rule, RuleContext, TextEdit } from '../server/src/engine/types';
import { analyzeAirflowDags, type AirflowDag } from '../server/src/engine/workspace/airflow';
import { addKeywordEdits, datetimeName } from './support/orchestration-edits';
import { isUnitTestModule } from './support/unit-test-modules';

const ID = 'PW404';
const TITLE_PREFIX = `Pipewise (${ID}):`;
/** The fixed date the fix writes: a real past date, so the DAG's intervals are stable. */
const FIXED_DATE = '2024, 1, 1';
const NO_CATCHUP_SCHEDULES = /^@(once|continuous)$/i;

function catchupEdits(ctx: RuleContext, dag: AirflowDag, value: 'False' | 'True'): TextEdit[] | null {
  const call = dag.call;
  const bare = call.argsStart === call.argsEnd ? { end: call.calleeEnd } : null;
  return addKeywordEdits(ctx.doc.text, bare ? null : call, bare, `catchup=${value}`);
}

const MOVING_DATE = /\b(now|utcnow|today|days_ago)\s*\(/;

function needsCatchup(ctx: RuleContext, dag: AirflowDag): boolean {
  if (dag.pipeline.catchupSet) return false;
  const schedule = dag.pipeline.schedule;
  if (schedule && (schedule.kind === 'none' || NO_CATCHUP_SCHEDULES.test(schedule.value.trim()))) return false;
  return !isBoundedWindow(ctx, dag);
}

/** No recurring intervals for a moving start_date to shift: triggered by hand (None) or run once (@once). */
function hasNoRecurringIntervals(dag: AirflowDag): boolean {
  const schedule = dag.pipeline.schedule;
  return schedule !== null && (schedule.kind === 'none' || /^@once$/i.test(schedule.value.trim()));
}

/** A fixed start_date and a fixed end_date (on the DAG or in its default_args dict). */
function isBoundedWindow(ctx: RuleContext, dag: AirflowDag): boolean {
  const start = dag.pipeline.startDate;
  if (!start || !start.deterministic) return false;
  const text = ctx.doc.text;
  const fixed = (from: number, to: number) => !MOVING_DATE.test(text.slice(from, to)) && text.slice(from, to).trim() !== 'None';
  const onDag = dag.call.args.find((a) => a.kind === 'keyword' && a.name === 'end_date');
  if (onDag) return fixed(onDag.start, onDag.end);
  const source = dag.defaultArgs;
  if (source?.kind === 'dict') {
    const entry = source.dict.entries.find((e) => e.key === 'end_date');
    return entry !== undefined && fixed(entry.valueStart, entry.valueEnd);
  }
  if (source?.kind === 'dict-call') {
    const arg = source.call.args.find((a) => a.kind === 'keyword' && a.name === 'end_date');
    return arg !== undefined && fixed(arg.start, arg.end);
  }
  return false;
}

function startDateFix(ctx: RuleContext, dag: AirflowDag): Fix | null {
  const start = dag.pipeline.startDate;
  const py = ctx.doc.python!;
  if (!start) return null;
  const pendulum = /^pendulum\b/.test(py.resolveName(start.text)) ? [...py.bindings].find(([, target]) => target === 'pendulum')?.[0] : undefined;
  let replacement: string;
  let importEdits: TextEdit[] = [];
  if (pendulum) {
    replacement = `${pendulum}.datetime(${FIXED_DATE}, tz="UTC")`;
  } else {
    const name = datetimeName(py, ctx.doc.text);
    if (!name) return null;
    replacement = `${name.name}(${FIXED_DATE})`;
    importEdits = name.edits;
  }
  const edits: TextEdit[] = [...importEdits, { start: start.range.start, end: start.range.end, newText: replacement }];
  let title = `${TITLE_PREFIX} Use the fixed start_date ${replacement}`;
  if (needsCatchup(ctx, dag)) {
    // A fixed date in the past with an implicit catchup would backfill every interval since then.
    const catchup = catchupEdits(ctx, dag, 'False');
    if (!catchup) return null;
    edits.push(...catchup);
    title += ' and catchup=False';
  }
  return { title, edits, safe: false, preferred: true };
}

export const dagNonDeterministicStart: Rule = {
  meta: {
    id: ID,
    slug: 'dag-non-deterministic-start',
    title: 'DAG start_date is not fixed or catchup is implicit',
    priority: 'P2',
    dialects: ['python'],
    rationale: 'A start_date computed at parse time moves on every parse, so intervals shift and runs are skipped or never scheduled; an implicit catchup backfills (or not) depending on the installation.',
    recommendation: 'Give the DAG a fixed start_date such as datetime(2024, 1, 1) and set catchup explicitly.',
    fixable: true,
  },
  check(ctx) {
    const py = ctx.doc.python;
    if (!py || isUnitTestModule(ctx.doc.path)) return;
    for (const dag of analyzeAirflowDags(ctx.doc)) {
      const { pipeline } = dag;
      const start = pipeline.startDate;
      if (start && !start.deterministic && !hasNoRecurringIntervals(dag)) {
        const fix = startDateFix(ctx, dag);
        const where = dag.startDateSource === 'default_args' ? ' (in default_args)' : '';
        const shown = start.text.length > 40 ? `${start.text.slice(0, 37)}...` : start.text;
        ctx.report({
          start: start.range.start,
          end: start.range.end,
          message: `start_date of DAG ${pipeline.name}${where} is ${shown}, which changes every time the file is parsed, so the scheduler's intervals keep shifting; use a fixed date such as datetime(${FIXED_DATE})`,
          fixes: fix ? [fix] : [],
          fingerprintText: `${pipeline.name}:start_date:${start.text}`,
        });
      }
      if (needsCatchup(ctx, dag)) {
        const fixes: Fix[] = [];
        const noBackfill = catchupEdits(ctx, dag, 'False');
        if (noBackfill) fixes.push({ title: `${TITLE_PREFIX} Set catchup=False (do not backfill missed intervals)`, edits: noBackfill, safe: false, preferred: true });
        const backfill = catchupEdits(ctx, dag, 'True');
        if (backfill) fixes.push({ title: `${TITLE_PREFIX} Set catchup=True (backfill missed intervals explicitly)`, edits: backfill, safe: false });
        const ignored = dag.catchupInDefaultArgs ? ' (catchup in default_args is ignored by the DAG)' : '';
        ctx.report({
          start: dag.calleeRange.start,
          end: dag.calleeRange.end,
          message: `DAG ${pipeline.name} leaves catchup at its default${ignored}, so deploying or unpausing it may backfill every missed interval; pass catchup=False (or True) explicitly`,
          fixes,
          fingerprintText: `${pipeline.name}:catchup`,
        });
      }
    }
  },
};
