// The server keeps an open notebook's analysis up to date edit by edit (a kept tree, incremental
// rules, only changed cells published, fixes placed on request). After random edits over the
// notebook protocol — typing and deleting in cells, added, removed and moved cells, magics typed —
// every cell must show what a fresh server shows for the same notebook, and offer the same fixes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseNotebook } from '../../server/src/engine/notebook/ipynb';
import type { LspClient, PublishedDiagnostics } from '../helpers/lsp-client';
import { createWorkspace, positionAt, REPO_ROOT, startServer } from './support/server';
import { createRandom } from '../../bench/generate-pipeline';

const SECRET = 'Zq7-wombat-Secret';
const NEW_CELLS = [
  'import os',
  `PASSWORD = "${SECRET}"`,
  'conn = psycopg2.connect(host="db", password=PASSWORD)',
  'df = df.dropna()\ndf.to_sql("orders", engine, if_exists="append")',
  '%%sql\nSELECT * FROM orders',
  'import requests\nresp = requests.get("https://partner.example.com/api")',
  '',
];
const MAGICS = ['%time ', '!pip install x\n', '%%sql\n', 'files = !ls\n'];
const TYPED = 'aq_1" (.\n';

interface Cell {
  uri: string;
  text: string;
  version: number;
}

let workspace: string;
let notebookUri: string;
let client: LspClient;
let cellCount = 0;
let notebookVersion = 1;
const cells: Cell[] = [];

function newCell(text: string): Cell {
  return { uri: `vscode-notebook-cell:${path.join(workspace, 'etl.ipynb')}#W${cellCount++}sZmlsZQ%3D%3D`, text, version: 1 };
}

function openNotebook(server: LspClient, open: readonly Cell[]): void {
  server.notify('notebookDocument/didOpen', {
    notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: notebookVersion, cells: open.map((cell) => ({ kind: 2, document: cell.uri })) },
    cellTextDocuments: open.map((cell) => ({ uri: cell.uri, languageId: 'python', version: cell.version, text: cell.text })),
  });
}

function changeNotebook(change: unknown): void {
  client.notify('notebookDocument/didChange', { notebookDocument: { uri: notebookUri, version: ++notebookVersion }, change });
}

/** Replaces [start, end) of the cell's text, as an editor's incremental change. */
function editCell(cell: Cell, start: number, end: number, text: string): void {
  const range = { start: positionAt(cell.text, start), end: positionAt(cell.text, end) };
  cell.text = cell.text.slice(0, start) + text + cell.text.slice(end);
  cell.version++;
  changeNotebook({ cells: { textContent: [{ document: { uri: cell.uri, version: cell.version }, changes: [{ range, text }] }] } });
}

/** One random step; returns what it did. */
function step(random: (n: number) => number): string {
  const kinds = ['type', 'type', 'delete', 'add', 'remove', 'move', 'magic'] as const;
  const kind = kinds[random(kinds.length)];
  const at = random(cells.length);
  const cell = cells[at];
  switch (kind) {
    case 'type': {
      const offset = random(cell.text.length + 1);
      const ch = TYPED[random(TYPED.length)];
      editCell(cell, offset, offset, ch);
      return `typed ${JSON.stringify(ch)} in cell ${at} at ${offset}`;
    }
    case 'delete': {
      if (!cell.text) return 'nothing';
      const offset = random(cell.text.length);
      const end = Math.min(cell.text.length, offset + 1 + random(6));
      editCell(cell, offset, end, '');
      return `deleted ${offset}-${end} in cell ${at}`;
    }
    case 'add': {
      const added = newCell(NEW_CELLS[random(NEW_CELLS.length)]);
      cells.splice(at, 0, added);
      changeNotebook({ cells: { structure: { array: { start: at, deleteCount: 0, cells: [{ kind: 2, document: added.uri }] }, didOpen: [{ uri: added.uri, languageId: 'python', version: 1, text: added.text }] } } });
      return `added a cell at ${at}`;
    }
    case 'remove': {
      if (cells.length <= 1) return 'nothing';
      cells.splice(at, 1);
      changeNotebook({ cells: { structure: { array: { start: at, deleteCount: 1 }, didClose: [{ uri: cell.uri }] } } });
      return `removed cell ${at}`;
    }
    case 'move': {
      // As VS Code moves a cell: out of the array and back in elsewhere, its document kept open.
      cells.splice(at, 1);
      const to = random(cells.length + 1);
      cells.splice(to, 0, cell);
      changeNotebook({ cells: { structure: { array: { start: at, deleteCount: 1 } } } });
      changeNotebook({ cells: { structure: { array: { start: to, deleteCount: 0, cells: [{ kind: 2, document: cell.uri }] } } } });
      return `moved cell ${at} to ${to}`;
    }
    case 'magic': {
      const magic = MAGICS[random(MAGICS.length)];
      const lineStarts = [0, ...[...cell.text.matchAll(/\n/g)].map((m) => m.index + 1)];
      const offset = magic.startsWith('%%') ? 0 : lineStarts[random(lineStarts.length)];
      editCell(cell, offset, offset, magic);
      return `magic ${JSON.stringify(magic)} in cell ${at}`;
    }
  }
}

interface Shown {
  version?: number;
  diagnostics: PublishedDiagnostics['diagnostics'];
}

function latest(server: LspClient, cell: Cell): Shown | undefined {
  const published = server.latestDiagnostics(cell.uri);
  return published && { version: published.version, diagnostics: published.diagnostics };
}

async function quickFixes(server: LspClient, cell: Cell, shown: Shown | undefined): Promise<unknown> {
  if (!shown?.diagnostics.length) return [];
  const range = { start: { line: 0, character: 0 }, end: positionAt(cell.text, cell.text.length) };
  return server.request('textDocument/codeAction', { textDocument: { uri: cell.uri }, range, context: { diagnostics: shown.diagnostics, only: ['quickfix'] } });
}

/** A fresh server opens the notebook as it is now; the edited server must show the same in every cell. */
async function compareWithFreshServer(history: readonly string[]): Promise<void> {
  const fresh = await startServer({ workspace });
  try {
    openNotebook(fresh, cells);
    const expected = new Map<string, Shown>();
    for (const cell of cells) {
      const published = await fresh.waitForDiagnostics(cell.uri, cell.version, 60_000);
      expected.set(cell.uri, { version: published.version, diagnostics: published.diagnostics });
    }
    // The edited server answers in order: a request after the last change comes back after its publishes.
    const deadline = Date.now() + 20_000;
    for (;;) {
      await client.request('textDocument/codeAction', { textDocument: { uri: cells[0].uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
      const mismatch = cells.find((cell) => JSON.stringify(latest(client, cell)) !== JSON.stringify(expected.get(cell.uri)));
      if (!mismatch) break;
      if (Date.now() > deadline) {
        const index = cells.indexOf(mismatch);
        assert.deepEqual(latest(client, mismatch), expected.get(mismatch.uri), `cell ${index} after: ${history.join('; ')}\n--- cells ---\n${cells.map((c) => c.text).join('\n#---\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const cell of cells) {
      assert.deepEqual(await quickFixes(client, cell, latest(client, cell)), await quickFixes(fresh, cell, expected.get(cell.uri)), `quick-fixes of cell ${cells.indexOf(cell)} after: ${history.join('; ')}`);
    }
  } finally {
    await fresh.shutdown();
  }
}

before(async () => {
  workspace = createWorkspace({});
  notebookUri = `file://${path.join(workspace, 'etl.ipynb')}`;
  client = await startServer({ workspace });
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

test('after random cell edits, added, removed and moved cells and typed magics, every cell shows what a fresh server shows', async () => {
  const example = parseNotebook(readFileSync(path.join(REPO_ROOT, 'examples/sales_etl/notebooks/backfill_orders.ipynb'), 'utf8'));
  for (const source of example.cells.filter((c) => c.kind === 'code').map((c) => c.source)) cells.push(newCell(source));
  for (const source of ['import psycopg2', `DB_PASSWORD = "${SECRET}"`, 'conn = psycopg2.connect(host="db", password=DB_PASSWORD)', '%time rows = conn.cursor().fetchall()']) cells.push(newCell(source));
  openNotebook(client, cells);
  for (const cell of cells) await client.waitForDiagnostics(cell.uri, 1, 60_000);
  const random = createRandom(2026);
  const history: string[] = [];
  for (let i = 1; i <= 36; i++) {
    history.push(step(random));
    if (i % 12 === 0) await compareWithFreshServer(history);
  }
});
