// Keystroke latency of the language server: a 10,000-line pipeline module is opened over stdio, then
// one-character incremental edits are made at random places in function bodies, or in module-level
// statements (an insert, then its delete, so the code stays valid); each sample is the time from sending didChange to receiving the
// publishDiagnostics of that version. Also measures open → first diagnostics.

import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/helpers/lsp-client';
import { generatePipeline, type PipelineStyle } from './generate-pipeline';
import { summarize, type Summary } from './stats';

export interface LatencyOptions {
  serverBundle: string;
  lines: number;
  style?: PipelineStyle;
  /** Extra `pipewise` settings answered to workspace/configuration (e.g. `select`). */
  settings?: Record<string, unknown>;
  edits: number;
  opens: number;
  seed: number;
  /** Extra node flags for the server process (e.g. --cpu-prof). */
  serverNodeArgs?: string[];
  /** Where the edits go: function bodies (default), or module-level statements (imports' neighbours, constants). */
  editAt?: 'functions' | 'module';
}

export interface LatencyResult {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; platform: string; node: string; loadAverage: number[] };
  document: { lines: number; characters: number; findings: number };
  editLatencyMs: Summary;
  openToDiagnosticsMs: Summary;
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - before.lastIndexOf('\n') - 1 };
}

function createRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

export async function measureLatency(options: LatencyOptions): Promise<LatencyResult> {
  const generated = generatePipeline(options.lines, options.seed, options.style);
  const { text } = generated;
  const editSites = options.editAt === 'module' ? generated.moduleEditSites : generated.editSites;
  const workspace = os.tmpdir();
  const client = new LspClient({ args: [options.serverBundle, '--stdio'], nodeArgs: options.serverNodeArgs, cwd: path.dirname(options.serverBundle) });
  client.onRequest('workspace/configuration', (params) => (params as { items: unknown[] }).items.map(() => ({ lintDelayMs: 0, ...options.settings })));
  try {
    await client.initialize({ rootUri: pathToFileURL(workspace).toString(), capabilities: { workspace: { configuration: true } } });

    const openTimes: number[] = [];
    let findings = 0;
    for (let i = 0; i < options.opens; i++) {
      const uri = pathToFileURL(path.join(workspace, `pipewise-bench-open-${i}.py`)).toString();
      const sent = performance.now();
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      findings = (await client.waitForDiagnostics(uri, 1, 60_000)).diagnostics.length;
      openTimes.push(performance.now() - sent);
      client.notify('textDocument/didClose', { textDocument: { uri } });
    }

    const uri = pathToFileURL(path.join(workspace, 'pipewise-bench-edit.py')).toString();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    await client.waitForDiagnostics(uri, 1, 60_000);
    const random = createRandom(options.seed);
    const samples: number[] = [];
    let current = text;
    let inserted: number | null = null;
    for (let version = 2; version < options.edits + 2; version++) {
      let change: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };
      if (inserted === null) {
        inserted = editSites[random(editSites.length)];
        const at = position(current, inserted);
        change = { range: { start: at, end: at }, text: 'q' };
        current = current.slice(0, inserted) + 'q' + current.slice(inserted);
      } else {
        change = { range: { start: position(current, inserted), end: position(current, inserted + 1) }, text: '' };
        current = current.slice(0, inserted) + current.slice(inserted + 1);
        inserted = null;
      }
      const since = client.notifications.length;
      const sent = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const published = await client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as { uri: string; version?: number }).version === version && (p as { uri: string }).uri === uri, 60_000, since);
      samples.push(published.receivedAt - sent);
    }

    return {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.arch()}`, node: process.version, loadAverage: os.loadavg().map((load) => Math.round(load * 10) / 10) },
      document: { lines: text.split('\n').length - 1, characters: text.length, findings },
      editLatencyMs: summarize(samples),
      openToDiagnosticsMs: summarize(openTimes),
    };
  } finally {
    await client.shutdown();
  }
}
