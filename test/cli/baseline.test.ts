// --write-baseline then --baseline (and the config's `baseline`): only new findings are reported.

import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXTRACT_PY, SECRET, ensureBuilt, makeProject, removeProject, runCli } from './helpers';

describe('baselines', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeProject({ 'etl/extract.py': EXTRACT_PY, 'etl/settings.yaml': `db:\n  password: ${SECRET}\n` });
  });
  after(() => removeProject(dir));

  test('--write-baseline records current findings as pretty JSON and exits 0', () => {
    const { status, stdout, stderr } = runCli(['check', '--write-baseline', '.pipewise-baseline.json'], dir);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /Wrote a baseline of 2 findings to \.pipewise-baseline\.json/);
    const text = readFileSync(path.join(dir, '.pipewise-baseline.json'), 'utf8');
    assert.ok(text.endsWith('}\n'), 'newline-terminated');
    assert.ok(text.includes('\n  "findings": ['), 'pretty-printed');
    const data = JSON.parse(text) as { version: number; findings: Array<{ rule: string; path: string; count: number }> };
    assert.equal(data.version, 1);
    assert.deepEqual(data.findings.map((f) => [f.rule, f.path, f.count]).sort(), [['PW101', 'etl/extract.py', 1], ['PW101', 'etl/settings.yaml', 1]]);
    assert.ok(!text.includes(SECRET) && !text.includes('wombat'), 'the baseline holds no secret');
  });

  test('--baseline reports nothing for recorded findings and exits 0', () => {
    const { status, stdout } = runCli(['check', '--baseline', '.pipewise-baseline.json'], dir);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /^Checked 2 files in \d+\.\d s: no findings\. \d+ known findings? hidden by the baseline\.$/m);
  });

  test('recorded findings still match after their lines move', () => {
    const file = path.join(dir, 'etl', 'extract.py');
    writeFileSync(file, `# moved down\n\n${readFileSync(file, 'utf8')}`);
    assert.equal(runCli(['check', '--baseline', '.pipewise-baseline.json'], dir).status, 0);
  });

  test('a new credential is the only finding reported', () => {
    const file = path.join(dir, 'etl', 'extract.py');
    appendFileSync(file, '\nWAREHOUSE_URL = "snowflake://loader:N3w-Pa55phrase@acct/analytics"\n');
    const newLine = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.startsWith('WAREHOUSE_URL')) + 1;
    assert.equal(newLine, 17, '2 added lines + EXTRACT_PY (13 lines) + a blank line, then the new credential');
    const { status, stdout } = runCli(['check', '--baseline', '.pipewise-baseline.json', '--format', 'json'], dir);
    assert.equal(status, 1);
    const findings = JSON.parse(stdout) as Array<{ rule: string; file: string; line: number; message: string }>;
    assert.equal(findings.length, 1);
    assert.equal(findings[0].rule, 'PW101');
    assert.equal(findings[0].file, 'etl/extract.py');
    assert.equal(findings[0].line, newLine);
    assert.ok(!stdout.includes('N3w-Pa55phrase'));
  });

  test('the config\'s `baseline` applies without --baseline, relative to the config', () => {
    writeFileSync(path.join(dir, 'pipewise.toml'), 'baseline = ".pipewise-baseline.json"\n');
    try {
      const { status, stdout } = runCli(['check', 'etl', '--format', 'json'], path.join(dir));
      assert.equal(status, 1);
      assert.equal((JSON.parse(stdout) as unknown[]).length, 1, 'only the new finding');
      assert.equal(runCli(['check', '.', '--format', 'json'], path.join(dir, 'etl')).status, 1);
    } finally {
      writeFileSync(path.join(dir, 'pipewise.toml'), '');
    }
  });
});
