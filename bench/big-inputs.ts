// Big inputs with default settings: open → first diagnostics of a 10,000-line module (a fresh
// server and a warm one), the CLI over a 3 MB Python file, a 10,000-step pipeline.yaml and a
// 100,000-line .env (whole process: CPU time and peak memory), and the server opening and saving
// that pipeline.yaml. CPU times are read from the processes themselves (/proc on Linux), so they
// say more than wall times on a loaded machine; both are recorded.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/helpers/lsp-client';
import { MAX_PYTHON_BYTES, MAX_YAML_BYTES } from '../server/src/engine/size-limits';
import { generatePipeline } from './generate-pipeline';
import { summarize, type Summary } from './stats';

const root = path.resolve(__dirname, '..');
const MEASURE_PRELOAD = path.join(root, 'test', 'hostile', 'measure-preload.cjs');

export interface ProcessMeasure {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

export interface BigInputsResult {
  date: string;
  loadAverage: number[];
  open10k: { freshWallMs: Summary; freshCpuMs: Summary; warmWallMs: Summary; warmCpuMs: Summary };
  cli: Record<'python3Mb' | 'pythonAtLimit' | 'pipelineYaml10kSteps' | 'pipelineYamlAtLimit' | 'dotenv100kLines', ProcessMeasure & { bytes: number; findings: number }>;
  /** The server opening the module at the Python limit: first diagnostics. */
  serverPythonAtLimit: { openWallMs: number; openCpuMs: number };
  /** The server opening the pipeline.yaml at the YAML limit, then an edit and a save. */
  serverYamlAtLimit: { steps: number; openWallMs: number; openCpuMs: number; saveWallMs: number; saveCpuMs: number };
}

/** User + system CPU time of a running process in ms (Linux); NaN elsewhere. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined || process.platform !== 'linux') return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the stat line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** The 3 MB module: the stress pipeline (a finding in most functions) at 3 MB, over the Python limit. */
export function python3Mb(): string {
  const tenThousand = generatePipeline(10_000, 42, 'stress').text.length;
  return generatePipeline(Math.floor((3_000_000 / tenThousand) * 10_000), 42, 'stress').text;
}

/** The largest stress module under the 640 kB Python limit: the biggest Python file Pipewise analyses. */
export function pythonAtLimit(): string {
  const tenThousand = generatePipeline(10_000, 42, 'stress').text.length;
  let lines = Math.floor((MAX_PYTHON_BYTES / tenThousand) * 10_000);
  let text = generatePipeline(lines, 42, 'stress').text;
  while (Buffer.byteLength(text) > MAX_PYTHON_BYTES) text = generatePipeline((lines -= 100), 42, 'stress').text;
  return text;
}

export function pipelineYaml(steps: number): string {
  return `steps:\n${Array.from({ length: steps }, (_, i) => `  - name: s${i}\n    script: s${i}.py\n    retries: &r${i} 3\n    x: *r${i}`).join('\n')}\n`;
}

/** The longest generated pipeline.yaml under the YAML analysis limit: its step count. */
export function yamlStepsAtLimit(): number {
  let steps = 10_000;
  while (Buffer.byteLength(pipelineYaml(steps)) > MAX_YAML_BYTES) steps -= 100;
  return steps;
}

export function dotenv(lines: number): string {
  return `${Array.from({ length: lines }, (_, i) => `DB_PASSWORD_${i}=Xk9vPq2LmN7wRt${i}`).join('\n')}\n`;
}

/** `pipewise check --format json` over a folder holding one file: the whole process's CPU time and peak memory. */
export function measureCli(cliBundle: string, fileName: string, text: string): ProcessMeasure & { bytes: number; findings: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-big-'));
  const measureFile = path.join(dir, 'usage.json');
  try {
    writeFileSync(path.join(dir, fileName), text);
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--require', MEASURE_PRELOAD, cliBundle, 'check', '--format', 'json', fileName], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', PIPEWISE_MEASURE_FILE: measureFile },
      maxBuffer: 256 * 1024 * 1024,
    });
    const wallMs = performance.now() - started;
    // 3: a file reported as not checked (over its size limit).
    if (result.status !== 0 && result.status !== 1 && result.status !== 3) throw new Error(`pipewise check ${fileName} exited ${result.status}: ${result.stderr}`);
    const usage = JSON.parse(readFileSync(measureFile, 'utf8')) as { cpuMs: number; maxRssMb: number };
    return { wallMs: Math.round(wallMs), cpuMs: Math.round(usage.cpuMs), maxRssMb: Math.round(usage.maxRssMb), bytes: Buffer.byteLength(text), findings: (JSON.parse(result.stdout) as unknown[]).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startServer(serverBundle: string, workspace: string): Promise<LspClient> {
  const client = new LspClient({ args: [serverBundle, '--stdio'], cwd: workspace });
  // Default settings: the server's own defaults for everything.
  client.onRequest('workspace/configuration', (params) => (params as { items: unknown[] }).items.map(() => ({})));
  await client.initialize({ rootUri: pathToFileURL(workspace).toString(), capabilities: { workspace: { configuration: true } } });
  return client;
}

/** Sends didOpen and waits for the first diagnostics: wall time and the server's CPU time spent. */
async function timedOpen(client: LspClient, uri: string, languageId: string, text: string): Promise<{ wallMs: number; cpuMs: number }> {
  const cpuBefore = processCpuMs(client.pid);
  const sent = performance.now();
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await client.waitForDiagnostics(uri, 1, 120_000);
  return { wallMs: performance.now() - sent, cpuMs: processCpuMs(client.pid) - cpuBefore };
}

/** Open → first diagnostics of the 10,000-line typical module: the first open of fresh servers, then opens in a warm one. */
export async function measureOpen(serverBundle: string, fresh = 3, warm = 5): Promise<BigInputsResult['open10k']> {
  const { text } = generatePipeline(10_000, 42, 'typical');
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'pipewise-open-'));
  const freshWall: number[] = [];
  const freshCpu: number[] = [];
  const warmWall: number[] = [];
  const warmCpu: number[] = [];
  try {
    for (let i = 0; i < fresh; i++) {
      const client = await startServer(serverBundle, workspace);
      try {
        const first = await timedOpen(client, pathToFileURL(path.join(workspace, 'first.py')).toString(), 'python', text);
        freshWall.push(first.wallMs);
        freshCpu.push(first.cpuMs);
        if (i > 0) continue;
        for (let j = 0; j < warm; j++) {
          const uri = pathToFileURL(path.join(workspace, `warm-${j}.py`)).toString();
          const opened = await timedOpen(client, uri, 'python', text);
          warmWall.push(opened.wallMs);
          warmCpu.push(opened.cpuMs);
          client.notify('textDocument/didClose', { textDocument: { uri } });
        }
      } finally {
        await client.shutdown();
      }
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
  return { freshWallMs: summarize(freshWall), freshCpuMs: summarize(freshCpu), warmWallMs: summarize(warmWall), warmCpuMs: summarize(warmCpu) };
}

/** A fresh server opening one document: wall and CPU time to its first diagnostics. */
export async function measureServerOpen(serverBundle: string, fileName: string, languageId: string, text: string): Promise<{ openWallMs: number; openCpuMs: number }> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'pipewise-open-'));
  const client = await startServer(serverBundle, workspace);
  try {
    const opened = await timedOpen(client, pathToFileURL(path.join(workspace, fileName)).toString(), languageId, text);
    return { openWallMs: Math.round(opened.wallMs), openCpuMs: Math.round(opened.cpuMs) };
  } finally {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** The server opening the pipeline.yaml at the YAML limit, then an edit and a save (a YAML file this size is analysed on save). */
export async function measureServerYaml(serverBundle: string): Promise<BigInputsResult['serverYamlAtLimit']> {
  const steps = yamlStepsAtLimit();
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'pipewise-yaml-'));
  const client = await startServer(serverBundle, workspace);
  try {
    const uri = pathToFileURL(path.join(workspace, 'pipeline.yaml')).toString();
    const opened = await timedOpen(client, uri, 'yaml', pipelineYaml(steps));
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 5, character: 0 } }, text: '' }] });
    await client.waitForDiagnostics(uri, 2, 120_000);
    const since = client.notifications.length;
    const cpuBefore = processCpuMs(client.pid);
    const sent = performance.now();
    client.notify('textDocument/didSave', { textDocument: { uri } });
    await client.waitForDiagnostics(uri, 2, 120_000, since);
    return { steps, openWallMs: Math.round(opened.wallMs), openCpuMs: Math.round(opened.cpuMs), saveWallMs: Math.round(performance.now() - sent), saveCpuMs: Math.round(processCpuMs(client.pid) - cpuBefore) };
  } finally {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  }
}

export async function measureBigInputs(serverBundle: string, cliBundle: string): Promise<BigInputsResult> {
  const loadAverage = os.loadavg().map((load) => Math.round(load * 10) / 10);
  const open10k = await measureOpen(serverBundle);
  const cli = {
    python3Mb: measureCli(cliBundle, 'pipeline.py', python3Mb()),
    pythonAtLimit: measureCli(cliBundle, 'pipeline.py', pythonAtLimit()),
    pipelineYaml10kSteps: measureCli(cliBundle, 'pipeline.yaml', pipelineYaml(10_000)),
    pipelineYamlAtLimit: measureCli(cliBundle, 'pipeline.yaml', pipelineYaml(yamlStepsAtLimit())),
    dotenv100kLines: measureCli(cliBundle, '.env', dotenv(100_000)),
  };
  const serverPythonAtLimit = await measureServerOpen(serverBundle, 'pipeline.py', 'python', pythonAtLimit());
  const serverYamlAtLimit = await measureServerYaml(serverBundle);
  return { date: new Date().toISOString(), loadAverage, open10k, cli, serverPythonAtLimit, serverYamlAtLimit };
}
