// Responsiveness while the language server analyses a workspace: a generated repository of 400
// pipelines (2,000 files: 1,600 Python/YAML analysed, 400 READMEs listed) is opened over stdio
// with `node dist/server.js --stdio`. Right after `initialized` one script is opened and hover and
// code-action requests are sent back to back (one at a time) until the scan's $/progress `end`;
// each sample is request → response. The same requests are then timed with the model idle. Also:
// scan time and throughput (files analysed per second, from $/progress begin → end), and the time
// until the workspace rules' findings are published for every pipeline.yaml (none is open), with
// hover latency in that phase (the rules' first run, then publishing in slices).
//
// Run: node scripts/build.mjs && node --import tsx bench/workspace-responsiveness.ts
// Writes bench/results/workspace-responsiveness.json.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type Notification, type PublishedDiagnostics } from '../test/helpers/lsp-client';
import { FILES_PER_PIPELINE, generateWorkspace } from './generate-workspace';
import { summarize, type Summary } from './stats';

const PIPELINES = 400;
const IDLE_SAMPLES = 100;
const root = path.resolve(__dirname, '..');
const serverBundle = path.join(root, 'dist', 'server.js');

export interface WorkspaceResponsivenessResult {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; platform: string; node: string; loadAverage: number[] };
  workspace: { files: number; analysedFiles: number; pipelines: number };
  scan: { initializedToBeginMs: number; durationMs: number; filesPerSecond: number; progressReports: number };
  /** initialized → every pipeline.yaml has its workspace diagnostics published. */
  workspaceDiagnosticsMs: number;
  closedFilesWithDiagnostics: number;
  /** The first hover: waits for the open document's settings and first lint. */
  firstHoverMs: number;
  /** After the first hover. */
  duringScan: { hoverMs: Summary; codeActionMs: Summary };
  /** Scan end → every pipeline.yaml has its workspace diagnostics: the workspace rules' first run and publishing. */
  afterScan: { hoverMs: Summary };
  idle: { hoverMs: Summary; codeActionMs: Summary };
}

function progressKind(n: Notification): string | undefined {
  return n.method === '$/progress' ? (n.params as { value?: { kind?: string } }).value?.kind : undefined;
}

async function timed(request: () => Promise<unknown>): Promise<number> {
  const sent = performance.now();
  await request();
  return performance.now() - sent;
}

export async function measureWorkspaceResponsiveness(pipelines = PIPELINES): Promise<WorkspaceResponsivenessResult> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'pipewise-bench-workspace-'));
  const files = generateWorkspace(workspace, pipelines);
  const client = new LspClient({ args: [serverBundle, '--stdio'], cwd: workspace });
  client.onRequest('workspace/configuration', (params) => (params as { items: unknown[] }).items.map(() => ({ lintDelayMs: 0 })));
  try {
    const rootUri = pathToFileURL(workspace).toString();
    await client.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    client.notify('initialized', {});
    const initializedAt = performance.now();
    const name = path.join('pipelines', 'sales_0001', 'extract.py');
    const uri = pathToFileURL(path.join(workspace, name)).toString();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: readFileSync(path.join(workspace, name), 'utf8') } });
    const position = { line: 6, character: 12 };
    const hover = () => client.request('textDocument/hover', { textDocument: { uri }, position }, 60_000);
    const codeAction = () => client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }, 60_000);

    const duringHover: number[] = [];
    const duringActions: number[] = [];
    const scanEnded = () => client.notifications.some((n) => progressKind(n) === 'end');
    while (!scanEnded()) {
      duringHover.push(await timed(hover));
      duringActions.push(await timed(codeAction));
    }
    const begin = client.notifications.find((n) => progressKind(n) === 'begin')!;
    const end = client.notifications.find((n) => progressKind(n) === 'end')!;
    const reports = client.notifications.filter((n) => progressKind(n) === 'report').length;
    const analysedFiles = Math.round((files * 4) / FILES_PER_PIPELINE);

    const lastConfig = pathToFileURL(path.join(workspace, 'pipelines', `sales_${String(pipelines - 1).padStart(4, '0')}`, 'pipeline.yaml')).toString();
    // The workspace rules run once the scan is done (one ~100 ms block), then publish in slices.
    const afterHover: number[] = [];
    const isPublished = (n: Notification) => n.method === 'textDocument/publishDiagnostics' && (n.params as PublishedDiagnostics).uri === lastConfig;
    while (!client.notifications.some(isPublished)) afterHover.push(await timed(hover));
    const published = client.notifications.find(isPublished)!;
    const closed = new Set(
      client.notifications
        .filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as PublishedDiagnostics).uri !== uri && (n.params as PublishedDiagnostics).diagnostics.length > 0)
        .map((n) => (n.params as PublishedDiagnostics).uri),
    );

    const idleHover: number[] = [];
    const idleActions: number[] = [];
    for (let i = 0; i < IDLE_SAMPLES; i++) {
      idleHover.push(await timed(hover));
      idleActions.push(await timed(codeAction));
    }
    const durationMs = end.receivedAt - begin.receivedAt;
    return {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.arch()}`, node: process.version, loadAverage: os.loadavg().map((load) => Math.round(load * 10) / 10) },
      workspace: { files, analysedFiles, pipelines },
      scan: { initializedToBeginMs: Math.round(begin.receivedAt - initializedAt), durationMs: Math.round(durationMs), filesPerSecond: Math.round((analysedFiles / durationMs) * 1000), progressReports: reports },
      workspaceDiagnosticsMs: Math.round(published.receivedAt - initializedAt),
      closedFilesWithDiagnostics: closed.size,
      firstHoverMs: Math.round(duringHover[0]),
      duringScan: { hoverMs: summarize(duringHover.slice(1)), codeActionMs: summarize(duringActions) },
      afterScan: { hoverMs: summarize(afterHover) },
      idle: { hoverMs: summarize(idleHover), codeActionMs: summarize(idleActions) },
    };
  } finally {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const result = await measureWorkspaceResponsiveness();
  const { scan, duringScan, idle } = result;
  console.log(`workspace: ${result.workspace.files} files (${result.workspace.analysedFiles} analysed), ${result.workspace.pipelines} pipelines`);
  console.log(`scan: ${scan.durationMs} ms, ${scan.filesPerSecond} files/s, ${scan.progressReports} progress reports; workspace diagnostics for every pipeline.yaml after ${result.workspaceDiagnosticsMs} ms (${result.closedFilesWithDiagnostics} closed files with diagnostics)`);
  const line = (label: string, s: Summary) => console.log(`${label}: n=${s.count} p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms`);
  console.log(`first hover (open → settings → lint): ${result.firstHoverMs} ms`);
  line('hover during scan', duringScan.hoverMs);
  line('codeAction during scan', duringScan.codeActionMs);
  line('hover while the workspace rules run and publish', result.afterScan.hoverMs);
  line('hover idle', idle.hoverMs);
  line('codeAction idle', idle.codeActionMs);
  const resultsDir = path.join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'workspace-responsiveness.json'), `${JSON.stringify(result, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
