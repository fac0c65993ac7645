// Keystroke cost in a 200-cell notebook, in process: the cells of a generated pipeline module
// (one top-level statement per cell, as notebooks are written) linted as one module by
// `lintNotebookCells` with one engine per notebook, as the server does; each sample types one
// character into a cell in the middle. Run: node --import tsx bench/notebook-keystroke.ts

import { performance } from 'node:perf_hooks';
import { DEFAULT_CONFIG } from '../server/src/engine/config';
import { Engine } from '../server/src/engine/engine';
import { lintNotebookCells, type LiveCell } from '../server/src/engine/notebook/lint-cells';
import { ALL_RULES } from '../rules';
import { generatePipeline } from './generate-pipeline';

const CELLS = 200;
const SAMPLES = 60;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const { text } = generatePipeline(4_000, 42, 'typical');
  // Split at top-level statements, then merge into CELLS cells.
  const statements = text.split(/\n(?=[A-Za-z_@])/);
  const perCell = Math.ceil(statements.length / CELLS);
  const cells: LiveCell[] = [];
  for (let i = 0; i < statements.length; i += perCell) cells.push({ id: `cell-${cells.length}`, source: statements.slice(i, i + perCell).join('\n') });
  const engine = await Engine.create(ALL_RULES);
  const lines = cells.reduce((n, c) => n + c.source.split('\n').length, 0);
  lintNotebookCells(engine, 'bench.ipynb', cells, DEFAULT_CONFIG);
  const target = Math.floor(cells.length / 2);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const cell = cells[target];
    const at = cell.source.indexOf('\n    ') + 5;
    cells[target] = { ...cell, source: i % 2 === 0 ? `${cell.source.slice(0, at)}x${cell.source.slice(at)}` : cell.source.replace(/\n    x/, '\n    ') };
    const started = performance.now();
    lintNotebookCells(engine, 'bench.ipynb', cells, DEFAULT_CONFIG);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ cells: cells.length, lines, samples: SAMPLES, p50Ms: +percentile(times, 50).toFixed(1), p95Ms: +percentile(times, 95).toFixed(1), maxMs: +times[times.length - 1].toFixed(1) }));
  engine.dispose();
}

void main();
