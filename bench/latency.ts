// Keystroke latency of the language server, measured from outside over stdio: a generated module
// is opened, then one-character incremental edits are made at random places in function bodies,
// or in module-level statements (an insert, then its delete, so the code stays valid); each sample
// is the time from sending didChange to receiving the publishDiagnostics of that version. The
// server runs with its default settings unless `settings` says otherwise (`{ lintDelayMs: 0 }`).
// Also measures open → first diagnostics, on a fresh server (a new process each time) and on a
// warm one (the same process, other documents opened before).

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/helpers/lsp-client';
import { processCpuMs } from './big-inputs';
import { generateMixedModule } from './generate-mixed';
import { generatePipeline, type GeneratedPipeline } from './generate-pipeline';
import { summarize, type Summary } from './stats';

/**
 * typical: a maintained 10,000-line pipeline module (3 findings); stress: a finding in every
 * function (642); select-star: pipeline functions that extract with SELECT *, drop nulls and
 * append, mixed with standard-library-style code (≈ 1,380 findings in 9,500 lines); large: the
 * typical pipeline mixed with library code, 100,000 lines (4.3 MB).
 */
export type ModuleKind = 'typical' | 'stress' | 'select-star' | 'large';

export function generateModule(kind: ModuleKind, lines: number, seed: number): GeneratedPipeline {
  if (kind === 'select-star') return generateMixedModule(lines, seed, 'select-star');
  if (kind === 'large') return generateMixedModule(lines, seed, 'typical');
  return generatePipeline(lines, seed, kind);
}

export interface LatencyOptions {
  serverBundle: string;
  module: ModuleKind;
  lines: number;
  /** `pipewise` settings answered to workspace/configuration; none: the server's defaults. */
  settings?: Record<string, unknown>;
  edits: number;
  /** Opens of other documents on the same server before the edits (warm open times). */
  opens: number;
  seed: number;
  /** Extra node flags for the server process (e.g. --cpu-prof). */
  serverNodeArgs?: string[];
  /** Where the edits go: function bodies (default), or module-level statements (imports' neighbours, constants). */
  editAt?: 'functions' | 'module';
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  platform: string;
  node: string;
  loadAverage: number[];
}

export interface LatencyResult {
  date: string;
  machine: Machine;
  settings: Record<string, unknown>;
  document: { module: ModuleKind; lines: number; characters: number; findings: number; publishKiB: number };
  editLatencyMs: Summary;
  /** When the edits began (CLOCK_MONOTONIC, µs): a CPU profile of the server summarised from then on leaves the opens out. */
  editsStartedUs: number;
  /** The server's CPU time over the edits (from /proc) per edit: moves far less with the machine's load than wall time. */
  serverCpuPerEditMs: number;
  /** Opens on a server that has analysed documents before. */
  openToDiagnosticsMs: Summary;
}

export function machine(): Machine {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((load) => Math.round(load * 10) / 10),
  };
}

export function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - before.lastIndexOf('\n') - 1 };
}

export interface KeystrokeChange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** One-character edits: types a `q` at a random site, then erases it; `text` follows the edits. */
export class Keystrokes {
  private inserted: number | null = null;

  constructor(
    public text: string,
    private readonly sites: readonly number[],
    private readonly random: (n: number) => number,
  ) {}

  next(): KeystrokeChange {
    const current = this.text;
    if (this.inserted === null) {
      const at = (this.inserted = this.sites[this.random(this.sites.length)]);
      const p = position(current, at);
      this.text = current.slice(0, at) + 'q' + current.slice(at);
      return { range: { start: p, end: p }, text: 'q' };
    }
    const at = this.inserted;
    this.inserted = null;
    this.text = current.slice(0, at) + current.slice(at + 1);
    return { range: { start: position(current, at), end: position(current, at + 1) }, text: '' };
  }
}

export function createRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

/** A server over stdio whose workspace is the temporary folder (not scanned: no project there). */
let workspace: string | null = null;

/**
 * The folder the benchmark servers see as their workspace: empty but for the benchmark's own
 * documents (never the system's temporary folder, whose other files the server would scan and lint
 * in the background, and measure along).
 */
export function benchWorkspace(): string {
  if (workspace) return workspace;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  workspace = dir;
  return dir;
}

export async function startBenchServer(serverBundle: string, settings: Record<string, unknown> | undefined, nodeArgs: string[] = []): Promise<LspClient> {
  const client = new LspClient({ args: [serverBundle, '--stdio'], nodeArgs, cwd: path.dirname(serverBundle) });
  client.onRequest('workspace/configuration', (params) => (params as { items: unknown[] }).items.map(() => settings ?? null));
  await client.initialize({ rootUri: pathToFileURL(benchWorkspace()).toString(), capabilities: { workspace: { configuration: true } } });
  return client;
}

interface Published {
  diagnostics: unknown[];
}

/** didOpen → publishDiagnostics of version 1, in ms, and what was published. */
export async function timeOpen(client: LspClient, uri: string, text: string): Promise<{ ms: number; findings: number; bytes: number }> {
  const since = client.notifications.length;
  const sent = performance.now();
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  const published = await client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as { uri: string; version?: number }).uri === uri && (p as { version?: number }).version === 1, 120_000, since);
  const params = published.params as Published;
  return { ms: published.receivedAt - sent, findings: params.diagnostics.length, bytes: Buffer.byteLength(JSON.stringify(params)) };
}

/** Open → first diagnostics on a new server process each time (parser and rules loaded, nothing analysed yet). */
export async function measureFreshOpen(serverBundle: string, text: string, runs: number, settings?: Record<string, unknown>): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const client = await startBenchServer(serverBundle, settings);
    try {
      samples.push((await timeOpen(client, pathToFileURL(path.join(benchWorkspace(), `pipewise-bench-fresh-${i}.py`)).toString(), text)).ms);
    } finally {
      await client.shutdown();
    }
  }
  return summarize(samples);
}

export async function measureLatency(options: LatencyOptions): Promise<LatencyResult> {
  const generated = generateModule(options.module, options.lines, options.seed);
  const { text } = generated;
  const editSites = options.editAt === 'module' ? generated.moduleEditSites : generated.editSites;
  const client = await startBenchServer(options.serverBundle, options.settings, options.serverNodeArgs);
  try {
    const openTimes: number[] = [];
    for (let i = 0; i < options.opens; i++) {
      const uri = pathToFileURL(path.join(benchWorkspace(), `pipewise-bench-open-${i}.py`)).toString();
      openTimes.push((await timeOpen(client, uri, text)).ms);
      client.notify('textDocument/didClose', { textDocument: { uri } });
    }

    const uri = pathToFileURL(path.join(benchWorkspace(), 'pipewise-bench-edit.py')).toString();
    const opened = await timeOpen(client, uri, text);
    const random = createRandom(options.seed);
    const samples: number[] = [];
    const cpuBefore = processCpuMs(client.pid);
    const editsStartedUs = Number(process.hrtime.bigint() / 1000n);
    const keystrokes = new Keystrokes(text, editSites, random);
    for (let version = 2; version < options.edits + 2; version++) {
      const change = keystrokes.next();
      const since = client.notifications.length;
      const sent = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const published = await client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as { version?: number }).version === version && (p as { uri: string }).uri === uri, 60_000, since);
      samples.push(published.receivedAt - sent);
    }
    const serverCpuPerEditMs = Math.round(((processCpuMs(client.pid) - cpuBefore) / samples.length) * 10) / 10;

    return {
      date: new Date().toISOString(),
      machine: machine(),
      settings: options.settings ?? {},
      document: { module: options.module, lines: text.split('\n').length - 1, characters: text.length, findings: opened.findings, publishKiB: Math.round(opened.bytes / 1024) },
      editLatencyMs: summarize(samples),
      editsStartedUs,
      serverCpuPerEditMs,
      openToDiagnosticsMs: summarize(openTimes),
    };
  } finally {
    await client.shutdown();
  }
}
