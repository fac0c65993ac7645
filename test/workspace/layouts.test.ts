// The layouts of layouts.cases.ts: the pipeline graph links each step to the function it runs
// wherever the project defines it, and PW103 and the cross-file rules see that code.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { lintWorkspace } from '../../server/src/engine/workspace/lint-workspace';
import { ALL_RULES } from '../../rules';
import { lintEachFile, locate, removeWorkspace, scan, writeWorkspace } from './helpers';
import { LAYOUT_CASES, RULES } from './layouts.cases';

describe('project layouts: steps resolve to the functions they run', () => {
  for (const c of LAYOUT_CASES) {
    test(c.name, async () => {
      const dir = writeWorkspace(c.files);
      try {
        const model = await scan(dir);
        const [pipeline] = model.graph().pipelines;
        assert.ok(pipeline, 'the DAG or flow is a pipeline');
        const rel = (file: string) => path.relative(dir, file).split(path.sep).join('/');
        assert.deepEqual(pipeline.steps.map((s) => `${s.name} → ${s.module ? rel(s.module) : '?'}:${s.function ?? ''}`), c.steps);
        const artifact = (id: string) => pipeline.artifacts.find((a) => a.id === id)!.name;
        for (const [step, names] of Object.entries(c.writes ?? {})) assert.deepEqual(pipeline.steps.find((s) => s.name === step)?.writes.map(artifact), names, `${step} writes`);

        const pw103 = ALL_RULES.find((r) => r.meta.id === 'PW103')!;
        const found = [...locate(model, await lintEachFile(model, pw103)), ...locate(model, lintWorkspace(model, ALL_RULES, DEFAULT_CONFIG)).filter((f) => RULES.includes(f.rule))]
          .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
        assert.deepEqual(found.map((f) => `${f.rule} ${f.file}:${f.line}`), c.findings, found.map((f) => `${f.rule} ${f.file}:${f.line} ${f.message}`).join('\n'));
      } finally {
        removeWorkspace(dir);
      }
    });
  }
});
