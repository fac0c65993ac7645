// Data flow through pipelines: each step's stage (the script, or the callable inside it), in run
// order, with the artifacts it reads and writes. A step's reads and writes are those of all the
// code it runs: the function its callable stands for, wherever the project defines it, and what
// that calls within the project (step-code.ts), with names built from the function's parameters
// filled from what the step passes. Shared by the cross-file rules and the graph.

import path from 'node:path';
import { fillTemplate, readableTemplate, type ArgumentValue } from './artifact-template';
import type { CodeNode } from './code-refs';
import { isRunScopedText, type ExtendedStageFacts, type StageArtifactRef, type StageValidation } from './stage';
import type { StepArguments } from './step-arguments';
import type { StepCode } from './step-code';
import type { PipelineFact, StageFacts, StepFact, WorkspaceView } from './types';

/** A read or write of a unit's code, with the file it is in (a step's code may span files). */
export interface UnitArtifactRef extends StageArtifactRef {
  path: string;
  stage: ExtendedStageFacts;
  /** The name as the code writes it (`/data/staging/{day}/orders_{region}.json`), for messages about the code. */
  written: string;
}

export interface UnitValidation extends StageValidation {
  path: string;
}

export interface StageUnit {
  /** The pipeline and step that run it; null for scripts grouped by folder (no pipeline config runs them). */
  pipeline: PipelineFact | null;
  step: StepFact | null;
  /** Position in run order (0-based). */
  order: number;
  path: string;
  stage: ExtendedStageFacts;
  /** The function the step runs in `path` (`fetch_orders`, `Loader.run`), when the stage is not the whole script. */
  fn: string | null;
  reads: UnitArtifactRef[];
  writes: UnitArtifactRef[];
  /** Validations anywhere in the unit's code. */
  validations: UnitValidation[];
  /** What the unit's files remove (os.remove, unlink, rmtree). */
  removes: string[];
}

/** What the workspace model offers beyond the WorkspaceView contract: the code a step runs, across files. */
export interface StepCodeView extends WorkspaceView {
  stepCode?(pipeline: PipelineFact, step: StepFact): StepCode | null;
  /** The notebooks a notebook runs with `%run` (transitively): their code is part of it. */
  notebookRuns?(file: string): string[];
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

/** A step whose code the view cannot follow: its script, or a function of the DAG or flow file itself. */
function localCode(view: WorkspaceView, pipeline: PipelineFact, step: StepFact): StepCode | null {
  const file = step.scriptPath ?? (pipeline.kind !== 'yaml' && step.callable ? pipeline.path : null);
  const stage = file ? extendedStage(view, file) : null;
  if (!file || !stage) return null;
  const fn = step.callable && stage.functions.some((f) => f.name === step.callable) ? step.callable : null;
  // A DAG module's own function must exist to be a stage; otherwise the callable lives elsewhere.
  if (!step.scriptPath && !fn) return null;
  return { file, name: fn, nodes: [{ file, name: fn ?? '' }] };
}

/** The value a step passes for parameter `index` of `params`; undefined when it passes none. */
function passed(args: StepArguments, params: readonly string[], index: number): ArgumentValue | undefined {
  const offset = params[0] === 'self' || params[0] === 'cls' ? 1 : 0;
  if (index - offset >= 0 && index - offset < args.positional.length) return args.positional[index - offset];
  return Object.prototype.hasOwnProperty.call(args.keywords, params[index]) ? args.keywords[params[index]] : undefined;
}

interface UnitCode {
  reads: UnitArtifactRef[];
  writes: UnitArtifactRef[];
  validations: UnitValidation[];
  removes: string[];
}

/** What the code of a step reads, writes, validates and removes. */
function codeOfUnit(view: WorkspaceView, code: StepCode, step: StepFact, wholeScript: boolean): UnitCode | null {
  const out: UnitCode = { reads: [], writes: [], validations: [], removes: [] };
  const files = new Map<string, CodeNode[]>();
  for (const node of code.nodes) {
    const list = files.get(node.file);
    if (list) list.push(node);
    else files.set(node.file, [node]);
  }
  for (const [file, nodes] of files) {
    const stage = extendedStage(view, file);
    if (!stage) {
      if (file === code.file) return null;
      continue;
    }
    const whole = wholeScript && file === code.file;
    const scopes = new Set(nodes.map((n) => n.name));
    const runs = (scope: string) => whole || scopes.has(scope);
    const add = (list: UnitArtifactRef[], ref: StageArtifactRef, name = ref.name, runScoped = ref.runScoped) => {
      const written = ref.template ? readableTemplate(ref.template, stage.parameters[ref.scope] ?? []) : ref.name;
      list.push({ ...ref, name, runScoped, path: file, stage, written });
    };
    // Names built from the entry function's parameters: filled from what the step passes.
    const bind = (ref: StageArtifactRef): { name: string; unknown: boolean } | null => {
      if (!ref.template || file !== code.file || ref.scope !== code.name) return null;
      const params = stage.parameters[ref.scope] ?? [];
      const filled = fillTemplate(ref.template, (i) => passed(step.arguments, params, i));
      return filled && { name: ref.kind === 'table' ? filled.name.toLowerCase() : filled.name, unknown: filled.unknown };
    };
    for (const [known, templated, list] of [[stage.reads, stage.templated.reads, out.reads], [stage.writes, stage.templated.writes, out.writes]] as const) {
      for (const ref of known) {
        if (!runs(ref.scope)) continue;
        const bound = bind(ref);
        // Filled, the name is per run only if what the step passes (or the rest of it) makes it so.
        if (bound) add(list, ref, bound.name, bound.unknown || isRunScopedText(bound.name));
        else add(list, ref);
      }
      for (const ref of templated) {
        const bound = runs(ref.scope) ? bind(ref) : null;
        if (bound) add(list, ref, bound.name, bound.unknown || isRunScopedText(bound.name));
      }
    }
    for (const v of stage.validations) if (runs(v.scope)) out.validations.push({ ...v, path: file });
    out.removes.push(...stage.removes);
  }
  return out;
}

/** The flow of one pipeline: its steps whose code the workspace holds, in run order. */
export function pipelineFlow(view: WorkspaceView, pipeline: PipelineFact): StageFlow {
  const { order, ancestors } = runOrder(pipeline.steps);
  // A script run by several steps with no callable to tell them apart is not one stage: skip it.
  const scriptUses = new Map<string, number>();
  for (const step of pipeline.steps) if (step.scriptPath && !step.callable) scriptUses.set(step.scriptPath, (scriptUses.get(step.scriptPath) ?? 0) + 1);
  const codeView = view as StepCodeView;
  const units: StageUnit[] = [];
  const indexOfUnit = new Map<StageUnit, number>();
  order.forEach((stepIndex, position) => {
    const step = pipeline.steps[stepIndex];
    if (step.scriptPath && (scriptUses.get(step.scriptPath) ?? 0) > 1) return;
    const code = codeView.stepCode ? codeView.stepCode(pipeline, step) : localCode(view, pipeline, step);
    const stage = code ? extendedStage(view, code.file) : null;
    if (!code || !stage) return;
    const found = codeOfUnit(view, code, step, step.scriptPath !== null && code.name === null);
    if (!found) return;
    const unit: StageUnit = { pipeline, step, order: position, path: code.file, stage, fn: code.name, ...found };
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
  const codeView = view as StepCodeView;
  for (const p of view.pipelines()) {
    run.add(p.path);
    for (const s of p.steps) {
      if (s.scriptPath) run.add(s.scriptPath);
      // Modules whose functions a step runs are part of that pipeline, not of a folder of scripts.
      for (const node of codeView.stepCode?.(p, s)?.nodes ?? []) run.add(node.file);
    }
  }
  // A notebook another one `%run`s is part of that one, not a stage of its own.
  const helpersOf = new Map(view.files().map((file) => [file, codeView.notebookRuns?.(file) ?? []]));
  const helpers = new Set([...helpersOf.values()].flat());
  const byFolder = new Map<string, StageUnit[]>();
  for (const file of view.files()) {
    if (run.has(file) || helpers.has(file) || !file.endsWith('.py') || isTestFile(file)) continue;
    const own = extendedStage(view, file);
    if (!own || own.importsAirflow) continue;
    const parts = [file, ...(helpersOf.get(file) ?? [])].flatMap((part) => {
      const stage = extendedStage(view, part);
      return stage ? [{ part, stage }] : [];
    });
    const refs = (pick: (stage: ExtendedStageFacts) => StageArtifactRef[]) => parts.flatMap(({ part, stage }) => pick(stage).map((ref): UnitArtifactRef => ({ ...ref, path: part, stage, written: ref.name })));
    const reads = refs((stage) => stage.reads);
    const writes = refs((stage) => stage.writes);
    if (reads.length === 0 && writes.length === 0) continue;
    const folder = path.dirname(file);
    let units = byFolder.get(folder);
    if (!units) byFolder.set(folder, (units = []));
    const validations = parts.flatMap(({ part, stage }) => stage.validations.map((v) => ({ ...v, path: part })));
    units.push({ pipeline: null, step: null, order: units.length, path: file, stage: own, fn: null, reads, writes, validations, removes: parts.flatMap(({ stage }) => stage.removes) });
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
