// A keystroke's CPU in process, through the server's own document and lint code (OpenDocument with
// incremental text sync, DocumentLinter, the hub's conversion to diagnostics and encoding of the
// publishDiagnostics message) without the LSP transport:
// the same generated modules and edits as bench/latency.ts. On this shared machine CPU time per
// edit moves far less with the load than wall time, and a CPU profile of this process shows the
// engine's functions by their source names.
//   node --import tsx bench/keystroke-cpu.ts [--module=typical|stress|select-star] [--lines=10000]
//        [--edits=200] [--at=functions|module] [--profile=out.cpuprofile]
// --profile records a CPU profile over the edits alone (not the open, nor the first edits the
// statistics leave out) and prints its summary by source file and function (inclusive); node's own
// --cpu-prof (before --import) profiles the whole run.

import { LiveTextDocument } from '../server/src/features/live-text-document';
import { ALL_RULES } from '../rules/index';
import { resolveConfig } from '../server/src/engine/config';
import { initPythonParser } from '../server/src/engine/python/parser';
import { DEFAULT_CLIENT_SETTINGS } from '../server/src/features/client-settings';
import { OpenDocument } from '../server/src/features/documents';
import { DocumentLinter } from '../server/src/features/lint';
import type { Logger } from '../server/src/features/logger';
import type { DocumentSettings } from '../server/src/features/settings';
import type { Diagnostic } from 'vscode-languageserver/node';
import { encodeMessage, withJsonSlots, type JsonSlot } from '../server/src/features/diagnostic-json';
import { DiagnosticReuse } from '../server/src/features/diagnostic-reuse';
import { createRandom, generateModule, Keystrokes, machine, type ModuleKind } from './latency';
import { summarize } from './stats';
import { EditsProfiler } from './in-process-profile';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

async function main(): Promise<void> {
  const kind = arg('module', 'typical') as ModuleKind;
  const lines = Number(arg('lines', kind === 'select-star' ? '9500' : '10000'));
  const edits = Number(arg('edits', '200'));
  const at = arg('at', 'functions');
  await initPythonParser();
  const generated = generateModule(kind, lines, 42);
  const sites = at === 'module' ? generated.moduleEditSites : generated.editSites;
  const silent = () => undefined;
  const logger: Logger = { info: silent, warn: silent, error: silent, reportOnce: silent, errorOnce: (m) => console.error(m) };
  const linter = new DocumentLinter(ALL_RULES, logger);
  const settings: DocumentSettings = { client: DEFAULT_CLIENT_SETTINGS, config: resolveConfig(undefined, null, null), baseline: null, workspaceRoot: null };
  const uri = 'file:///bench/pipewise-bench-edit.py';
  const doc = new OpenDocument(uri, '/bench/pipewise-bench-edit.py', 'python', new LiveTextDocument(uri, 'python', 1, generated.text));
  // As the hub publishes an open document's own findings (diagnostics-hub.ts): diagnostics kept
  // from the last publish where they stand, the message encoded as the stdio writer does.
  const reuse = new DiagnosticReuse();
  const publish = (version: number) => {
    const result = linter.lint(doc, settings);
    const context = { document: doc.text, filePath: doc.filePath, config: settings.config, docsUrlOf: () => 'https://example.invalid/rule', openText: () => undefined };
    const diagnostics: Diagnostic[] = [];
    const slots: JsonSlot[] = [];
    reuse.start(settings, context);
    for (const finding of result.findings) {
      const converted = reuse.diagnosticOf(finding, context);
      if (!converted) continue;
      diagnostics.push(converted.diagnostic);
      slots.push(converted.json);
    }
    reuse.finish();
    return encodeMessage({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics: withJsonSlots(diagnostics, slots) } }).length;
  };
  publish(1);

  const random = createRandom(42);
  const keystrokes = new Keystrokes(generated.text, sites, random);
  const cpu: number[] = [];
  const wall: number[] = [];
  const profileFile = arg('profile', '');
  // The statistics leave out the first edits (the first completes the open's bookkeeping: every rule over every statement); so does the profile.
  const warm = Math.min(10, Math.floor(edits / 4));
  let profiler: EditsProfiler | undefined;
  for (let version = 2; version < edits + 2; version++) {
    if (profileFile && version === warm + 2) profiler = await EditsProfiler.start();
    const change = keystrokes.next();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    doc.applyChanges([change], version);
    publish(version);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  if (profiler) await profiler.stopAndSummarize(profileFile);
  if (doc.text.getText() !== keystrokes.text) throw new Error('the document text drifted from the edits');
  const round = (s: ReturnType<typeof summarize>) => `p50 ${s.p50} / p95 ${s.p95} / mean ${s.mean}`;
  console.log(`${kind} ${lines} lines, ${edits} edits at ${at} (load ${machine().loadAverage.join(' / ')}):`);
  console.log(`  CPU per edit ms:  ${round(summarize(cpu.slice(warm)))}`);
  console.log(`  wall per edit ms: ${round(summarize(wall.slice(warm)))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
