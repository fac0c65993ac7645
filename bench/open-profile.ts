// Where open → first diagnostics goes: one server started with a CPU profile, the 10,000-line
// typical module opened on it fresh (the first document), then again under another name (warm);
// prints the server's CPU time and wall time of each open and the profile's self time by bundled
// module and the heaviest functions within each open's window.
// `node --import tsx bench/open-profile.ts [--lines=N] [--module=typical|stress] [--warm=N]
// [--server=path/to/server.js] [--no-profile] [--keep]` (needs dist/).

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { processCpuMs } from './big-inputs';
import { benchWorkspace, generateModule, startBenchServer } from './latency';
import { summarizeProfile } from './profile-summary';

const argument = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const lines = Number(argument('lines', '10000'));
const kind = argument('module', 'typical') as 'typical' | 'stress';
const warmOpens = Number(argument('warm', '2'));
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

async function main(): Promise<void> {
  const serverBundle = path.resolve(argument('server', path.resolve(__dirname, '..', 'dist', 'server.js')));
  const { text } = generateModule(kind, lines, 42);
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-open-profile-'));
  const startedUs = monotonicUs();
  const profiling = !process.argv.includes('--no-profile');
  const client = await startBenchServer(serverBundle, undefined, profiling ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const windows: Array<{ name: string; fromUs: number; toUs: number; wallMs: number; cpuMs: number; publishedUs?: number }> = [];
  windows.push({ name: 'start → initialize answered', fromUs: startedUs, toUs: monotonicUs(), wallMs: (monotonicUs() - startedUs) / 1000, cpuMs: processCpuMs(client.pid) });
  const open = async (name: string, file: string) => {
    const uri = pathToFileURL(path.join(benchWorkspace(), file)).toString();
    const cpuBefore = processCpuMs(client.pid);
    const fromUs = monotonicUs();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    await client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as { uri: string }).uri === uri && (p as { version?: number }).version === 1, 120_000);
    const toUs = monotonicUs();
    windows.push({ name, fromUs, toUs, wallMs: Math.round((toUs - fromUs) / 1000), cpuMs: processCpuMs(client.pid) - cpuBefore });
  };
  await open('fresh open', 'pipewise-open-profile-0.py');
  const firstDiagnosticsUs = monotonicUs();
  for (let i = 1; i <= warmOpens; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await open(`warm open ${i}`, `pipewise-open-profile-${i}.py`);
  }
  await client.shutdown();
  const profile = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  console.log(`${lines}-line ${kind} module, ${serverBundle}; load ${os.loadavg().map((n) => n.toFixed(2)).join(' / ')}`);
  console.log(`process start → first diagnostics: wall ${Math.round((firstDiagnosticsUs - startedUs) / 1000)} ms`);
  // Under load the client reads the diagnostics long after they were sent, and the server's work
  // after publishing (bookkeeping, the workspace model) falls in the window: each open's window is
  // also cut where its first lintAndPublish ends.
  if (profile) for (const window of windows.slice(1)) window.publishedUs = publishedAt(path.join(profileDir, profile), window.fromUs, window.toUs);
  for (const window of windows) {
    console.log(`\n${window.name}: wall ${Math.round(window.wallMs)} ms, server CPU ${window.cpuMs} ms`);
    if (!profile || process.argv.includes('--brief')) continue;
    if (window.publishedUs !== undefined) {
      const untilPublished = summarizeProfile(path.join(profileDir, profile), serverBundle, 25, window.fromUs, window.publishedUs);
      console.log(`  until its diagnostics were sent: profiled busy ${untilPublished.totalMs} ms; self time by module:`);
      for (const { module, ms, share } of untilPublished.byModule.slice(0, 10)) console.log(`    ${String(share).padStart(5)} %  ${String(ms).padStart(7)} ms  ${module}`);
    }
    const summary = summarizeProfile(path.join(profileDir, profile), serverBundle, 25, window.fromUs, window.toUs);
    console.log(`  whole window: profiled busy ${summary.totalMs} ms; self time by module:`);
    for (const { module, ms, share } of summary.byModule.slice(0, 16)) console.log(`    ${String(share).padStart(5)} %  ${String(ms).padStart(7)} ms  ${module}`);
    console.log('  heaviest functions (inclusive):');
    for (const { fn, ms, share } of summary.byFunction.slice(0, 25)) console.log(`    ${String(share).padStart(5)} %  ${String(ms).padStart(7)} ms  ${fn}`);
  }
  if (process.argv.includes('--keep')) console.log(`\nprofile kept in ${profileDir}`);
  else rmSync(profileDir, { recursive: true, force: true });
}

/** When the first run of `lintAndPublish` samples in the window ends (samples without a JavaScript stack, such as GC, do not end it). */
function publishedAt(profileFile: string, fromUs: number, toUs: number): number | undefined {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as { startTime: number; nodes: Array<{ id: number; callFrame: { functionName: string }; children?: number[] }>; samples: number[]; timeDeltas: number[] };
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const names = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName]));
  const under = (id: number, name: string) => {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) if (names.get(at) === name) return true;
    return false;
  };
  let at = profile.startTime;
  let started = false;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromUs) continue;
    if (at > toUs) break;
    const id = profile.samples[i];
    if (under(id, 'lintAndPublish')) started = true;
    else if (started && parents.get(id) !== undefined && parents.get(parents.get(id)!) !== undefined) return at;
  }
  return undefined;
}

void main();
