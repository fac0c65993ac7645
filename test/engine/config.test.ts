import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigError, DEFAULT_CONFIG, findProjectConfig, parseProjectConfig, readOptions, resolveConfig, type PipewiseOptions } from '../../server/src/engine/config';

const ROOT = path.resolve('/work/project');
const project = (options: PipewiseOptions) => resolveConfig(undefined, { file: path.join(ROOT, 'pipewise.toml'), options }, null);

function assertConfigError(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), 'one-line message');
    return true;
  });
}

describe('parseProjectConfig', () => {
  test('reads every key of pipewise.toml (kebab or snake case)', () => {
    const toml = [
      'select = ["PW1", "PW203", "hardcoded-credential"]',
      'ignore = ["PW204"]',
      'exclude = ["legacy/**"]',
      'extra-credential-names = ["warehouse_secret"]',
      'credential_patterns = ["^tok_[a-z]+$"]',
      'full-extract-allowlist = ["dim_country"]',
      'baseline = ".pipewise-baseline.json"',
      '[severity]',
      'PW204 = "off"',
      'PW203 = "Info"',
    ].join('\n');
    assert.deepEqual(parseProjectConfig(toml, '/p/pipewise.toml'), {
      select: ['PW1', 'PW203', 'hardcoded-credential'],
      ignore: ['PW204'],
      exclude: ['legacy/**'],
      extraCredentialNames: ['warehouse_secret'],
      credentialPatterns: ['^tok_[a-z]+$'],
      fullExtractAllowlist: ['dim_country'],
      baseline: '.pipewise-baseline.json',
      severity: { PW204: 'off', PW203: 'information' },
    });
  });

  test('reads [tool.pipewise] from pyproject.toml and ignores a pyproject without it', () => {
    const toml = '[project]\nname = "etl"\n\n[tool.ruff]\nline-length = 100\n\n[tool.pipewise]\nignore = ["PW3"]\n';
    assert.deepEqual(parseProjectConfig(toml, '/p/pyproject.toml'), { ignore: ['PW3'] });
    assert.equal(parseProjectConfig('[project]\nname = "etl"\n', '/p/pyproject.toml'), null);
    assertConfigError(() => parseProjectConfig('[tool]\npipewise = 3\n', '/p/pyproject.toml'), /\[tool\.pipewise\] must be a table/);
  });

  test('an unknown key is an error naming the key and the file', () => {
    assertConfigError(() => parseProjectConfig('colour = "red"\n', '/p/pipewise.toml'), /^\/p\/pipewise\.toml: unknown key "colour"/);
    assertConfigError(() => parseProjectConfig('[tool.pipewise]\nselct = ["PW1"]\n', '/p/pyproject.toml'), /\[tool\.pipewise\]: unknown key "selct"/);
  });

  test('invalid TOML is a one-line error with the line and column the parser gives', () => {
    assertConfigError(() => parseProjectConfig('select = [\n', '/p/pipewise.toml'), /^\/p\/pipewise\.toml:\d+:\d+: invalid TOML: \S/);
    assertConfigError(() => parseProjectConfig('ignore = ["PW204"]\nselect = "PW1\n', '/p/pipewise.toml'), /^\/p\/pipewise\.toml:2:\d+: invalid TOML: /);
    assertConfigError(() => parseProjectConfig('[tool.pipewise]\nselect = [\n', '/p/pyproject.toml'), /^\/p\/pyproject\.toml:\d+:\d+: invalid TOML: /);
  });

  test('a broken pyproject.toml without a [tool.pipewise] section is not our configuration', () => {
    assert.equal(parseProjectConfig('[tool.poetry\nname = "x"\n', '/p/pyproject.toml'), null);
  });

  test('severity levels are validated (case-insensitive, "info" accepted)', () => {
    assert.deepEqual(readOptions({ severity: { PW101: 'ERROR', PW102: 'hint', PW103: 'info' } }, 'x'), { severity: { PW101: 'error', PW102: 'hint', PW103: 'information' } });
    assertConfigError(() => readOptions({ severity: { PW101: 'loud' } }, 'x'), /severity of PW101 must be one of error, warning, information, hint, off/);
    assertConfigError(() => readOptions({ severity: { PW101: 1 } }, 'x'), /severity of PW101/);
    assertConfigError(() => readOptions({ severity: ['PW101'] }, 'x'), /"severity" must be a table/);
  });

  test('select/ignore accept ids, prefixes, slugs and ALL only', () => {
    assert.deepEqual(readOptions({ select: ['ALL', 'PW', 'PW1', 'PW20', 'PW203', 'silent-dropna'] }, 'x').select, ['ALL', 'PW', 'PW1', 'PW20', 'PW203', 'silent-dropna']);
    for (const bad of ['pw1', 'PW1234', 'E501', 'PW-1']) {
      assertConfigError(() => readOptions({ select: [bad] }, 'x'), /is not a rule id, prefix \(PW1\) or ALL/);
    }
    assertConfigError(() => readOptions({ ignore: 'PW1' }, 'x'), /"ignore" must be a list of strings/);
  });

  // Engine bug (reported): `value.find(...)` returns the bad selector, and '' is falsy, so the
  // check passes; `ignore = [""]` then matches every id (startsWith('')) and disables all rules.
  test('an empty selector is rejected', () => {
    assertConfigError(() => readOptions({ ignore: [''] }, 'x'), /is not a rule id/);
  });

  test('other value types are validated', () => {
    assertConfigError(() => readOptions({ exclude: 'legacy' }, 'x'), /"exclude" must be a list of strings/);
    assertConfigError(() => readOptions({ exclude: [1] }, 'x'), /"exclude" must be a list of strings/);
    assertConfigError(() => readOptions({ baseline: true }, 'x'), /"baseline" must be a string/);
    assertConfigError(() => readOptions({ 'credential-patterns': ['(unclosed'] }, 'x'), /"credential-patterns" pattern "\(unclosed" is not a supported regular expression/);
  });

  test('credential patterns that need backtracking are rejected, naming the key', () => {
    assertConfigError(() => readOptions({ 'credential-patterns': ['(?=tok)'] }, 'pipewise.toml'), /^pipewise\.toml: "credential-patterns" pattern "\(\?=tok\)" is not a supported regular expression .*linear time/);
    assertConfigError(() => readOptions({ credential_patterns: ['(a)\\1'] }, 'x'), /"credential_patterns" pattern/);
    assertConfigError(() => readOptions({ 'credential-patterns': ['a'.repeat(300)] }, 'x'), /longer than 256 characters/);
  });
});

describe('resolveConfig', () => {
  test('with nothing configured every rule is enabled', () => {
    assert.equal(DEFAULT_CONFIG.isRuleEnabled('PW101', 'hardcoded-credential'), true);
    assert.equal(DEFAULT_CONFIG.severityOverride('PW101'), undefined);
    assert.equal(DEFAULT_CONFIG.isExcluded('/any/file.py'), false);
    assert.equal(DEFAULT_CONFIG.baseline, null);
  });

  test('select matches id prefixes and slugs; ignore wins over select', () => {
    const config = project({ select: ['PW1', 'silent-dropna'], ignore: ['PW104'] });
    assert.equal(config.isRuleEnabled('PW101', 'hardcoded-credential'), true);
    assert.equal(config.isRuleEnabled('PW104', 'full-table-extract'), false);
    assert.equal(config.isRuleEnabled('PW201', 'silent-dropna'), true);
    assert.equal(config.isRuleEnabled('PW203', 'non-idempotent-load'), false);
    assert.equal(project({ select: ['PW10'] }).isRuleEnabled('PW110'), false, 'PW10 is a prefix of PW101..PW109 only');
    assert.equal(project({ ignore: ['ALL'] }).isRuleEnabled('PW101'), false);
    assert.equal(project({ ignore: ['hardcoded-credential'] }).isRuleEnabled('PW101', 'hardcoded-credential'), false);
  });

  test('the project file wins over editor settings key by key; severities merge', () => {
    const config = resolveConfig(
      { select: ['PW2'], ignore: ['PW201'], severity: { PW201: 'hint', PW202: 'error' }, extraCredentialNames: ['from_settings'] },
      { file: path.join(ROOT, 'pipewise.toml'), options: { ignore: ['PW202'], severity: { PW202: 'off' } } },
      null,
    );
    assert.equal(config.isRuleEnabled('PW201'), true, 'project ignore replaces the settings ignore');
    assert.equal(config.isRuleEnabled('PW202'), false);
    assert.equal(config.isRuleEnabled('PW101'), false, 'settings select still applies');
    assert.equal(config.severityOverride('PW201'), 'hint');
    assert.equal(config.severityOverride('PW202'), 'off');
    assert.deepEqual(config.extraCredentialNames, ['from_settings']);
    assert.equal(config.root, ROOT);
    assert.equal(config.configFile, path.join(ROOT, 'pipewise.toml'));
  });

  test('an empty select in editor settings means all rules', () => {
    assert.equal(resolveConfig({ select: [] }, null, null).isRuleEnabled('PW101'), true);
  });

  test('exclude globs match paths relative to the config folder, including folders', () => {
    const config = project({ exclude: ['legacy/**', '**/*_fixture.py', 'scratch.py', '.cache/**'] });
    const at = (relative: string) => config.isExcluded(path.join(ROOT, relative));
    assert.equal(at('legacy'), true);
    assert.equal(at('legacy/old/extract.py'), true);
    assert.equal(at('jobs/db_fixture.py'), true);
    assert.equal(at('scratch.py'), true);
    assert.equal(at('jobs/scratch.py'), false, 'a pattern without ** is anchored at the root');
    assert.equal(at('.cache/x.py'), true, 'dot folders match');
    assert.equal(at('jobs/extract.py'), false);
    assert.equal(config.isExcluded('/elsewhere/legacy/x.py'), false, 'files outside the root are never excluded');
  });

  test('baseline and other paths resolve from the config folder', () => {
    assert.equal(project({ baseline: 'ci/baseline.json' }).baseline, path.join(ROOT, 'ci', 'baseline.json'));
    assert.equal(resolveConfig({ baseline: 'b.json' }, null, ROOT).baseline, path.join(ROOT, 'b.json'));
    assert.equal(resolveConfig({ baseline: '' }, null, ROOT).baseline, null);
  });

  test('credential patterns compile case-insensitively; allow-listed tables are lower-cased', () => {
    const config = project({ credentialPatterns: ['^tok_'], fullExtractAllowlist: ['Dim_Country'] });
    assert.equal(config.credentialPatterns[0].test('TOK_abc'), true);
    assert.equal(config.fullExtractAllowlist.has('dim_country'), true);
  });

  test('a nested-quantifier credential pattern runs in linear time (issue 12, row 1)', () => {
    const config = project({ credentialPatterns: ['(a+)+$'] });
    const started = performance.now();
    // A backtracking engine takes seconds at 28 characters and doubles per character.
    assert.equal(config.credentialPatterns[0].test(`${'a'.repeat(100_000)}!`), false);
    assert.equal(config.credentialPatterns[0].test('aaa'), true);
    assert.ok(performance.now() - started < 1_000, `took ${performance.now() - started} ms`);
  });
});

describe('findProjectConfig', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-config-'));
    mkdirSync(path.join(dir, 'repo', 'pipelines', 'sales', 'jobs'), { recursive: true });
    writeFileSync(path.join(dir, 'repo', 'pipewise.toml'), 'ignore = ["PW3"]\n');
    writeFileSync(path.join(dir, 'repo', 'pipelines', 'pyproject.toml'), '[project]\nname = "pipelines"\n');
    writeFileSync(path.join(dir, 'repo', 'pipelines', 'sales', 'pyproject.toml'), '[tool.pipewise]\nselect = ["PW1"]\n');
    writeFileSync(path.join(dir, 'repo', 'pipelines', 'sales', 'pipewise.toml'), 'select = ["PW2"]\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('finds the nearest config upwards; pipewise.toml before pyproject.toml', () => {
    const found = findProjectConfig(path.join(dir, 'repo', 'pipelines', 'sales', 'jobs'));
    assert.equal(found?.file, path.join(dir, 'repo', 'pipelines', 'sales', 'pipewise.toml'));
    assert.deepEqual(found?.options, { select: ['PW2'] });
  });

  test('skips a pyproject.toml without [tool.pipewise]', () => {
    const found = findProjectConfig(path.join(dir, 'repo', 'pipelines'));
    assert.equal(found?.file, path.join(dir, 'repo', 'pipewise.toml'));
  });

  test('stops at stopDir', () => {
    assert.equal(findProjectConfig(path.join(dir, 'repo', 'pipelines'), path.join(dir, 'repo', 'pipelines')), null);
  });

  test('an invalid config on the way up is an error', () => {
    const bad = path.join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'pipewise.toml'), 'nope = 1\n');
    assertConfigError(() => findProjectConfig(bad), /unknown key "nope"/);
  });
});

test('severity keys must be rule ids', () => {
  assert.throws(() => readOptions({ severity: { pw101: 'off' } }, 'pipewise.toml'), /severity key "pw101" is not a rule id/);
});

test('an empty select list means all rules', () => {
  const config = resolveConfig(undefined, { file: '/p/pipewise.toml', options: { select: [] } }, null);
  assert.equal(config.isRuleEnabled('PW101'), true);
});
