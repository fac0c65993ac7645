#!/usr/bin/env node
// `npm run test:vscode`: the in-host suite (../in-host/suite.ts) in desktop VS Code through
// @vscode/test-electron, for machines that have VS Code or can download it. Not part of CI:
// CI runs the same suite in code-server (`npm run test:e2e`), because test-electron downloads
// VS Code at run time.
//
//   npm run test:vscode                          # downloads VS Code into ~/.cache/pipewise-e2e/vscode-test
//   VSCODE_EXECUTABLE=/usr/bin/code npm run test:vscode    # uses an installed VS Code
//   VSCODE_VERSION=1.90.0 npm run test:vscode    # the oldest VS Code the manifest supports

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { bundleSuite } from '../lib/bundle-suite.mjs';
import { USER_SETTINGS } from '../lib/code-server.mjs';
import { cacheDir } from '../lib/setup.mjs';
import { run } from '../lib/util.mjs';
import { copyExample, RESULTS_FILE, ROOT, UNSAFE_ONLY_FIXTURE, writeExpected } from '../lib/workspace.mjs';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pipewise-vscode-'));
let code = 1;
try {
  run(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
  const workspace = copyExample(scratch, 'workspace', UNSAFE_ONLY_FIXTURE);
  writeExpected(workspace, { extensionId: `${manifest.publisher}.${manifest.name}`, scratchParent: scratch });
  const suite = await bundleSuite(path.join(scratch, 'suite'));
  const userData = path.join(scratch, 'user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));

  code = await runTests({
    ...(process.env.VSCODE_EXECUTABLE
      ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE }
      : { version: process.env.VSCODE_VERSION || 'stable', cachePath: path.join(cacheDir(), 'vscode-test') }),
    // The repository is the extension in development layout: package.json + dist/.
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', userData],
  });
  try {
    for (const r of JSON.parse(readFileSync(path.join(workspace, RESULTS_FILE), 'utf8'))) console.log(`${r.ok ? '✔' : '✘'} ${r.name}${r.ok ? '' : `\n${r.error}`}`);
  } catch {
    console.error('the suite wrote no results');
  }
} catch (error) {
  console.error(`test:vscode failed: ${error.stack ?? error}`);
  code = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = code;
