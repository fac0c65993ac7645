// The .vsix holds exactly what the extension needs at run time (.vscodeignore is an allow-list)
// and no test fixture or example: those are full of fake credentials.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { filesUnder, FIXTURE_STRINGS, found, fixtureTokens, root } from './fixture-secrets';
import { readZip, type ZipEntry } from './zip';

const manifest = require('../../package.json') as { name: string; version: string; icon: string; main: string };
let tmp = '';
let entries: ZipEntry[] = [];

before(() => {
  if (!existsSync(path.join(root, 'dist', 'server.js'))) {
    const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  }
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pipewise-vsix-'));
  const vsix = path.join(tmp, `${manifest.name}-${manifest.version}.vsix`);
  // The same script as `npm run package`, without rebuilding what `npm test` just built.
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), '--no-build', '--out', vsix], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, `packaging failed:\n${result.stdout}\n${result.stderr}`);
  entries = readZip(vsix);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

const names = () => entries.map((e) => e.name).sort();

test('the .vsix contains exactly the bundles, wasm files, rule docs, snippets, syntaxes, walkthrough pages and metadata', () => {
  const dist = readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.js') || f.endsWith('.wasm'));
  const expected = [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    `extension/${manifest.icon}`,
    ...dist.map((f) => `extension/dist/${f}`),
    ...readdirSync(path.join(root, 'rules')).filter((f) => f.endsWith('.md')).map((f) => `extension/rules/${f}`),
    ...filesUnder('snippets').map((f) => `extension/${f}`),
    ...filesUnder('syntaxes').map((f) => `extension/${f}`),
    ...filesUnder('media/walkthrough').map((f) => `extension/${f}`),
    ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `extension/docs/${f}`),
    ...filesUnder('docs/images').filter((f) => f.endsWith('.png')).map((f) => `extension/${f}`),
    'extension/CONTRIBUTING.md',
  ].sort();
  assert.deepEqual(names(), expected);
  for (const required of ['dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-python.wasm']) {
    assert.ok(names().includes(`extension/${required}`), `${required} missing`);
  }
  assert.ok(names().includes(`extension/${manifest.main.replace(/^\.\//, '')}`), 'the manifest main entry is not packaged');
});

test('every relative link of the packaged README and walkthrough leads to a packaged file', () => {
  const packaged = new Set(names().map((n) => n.replace(/^extension\//, '')));
  const pages = ['README.md', ...filesUnder('media/walkthrough')];
  for (const page of pages) {
    const text = readFileSync(path.join(root, page), 'utf8');
    for (const [, target] of text.matchAll(/\]\(((?!https?:|command:|#)[^)#\s]+)/g)) {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(page), target));
      assert.ok(packaged.has(resolved) || packaged.has(resolved.toLowerCase()), `${page} links to ${target}, which the .vsix does not contain`);
    }
  }
});

test('nothing from test/, examples/, sources, source maps or .env files is packaged', () => {
  const forbidden = names().filter((name) =>
    /^extension\/(test|examples|client|server|scripts|bench|node_modules)\//.test(name) ||
    /\.(ts|map|py|ya?ml|vsix|tgz)$/.test(name) ||
    /(^|\/)\.env/.test(name),
  );
  assert.deepEqual(forbidden, []);
});

test('no packaged file contains a fixture credential (documentation may show the insecure pattern)', () => {
  const tokens = fixtureTokens();
  assert.ok(tokens.length > 0, 'expected fake tokens in the rule tests');
  const leaks: string[] = [];
  for (const entry of entries) {
    const text = entry.read().toString('latin1');
    // README and rule pages show the insecure example on purpose ("Example" / "Use instead").
    const isDoc = /^extension\/(readme|changelog)\.md$|^extension\/rules\/.*\.md$/.test(entry.name);
    const hits = isDoc ? found(text, tokens) : found(text, [...FIXTURE_STRINGS, ...tokens]);
    if (hits.length) leaks.push(`${entry.name}: ${hits.join(', ')}`);
  }
  assert.deepEqual(leaks, []);
});

test('the packaged manifest declares the icon and the icon is a 128x128 PNG', () => {
  const pkg = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.read().toString('utf8')) as { icon: string };
  assert.equal(pkg.icon, 'images/icon.png');
  const png = entries.find((e) => e.name === 'extension/images/icon.png')!.read();
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  assert.match(entries.find((e) => e.name === 'extension.vsixmanifest')!.read().toString('utf8'), /Microsoft\.VisualStudio\.Services\.Icons\.Default/);
});
