// Server memory over a long session, from outside: 50 generated 2,000-line modules (typical,
// stress and select-star in turn, each with its own seed) are opened over stdio, then 1,000
// one-character edits are made in bursts of 20 per file (an insert, then its delete), each waiting
// for its diagnostics, with the server's default settings. The server's resident set (VmRSS) is
// read from /proc after opening, every 50 edits, and after 5 s idle at the end; the peak is VmHWM.
// Linux only (/proc).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
}

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

const KINDS: ModuleKind[] = ['typical', 'stress', 'select-star'];

export async function measureMemory(options: MemoryOptions): Promise<MemoryResult> {
  const client = await startBenchServer(options.serverBundle, undefined);
  const pid = client.pid!;
  try {
    const startedMb = statusMb(pid, 'VmRSS');
    const docs = [];
    for (let i = 0; i < options.files; i++) {
      const generated = generateModule(KINDS[i % KINDS.length], options.lines, options.seed + i);
      const uri = pathToFileURL(path.join(benchWorkspace(), `pipewise-bench-memory-${i}.py`)).toString();
      await timeOpen(client, uri, generated.text);
      docs.push({ uri, text: generated.text, sites: generated.editSites, version: 1 });
    }
    const afterOpeningMb = statusMb(pid, 'VmRSS');
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
        const since = client.notifications.length;
        client.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version }, contentChanges: [change] });
        await client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as { uri: string; version?: number }).uri === doc.uri && (p as { version?: number }).version === version, 60_000, since);
      }
      if ((edit + 2) % 50 === 0) duringEditsMb.push(statusMb(pid, 'VmRSS'));
    }
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    return {
      date: new Date().toISOString(),
      machine: machine(),
      files: options.files,
      linesPerFile: options.lines,
      edits: options.edits,
      startedMb,
      afterOpeningMb,
      peakMb: statusMb(pid, 'VmHWM'),
      settledMb: statusMb(pid, 'VmRSS'),
      duringEditsMb,
    };
  } finally {
    await client.shutdown();
  }
}
