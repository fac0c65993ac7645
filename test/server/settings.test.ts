// Settings over the protocol: pulled per document with workspace/configuration (including clients
// that answer null), pushed by clients that cannot be asked, merged with the project file, baseline,
// exclusion and the debounce of changes.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Baseline, createBaseline } from '../../server/src/engine/baseline';
import { resolveConfig } from '../../server/src/engine/config';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../rules/index';
import { LspClient, type PublishedDiagnostics } from '../helpers/lsp-client';
import { clientCapabilities, createWorkspace, ensureBundle, ofRule, SERVER_BUNDLE, setSettings, startServer, uriOf } from './support/server';

const CREDENTIAL = 'import psycopg2\nconn = psycopg2.connect("postgresql://user:hunter22@localhost:5432/sales")\n';

const clients: LspClient[] = [];

async function serverWith(settings: unknown, files: Record<string, string> = {}): Promise<{ client: LspClient; workspace: string }> {
  const workspace = createWorkspace(files);
  const client = await startServer({ workspace, settings });
  clients.push(client);
  return { client, workspace };
}

/** Opens a document and returns PW101's diagnostics of its first publication. */
async function openAndWait(client: LspClient, uri: string, text: string, languageId = 'python') {
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  return pw101(await client.waitForDiagnostics(uri, 1));
}

function pw101(published: PublishedDiagnostics): PublishedDiagnostics {
  return { ...published, diagnostics: ofRule(published.diagnostics) };
}

after(async () => {
  for (const client of clients) assert.equal(await client.shutdown(), 0);
});

describe('language server: settings', () => {
  it('applies a severity override from workspace/configuration', async () => {
    const { client, workspace } = await serverWith({ severity: { PW101: 'warning' } });
    const published = await openAndWait(client, uriOf(workspace, 'a.py'), CREDENTIAL);
    assert.equal(published.diagnostics.length, 1);
    assert.equal(published.diagnostics[0].severity, 2);
    // Asked for the document's scope (the window's settings are asked for too: pipewise.memory.*).
    const request = client.serverRequests.find((r) => r.method === 'workspace/configuration' && (r.params as { items: Array<{ scopeUri?: string }> }).items[0]?.scopeUri === uriOf(workspace, 'a.py'));
    assert.deepEqual(request?.params, { items: [{ scopeUri: uriOf(workspace, 'a.py'), section: 'pipewise' }] });
  });

  it('publishes nothing when disabled', async () => {
    const { client, workspace } = await serverWith({ enable: false });
    const published = await openAndWait(client, uriOf(workspace, 'a.py'), CREDENTIAL);
    assert.deepEqual(published.diagnostics, []);
  });

  for (const answer of [null, [null], 'not settings', { severity: 'loud', select: 'PW1', lintDelayMs: 'soon' }]) {
    it(`uses defaults when the client answers ${JSON.stringify(answer)}`, async () => {
      const workspace = createWorkspace();
      ensureBundle();
      const client = new LspClient({ args: [SERVER_BUNDLE, '--stdio'], cwd: workspace });
      clients.push(client);
      client.onRequest('workspace/configuration', () => answer);
      await client.initialize({ rootUri: null, capabilities: clientCapabilities() });
      const published = await openAndWait(client, uriOf(workspace, 'a.py'), CREDENTIAL);
      assert.equal(published.diagnostics.length, 1);
      assert.equal(published.diagnostics[0].severity, 1);
    });
  }

  it('reads partial settings objects', async () => {
    const { client, workspace } = await serverWith({ severity: { pw101: 'hint' } });
    const published = await openAndWait(client, uriOf(workspace, 'a.py'), CREDENTIAL);
    assert.equal(published.diagnostics[0].severity, 4);
  });

  it('links to docsBaseUrl + rule id when configured', async () => {
    const { client, workspace } = await serverWith({ docsBaseUrl: 'https://wiki.example.com/pipewise/' });
    const published = await openAndWait(client, uriOf(workspace, 'a.py'), CREDENTIAL);
    assert.equal(published.diagnostics[0].codeDescription?.href, 'https://wiki.example.com/pipewise/PW101');
    const requestsBefore = client.serverRequests.length;
    await client.request('workspace/executeCommand', { command: 'pipewise.showDocumentation', arguments: ['PW101'] });
    const shown = client.serverRequests.slice(requestsBefore).find((r) => r.method === 'window/showDocument');
    assert.deepEqual(shown?.params, { uri: 'https://wiki.example.com/pipewise/PW101', external: true });
  });

  it('keeps only security findings in folders pipewise.extendDormantCode names', async () => {
    const stage = 'import psycopg2\nimport pandas as pd\n\n\ndef extract():\n    conn = psycopg2.connect(host="db", password="Tr0ub4dor&3xq9")\n    return pd.read_sql("SELECT id FROM orders WHERE day = %s", conn, params=[1])\n';
    const { client, workspace } = await serverWith({ extendDormantCode: ['**/retired'] });
    const rulesOf = async (file: string) => {
      const uri = uriOf(workspace, file);
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: stage } });
      return [...new Set((await client.waitForDiagnostics(uri, 1)).diagnostics.map((d) => String(d.code)))].sort();
    };
    assert.deepEqual(await rulesOf('etl/extract.py'), ['PW101', 'PW103']);
    assert.deepEqual(await rulesOf('retired/extract.py'), ['PW101']);
  });

  it('re-reads settings and re-lints open documents on didChangeConfiguration', async () => {
    const { client, workspace } = await serverWith({});
    const uri = uriOf(workspace, 'a.py');
    assert.equal((await openAndWait(client, uri, CREDENTIAL)).diagnostics[0].severity, 1);
    setSettings(client, { severity: { PW101: 'information' } });
    const since = client.notifications.length;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const relinted = pw101(await client.waitForDiagnostics(uri, 1, 10_000, since));
    assert.equal(relinted.diagnostics[0].severity, 3);
  });

  it('takes pushed settings from clients without workspace/configuration', async () => {
    const workspace = createWorkspace();
    ensureBundle();
    const client = new LspClient({ args: [SERVER_BUNDLE, '--stdio'], cwd: workspace });
    clients.push(client);
    await client.initialize({ rootUri: null, capabilities: clientCapabilities({ configuration: false, showDocument: false }) });
    const uri = uriOf(workspace, 'a.py');
    assert.equal((await openAndWait(client, uri, CREDENTIAL)).diagnostics[0].severity, 1, 'defaults before any push');
    const since = client.notifications.length;
    client.notify('workspace/didChangeConfiguration', { settings: { pipewise: { severity: { PW101: 'warning' } } } });
    assert.equal(pw101(await client.waitForDiagnostics(uri, 1, 10_000, since)).diagnostics[0].severity, 2);
    assert.ok(!client.serverRequests.some((r) => r.method === 'workspace/configuration'));
    // Without window/showDocument the documentation link is shown as a message.
    const messagesBefore = client.notifications.length;
    await client.request('workspace/executeCommand', { command: 'pipewise.showDocumentation', arguments: ['PW101'] });
    const message = await client.waitForNotification('window/showMessage', () => true, 5_000, messagesBefore);
    assert.match((message.params as { message: string }).message, /PW101-hardcoded-credential\.md/);
  });

  it('lets the project file win and re-reads it when it changes', async () => {
    const { client, workspace } = await serverWith({ severity: { PW101: 'warning' } }, { 'pipewise.toml': '[severity]\nPW101 = "hint"\n' });
    const uri = uriOf(workspace, 'jobs/a.py');
    assert.equal((await openAndWait(client, uri, CREDENTIAL)).diagnostics[0].severity, 4);
    writeFileSync(path.join(workspace, 'pipewise.toml'), 'ignore = ["PW101"]\n');
    const since = client.notifications.length;
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(workspace, 'pipewise.toml'), type: 2 }] });
    assert.deepEqual(pw101(await client.waitForDiagnostics(uri, 1, 10_000, since)).diagnostics, []);
  });

  it('reports a broken project file once and lints with the editor settings', async () => {
    const { client, workspace } = await serverWith({ severity: { PW101: 'warning' } }, { 'pipewise.toml': 'select = [\n' });
    const first = await openAndWait(client, uriOf(workspace, 'a.py'), CREDENTIAL);
    assert.equal(first.diagnostics[0].severity, 2);
    await openAndWait(client, uriOf(workspace, 'b.py'), CREDENTIAL);
    const shown = client.notifications.filter((n) => n.method === 'window/showMessage');
    assert.equal(shown.length, 1);
    assert.match((shown[0].params as { message: string }).message, /pipewise\.toml/);
    assert.ok(client.logMessages().some((line) => line.includes('pipewise.toml')));
  });

  it('reports only findings missing from the configured baseline', async () => {
    const workspace = createWorkspace();
    const file = path.join(workspace, 'a.py');
    const baselineFile = path.join(workspace, '.pipewise-baseline.json');
    const engine = await Engine.create(ALL_RULES);
    const known = engine.lintText(file, CREDENTIAL, resolveConfig(undefined, null, workspace));
    engine.dispose();
    assert.equal(ofRule(known.map((finding) => ({ code: finding.ruleId }))).length, 1);
    writeFileSync(baselineFile, JSON.stringify(createBaseline(baselineFile, known.map((finding) => ({ file, finding })))));
    assert.deepEqual(Baseline.load(baselineFile).filterNew(file, known), []);

    const client = await startServer({ workspace, settings: { baseline: '.pipewise-baseline.json', lintDelayMs: 0 } });
    clients.push(client);
    const uri = uriOf(workspace, 'a.py');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: CREDENTIAL } });
    assert.deepEqual((await client.waitForDiagnostics(uri, 1)).diagnostics, [], 'every finding is in the baseline');
    const added = 'token = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"\n';
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: added }] });
    const published = pw101(await client.waitForDiagnostics(uri, 2));
    assert.equal(published.diagnostics.length, 1);
    assert.equal(published.diagnostics[0].range.start.line, 2);
  });

  it('logs a missing baseline once and reports every finding', async () => {
    const { client, workspace } = await serverWith({ baseline: 'missing-baseline.json' });
    assert.equal((await openAndWait(client, uriOf(workspace, 'a.py'), CREDENTIAL)).diagnostics.length, 1);
    await openAndWait(client, uriOf(workspace, 'b.py'), CREDENTIAL);
    assert.equal(client.logMessages().filter((line) => line.includes('missing-baseline.json')).length, 1);
  });

  it('skips excluded files', async () => {
    const { client, workspace } = await serverWith({ exclude: ['legacy/**'] });
    assert.deepEqual((await openAndWait(client, uriOf(workspace, 'legacy/old.py'), CREDENTIAL)).diagnostics, []);
    assert.equal((await openAndWait(client, uriOf(workspace, 'new.py'), CREDENTIAL)).diagnostics.length, 1);
  });

  it('debounces changes: only the newest version is linted', async () => {
    const { client, workspace } = await serverWith({ lintDelayMs: 1000 });
    const uri = uriOf(workspace, 'a.py');
    await openAndWait(client, uri, 'x = 1\n');
    const since = client.notifications.length;
    for (let version = 2; version <= 5; version++) {
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `y${version} = 1\n` }] });
    }
    // Hover sees the newest text at once, without waiting for the debounce.
    const hoverText = 'conn = psycopg2.connect("postgresql://u:hunter22@db/x")\n';
    client.notify('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: hoverText }] });
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 30 } });
    assert.ok(hover?.contents.value.includes('PW101'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const versions = client.notifications.slice(since).filter((n) => n.method === 'textDocument/publishDiagnostics').map((n) => (n.params as { version?: number }).version);
    assert.deepEqual(versions, [6]);
  });
});
