// `npm run bench`: measures the language server against dist/server.js and records the results in
// bench/results/: keystroke latency over stdio (latency-typical.json, the headline: a maintained
// 10,000-line module; latency-typical-module-edits.json: the same module, typing in module-level
// statements; latency.json: the stress module; latency-small.json: 2,000 lines) and where a keystroke's time goes in-process (stages.json). `--profile` also records a
// CPU profile of the server (kept in a temporary folder, it is large) and writes its summary by
// module (profile-summary.json). Last, `pipewise check` over the Python standard library
// against a parse-only floor and bandit (check-stdlib.json).

import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureCheckStdlib } from './check-stdlib';
import { measureLatency } from './latency';
import { summarizeProfile } from './profile-summary';
import { measureStages } from './stages';

const TARGET_P95_MS = 15;
const LINES = 10_000;
const SMALL_LINES = 2_000;
const SEED = 42;
const root = path.resolve(__dirname, '..');
const resultsDir = path.join(root, 'bench', 'results');
const serverBundle = path.join(root, 'dist', 'server.js');

function write(name: string, data: unknown): void {
  writeFileSync(path.join(resultsDir, name), `${JSON.stringify(data, null, 2)}\n`);
}

function newestProfile(dir: string): string | undefined {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => path.join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

async function main(): Promise<void> {
  const profile = process.argv.includes('--profile');
  const profileDir = profile ? mkdtempSync(path.join(os.tmpdir(), 'pipewise-profile-')) : '';
  mkdirSync(resultsDir, { recursive: true });

  const report = (label: string, result: Awaited<ReturnType<typeof measureLatency>>) => {
    const edit = result.editLatencyMs;
    console.log(`${label} (${result.document.findings} findings): edit → diagnostics p50 ${edit.p50} ms, p95 ${edit.p95} ms, p99 ${edit.p99} ms, max ${edit.max} ms; open p50 ${result.openToDiagnosticsMs.p50} ms`);
  };

  // The headline: a 10,000-line module written the way a maintained pipeline is (few findings).
  const typical = await measureLatency({ serverBundle, lines: LINES, style: 'typical', edits: 200, opens: 5, seed: SEED });
  const { machine } = typical;
  console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, ${machine.platform}, node ${machine.node}, load average ${machine.loadAverage.join(' / ')}`);
  console.log(`document: ${typical.document.lines} lines, ${typical.document.characters} characters`);
  report(`${LINES} lines, typical, edits in function bodies`, typical);
  write('latency-typical.json', typical);

  // Typing in module-level statements changes the module context: every statement is checked again.
  const moduleEdits = await measureLatency({ serverBundle, lines: LINES, style: 'typical', edits: 200, opens: 1, seed: SEED, editAt: 'module' });
  report(`${LINES} lines, typical, edits in module-level statements`, moduleEdits);
  write('latency-typical-module-edits.json', moduleEdits);

  // The worst case: a finding in nearly every function (I/O without retries, credentials).
  const latency = await measureLatency({
    serverBundle,
    lines: LINES,
    edits: 200,
    opens: 5,
    seed: SEED,
    serverNodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  report(`${LINES} lines, stress`, latency);
  write('latency.json', latency);
  const edit = typical.editLatencyMs;

  // For scale: a module the size of one ordinary pipeline stage.
  const small = await measureLatency({ serverBundle, lines: SMALL_LINES, edits: 200, opens: 5, seed: SEED });
  const smallEdit = small.editLatencyMs;
  console.log(`${SMALL_LINES} lines (${small.document.findings} findings): edit → diagnostics p50 ${smallEdit.p50} ms, p95 ${smallEdit.p95} ms, p99 ${smallEdit.p99} ms, max ${smallEdit.max} ms; open p50 ${small.openToDiagnosticsMs.p50} ms`);
  write('latency-small.json', small);

  const stages = await measureStages(LINES, 40, SEED, 'typical');
  console.log(`\nper keystroke, in-process (${stages.edits} edits; findings ${JSON.stringify(stages.findingsByRule)}; publish ${stages.publishKiB} KiB):`);
  for (const [stage, wall] of Object.entries(stages.stagesMs)) {
    const cpu = stages.stagesCpuMs[stage];
    console.log(`  ${stage.padEnd(40)} wall p50 ${String(wall.p50).padStart(7)} ms  p95 ${String(wall.p95).padStart(7)} ms   cpu p50 ${String(cpu.p50).padStart(7)} ms`);
  }
  write('stages.json', stages);

  const profileFile = profile ? newestProfile(profileDir) : undefined;
  if (profileFile) {
    const summary = summarizeProfile(profileFile, serverBundle);
    console.log(`\nserver CPU profile ${profileFile} (${summary.totalMs} ms busy), self time by module:`);
    for (const { module, ms, share } of summary.byModule) console.log(`  ${String(share).padStart(5)} %  ${String(ms).padStart(7)} ms  ${module}`);
    console.log('heaviest functions (inclusive):');
    for (const { fn, ms, share } of summary.byFunction) console.log(`  ${String(share).padStart(5)} %  ${String(ms).padStart(7)} ms  ${fn}`);
    write('profile-summary.json', summary);
  }

  // The CLI as a whole process over the standard library: cold, warm cache, the parse floor, bandit.
  const check = measureCheckStdlib(path.join(root, 'dist', 'cli.js'));
  if (!check) console.log('\npipewise check over the standard library: no /usr/lib/python3.X found, not measured');
  else {
    const { wallMs, cpuMs } = check;
    const row = (name: string) => `${wallMs[name].p50} ms (cpu ${cpuMs[name]?.p50 ?? '?'} ms)`;
    console.log(`\npipewise check over ${check.corpus.folder}/*.py (${check.corpus.files} files, ${check.corpus.lines} lines), median of ${check.repeats}, load ${check.loadAverageBefore.join(' / ')} → ${check.loadAverageAfter.join(' / ')}:`);
    console.log(`  parse-only floor ${row('floor')}; cold ${row('cold')} = ${check.ratios.coldToFloor}× the floor; cold on one core ${row('coldOneCore')}; writing the cache ${row('cacheWrite')}; nothing changed ${row('warm')}`);
    console.log(check.bandit ? `  ${check.bandit}: ${row('bandit')} = ${check.ratios.banditToCold}× pipewise cold` : '  bandit: not installed, not measured');
    write('check-stdlib.json', check);
  }

  if (edit.p95 > TARGET_P95_MS) console.log(`\ntypical module: p95 ${edit.p95} ms is over the ${TARGET_P95_MS} ms target`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
