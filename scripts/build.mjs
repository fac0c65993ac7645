// Bundles the extension client, the language server and the CLI with esbuild and copies the
// tree-sitter wasm files beside them (the server loads them from its own folder at run time).
import { build, context } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const outdir = path.resolve('dist');
mkdirSync(outdir, { recursive: true });

const wasmFiles = [
  require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
];
for (const file of wasmFiles) copyFileSync(file, path.join(outdir, path.basename(file)));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  // web-tree-sitter's ESM build reads import.meta.url, which is empty in a CJS bundle: use its CJS build.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
};

const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const options of bundles) {
    const ctx = await context({ ...common, ...options });
    await ctx.watch();
  }
  console.log('esbuild: watching client/, server/ and rules/');
} else {
  await Promise.all(bundles.map((options) => build({ ...common, ...options })));
}
