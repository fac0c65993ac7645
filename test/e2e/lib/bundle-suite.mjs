// Bundles the in-host suite (TypeScript) into one CommonJS file that an extension host can
// require: `vscode` stays external, it is provided by the host.

import { build } from 'esbuild';
import path from 'node:path';
import { ROOT } from './workspace.mjs';

export async function bundleSuite(outdir) {
  const outfile = path.join(outdir, 'index.js');
  await build({
    entryPoints: [path.join(ROOT, 'test', 'e2e', 'in-host', 'suite.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}
