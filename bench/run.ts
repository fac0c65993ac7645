// `npm run bench`: measures the language server against dist/server.js, with the server's default
// settings (plus the `lintDelayMs: 0` variant), and records the results in bench/results/:
// keystroke latency over stdio on the typical, stress, select-star and 100,000-line modules
// (latency-<row>.json), typing in module-level statements (latency-typical-module-edits.json),
// open → first diagnostics on a fresh server (open-fresh.json), memory over a long session
// (memory.json) and where a keystroke's time goes in-process (stages.json).
// `--only=<row>[,<row>]` runs some rows (their names are printed); `--profile` also records a CPU
// profile of the server for every keystroke row that runs (kept in a temporary folder, they are
// large) and writes its summary over the edits (the opens left out) by module and function, per
// row, into profile-summary.json (rows not run keep their last summary). Big inputs (big-inputs.json, `big-inputs` row): open →
// first diagnostics of a 10,000-line module on a fresh and a warm server, the CLI over a 3 MB Python
// file, a 10,000-step pipeline.yaml and a 100,000-line .env, the server on that pipeline.yaml.
// `--big-inputs` measures only those.
// Last, `pipewise check` over the Python standard library against a parse-only floor and bandit
// (check-stdlib.json).
// `notebook` row (notebook-keystroke.json): a keystroke in a 200-cell notebook over stdio, against
// the same edits in the equivalent flat .py and in process (bench/notebook-keystroke.ts).

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureCheckStdlib } from './check-stdlib';
import { measureBigInputs, type BigInputsResult } from './big-inputs';
import { generateModule, machine, measureFreshOpen, measureLatency, type LatencyResult, type ModuleKind } from './latency';
import { measureMemory } from './memory';
import { describeNotebookKeystroke, measureNotebookKeystroke } from './notebook-keystroke';
import { summarizeProfile, type ProfileSummary } from './profile-summary';
import { measureStages } from './stages';

const SEED = 42;
const root = path.resolve(__dirname, '..');
const resultsDir = path.join(root, 'bench', 'results');
// `--server=<path>` measures another build (e.g. a copy of dist/ from before a change).
const serverBundle = path.resolve(process.argv.find((arg) => arg.startsWith('--server='))?.slice('--server='.length) ?? path.join(root, 'dist', 'server.js'));

const cliBundle = path.join(root, 'dist', 'cli.js');

function write(name: string, data: unknown): void {
  writeFileSync(path.join(resultsDir, name), `${JSON.stringify(data, null, 2)}\n`);
}

function readJson(name: string): unknown {
  try {
    return JSON.parse(readFileSync(path.join(resultsDir, name), 'utf8'));
  } catch {
    return undefined;
  }
}

function newestProfile(dir: string): string | undefined {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => path.join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

function reportBigInputs(result: BigInputsResult): void {
  const { open10k, cli, serverYamlAtLimit: yaml } = result;
  console.log(`\nbig inputs, default settings (load average ${result.loadAverage.join(' / ')}):`);
  console.log(`  open → first diagnostics, 10,000 lines: fresh server p50 ${Math.round(open10k.freshWallMs.p50)} ms (server CPU ${Math.round(open10k.freshCpuMs.p50)} ms), warm server p50 ${Math.round(open10k.warmWallMs.p50)} ms (server CPU ${Math.round(open10k.warmCpuMs.p50)} ms)`);
  for (const [label, m] of [['3 MB Python file (over the limit)', cli.python3Mb], ['Python file at the 640 kB limit', cli.pythonAtLimit], ['10,000-step pipeline.yaml (over the limit)', cli.pipelineYaml10kSteps], [`${yaml.steps}-step pipeline.yaml at the 512 kB limit`, cli.pipelineYamlAtLimit], ['100,000-line .env', cli.dotenv100kLines]] as const) {
    console.log(`  pipewise check, ${label} (${m.findings} findings): CPU ${m.cpuMs} ms, peak RSS ${m.maxRssMb} MB, wall ${m.wallMs} ms`);
  }
  console.log(`  server, Python file at the 640 kB limit: open → first diagnostics ${result.serverPythonAtLimit.openWallMs} ms (CPU ${result.serverPythonAtLimit.openCpuMs} ms)`);
  console.log(`  server, ${yaml.steps}-step pipeline.yaml at the limit: open ${yaml.openWallMs} ms (CPU ${yaml.openCpuMs} ms), save ${yaml.saveWallMs} ms (CPU ${yaml.saveCpuMs} ms)`);
}


interface LatencyRow {
  name: string;
  module: ModuleKind;
  lines: number;
  /** The goal for p95, ms (from the issue). */
  goalP95: number;
  edits: number;
  delayZero?: boolean;
  editAt?: 'functions' | 'module';
}

const LATENCY_ROWS: LatencyRow[] = [
  { name: 'typical', module: 'typical', lines: 10_000, goalP95: 10, edits: 200 },
  { name: 'typical-delay0', module: 'typical', lines: 10_000, goalP95: 10, edits: 200, delayZero: true },
  { name: 'typical-module-edits', module: 'typical', lines: 10_000, goalP95: 20, edits: 200, editAt: 'module' },
  { name: 'stress', module: 'stress', lines: 10_000, goalP95: 20, edits: 200 },
  { name: 'stress-delay0', module: 'stress', lines: 10_000, goalP95: 20, edits: 200, delayZero: true },
  { name: 'select-star', module: 'select-star', lines: 9_500, goalP95: 20, edits: 200 },
  { name: 'select-star-delay0', module: 'select-star', lines: 9_500, goalP95: 20, edits: 200, delayZero: true },
  { name: 'large', module: 'large', lines: 100_000, goalP95: 60, edits: 100 },
  { name: 'large-delay0', module: 'large', lines: 100_000, goalP95: 60, edits: 100, delayZero: true },
  { name: 'small', module: 'stress', lines: 2_000, goalP95: 10, edits: 200 },
];
const OTHER_ROWS = ['open-fresh', 'memory', 'stages', 'big-inputs', 'notebook', 'check-stdlib'];

async function main(): Promise<void> {
  if (process.argv.includes('--big-inputs')) {
    mkdirSync(resultsDir, { recursive: true });
    const big = await measureBigInputs(serverBundle, cliBundle);
    reportBigInputs(big);
    write('big-inputs.json', big);
    return;
  }
  const profile = process.argv.includes('--profile');
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
  const wanted = (name: string) => !only || only.includes(name);
  const profileDir = profile ? mkdtempSync(path.join(os.tmpdir(), 'pipewise-profile-')) : '';
  mkdirSync(resultsDir, { recursive: true });
  const host = machine();
  console.log(`machine: ${host.cpus} × ${host.cpuModel}, ${host.memoryGb} GB, ${host.platform}, node ${host.node}; rows: ${[...LATENCY_ROWS.map((r) => r.name), ...OTHER_ROWS].join(', ')}`);

  const report = (row: LatencyRow, result: LatencyResult) => {
    const edit = result.editLatencyMs;
    const verdict = edit.p95 <= row.goalP95 ? 'meets' : 'misses';
    console.log(
      `${row.name.padEnd(22)} ${String(result.document.lines).padStart(6)} lines, ${String(result.document.findings).padStart(4)} findings (${result.document.publishKiB} KiB): ` +
        `p50 ${edit.p50} ms, p95 ${edit.p95} ms (${verdict} ≤ ${row.goalP95}), p99 ${edit.p99} ms, max ${edit.max} ms; warm open p50 ${result.openToDiagnosticsMs.p50} ms; load ${result.machine.loadAverage.join(' / ')}`,
    );
  };

  const profiles: Record<string, ProfileSummary & { date: string; loadAverage: number[] }> = {};
  for (const row of LATENCY_ROWS) {
    if (!wanted(row.name)) continue;
    const rowProfileDir = profile ? mkdtempSync(path.join(profileDir, `${row.name}-`)) : '';
    const result = await measureLatency({
      serverBundle,
      module: row.module,
      lines: row.lines,
      settings: row.delayZero ? { lintDelayMs: 0 } : undefined,
      edits: row.edits,
      opens: row.editAt === 'module' ? 1 : 3,
      seed: SEED,
      editAt: row.editAt,
      serverNodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${rowProfileDir}`] : [],
    });
    report(row, result);
    write(`latency-${row.name}.json`, result);
    const profileFile = profile ? newestProfile(rowProfileDir) : undefined;
    if (profileFile) {
      const summary = summarizeProfile(profileFile, serverBundle, 20, result.editsStartedUs);
      console.log(`  server CPU profile of the edits ${profileFile} (${summary.totalMs} ms busy, ${Math.round((summary.totalMs / row.edits) * 10) / 10} ms per edit), self time by module:`);
      for (const { module, ms, share } of summary.byModule.slice(0, 12)) console.log(`    ${String(share).padStart(5)} %  ${String(ms).padStart(7)} ms  ${module}`);
      console.log('  heaviest functions (inclusive):');
      for (const { fn, ms, share } of summary.byFunction.slice(0, 12)) console.log(`    ${String(share).padStart(5)} %  ${String(ms).padStart(7)} ms  ${fn}`);
      profiles[row.name] = { date: result.date, loadAverage: result.machine.loadAverage, ...summary };
    }
  }

  if (wanted('open-fresh')) {
    const { text } = generateModule('typical', 10_000, SEED);
    const fresh = await measureFreshOpen(serverBundle, text, 5);
    console.log(`open → first diagnostics, fresh server, 10,000-line typical module: p50 ${fresh.p50} ms, max ${fresh.max} ms (goal ≤ 300); load ${machine().loadAverage.join(' / ')}`);
    write('open-fresh.json', { date: new Date().toISOString(), machine: machine(), openToDiagnosticsMs: fresh });
  }

  if (wanted('memory')) {
    const memory = await measureMemory({ serverBundle, files: 50, lines: 2_000, edits: 1_000, burst: 20, seed: SEED });
    console.log(
      `memory, ${memory.files} files of ${memory.linesPerFile} lines + ${memory.edits} edits: started ${memory.startedMb} MB, after opening ${memory.afterOpeningMb} MB, peak ${memory.peakMb} MB, settled ${memory.settledMb} MB (goal ≤ 150, flat); during edits ${memory.duringEditsMb.join(' ')}; live heap after opening ${memory.liveAfterOpening.heapMb} MB (+${memory.liveAfterOpening.externalMb} external; RSS after a full GC ${memory.liveAfterOpening.rssAfterGcMb}), settled ${memory.liveSettled.heapMb} MB (+${memory.liveSettled.externalMb}; ${memory.liveSettled.rssAfterGcMb}); server CPU per edit, first of a burst p50/mean/max ${memory.firstEditOfBurstCpuMs.p50}/${memory.firstEditOfBurstCpuMs.mean}/${memory.firstEditOfBurstCpuMs.max} ms, later ${memory.laterEditCpuMs.p50}/${memory.laterEditCpuMs.mean}/${memory.laterEditCpuMs.max} ms, an open ${memory.openCpuMs.p50}/${memory.openCpuMs.mean}/${memory.openCpuMs.max} ms; load ${memory.machine.loadAverage.join(' / ')}`,
    );
    write('memory.json', memory);
  }

  if (wanted('stages')) {
    const stages = await measureStages(10_000, 40, SEED, 'typical');
    console.log(`\nper keystroke, in-process (${stages.edits} edits; findings ${JSON.stringify(stages.findingsByRule)}; publish ${stages.publishKiB} KiB):`);
    for (const [stage, wall] of Object.entries(stages.stagesMs)) {
      const cpu = stages.stagesCpuMs[stage];
      console.log(`  ${stage.padEnd(40)} wall p50 ${String(wall.p50).padStart(7)} ms  p95 ${String(wall.p95).padStart(7)} ms   cpu p50 ${String(cpu.p50).padStart(7)} ms`);
    }
    write('stages.json', stages);
  }

  if (wanted('notebook')) {
    const notebooks = [];
    for (const style of ['typical', 'stress'] as const) {
      const result = await measureNotebookKeystroke({ serverBundle, style, lines: 4_000, cells: 200, edits: 200, seed: SEED });
      console.log(describeNotebookKeystroke(result));
      notebooks.push(result);
    }
    write('notebook-keystroke.json', notebooks);
  }

  if (wanted('big-inputs')) {
    const big = await measureBigInputs(serverBundle, cliBundle);
    reportBigInputs(big);
    write('big-inputs.json', big);
  }

  if (Object.keys(profiles).length > 0) {
    const before = readJson('profile-summary.json') as { rows?: Record<string, unknown> } | undefined;
    write('profile-summary.json', { rows: { ...(before?.rows ?? {}), ...profiles } });
  }

  // The CLI as a whole process over the standard library: cold, warm cache, the parse floor, bandit.
  if (!wanted('check-stdlib')) return;
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
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
