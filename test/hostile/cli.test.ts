// Issue 12: a hostile repository, measured from outside through the whole CLI process. Each case
// must stay within HOSTILE_CPU_BUDGET_MS of CPU time and HOSTILE_MEMORY_BUDGET_MB of memory:
// generous for a loaded 2-core machine, far below what the exponential and quadratic versions took
// (20 s at 28 characters doubling per character, a hang and gigabytes on /dev/zero, 80 s for the
// 300 kB string, 13 s of CPU for the 10,000-step pipeline).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, beforeEach, describe, test } from 'node:test';
import { generatePipeline } from '../../bench/generate-pipeline';
import { measuringTest, recordMeasure } from './measures';
import { cliPath, ensureBuilt, EXTRACT_PY, makeProject, removeProject, type CliResult } from '../cli/helpers';
import { dotenv, pipelineYaml, pythonAtLimit, yamlStepsAtLimit } from '../../bench/big-inputs';

/** CPU time of the whole CLI process (wall time on a loaded 2-core machine says little). */
const HOSTILE_CPU_BUDGET_MS = 10_000;
/** Peak memory of the whole CLI process. */
const HOSTILE_MEMORY_BUDGET_MB = 300;
const DEEP_CHAIN = `x = df${'.f()'.repeat(900)}\n`;
const DEEP_AND = `x = ${Array.from({ length: 10_000 }, (_, i) => `a${i}`).join(' and ')}\n`;
// 1,000 levels: 2,000 are 2 MB of indentation, over the 640 kB Python limit (the engine test nests 2,000).
const DEEP_IFS = `${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}if x:\n`).join('')}${' '.repeat(1_000)}pass\n`;

function timedCli(args: readonly string[], cwd: string, budget: { cpuMs: number; memoryMb: number } = { cpuMs: HOSTILE_CPU_BUDGET_MS, memoryMb: HOSTILE_MEMORY_BUDGET_MB }): CliResult & { cpuMs: number } {
  const measureFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'pipewise-measure-')), 'usage.json');
  const result = spawnSync(process.execPath, ['--require', path.join(__dirname, 'measure-preload.cjs'), cliPath(), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', PIPEWISE_MEASURE_FILE: measureFile },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.notEqual(result.signal, 'SIGTERM', `pipewise ${args.join(' ')} did not finish in 120 s`);
  const usage = JSON.parse(readFileSync(measureFile, 'utf8')) as { cpuMs: number; maxRssMb: number };
  rmSync(path.dirname(measureFile), { recursive: true, force: true });
  recordMeasure(`pipewise ${args.join(' ')}`, { cpuMs: Math.round(usage.cpuMs), maxRssMb: Math.round(usage.maxRssMb) });
  assert.ok(usage.cpuMs < budget.cpuMs, `pipewise ${args.join(' ')} took ${Math.round(usage.cpuMs)} ms of CPU (budget ${budget.cpuMs} ms)`);
  assert.ok(usage.maxRssMb < budget.memoryMb, `pipewise ${args.join(' ')} used ${Math.round(usage.maxRssMb)} MB (budget ${budget.memoryMb} MB)`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, cpuMs: usage.cpuMs };
}

function withProject(files: Record<string, string | Buffer>, run: (dir: string) => void): void {
  const dir = makeProject(files);
  try {
    run(dir);
  } finally {
    removeProject(dir);
  }
}

describe('hostile repositories: the CLI', () => {
  before(() => ensureBuilt());
  beforeEach((t) => measuringTest((t as { name?: string }).name ?? ''));

  test('row 1: a nested-quantifier credential pattern from pipewise.toml or pyproject.toml runs in linear time', () => {
    const identifier = `${'a'.repeat(40)}b = "value12345"\n`;
    withProject({ 'pipewise.toml': 'credential-patterns = ["(a+)+$"]\n', 'x.py': identifier }, (dir) => {
      assert.equal(timedCli(['check', '.'], dir).status, 0);
    });
    withProject({ 'pyproject.toml': '[tool.pipewise]\ncredential-patterns = ["(a+)+$", "^tok_"]\n', 'x.py': `${identifier}tok_live = "Xk9vPq2LmN7wRt"\n` }, (dir) => {
      const result = timedCli(['check', '--format', 'json', '.'], dir);
      assert.deepEqual((JSON.parse(result.stdout) as Array<{ rule: string; line: number }>).filter((f) => f.rule === 'PW101').map((f) => f.line), [2], 'the patterns still work');
    });
    withProject({ 'pipewise.toml': 'credential-patterns = ["(?=a)secret"]\n', 'x.py': identifier }, (dir) => {
      const result = timedCli(['check', '.'], dir);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /^pipewise: error: .*pipewise\.toml: "credential-patterns" pattern "\(\?=a\)secret" is not a supported regular expression/);
    });
  });

  test('row 2: a baseline named by the configuration must be a regular file inside the project', () => {
    for (const baseline of ['/dev/zero', '/etc/passwd', '../outside.json', 'folder']) {
      withProject({ 'pipewise.toml': `baseline = "${baseline}"\n`, 'x.py': 'x = 1\n', 'folder/keep.txt': '' }, (dir) => {
        const result = timedCli(['check', '.'], dir);
        assert.equal(result.status, 2, `${baseline}: ${result.stderr}`);
        assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, result.stderr);
        assert.match(result.stderr, /^pipewise: error: baseline .*: (outside the project folder|not a regular file|file not found)/);
      });
    }
    withProject({ 'x.py': 'x = 1\n' }, (dir) => {
      symlinkSync('/etc/passwd', path.join(dir, 'baseline.json'));
      const result = timedCli(['check', '--config', 'pipewise.toml', '.'], makeConfig(dir, 'baseline = "baseline.json"\n'));
      assert.equal(result.status, 2);
      assert.match(result.stderr, /outside the project folder/, 'a link out of the project is not followed');
    });
    if (hasMkfifo()) {
      withProject({ 'x.py': 'x = 1\n', 'pipewise.toml': 'baseline = "fifo.json"\n' }, (dir) => {
        spawnSync('mkfifo', [path.join(dir, 'fifo.json')]);
        const result = timedCli(['check', '.'], dir);
        assert.equal(result.status, 2);
        assert.match(result.stderr, /not a regular file/, 'a FIFO is refused without waiting for a writer');
      });
    }
  });

  test('row 3: deeply nested Python costs only that statement; every other file is still reported', () => {
    withProject({ 'chain.py': DEEP_CHAIN, 'and.py': DEEP_AND, 'ifs.py': DEEP_IFS, 'extract.py': EXTRACT_PY }, (dir) => {
      const result = timedCli(['check', '--format', 'json', '.'], dir);
      assert.equal(result.status, 3, result.stderr);
      const entries = JSON.parse(result.stdout) as Array<{ rule: string; file: string; message: string }>;
      assert.ok(entries.some((e) => e.rule === 'PW101' && e.file === 'extract.py'), 'the other file is still analysed');
      for (const file of ['and.py', 'chain.py', 'ifs.py']) {
        assert.ok(entries.some((e) => e.rule === 'PW000' && e.file === file && /too deeply nested/.test(e.message)), `${file} is reported as not fully checked`);
      }
    });
  });

  test('row 4: symlinks out of the folder are skipped with a note; --fix never writes through a link and keeps modes', () => {
    const outside = makeProject({ 'target.py': EXTRACT_PY });
    try {
      withProject({ 'inside.py': EXTRACT_PY }, (dir) => {
        symlinkSync(path.join(outside, 'target.py'), path.join(dir, 'link.py'));
        chmodSync(path.join(dir, 'inside.py'), 0o640);
        const result = timedCli(['check', '--fix', '--select', 'PW101', '.'], dir);
        assert.match(result.stderr, /skipping link\.py: a symbolic link out of the folder/);
        assert.equal(readFileSync(path.join(outside, 'target.py'), 'utf8'), EXTRACT_PY, 'the file outside is untouched');
        assert.notEqual(readFileSync(path.join(dir, 'inside.py'), 'utf8'), EXTRACT_PY, 'the file inside is fixed');
        assert.equal(statSync(path.join(dir, 'inside.py')).mode & 0o777, 0o640, 'its mode is kept');
        const named = timedCli(['check', 'link.py'], dir);
        assert.match(named.stderr, /skipping link\.py: a symbolic link out of/);
      });
    } finally {
      removeProject(outside);
    }
  });

  test('row 5: a 300 kB string literal with connection-URL bait is linted in linear time', () => {
    withProject({ 'long.py': `x = "${'a'.repeat(300_000)}://"\ny = "${'eyJ'.repeat(50_000)}"\nz = "${'${'.repeat(50_000)}"\n` }, (dir) => {
      assert.equal(timedCli(['check', '.'], dir).status, 0);
    });
  });

  test('row 7: a 10,000-step pipeline.yaml is reported as not checked, by size, at once (exit 3)', () => {
    withProject({ 'pipeline.yaml': pipelineYaml(10_000) }, (dir) => {
      // 725 kB: analysing it took 2.7 s of CPU, over the 2 s every hostile input gets.
      const result = timedCli(['check', '.'], dir, { cpuMs: 2_000, memoryMb: HOSTILE_MEMORY_BUDGET_MB });
      assert.equal(result.status, 3, result.stderr);
      assert.match(result.stdout, /^pipeline\.yaml:1:1: not checked: larger than 512 kB, the analysis limit for YAML$/m);
    });
  });

  test('row 7: a pipeline.yaml at the 512 kB limit and a 100,000-line .env are linted in linear time', () => {
    // Whole processes: ≈ 2.5 s of CPU for the pipeline and ≈ 1 s for the .env on a loaded machine
    // (the .env took 3.6 s while comment markers were searched from every line to the end).
    withProject({ 'pipeline.yaml': pipelineYaml(yamlStepsAtLimit()) }, (dir) => {
      assert.equal(timedCli(['check', '--quiet', '.'], dir, { cpuMs: 5_000, memoryMb: HOSTILE_MEMORY_BUDGET_MB }).status, 1);
    });
    withProject({ '.env': dotenv(100_000) }, (dir) => {
      assert.equal(timedCli(['check', '--quiet', '.'], dir, { cpuMs: 3_000, memoryMb: HOSTILE_MEMORY_BUDGET_MB }).status, 0);
    });
  });

  test('row 9: a 3 MB Python module is reported as not checked, by size, at once and in every format (exit 3)', () => {
    const text = generatePipeline(Math.floor((3_000_000 / generatePipeline(10_000, 42, 'stress').text.length) * 10_000), 42, 'stress').text;
    withProject({ 'pipeline.py': text, 'ok.py': 'x = 1\n' }, (dir) => {
      // Analysing it took ≈ 5 s and 410 MB on a quiet machine: over the 2 s / 300 MB that every hostile input gets.
      const result = timedCli(['check', '.'], dir, { cpuMs: 2_000, memoryMb: HOSTILE_MEMORY_BUDGET_MB });
      assert.equal(result.status, 3, result.stderr);
      assert.match(result.stdout, /^pipeline\.py:1:1: not checked: larger than 640 kB, the analysis limit for Python$/m);
      assert.match(result.stdout, /Checked 1 file/);
    });
  });

  test('row 9: a Python module just under the 640 kB limit is analysed to its last statement within the hostile budget', () => {
    const text = pythonAtLimit();
    withProject({ 'pipeline.py': text }, (dir) => {
      // ≈ 1.4 s of wall time on a quiet machine; the CPU budget allows a loaded one.
      const result = timedCli(['check', '--format', 'json', '.'], dir, { cpuMs: HOSTILE_CPU_BUDGET_MS, memoryMb: HOSTILE_MEMORY_BUDGET_MB });
      assert.equal(result.status, 1, result.stderr);
      const entries = JSON.parse(result.stdout) as Array<{ rule: string; line: number }>;
      assert.ok(!entries.some((e) => e.rule === 'PW000'), 'nothing is left unchecked');
      const lastFunction = text.lastIndexOf('\ndef ');
      const lastFunctionLine = text.slice(0, lastFunction).split('\n').length + 1;
      assert.ok(entries.some((e) => e.line >= lastFunctionLine), 'the last function is checked too');
      assert.ok(entries.length > 400, `${entries.length} findings`);
    });
  });

  test('row 10: an unknown rule id is a usage error', () => {
    withProject({ 'x.py': 'x = 1\n' }, (dir) => {
      const result = timedCli(['check', '--select', 'PW999', '.'], dir);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /^pipewise: error: --select: "PW999" matches no rule/);
      assert.equal(timedCli(['check', '--ignore', 'PW1,nonsense-slug', '.'], dir).status, 2);
    });
    withProject({ 'x.py': 'x = 1\n', 'pipewise.toml': 'select = ["PW9"]\n' }, (dir) => {
      const result = timedCli(['check', '.'], dir);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /"PW9" in "select" matches no rule/);
    });
  });

  test('row 10: a file over its size limit named explicitly is reported as not checked in every format, exit 3', () => {
    withProject({ 'big.env': `${'# padding padding padding padding padding padding\n'.repeat(120_000)}` }, (dir) => {
      const text = timedCli(['check', 'big.env'], dir);
      assert.equal(text.status, 3);
      assert.match(text.stdout, /^big\.env:1:1: not checked: larger than 5 MB$/m);
      const json = JSON.parse(timedCli(['check', '--format', 'json', 'big.env'], dir).stdout) as Array<{ rule: string; message: string }>;
      assert.deepEqual(json.map((e) => [e.rule, e.message]), [['PW000', 'not checked: larger than 5 MB']]);
      const sarif = JSON.parse(timedCli(['check', '--format', 'sarif', 'big.env'], dir).stdout) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ message: { text: string } }> }> }> };
      assert.equal(sarif.runs[0].invocations[0].executionSuccessful, false);
      assert.match(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /big\.env: not checked: larger than 5 MB/);
    });
  });

  test('row 10: an empty folder says that nothing was checked, exit 3', () => {
    withProject({ 'notes.txt': 'nothing to lint\n' }, (dir) => {
      const result = timedCli(['check', '.'], dir);
      assert.equal(result.status, 3);
      assert.match(result.stdout, /^No files checked/m);
      const json = timedCli(['check', '--format', 'json', '.'], dir);
      assert.equal(json.status, 3);
      assert.deepEqual(JSON.parse(json.stdout), []);
      assert.match(json.stderr, /no files checked/);
    });
  });

  test('row 10: a Python file that does not parse is reported, and --fix leaves it alone', () => {
    const broken = `${EXTRACT_PY}\ndef broken(:\n    pass\n`;
    withProject({ 'bad.py': broken }, (dir) => {
      const result = timedCli(['check', '--fix', '.'], dir);
      assert.equal(result.status, 3, result.stdout);
      assert.match(result.stdout, /^bad\.py:\d+:\d+: not fully checked: the file does not parse/m);
      assert.match(result.stderr, /not fixing bad\.py: it does not parse/);
      assert.equal(readFileSync(path.join(dir, 'bad.py'), 'utf8'), broken);
    });
  });
});

/** Writes a pipewise.toml into `dir` and returns `dir`. */
function makeConfig(dir: string, text: string): string {
  writeFileSync(path.join(dir, 'pipewise.toml'), text);
  return dir;
}

function hasMkfifo(): boolean {
  return process.platform !== 'win32' && existsSync('/usr/bin/mkfifo');
}

