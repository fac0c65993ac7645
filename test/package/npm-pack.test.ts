// The npm package is the CLI: `npm pack` ships the bundles, the wasm grammars and the rule pages
// (nothing from test/ or examples/), and `npx pipewise` works from the installed tarball.

import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURE_STRINGS, found, fixtureTokens, root } from './fixture-secrets';

const manifest = require('../../package.json') as { name: string; version: string };
let tmp = '';
let consumer = '';

function npm(args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync('npm', args, { cwd: root, encoding: 'utf8', ...options });
  assert.equal(result.status, 0, `npm ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return String(result.stdout);
}

before(() => {
  if (!existsSync(path.join(root, 'dist', 'cli.js'))) {
    const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  }
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pipewise-npm-'));
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('npm pack ships only the bundles, wasm files, rule pages, the documentation the README links to and metadata', () => {
  const [pack] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'])) as Array<{ files: Array<{ path: string }> }>;
  const files = pack.files.map((f) => f.path).sort();
  const dist = readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.js') || f.endsWith('.wasm'));
  const expected = [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'package.json',
    ...dist.map((f) => `dist/${f}`),
    ...readdirSync(path.join(root, 'rules')).filter((f) => f.endsWith('.md')).map((f) => `rules/${f}`),
    'CONTRIBUTING.md',
    ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
    ...readdirSync(path.join(root, 'docs', 'images')).filter((f) => f.endsWith('.png')).map((f) => `docs/images/${f}`),
  ].sort();
  assert.deepEqual(files, expected);
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const [, target] of readme.matchAll(/\]\(((?!https?:|#)[^)#\s]+)/g)) assert.ok(files.includes(path.posix.normalize(target)), `README links to ${target}, which the npm package does not contain`);
});

test('npx pipewise works from the installed tarball', () => {
  const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', tmp])) as Array<{ filename: string }>;
  consumer = path.join(tmp, 'consumer');
  mkdirSync(consumer);
  writeFileSync(path.join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n');
  // The package has no runtime dependencies: installing it needs no registry.
  npm(['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', path.join(tmp, packed.filename)], { cwd: consumer });

  const version = spawnSync('npx', ['--offline', 'pipewise', '--version'], { cwd: consumer, encoding: 'utf8' });
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), `${manifest.name} ${manifest.version}`);

  // The installed CLI finds its wasm grammars: it analyses Python.
  const project = path.join(tmp, 'project');
  cpSync(path.join(root, 'examples', 'sales_etl'), project, { recursive: true });
  const check = spawnSync('npx', ['--offline', 'pipewise', 'check', project, '--format', 'json'], { cwd: consumer, encoding: 'utf8' });
  assert.equal(check.status, 1, `expected findings (exit 1):\n${check.stdout}\n${check.stderr}`);
  const findings = JSON.parse(check.stdout) as Array<{ rule: string; file: string }>;
  assert.ok(findings.some((f) => f.rule === 'PW101' && f.file.endsWith('extract.py')), check.stdout);
});

test('no installed file contains a fixture credential (documentation may show the insecure pattern)', () => {
  assert.ok(consumer, 'the install test must run first');
  const installed = path.join(consumer, 'node_modules', manifest.name);
  const tokens = fixtureTokens();
  const leaks: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const relative = path.relative(installed, full);
        const isDoc = /^(README|CHANGELOG)\.md$|^rules[\\/].*\.md$/.test(relative);
        const hits = found(readFileSync(full, 'latin1'), isDoc ? tokens : [...FIXTURE_STRINGS, ...tokens]);
        if (hits.length) leaks.push(`${relative}: ${hits.join(', ')}`);
      }
    }
  };
  walk(installed);
  assert.deepEqual(leaks, []);
});
