// PW403 no-retries-configured: pipeline steps that fail for good on the first transient error.
// YAML pipeline configs: no `defaults.retries`/`default_args.retries`/top-level `retries` and
// steps without `retries`; Airflow DAGs: default_args without retries and tasks without a
// `retries=`. To avoid one warning per step, when nothing in the pipeline sets retries there is
// ONE finding on the pipeline (the `steps:` key, the `DAG` call) whose fix adds default retries;
// only when some steps set retries and others do not is each step without them reported.
// An explicit `retries: 0` is a decision, not an omission, and is not reported. Tasks with nothing
// transient to retry (placeholders, branches, `echo`, callables that only compute and print; see
// local-tasks.ts) need no retries: a DAG made only of them, or a DAG in a test file, is not reported.

import type { Fix, Rule, RuleContext } from '../../server/src/engine/types';
import { analyzeAirflowDags, type AirflowDag, type AirflowTask } from '../../server/src/engine/workspace/airflow';
import { parsePipelineConfig } from '../../server/src/engine/workspace/pipeline-config';
import type { PipelineFact } from '../../server/src/engine/workspace/types';
import { doesNoExternalIo } from './local-tasks';
import { isUnitTestModule } from '../support/unit-test-modules';
import { addKeywordEdits, airflowDefaultRetriesEdits, airflowRetryValues, yamlDefaultRetriesEdits, yamlStepRetriesEdit, yamlStepRetriesLine } from '../support/orchestration-edits';

const ID = 'PW403';
const TITLE_PREFIX = `Pipewise (${ID}):`;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function checkYaml(ctx: RuleContext, pipeline: PipelineFact): void {
  if (pipeline.defaultRetries !== null || pipeline.steps.length === 0) return;
  const text = ctx.doc.text;
  const without = pipeline.steps.filter((s) => s.retries === null);
  if (without.length === 0) return;
  const defaultsEdits = yamlDefaultRetriesEdits(text, pipeline);
  const defaultsFix = (preferred: boolean): Fix[] =>
    defaultsEdits ? [{ title: `${TITLE_PREFIX} Add default retries to the pipeline (retries: 3, retry_delay_seconds: 300)`, edits: defaultsEdits, safe: false, preferred }] : [];
  if (without.length === pipeline.steps.length) {
    ctx.report({
      start: pipeline.anchor.start,
      end: pipeline.anchor.end,
      message: `Pipeline ${pipeline.name} configures no retries for ${pipeline.steps.length === 1 ? `its step ${pipeline.steps[0].name}` : `any of its ${pipeline.steps.length} steps`}, so one transient failure fails the run; add retries under defaults:`,
      fixes: defaultsFix(true),
      fingerprintText: `${pipeline.name}:no-retries`,
    });
    return;
  }
  for (const step of without) {
    const edit = yamlStepRetriesEdit(text, step);
    const fixes: Fix[] = edit ? [{ title: `${TITLE_PREFIX} Add ${yamlStepRetriesLine()} to step ${step.name}`, edits: [edit], safe: false, preferred: true }] : [];
    fixes.push(...defaultsFix(false));
    ctx.report({
      start: step.nameRange.start,
      end: step.nameRange.end,
      message: `Step ${step.name} has no retries while other steps of ${pipeline.name} do, so a transient failure fails the run; add retries to it`,
      fixes,
      fingerprintText: `${pipeline.name}:${step.name}:no-retries`,
    });
  }
}

function hasRetries(task: AirflowTask): boolean {
  return task.step.retries !== null || task.retriesUnknown;
}

function checkDag(ctx: RuleContext, dag: AirflowDag): void {
  const { pipeline } = dag;
  if (pipeline.defaultRetries !== null || dag.defaultRetriesUnknown || dag.tasks.length === 0) return;
  const py = ctx.doc.python!;
  const without = dag.tasks.filter((t) => !hasRetries(t));
  if (without.length === 0) return;
  const external = without.filter((t) => !doesNoExternalIo(t, py, ctx.doc.text));
  if (external.length === 0) return;
  const text = ctx.doc.text;
  const { retries, retryDelayMinutes } = airflowRetryValues();
  const defaultsEdits = airflowDefaultRetriesEdits(py, text, dag);
  const defaultsFix = (preferred: boolean): Fix[] =>
    defaultsEdits ? [{ title: `${TITLE_PREFIX} Add retries (${retries}, retry_delay ${retryDelayMinutes} minutes) to default_args of DAG ${pipeline.name}`, edits: defaultsEdits, safe: false, preferred }] : [];
  if (without.length === dag.tasks.length) {
    ctx.report({
      start: dag.calleeRange.start,
      end: dag.calleeRange.end,
      message: `DAG ${pipeline.name} configures no retries (none in default_args, none on its ${plural(dag.tasks.length, 'task')}), so one transient failure fails the run; add retries to default_args`,
      fixes: defaultsFix(true),
      fingerprintText: `${pipeline.name}:no-retries`,
    });
    return;
  }
  for (const task of external) {
    const taskflow = task.kind === 'taskflow';
    const bare = task.bareDecoratorEnd !== null ? { end: task.bareDecoratorEnd } : null;
    const edits = addKeywordEdits(text, taskflow ? task.decoratorCall : task.call, taskflow ? bare : null, `retries=${retries}`);
    const fixes: Fix[] = edits ? [{ title: `${TITLE_PREFIX} Add retries=${retries} to task ${task.step.name}`, edits, safe: false, preferred: true }] : [];
    fixes.push(...defaultsFix(false));
    ctx.report({
      start: task.step.nameRange.start,
      end: task.step.nameRange.end,
      message: `Task ${task.step.name} has no retries while other tasks of DAG ${pipeline.name} do, so a transient failure fails the run; add retries=${retries} to it`,
      fixes,
      fingerprintText: `${pipeline.name}:${task.step.name}:no-retries`,
    });
  }
}

export const noRetriesConfigured: Rule = {
  meta: {
    id: ID,
    slug: 'no-retries-configured',
    title: 'No retries configured for pipeline steps',
    priority: 'P2',
    dialects: ['yaml', 'python'],
    rationale: 'Without retries, one dropped connection or API hiccup fails the whole run and someone has to re-run it by hand.',
    recommendation: 'Set default retries with a delay for the pipeline (YAML defaults, Airflow default_args) and make the steps safe to re-run.',
    fixable: true,
  },
  check(ctx) {
    const { doc } = ctx;
    if (doc.yaml) {
      const pipeline = parsePipelineConfig(doc);
      if (pipeline) checkYaml(ctx, pipeline);
      return;
    }
    if (doc.python && !isUnitTestModule(doc.path)) for (const dag of analyzeAirflowDags(doc)) checkDag(ctx, dag);
  },
};
