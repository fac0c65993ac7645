// The cases of notebook-steps.cases.ts: a step that runs a notebook runs that file of the project
// in the pipeline graph (its reads and writes are the step's), and PW103 in the notebook sees the
// retries of the task that runs it.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ALL_RULES } from '../../rules';
import { lintEachFile, locate, removeWorkspace, scan, writeWorkspace } from './helpers';
import { NOTEBOOK_STEP_CASES } from './notebook-steps.cases';

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
});
