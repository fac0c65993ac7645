// PW405 step-order-mismatch (cross-file): a pipeline step reads an artifact that no earlier step
// writes but a later step does (the steps are in the wrong order, or a dependency is missing), or
// that a later step writes again (a re-run of the reading step sees the later step's output).
// Files the stages read and write, and the `inputs:`/`outputs:` a config declares, are compared;
// state that is read before it is saved by design (watermarks, checkpoints) is not reported.

import path from 'node:path';
import type { Rule, WorkspaceRuleContext } from '../server/src/engine/types';
import { runOrder, STATE_ARTIFACT, type StageUnit, type UnitArtifactRef } from '../server/src/engine/workspace/flow';
import { normalizeFile, normalizeTable } from '../server/src/engine/workspace/stage';
import { differentStages, flowsOf } from './support/workspace-flows';

const ID = 'PW405';

function label(unit: StageUnit): string {
  return unit.step ? `step ${unit.step.name}` : path.basename(unit.path);
}

function normalizeDeclared(name: string): string {
  return /[/\\]|\.[a-z0-9]{2,8}$/i.test(name) ? normalizeFile(name) : normalizeTable(name);
}

function checkCode(ctx: WorkspaceRuleContext): void {
  for (const flow of flowsOf(ctx.workspace)) {
    if (!flow.pipeline || flow.units.length < 2) continue;
    const writers = new Map<string, Array<{ unit: StageUnit; ref: UnitArtifactRef }>>();
    for (const unit of flow.units) for (const ref of unit.writes) {
      if (ref.kind !== 'file') continue;
      const list = writers.get(ref.name);
      if (list) list.push({ unit, ref });
      else writers.set(ref.name, [{ unit, ref }]);
    }
    const reported = new Set<string>();
    for (const reader of flow.units) {
      for (const read of reader.reads) {
        if (read.kind !== 'file' || STATE_ARTIFACT.test(read.name)) continue;
        const all = (writers.get(read.name) ?? []).filter((w) => differentStages(w.unit, reader));
        if (all.length === 0 || reader.writes.some((w) => w.name === read.name)) continue;
        const later = all.filter((w) => flow.before(reader, w.unit));
        if (later.length === 0) continue;
        const earlier = all.filter((w) => flow.before(w.unit, reader));
        const key = `${read.path}:${read.start}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const writer = later[0];
        const message = earlier.length === 0
          ? `${label(reader)} reads ${read.name} before ${label(writer.unit)} writes it, so it gets the previous run's file or none; run ${writer.unit.step?.name ?? 'the writing step'} first or declare the dependency`
          : `${label(reader)} reads ${read.name}, which the later ${label(writer.unit)} overwrites, so re-running ${reader.step?.name ?? 'this step'} alone reads the wrong data; give each step its own output path`;
        ctx.report({
          path: read.path,
          start: read.start,
          end: read.end,
          message,
          related: [{ path: writer.ref.path, start: writer.ref.start, end: writer.ref.end, message: `${read.name} is written here, later in the pipeline` }],
          fingerprintText: `${read.via} ${read.name}`,
        });
      }
    }
  }
}

function checkDeclared(ctx: WorkspaceRuleContext): void {
  for (const pipeline of ctx.workspace.pipelines()) {
    const steps = pipeline.steps;
    if (steps.length < 2 || !steps.some((s) => s.declaredInputs.length > 0)) continue;
    const { order, ancestors } = runOrder(steps);
    const position = new Map<number, number>(order.map((stepIndex, i) => [stepIndex, i]));
    const before = (a: number, b: number) => (ancestors ? ancestors[b].has(a) : position.get(a)! < position.get(b)!);
    steps.forEach((step, i) => {
      for (const input of step.declaredInputs) {
        const name = normalizeDeclared(input);
        if (STATE_ARTIFACT.test(name) || step.declaredOutputs.some((o) => normalizeDeclared(o) === name)) continue;
        const writers = steps.map((_, j) => j).filter((j) => j !== i && steps[j].declaredOutputs.some((o) => normalizeDeclared(o) === name));
        const later = writers.filter((j) => before(i, j));
        if (later.length === 0 || writers.some((j) => before(j, i))) continue;
        const writer = steps[later[0]];
        ctx.report({
          path: pipeline.path,
          start: step.nameRange.start,
          end: step.nameRange.end,
          message: `step ${step.name} declares input ${input}, which only the later step ${writer.name} outputs; move ${writer.name} before ${step.name} or add it to depends_on`,
          related: [{ path: pipeline.path, start: writer.nameRange.start, end: writer.nameRange.end, message: `${writer.name} outputs ${input}` }],
          fingerprintText: `${step.name} ${input}`,
        });
      }
    });
  }
}

export const stepOrderMismatch: Rule = {
  meta: {
    id: ID,
    slug: 'step-order-mismatch',
    title: 'Step reads what a later step writes',
    priority: 'P1',
    dialects: ['yaml', 'python'],
    rationale: 'A step that reads an artifact before the step producing it has run processes yesterday\'s file, or none, and succeeds anyway: the pipeline is green while publishing stale data.',
    recommendation: 'Order the steps so every artifact is written before it is read (or declare the dependency), and give each step its own output path.',
    fixable: false,
  },
  checkWorkspace(ctx) {
    checkCode(ctx);
    checkDeclared(ctx);
  },
};
