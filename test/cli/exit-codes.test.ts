// Exit codes (0 clean, 1 findings per --fail-on, 2 usage/config error with one stderr line),
// help and version.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLEAN_PY, EXTRACT_PY, FALLBACK_PY, REPO, ensureBuilt, makeProject, removeProject, runCli } from './helpers';

function assertUsageError(result: { status: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stdout, '');
  const lines = result.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `exactly one stderr line, got:\n${result.stderr}`);
  assert.match(lines[0], /^pipewise: error: /);
  assert.match(lines[0], pattern);
}

describe('exit codes', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeProject({ 'clean/extract.py': CLEAN_PY, 'leaky/extract.py': EXTRACT_PY, 'fallback/settings.py': FALLBACK_PY });
  });
  after(() => removeProject(dir));

  test('a clean folder exits 0', () => {
    const { status, stdout } = runCli(['check', 'clean'], dir);
    assert.equal(status, 0);
    assert.match(stdout, /^Checked 1 file in \d+\.\d s: no findings\.$/m);
  });

  test('a hardcoded credential exits 1', () => {
    assert.equal(runCli(['check', 'leaky'], dir).status, 1);
  });

  test('check defaults to the current folder', () => {
    assert.equal(runCli(['check'], path.join(dir, 'leaky')).status, 1);
    assert.equal(runCli(['check'], path.join(dir, 'clean')).status, 0);
  });

  test('--fail-on P1 with only a P2 finding exits 0; P2 and P3 exit 1', () => {
    const json = runCli(['check', 'fallback', '--format', 'json'], dir);
    const priorities = (JSON.parse(json.stdout) as Array<{ priority: string }>).map((f) => f.priority);
    assert.deepEqual(priorities, ['P2'], 'the fixture must hold exactly one P2 finding');
    assert.equal(runCli(['check', 'fallback', '--fail-on', 'P1'], dir).status, 0);
    assert.equal(runCli(['check', 'fallback', '--fail-on', 'P2'], dir).status, 1);
    assert.equal(runCli(['check', 'fallback', '--fail-on', 'p3'], dir).status, 1);
    assert.equal(runCli(['check', 'fallback'], dir).status, 1);
    assert.equal(runCli(['check', 'leaky', '--fail-on', 'P1'], dir).status, 1);
  });

  test('usage errors exit 2 with one stderr line', () => {
    assertUsageError(runCli(['check', '--bogus'], dir), /unknown option '--bogus'/);
    assertUsageError(runCli(['check', '--format'], dir), /--format/);
    assertUsageError(runCli(['check', '--fail-on', 'P0'], dir), /--fail-on must be one of P1, P2, P3/);
    assertUsageError(runCli(['check', 'missing-folder'], dir), /path not found: missing-folder/);
    assertUsageError(runCli(['check', '--select', 'pw1'], dir), /pw1/);
    assertUsageError(runCli(['check', '--select', 'PW1,'], dir), /--select/);
    assertUsageError(runCli(['check', '--config', 'nope.toml'], dir), /nope\.toml/);
    assertUsageError(runCli(['check', '--baseline', 'nope.json'], dir), /nope\.json: file not found/);
    assertUsageError(runCli(['frobnicate'], dir), /unknown command 'frobnicate'.*usage: pipewise/);
    assertUsageError(runCli([], dir), /missing command/);
    assertUsageError(runCli(['--bogus'], dir), /unknown option '--bogus'/);
    assertUsageError(runCli(['rules', '--format', 'sarif'], dir), /--format must be one of text, json/);
    assertUsageError(runCli(['review', 'a', 'b'], dir), /one path/);
  });

  test('configuration errors exit 2 with one stderr line', () => {
    const cases: Array<[string, RegExp]> = [
      ['select = [\n', /invalid TOML/],
      ['colour = "red"\n', /unknown key "colour"/],
      ['[severity]\nPW101 = "loud"\n', /severity of PW101 must be one of/],
      ['exclude = "legacy"\n', /"exclude" must be a list of strings/],
      ['baseline = "missing-baseline.json"\n', /missing-baseline\.json: file not found/],
    ];
    for (const [toml, pattern] of cases) {
      const project = makeProject({ 'pipewise.toml': toml, 'extract.py': CLEAN_PY });
      try {
        assertUsageError(runCli(['check'], project), pattern);
      } finally {
        removeProject(project);
      }
    }
  });

  test('--help, <command> --help and --version exit 0', () => {
    const help = runCli(['--help'], dir);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: pipewise <command>/);
    for (const command of ['check', 'review', 'rules']) {
      const result = runCli([command, '--help'], dir);
      assert.equal(result.status, 0);
      assert.match(result.stdout, new RegExp(`Usage: pipewise ${command}`));
    }
    const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    const result = runCli(['--version'], dir);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `pipewise ${version}\n`);
  });
});
