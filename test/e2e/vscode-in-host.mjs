// Runs the in-host suite (in-host/suite.ts) inside code-server's extension host, the way
// @vscode/test-electron does on the desktop: the workbench is opened with a development payload
// (extensionDevelopmentPath = the unpacked .vsix, extensionTestsPath = the bundled suite), and
// reports the suite's exit code through window.codeAutomationExit.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { enableSmokeTestDriver, newContext } from './lib/browser.mjs';
import { log } from './lib/util.mjs';
import { RESULTS_FILE } from './lib/workspace.mjs';

export async function runInHostSuite({ browser, server, workspace, extensionPath, suitePath, artifacts, timeout = 180_000 }) {
  const context = await newContext(browser);
  await enableSmokeTestDriver(context);
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));

  let reportExit;
  const exited = new Promise((resolve) => (reportExit = resolve));
  // The workbench calls this when the extension host's test run ends (code, logs).
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    reportExit({ code, logs });
  });

  const payload = [
    ['extensionDevelopmentPath', server.remoteUri(extensionPath)],
    ['extensionTestsPath', server.remoteUri(suitePath)],
  ];
  log('in-host: opening the workbench with the test payload');
  const started = Date.now();
  let timer;
  try {
    await page.goto(server.folderUrl(workspace, payload));
    const outcome = await Promise.race([
      exited,
      new Promise((resolve) => (timer = setTimeout(() => resolve({ code: 'timeout' }), timeout))),
    ]);
    const logDir = path.join(artifacts, 'in-host-logs');
    mkdirSync(logDir, { recursive: true });
    for (const entry of outcome.logs ?? []) {
      const file = path.join(logDir, entry.relativePath.replace(/[\\/]/g, '__'));
      writeFileSync(file, typeof entry.contents === 'string' ? entry.contents : Buffer.from(Object.values(entry.contents ?? {})));
    }
    writeFileSync(path.join(artifacts, 'in-host-console.log'), `${consoleLines.join('\n')}\n`);
    const resultsFile = path.join(workspace, RESULTS_FILE);
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : [];
    if (existsSync(resultsFile)) writeFileSync(path.join(artifacts, 'in-host-results.json'), readFileSync(resultsFile));
    for (const r of results) log(`in-host: ${r.ok ? '✔' : '✘'} ${r.name} (${r.ms} ms)${r.ok ? '' : `\n${r.error}`}`);
    log(`in-host: exit code ${outcome.code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (outcome.code === 'timeout') {
      await page.screenshot({ path: path.join(artifacts, 'in-host-timeout.png') }).catch(() => {});
      throw new Error(`the in-host suite did not finish within ${timeout} ms (see ${artifacts}/in-host-console.log)`);
    }
    if (outcome.code !== 0) throw new Error(`the in-host suite failed (exit code ${outcome.code})`);
    if (results.length === 0 || results.some((r) => !r.ok)) throw new Error('the in-host suite reported no results or failures');
    return results;
  } finally {
    clearTimeout(timer);
    await context.close();
  }
}
