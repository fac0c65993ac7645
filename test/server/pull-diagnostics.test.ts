// Pull diagnostics over stdio: a client that declares textDocument/diagnostic pulls open
// documents' diagnostics (a result id, `unchanged` when it holds the current one) and gets no
// publishDiagnostics for them; workspace/diagnostic/refresh asks it to pull again when the same
// version's diagnostics change; code actions find pulled diagnostics as they find pushed ones.
// A client without the capability is not offered pull diagnostics and gets them pushed.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { LspClient } from '../helpers/lsp-client';
import { changeEventsOf, createWorkspace, ofRule, REPO_ROOT, setSettings, startServer, uriOf, type TextEdit } from './support/server';

interface Report {
  kind: 'full' | 'unchanged';
  resultId?: string;
  items?: Array<{ code?: string; message: string; range: TextEdit['range']; severity?: number; data?: unknown }>;
}

const PASSWORD = 's3cr3tPa55';
const SOURCE = ['import psycopg2', '', '', 'def extract():', `    conn = psycopg2.connect("postgresql://user:${PASSWORD}@localhost:5432/sales")`, '    return conn', ''].join('\n');

describe('language server: pull diagnostics', () => {
  const clients: LspClient[] = [];
  after(async () => {
    for (const client of clients) assert.equal(await client.shutdown(), 0);
  });

  async function server(pullDiagnostics: boolean, settings: unknown = {}): Promise<{ client: LspClient; workspace: string }> {
    const workspace = createWorkspace();
    const client = await startServer({ workspace, settings, pullDiagnostics });
    clients.push(client);
    return { client, workspace };
  }

  const pull = (client: LspClient, uri: string, previousResultId?: string) => client.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
  const pushedFor = (client: LspClient, uri: string, since = 0) => client.notifications.slice(since).filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { uri: string }).uri === uri);

  it('is offered only to clients that pull; others get publishDiagnostics', async () => {
    const { client: pushing } = await server(false);
    assert.equal(pushing.serverCapabilities?.diagnosticProvider, undefined);
    const { client: pulling } = await server(true);
    assert.deepEqual(pulling.serverCapabilities?.diagnosticProvider, { identifier: 'pipewise', interFileDependencies: true, workspaceDiagnostics: false });
  });

  it('keeps a pull-capable client that asks for push (the VS Code extension) on pushed diagnostics', async () => {
    const workspace = createWorkspace();
    const client = await startServer({ workspace, pullDiagnostics: true, initializationOptions: { extensionPath: REPO_ROOT, diagnostics: 'push' } });
    clients.push(client);
    assert.equal(client.serverCapabilities?.diagnosticProvider, undefined);
  });

  it('answers the current diagnostics, then unchanged while they stay the same, and pushes none for open documents', async () => {
    const { client, workspace } = await server(true);
    const uri = uriOf(workspace, 'extract.py');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: SOURCE } });
    const first = await pull(client, uri);
    assert.equal(first.kind, 'full');
    assert.ok(first.resultId);
    const [credential] = ofRule(first.items ?? []);
    assert.ok(credential, 'the hard-coded password is reported');
    assert.deepEqual(credential.range.start, { line: 4, character: SOURCE.split('\n')[4].indexOf('"postgresql') });

    assert.deepEqual(await pull(client, uri, first.resultId), { kind: 'unchanged', resultId: first.resultId });
    assert.equal((await pull(client, uri, 'some other id')).kind, 'full', 'a stale id gets the full report');

    // A blank line at the end changes no diagnostic: still unchanged at the new version.
    const blank: TextEdit = { range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, newText: '\n' };
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: changeEventsOf(SOURCE, [blank]) });
    assert.deepEqual(await pull(client, uri, first.resultId), { kind: 'unchanged', resultId: first.resultId });

    // Reading the password from the environment removes the finding: a new result.
    const withBlank = `${SOURCE}\n`;
    const line = withBlank.split('\n')[4];
    const start = line.indexOf('"postgresql');
    const fix: TextEdit = { range: { start: { line: 4, character: start }, end: { line: 4, character: line.lastIndexOf(')') } }, newText: 'os.environ["DATABASE_URL"]' };
    const importOs: TextEdit = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'import os\n' };
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: changeEventsOf(withBlank, [importOs, fix]) });
    const fixed = await pull(client, uri, first.resultId);
    assert.equal(fixed.kind, 'full');
    assert.notEqual(fixed.resultId, first.resultId);
    assert.deepEqual(ofRule(fixed.items ?? []), []);

    assert.deepEqual(pushedFor(client, uri), [], 'nothing pushed for the open document');
  });

  it('offers the quick fixes of a pulled diagnostic, also after an edit that moved no diagnostic', async () => {
    const { client, workspace } = await server(true);
    const uri = uriOf(workspace, 'load.py');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: SOURCE } });
    const report = await pull(client, uri);
    const [credential] = ofRule(report.items ?? []);
    const quickFixes = (version: number) =>
      client.request<Array<{ title: string; kind?: string; edit?: { documentChanges?: Array<{ textDocument?: { uri: string; version: number | null } }> } }>>('textDocument/codeAction', {
        textDocument: { uri },
        range: credential.range,
        context: { diagnostics: [credential], only: ['quickfix'] },
      }).then((actions) => {
        const fixes = actions.filter((action) => action.kind === 'quickfix' && /environment/i.test(action.title));
        assert.ok(fixes.length > 0, `quick fixes at version ${version}: ${actions.map((a) => a.title).join(' | ')}`);
        const ownEdits = fixes.flatMap((fix) => fix.edit?.documentChanges ?? []).filter((change) => change.textDocument?.uri === uri);
        assert.ok(ownEdits.length > 0);
        for (const change of ownEdits) assert.equal(change.textDocument?.version, version);
      });
    await quickFixes(1);

    // The client keeps the diagnostics of version 1 (`unchanged`): they stand for version 2's.
    const blank: TextEdit = { range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, newText: '\n' };
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: changeEventsOf(SOURCE, [blank]) });
    assert.equal((await pull(client, uri, report.resultId)).kind, 'unchanged');
    await quickFixes(2);
  });

  it('asks the client to pull again when the same version’s diagnostics change (settings)', async () => {
    const { client, workspace } = await server(true);
    const refreshes: number[] = [];
    client.onRequest('workspace/diagnostic/refresh', () => {
      refreshes.push(Date.now());
      return null;
    });
    const uri = uriOf(workspace, 'settings.py');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: SOURCE } });
    const before = await pull(client, uri);
    assert.equal(ofRule(before.items ?? [])[0]?.severity, 1);

    setSettings(client, { severity: { PW101: 'information' } });
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const deadline = Date.now() + 10_000;
    while (refreshes.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(refreshes.length, 1, 'one refresh request');
    const after = await pull(client, uri, before.resultId);
    assert.equal(after.kind, 'full');
    assert.equal(ofRule(after.items ?? [])[0]?.severity, 3);
  });

  it('pushes diagnostics to a client that does not pull', async () => {
    const { client, workspace } = await server(false);
    const uri = uriOf(workspace, 'push.py');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: SOURCE } });
    const published = await client.waitForDiagnostics(uri, 1);
    assert.equal(ofRule(published.diagnostics).length, 1);
  });
});
