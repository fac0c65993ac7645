// `pipewise check` output formats, and that no output ever carries the secret.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { EXTRACT_PY, SECRET, ensureBuilt, makeProject, parseJson, removeProject, runCli } from './helpers';

interface JsonFinding {
  rule: string;
  slug: string;
  title: string;
  priority: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixes: Array<{ title: string; safe: boolean; edits: Array<{ line: number; column: number; endLine: number; endColumn: number; newText: string }> }>;
  fingerprint: string;
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<Record<string, unknown> & { id: string; helpUri: string; defaultConfiguration: { level: string } }> } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: string;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }>;
      partialFingerprints: Record<string, string>;
      fixes?: Array<{ description: { text: string }; artifactChanges: Array<{ artifactLocation: { uri: string }; replacements: Array<{ deletedRegion: { startLine: number; startColumn: number }; insertedContent: { text: string } }> }> }>;
    }>;
  }>;
}

/** The secret must not appear, nor any piece of it longer than the 2-character mask. */
function assertNoSecret(output: string): void {
  assert.ok(!output.includes(SECRET), 'output contains the secret');
  assert.ok(!output.includes(SECRET.slice(0, 3)), 'output contains more than 2 characters of the secret');
  assert.ok(!output.includes('wombat'), 'output contains part of the secret');
}

describe('check output formats', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeProject({ 'etl/extract.py': EXTRACT_PY, 'etl/pipeline.yaml': 'defaults:\n  retries: 3\nsteps:\n  - name: extract\n    script: extract.py\n' });
  });
  after(() => removeProject(dir));

  test('text: path:line:col: ID [P1] message, the fix, a summary', () => {
    const { status, stdout, stderr } = runCli(['check'], dir);
    assert.equal(status, 1, stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0], /^etl\/extract\.py:11:29: PW101 \[P1\] Password literal in connection URL .+$/);
    assert.match(lines[1], /^ {2}fix: Read the URL from environment variable SALES_DB_URL$/);
    assert.match(lines.at(-1) ?? '', /^Checked 2 files in \d+\.\d s: 1 finding \(1 P1\); 1 fixable with --fix\.$/);
    assert.ok(!stdout.includes('\u001b['), 'no colors when stdout is not a terminal');
    assertNoSecret(stdout + stderr);
  });

  test('text --quiet prints findings only', () => {
    const { status, stdout } = runCli(['check', '--quiet'], dir);
    assert.equal(status, 1);
    assert.ok(!stdout.includes('Found'));
    assert.match(stdout, /^etl\/extract\.py:11:29: PW101/);
  });

  test('json: one object per finding with 1-based ranges, fixes and fingerprint', () => {
    const { status, stdout, stderr } = runCli(['check', '--format', 'json'], dir);
    assert.equal(status, 1, stderr);
    const findings = parseJson<JsonFinding[]>(stdout);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.deepEqual(
      { rule: finding.rule, slug: finding.slug, title: finding.title, priority: finding.priority, severity: finding.severity, file: finding.file },
      { rule: 'PW101', slug: 'hardcoded-credential', title: 'Hardcoded credential', priority: 'P1', severity: 'error', file: 'etl/extract.py' },
    );
    assert.deepEqual([finding.line, finding.column, finding.endLine, finding.endColumn], [11, 29, 11, 29 + `"${'postgresql://etl:'}${SECRET}@db.internal:5432/sales"`.length]);
    assert.match(finding.message, /SALES_DB_URL/);
    assert.match(finding.fingerprint, /^[0-9a-f]{20}$/);
    const safe = finding.fixes.find((fix) => fix.safe);
    assert.ok(safe, 'a safe fix is listed');
    assert.ok(safe.edits.some((edit) => edit.newText === 'os.environ["SALES_DB_URL"]' && edit.line === 11 && edit.column === 29));
    assert.ok(safe.edits.some((edit) => edit.newText.includes('import os')));
    assertNoSecret(stdout + stderr);
  });

  test('json of a clean folder is an empty array', () => {
    const clean = makeProject({ 'a.py': 'x = 1\n' });
    try {
      const { status, stdout } = runCli(['check', '--format', 'json'], clean);
      assert.equal(status, 0);
      assert.deepEqual(JSON.parse(stdout), []);
    } finally {
      removeProject(clean);
    }
  });

  test('sarif: 2.1.0 with every rule, levels, 1-based regions, fingerprints and safe fixes', () => {
    const { status, stdout, stderr } = runCli(['check', '--format', 'sarif'], dir);
    assert.equal(status, 1, stderr);
    const log = parseJson<SarifLog>(stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif/);
    const [run] = log.runs;
    assert.equal(run.tool.driver.name, 'Pipewise');
    assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+/);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(dir).href}/`);
    const ruleIds = parseJson<Array<{ id: string }>>(runCli(['rules', '--format', 'json'], dir).stdout).map((rule) => rule.id);
    assert.deepEqual(run.tool.driver.rules.map((rule) => rule.id).sort(), [...ruleIds].sort(), 'every rule is listed');
    const ruleIndex = run.tool.driver.rules.findIndex((rule) => rule.id === 'PW101');
    assert.ok(ruleIndex >= 0, 'PW101 is listed');
    const rule = run.tool.driver.rules[ruleIndex];
    // The help travels in the file: code scanning shows the rule page without following a link (and no link leads to a made-up site).
    assert.equal(rule.helpUri, undefined);
    const help = rule.help as { text: string; markdown: string };
    assert.match(help.markdown, /^# PW101 — hardcoded-credential\n/);
    assert.match(help.markdown, /## Why it hurts a pipeline/);
    assert.ok(!JSON.stringify(log).includes('github.com'), 'no invented web address');
    assert.equal(rule.name, 'hardcoded-credential');
    assert.equal(rule.defaultConfiguration.level, 'error');
    for (const key of ['shortDescription', 'fullDescription', 'help', 'properties']) assert.ok(rule[key], `rule has ${key}`);

    assert.equal(run.results.length, 1);
    const [result] = run.results;
    assert.equal(result.ruleId, 'PW101');
    assert.equal(result.ruleIndex, ruleIndex);
    assert.equal(result.level, 'error');
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    assert.deepEqual(artifactLocation, { uri: 'etl/extract.py', uriBaseId: '%SRCROOT%' });
    assert.equal(region.startLine, 11);
    assert.equal(region.startColumn, 29);
    assert.ok(region.endColumn > region.startColumn);
    assert.match(result.partialFingerprints['pipewise/v1'], /^[0-9a-f]{20}$/);
    const replacements = result.fixes?.[0].artifactChanges[0].replacements ?? [];
    assert.ok(replacements.some((r) => r.insertedContent.text === 'os.environ["SALES_DB_URL"]' && r.deletedRegion.startLine === 11));
    assert.ok(!stdout.includes('"snippet"'), 'no source snippets');
    assertNoSecret(stdout + stderr);
  });

  test('sarif maps an overridden severity to the result level', () => {
    const project = makeProject({ 'extract.py': EXTRACT_PY, 'pipewise.toml': '[severity]\nPW101 = "hint"\n' });
    try {
      const log = parseJson<SarifLog>(runCli(['check', '--format', 'sarif'], project).stdout);
      assert.equal(log.runs[0].results[0].level, 'note');
    } finally {
      removeProject(project);
    }
  });

  test('no format, review or fix output leaks the secret', () => {
    const outputs = [
      runCli(['check', '--format', 'text'], dir),
      runCli(['check', '--format', 'json'], dir),
      runCli(['check', '--format', 'sarif'], dir),
      runCli(['review', 'etl', '--format', 'text'], dir),
      runCli(['review', 'etl', '--format', 'markdown'], dir),
      runCli(['review', 'etl', '--format', 'json'], dir),
    ];
    for (const { stdout, stderr } of outputs) assertNoSecret(stdout + stderr);
  });

  test('an unknown format is a usage error', () => {
    const { status, stdout, stderr } = runCli(['check', '--format', 'xml'], dir);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^pipewise: error: --format must be one of text, json, sarif/);
  });
});
