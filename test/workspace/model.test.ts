// The workspace model: stage facts extracted from Python scripts, incremental updates, the
// project view per-file rules get, the graph, scanning (gitignore, size and binary limits,
// progress, yielding) and suppression comments on workspace findings.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { lintWorkspace } from '../../server/src/engine/workspace/lint-workspace';
import { WorkspaceModel } from '../../server/src/engine/workspace/model';
import { scanWorkspace } from '../../server/src/engine/workspace/scan';
import { fillTemplate, readableTemplate } from '../../server/src/engine/workspace/artifact-template';
import type { ExtendedStageFacts } from '../../server/src/engine/workspace/stage';
import { ALL_RULES } from '../../rules';
import { sharedEngine } from '../helpers/rule-tester';
import { SALES_ETL } from './cases';
import { removeWorkspace, writeWorkspace } from './helpers';

async function stageOf(code: string, file = '/ws/etl/stage.py'): Promise<ExtendedStageFacts> {
  const engine = await sharedEngine();
  const model = new WorkspaceModel('/ws');
  model.updateDocument(engine.analyze(file, code)!);
  return model.stage(file)!;
}

const names = (refs: Array<{ kind: string; name: string; runScoped: boolean }>) => refs.map((r) => `${r.kind}:${r.name}${r.runScoped ? ' (run)' : ''}`);

describe('stage facts', () => {
  test('pandas readers and writers, open(), variables, constants and os.path.join', async () => {
    const stage = await stageOf(`import os
import pandas as pd

BASE = "/data"
OUT = os.path.join(BASE, "out", "orders.parquet")


def run():
    path = "/tmp/x.csv"
    df = pd.read_csv(path)
    extra = pd.read_parquet("./in/extra.parquet")
    df.to_parquet(OUT)
    with open("/tmp/report.json", "w") as handle:
        handle.write("{}")
    with open("/etc/app.cfg") as handle:
        handle.read()
`);
    assert.deepEqual(names(stage.reads), ['file:/tmp/x.csv', 'file:in/extra.parquet', 'file:/etc/app.cfg']);
    assert.deepEqual(names(stage.writes), ['file:/data/out/orders.parquet', 'file:/tmp/report.json']);
    assert.equal(stage.reads[0].bound, 'df');
    assert.equal(stage.reads[0].fn, 'run');
  });

  test('run-scoped paths: tempfile, f-string fields, templates, run ids, format()', async () => {
    const stage = await stageOf(`import os
import tempfile
import pandas as pd

workdir = tempfile.mkdtemp()


def run(run_id, ds):
    df = pd.read_csv(f"/tmp/{run_id}/orders.csv")
    df.to_csv(os.path.join(workdir, "a.csv"))
    df.to_csv("/tmp/{{ ds }}/b.csv")
    df.to_csv("/tmp/{}/c.csv".format(ds))
    df.to_csv("/tmp/fixed.csv")
`);
    assert.deepEqual(names(stage.reads), ['file:/tmp/{}/orders.csv (run)']);
    assert.deepEqual(names(stage.writes).map((n) => n.endsWith('(run)')), [true, true, true, false]);
  });

  test('tables: SQL reads and writes, to_sql(schema=), BigQuery loads via a table_id variable, write_pandas, Spark', async () => {
    const stage = await stageOf(`import pandas as pd
from google.cloud import bigquery
from snowflake.connector.pandas_tools import write_pandas
from sqlalchemy import text


def run(conn, engine, spark):
    df = pd.read_sql("SELECT o.id FROM raw.orders o JOIN raw.customers c ON c.id = o.cid", conn)
    conn.execute(text("INSERT INTO mart.orders SELECT * FROM staging.orders"))
    df.to_sql("orders", engine, schema="Staging")
    client = bigquery.Client()
    table_id = "proj.ds.sales_fact"
    client.load_table_from_dataframe(df, table_id)
    write_pandas(conn, df, "ORDERS_RAW")
    spark.table("lake.events").write.saveAsTable("lake.events_clean")
`);
    assert.deepEqual(names(stage.reads), ['table:raw.orders', 'table:raw.customers', 'table:staging.orders', 'table:lake.events']);
    assert.deepEqual(names(stage.writes), ['table:mart.orders', 'table:staging.orders', 'table:proj.ds.sales_fact', 'table:orders_raw', 'table:lake.events_clean']);
  });

  test('validations, removes, schema declarations, docstrings and imports', async () => {
    const stage = await stageOf(`"""Stage."""
import os
import shutil
from pathlib import Path
import pandas as pd
import pandera as pa
from etl import helpers


def run(df):
    assert len(df) > 0
    if df.empty:
        raise ValueError("empty")
    if not ready:
        raise RuntimeError("not a data check")
    validate_orders(df)
    OrderSchema.validate(df)
    df.to_sql("orders", engine, dtype={"id": "int"})
    df.to_csv("/tmp/plain.csv")
    os.remove("/tmp/a.csv")
    Path("/tmp/b.csv").unlink()
    shutil.rmtree("/tmp/run")


def helper():
    return 1
`);
    assert.deepEqual(stage.validations.map((v) => v.kind), ['assert', 'raise', 'call', 'schema']);
    assert.deepEqual(stage.removes.sort(), ['/tmp/a.csv', '/tmp/b.csv', '/tmp/run/']);
    assert.ok(stage.schemaDeclaredFor.includes('orders'));
    assert.ok(stage.schemaDeclaredFor.includes('/tmp/plain.csv'), 'a pandera validation earlier in the function declares the schema');
    assert.equal(stage.hasModuleDocstring, true);
    assert.deepEqual(stage.undocumentedFunctions.map((f) => f.name), ['run', 'helper']);
    assert.ok(stage.importedModules.includes('etl.helpers'));
  });
  test('names built from parameters are templates, filled when a step passes them; environment defaults; split table names', async () => {
    const stage = await stageOf(`import os
import pandas as pd

STAGING_DIR = os.environ.get("ORDERS_STAGING_DIR", "/data/staging")


class Loader:
    def load(self, table):
        pd.read_csv("/data/in.csv").to_sql(table, ENGINE)


def fetch(region: str, day: str) -> str:
    path = os.path.join(STAGING_DIR, day, f"orders_{region}.json")
    pd.read_json("https://api.example.com/orders").to_json(path)
    pd.read_csv(os.path.join(STAGING_DIR, "regions.csv"))


def load(region, day, table):
    orders = pd.read_parquet(os.path.join(STAGING_DIR, day, f"orders_{region}.parquet"))
    schema, name = table.split(".")
    orders.to_sql(name, ENGINE, schema=schema, if_exists="append")
`);
    const shown = (refs: ExtendedStageFacts['reads']) => refs.map((r) => `${r.scope}: ${r.template ? readableTemplate(r.template, stage.parameters[r.scope]) : r.name}`);
    assert.deepEqual(names(stage.reads), ['file:/data/in.csv', 'file:/data/staging/regions.csv'], 'the environment default is the path every stage shares');
    assert.deepEqual(names(stage.writes), []);
    assert.deepEqual(shown(stage.templated.writes), ['Loader.load: {table}', 'fetch: /data/staging/{day}/orders_{region}.json', 'load: {table}']);
    assert.deepEqual(shown(stage.templated.reads), ['load: /data/staging/{day}/orders_{region}.parquet']);
    assert.deepEqual(stage.parameters.fetch, ['region', 'day']);
    assert.deepEqual(stage.parameters['Loader.load'], ['self', 'table']);
    const [write] = stage.templated.writes.filter((w) => w.scope === 'fetch');
    assert.deepEqual(fillTemplate(write.template!, (i) => ['emea', '{{ ds }}'][i]), { name: '/data/staging/{{ ds }}/orders_emea.json', unknown: false });
    assert.equal(fillTemplate(write.template!, (i) => ['emea'][i]), null, 'a parameter the step does not pass leaves the name unknown');
    assert.deepEqual(fillTemplate(write.template!, (i) => ['emea', null][i]), { name: '/data/staging/{}/orders_emea.json', unknown: true });
    assert.equal(stage.schemaDeclaredFor.length, 0, 'to_sql(schema=) names the database schema, not the columns');
  });

  test('validations and references know the function or method holding them', async () => {
    const stage = await stageOf(`import pandas as pd


class Job:
    def run(self):
        df = pd.read_csv("/data/a.csv")
        assert not df.empty
        df.to_csv("/data/b.csv")


pd.read_csv("/data/c.csv")
`);
    assert.deepEqual(stage.reads.map((r) => r.scope), ['Job.run', '<module>']);
    assert.deepEqual(stage.validations.map((v) => v.scope), ['Job.run']);
  });
});

describe('WorkspaceModel', () => {
  test('updates one file at a time; caches derived data until the next change', async () => {
    const engine = await sharedEngine();
    const model = new WorkspaceModel('/ws');
    model.setFiles(['/ws/etl/pipeline.yaml', '/ws/etl/extract.py', '/ws/README.md']);
    model.updateDocument(engine.analyze('/ws/etl/pipeline.yaml', 'name: etl\ndefaults:\n  retries: 2\nsteps:\n  - name: extract\n    script: extract.py\n  - name: load\n    script: load.py\n    retries: 5\n')!);
    const pipelines = model.pipelines();
    assert.equal(pipelines.length, 1);
    assert.equal(model.pipelines(), pipelines, 'cached');
    assert.equal(model.retriesForScript('/ws/etl/extract.py'), 2);
    assert.equal(model.retriesForScript('/ws/etl/load.py'), 5);
    assert.equal(model.retriesForScript('/ws/etl/other.py'), null);
    assert.equal(model.projectView('/ws/etl').retriesForScript('extract.py'), 2, 'relative paths resolve against the base');
    assert.equal(model.fileExists('/ws/README.md'), true);
    const version = model.version;
    model.updateDocument(engine.analyze('/ws/etl/extract.py', 'import pandas as pd\n\n\ndef run():\n    pd.read_csv("/tmp/a.csv").to_csv("/tmp/b.csv")\n')!);
    assert.ok(model.version > version);
    assert.notEqual(model.pipelines(), pipelines, 'recomputed after a change');
    assert.equal(model.stage('/ws/etl/extract.py')!.writes[0].name, '/tmp/b.csv');
    model.removeFile('/ws/etl/pipeline.yaml');
    assert.equal(model.pipelines().length, 0);
    assert.equal(model.retriesForScript('/ws/etl/extract.py'), null);
  });

  test('graph: schedule, steps in order, artifacts between them', async () => {
    const dir = writeWorkspace(SALES_ETL);
    try {
      const model = await scanWorkspace(dir, await sharedEngine());
      const [pipeline] = model.graph().pipelines;
      assert.equal(pipeline.schedule, '0 3 * * *');
      assert.deepEqual(pipeline.steps.map((s) => s.name), ['extract', 'transform', 'load']);
      const artifact = (id: string) => pipeline.artifacts.find((a) => a.id === id)!.name;
      assert.deepEqual(pipeline.steps.map((s) => s.writes.map(artifact)), [['/tmp/sales_extract.csv'], ['/tmp/sales_transformed.parquet'], ['project.dataset.sales_fact']]);
      assert.deepEqual(pipeline.steps.map((s) => s.reads.map(artifact)), [['orders'], ['/tmp/sales_extract.csv'], ['/tmp/sales_transformed.parquet']]);
      assert.equal(pipeline.edges.filter((e) => e.kind === 'runs-before').length, 2);
    } finally {
      removeWorkspace(dir);
    }
  });
});

describe('scanWorkspace', () => {
  test('honours .gitignore, skips tool folders, binary and oversized files; reports progress and yields', async () => {
    const dir = writeWorkspace({
      ...SALES_ETL,
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'build/\n',
      'build/generated.py': 'import pandas as pd\npd.read_csv("/tmp/x.csv")\n',
      'node_modules/pkg/index.py': 'x = 1\n',
      'notebooks/.ipynb_checkpoints/load-checkpoint.py': 'x = 1\n',
      'notes.txt': 'hello\n',
    });
    try {
      writeFileSync(path.join(dir, 'blob.py'), Buffer.from([0x69, 0x00, 0x01]));
      writeFileSync(path.join(dir, 'huge.py'), `x = "${'a'.repeat(5 * 1024 * 1024)}"\n`);
      const progress: string[] = [];
      let asked = 0;
      const model = await scanWorkspace(dir, await sharedEngine(), { onProgress: (p) => progress.push(p.phase), shouldYield: () => ++asked % 2 === 0 });
      const rel = model.files().map((f) => path.relative(dir, f));
      assert.ok(rel.includes('notes.txt') && rel.includes('sales_etl/extract.py'));
      assert.ok(!rel.some((f) => f.startsWith('build/') || f.startsWith('node_modules/') || f.includes('.ipynb_checkpoints')));
      assert.equal(model.stage(path.join(dir, 'blob.py')), undefined);
      assert.equal(model.stage(path.join(dir, 'huge.py')), undefined);
      assert.ok(model.stage(path.join(dir, 'sales_etl/extract.py')));
      assert.equal(progress[0], 'listing');
      assert.ok(progress.includes('analysing'));
      assert.equal(progress[progress.length - 1], 'done');
      assert.ok(asked > 0);
    } finally {
      removeWorkspace(dir);
    }
  });
});

describe('lintWorkspace', () => {
  test('honours line and file suppression comments in the file a finding lands in', async () => {
    const suppressed = {
      ...SALES_ETL,
      'sales_etl/transform.py': SALES_ETL['sales_etl/transform.py'].replace('orders = pd.read_csv("/tmp/sales_extract.csv")', 'orders = pd.read_csv("/tmp/sales_extract.csv")  # pipewise: ignore[PW105]'),
      'sales_etl/pipeline.yaml': `# pipewise: ignore-file[PW302]\n${SALES_ETL['sales_etl/pipeline.yaml']}`,
    };
    const dir = writeWorkspace(suppressed);
    try {
      const model = await scanWorkspace(dir, await sharedEngine());
      const results = lintWorkspace(model, ALL_RULES, DEFAULT_CONFIG);
      const ids = (file: string) => (results.get(path.join(dir, file)) ?? []).map((f) => f.ruleId);
      assert.ok(!ids('sales_etl/transform.py').includes('PW105'));
      assert.ok(ids('sales_etl/load.py').includes('PW105'));
      assert.deepEqual(ids('sales_etl/pipeline.yaml'), ['PW301', 'PW303']);
    } finally {
      removeWorkspace(dir);
    }
  });
});
