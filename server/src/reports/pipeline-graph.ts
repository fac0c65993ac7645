// The pipeline graph of a review: each pipeline's schedule, its steps in run order, and the files
// and tables they read and write, as data (JSON), as text lines, and as a Mermaid flowchart.

import path from 'node:path';
import type { WorkspaceGraph } from '../engine/workspace/model';

function toPosix(relativePath: string): string {
  return relativePath.split(path.sep).join('/');
}

export interface ReviewGraphArtifact {
  id: string;
  kind: 'file' | 'table';
  name: string;
  runScoped: boolean;
}

export interface ReviewGraphStep {
  id: string;
  name: string;
  /** Script path relative to the reviewed folder (POSIX), when known. */
  script: string | null;
  callable: string | null;
  /** Where the step's code is (POSIX, relative): the script, or the module defining its callable, when the folder holds it. */
  module: string | null;
  /** The function or method the step runs in `module`; null for a whole script. */
  function: string | null;
  reads: string[];
  writes: string[];
}

export interface ReviewGraphPipeline {
  id: string;
  name: string;
  /** Config path relative to the reviewed folder (POSIX). */
  config: string;
  kind: 'yaml' | 'airflow' | 'prefect';
  schedule: string | null;
  steps: ReviewGraphStep[];
  artifacts: ReviewGraphArtifact[];
  edges: Array<{ from: string; to: string; kind: 'runs-before' | 'reads' | 'writes' }>;
}

export interface ReviewGraph {
  pipelines: ReviewGraphPipeline[];
}

function relative(root: string, file: string): string {
  return toPosix(path.relative(root, file)) || path.basename(file);
}

export function toReviewGraph(graph: WorkspaceGraph, root: string): ReviewGraph {
  return {
    pipelines: graph.pipelines.map((p) => ({
      id: p.id,
      name: p.name,
      config: relative(root, p.path),
      kind: p.kind,
      schedule: p.schedule,
      steps: p.steps.map((s) => ({ id: s.id, name: s.name, script: s.script ? relative(root, s.script) : null, callable: s.callable, module: s.module ? relative(root, s.module) : null, function: s.function, reads: s.reads, writes: s.writes })),
      artifacts: p.artifacts.map((a) => ({ ...a })),
      edges: p.edges.map((e) => ({ ...e })),
    })),
  };
}

/** Where a step's code is: `extract.py`, `orders_pipeline/api.py:fetch_orders`, or the callable as the config names it. */
function codeOf(step: ReviewGraphStep): string {
  if (step.module) return `${step.module}${step.function ? `:${step.function}` : ''}`;
  if (step.script) return `${step.script}${step.callable ? `:${step.callable}` : ''}`;
  return step.callable ?? '';
}

/** A Mermaid label: quoted, with quotes and markup-significant characters as entities. */
function label(...lines: string[]): string {
  return `"${lines.map((text) => text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')).join('<br/>')}"`;
}

/** `flowchart LR`: schedule → steps (boxes, in order) with files (parallelograms) and tables (cylinders) between them. */
export function renderMermaid(graph: ReviewGraph): string {
  const out = ['flowchart LR'];
  for (const p of graph.pipelines) {
    const byId = new Map(p.artifacts.map((a) => [a.id, a]));
    out.push(`  subgraph ${p.id}[${label(`${p.name} (${p.config})`)}]`);
    if (p.schedule) out.push(`    ${p.id}_schedule([${label(`schedule: ${p.schedule}`)}])`);
    for (const s of p.steps) {
      const detail = codeOf(s);
      out.push(`    ${s.id}[${detail ? label(s.name, detail) : label(s.name)}]`);
    }
    for (const a of p.artifacts) {
      const text = a.runScoped ? `${a.name} (per run)` : a.name;
      out.push(a.kind === 'table' ? `    ${a.id}[(${label(text)})]` : `    ${a.id}[/${label(text)}/]`);
    }
    if (p.schedule && p.steps[0]) out.push(`    ${p.id}_schedule -.-> ${p.steps[0].id}`);
    for (const e of p.edges) {
      if (!byId.has(e.from) && !byId.has(e.to) && e.kind !== 'runs-before') continue;
      out.push(e.kind === 'runs-before' ? `    ${e.from} -.-> ${e.to}` : `    ${e.from} --> ${e.to}`);
    }
    out.push('  end');
  }
  return out.join('\n');
}

/**
 * The steps in run order, steps that may run side by side (same depth in the runs-before edges)
 * joined by commas: `extract_emea, extract_apac → load_emea, load_apac`.
 */
function runOrderText(p: ReviewGraphPipeline): string {
  const depth = new Map<string, number>();
  const parents = new Map<string, string[]>();
  for (const e of p.edges) if (e.kind === 'runs-before') parents.set(e.to, [...(parents.get(e.to) ?? []), e.from]);
  // Steps come in run order, so a step's parents have their depth already.
  for (const s of p.steps) depth.set(s.id, Math.max(0, ...(parents.get(s.id) ?? []).map((id) => (depth.get(id) ?? 0) + 1)));
  const levels: string[][] = [];
  for (const s of p.steps) (levels[depth.get(s.id)!] ??= []).push(s.name);
  return levels.filter(Boolean).map((names) => names.join(', ')).join(' → ');
}

/** Plain lines for a terminal: the order of steps, then what each reads and writes. */
export function renderGraphLines(graph: ReviewGraph): string[] {
  const lines: string[] = [];
  for (const p of graph.pipelines) {
    const names = new Map(p.artifacts.map((a) => [a.id, a.name]));
    lines.push(`${p.name} (${p.config})${p.schedule ? `, schedule ${p.schedule}` : ''}: ${runOrderText(p) || 'no steps'}`);
    for (const s of p.steps) {
      const parts: string[] = [];
      if (s.reads.length) parts.push(`reads ${s.reads.map((id) => names.get(id)).join(', ')}`);
      if (s.writes.length) parts.push(`writes ${s.writes.map((id) => names.get(id)).join(', ')}`);
      const code = codeOf(s);
      lines.push(`  ${s.name}${code ? ` (${code})` : ''}${parts.length ? `: ${parts.join('; ')}` : ''}`);
    }
  }
  return lines;
}
