// `pipewise check` over the Python standard library's top-level modules (/usr/lib/python3.X/*.py,
// copied to a temporary folder so the cache can be written), whole processes measured from
// outside, against the parse-only floor (bench/parse-only.cjs: Node's start plus reading and
// parsing every file with the same parser, on one core) and bandit when it is installed:
// cold (`--no-cache`, default settings: every core), cold on one core (`--jobs 1`), the run that
// writes the cache, and the second run with nothing changed. Each measure is repeated, runs
// interleaved, and reported with the load average around it.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarize, type Summary } from './stats';

export interface CheckRun {
  wallMs: number;
  /** User + system CPU time of the process and its threads (null without /usr/bin/time). */
  cpuMs: number | null;
}

export interface CheckMeasure {
  corpus: { folder: string; files: number; lines: number };
  repeats: number;
  loadAverageBefore: number[];
  loadAverageAfter: number[];
  cores: number;
  /** Median wall time and CPU per measure. */
  wallMs: Record<string, Summary>;
  cpuMs: Record<string, Summary | null>;
  ratios: { coldToFloor: number; coldOneCoreToFloor: number; banditToCold: number | null };
  bandit: string | null;
}

/** The newest /usr/lib/python3.X holding top-level modules, or null. */
export function standardLibrary(): string | null {
  const lib = '/usr/lib';
  if (!existsSync(lib)) return null;
  const candidates = readdirSync(lib)
    .filter((name) => /^python3\.\d+$/.test(name))
    .sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]));
  for (const name of candidates) if (readdirSync(path.join(lib, name)).some((f) => f.endsWith('.py'))) return path.join(lib, name);
  return null;
}

function timed(command: string, args: string[], cwd: string): CheckRun & { status: number | null; stdout: string } {
  const useTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const result = useTime
    ? spawnSync('/usr/bin/time', ['-f', '@@cpu %U %S', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  const cpu = /@@cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  return { wallMs, cpuMs: cpu ? Math.round((Number(cpu[1]) + Number(cpu[2])) * 1000) : null, status: result.status, stdout: result.stdout };
}

export function measureCheckStdlib(cliBundle: string, repeats = 3): CheckMeasure | null {
  const stdlib = standardLibrary();
  if (!stdlib) return null;
  const corpus = mkdtempSync(path.join(os.tmpdir(), 'pipewise-stdlib-'));
  try {
    for (const name of readdirSync(stdlib).filter((f) => f.endsWith('.py'))) copyFileSync(path.join(stdlib, name), path.join(corpus, name));
    const floorScript = path.join(__dirname, 'parse-only.cjs');
    const bandit = spawnSync('bandit', ['--version'], { encoding: 'utf8' }).status === 0 ? 'bandit' : null;
    const node = process.execPath;
    const loadAverageBefore = os.loadavg().map((n) => Math.round(n * 100) / 100);
    const runs: Record<string, CheckRun[]> = { floor: [], cold: [], coldOneCore: [], cacheWrite: [], warm: [], bandit: [] };
    let counted = { files: 0, lines: 0 };
    for (let i = 0; i < repeats; i++) {
      const floor = timed(node, [floorScript, '.'], corpus);
      counted = JSON.parse(floor.stdout) as { files: number; lines: number };
      runs.floor.push(floor);
      runs.cold.push(timed(node, [cliBundle, 'check', '.', '--no-cache', '--quiet'], corpus));
      runs.coldOneCore.push(timed(node, [cliBundle, 'check', '.', '--no-cache', '--jobs', '1', '--quiet'], corpus));
      rmSync(path.join(corpus, '.pipewise_cache'), { recursive: true, force: true });
      runs.cacheWrite.push(timed(node, [cliBundle, 'check', '.', '--quiet'], corpus));
      runs.warm.push(timed(node, [cliBundle, 'check', '.', '--quiet'], corpus));
      if (bandit) runs.bandit.push(timed(bandit, ['-q', '-r', '.'], corpus));
    }
    const wallMs: Record<string, Summary> = {};
    const cpuMs: Record<string, Summary | null> = {};
    for (const [name, list] of Object.entries(runs)) {
      if (list.length === 0) continue;
      wallMs[name] = summarize(list.map((r) => r.wallMs));
      const cpu = list.map((r) => r.cpuMs);
      cpuMs[name] = cpu.every((c): c is number => c !== null) ? summarize(cpu) : null;
    }
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    return {
      corpus: { folder: stdlib, files: counted.files, lines: counted.lines },
      repeats,
      loadAverageBefore,
      loadAverageAfter: os.loadavg().map((n) => Math.round(n * 100) / 100),
      cores: os.availableParallelism(),
      wallMs,
      cpuMs,
      ratios: {
        coldToFloor: ratio(wallMs.cold.p50, wallMs.floor.p50),
        coldOneCoreToFloor: ratio(wallMs.coldOneCore.p50, wallMs.floor.p50),
        banditToCold: wallMs.bandit ? ratio(wallMs.bandit.p50, wallMs.cold.p50) : null,
      },
      bandit: bandit ? spawnSync('bandit', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] : null,
    };
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
}

// `node --import tsx bench/check-stdlib.ts [repeats]` measures this one row on its own.
if (require.main === module) {
  const result = measureCheckStdlib(path.resolve(__dirname, '..', 'dist', 'cli.js'), Number(process.argv[2] ?? 3));
  console.log(JSON.stringify(result, null, 2));
}
