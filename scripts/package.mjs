// Builds the bundles and packs the extension into pipewise-<version>.vsix with @vscode/vsce.
// What goes in is decided by .vscodeignore (an allow-list); test/package/vsix.test.ts checks it.
//
//   node scripts/package.mjs [--no-build] [--out FILE]

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outIndex = args.indexOf('--out');
const out = path.resolve(outIndex >= 0 ? args[outIndex + 1] : path.join(root, `${manifest.name}-${manifest.version}.vsix`));

function run(cmd, cmdArgs) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!args.includes('--no-build')) run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);

// There is no public repository or website to point at: the README's relative links (the
// screenshot, the rule pages) stay relative and resolve inside the installed extension, which
// ships the files they name (.vscodeignore).
const linkBase = ['--allow-missing-repository', '--no-rewrite-relative-links'];

// The bundles carry every run-time dependency: no node_modules in the package.
mkdirSync(path.dirname(out), { recursive: true });
const vsce = require.resolve('@vscode/vsce/vsce');
run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out, ...linkBase]);
