// The pipeline parsers the workspace model and the language server call: YAML pipeline configs,
// Airflow DAG files and schedule validation.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeNonPython } from '../../server/src/engine/document';
import { PythonSource } from '../../server/src/engine/python/python-source';
import { analyzeAirflowDags, parseAirflowDag, parseAirflowDags } from '../../server/src/engine/workspace/airflow';
import { parsePipelineConfig } from '../../server/src/engine/workspace/pipeline-config';
import { parsePrefectFlows } from '../../server/src/engine/workspace/prefect';
import { validateSchedule } from '../../server/src/engine/workspace/schedule';
import { sharedEngine } from '../helpers/rule-tester';

const root = path.join(__dirname, '..', '..');

function yamlDoc(file: string, text: string) {
  return analyzeNonPython(file, 'yaml', text);
}

async function pythonDoc(file: string, text: string) {
  const engine = await sharedEngine();
  return engine.analyze(file, text)!;
}

function slice(text: string, range: { start: number; end: number } | null): string | null {
  return range ? text.slice(range.start, range.end) : null;
}

// ---- YAML pipeline configs ----

test('the example pipeline.yaml: 3 steps in order with absolute script paths', () => {
  const file = path.join(root, 'examples', 'sales_etl', 'pipeline.yaml');
  const text = readFileSync(file, 'utf8');
  const pipeline = parsePipelineConfig(yamlDoc(file, text))!;
  assert.equal(pipeline.kind, 'yaml');
  assert.equal(pipeline.name, 'sales_etl');
  assert.equal(slice(text, pipeline.nameRange), 'sales_etl');
  assert.deepEqual({ value: pipeline.schedule?.value, kind: pipeline.schedule?.kind }, { value: '0 2 * * *', kind: 'cron' });
  assert.equal(slice(text, pipeline.schedule), '"0 2 * * *"');
  assert.equal(slice(text, pipeline.anchor), 'steps');
  assert.equal(pipeline.defaultRetries, null);
  assert.deepEqual(
    pipeline.steps.map((s) => [s.name, s.target, s.scriptPath, s.retries, s.upstream]),
    [
      ['extract', 'extract.py', path.join(root, 'examples', 'sales_etl', 'extract.py'), null, []],
      ['transform', 'transform.py', path.join(root, 'examples', 'sales_etl', 'transform.py'), null, ['extract']],
      ['load', 'load.py', path.join(root, 'examples', 'sales_etl', 'load.py'), null, ['transform']],
    ],
  );
  for (const step of pipeline.steps) {
    assert.equal(slice(text, step.nameRange), step.name);
    assert.equal(slice(text, step.targetRange), step.target);
  }
});

test('steps: modules, commands, retries, depends_on, inputs/outputs and defaults', () => {
  const text = [
    'name: crm',
    'schedule_interval: "@daily"',
    'default_args:',
    '  retries: 2',
    'tasks:',
    '  - name: contacts',
    '    module: etl.contacts',
    '    outputs: [/tmp/contacts.csv]',
    '  - name: deals',
    '    command: python3 -u jobs/deals.py --full',
    '    retries: 0',
    '  - name: merge',
    '    run: python -m etl.merge',
    '    depends_on: [contacts, deals]',
    '    inputs:',
    '      - /tmp/contacts.csv',
    '  - name: publish',
    '    command: dbt run --select crm',
    '    needs: merge',
    '',
  ].join('\n');
  const pipeline = parsePipelineConfig(yamlDoc('/repo/pipelines/crm.yaml', text))!;
  assert.equal(pipeline.defaultRetries, 2);
  assert.equal(slice(text, pipeline.defaultRetriesRange), '2');
  assert.equal(pipeline.schedule?.kind, 'preset');
  const [contacts, deals, merge, publish] = pipeline.steps;
  assert.equal(contacts.scriptPath, '/repo/pipelines/etl/contacts.py');
  assert.deepEqual(contacts.declaredOutputs, ['/tmp/contacts.csv']);
  assert.equal(deals.target, 'jobs/deals.py');
  assert.equal(slice(text, deals.targetRange), 'jobs/deals.py');
  assert.equal(deals.scriptPath, '/repo/pipelines/jobs/deals.py');
  assert.equal(deals.retries, 0);
  assert.equal(merge.target, 'etl.merge');
  assert.equal(merge.scriptPath, '/repo/pipelines/etl/merge.py');
  assert.deepEqual(merge.upstream, ['contacts', 'deals']);
  assert.deepEqual(merge.declaredInputs, ['/tmp/contacts.csv']);
  assert.equal(publish.target, null);
  assert.equal(publish.scriptPath, null);
  assert.deepEqual(publish.upstream, ['merge']);
});

test('YAML that is not a pipeline config, and CI files with steps, give null', () => {
  assert.equal(parsePipelineConfig(yamlDoc('docker-compose.yml', 'services:\n  db:\n    image: postgres\n')), null);
  assert.equal(parsePipelineConfig(yamlDoc('azure-pipelines.yml', 'trigger: [main]\nsteps:\n  - script: echo hi\n')), null);
  assert.equal(parsePipelineConfig(yamlDoc('.github/workflows/ci.yml', 'steps:\n  - run: make\n')), null);
  assert.equal(parsePipelineConfig(yamlDoc('ci.yml', 'steps:\n  - uses: actions/checkout@v4\n')), null);
  assert.equal(parsePipelineConfig(yamlDoc('playbook.yml', '- hosts: all\n  tasks:\n    - name: x\n')), null);
  // A pipeline.yaml is a pipeline config even before it has steps.
  const named = parsePipelineConfig(yamlDoc('pipeline.yaml', 'name: draft\n'))!;
  assert.deepEqual(named.steps, []);
});

test('malformed YAML returns what can be read and never throws', () => {
  const text = 'name: broken\nschedule: "0 2 * * *\nsteps:\n  - name: extract\n    script: extract.py\n  - [unclosed\n';
  const doc = yamlDoc('pipeline.yaml', text);
  assert.ok(doc.yaml!.errors.length > 0);
  assert.doesNotThrow(() => parsePipelineConfig(doc));
  for (const garbage of ['', ':::', '- - -\n  ]]', 'steps: 3', 'steps:\n  - 1\n  - [a]\n', '\t\tsteps:\n- name']) {
    assert.doesNotThrow(() => parsePipelineConfig(yamlDoc('pipeline.yaml', garbage)), garbage);
  }
});

test('an alias bomb does not hang the parser', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  const names = 'bcdefghijklmnop'.split('');
  let previous = 'a';
  for (const name of names) {
    lines.push(`${name}: &${name} [*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous}]`);
    previous = name;
  }
  lines.push(`schedule: *${previous}`, 'steps:', `  - name: *${previous}`, '    script: x.py', '');
  const started = Date.now();
  const pipeline = parsePipelineConfig(yamlDoc('pipeline.yaml', lines.join('\n')));
  assert.ok(Date.now() - started < 1000, 'parsing took too long');
  assert.ok(pipeline);
  assert.equal(pipeline.steps.length, 1);
});

// ---- Airflow ----

const CLASSIC_DAG = `from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator
from airflow.utils.dates import days_ago

SCHEDULE = "0 2 * * *"

default_args = {
    "owner": "data",  # team
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
    "start_date": days_ago(1),
}


def _load():
    pass


with DAG("sales_etl", schedule_interval=SCHEDULE, default_args=default_args) as dag:
    extract = BashOperator(task_id="extract", bash_command="python /opt/etl/extract.py --day {{ ds }}")
    transform = BashOperator(task_id="transform", bash_command="python transform.py", retries=4)
    load = PythonOperator(task_id="load", python_callable=_load)
    notify = BashOperator(task_id="notify", bash_command="echo done >> /tmp/etl.log")
    audit = BashOperator(task_id="audit", bash_command="bash scripts/audit.sh")
    extract >> transform >> [load, notify]
    audit << load
    notify.set_downstream(audit)
`;

test('classic DAG: default_args via a variable, operators, >> / << chains and set_downstream', async () => {
  const doc = await pythonDoc('/repo/dags/sales.py', CLASSIC_DAG);
  const pipeline = parseAirflowDag(doc)!;
  assert.equal(pipeline.kind, 'airflow');
  assert.equal(pipeline.name, 'sales_etl');
  assert.equal(slice(CLASSIC_DAG, pipeline.nameRange), '"sales_etl"');
  assert.equal(slice(CLASSIC_DAG, pipeline.anchor), 'DAG');
  assert.deepEqual({ value: pipeline.schedule?.value, kind: pipeline.schedule?.kind }, { value: '0 2 * * *', kind: 'cron' });
  assert.equal(slice(CLASSIC_DAG, pipeline.schedule), '"0 2 * * *"');
  assert.equal(pipeline.defaultRetries, 2);
  assert.equal(pipeline.startDate?.text, 'days_ago(1)');
  assert.equal(pipeline.startDate?.deterministic, false);
  assert.equal(pipeline.catchupSet, false);
  const steps = Object.fromEntries(pipeline.steps.map((s) => [s.name, s]));
  assert.deepEqual(pipeline.steps.map((s) => s.name), ['extract', 'transform', 'load', 'notify', 'audit']);
  assert.equal(steps.extract.target, '/opt/etl/extract.py');
  assert.equal(steps.extract.scriptPath, '/opt/etl/extract.py');
  assert.equal(slice(CLASSIC_DAG, steps.extract.targetRange), '/opt/etl/extract.py');
  assert.equal(steps.transform.scriptPath, '/repo/dags/transform.py');
  assert.equal(steps.transform.retries, 4);
  assert.equal(steps.load.callable, '_load');
  assert.equal(steps.load.retries, null);
  assert.equal(steps.notify.target, null, '`>>` inside a bash command is not a script');
  assert.equal(steps.audit.target, 'scripts/audit.sh');
  assert.deepEqual(steps.extract.upstream, []);
  assert.deepEqual(steps.transform.upstream, ['extract']);
  assert.deepEqual(steps.load.upstream, ['transform']);
  assert.deepEqual(steps.notify.upstream, ['transform']);
  assert.deepEqual(steps.audit.upstream, ['load', 'notify']);
});

test('TaskFlow: @dag and @task functions, data passing, override and chain()', async () => {
  const text = `import pendulum
from airflow.decorators import dag, task
from airflow.models.baseoperator import chain
from airflow.operators.empty import EmptyOperator


@dag(schedule="@daily", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), catchup=False, default_args={"owner": "crm"})
def crm_sync():
    @task(retries=2)
    def extract():
        return {"rows": 1}

    @task
    def transform(data):
        return data

    @task.python(task_id="store_rows")
    def load(data):
        pass

    start = EmptyOperator(task_id="start")
    end = EmptyOperator(task_id="end")
    raw = extract()
    loaded = load(transform(raw))
    chain(start, raw)
    chain(loaded, end)


crm_sync()
`;
  const doc = await pythonDoc('dags/crm.py', text);
  const [pipeline] = parseAirflowDags(doc);
  assert.equal(pipeline.name, 'crm_sync');
  assert.equal(slice(text, pipeline.anchor), 'dag');
  assert.equal(pipeline.schedule?.kind, 'preset');
  assert.equal(pipeline.startDate?.deterministic, true);
  assert.equal(pipeline.catchupSet, true);
  assert.equal(pipeline.defaultRetries, null);
  const steps = Object.fromEntries(pipeline.steps.map((s) => [s.name, s]));
  assert.deepEqual(Object.keys(steps).sort(), ['end', 'extract', 'start', 'store_rows', 'transform']);
  assert.equal(steps.extract.retries, 2);
  assert.equal(steps.extract.callable, 'extract');
  assert.equal(steps.transform.retries, null);
  assert.equal(steps.store_rows.callable, 'load');
  assert.deepEqual(steps.extract.upstream, ['start']);
  assert.deepEqual(steps.transform.upstream, ['extract']);
  assert.deepEqual(steps.store_rows.upstream, ['transform']);
  assert.deepEqual(steps.end.upstream, ['store_rows']);
  const [dag] = analyzeAirflowDags(doc);
  assert.equal(dag.tasks.find((t) => t.step.name === 'transform')?.kind, 'taskflow');
  assert.ok(dag.tasks.find((t) => t.step.name === 'transform')?.bareDecoratorEnd);
});

test('several DAGs in one file keep their own tasks; non-airflow files give nothing', async () => {
  const text = `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("first", schedule=None, start_date=datetime(2024, 1, 1)) as first:
    a = BashOperator(task_id="a", bash_command="python a.py")

second = DAG("second", schedule="@hourly", start_date=datetime.now(), catchup=True)
b = BashOperator(task_id="b", bash_command="python b.py", dag=second)
c = BashOperator(task_id="c", bash_command="python c.py", dag=second)
b >> c
`;
  const doc = await pythonDoc('dags/two.py', text);
  const pipelines = parseAirflowDags(doc);
  assert.deepEqual(pipelines.map((p) => [p.name, p.schedule?.kind, p.steps.map((s) => s.name)]), [
    ['first', 'none', ['a']],
    ['second', 'preset', ['b', 'c']],
  ]);
  assert.equal(pipelines[1].startDate?.deterministic, false);
  assert.deepEqual(pipelines[1].steps[1].upstream, ['b']);
  assert.equal(parseAirflowDag(await pythonDoc('etl.py', 'import pandas as pd\nx = a >> b\n')), null);
});

const args = (step: { arguments: { positional: unknown[]; keywords: Record<string, unknown> } }) => ({ positional: step.arguments.positional, keywords: step.arguments.keywords });

test('operators built in a loop over literal values: one step per value, linked iteration by iteration, with what each passes its callable', async () => {
  const text = `from datetime import datetime
from functools import partial

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import PythonOperator

from orders_pipeline.api import fetch_orders
from orders_pipeline.warehouse import load_orders

REGIONS = ["emea", "amer"]
TABLE = "analytics.orders"

with DAG(dag_id="orders", start_date=datetime(2026, 1, 1), schedule="@daily") as dag:
    start = EmptyOperator(task_id="start")
    for region in REGIONS:
        extract = PythonOperator(task_id=f"extract_{region}", python_callable=fetch_orders, op_kwargs={"region": region, "day": "{{ ds }}"})
        load = PythonOperator(task_id=f"load_{region}", python_callable=partial(load_orders, table=TABLE), op_args=[region])
        start >> extract >> load
    for source in get_sources():
        PythonOperator(task_id=f"sync_{source}", python_callable=lambda: sync(source, "full"))
`;
  const doc = await pythonDoc('/repo/dags/orders.py', text);
  const [dag] = analyzeAirflowDags(doc);
  const steps = Object.fromEntries(dag.pipeline.steps.map((s) => [s.name, s]));
  assert.deepEqual(dag.pipeline.steps.map((s) => s.name), ['start', 'extract_emea', 'extract_amer', 'load_emea', 'load_amer', 'sync_{source}']);
  assert.equal(dag.tasks.length, 4, 'one task per operator call: per-file rules see each call once');
  assert.deepEqual(steps.extract_amer.upstream, ['start']);
  assert.deepEqual(steps.load_emea.upstream, ['extract_emea']);
  assert.deepEqual(steps.load_amer.upstream, ['extract_amer']);
  assert.equal(steps.extract_emea.callable, 'fetch_orders');
  assert.deepEqual(args(steps.extract_amer), { positional: [], keywords: { region: 'amer', day: '{{ ds }}' } });
  assert.equal(steps.load_emea.callable, 'load_orders', 'functools.partial runs its first argument');
  assert.deepEqual(args(steps.load_emea), { positional: ['emea'], keywords: { table: 'analytics.orders' } });
  assert.equal(steps['sync_{source}'].callable, 'sync', 'a lambda runs the function it calls');
  assert.deepEqual(args(steps['sync_{source}']), { positional: [null, 'full'], keywords: {} });
});

test('calls of imported functions in a DAG body are candidate steps, with data passing between them', async () => {
  const text = `import pendulum
from airflow.decorators import dag, task
from etl.tasks import extract, transform, load
from etl import helpers


@dag(schedule="@daily", start_date=pendulum.datetime(2024, 1, 1), catchup=False)
def orders():
    @task
    def audit(rows):
        return rows

    rows = load(transform(extract("orders")), table="mart.orders")
    audit(rows)
    helpers.notify.override(task_id="notify_team")()


orders()
`;
  const doc = await pythonDoc('/repo/dags/orders.py', text);
  const [dag] = analyzeAirflowDags(doc);
  assert.deepEqual(dag.pipeline.steps.map((s) => s.name), ['audit']);
  const candidates = Object.fromEntries(dag.pipeline.candidateSteps.map((s) => [s.name, s]));
  assert.deepEqual(Object.keys(candidates), ['load', 'transform', 'extract', 'notify_team']);
  assert.equal(candidates.notify_team.callable, 'helpers.notify');
  assert.deepEqual(candidates.transform.upstream, ['extract']);
  assert.deepEqual(candidates.load.upstream, ['transform']);
  assert.deepEqual(args(candidates.extract), { positional: ['orders'], keywords: {} });
  assert.deepEqual(args(candidates.load), { positional: [null], keywords: { table: 'mart.orders' } });
  assert.deepEqual(dag.pipeline.steps[0].upstream, ['load'], 'a local task after an imported one');
});

test('Prefect flows: local tasks are steps, imported ones candidates, in the order they run; retries, names, schedule', async () => {
  const text = `from prefect import flow, task

from etl.tasks import extract, load

REGIONS = ["emea", "amer"]


@task(retries=2, name="clean-orders")
def clean(path):
    return path


@flow(name="orders-nightly", retries=1)
def orders_flow(day: str):
    raw = extract(day)
    cleaned = clean(raw)
    load(cleaned, table="mart.orders")
    for region in REGIONS:
        load.submit(region, table="mart.regions")


if __name__ == "__main__":
    orders_flow.serve(name="nightly", cron="0 3 * * *")
`;
  const doc = await pythonDoc('/repo/flows/orders.py', text);
  const [flow] = parsePrefectFlows(doc);
  assert.equal(flow.kind, 'prefect');
  assert.equal(flow.name, 'orders-nightly');
  assert.equal(flow.defaultRetries, 1);
  assert.deepEqual({ value: flow.schedule?.value, kind: flow.schedule?.kind }, { value: '0 3 * * *', kind: 'cron' });
  assert.deepEqual(flow.steps.map((s) => [s.name, s.callable, s.retries, s.upstream]), [['clean-orders', 'clean', 2, ['extract']]]);
  assert.deepEqual(flow.candidateSteps.map((s) => [s.name, s.upstream]), [
    ['extract', []],
    ['load', ['clean-orders']],
    ['load[emea]', ['load']],
    ['load[amer]', ['load']],
  ]);
  assert.deepEqual(args(flow.candidateSteps[2]), { positional: ['emea'], keywords: { table: 'mart.regions' } });
  assert.deepEqual(args(flow.candidateSteps[0]), { positional: [null], keywords: {} }, 'the flow parameter is passed but not known');
});

test('dependency facts survive incremental re-parses (chunk offsets shift)', async () => {
  await sharedEngine();
  const source = new PythonSource();
  try {
    const before = 'a = 1\nextract >> [transform, audit] >> load\n';
    const first = source.update(before).dependencies[0];
    assert.deepEqual(first.groups.map((g) => g.map((o) => o.text)), [['extract'], ['transform', 'audit'], ['load']]);
    assert.deepEqual(first.operators, ['>>', '>>']);
    const after = 'a = 12345\nextract >> [transform, audit] >> load\n';
    const shifted = source.update(after).dependencies[0];
    for (const group of shifted.groups) for (const o of group) assert.equal(after.slice(o.start, o.end), o.text);
    assert.equal(after.slice(shifted.start, shifted.end), 'extract >> [transform, audit] >> load');
  } finally {
    source.dispose();
  }
});

// ---- schedules ----

const NOW = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));

test('valid cron: description and the next three runs from a fixed now (UTC)', () => {
  const result = validateSchedule('0 2 * * *', NOW);
  assert.ok(result.ok);
  assert.equal(result.description, 'At 02:00');
  assert.deepEqual(result.next.map((d) => d.toISOString()), ['2026-01-01T02:00:00.000Z', '2026-01-02T02:00:00.000Z', '2026-01-03T02:00:00.000Z']);
  const weekdays = validateSchedule('*/15 9-17 * * MON-FRI', NOW);
  assert.ok(weekdays.ok);
  assert.match(weekdays.description, /Monday through Friday/);
  assert.equal(weekdays.next[0].toISOString(), '2026-01-01T09:00:00.000Z');
});

test('presets, none and durations', () => {
  const daily = validateSchedule('@daily', NOW);
  assert.ok(daily.ok);
  assert.equal(daily.next[0].toISOString(), '2026-01-02T00:00:00.000Z');
  for (const value of [null, undefined, 'None', 'null', '']) {
    const r = validateSchedule(value as string | null, NOW);
    assert.ok(r.ok && r.next.length === 0 && r.kind === 'none', String(value));
  }
  const once = validateSchedule('@once', NOW);
  assert.ok(once.ok && once.next.length === 0);
  assert.ok(validateSchedule('timedelta(hours=6)', NOW).ok);
  assert.ok(validateSchedule('{{ var.value.schedule }}', NOW).ok);
});

test('invalid cron names the bad field', () => {
  const cases: Array<[string, RegExp]> = [
    ['0 25 * * *', /^hour 25 is out of range 0-23$/],
    ['61 * * * *', /minute 61 is out of range 0-59/],
    ['0 0 32 * *', /day-of-month 32 is out of range 1-31/],
    ['0 0 * 13 *', /month 13 is out of range 1-12/],
    ['0 0 * * 8', /day-of-week 8 is out of range 0-7/],
    ['0 0 30 2 *', /never occurs/],
    ['0 2 * *', /5 fields/],
    ['@dialy', /not a known schedule preset/],
    ['hourly', /write @hourly/],
    ['0 17-9 * * *', /runs backwards/],
    ['0 9 * * FOO', /not a number or a name/],
  ];
  for (const [value, reason] of cases) {
    const result = validateSchedule(value, NOW);
    assert.ok(!result.ok, value);
    assert.match(result.reason, reason, value);
  }
});
