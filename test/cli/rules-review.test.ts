// `pipewise rules` and `pipewise review`.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import path from 'node:path';
import { CLEAN_PY, EXTRACT_PY, FALLBACK_PY, ensureBuilt, makeProject, removeProject, runCli } from './helpers';

describe('rules', () => {
  before(() => ensureBuilt());

  test('--format json lists PW101 with all its metadata', () => {
    const { status, stdout } = runCli(['rules', '--format', 'json'], process.cwd());
    assert.equal(status, 0);
    const rules = JSON.parse(stdout) as Array<Record<string, unknown>>;
    const pw101 = rules.find((rule) => rule.id === 'PW101');
    assert.ok(pw101);
    assert.deepEqual(Object.keys(pw101).sort(), ['concern', 'dialects', 'docs', 'fixable', 'id', 'priority', 'rationale', 'recommendation', 'slug', 'title']);
    assert.equal(pw101.concern, 'security', 'credentials are reported in dormant code too');
    assert.equal(rules.find((rule) => rule.id === 'PW103')?.concern, 'operational');
    assert.equal(pw101.slug, 'hardcoded-credential');
    assert.equal(pw101.priority, 'P1');
    assert.equal(pw101.fixable, true);
    assert.deepEqual(pw101.dialects, ['python', 'yaml', 'ini', 'dotenv', 'toml', 'pem']);
    assert.match(String(pw101.docs), /PW101-hardcoded-credential\.md$/);
    for (const key of ['title', 'rationale', 'recommendation']) assert.ok(String(pw101[key]).length > 10, key);
  });

  test('text lists every rule', () => {
    const { status, stdout } = runCli(['rules'], process.cwd());
    assert.equal(status, 0);
    assert.match(stdout, /^PW101 \[P1\] Hardcoded credential \(hardcoded-credential\)/m);
  });
});

describe('review', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeProject({
      'sales_etl/extract.py': EXTRACT_PY,
      'sales_etl/settings.py': FALLBACK_PY,
      'sales_etl/load.py': CLEAN_PY,
      'sales_etl/pipeline.yaml': 'defaults:\n  retries: 3\nsteps:\n  - name: extract\n    script: extract.py\n',
      'clean_etl/load.py': CLEAN_PY,
    });
  });
  after(() => removeProject(dir));

  test('markdown: title, summary and verdict, P1/P2/P3 sections with linked findings', () => {
    const { status, stdout } = runCli(['review', 'sales_etl', '--format', 'markdown'], dir);
    assert.equal(status, 0);
    const lines = stdout.split('\n');
    assert.equal(lines[0], '# Pipeline review: sales_etl');
    assert.match(stdout, /2 findings in 4 files\*\* \(1 P1, 1 P2\)\. Not production-ready: 1 critical finding\./);
    const p1 = stdout.indexOf('## P1 — Critical');
    const p2 = stdout.indexOf('## P2 — High');
    const p3 = stdout.indexOf('## P3 — Medium');
    assert.ok(p1 > 0 && p2 > p1 && p3 > p2, 'sections in priority order');
    const p1Section = stdout.slice(p1, p2);
    assert.match(p1Section, /^### PW101 Hardcoded credential — extract\.py:11$/m);
    // Links lead to the file from where the Markdown is printed (the working directory), not only from inside the folder.
    assert.match(p1Section, /\[extract\.py:11\]\(sales_etl\/extract\.py#L11\): Password literal/);
    const inside = runCli(['review', '.', '--format', 'markdown'], path.join(dir, 'sales_etl'));
    assert.match(inside.stdout, /\[extract\.py:11\]\(extract\.py#L11\): Password literal/);
    assert.match(p1Section, /\*\*Why it matters:\*\* /);
    assert.match(p1Section, /\*\*Fix:\*\* /);
    assert.match(p1Section, /```python\n(import os\n)?os\.environ\["SALES_DB_URL"\]\n```/);
    assert.match(stdout.slice(p2, p3), /settings\.py:3/);
    assert.equal(stdout.slice(p3).trim(), '## P3 — Medium\n\nNone.');
  });

  test('text groups findings for a terminal', () => {
    const { status, stdout } = runCli(['review', 'sales_etl'], dir);
    assert.equal(status, 0);
    assert.match(stdout, /^Pipeline review: sales_etl$/m);
    assert.match(stdout, /^P1 — Critical\n {2}extract\.py:11 {2}PW101 Hardcoded credential\n {4}Password literal.+\n {4}→ /m);
    assert.match(stdout, /^P3 — Medium\n {2}None\.$/m);
  });

  test('json: path, summary, verdict and findings', () => {
    const { status, stdout } = runCli(['review', 'sales_etl', '--format', 'json'], dir);
    assert.equal(status, 0);
    const report = JSON.parse(stdout) as { path: string; summary: Record<string, number>; verdict: string; findings: Array<{ rule: string; file: string; priority: string }> };
    assert.equal(report.path, 'sales_etl');
    assert.deepEqual(report.summary, { P1: 1, P2: 1, P3: 0, total: 2 });
    assert.match(report.verdict, /^Not production-ready/);
    assert.deepEqual(report.findings.map((f) => [f.priority, f.file]), [['P1', 'extract.py'], ['P2', 'settings.py']]);
  });

  test('exits 0 with findings, 1 with --fail-on P1', () => {
    assert.equal(runCli(['review', 'sales_etl'], dir).status, 0);
    assert.equal(runCli(['review', 'sales_etl', '--fail-on', 'P1'], dir).status, 1);
    assert.equal(runCli(['review', 'clean_etl', '--fail-on', 'P3'], dir).status, 0);
  });

  test('a clean folder gets the "No findings." verdict and empty sections', () => {
    const { stdout } = runCli(['review', 'clean_etl', '--format', 'markdown'], dir);
    assert.match(stdout, /No findings\./);
    assert.equal(stdout.match(/^None\.$/gm)?.length, 3);
  });

  test('defaults to the current folder', () => {
    const { stdout } = runCli(['review'], `${dir}/sales_etl`);
    assert.match(stdout, /^Pipeline review: sales_etl$/m);
  });
});
