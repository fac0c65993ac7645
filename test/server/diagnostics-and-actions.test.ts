// The bundled server over stdio: capabilities, diagnostics on open and incremental change, quick
// fixes, disable-for-line, fix-all, documentation command and hover.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LspClient, PublishedDiagnostics } from '../helpers/lsp-client';
import { applyTextEdits, changeEventsOf, createWorkspace, ofRule, startServer, uriOf, type TextEdit } from './support/server';

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: unknown[];
  command?: { title: string; command: string; arguments?: unknown[] };
  edit?: { documentChanges?: Array<{ kind?: string; uri?: string; textDocument?: { uri: string; version: number | null }; edits?: TextEdit[] }> };
}

const PASSWORD = 's3cr3tPa55';
const SOURCE = ['import psycopg2', '', '', 'def extract():', `    conn = psycopg2.connect("postgresql://user:${PASSWORD}@localhost:5432/sales")`, '    return conn', ''].join('\n');
const LITERAL = `"postgresql://user:${PASSWORD}@localhost:5432/sales"`;

describe('language server: diagnostics and code actions', () => {
  let client: LspClient;
  let workspace: string;
  const docs = new Map<string, { text: string; version: number }>();

  before(async () => {
    workspace = createWorkspace({ '.env.example': 'EXISTING=1' });
    client = await startServer({ workspace, settings: { lintDelayMs: 0 } });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  /** PW101's diagnostics of a published set: the other rules run too but are not under test. */
  function pw101(published: PublishedDiagnostics): PublishedDiagnostics {
    return { ...published, diagnostics: ofRule(published.diagnostics) };
  }

  async function open(name: string, text: string, languageId = 'python'): Promise<PublishedDiagnostics> {
    const uri = uriOf(workspace, name);
    docs.set(uri, { text, version: 1 });
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return pw101(await client.waitForDiagnostics(uri, 1));
  }

  /** Sends the edits as incremental changes and returns the diagnostics of the new version. */
  async function edit(uri: string, edits: readonly TextEdit[]): Promise<PublishedDiagnostics> {
    const doc = docs.get(uri);
    assert.ok(doc, `${uri} is open`);
    const version = doc.version + 1;
    const text = applyTextEdits(doc.text, edits);
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changeEventsOf(doc.text, edits) });
    docs.set(uri, { text, version });
    return pw101(await client.waitForDiagnostics(uri, version));
  }

  function textOf(uri: string): string {
    return docs.get(uri)?.text ?? '';
  }

  function codeActions(uri: string, diagnostics: PublishedDiagnostics['diagnostics'], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  function editsFor(action: CodeAction, uri: string): { version: number | null; edits: TextEdit[] } {
    const change = action.edit?.documentChanges?.find((c) => c.textDocument?.uri === uri);
    assert.ok(change?.textDocument && change.edits, `${action.title} edits ${uri}`);
    return { version: change.textDocument.version, edits: change.edits };
  }

  it('advertises incremental sync, code actions, hover and the documentation command', async () => {
    const probe = client.serverCapabilities;
    assert.deepEqual(probe.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.deepEqual(probe.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll', 'source.fixAll.pipewise'] });
    assert.equal(probe.hoverProvider, true);
    assert.deepEqual(probe.executeCommandProvider, { commands: ['pipewise.showDocumentation'] });
  });

  it('publishes a PW101 error covering the string literal on open', async () => {
    const published = await open('etl/extract.py', SOURCE);
    assert.equal(published.version, 1);
    assert.equal(published.diagnostics.length, 1);
    const [diagnostic] = published.diagnostics;
    const line = SOURCE.split('\n')[4];
    assert.deepEqual(diagnostic.range, { start: { line: 4, character: line.indexOf(LITERAL) }, end: { line: 4, character: line.indexOf(LITERAL) + LITERAL.length } });
    assert.equal(diagnostic.severity, 1);
    assert.equal(diagnostic.source, 'pipewise');
    assert.equal(diagnostic.code, 'PW101');
    assert.ok(diagnostic.codeDescription?.href.startsWith('file:'), diagnostic.codeDescription?.href);
    assert.ok(diagnostic.codeDescription?.href.endsWith('rules/PW101-hardcoded-credential.md'), diagnostic.codeDescription?.href);
    assert.ok(!diagnostic.message.includes(PASSWORD));
    const data = diagnostic.data as { ruleId: string; priority: string; version: number; fixes: Array<{ title: string; edits: TextEdit[] }> };
    assert.equal(data.ruleId, 'PW101');
    assert.equal(data.priority, 'P1');
    assert.equal(data.version, 1);
    assert.ok(data.fixes.length > 0);
    for (const fix of data.fixes) assert.ok(fix.title.startsWith('Pipewise (PW101): '), fix.title);
  });

  it('updates diagnostics on incremental changes', async () => {
    const uri = uriOf(workspace, 'etl/incremental.py');
    await open('etl/incremental.py', SOURCE);
    // A character typed elsewhere shifts nothing on the finding's line.
    const typed = await edit(uri, [{ range: { start: { line: 5, character: 15 }, end: { line: 5, character: 15 } }, newText: '_' }]);
    assert.equal(typed.diagnostics.length, 1);
    assert.equal(typed.diagnostics[0].range.start.line, 4);
    // A new line above moves the finding down.
    const moved = await edit(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '# extract sales\n' }]);
    assert.equal(moved.diagnostics[0].range.start.line, 5);
    const line = textOf(uri).split('\n')[5];
    const at = line.indexOf(`:${PASSWORD}@`);
    const gone = await edit(uri, [{ range: { start: { line: 5, character: at }, end: { line: 5, character: at + PASSWORD.length + 1 } }, newText: '' }]);
    assert.ok(textOf(uri).includes('postgresql://user@localhost'));
    assert.deepEqual(gone.diagnostics, []);
  });

  it('applies several changes of one notification in order', async () => {
    const uri = uriOf(workspace, 'etl/batch.py');
    await open('etl/batch.py', 'import psycopg2\n\nconn = None\n');
    const version = 2;
    const contentChanges = [
      { range: { start: { line: 2, character: 7 }, end: { line: 2, character: 11 } }, text: 'psycopg2.connect("postgresql://u:hunter22@db/x")' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# header\n' },
    ];
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    const published = pw101(await client.waitForDiagnostics(uri, version));
    assert.equal(published.diagnostics.length, 1);
    assert.equal(published.diagnostics[0].range.start.line, 3);
    assert.equal(published.diagnostics[0].range.start.character, 'conn = psycopg2.connect('.length);
  });

  it('offers the rule fixes with the preferred one marked, as versioned edits', async () => {
    const uri = uriOf(workspace, 'etl/quickfix.py');
    const published = await open('etl/quickfix.py', SOURCE);
    const actions = await codeActions(uri, published.diagnostics);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1);
    const [fix] = preferred;
    assert.ok(fix.title.startsWith('Pipewise (PW101): '), fix.title);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.diagnostics?.length, 1);
    const { version, edits } = editsFor(fix, uri);
    assert.equal(version, 1);
    const fixed = applyTextEdits(SOURCE, edits);
    assert.ok(fixed.includes('os.environ["SALES_DB_URL"]'), fixed);
    assert.match(fixed, /^import os$/m);
    assert.ok(!fixed.includes(PASSWORD));
    const after = await edit(uri, edits);
    assert.deepEqual(after.diagnostics, []);
  });

  it('appends the variable to .env.example with the companion fix', async () => {
    const uri = uriOf(workspace, 'etl/companion.py');
    const published = await open('etl/companion.py', SOURCE);
    const actions = await codeActions(uri, published.diagnostics);
    const companion = actions.find((a) => a.edit?.documentChanges?.some((c) => c.kind === 'create'));
    assert.ok(companion, `one action creates a file: ${actions.map((a) => a.title).join(' | ')}`);
    const envUri = uriOf(workspace, '.env.example');
    const create = companion.edit?.documentChanges?.find((c) => c.kind === 'create');
    assert.equal(create?.uri, envUri);
    const append = editsFor(companion, envUri);
    assert.equal(applyTextEdits(readFileSync(path.join(workspace, '.env.example'), 'utf8'), append.edits), 'EXISTING=1\nSALES_DB_URL=\n');
  });

  it('disables the rule for the line with a suppression comment', async () => {
    const uri = uriOf(workspace, 'etl/disable.py');
    const published = await open('etl/disable.py', SOURCE);
    const actions = await codeActions(uri, published.diagnostics);
    const disable = actions.find((a) => a.title === 'Pipewise (PW101): Disable PW101 for this line');
    assert.ok(disable, actions.map((a) => a.title).join(' | '));
    const { version, edits } = editsFor(disable, uri);
    assert.equal(version, 1);
    const disabled = applyTextEdits(SOURCE, edits);
    assert.ok(disabled.split('\n')[4].endsWith(`${LITERAL})  # pipewise: ignore[PW101]`), disabled);
    const after = await edit(uri, edits);
    assert.deepEqual(after.diagnostics, []);
  });

  it('merges into an existing suppression comment', async () => {
    const uri = uriOf(workspace, 'etl/merge.py');
    const text = `import psycopg2\nconn = psycopg2.connect("postgresql://u:hunter22@db/x")  # pipewise: ignore[PW207]\n`;
    const published = await open('etl/merge.py', text);
    const disable = (await codeActions(uri, published.diagnostics)).find((a) => a.title.endsWith('Disable PW101 for this line'));
    assert.ok(disable);
    assert.ok(applyTextEdits(text, editsFor(disable, uri).edits).includes('# pipewise: ignore[PW207, PW101]\n'));
  });

  it('puts the suppression comment above the line in .env files', async () => {
    const uri = uriOf(workspace, 'deploy/.env');
    const text = 'DB_HOST=localhost\n  DB_PASSWORD=Xk9vPq2LmN7wRt\n';
    const published = await open('deploy/.env', text, 'dotenv');
    assert.equal(published.diagnostics.length, 1, JSON.stringify(published.diagnostics));
    const disable = (await codeActions(uri, published.diagnostics)).find((a) => a.title.endsWith('Disable PW101 for this line'));
    assert.ok(disable);
    const disabled = applyTextEdits(text, editsFor(disable, uri).edits);
    assert.equal(disabled, 'DB_HOST=localhost\n  # pipewise: ignore[PW101]\n  DB_PASSWORD=Xk9vPq2LmN7wRt\n');
    assert.deepEqual((await edit(uri, editsFor(disable, uri).edits)).diagnostics, []);
  });

  it('puts the suppression comment above a line that ends inside a multi-line string', async () => {
    const uri = uriOf(workspace, 'etl/multiline.py');
    const text = 'import psycopg2\n\ndef extract():\n    conn = psycopg2.connect("""postgresql://u:hunter22@db/x\n""")\n';
    const published = await open('etl/multiline.py', text);
    assert.equal(published.diagnostics.length, 1);
    const disable = (await codeActions(uri, published.diagnostics)).find((a) => a.title.endsWith('Disable PW101 for this line'));
    assert.ok(disable);
    const disabled = applyTextEdits(text, editsFor(disable, uri).edits);
    assert.ok(disabled.includes('\n    # pipewise: ignore[PW101]\n    conn = psycopg2.connect("""'), disabled);
    assert.deepEqual((await edit(uri, editsFor(disable, uri).edits)).diagnostics, []);
  });

  it('disables a YAML finding with an end-of-line comment', async () => {
    const uri = uriOf(workspace, 'pipeline.yaml');
    const text = 'steps:\n  - name: extract\n    db: postgresql://etl:hunter22@db/sales\n';
    const published = await open('pipeline.yaml', text, 'yaml');
    assert.equal(published.diagnostics.length, 1);
    const disable = (await codeActions(uri, published.diagnostics)).find((a) => a.title.endsWith('Disable PW101 for this line'));
    assert.ok(disable);
    assert.equal(applyTextEdits(text, editsFor(disable, uri).edits), 'steps:\n  - name: extract\n    db: postgresql://etl:hunter22@db/sales  # pipewise: ignore[PW101]\n');
    assert.deepEqual((await edit(uri, editsFor(disable, uri).edits)).diagnostics, []);
  });

  it('lints key files and templated config, and offers no suppression comment inside a key', async () => {
    const body = ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj', 'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu'];
    const key = ['-----BEGIN PRIVATE KEY-----', ...body, '-----END PRIVATE KEY-----', ''].join('\n');
    const keyUri = uriOf(workspace, 'keys/rsa_key.p8');
    const published = await open('keys/rsa_key.p8', key, 'plaintext');
    assert.equal(published.diagnostics.length, 1, JSON.stringify(published.diagnostics));
    assert.deepEqual(published.diagnostics[0].range.start, { line: 0, character: 0 });
    assert.ok(!published.diagnostics[0].message.includes(body[0].slice(0, 3)), published.diagnostics[0].message);
    const actions = await codeActions(keyUri, published.diagnostics);
    assert.ok(!actions.some((a) => a.title.endsWith('Disable PW101 for this line')), actions.map((a) => a.title).join(', '));
    const templated = await open('deploy/values.yaml.j2', 'db:\n{% if prod %}\n  password: Xk9vPq2LmN7wRt\n{% endif %}\n  host: {{ db_host }}\n', 'jinja-yaml');
    assert.equal(templated.diagnostics.length, 1, JSON.stringify(templated.diagnostics));
    assert.equal(templated.diagnostics[0].range.start.line, 2);
  });

  it('offers "show documentation", which opens the rule page', async () => {
    const uri = uriOf(workspace, 'etl/docs.py');
    const published = await open('etl/docs.py', SOURCE);
    const actions = await codeActions(uri, published.diagnostics);
    const show = actions.find((a) => a.title === 'Pipewise (PW101): Show documentation for PW101');
    assert.ok(show?.command);
    assert.deepEqual(show.command, { title: show.title, command: 'pipewise.showDocumentation', arguments: ['PW101'] });
    assert.equal(actions.at(-1), show, 'documentation comes last');
    const requestsBefore = client.serverRequests.length;
    await client.request('workspace/executeCommand', { command: show.command.command, arguments: show.command.arguments });
    const request = client.serverRequests.slice(requestsBefore).find((r) => r.method === 'window/showDocument');
    const params = request?.params as { uri: string; external?: boolean } | undefined;
    assert.ok(params, 'window/showDocument was requested');
    assert.ok(params.uri.startsWith('file:') && params.uri.endsWith('rules/PW101-hardcoded-credential.md'), params.uri);
    assert.equal(params.external, false);
  });

  it('fixes all safe problems with one versioned edit, only when asked', async () => {
    const uri = uriOf(workspace, 'etl/fixall.py');
    const text = `${SOURCE}\ndef load():\n    return psycopg2.connect(password="Zx8vQ2mLp9rT")\n`;
    const published = await open('etl/fixall.py', text);
    assert.equal(published.diagnostics.length, 2);
    const plain = await codeActions(uri, published.diagnostics);
    assert.ok(!plain.some((a) => a.kind?.startsWith('source')), 'no source action without `only`');
    for (const only of [['source.fixAll.pipewise'], ['source.fixAll'], ['source']]) {
      const actions = await codeActions(uri, [], only);
      assert.equal(actions.length, 1, `one action for ${only}`);
      assert.equal(actions[0].kind, 'source.fixAll.pipewise');
      assert.equal(actions[0].edit?.documentChanges?.length, 1);
    }
    const [fixAll] = await codeActions(uri, [], ['source.fixAll.pipewise']);
    const { version, edits } = editsFor(fixAll, uri);
    assert.equal(version, 1);
    assert.equal(edits.length, 1);
    const after = await edit(uri, edits);
    assert.deepEqual(after.diagnostics, [], textOf(uri));
    assert.deepEqual(await codeActions(uri, [], ['source.fixAll.pipewise']), [], 'nothing left to fix');
  });

  it('explains a finding on hover without revealing the secret', async () => {
    const uri = uriOf(workspace, 'etl/hover.py');
    const published = await open('etl/hover.py', SOURCE);
    const position = { line: 4, character: published.diagnostics[0].range.start.character + 5 };
    const hover = await client.request<{ contents: { kind: string; value: string }; range: unknown } | null>('textDocument/hover', { textDocument: { uri }, position });
    assert.ok(hover);
    assert.equal(hover.contents.kind, 'markdown');
    const markdown = hover.contents.value;
    assert.ok(markdown.includes('**PW101 · Hardcoded credential** (P1)'), markdown);
    assert.ok(markdown.includes('```python'), markdown);
    assert.ok(markdown.includes('os.environ["SALES_DB_URL"]'), markdown);
    assert.ok(markdown.includes('PW101-hardcoded-credential.md'), markdown);
    assert.ok(!markdown.includes(PASSWORD), markdown);
    assert.equal((hover.range as { start: { line: number } }).start.line, 4);
    const outside = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(outside, null);
  });

  it('hovers on a version newer than the last lint', async () => {
    const uri = uriOf(workspace, 'etl/hover-fresh.py');
    await open('etl/hover-fresh.py', 'x = 1\n');
    // Hover right after the change, before waiting for its diagnostics.
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } }, text: '"postgresql://u:hunter22@db/x"' }],
    });
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } });
    assert.ok(hover?.contents.value.includes('PW101'), JSON.stringify(hover));
  });

  it('reports positions in UTF-16 code units', async () => {
    const uri = uriOf(workspace, 'etl/unicode.py');
    const line = 'x = "😀 é"; conn = psycopg2.connect("postgresql://u:pw@h/db")';
    const published = await open('etl/unicode.py', `import psycopg2\n${line}\n`);
    assert.equal(published.diagnostics.length, 1);
    const start = line.indexOf('"postgresql');
    assert.deepEqual(published.diagnostics[0].range, { start: { line: 1, character: start }, end: { line: 1, character: line.length - 1 } });
    // Editing after the emoji keeps the incremental tree in step.
    const typed = await edit(uri, [{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } }, newText: '🚀' }]);
    assert.equal(typed.diagnostics[0].range.start.character, start + 2);
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = uriOf(workspace, 'etl/close.py');
    await open('etl/close.py', SOURCE);
    const since = client.notifications.length;
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const cleared = await client.waitForDiagnostics(uri, undefined, 5_000, since);
    assert.deepEqual(cleared.diagnostics, []);
  });
});
