// The workspace model in the CLI: `pipewise review`/`check` run the cross-file rules over the
// folder, per-file rules see the pipeline config (PW103 and step retries), and the review shows
// the pipeline graph (Mermaid in Markdown, data in JSON, lines in text).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO, ensureBuilt, makeProject, parseJson, removeProject, runCli } from './helpers';

const EXAMPLE = path.join(REPO, 'examples');

describe('workspace rules in the CLI', () => {
  before(() => ensureBuilt());

  test('review examples/sales_etl lists the cross-file findings and the pipeline graph', () => {
    const { status, stdout, stderr } = runCli(['review', 'sales_etl', '--format', 'markdown'], EXAMPLE);
    assert.equal(status, 0, stderr);
    for (const heading of [
      /^### PW105 No data validation between stages — transform\.py:5$/m,
      /^### PW105 No data validation between stages — load\.py:6$/m,
      /^### PW205 Intermediate files not cleaned up — extract\.py:8$/m,
      /^### PW205 Intermediate files not cleaned up — transform\.py:14$/m,
      /^### PW301 No schema versioning — pipeline\.yaml:3$/m,
      /^### PW302 Missing documentation — pipeline\.yaml:3$/m,
      /^### PW303 No tests — pipeline\.yaml:3$/m,
    ]) assert.match(stdout, heading);
    // The per-file rules are still there.
    assert.match(stdout, /^### PW101 Hardcoded credential — extract\.py:6$/m);
    // The backfill notebook joins the review, its findings named by cell.
    assert.match(stdout, /^### PW101 Hardcoded credential — notebooks\/backfill_orders\.ipynb:cell 3:1$/m);
    assert.match(stdout, /^### PW201 .* — notebooks\/backfill_orders\.ipynb:cell 6:1$/m);
    assert.match(stdout, /^### PW203 .* — notebooks\/backfill_orders\.ipynb:cell 6:2$/m);
    assert.match(stdout, /^### PW201 /m);
    const graph = /## Pipeline graph\n\n```mermaid\n([\s\S]*?)\n```/.exec(stdout);
    assert.ok(graph, 'a mermaid block under "## Pipeline graph"');
    const mermaid = graph[1];
    assert.match(mermaid, /^flowchart LR$/m);
    assert.match(mermaid, /schedule: 0 2 \* \* \*/);
    const id = (pattern: RegExp) => pattern.exec(mermaid)?.[1];
    const extract = id(/(\w+)\["extract<br\/>extract\.py"\]/);
    const transform = id(/(\w+)\["transform<br\/>transform\.py"\]/);
    const load = id(/(\w+)\["load<br\/>load\.py"\]/);
    const csv = id(/(\w+)\[\/"\/tmp\/sales_extract\.csv"\/\]/);
    const parquet = id(/(\w+)\[\/"\/tmp\/sales_transformed\.parquet"\/\]/);
    const table = id(/(\w+)\[\("project\.dataset\.sales_fact"\)\]/);
    assert.ok(extract && transform && load && csv && parquet && table, mermaid);
    for (const edge of [`${extract} --> ${csv}`, `${csv} --> ${transform}`, `${transform} --> ${parquet}`, `${parquet} --> ${load}`, `${load} --> ${table}`, `${extract} -.-> ${transform}`, `${transform} -.-> ${load}`]) {
      assert.ok(mermaid.includes(edge), `missing edge ${edge}`);
    }
  });

  test('the starts a project declares only in a module the CLI reads first: a Cloud Function, a Databricks job script, a Beam pipeline', () => {
    const printingHelper = (io: string) => `import pandas as pd


def export(frame, path):
    ${io}
    print(f"wrote {len(frame)} rows to {path}")
`;
    const project = makeProject({
      'functions/main.py': 'from report import export\n\n\ndef report_handler(req):\n    export(FRAME, "/tmp/report.parquet")\n    return "ok"\n',
      'functions/report.py': printingHelper('frame.to_parquet(path)'),
      'jobs/bronze.py': 'from writer import export\n\nsource = dbutils.widgets.get("source")\nprint(f"reading {source}")\nexport(spark.read.csv(source).toPandas(), "/Volumes/bronze/orders")\n',
      'jobs/writer.py': printingHelper('frame.to_parquet(path)'),
      'beam/pipeline.py': 'import apache_beam as beam\n\nfrom steps import enrich\n\n\ndef run(options):\n    with beam.Pipeline(options=options) as p:\n        p | beam.Create(IDS) | beam.Map(enrich)\n',
      'beam/steps.py': 'import logging\n\nimport requests\n\nlogger = logging.getLogger(__name__)\n\n\ndef enrich(sample_id):\n    return requests.get(f"https://api.example.org/samples/{sample_id}", timeout=30).json()\n',
    });
    try {
      const findings = parseJson<Array<{ rule: string; file: string; line: number }>>(runCli(['check', '--format', 'json', '--no-cache', '--select', 'PW103,PW204'], project).stdout);
      assert.deepEqual(findings.map((f) => `${f.rule} ${f.file}:${f.line}`), []);
    } finally {
      removeProject(project);
    }
  });

  test('review --format json carries the graph as data; text prints the step order', () => {
    const json = parseJson<{ findings: Array<{ rule: string }>; graph: { pipelines: Array<{ name: string; schedule: string; steps: Array<{ name: string; script: string; reads: string[]; writes: string[] }>; artifacts: Array<{ id: string; name: string; kind: string }> }> } }>(
      runCli(['review', 'sales_etl', '--format', 'json'], EXAMPLE).stdout,
    );
    const rules = new Set(json.findings.map((f) => f.rule));
    for (const rule of ['PW105', 'PW205', 'PW301', 'PW302', 'PW303']) assert.ok(rules.has(rule), rule);
    const [pipeline] = json.graph.pipelines;
    assert.equal(pipeline.name, 'sales_etl');
    assert.equal(pipeline.schedule, '0 2 * * *');
    assert.deepEqual(pipeline.steps.map((s) => [s.name, s.script]), [['extract', 'extract.py'], ['transform', 'transform.py'], ['load', 'load.py']]);
    const name = (id: string) => pipeline.artifacts.find((a) => a.id === id)?.name;
    assert.deepEqual(pipeline.steps[1].reads.map(name), ['/tmp/sales_extract.csv']);
    assert.deepEqual(pipeline.steps[1].writes.map(name), ['/tmp/sales_transformed.parquet']);

    const text = runCli(['review', 'sales_etl'], EXAMPLE).stdout;
    assert.match(text, /^Pipeline graph\n {2}sales_etl \(pipeline\.yaml\), schedule 0 2 \* \* \*: extract → transform → load$/m);
    assert.match(text, /^ {4}transform \(transform\.py\): reads \/tmp\/sales_extract\.csv; writes \/tmp\/sales_transformed\.parquet$/m);
  });

  test('review examples/orders_airflow: each step runs a function of the task package, retried by default_args', () => {
    const json = parseJson<{ findings: Array<{ rule: string; file: string; line: number }>; graph: { pipelines: Array<{ name: string; config: string; steps: Array<{ id: string; name: string; callable: string; module: string | null; function: string | null; reads: string[]; writes: string[] }>; artifacts: Array<{ id: string; name: string }>; edges: Array<{ from: string; to: string; kind: string }> }> } }>(
      runCli(['review', 'orders_airflow', '--format', 'json'], EXAMPLE).stdout,
    );
    const [pipeline] = json.graph.pipelines;
    assert.equal(pipeline.config, 'dags/orders_daily.py');
    const code = (name: string) => pipeline.steps.find((s) => s.name === name);
    for (const region of ['emea', 'amer', 'apac']) {
      assert.deepEqual([code(`extract_${region}`)?.module, code(`extract_${region}`)?.function], ['orders_pipeline/api.py', 'fetch_orders']);
      assert.deepEqual([code(`clean_${region}`)?.module, code(`clean_${region}`)?.function], ['orders_pipeline/transform.py', 'keep_complete_orders']);
      // functools.partial(load_orders, table=…): the function, and the table the partial binds.
      assert.deepEqual([code(`load_${region}`)?.module, code(`load_${region}`)?.function], ['orders_pipeline/warehouse.py', 'load_orders']);
    }
    const name = (id: string) => pipeline.artifacts.find((a) => a.id === id)?.name;
    assert.deepEqual(code('extract_emea')!.writes.map(name), ['/data/staging/{{ ds }}/orders_emea.json']);
    assert.deepEqual(code('clean_amer')!.reads.map(name), ['/data/staging/{{ ds }}/orders_amer.json']);
    assert.deepEqual(code('load_apac')!.writes.map(name), ['analytics.orders']);
    // Each region is its own branch: extract_emea runs before clean_emea, not before clean_amer.
    const runsBefore = (a: string, b: string) => pipeline.edges.some((e) => e.kind === 'runs-before' && e.from === code(a)!.id && e.to === code(b)!.id);
    assert.ok(runsBefore('extract_emea', 'clean_emea') && runsBefore('clean_emea', 'load_emea'));
    assert.ok(!runsBefore('extract_emea', 'clean_amer'));

    const got = json.findings.map((f) => `${f.rule} ${f.file}:${f.line}`);
    assert.ok(!got.some((f) => f.startsWith('PW103 ')), `default_args retries every task:\n${got.join('\n')}`);
    for (const finding of ['PW105 orders_pipeline/transform.py:15', 'PW105 orders_pipeline/warehouse.py:17', 'PW301 dags/orders_daily.py:21']) assert.ok(got.includes(finding), `${finding}\n${got.join('\n')}`);
    assert.ok(!got.some((f) => f.startsWith('PW302 ')), 'the README one level above dags/ documents the DAG');

    const text = runCli(['review', 'orders_airflow'], EXAMPLE).stdout;
    assert.match(text, /: extract_emea, extract_amer, extract_apac → clean_emea, clean_amer, clean_apac → load_emea, load_amer, load_apac$/m);
    assert.match(text, /^ {4}load_emea \(orders_pipeline\/warehouse\.py:load_orders\): reads \/data\/staging\/\{\{ ds \}\}\/orders_emea\.parquet; writes analytics\.orders$/m);
  });

  test('checklist examples/orders_airflow: retries from the DAG, tests of the package, validation failing on the imported stages', () => {
    const result = runCli(['checklist', 'orders_airflow', '--format', 'json'], EXAMPLE);
    assert.equal(result.status, 0, result.stderr);
    const items = Object.fromEntries(parseJson<{ items: Array<{ id: string; status: string; evidence: Array<{ path: string }> }> }>(result.stdout).items.map((i) => [i.id, i]));
    assert.equal(items.retries.status, 'pass');
    assert.equal(items.tests.status, 'pass', 'tests/test_transform.py imports transform from its package');
    assert.equal(items.documentation.status, 'pass');
    assert.equal(items.validation.status, 'fail');
    assert.deepEqual(items.validation.evidence.map((e) => e.path).sort(), ['orders_pipeline/transform.py', 'orders_pipeline/warehouse.py']);
  });

  describe('check', () => {
    let dir: string;
    const stage = (body: string) => `import pandas as pd\n\n\ndef run():\n    ${body.split('\n').join('\n    ')}\n`;
    before(() => {
      dir = makeProject({
        'etl/pipeline.yaml': 'name: etl\ndefaults:\n  retries: 3\nsteps:\n  - name: produce\n    script: produce.py\n  - name: consume\n    script: consume.py\n',
        'etl/README.md': '# etl\n',
        'etl/produce.py': '"""Produce."""\nimport pandas as pd\nimport requests\n\n\ndef run():\n    """Fetch orders."""\n    orders = pd.DataFrame(requests.get("https://api.example.com/orders", timeout=30).json())\n    orders.to_csv("/tmp/orders.csv", index=False)\n',
        'etl/consume.py': stage('orders = pd.read_csv("/tmp/orders.csv")\norders.to_parquet("/data/orders.parquet")'),
        'tests/test_consume.py': 'from etl import consume\n',
      });
    });
    after(() => removeProject(dir));

    test('merges workspace findings with per-file ones; PW103 sees the step retries', () => {
      const { stdout, stderr } = runCli(['check', '--format', 'json'], dir);
      const findings = parseJson<Array<{ rule: string; file: string; line: number }>>(stdout);
      const got = findings.map((f) => `${f.rule} ${f.file}:${f.line}`);
      assert.ok(got.includes('PW105 etl/consume.py:5'), `${got.join('\n')}\n${stderr}`);
      assert.ok(got.includes('PW205 etl/produce.py:9'), got.join('\n'));
      assert.ok(!got.some((f) => f.startsWith('PW103 ')), 'the pipeline retries the step');
    });

    test('PW103 on a folder: functions a DAG in another module runs with retries are not reported, the others are', () => {
      const project = makeProject({
        'etl/__init__.py': '',
        'etl/tasks.py': 'import requests\n\n\ndef fetch_orders(day):\n    return requests.get("https://shop.example.com/orders", params={"day": day}, timeout=30).json()\n\n\ndef fetch_refunds(day):\n    return requests.get("https://shop.example.com/refunds", params={"day": day}, timeout=30).json()\n',
        'dags/orders.py': 'from datetime import datetime, timedelta\n\nfrom airflow import DAG\nfrom airflow.operators.python import PythonOperator\nfrom etl.tasks import fetch_orders\n\nwith DAG("orders", start_date=datetime(2024, 1, 1), schedule="@daily", default_args={"retries": 3, "retry_delay": timedelta(minutes=5)}) as dag:\n    PythonOperator(task_id="fetch", python_callable=fetch_orders)\n',
      });
      try {
        const findings = parseJson<Array<{ rule: string; file: string; line: number; message: string }>>(runCli(['check', '--format', 'json', '--select', 'PW103'], project).stdout);
        assert.deepEqual(findings.filter((f) => f.rule === 'PW103').map((f) => `${f.file}:${f.line}`), ['etl/tasks.py:9']);
        // Checking the module alone, the DAG that retries it is not in view: both are reported.
        const alone = parseJson<Array<{ rule: string; file: string; line: number }>>(runCli(['check', '--format', 'json', '--select', 'PW103', 'etl/tasks.py'], project).stdout);
        assert.deepEqual(alone.map((f) => `${f.file}:${f.line}`), ['etl/tasks.py:5', 'etl/tasks.py:9']);
      } finally {
        removeProject(project);
      }
    });

    test('checking one file runs the workspace rules on what was given only', () => {
      const findings = parseJson<Array<{ rule: string }>>(runCli(['check', '--format', 'json', 'etl/consume.py'], dir).stdout);
      assert.ok(!findings.some((f) => f.rule === 'PW105'));
    });

    test('suppression comments apply to workspace findings', () => {
      const project = makeProject({
        'etl/pipeline.yaml': 'name: etl\nsteps:\n  - name: produce\n    script: produce.py\n  - name: consume\n    script: consume.py\n',
        'etl/produce.py': stage('orders = pd.read_json("https://x")\norders.to_csv("/data/orders.csv")'),
        'etl/consume.py': stage('orders = pd.read_csv("/data/orders.csv")  # pipewise: ignore[PW105]\norders.to_parquet("/data/out.parquet")'),
      });
      try {
        const findings = parseJson<Array<{ rule: string }>>(runCli(['check', '--format', 'json'], project).stdout);
        assert.ok(!findings.some((f) => f.rule === 'PW105'));
      } finally {
        removeProject(project);
      }
    });
  });
});
