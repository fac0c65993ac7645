// Inputs that must not take the server down: huge, binary, invalid and half-typed documents, YAML
// alias bombs, malformed messages; and incremental parsing that must agree with a fresh parse.

import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_ANALYSED_DOCUMENTS } from '../../server/src/features/client-settings';
import type { LspClient } from '../helpers/lsp-client';
import { applyTextEdits, createWorkspace, ensureBundle, ofRule, positionAt, SERVER_BUNDLE, startServer, uriOf } from './support/server';

const CREDENTIAL_LINE = 'conn = psycopg2.connect("postgresql://u:hunter22@h/db")';

describe('language server: robustness', () => {
  let client: LspClient;
  let workspace: string;

  before(async () => {
    workspace = createWorkspace();
    client = await startServer({ workspace, settings: { lintDelayMs: 0 } });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  function open(name: string, text: string, languageId = 'python', version = 1) {
    const uri = uriOf(workspace, name);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return { uri, published: client.waitForDiagnostics(uri, version, 30_000) };
  }

  /** The server still lints: a fresh document gets its finding. */
  async function assertAlive(): Promise<void> {
    const name = `alive-${client.notifications.length}.py`;
    const { published } = open(name, `import psycopg2\n${CREDENTIAL_LINE}\n`);
    assert.equal(ofRule((await published).diagnostics).length, 1);
  }

  it('skips a 10 MB file with one log line and keeps serving', async () => {
    const line = 'df = pd.read_csv("s3://bucket/data.csv")  # padding padding padding padding\n';
    const big = `import pandas as pd\n${line.repeat(Math.ceil((10 * 1024 * 1024 - 20) / line.length))}`.slice(0, 10 * 1024 * 1024);
    const { uri, published } = open('big.py', big);
    const notChecked = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 3, source: 'pipewise', message: 'Pipewise: not checked: 10 MB is over 640 kB, the analysis limit for Python' }];
    assert.deepEqual((await published).diagnostics, notChecked);
    const skipped = client.logMessages().filter((message) => message.includes('big.py'));
    assert.deepEqual(skipped.map((message) => message.replace(/^.*skipped /, 'skipped ').replace(/\S*big\.py/, 'big.py')), ['skipped big.py: 10 MB is over 640 kB, the analysis limit for Python']);
    // Typing in it neither analyses it nor logs again.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '#' }] });
    assert.deepEqual((await client.waitForDiagnostics(uri, 2, 30_000)).diagnostics, notChecked);
    assert.equal(client.logMessages().filter((message) => message.includes('big.py')).length, 1);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } });
    assert.equal(hover, null);
    await assertAlive();
    // Once small again it is analysed.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: `import psycopg2\n${CREDENTIAL_LINE}\n` }] });
    assert.equal(ofRule((await client.waitForDiagnostics(uri, 3, 30_000)).diagnostics).length, 1);
  });

  it('analyses text with replacement characters and lone surrogates', async () => {
    const text = `import psycopg2\nx = "\uFFFD\uD800 \uDC00"  # \uFFFD\n${CREDENTIAL_LINE}\n`;
    const { published } = open('invalid.py', text);
    const diagnostics = ofRule((await published).diagnostics);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 2);
  });

  it('decodes invalid UTF-8 bytes in a message as replacement characters', async () => {
    const uri = uriOf(workspace, 'bytes.py');
    const head = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'python', version: 1, text: 'x = "@@"\n' } } }), 'utf8');
    const at = head.indexOf('@@');
    const body = Buffer.concat([head.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), head.subarray(at + 2)]);
    client.sendRawBody(body);
    assert.deepEqual((await client.waitForDiagnostics(uri, 1)).diagnostics, []);
    await assertAlive();
  });

  it('skips files with NUL bytes', async () => {
    const { published } = open('binary.py', `import psycopg2\n${CREDENTIAL_LINE}\n\u0000\u0001\u0000`);
    // No finding (the credential is not analysed), one note saying why, as the CLI says "not checked".
    assert.deepEqual((await published).diagnostics.map((d) => [d.severity, d.message]), [[3, 'Pipewise: not checked: binary content (NUL bytes)']]);
    assert.ok(client.logMessages().some((message) => /skipped \S*binary\.py: binary content/.test(message)));
    await assertAlive();
  });

  it('survives half-typed code', async () => {
    const text = 'def f(:\n  x = "abc';
    const { uri, published } = open('half.py', text);
    await published;
    let current = text;
    let version = 1;
    for (const typed of ['d', 'e', '"', '\n', 'conn = psycopg2.connect("postgresql://u:hunter22@h/db', '"', ')', '\n', 'class', ' X(', '\n    """']) {
      const end = positionAt(current, current.length);
      version++;
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: end, end }, text: typed }] });
      current += typed;
      await client.waitForDiagnostics(uri, version);
    }
    await assertAlive();
  });

  it('survives a YAML alias bomb', async () => {
    const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < levels.length; i++) lines.push(`${levels[i]}: &${levels[i]} [${Array(9).fill(`*${levels[i - 1]}`).join(', ')}]`);
    lines.push('password: "Xk9vPq2LmN7wRt"');
    const started = Date.now();
    const { uri, published } = open('pipeline.yaml', `${lines.join('\n')}\n`, 'yaml');
    const diagnostics = ofRule((await published).diagnostics);
    assert.ok(Date.now() - started < 5_000, 'linted quickly');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, levels.length);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: levels.length, character: 14 } });
    assert.ok(hover);
    await assertAlive();
  });

  it('answers requests about documents it does not know', async () => {
    const uri = uriOf(workspace, 'never-opened.py');
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: range.start }), null);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'x' }] });
    client.notify('textDocument/didClose', { textDocument: { uri } });
    // A document Pipewise does not read is ignored.
    client.notify('textDocument/didOpen', { textDocument: { uri: uriOf(workspace, 'notes.txt'), languageId: 'plaintext', version: 1, text: CREDENTIAL_LINE } });
    await assertAlive();
  });

  it('survives malformed messages and positions', async () => {
    const { uri, published } = open('malformed.py', `import psycopg2\n${CREDENTIAL_LINE}\n`);
    const diagnostics = ofRule((await published).diagnostics);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: diagnostics[0].range }] });
    client.notify('textDocument/didOpen', { textDocument: { uri: 'not a uri', languageId: 'python', version: 1 } });
    const far = { line: 9999, character: 9999 };
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: far }), null);
    await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: far, end: far }, context: { diagnostics: [{ range: { start: far, end: far }, message: 'x', source: 'pipewise', data: { ruleId: 'PW101', version: 1, fixes: [{ title: 'bogus', edits: 'none' }] } }] } });
    await client.request('workspace/executeCommand', { command: 'pipewise.showDocumentation', arguments: [42] });
    // Positions past the end of a line are clamped, as in every client.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 500 }, end: { line: 0, character: 900 } }, text: ' # x' }] });
    assert.equal(ofRule((await client.waitForDiagnostics(uri, 3)).diagnostics).length, 1);
    await assertAlive();
  });

  it('agrees with a fresh parse after many random incremental edits', async () => {
    await randomEditsAgreeWithFreshParse('random.py', () => undefined);
  });

  it('agrees with a fresh parse when the analysis state was dropped between edits (more documents opened than keep it)', async () => {
    let others = 0;
    await randomEditsAgreeWithFreshParse('random-freed.py', async (version) => {
      if (version % 10 !== 0) return;
      // Opening DEFAULT_ANALYSED_DOCUMENTS others makes this one the least recently used.
      for (let i = 0; i < DEFAULT_ANALYSED_DOCUMENTS; i++) await open(`other-${others++}.py`, 'x = 1\n').published;
    });
  });

  async function randomEditsAgreeWithFreshParse(name: string, between: (version: number) => Promise<void> | undefined): Promise<void> {
    const base = [
      'import psycopg2',
      'import requests as rq',
      '',
      'def extract(day):',
      `    ${CREDENTIAL_LINE}`,
      '    token = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"',
      '    return rq.get("https://api.example.com", headers={"Authorization": "Bearer abcdef1234567890abcdef"})',
      '',
      'SETTINGS = {"password": "Zx8vQ2mLp9rT", "user": "etl"}  # 😀 é',
      '',
    ].join('\n');
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = ['a', '"', '\n', ' ', '😀', '(', ')', '#', 'é', 'x = 1\n', '"""', 'password="Qw3rTy9uIoP1"'];
    const { uri, published } = open(name, base);
    await published;
    let text = base;
    for (let version = 2; version < 80; version++) {
      await between(version);
      let start = random(text.length + 1);
      if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start])) start--;
      let end = random(4) === 0 ? Math.min(text.length, start + random(6)) : start;
      if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end++;
      const newText = random(3) === 0 ? '' : pieces[random(pieces.length)];
      const range = { start: positionAt(text, start), end: positionAt(text, end) };
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
      text = applyTextEdits(text, [{ range, newText }]);
      await client.waitForDiagnostics(uri, version);
    }
    const incremental = client.latestDiagnostics(uri);
    const fresh = open(`fresh-${name}`, text);
    const strip = (d: { range: unknown; code?: string | number; message: string }) => ({ range: d.range, code: d.code, message: d.message });
    assert.deepEqual(incremental?.diagnostics.map(strip), (await fresh.published).diagnostics.map(strip));
  }
});

describe('language server: node-ipc transport', () => {
  it('answers initialize and publishes diagnostics over IPC', async () => {
    ensureBundle();
    const workspace = createWorkspace();
    // execArgv: [] — the test process's own flags (--import tsx, --test) must not reach the server.
    const child = fork(SERVER_BUNDLE, ['--node-ipc'], { cwd: workspace, execArgv: [], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const messages: Array<{ id?: number; method?: string; params?: { uri?: string; diagnostics?: Array<{ code?: string }> }; result?: { capabilities?: unknown } }> = [];
    const waitFor = (test: (m: (typeof messages)[number]) => boolean) =>
      new Promise<(typeof messages)[number]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching IPC message')), 10_000);
        const check = () => {
          const found = messages.find(test);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else setTimeout(check, 10);
        };
        check();
      });
    child.on('message', (message) => messages.push(message as (typeof messages)[number]));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    after(() => {
      if (child.exitCode === null) child.kill();
    });
    child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
    const initialized = await waitFor((m) => m.id === 1);
    assert.ok(initialized.result?.capabilities);
    child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    const uri = uriOf(workspace, 'a.py');
    child.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'python', version: 1, text: `import psycopg2\n${CREDENTIAL_LINE}\n` } } });
    const published = await waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === uri);
    assert.equal(ofRule(published.params?.diagnostics ?? []).length, 1);
    child.send({ jsonrpc: '2.0', id: 2, method: 'shutdown', params: null });
    await waitFor((m) => m.id === 2);
    child.send({ jsonrpc: '2.0', method: 'exit', params: null });
    assert.equal(await exited, 0);
  });
});
