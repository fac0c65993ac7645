// The cases of notebook-steps.cases.ts: a step that runs a notebook runs that file of the project
// in the pipeline graph (its reads and writes are the step's), and PW103 in the notebook sees the
// retries of the task that runs it.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ALL_RULES } from '../../rules';
import { lintEachFile, locate, removeWorkspace, scan, writeWorkspace } from './helpers';
import { databricksPy, NOTEBOOK_STEP_CASES } from './notebook-steps.cases';

describe('steps that run notebooks', () => {
  for (const c of NOTEBOOK_STEP_CASES) {
    test(c.name, async () => {
      const dir = writeWorkspace(c.files);
      try {
        const model = await scan(dir);
        const [pipeline] = model.graph().pipelines;
        assert.ok(pipeline, 'the DAG or job is a pipeline');
        const rel = (file: string) => path.relative(dir, file).split(path.sep).join('/');
        assert.deepEqual(pipeline.steps.map((s) => `${s.name} → ${s.module ? rel(s.module) : '?'}`), c.steps);
        const artifact = (id: string) => pipeline.artifacts.find((a) => a.id === id)!.name;
        for (const [step, names] of Object.entries(c.writes ?? {})) assert.deepEqual(pipeline.steps.find((s) => s.name === step)?.writes.map(artifact), names, `${step} writes`);
        const pw103 = ALL_RULES.find((r) => r.meta.id === 'PW103')!;
        const found = locate(model, await lintEachFile(model, pw103));
        assert.deepEqual(found.map((f) => `${f.file}:${f.line}`), c.pw103, found.map((f) => `${f.file}:${f.line} ${f.message}`).join('\n'));
      } finally {
        removeWorkspace(dir);
      }
    });
  }

  test('with no pipeline (a newer export: %run without `# MAGIC `): a notebook that %runs a helper is one stage with the helper’s I/O; the helper is no stage of its own', async () => {
    const dir = writeWorkspace({
      'jobs/extract.py': databricksPy('%run ./io', 'save(fetch_orders())'),
      'jobs/io.py': databricksPy('import pandas as pd\nimport requests', 'def fetch_orders():\n    return requests.get("https://shop.example.com/orders", timeout=30).json()', 'def save(rows):\n    pd.DataFrame(rows).to_csv("/tmp/orders.csv", index=False)'),
      'jobs/report.py': databricksPy('import pandas as pd', 'pd.read_csv("/tmp/orders.csv").describe()'),
    });
    try {
      const model = await scan(dir);
      const rel = (file: string) => path.relative(dir, file).split(path.sep).join('/');
      const units = model.flows().flatMap((flow) => flow.units.map((u) => `${rel(u.path)}: reads ${u.reads.map((r) => r.name).join(',')}; writes ${u.writes.map((r) => `${r.name} (${rel(r.path)})`).join(',')}`));
      assert.deepEqual(units.sort(), ['jobs/extract.py: reads ; writes /tmp/orders.csv (jobs/io.py)', 'jobs/report.py: reads /tmp/orders.csv; writes ']);
    } finally {
      removeWorkspace(dir);
    }
  });
});
