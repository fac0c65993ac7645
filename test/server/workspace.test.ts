// The server's workspace model over stdio: the background scan with $/progress, workspace findings
// published for files that are not open (with related locations in the other files), per-file
// pipeline.yaml rules as you type, watched files created and deleted on disk, PW103 following the
// pipeline's retries, cross-file fixes, suppression comments, workspace folder changes, clients
// without progress support, and requests answered while a 2,000-file workspace is being scanned.

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { generateWorkspace } from '../../bench/generate-workspace';
import { LspClient, type Notification, type PublishedDiagnostics } from '../helpers/lsp-client';
import { clientCapabilities, createWorkspace, ensureBundle, REPO_ROOT, SERVER_BUNDLE, startServer, uriOf } from './support/server';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'sales_etl');

interface Related {
  location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
  message: string;
}

function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  // The pipeline's own files (the example's notebooks/ folder is not part of these cases).
  for (const entry of readdirSync(EXAMPLE, { withFileTypes: true })) if (entry.isFile()) files[entry.name] = readFileSync(path.join(EXAMPLE, entry.name), 'utf8');
  return files;
}

function codes(published: PublishedDiagnostics | undefined): string[] {
  return (published?.diagnostics ?? []).map((d) => String(d.code));
}

function progressKind(n: Notification): string | undefined {
  return n.method === '$/progress' ? (n.params as { value?: { kind?: string } }).value?.kind : undefined;
}

describe('language server: workspace model', () => {
  let client: LspClient;
  let workspace: string;
  const versions = new Map<string, number>();
  const texts = new Map<string, string>();

  before(async () => {
    workspace = createWorkspace(exampleFiles());
    client = await startServer({ workspace, settings: { lintDelayMs: 0 } });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
    rmSync(workspace, { recursive: true, force: true });
  });

  /** The next diagnostics for `uri` (after notification index `since`) that satisfy `test`. */
  async function diagnosticsWhere(uri: string, test: (published: PublishedDiagnostics) => boolean, since = 0, timeoutMs = 10_000): Promise<PublishedDiagnostics> {
    const n = await client.waitForNotification(
      'textDocument/publishDiagnostics',
      (params) => (params as PublishedDiagnostics).uri === uri && test(params as PublishedDiagnostics),
      timeoutMs,
      since,
    );
    return n.params as PublishedDiagnostics;
  }

  function open(name: string, languageId: string): string {
    const uri = uriOf(workspace, name);
    const text = readFileSync(path.join(workspace, name), 'utf8');
    versions.set(uri, 1);
    texts.set(uri, text);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text (one full-content change); returns the new version. */
  function replace(uri: string, text: string): number {
    const version = (versions.get(uri) ?? 1) + 1;
    versions.set(uri, version);
    texts.set(uri, text);
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  it('reports the scan with $/progress begin and end', async () => {
    const begin = await client.waitForNotification('$/progress', (params) => (params as { value?: { kind?: string } }).value?.kind === 'begin');
    assert.match(String((begin.params as { value: { title: string } }).value.title), /Pipewise: analysing workspace/);
    await client.waitForNotification('$/progress', (params) => (params as { value?: { kind?: string } }).value?.kind === 'end', 20_000);
    assert.ok(client.serverRequests.some((r) => r.method === 'window/workDoneProgress/create'));
  });

  it('registers watchers for Python files, Jupyter notebooks and YAML files', async () => {
    const registration = client.serverRequests.find((r) => r.method === 'client/registerCapability' && JSON.stringify(r.params).includes('didChangeWatchedFiles'));
    assert.ok(registration);
    assert.match(JSON.stringify(registration.params), /\*\*\/\*\.\{py,ipynb,yaml,yml\}/);
  });

  it('publishes the P3 findings of pipeline.yaml without opening it', async () => {
    const published = await diagnosticsWhere(uriOf(workspace, 'pipeline.yaml'), (p) => p.diagnostics.length > 0);
    for (const code of ['PW301', 'PW302', 'PW303']) assert.ok(codes(published).includes(code), `${code} in ${codes(published)}`);
    const pw303 = published.diagnostics.find((d) => d.code === 'PW303')!;
    assert.equal(pw303.source, 'pipewise');
    assert.match(String(pw303.codeDescription?.href), /PW303/);
  });

  it('publishes cross-file findings on the stage scripts with related locations', async () => {
    const extract = await diagnosticsWhere(uriOf(workspace, 'extract.py'), (p) => codes(p).includes('PW205'));
    const pw205 = extract.diagnostics.find((d) => d.code === 'PW205')!;
    assert.ok(pw205.relatedInformation?.length, 'PW205 has related information');
    const related = pw205.relatedInformation as Related[];
    assert.ok(related.some((r) => r.location.uri === uriOf(workspace, 'transform.py')), JSON.stringify(related));
    // The location is in transform.py's text (line 4: pd.read_csv("/tmp/sales_extract.csv")), not 0:0.
    const inTransform = related.find((r) => r.location.uri === uriOf(workspace, 'transform.py'))!;
    assert.ok(inTransform.location.range.start.line > 0, JSON.stringify(inTransform));

    const transform = await diagnosticsWhere(uriOf(workspace, 'transform.py'), (p) => codes(p).includes('PW105') && codes(p).includes('PW205'));
    const pw105 = transform.diagnostics.find((d) => d.code === 'PW105')!;
    assert.ok((pw105.relatedInformation as Related[]).some((r) => r.location.uri === uriOf(workspace, 'extract.py')));
    const load = await diagnosticsWhere(uriOf(workspace, 'load.py'), (p) => codes(p).includes('PW105'));
    assert.ok(load.diagnostics.find((d) => d.code === 'PW105')?.relatedInformation?.length);
  });

  it('merges workspace findings into an opened document and keeps them after closing it', async () => {
    const since = client.notifications.length;
    const uri = open('transform.py', 'python');
    const published = await diagnosticsWhere(uri, (p) => p.version === 1, since);
    assert.ok(codes(published).includes('PW201'), 'per-file finding');
    assert.ok(codes(published).includes('PW105') && codes(published).includes('PW205'), `workspace findings in ${codes(published)}`);
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: published.diagnostics.find((d) => d.code === 'PW105')!.range.start });
    assert.match(String(hover?.contents.value), /PW105/);
    const closedAt = client.notifications.length;
    client.notify('textDocument/didClose', { textDocument: { uri } });
    // A file that is not open shows what `pipewise check` finds in it: its own findings and the workspace ones.
    const afterClose = await diagnosticsWhere(uri, (p) => p.diagnostics.length > 0, closedAt);
    assert.deepEqual(codes(afterClose).sort(), ['PW105', 'PW201', 'PW204', 'PW205']);
  });

  it('runs PW401 on an open pipeline.yaml as the schedule is edited', async () => {
    const uri = open('pipeline.yaml', 'yaml');
    const original = texts.get(uri)!;
    let since = client.notifications.length;
    const broken = replace(uri, original.replace('"0 2 * * *"', '"0 25 * * *"'));
    const withError = await diagnosticsWhere(uri, (p) => p.version === broken, since);
    assert.ok(codes(withError).includes('PW401'), `PW401 in ${codes(withError)}`);
    assert.ok(codes(withError).includes('PW303'), 'workspace findings stay merged');
    since = client.notifications.length;
    const fixed = replace(uri, original);
    const clean = await diagnosticsWhere(uri, (p) => p.version === fixed, since);
    assert.ok(!codes(clean).includes('PW401'));
  });

  it('clears PW402 when the missing script is created on disk', async () => {
    const uri = uriOf(workspace, 'pipeline.yaml');
    const withMissing = `${texts.get(uri)!.trimEnd()}\n  - name: publish\n    script: missing.py\n`;
    let since = client.notifications.length;
    const version = replace(uri, withMissing);
    const missing = await diagnosticsWhere(uri, (p) => p.version === version, since);
    assert.ok(codes(missing).includes('PW402'), `PW402 in ${codes(missing)}`);

    since = client.notifications.length;
    writeFileSync(path.join(workspace, 'missing.py'), 'def publish():\n    """Publishes."""\n    return 1\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(workspace, 'missing.py'), type: 1 }] });
    const found = await diagnosticsWhere(uri, (p) => !codes(p).includes('PW402'), since);
    assert.equal(found.version, version, 'the same version, re-linted without reopening');
  });

  it('reports PW402 again when the script is deleted, and follows a README created on disk', async () => {
    const uri = uriOf(workspace, 'pipeline.yaml');
    let since = client.notifications.length;
    rmSync(path.join(workspace, 'missing.py'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(workspace, 'missing.py'), type: 3 }] });
    await diagnosticsWhere(uri, (p) => codes(p).includes('PW402'), since);

    const readme = (p: PublishedDiagnostics) => p.diagnostics.find((d) => d.code === 'PW302')?.message ?? '';
    assert.match(readme(client.latestDiagnostics(uri)!), /no README/);
    since = client.notifications.length;
    writeFileSync(path.join(workspace, 'README.md'), '# sales_etl\n\nExtracts orders, transforms them and loads them into BigQuery.\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(workspace, 'README.md'), type: 1 }] });
    const updated = await diagnosticsWhere(uri, (p) => !/no README/.test(readme(p)), since);
    assert.ok(codes(updated).includes('PW402'));
    // Back to the original text for the tests below.
    since = client.notifications.length;
    const original = texts.get(uri)!.replace('  - name: publish\n    script: missing.py\n', '');
    const version = replace(uri, original);
    await diagnosticsWhere(uri, (p) => p.version === version && !codes(p).includes('PW402'), since);
  });

  it('follows a notebook changed on disk outside the editor: its findings appear and go', async () => {
    const notebook = (code: string) => JSON.stringify({ cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: code.split(/(?<=\n)/) }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
    const file = path.join(workspace, 'notebooks', 'audit.ipynb');
    const uri = uriOf(workspace, 'notebooks/audit.ipynb');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, notebook('import os\npassword = os.environ["DB_PASSWORD"]\n'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });

    let since = client.notifications.length;
    writeFileSync(file, notebook('password = "hunter2-prod-db"\n'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    const changed = await diagnosticsWhere(uri, (p) => codes(p).includes('PW101'), since);
    const pw101 = changed.diagnostics.find((d) => d.code === 'PW101')!;
    const line = readFileSync(file, 'utf8').split('\n')[pw101.range.start.line];
    assert.ok(line.includes('password = '), `placed in the .ipynb's JSON text: ${line}`);

    since = client.notifications.length;
    writeFileSync(file, notebook('import os\npassword = os.environ["DB_PASSWORD"]\n'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    await diagnosticsWhere(uri, (p) => !codes(p).includes('PW101'), since);

    since = client.notifications.length;
    writeFileSync(file, notebook('password = "hunter2-prod-db"\n'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    await diagnosticsWhere(uri, (p) => codes(p).includes('PW101'), since);
    since = client.notifications.length;
    rmSync(file);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    await diagnosticsWhere(uri, (p) => p.diagnostics.length === 0, since);
  });

  it('drops PW103 on scripts once the pipeline retries its steps', async () => {
    let since = client.notifications.length;
    const extract = open('extract.py', 'python');
    const before = await diagnosticsWhere(extract, (p) => p.version === 1, since);
    assert.ok(codes(before).includes('PW103'), `PW103 in ${codes(before)}`);
    const config = uriOf(workspace, 'pipeline.yaml');
    since = client.notifications.length;
    replace(config, texts.get(config)!.replace('steps:\n', 'defaults:\n  retries: 3\nsteps:\n'));
    const afterRetries = await diagnosticsWhere(extract, (p) => !codes(p).includes('PW103'), since);
    assert.equal(afterRetries.version, 1);
  });

  it('offers a cross-file finding\'s fix that edits the other file', async () => {
    const extract = uriOf(workspace, 'extract.py');
    const published = client.latestDiagnostics(extract)!;
    const pw205 = published.diagnostics.find((d) => d.code === 'PW205');
    assert.ok(pw205, `PW205 in ${codes(published)}`);
    const actions = await client.request<Array<{ title: string; edit?: { documentChanges?: Array<{ textDocument?: { uri: string; version: number | null }; edits?: Array<{ newText: string }> }> } }>>(
      'textDocument/codeAction',
      { textDocument: { uri: extract }, range: pw205.range, context: { diagnostics: [pw205] } },
    );
    const fix = actions.find((action) => action.title.startsWith('Pipewise (PW205): Remove'));
    assert.ok(fix, actions.map((a) => a.title).join('\n'));
    const changes = fix.edit?.documentChanges ?? [];
    const inTransform = changes.find((change) => change.textDocument?.uri === uriOf(workspace, 'transform.py'));
    assert.ok(inTransform, JSON.stringify(changes));
    assert.equal(inTransform.textDocument!.version, null, 'transform.py is not open');
    assert.ok(inTransform.edits?.some((e) => e.newText.includes('sales_extract.csv')), JSON.stringify(inTransform.edits));
    assert.ok(!changes.some((change) => change.textDocument?.uri === extract && !change.edits?.length), 'no empty edit of extract.py');
  });

  it('honours suppression comments typed into an open file', async () => {
    let since = client.notifications.length;
    const uri = open('transform.py', 'python');
    await diagnosticsWhere(uri, (p) => p.version === 1 && codes(p).includes('PW105'), since);
    since = client.notifications.length;
    const version = replace(uri, `# pipewise: ignore-file[PW105]\n${texts.get(uri)!}`);
    const suppressed = await diagnosticsWhere(uri, (p) => p.version === version && !codes(p).includes('PW105') && codes(p).includes('PW205'), since);
    assert.ok(codes(suppressed).includes('PW201'));
  });
});

describe('language server: responsiveness while a large workspace is scanned', () => {
  let client: LspClient;
  let workspace: string;

  before(() => {
    workspace = createWorkspace();
    generateWorkspace(workspace, 400); // 2,000 files
  });

  after(async () => {
    if (client) assert.equal(await client.shutdown(), 0);
    rmSync(workspace, { recursive: true, force: true });
  });

  it('answers hover and code actions before the scan ends', async () => {
    client = await startServer({ workspace, settings: { lintDelayMs: 0 } });
    const name = path.join('pipelines', 'sales_0001', 'extract.py');
    const uri = uriOf(workspace, name);
    const text = readFileSync(path.join(workspace, name), 'utf8');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const position = { line: 6, character: 12 };
    const hover = client.request('textDocument/hover', { textDocument: { uri }, position }).then(() => performance.now());
    const actions = client
      .request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } })
      .then(() => performance.now());
    const [hoverAt, actionsAt] = await Promise.all([hover, actions]);
    const end = await client.waitForNotification('$/progress', (params) => (params as { value?: { kind?: string } }).value?.kind === 'end', 120_000);
    const reports = client.notifications.filter((n) => progressKind(n) === 'report');
    assert.ok(hoverAt < end.receivedAt, `hover answered ${Math.round(end.receivedAt - hoverAt)} ms before the scan ended`);
    assert.ok(actionsAt < end.receivedAt, 'code actions answered before the scan ended');
    assert.ok(reports.length > 0, 'progress reports during the scan');
    assert.match(String((reports.at(-1)!.params as { value: { message: string } }).value.message), /\d+\/\d+ files/);
    // Workspace findings arrive for files nobody opened once the scan is done.
    await client.waitForNotification('textDocument/publishDiagnostics', (params) => /sales_0399\/pipeline\.yaml$/.test((params as PublishedDiagnostics).uri), 60_000);
  });
});

describe('language server: workspace folders and plain clients', () => {
  const clients: LspClient[] = [];
  const dirs: string[] = [];

  after(async () => {
    for (const client of clients) assert.equal(await client.shutdown(), 0);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('analyses the workspace without $/progress when the client cannot show it', async () => {
    ensureBundle();
    const workspace = createWorkspace(exampleFiles());
    dirs.push(workspace);
    const client = new LspClient({ args: [SERVER_BUNDLE, '--stdio'], cwd: workspace });
    clients.push(client);
    const capabilities = clientCapabilities() as { window: Record<string, unknown> };
    delete capabilities.window.workDoneProgress;
    const rootUri = pathToFileURL(workspace).toString();
    await client.initialize({ rootUri, capabilities });
    const published = await client.waitForDiagnostics(uriOf(workspace, 'pipeline.yaml'));
    assert.ok(codes(published).includes('PW303'));
    assert.ok(!client.notifications.some((n) => n.method === '$/progress'));
    assert.ok(!client.serverRequests.some((r) => r.method === 'window/workDoneProgress/create'));
  });

  it('follows created files that are not .gitignore\'d', async () => {
    const workspace = createWorkspace({ ...exampleFiles(), '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'build/\n' });
    dirs.push(workspace);
    const client = await startServer({ workspace, settings: { lintDelayMs: 0 } });
    clients.push(client);
    await client.waitForDiagnostics(uriOf(workspace, 'pipeline.yaml'));
    const since = client.notifications.length;
    const files = exampleFiles();
    for (const folder of ['build', 'copy']) {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(path.join(workspace, folder), { recursive: true });
        writeFileSync(path.join(workspace, folder, name), text);
      }
    }
    const changes = ['build', 'copy'].flatMap((folder) => Object.keys(files).map((name) => ({ uri: uriOf(workspace, `${folder}/${name}`), type: 1 })));
    client.notify('workspace/didChangeWatchedFiles', { changes });
    const copied = await client.waitForDiagnostics(uriOf(workspace, 'copy/pipeline.yaml'), undefined, 10_000, since);
    assert.ok(codes(copied).includes('PW303'));
    const ignored = client.notifications.slice(since).filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as PublishedDiagnostics).uri.includes('/build/'));
    assert.deepEqual(ignored, []);
  });

  it('clears a removed folder\'s diagnostics and analyses an added one', async () => {
    const first = createWorkspace(exampleFiles());
    const second = createWorkspace(exampleFiles());
    dirs.push(first, second);
    const client = await startServer({ workspace: first, settings: { lintDelayMs: 0 } });
    clients.push(client);
    await client.waitForDiagnostics(uriOf(first, 'pipeline.yaml'));
    const since = client.notifications.length;
    client.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: pathToFileURL(second).toString(), name: 'second' }], removed: [{ uri: pathToFileURL(first).toString(), name: path.basename(first) }] },
    });
    const cleared = await client.waitForDiagnostics(uriOf(first, 'pipeline.yaml'), undefined, 10_000, since);
    assert.deepEqual(cleared.diagnostics, []);
    const added = await client.waitForDiagnostics(uriOf(second, 'pipeline.yaml'), undefined, 20_000, since);
    assert.ok(codes(added).includes('PW301'));
  });
});
