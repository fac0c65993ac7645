#!/usr/bin/env node
// `npm run test:e2e`: Pipewise in real editors.
//
//   1. installs what it needs, once (Debian: chromium, neovim, build tools; in
//      ~/.cache/pipewise-e2e: Node 24 and code-server, pinned), see lib/setup.mjs;
//   2. builds the bundles and packs the .vsix (the artifact users install);
//   3. Neovim: the bundled server over stdio in Neovim's own LSP client (neovim.mjs);
//   4. VS Code: code-server with the .vsix installed, driven through Chromium:
//      the UI path a user takes (vscode-ui.mjs), then the in-host API suite
//      (in-host/suite.ts, run by vscode-in-host.mjs), then a Jupyter notebook in the notebook
//      editor (vscode-notebook.mjs).
//
// Options: --only=neovim|vscode|notebook (the notebook editor test alone)  --skip-setup (no apt)  --no-build (use dist/ as it is)
// --headed  --keep (keep the scratch folder). Screenshots and logs go to .e2e-artifacts/.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import { bundleSuite } from './lib/bundle-suite.mjs';
import { CodeServer } from './lib/code-server.mjs';
import { ensureAll, ensureAptPackages } from './lib/setup.mjs';
import { log, run } from './lib/util.mjs';
import { copyExample, ROOT, UNSAFE_ONLY_FIXTURE, writeExpected } from './lib/workspace.mjs';
import { runNeovimTest } from './neovim.mjs';
import { runInHostSuite } from './vscode-in-host.mjs';
import { runUiTest } from './vscode-ui.mjs';
import { runNotebookTest } from './vscode-notebook.mjs';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const wants = (suite) => !only || only === suite;
const wantsCodeServer = wants('vscode') || only === 'notebook';
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;
const artifacts = path.join(ROOT, '.e2e-artifacts');
const timings = [];

async function timed(name, fn) {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([name, (Date.now() - started) / 1000]);
  }
}

const failures = [];

/** Runs one suite; a failing suite is reported and the next one still runs. */
async function suite(name, fn) {
  try {
    await timed(name, fn);
    log(`✔ ${name}`);
  } catch (error) {
    failures.push(name);
    console.error(`\n✘ ${name} failed: ${error.stack ?? error}\n`);
  }
}

async function main() {
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pipewise-e2e-'));
  let failed = false;
  try {
    const tools = await timed('setup (apt, Node 24, code-server)', () => {
      if (args.includes('--skip-setup')) return null;
      if (!wantsCodeServer) return ensureAptPackages(['neovim']);
      return ensureAll();
    });

    const vsix = path.join(scratch, `${manifest.name}-${manifest.version}.vsix`);
    await timed('build + package', () => run(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', vsix, ...(args.includes('--no-build') ? ['--no-build'] : [])], { cwd: ROOT }));

    if (wants('neovim')) {
      await suite('neovim', () => {
        const workspace = copyExample(scratch, 'ws-neovim');
        return runNeovimTest({ workspace, scratch, artifacts });
      });
    }

    if (wantsCodeServer) {
      const { node24, codeServer: entry } = tools ?? (await import('./lib/setup.mjs')).ensureAll({ apt: false });
      const server = new CodeServer({ node: node24, entry, scratch: path.join(scratch, 'code-server'), artifacts });
      const uiWorkspace = copyExample(scratch, 'ws-ui');
      const hostWorkspace = copyExample(scratch, 'ws-in-host', UNSAFE_ONLY_FIXTURE);
      writeExpected(hostWorkspace, { extensionId, scratchParent: scratch });
      const suitePath = await bundleSuite(path.join(scratch, 'suite'));
      const extensionPath = server.installExtension(vsix, extensionId, manifest.version);
      let browser;
      try {
        await timed('code-server start', () => server.start(uiWorkspace));
        browser = await launchBrowser({ headed: args.includes('--headed') });
        if (wants('vscode')) {
          await suite('vscode UI test', async () => {
            const ui = await runUiTest({ browser, server, workspace: uiWorkspace, artifacts });
            log(`ui: Problems row: ${ui.problemText}`);
            log(`ui: Ctrl+. menu: ${JSON.stringify(ui.titles)}`);
          });
          await suite('vscode in-host suite', () => runInHostSuite({ browser, server, workspace: hostWorkspace, extensionPath, suitePath, artifacts }));
        }
        await suite('vscode notebook test', async () => {
          const notebook = await runNotebookTest({ browser, server, workspace: copyExample(scratch, 'ws-notebook'), artifacts });
          log(`notebook: Ctrl+. menu: ${JSON.stringify(notebook.titles)}`);
        });
      } finally {
        await browser?.close();
        await server.stop();
        // The remote extension host's and the server's own logs (the language client's output).
        const logs = path.join(server.dirs.userData, 'logs');
        if (existsSync(logs)) cpSync(logs, path.join(artifacts, 'code-server-logs'), { recursive: true });
      }
    }
  } catch (error) {
    failures.push('harness');
    console.error(`\n✘ e2e harness failed: ${error.stack ?? error}`);
  } finally {
    failed = failures.length > 0;
    if (args.includes('--keep') || failed) log(`scratch folder kept: ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
  console.log('\nwall time:');
  for (const [name, seconds] of timings) console.log(`  ${name.padEnd(36)} ${seconds.toFixed(1).padStart(7)} s`);
  console.log(`\n${failed ? `✘ e2e FAILED: ${failures.join(', ')}` : '✔ e2e passed'} (artifacts: ${path.relative(process.cwd(), artifacts) || artifacts})`);
  process.exitCode = failed ? 1 : 0;
}

await main();
