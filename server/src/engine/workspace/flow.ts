// Data flow through pipelines: each step's stage (the script, or the callable inside it), in run
// order, with the artifacts it reads and writes. Shared by the cross-file rules and the graph.

import path from 'node:path';
import type { ExtendedStageFacts, StageArtifactRef } from './stage';
import type { PipelineFact, StageFacts, StepFact, WorkspaceView } from './types';

export interface StageUnit {
  /** The pipeline and step that run it; null for scripts grouped by folder (no pipeline config runs them). */
  pipeline: PipelineFact | null;
  step: StepFact | null;
  /** Position in run order (0-based). */
  order: number;
  path: string;
  stage: ExtendedStageFacts;
  /** The callable the step runs inside the script, when the stage is one function of it. */
  fn: string | null;
  reads: StageArtifactRef[];
  writes: StageArtifactRef[];
}

export interface StageFlow {
  pipeline: PipelineFact | null;
  units: StageUnit[];
  /** Whether `a` certainly runs before `b` (declaration order, or an upstream chain when steps declare dependencies). */
  before(a: StageUnit, b: StageUnit): boolean;
}

/** Stage facts with the extended fields (null for facts from another producer or non-stage files). */
export function extendedStage(view: WorkspaceView, file: string): ExtendedStageFacts | null {
  const stage: StageFacts | undefined = view.stage(file);
  return stage && 'functions' in stage && 'anchors' in stage ? (stage as ExtendedStageFacts) : null;
}

/** Whether a step runs (transitively) upstream of another; see `runOrder`. */
export interface Upstream {
  has(step: number): boolean;
}

/** Up to this many steps, each step's upstream set is computed up front as a bit set (n²/8 bytes). */
const EAGER_UPSTREAM_STEPS = 2048;

/**
 * Step indexes in run order: a topological order of `upstream`, ties in declaration order, and
 * each step's transitive upstream. Iterative, and never quadratic in memory: a pipeline of 10,000
 * listed steps (each after the one before) is a chain 10,000 deep.
 */
export function runOrder(steps: readonly StepFact[]): { order: number[]; ancestors: Upstream[] | null } {
  const byName = new Map<string, number>();
  steps.forEach((s, i) => {
    if (!byName.has(s.name)) byName.set(s.name, i);
  });
  const explicit = steps.some((s) => s.upstream.length > 0);
  if (!explicit) return { order: steps.map((_, i) => i), ancestors: null };
  const parents = steps.map((s) => s.upstream.map((u) => byName.get(u)).filter((i): i is number => i !== undefined));
  const order: number[] = [];
  const state = new Uint8Array(steps.length);
  for (let root = 0; root < steps.length; root++) {
    if (state[root] !== 0) continue;
    // Depth-first post-order with an explicit stack of [step, next parent to visit].
    const stack: Array<[number, number]> = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [step, next] = top;
      if (next < parents[step].length) {
        top[1]++;
        const parent = parents[step][next];
        if (state[parent] === 0) {
          state[parent] = 1;
          stack.push([parent, 0]);
        }
        continue;
      }
      stack.pop();
      state[step] = 2;
      order.push(step);
    }
  }
  return { order, ancestors: steps.length <= EAGER_UPSTREAM_STEPS ? eagerUpstream(order, parents) : lazyUpstream(parents) };
}

function eagerUpstream(order: readonly number[], parents: readonly number[][]): Upstream[] {
  const words = Math.ceil(parents.length / 32);
  const bits = parents.map(() => new Uint32Array(words));
  for (const i of order) {
    for (const p of parents[i]) {
      if (p === i) continue;
      bits[i][p >>> 5] |= 1 << (p & 31);
      for (let w = 0; w < words; w++) bits[i][w] |= bits[p][w];
    }
  }
  return bits.map((set) => ({ has: (step: number) => step >= 0 && step < parents.length && (set[step >>> 5] & (1 << (step & 31))) !== 0 }));
}

/** For very long pipelines: each question walks the upstream graph (linear), nothing is stored. */
function lazyUpstream(parents: readonly number[][]): Upstream[] {
  return parents.map((_, from) => ({
    has(step: number): boolean {
      if (step === from) return false;
      const seen = new Uint8Array(parents.length);
      const stack = [from];
      while (stack.length > 0) {
        for (const p of parents[stack.pop()!]) {
          if (p === step) return true;
          if (seen[p]) continue;
          seen[p] = 1;
          stack.push(p);
        }
      }
      return false;
    },
  }));
}

function unitRefs(stage: ExtendedStageFacts, fn: string | null): { reads: StageArtifactRef[]; writes: StageArtifactRef[] } {
  if (!fn || !stage.functions.some((f) => f.name === fn)) return { reads: stage.reads, writes: stage.writes };
  return { reads: stage.reads.filter((r) => r.fn === fn), writes: stage.writes.filter((w) => w.fn === fn) };
}

/** The flow of one pipeline: its steps whose script the workspace holds, in run order. */
export function pipelineFlow(view: WorkspaceView, pipeline: PipelineFact): StageFlow {
  const { order, ancestors } = runOrder(pipeline.steps);
  // A script run by several steps with no callable to tell them apart is not one stage: skip it.
  const scriptUses = new Map<string, number>();
  for (const step of pipeline.steps) if (step.scriptPath && !step.callable) scriptUses.set(step.scriptPath, (scriptUses.get(step.scriptPath) ?? 0) + 1);
  // Airflow tasks whose python_callable is defined in the DAG module itself run that module's function.
  const scriptOf = (step: StepFact) => step.scriptPath ?? (pipeline.kind === 'airflow' && step.callable ? pipeline.path : null);
  const units: StageUnit[] = [];
  const indexOfUnit = new Map<StageUnit, number>();
  order.forEach((stepIndex, position) => {
    const step = pipeline.steps[stepIndex];
    const file = scriptOf(step);
    if (!file || (scriptUses.get(file) ?? 0) > 1) return;
    const stage = extendedStage(view, file);
    if (!stage) return;
    // A DAG module's own function must exist to be a stage; otherwise the callable lives elsewhere.
    if (!step.scriptPath && !stage.functions.some((f) => f.name === step.callable)) return;
    const refs = unitRefs(stage, step.callable);
    const unit: StageUnit = { pipeline, step, order: position, path: file, stage, fn: step.callable && stage.functions.some((f) => f.name === step.callable) ? step.callable : null, ...refs };
    units.push(unit);
    indexOfUnit.set(unit, stepIndex);
  });
  return {
    pipeline,
    units,
    before(a, b) {
      if (a === b) return false;
      if (!ancestors) return a.order < b.order;
      return ancestors[indexOfUnit.get(b)!]?.has(indexOfUnit.get(a)!) ?? false;
    },
  };
}

/**
 * Scripts no pipeline runs, grouped by folder: a folder of stage scripts is an implicit pipeline
 * (run by cron or by hand). Order is unknown, so `before` is always false; test files are left out.
 */
export function implicitFlows(view: WorkspaceView, isTestFile: (file: string) => boolean): StageFlow[] {
  const run = new Set<string>();
  for (const p of view.pipelines()) {
    run.add(p.path);
    for (const s of p.steps) if (s.scriptPath) run.add(s.scriptPath);
  }
  const byFolder = new Map<string, StageUnit[]>();
  for (const file of view.files()) {
    if (run.has(file) || !file.endsWith('.py') || isTestFile(file)) continue;
    const stage = extendedStage(view, file);
    if (!stage || stage.importsAirflow || (stage.reads.length === 0 && stage.writes.length === 0)) continue;
    const folder = path.dirname(file);
    let units = byFolder.get(folder);
    if (!units) byFolder.set(folder, (units = []));
    units.push({ pipeline: null, step: null, order: units.length, path: file, stage, fn: null, reads: stage.reads, writes: stage.writes });
  }
  return [...byFolder.values()].filter((units) => units.length > 1).map((units) => ({ pipeline: null, units, before: () => false }));
}

/** Every flow of the workspace: pipelines first (config order), then implicit folder flows. */
export function allFlows(view: WorkspaceView, isTestFile: (file: string) => boolean): StageFlow[] {
  return [...view.pipelines().map((p) => pipelineFlow(view, p)), ...implicitFlows(view, isTestFile)];
}

/** Artifact names that hold state across runs (watermarks, checkpoints): read before they are written, by design. */
export const STATE_ARTIFACT = /watermark|checkpoint|state|cursor|bookmark|last_?run|high_?water|offsets?\b|manifest|lock/i;

/** A name for a stage in messages: the step name, else the script's file name. */
export function unitLabel(unit: StageUnit): string {
  return unit.step ? unit.step.name : path.basename(unit.path);
}
