import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Baseline, createBaseline, fingerprintOf, type LocatedFinding } from '../../server/src/engine/baseline';
import { ConfigError } from '../../server/src/engine/config';
import type { Finding } from '../../server/src/engine/types';

function finding(ruleId: string, fingerprintText: string, start = 0): Finding {
  return { ruleId, priority: 'P1', message: 'm', start, end: start + 1, fixes: [], fingerprintText };
}

describe('baselines', () => {
  let dir: string;
  const file = (relative: string) => path.join(dir, relative);
  const save = (name: string, located: LocatedFinding[]) => {
    const target = file(name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(createBaseline(target, located)));
    return Baseline.load(target);
  };
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-baseline-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('fingerprints depend on rule and normalised text, not position', () => {
    assert.equal(fingerprintOf(finding('PW101', 'url|x', 0)), fingerprintOf(finding('PW101', 'url|x', 500)));
    assert.equal(fingerprintOf(finding('PW101', 'a  b\n c')), fingerprintOf(finding('PW101', ' a b c ')));
    assert.notEqual(fingerprintOf(finding('PW101', 'x')), fingerprintOf(finding('PW203', 'x')));
    assert.match(fingerprintOf(finding('PW101', 'x')), /^[0-9a-f]{20}$/);
  });

  test('createBaseline counts repeated findings and stores POSIX paths relative to the baseline', () => {
    const data = createBaseline(file('.pipewise-baseline.json'), [
      { file: file('jobs/load.py'), finding: finding('PW203', 'append') },
      { file: file('extract.py'), finding: finding('PW101', 'url', 10) },
      { file: file('extract.py'), finding: finding('PW101', 'url', 90) },
      { file: file('extract.py'), finding: finding('PW101', 'named') },
    ]);
    assert.equal(data.version, 1);
    assert.equal(data.tool, 'pipewise');
    assert.deepEqual(data.findings.map((e) => `${e.path} ${e.rule} ${e.count}`).sort(), ['extract.py PW101 1', 'extract.py PW101 2', 'jobs/load.py PW203 1']);
    assert.deepEqual(data.findings.map((e) => e.path), ['extract.py', 'extract.py', 'jobs/load.py'], 'sorted by path');
    assert.ok(data.findings.every((e) => !e.path.includes('\\')));
  });

  test('filterNew absorbs up to `count` matching findings per file, wherever they moved', () => {
    const baseline = save('b1.json', [
      { file: file('extract.py'), finding: finding('PW101', 'url', 10) },
      { file: file('extract.py'), finding: finding('PW101', 'url', 90) },
    ]);
    const moved = [finding('PW101', 'url', 400), finding('PW101', 'url', 800)];
    assert.deepEqual(baseline.filterNew(file('extract.py'), moved), []);
    const third = finding('PW101', 'url', 900);
    assert.deepEqual(baseline.filterNew(file('extract.py'), [...moved, third]), [third], 'a third copy is new');
    const other = finding('PW101', 'named', 5);
    assert.deepEqual(baseline.filterNew(file('extract.py'), [other]), [other]);
    assert.deepEqual(baseline.filterNew(file('transform.py'), moved), moved, 'entries are per file');
  });

  test('paths are relative to the baseline file, so it works from any working directory', () => {
    const baseline = save('ci/baseline.json', [{ file: file('src/extract.py'), finding: finding('PW101', 'url') }]);
    const stored = createBaseline(file('ci/baseline.json'), [{ file: file('src/extract.py'), finding: finding('PW101', 'url') }]);
    assert.equal(stored.findings[0].path, '../src/extract.py');
    assert.deepEqual(baseline.filterNew(file('src/extract.py'), [finding('PW101', 'url')]), []);
    const cwd = process.cwd();
    mkdirSync(file('src'), { recursive: true });
    try {
      process.chdir(file('src'));
      assert.deepEqual(baseline.filterNew('extract.py', [finding('PW101', 'url')]), [], 'a cwd-relative file path resolves the same');
    } finally {
      process.chdir(cwd);
    }
  });

  test('load rejects missing, malformed and foreign files with a ConfigError', () => {
    writeFileSync(file('bad.json'), '{ not json');
    writeFileSync(file('foreign.json'), JSON.stringify({ version: 2, findings: [] }));
    writeFileSync(file('null.json'), 'null');
    const cases: Array<[string, RegExp]> = [
      ['missing.json', /file not found/],
      ['bad.json', /not valid JSON/],
      ['foreign.json', /not a pipewise baseline/],
      ['null.json', /not a pipewise baseline/],
    ];
    for (const [name, pattern] of cases) {
      assert.throws(() => Baseline.load(file(name)), (error: unknown) => error instanceof ConfigError && pattern.test(error.message), name);
    }
  });
});
