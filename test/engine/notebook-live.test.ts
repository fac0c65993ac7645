// A live notebook (engine/notebook/live-notebook.ts: one kept tree, a cell change as one tree edit,
// incremental rules) must find exactly what the same cells find joined and linted from scratch,
// with the same fixes placed in the same cells, after every random step: typing and deleting in a
// cell, adding, removing and moving cells, and typing magics (`%time`, `!pip`, `%%sql`).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../../rules';
import { resolveConfig } from '../../server/src/engine/config';
import { createDocumentFacts } from '../../server/src/engine/document';
import { lintDocument } from '../../server/src/engine/linter';
import { parseNotebook } from '../../server/src/engine/notebook/ipynb';
import { NotebookLint, type CellFinding, type LiveCell } from '../../server/src/engine/notebook/lint-cells';
import { LiveNotebook, moduleEdit } from '../../server/src/engine/notebook/live-notebook';
import { moduleOfSources } from '../../server/src/engine/notebook/notebook-edits';
import { withCellSource } from '../../server/src/engine/notebook/notebook-module';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { PythonSource } from '../../server/src/engine/python/python-source';
import { diffEdit } from '../../server/src/engine/python/text-diff-edit';
import type { Rule } from '../../server/src/engine/types';
import { createRandom, generatePipeline } from '../../bench/generate-pipeline';

const root = path.resolve(__dirname, '../..');
const wholeRules: Rule[] = ALL_RULES.map((rule) => ({ ...rule, incremental: undefined }));
const config = resolveConfig(undefined, null, null);
const SECRET = 'Zq7-wombat-Secret';

/** What a lint shows: each finding in its cell with its fixes' cell edits. */
function shown(lint: NotebookLint): unknown[] {
  return lint.findings.map((found: CellFinding) => ({
    cell: found.cell,
    start: found.start,
    end: found.end,
    rule: found.finding.ruleId,
    message: found.finding.message,
    fixes: lint.fixesOf(found),
  }));
}

/** The cells joined and linted from scratch, every rule over the whole module. */
function fromScratch(cells: readonly LiveCell[]): unknown[] {
  const sources = new Map(cells.map((cell, index) => [index, cell.source]));
  const module = moduleOfSources(sources);
  const source = new PythonSource();
  try {
    const doc = createDocumentFacts('etl.ipynb', 'python', module.text, { python: source.update(module.text) });
    const findings = lintDocument(doc, wholeRules, config);
    const placed: CellFinding[] = [];
    for (const finding of findings) {
      const range = NotebookLint.placeInCell(module, sources, finding.start, Math.max(finding.start, finding.end));
      if (range) placed.push({ cell: cells[range.cell].id, start: range.start, end: range.end, finding });
    }
    return shown(new NotebookLint(cells, sources, module, placed));
  } finally {
    source.dispose();
  }
}

const NEW_CELLS = [
  'import os',
  `PASSWORD = "${SECRET}"`,
  'import psycopg2\nconn = psycopg2.connect(host="db", password=PASSWORD)',
  'df = df.dropna()\ndf.to_sql("orders", engine, if_exists="append")',
  '%matplotlib inline',
  '!pip install requests',
  '%%sql\nSELECT * FROM orders',
  'def load(rows):\n    for row in rows:\n        cursor.execute("INSERT INTO t VALUES (%s)" % row)',
  'import requests\nresp = requests.get("https://partner.example.com/api")',
  '',
];
const MAGICS = ['%time ', '!pip install x\n', '%%sql\n', 'files = !ls\n', '%load_ext autoreload\n'];
const TYPED = 'aq_1" (.\n';

type Step = 'type' | 'delete' | 'add' | 'remove' | 'move' | 'magic';
const STEPS: Step[] = ['type', 'type', 'type', 'delete', 'delete', 'add', 'remove', 'move', 'magic'];

/** One random step on the cells; returns what it did. */
function step(cells: LiveCell[], random: (n: number) => number, nextId: () => string): string {
  const kind = STEPS[random(STEPS.length)];
  const at = random(cells.length);
  const cell = cells[at];
  switch (kind) {
    case 'type': {
      const offset = random(cell.source.length + 1);
      const ch = TYPED[random(TYPED.length)];
      cells[at] = { ...cell, source: cell.source.slice(0, offset) + ch + cell.source.slice(offset) };
      return `typed ${JSON.stringify(ch)} in ${cell.id} at ${offset}`;
    }
    case 'delete': {
      if (cell.source.length === 0) return 'nothing';
      const offset = random(cell.source.length);
      const length = 1 + random(Math.min(8, cell.source.length - offset));
      cells[at] = { ...cell, source: cell.source.slice(0, offset) + cell.source.slice(offset + length) };
      return `deleted ${length} in ${cell.id} at ${offset}`;
    }
    case 'add': {
      const added = { id: nextId(), source: NEW_CELLS[random(NEW_CELLS.length)] };
      cells.splice(at, 0, added);
      return `added ${added.id} at ${at}`;
    }
    case 'remove':
      if (cells.length <= 1) return 'nothing';
      cells.splice(at, 1);
      return `removed ${cell.id}`;
    case 'move': {
      cells.splice(at, 1);
      const to = random(cells.length + 1);
      cells.splice(to, 0, cell);
      return `moved ${cell.id} to ${to}`;
    }
    case 'magic': {
      const lineStarts = [0, ...[...cell.source.matchAll(/\n/g)].map((m) => m.index + 1)];
      const magic = MAGICS[random(MAGICS.length)];
      const offset = magic.startsWith('%%') ? 0 : lineStarts[random(lineStarts.length)];
      cells[at] = { ...cell, source: cell.source.slice(0, offset) + magic + cell.source.slice(offset) };
      return `magic ${JSON.stringify(magic)} in ${cell.id} at ${offset}`;
    }
  }
}

async function checkRandomSteps(label: string, initial: readonly string[], seed: number, steps: number): Promise<void> {
  await initPythonParser();
  let id = 0;
  const nextId = () => `cell-${id++}`;
  const cells: LiveCell[] = initial.map((source) => ({ id: nextId(), source }));
  const live = new LiveNotebook(ALL_RULES, 'etl.ipynb');
  const random = createRandom(seed);
  const history: string[] = [];
  try {
    for (let i = 0; i <= steps; i++) {
      if (i > 0) history.push(step(cells, random, nextId));
      const incremental = shown(live.lint(cells, config));
      assert.deepEqual(incremental, fromScratch(cells), `${label}: after ${history.join('; ')}\n--- cells ---\n${cells.map((c) => `[${c.id}]\n${c.source}`).join('\n')}`);
    }
  } finally {
    live.dispose();
  }
}

/** A generated pipeline module, one top-level statement per cell. */
function generatedCells(lines: number, seed: number, style: 'stress' | 'typical'): string[] {
  return generatePipeline(lines, seed, style).text.replace(/\n$/, '').split(/\n(?=[A-Za-z_@])/);
}

test('a one-cell change is the tree edit the whole-text difference gives, at the cell offset and line', async () => {
  const cells = generatedCells(400, 3, 'stress');
  const ids = cells.map((_, i) => `c${i}`);
  const random = createRandom(11);
  let sources = [...cells];
  let module = moduleOfSources(new Map(sources.map((s, i) => [i, s])));
  for (let i = 0; i < 200; i++) {
    const next = [...sources];
    const at = random(next.length);
    const offset = random(next[at].length + 1);
    next[at] = random(3) === 0 ? next[at].slice(0, offset) + next[at].slice(offset + 1) : `${next[at].slice(0, offset)}${i % 2 ? '\n' : 'x'}${next[at].slice(offset)}`;
    const after = moduleOfSources(new Map(next.map((s, j) => [j, s])));
    assert.deepEqual(moduleEdit({ ids, sources, module }, ids, next, after), diffEdit(module.text, after.text));
    sources = next;
    module = after;
  }
});

test('a one-cell change gives the module a full join gives: same text, same segments', () => {
  const cells = [...generatedCells(300, 4, 'typical'), '%%sql\nSELECT * FROM t', '%time x = 1', '!pip install x', 'y = 2'];
  const random = createRandom(12);
  const typed = ['x', '\n', '%%sql\n', '%time ', '"""', '\n    z = 1\n'];
  let sources = [...cells];
  let module = moduleOfSources(new Map(sources.map((s, i) => [i, s])));
  let incremental = 0;
  for (let i = 0; i < 300; i++) {
    const next = [...sources];
    const at = random(next.length);
    const offset = random(next[at].length + 1);
    next[at] = random(3) === 0 ? next[at].slice(0, offset) + next[at].slice(offset + random(4)) : `${next[at].slice(0, offset)}${typed[random(typed.length)]}${next[at].slice(offset)}`;
    const joined = moduleOfSources(new Map(next.map((s, j) => [j, s])));
    const edited = withCellSource(module, at, next[at]);
    if (edited) {
      incremental++;
      assert.equal(edited.source.length, joined.text.length);
      assert.equal(edited.text, joined.text);
      assert.deepEqual(edited.segments, joined.segments);
    }
    sources = next;
    module = edited ?? joined;
  }
  assert.ok(incremental > 200, `${incremental} of 300 changes replaced one cell`);
});

test('a live notebook finds what its cells find linted from scratch, under random cell edits', async () => {
  const example = parseNotebook(readFileSync(path.join(root, 'examples/sales_etl/notebooks/backfill_orders.ipynb'), 'utf8'));
  const exampleCells = example.cells.filter((cell) => cell.kind === 'code').map((cell) => cell.source);
  await checkRandomSteps('example notebook', exampleCells, 1, 120);
  await checkRandomSteps('generated stress notebook', generatedCells(600, 7, 'stress'), 2, 120);
  await checkRandomSteps('generated typical notebook', generatedCells(600, 5, 'typical'), 3, 80);
  await checkRandomSteps('cells that use each other', [`import os\nimport psycopg2`, `DB_PASSWORD = "${SECRET}"`, 'conn = psycopg2.connect(host="db", password=DB_PASSWORD)', '%time rows = conn.cursor().fetchall()', 'df = df.dropna()'], 4, 150);
});
