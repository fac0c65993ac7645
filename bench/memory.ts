// Server memory over a long session, from outside: 50 generated 2,000-line modules (typical,
// stress and select-star in turn, each with its own seed) are opened over stdio, then 1,000
// one-character edits are made in bursts of 20 per file (an insert, then its delete), each waiting
// for its diagnostics, with the server's default settings. The server's resident set (VmRSS) is
// read from /proc after opening, every 50 edits, and after 5 s idle at the end; the peak is VmHWM.
// The live heap (after a full garbage collection, so independent of the machine's load) is read
// through bench/heap-probe.cjs after opening and at the end. Each burst's first edit lands on a
// document edited longest ago: its server CPU time is reported apart from the others'.
// Linux only (/proc).

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { processCpuMs } from './big-inputs';
import { summarize, type Summary } from './stats';
import { benchWorkspace, createRandom, generateModule, machine, position, startBenchServer, timeOpen, type Machine, type ModuleKind } from './latency';

export interface MemoryOptions {
  serverBundle: string;
  files: number;
  lines: number;
  edits: number;
  burst: number;
  seed: number;
}

export interface MemoryResult {
  date: string;
  machine: Machine;
  files: number;
  linesPerFile: number;
  edits: number;
  /** Resident set right after the server started and initialized. */
  startedMb: number;
  afterOpeningMb: number;
  /** VmHWM: the highest resident set the process ever had. */
  peakMb: number;
  /** After the last edit and 5 s without requests. */
  settledMb: number;
  /** Resident set every 50 edits. */
  duringEditsMb: number[];
  /** Live heap (V8 heap after a full collection) and external memory (wasm included), MB. */
  liveAfterOpening: LiveHeap;
  liveSettled: LiveHeap;
  /** Server CPU per edit: the first edit of each burst (a document not edited for the longest time), and the others. */
  firstEditOfBurstCpuMs: Summary;
  /** Server CPU per didOpen → diagnostics (the cost the first edit of a document without analysis state is measured against). */
  openCpuMs: Summary;
  laterEditCpuMs: Summary;
}

export interface LiveHeap {
  heapMb: number;
  externalMb: number;
  /** The resident set right after that full collection. */
  rssAfterGcMb: number;
}

const HEAP_PROBE = path.join(__dirname, 'heap-probe.cjs');

/** Asks the server's heap probe for its live heap (a full collection first). */
async function liveHeap(pid: number, file: string): Promise<LiveHeap> {
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + (process.env.PIPEWISE_HEAP_PROBE_SNAPSHOTS ? 600_000 : 60_000);
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error('the heap probe did not answer');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const usage = JSON.parse(readFileSync(file, 'utf8')) as { heapUsed: number; external: number; rss: number };
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return { heapMb: mb(usage.heapUsed), externalMb: mb(usage.external), rssAfterGcMb: mb(usage.rss) };
}

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

const KINDS: ModuleKind[] = ['typical', 'stress', 'select-star'];

export async function measureMemory(options: MemoryOptions): Promise<MemoryResult> {
  const probeDir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-heap-'));
  const probeFile = path.join(probeDir, 'heap.json');
  process.env.PIPEWISE_HEAP_PROBE_FILE = probeFile;
  const client = await startBenchServer(options.serverBundle, undefined, ['--expose-gc', '--require', HEAP_PROBE]);
  const pid = client.pid!;
  try {
    const startedMb = statusMb(pid, 'VmRSS');
    const docs = [];
    const openCpu: number[] = [];
    for (let i = 0; i < options.files; i++) {
      const generated = generateModule(KINDS[i % KINDS.length], options.lines, options.seed + i);
      const uri = pathToFileURL(path.join(benchWorkspace(), `pipewise-bench-memory-${i}.py`)).toString();
      const cpuBefore = processCpuMs(pid);
      await timeOpen(client, uri, generated.text);
      openCpu.push(processCpuMs(pid) - cpuBefore);
      docs.push({ uri, text: generated.text, sites: generated.editSites, version: 1 });
    }
    const afterOpeningMb = statusMb(pid, 'VmRSS');
    const liveAfterOpening = await liveHeap(pid, probeFile);
    const firstCpu: number[] = [];
    const laterCpu: number[] = [];
    const random = createRandom(options.seed);
    const duringEditsMb: number[] = [];
    for (let edit = 0; edit < options.edits; edit += 2) {
      const doc = docs[Math.floor(edit / options.burst) % docs.length];
      const at = doc.sites[random(doc.sites.length)];
      // An insert, then its delete: the text stays what it was.
      const changes = [
        { range: { start: position(doc.text, at), end: position(doc.text, at) }, text: 'q' },
        { range: { start: position(doc.text, at), end: position(doc.text, at + 1) }, text: '' },
      ];
      for (const change of changes) {
        const version = ++doc.version;
        const cpuBefore = processCpuMs(pid);
        const since = client.notifications.length;
        client.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version }, contentChanges: [change] });
        await client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as { uri: string; version?: number }).uri === doc.uri && (p as { version?: number }).version === version, 60_000, since);
        (edit % options.burst === 0 && change === changes[0] ? firstCpu : laterCpu).push(processCpuMs(pid) - cpuBefore);
      }
      if ((edit + 2) % 50 === 0) duringEditsMb.push(statusMb(pid, 'VmRSS'));
    }
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const settledMb = statusMb(pid, 'VmRSS');
    const peakMb = statusMb(pid, 'VmHWM');
    const liveSettled = await liveHeap(pid, probeFile);
    return {
      date: new Date().toISOString(),
      machine: machine(),
      files: options.files,
      linesPerFile: options.lines,
      edits: options.edits,
      startedMb,
      afterOpeningMb,
      peakMb,
      settledMb,
      duringEditsMb,
      liveAfterOpening,
      liveSettled,
      firstEditOfBurstCpuMs: summarize(firstCpu),
      openCpuMs: summarize(openCpu),
      laterEditCpuMs: summarize(laterCpu),
    };
  } finally {
    await client.shutdown();
    delete process.env.PIPEWISE_HEAP_PROBE_FILE;
    rmSync(probeDir, { recursive: true, force: true });
  }
}
