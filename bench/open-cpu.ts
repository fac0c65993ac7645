// Open → diagnostics in process, through the server's own document and lint code (OpenDocument,
// DocumentLinter, the conversion to diagnostics) without the LSP transport, timed in the main
// thread's CPU time (/proc/self/task/<pid>/stat: V8's background compiler threads and the load of
// other work do not count), on a fresh process: the server's start-up (parser), the first open, its deferred bookkeeping, then a second open of another document.
//   node --import tsx bench/open-cpu.ts [--module=typical|stress] [--lines=10000] [--opens=2]
//   [--profile=<file>] (an inspector profile over the opens after the first, summarised)

import { readFileSync } from 'node:fs';
import { ALL_RULES } from '../rules/index';
import { resolveConfig } from '../server/src/engine/config';
import { completeDeferredBookkeeping } from '../server/src/engine/linter';
import { initPythonParser } from '../server/src/engine/python/parser';
import { DEFAULT_CLIENT_SETTINGS } from '../server/src/features/client-settings';
import { OpenDocument } from '../server/src/features/documents';
import { LiveTextDocument } from '../server/src/features/live-text-document';
import { DocumentLinter } from '../server/src/features/lint';
import type { Logger } from '../server/src/features/logger';
import type { DocumentSettings } from '../server/src/features/settings';
import { toDiagnostic } from '../server/src/features/to-diagnostic';
import { EditsProfiler } from './in-process-profile';
import { generateModule, machine, type ModuleKind } from './latency';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

/** CPU time of this process's main thread in ms (10 ms ticks). */
function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function timed<T>(what: string, run: () => T): T {
  const cpu = mainThreadCpuMs();
  const wall = performance.now();
  const result = run();
  console.log(`  ${what.padEnd(34)} main-thread CPU ${String(mainThreadCpuMs() - cpu).padStart(5)} ms   wall ${String(Math.round(performance.now() - wall)).padStart(5)} ms`);
  return result;
}

async function main(): Promise<void> {
  const kind = arg('module', 'typical') as ModuleKind;
  const lines = Number(arg('lines', '10000'));
  const { text } = generateModule(kind, lines, 42);
  const silent = () => undefined;
  const logger: Logger = { info: silent, warn: silent, error: silent, reportOnce: silent, errorOnce: (m) => console.error(m) };
  const linter = new DocumentLinter(ALL_RULES, logger);
  const settings: DocumentSettings = { client: DEFAULT_CLIENT_SETTINGS, config: resolveConfig(undefined, null, null), baseline: null, workspaceRoot: null };
  console.log(`${kind} ${lines} lines (load ${machine().loadAverage.join(' / ')}):`);
  const cpu = mainThreadCpuMs();
  await initPythonParser();
  console.log(`  parser initialised                 main-thread CPU ${String(mainThreadCpuMs() - cpu).padStart(5)} ms`);
  const open = (name: string) => {
    const uri = `file:///bench/${name}.py`;
    const doc = new OpenDocument(uri, `/bench/${name}.py`, 'python', new LiveTextDocument(uri, 'python', 1, text));
    return timed(`open ${name} → diagnostics`, () => {
      const result = linter.lint(doc, settings);
      const context = { document: doc.text, filePath: doc.filePath, config: settings.config, docsUrlOf: () => 'https://example.invalid/rule', openText: () => undefined };
      JSON.stringify({ uri, version: 1, diagnostics: result.findings.map((finding) => toDiagnostic(finding, context)) });
      return doc;
    });
  };
  const first = open('first');
  timed('  its deferred bookkeeping', () => completeDeferredBookkeeping(first.facts()!.python!));
  const profileFile = arg('profile', '');
  const profiler = profileFile ? await EditsProfiler.start() : null;
  const opens = Number(arg('opens', '2'));
  for (let i = 2; i <= opens; i++) {
    const later = open(i === 2 ? 'second' : `open-${i}`);
    timed('  its deferred bookkeeping', () => completeDeferredBookkeeping(later.facts()!.python!));
  }
  await profiler?.stopAndSummarize(profileFile, 60);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
