// A document that gave up its analysis state (more documents open than `pipewise.memory.*` lets
// keep it: only its text and published diagnostics stay) answers code actions and hover as if it
// had kept it, and after its next edit publishes what a fresh server publishes for the same text.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LspClient, PublishedDiagnostics } from '../helpers/lsp-client';
import { applyTextEdits, changeEventsOf, createWorkspace, positionAt, REPO_ROOT, startServer, uriOf, type TextEdit } from './support/server';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'sales_etl');

describe('language server: documents whose analysis state was dropped', () => {
  /** The document under test alone (no cross-file findings arriving after the scan to compare). */
  let workspace: string;
  /** Documents opened only to take the state of the one under test (outside the workspace folder). */
  let elsewhere: string;
  /** Keeps the analysis state of one document only. */
  let tight: LspClient;

  before(async () => {
    workspace = createWorkspace({ 'extract.py': readFileSync(path.join(EXAMPLE, 'extract.py'), 'utf8') });
    elsewhere = createWorkspace(Object.fromEntries(['load.py', 'transform.py'].map((name) => [name, readFileSync(path.join(EXAMPLE, name), 'utf8')])));
    tight = await startServer({ workspace, settings: { memory: { analysedDocuments: 1 } } });
  });

  after(async () => {
    assert.equal(await tight.shutdown(), 0);
  });

  async function open(client: LspClient, name: string, version = 1, dir = workspace, text = readFileSync(path.join(dir, name), 'utf8')): Promise<PublishedDiagnostics> {
    const uri = uriOf(dir, name);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
    return client.waitForDiagnostics(uri, version);
  }

  /** What a server that never dropped anything answers: `ask` runs against a fresh server with the text open. */
  async function fresh<T>(name: string, version: number, text: string, ask: (client: LspClient, published: PublishedDiagnostics) => Promise<T>): Promise<T> {
    const client = await startServer({ workspace, settings: {} });
    try {
      return await ask(client, await open(client, name, version, workspace, text));
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  }

  function actionsFor(client: LspClient, uri: string, diagnostics: PublishedDiagnostics['diagnostics']): Promise<unknown[]> {
    return Promise.all(
      diagnostics.map((diagnostic) => client.request<unknown[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })),
    );
  }

  function hoversAt(client: LspClient, uri: string, diagnostics: PublishedDiagnostics['diagnostics']): Promise<unknown[]> {
    return Promise.all(diagnostics.map((diagnostic) => client.request('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start })));
  }

  it('offers the same code actions and hovers as a fresh server, and after an edit publishes the same diagnostics', async () => {
    const name = 'extract.py';
    const uri = uriOf(workspace, name);
    const text = readFileSync(path.join(workspace, name), 'utf8');
    const published = await open(tight, name);
    assert.ok(published.diagnostics.some((d) => ((d.data as { fixes?: unknown[] }).fixes ?? []).length > 0), 'the example has findings with fixes');
    // Opening another document takes the state of the first.
    await open(tight, 'load.py', 1, elsewhere);
    await open(tight, 'transform.py', 1, elsewhere);

    const [expectedActions, expectedHovers] = await fresh(name, 1, text, async (client, first) => {
      assert.deepEqual(first.diagnostics, published.diagnostics);
      return [await actionsFor(client, uri, first.diagnostics), await hoversAt(client, uri, first.diagnostics)];
    });
    assert.deepEqual(await actionsFor(tight, uri, published.diagnostics), expectedActions);
    // The code actions brought the state back: drop it again before asking for hovers.
    await open(tight, 'load.py', 2, elsewhere);
    assert.deepEqual(await hoversAt(tight, uri, published.diagnostics), expectedHovers);

    await open(tight, 'transform.py', 2, elsewhere);
    const at = text.indexOf('\n    ', text.indexOf('def ')) + 1;
    const edits: TextEdit[] = [{ range: { start: positionAt(text, at), end: positionAt(text, at) }, newText: 'password = "Zx8vQ2mLp9rT"\n    ' }];
    const edited = applyTextEdits(text, edits);
    tight.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: changeEventsOf(text, edits) });
    const afterEdit = await tight.waitForDiagnostics(uri, 2);
    const expected = await fresh(name, 2, edited, async (_client, first) => first);
    assert.deepEqual(afterEdit.diagnostics, expected.diagnostics);
    assert.ok(afterEdit.diagnostics.length > published.diagnostics.length, 'the edit added a finding');
  });
});
