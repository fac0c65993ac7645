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

/** Step indexes in run order: a topological order of `upstream`, ties in declaration order. */
export function runOrder(steps: readonly StepFact[]): { order: number[]; ancestors: Array<Set<number>> | null } {
  const byName = new Map<string, number>();
  steps.forEach((s, i) => {
    if (!byName.has(s.name)) byName.set(s.name, i);
  });
  const explicit = steps.some((s) => s.upstream.length > 0);
  if (!explicit) return { order: steps.map((_, i) => i), ancestors: null };
  const parents = steps.map((s) => s.upstream.map((u) => byName.get(u)).filter((i): i is number => i !== undefined));
  const order: number[] = [];
  const state = new Array<number>(steps.length).fill(0);
  const visit = (i: number) => {
    if (state[i] !== 0) return;
    state[i] = 1;
    for (const p of parents[i]) visit(p);
    state[i] = 2;
    order.push(i);
  };
  for (let i = 0; i < steps.length; i++) visit(i);
  const ancestors: Array<Set<number>> = steps.map(() => new Set<number>());
  for (const i of order) for (const p of parents[i]) {
    if (p === i) continue;
    ancestors[i].add(p);
    for (const a of ancestors[p]) ancestors[i].add(a);
  }
  return { order, ancestors };
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
