// Jupyter notebooks over the LSP notebook document protocol, with a notebook client over stdio:
// the capability, per-cell diagnostics on cell URIs (cells linted as one module), the credential
// quick-fix that puts `import os` in the first code cell, disable-for-line and fix-all in cells,
// edits, added cells and close.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LspClient, PublishedDiagnostics } from '../helpers/lsp-client';
import { applyTextEdits, createWorkspace, ofRule, startServer, type TextEdit } from './support/server';

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: { documentChanges?: Array<{ textDocument: { uri: string; version: number | null }; edits: TextEdit[] }> };
}

const SECRET = 'Zq7-wombat-Secret';

describe('language server: Jupyter notebooks', () => {
  let client: LspClient;
  let workspace: string;
  let notebookUri: string;
  const cellUri = (n: number) => `vscode-notebook-cell:${path.join(workspace, 'etl.ipynb')}#W${n}sZmlsZQ%3D%3D`;
  const cells = new Map<string, { text: string; version: number; languageId: string }>();
  let notebookVersion = 1;

  before(async () => {
    workspace = createWorkspace({});
    notebookUri = `file://${path.join(workspace, 'etl.ipynb')}`;
    client = await startServer({ workspace, settings: { lintDelayMs: 0 } });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  function changeCells(edits: Map<string, TextEdit[]>): void {
    const textContent = [...edits].map(([uri, cellEdits]) => {
      const cell = cells.get(uri)!;
      // One change per edit, last first, so earlier ranges stay valid.
      const sorted = [...cellEdits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
      cell.text = applyTextEdits(cell.text, cellEdits);
      cell.version++;
      return { document: { uri, version: cell.version }, changes: sorted.map((edit) => ({ range: edit.range, text: edit.newText })) };
    });
    client.notify('notebookDocument/didChange', { notebookDocument: { uri: notebookUri, version: ++notebookVersion }, change: { cells: { textContent } } });
  }

  it('declares notebook sync for Python cells of Jupyter notebooks', () => {
    const sync = client.serverCapabilities?.notebookDocumentSync as { notebookSelector: Array<{ notebook: { notebookType: string }; cells: Array<{ language: string }> }> };
    assert.deepEqual(sync.notebookSelector, [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }]);
  });

  it('publishes each cell its own findings, the cells analysed as one module', async () => {
    const texts: Array<[number, string, string]> = [
      [0, 'markdown', `# Orders\npassword = "${SECRET}"`],
      [1, 'python', '%matplotlib inline\nimport psycopg2'],
      [2, 'python', 'rows = [1, 2]\nprint(len(rows))'],
      [3, 'python', `DB_PASSWORD = "${SECRET}"\nconn = psycopg2.connect(host="db", password=DB_PASSWORD)`],
    ];
    for (const [n, languageId, text] of texts) cells.set(cellUri(n), { text, version: 1, languageId });
    client.notify('notebookDocument/didOpen', {
      notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells: texts.map(([n, languageId]) => ({ kind: languageId === 'markdown' ? 1 : 2, document: cellUri(n) })) },
      cellTextDocuments: texts.map(([n, languageId, text]) => ({ uri: cellUri(n), languageId, version: 1, text })),
    });
    const credential = await client.waitForDiagnostics(cellUri(3), 1);
    const pw101 = ofRule(credential.diagnostics);
    assert.equal(pw101.length, 1);
    assert.deepEqual(pw101[0].range, { start: { line: 0, character: 14 }, end: { line: 0, character: 33 } });
    assert.ok(!JSON.stringify(credential).includes(SECRET), 'the secret is not in the diagnostics');
    const imports = await client.waitForDiagnostics(cellUri(1), 1);
    assert.deepEqual(ofRule(imports.diagnostics), []);
    assert.equal(client.latestDiagnostics(cellUri(0)), undefined, 'markdown cells are not linted');
  });

  it('the credential quick-fix puts import os in the first code cell, and the cell re-lints clean', async () => {
    const [diagnostic] = ofRule(client.latestDiagnostics(cellUri(3))!.diagnostics);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cellUri(3) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Pipewise (PW101): Disable PW101 for this line'), titles.join('\n'));
    assert.ok(titles.includes('Pipewise (PW101): Show documentation for PW101'));
    const fix = actions.find((a) => a.isPreferred && a.title.includes('Read DB_PASSWORD from the environment'));
    assert.ok(fix?.edit?.documentChanges, titles.join('\n'));
    const byCell = new Map(fix.edit.documentChanges.map((change) => [change.textDocument.uri, change.edits]));
    assert.deepEqual([...byCell.keys()].sort(), [cellUri(1), cellUri(3)].sort());
    for (const change of fix.edit.documentChanges) assert.equal(change.textDocument.version, 1);
    changeCells(byCell);
    assert.equal(cells.get(cellUri(1))!.text, '%matplotlib inline\nimport os\nimport psycopg2');
    assert.equal(cells.get(cellUri(3))!.text, 'DB_PASSWORD = os.environ["DB_PASSWORD"]\nconn = psycopg2.connect(host="db", password=DB_PASSWORD)');
    const after = await client.waitForDiagnostics(cellUri(3), 2);
    assert.deepEqual(ofRule(after.diagnostics), []);
  });

  it('disable-for-line edits the cell, and the finding goes away', async () => {
    changeCells(new Map([[cellUri(2), [{ range: { start: { line: 1, character: 16 } , end: { line: 1, character: 16 } }, newText: `\ntoken = "${SECRET}"` }]]]));
    const published = await client.waitForDiagnostics(cellUri(2), 2);
    const [diagnostic] = ofRule(published.diagnostics);
    assert.equal(diagnostic?.range.start.line, 2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cellUri(2) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const disable = actions.find((a) => a.title === 'Pipewise (PW101): Disable PW101 for this line');
    assert.ok(disable?.edit?.documentChanges);
    assert.deepEqual(disable.edit.documentChanges.map((c) => c.textDocument), [{ uri: cellUri(2), version: 2 }]);
    changeCells(new Map([[cellUri(2), disable.edit.documentChanges[0].edits]]));
    assert.match(cells.get(cellUri(2))!.text, /token = ".*" {2}# pipewise: ignore\[PW101\]$/);
    assert.deepEqual(ofRule((await client.waitForDiagnostics(cellUri(2), 3)).diagnostics), []);
  });

  it('fix-all edits every cell its safe fixes change', async () => {
    changeCells(new Map([[cellUri(3), [{ range: { start: { line: 1, character: 57 }, end: { line: 1, character: 57 } }, newText: `\napi_key = "${SECRET}"` }]]]));
    await client.waitForDiagnostics(cellUri(3), 3);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cellUri(3) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.pipewise'] } });
    assert.equal(actions.length, 1);
    const changes = actions[0].edit!.documentChanges!;
    assert.deepEqual(changes.map((c) => c.textDocument), [{ uri: cellUri(3), version: 3 }]);
    changeCells(new Map([[cellUri(3), changes[0].edits]]));
    assert.match(cells.get(cellUri(3))!.text, /\napi_key = os\.environ\["API_KEY"\]$/);
  });

  it('an added cell is linted with the others; closing clears every cell', async () => {
    const uri = cellUri(4);
    cells.set(uri, { text: `PASSWORD = "${SECRET}"`, version: 1, languageId: 'python' });
    client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: ++notebookVersion },
      change: { cells: { structure: { array: { start: 4, deleteCount: 0, cells: [{ kind: 2, document: uri }] }, didOpen: [{ uri, languageId: 'python', version: 1, text: cells.get(uri)!.text }] } } },
    });
    const published = await client.waitForDiagnostics(uri, 1);
    assert.equal(ofRule(published.diagnostics).length, 1);
    const since = client.notifications.length;
    client.notify('notebookDocument/didClose', { notebookDocument: { uri: notebookUri }, cellTextDocuments: [...cells.keys()].map((u) => ({ uri: u })) });
    const cleared: PublishedDiagnostics = await client.waitForDiagnostics(uri, undefined, 10_000, since);
    assert.deepEqual(cleared.diagnostics, []);
  });
});
