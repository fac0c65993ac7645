// Keystroke latency in a 200-cell notebook, as the user feels it: the language server over stdio
// with its default settings and a notebook client (`notebookDocument/*` sync). A generated
// pipeline module is split into cells at top-level statements (as notebooks are written); each
// sample types one character into a function body in a random cell (then deletes it, so the code
// stays valid) and is the time from sending `notebookDocument/didChange` to receiving that cell's
// `publishDiagnostics` at its new version. The same text opened as one flat .py document (on a server of its own) gets the
// same edits at the same places: a notebook keystroke should cost what the flat keystroke costs.
// The in-process number is the server's notebook lint alone (engine/notebook/live-notebook.ts).
// Run alone: node --import tsx bench/notebook-keystroke.ts [--server=dist/server.js] [--style=stress] [--profile [--flat]]

import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG } from '../server/src/engine/config';
import { Engine } from '../server/src/engine/engine';
import { createDocumentFacts } from '../server/src/engine/document';
import { lintDocument } from '../server/src/engine/linter';
import { LiveNotebook } from '../server/src/engine/notebook/live-notebook';
import { PythonSource } from '../server/src/engine/python/python-source';
import { treeEditOf } from '../server/src/features/tree-edit';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LspClient } from '../test/helpers/lsp-client';
import { ALL_RULES } from '../rules';
import { generatePipeline, type PipelineStyle } from './generate-pipeline';
import { summarizeProfile } from './profile-summary';
import { processCpuMs } from './big-inputs';
import { createRandom, machine, position, startBenchServer, timeOpen, type Machine } from './latency';
import { summarize, type Summary } from './stats';

export interface NotebookKeystrokeOptions {
  serverBundle: string;
  style: PipelineStyle;
  lines: number;
  cells: number;
  edits: number;
  seed: number;
  /** Extra node flags for the server (e.g. --cpu-prof); then only one of the notebook and the flat document is measured. */
  serverNodeArgs?: string[];
  /** With serverNodeArgs: measure the flat document instead of the notebook (to compare their profiles). */
  flatOnly?: boolean;
}

export interface NotebookKeystrokeResult {
  date: string;
  machine: Machine;
  notebook: { style: PipelineStyle; cells: number; lines: number; characters: number };
  /** didChange → the edited cell's publishDiagnostics, over stdio. */
  notebookEditMs: Summary;
  /** The same edits to the same text as one flat .py document, over stdio. */
  flatEditMs: Summary;
  /** The server's CPU time per edit (mean over the run, from /proc), notebook and flat. */
  serverCpuPerEditMs: { notebook: number; flat: number };
  /** The server's notebook lint of one keystroke, in process (no protocol, no publish). */
  inProcessMs: Summary;
  /** The same keystrokes to the flat module in process (tree edit + incremental lint). */
  inProcessFlatMs: Summary;
  /** Open → every code cell's first diagnostics. */
  openMs: number;
  /** When the notebook's edits started (CLOCK_MONOTONIC µs): a server CPU profile's window without the open. */
  editsStartedUs: number;
}

interface NotebookText {
  text: string;
  cells: string[];
  /** Where each cell starts in `text`. */
  starts: number[];
  editSites: number[];
}

/** The generated module split at top-level statements, merged into `count` cells; joined with newlines it is the module again. */
export function notebookOf(style: PipelineStyle, lines: number, count: number, seed: number): NotebookText {
  const generated = generatePipeline(lines, seed, style);
  const text = generated.text.replace(/\n$/, '');
  const statements = text.split(/\n(?=[A-Za-z_@])/);
  const cells: string[] = [];
  for (let i = 0; i < count; i++) cells.push(statements.slice(Math.floor((i * statements.length) / count), Math.floor(((i + 1) * statements.length) / count)).join('\n'));
  const starts: number[] = [];
  let at = 0;
  for (const cell of cells) {
    starts.push(at);
    at += cell.length + 1;
  }
  return { text: `${cells.join('\n')}\n`, cells, starts, editSites: generated.editSites.filter((site) => site < text.length) };
}

function cellAt(starts: readonly number[], offset: number): number {
  let cell = 0;
  while (cell + 1 < starts.length && starts[cell + 1] <= offset) cell++;
  return cell;
}

/** The edits of a run: insert 'q' at a random body site, then delete it. */
function* keystrokes(notebook: NotebookText, edits: number, seed: number): Generator<{ cell: number; offset: number; insert: boolean }> {
  const random = createRandom(seed);
  for (let i = 0; i < edits; i += 2) {
    const site = notebook.editSites[random(notebook.editSites.length)];
    const cell = cellAt(notebook.starts, site);
    const offset = site - notebook.starts[cell];
    yield { cell, offset, insert: true };
    if (i + 1 < edits) yield { cell, offset, insert: false };
  }
}

interface StdioRun {
  samples: number[];
  /** When the edits started (CLOCK_MONOTONIC µs, as in V8's CPU profiles): a profile's window without the open. */
  editsStartedUs: number;
  /** The server's CPU time over all the edits (from /proc), per edit: less sensitive to the machine's load than wall time. */
  cpuPerEditMs: number;
}

async function measureOverStdio(client: LspClient, notebook: NotebookText, options: NotebookKeystrokeOptions): Promise<StdioRun & { openMs: number }> {
  const dir = os.tmpdir();
  const notebookUri = pathToFileURL(path.join(dir, 'pipewise-bench-notebook.ipynb')).toString();
  const cellUri = (n: number) => `vscode-notebook-cell:${path.join(dir, 'pipewise-bench-notebook.ipynb')}#W${n}sZmlsZQ%3D%3D`;
  const texts = [...notebook.cells];
  const versions = texts.map(() => 1);
  const since = client.notifications.length;
  const opened = performance.now();
  client.notify('notebookDocument/didOpen', {
    notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells: texts.map((_, n) => ({ kind: 2, document: cellUri(n) })) },
    cellTextDocuments: texts.map((text, n) => ({ uri: cellUri(n), languageId: 'python', version: 1, text })),
  });
  await client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as { uri: string }).uri === cellUri(texts.length - 1), 120_000, since);
  const openMs = performance.now() - opened;
  let notebookVersion = 1;
  const samples: number[] = [];
  const cpuBefore = processCpuMs(client.pid);
  const editsStartedUs = Number(process.hrtime.bigint() / 1000n);
  for (const stroke of keystrokes(notebook, options.edits, options.seed)) {
    const text = texts[stroke.cell];
    const start = position(text, stroke.offset);
    const change = stroke.insert ? { range: { start, end: start }, text: 'q' } : { range: { start, end: position(text, stroke.offset + 1) }, text: '' };
    texts[stroke.cell] = stroke.insert ? `${text.slice(0, stroke.offset)}q${text.slice(stroke.offset)}` : text.slice(0, stroke.offset) + text.slice(stroke.offset + 1);
    const version = ++versions[stroke.cell];
    const uri = cellUri(stroke.cell);
    const mark = client.notifications.length;
    const sent = performance.now();
    client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: ++notebookVersion },
      change: { cells: { textContent: [{ document: { uri, version }, changes: [change] }] } },
    });
    const published = await client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as { uri: string }).uri === uri && (p as { version?: number }).version === version, 60_000, mark);
    samples.push(published.receivedAt - sent);
  }
  const cpuPerEditMs = (processCpuMs(client.pid) - cpuBefore) / samples.length;
  client.notify('notebookDocument/didClose', { notebookDocument: { uri: notebookUri }, cellTextDocuments: texts.map((_, n) => ({ uri: cellUri(n) })) });
  return { samples, openMs, cpuPerEditMs, editsStartedUs };
}

async function measureFlatOverStdio(client: LspClient, notebook: NotebookText, options: NotebookKeystrokeOptions): Promise<StdioRun> {
  const uri = pathToFileURL(path.join(os.tmpdir(), 'pipewise-bench-notebook-flat.py')).toString();
  let current = notebook.text;
  await timeOpen(client, uri, current);
  const samples: number[] = [];
  let version = 1;
  const cpuBefore = processCpuMs(client.pid);
  const editsStartedUs = Number(process.hrtime.bigint() / 1000n);
  for (const stroke of keystrokes(notebook, options.edits, options.seed)) {
    const at = notebook.starts[stroke.cell] + stroke.offset;
    const start = position(current, at);
    const change = stroke.insert ? { range: { start, end: start }, text: 'q' } : { range: { start, end: position(current, at + 1) }, text: '' };
    current = stroke.insert ? `${current.slice(0, at)}q${current.slice(at)}` : current.slice(0, at) + current.slice(at + 1);
    version++;
    const mark = client.notifications.length;
    const sent = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const published = await client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as { uri: string }).uri === uri && (p as { version?: number }).version === version, 60_000, mark);
    samples.push(published.receivedAt - sent);
  }
  const cpuPerEditMs = (processCpuMs(client.pid) - cpuBefore) / samples.length;
  client.notify('textDocument/didClose', { textDocument: { uri } });
  return { samples, cpuPerEditMs, editsStartedUs };
}

/**
 * The server's notebook lint of each keystroke (`LiveNotebook.lint`) and the same keystroke to the
 * flat module as the server's open documents take it (a tree edit, then an incremental lint), in
 * process, interleaved keystroke by keystroke with the order alternating, so neither is measured
 * on code the other warmed up.
 */
async function measureInProcess(notebook: NotebookText, options: NotebookKeystrokeOptions): Promise<{ notebook: number[]; flat: number[] }> {
  const engine = await Engine.create(ALL_RULES);
  const live = new LiveNotebook(engine.rules, 'bench.ipynb');
  const cells = notebook.cells.map((source, n) => ({ id: `cell-${n}`, source }));
  live.lint(cells, DEFAULT_CONFIG);
  const source = new PythonSource();
  let text = notebook.text;
  lintDocument(createDocumentFacts('bench.py', 'python', text, { python: source.update(text) }), ALL_RULES, DEFAULT_CONFIG);
  const samples = { notebook: [] as number[], flat: [] as number[] };
  const notebookKeystroke = (stroke: { cell: number; offset: number; insert: boolean }) => {
    const cell = cells[stroke.cell];
    const edited = stroke.insert ? `${cell.source.slice(0, stroke.offset)}q${cell.source.slice(stroke.offset)}` : cell.source.slice(0, stroke.offset) + cell.source.slice(stroke.offset + 1);
    cells[stroke.cell] = { ...cell, source: edited };
    const started = performance.now();
    live.lint(cells, DEFAULT_CONFIG);
    samples.notebook.push(performance.now() - started);
  };
  const flatKeystroke = (stroke: { cell: number; offset: number; insert: boolean }) => {
    const at = notebook.starts[stroke.cell] + stroke.offset;
    const before = TextDocument.create('file:///bench.py', 'python', 0, text);
    const range = stroke.insert ? { start: before.positionAt(at), end: before.positionAt(at) } : { start: before.positionAt(at), end: before.positionAt(at + 1) };
    const started = performance.now();
    source.edit(treeEditOf(before, range, stroke.insert ? 'q' : ''));
    text = stroke.insert ? `${text.slice(0, at)}q${text.slice(at)}` : text.slice(0, at) + text.slice(at + 1);
    lintDocument(createDocumentFacts('bench.py', 'python', text, { python: source.update(text) }), ALL_RULES, DEFAULT_CONFIG);
    samples.flat.push(performance.now() - started);
  };
  let n = 0;
  for (const stroke of keystrokes(notebook, options.edits, options.seed)) {
    if (n++ % 2 === 0) {
      notebookKeystroke(stroke);
      flatKeystroke(stroke);
    } else {
      flatKeystroke(stroke);
      notebookKeystroke(stroke);
    }
  }
  source.dispose();
  engine.dispose();
  return samples;
}

/**
 * Each document on a server of its own, started afresh: the flat document measured after the
 * notebook on the same server ran on code the notebook's edits had warmed up (and the other way
 * round), which alone made either look 30-40 % cheaper.
 */
export async function measureNotebookKeystroke(options: NotebookKeystrokeOptions): Promise<NotebookKeystrokeResult> {
  const notebook = notebookOf(options.style, options.lines, options.cells, options.seed);
  const profiling = Boolean(options.serverNodeArgs?.length);
  const onFreshServer = async <T>(measure: (client: LspClient) => Promise<T>): Promise<T> => {
    const client = await startBenchServer(options.serverBundle, undefined, options.serverNodeArgs);
    try {
      return await measure(client);
    } finally {
      await client.shutdown();
    }
  };
  const noRun = { samples: [], cpuPerEditMs: Number.NaN, editsStartedUs: 0, openMs: Number.NaN };
  const stdio: StdioRun & { openMs: number } = profiling && options.flatOnly ? noRun : await onFreshServer((client) => measureOverStdio(client, notebook, options));
  const flat: StdioRun = profiling && !options.flatOnly ? noRun : await onFreshServer((client) => measureFlatOverStdio(client, notebook, options));
  const inProcess = profiling ? { notebook: [], flat: [] } : await measureInProcess(notebook, options);
  const orNaN = (samples: number[]) => summarize(samples.length ? samples : [NaN]);
  return {
    date: new Date().toISOString(),
    machine: machine(),
    notebook: { style: options.style, cells: notebook.cells.length, lines: notebook.text.split('\n').length - 1, characters: notebook.text.length },
    notebookEditMs: orNaN(stdio.samples),
    flatEditMs: orNaN(flat.samples),
    serverCpuPerEditMs: { notebook: round1(stdio.cpuPerEditMs), flat: round1(flat.cpuPerEditMs) },
    inProcessMs: orNaN(inProcess.notebook),
    inProcessFlatMs: orNaN(inProcess.flat),
    openMs: Math.round(stdio.openMs),
    editsStartedUs: profiling && options.flatOnly ? flat.editsStartedUs : stdio.editsStartedUs,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function describeNotebookKeystroke(result: NotebookKeystrokeResult): string {
  const { notebook: nb, notebookEditMs: n, flatEditMs: f, inProcessMs: p, inProcessFlatMs: pf } = result;
  return (
    `notebook-${nb.style}: ${nb.cells} cells, ${nb.lines} lines: keystroke → cell diagnostics p50 ${n.p50} ms, p95 ${n.p95} ms, max ${n.max} ms; ` +
    `same edits in the flat .py p50 ${f.p50} ms, p95 ${f.p95} ms; server CPU per edit ${result.serverCpuPerEditMs.notebook} ms (flat ${result.serverCpuPerEditMs.flat} ms); in process p50 ${p.p50} ms, p95 ${p.p95} ms (flat ${pf.p50} / ${pf.p95} ms); open ${result.openMs} ms; load ${result.machine.loadAverage.join(' / ')}`
  );
}

if (require.main === module) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const serverBundle = path.resolve(arg('server') ?? path.join(__dirname, '..', 'dist', 'server.js'));
  const style = (arg('style') ?? 'typical') as PipelineStyle;
  // --profile: a CPU profile of the server during the notebook keystrokes, summarised by module.
  const profileDir = process.argv.includes('--profile') ? mkdtempSync(path.join(os.tmpdir(), 'pipewise-notebook-profile-')) : null;
  const serverNodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  // --profile --flat: the same edits to the flat .py instead, to compare the two profiles.
  const flatOnly = process.argv.includes('--flat');
  measureNotebookKeystroke({ serverBundle, style, lines: Number(arg('lines') ?? 4_000), cells: 200, edits: Number(arg('edits') ?? 200), seed: 42, serverNodeArgs, flatOnly })
    .then((result) => {
      console.log(describeNotebookKeystroke(result));
      if (!profileDir) return;
      const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
      if (!file) return;
      const summary = summarizeProfile(path.join(profileDir, file), serverBundle, 30, result.editsStartedUs);
      console.log(`server CPU profile of the edits ${path.join(profileDir, file)} (${summary.totalMs} ms busy), self time by module:`);
      for (const { module, ms, share } of summary.byModule) console.log(`  ${String(share).padStart(5)} %  ${String(ms).padStart(7)} ms  ${module}`);
      console.log('heaviest functions (inclusive):');
      for (const { fn, ms, share } of summary.byFunction) console.log(`  ${String(share).padStart(5)} %  ${String(ms).padStart(7)} ms  ${fn}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
