// Neovim (0.7+, built-in LSP client) against the bundled server over stdio: the diagnostics of
// every example file equal the CLI's findings; on extract.py the preferred PW101 quick fix is
// applied and written, and the result parses as Python and lints clean for PW101.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { capture, log } from './lib/util.mjs';
import { CLI, PW101_PREFERRED, PW101_TITLES, ROOT, SERVER, cliFindings, findingsByFile } from './lib/workspace.mjs';

const HARNESS = path.join(ROOT, 'test', 'e2e', 'neovim', 'harness.lua');
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

function runHarness({ file, workspace, scratch, out, action }) {
  const home = path.join(scratch, 'nvim-home');
  for (const dir of ['config', 'data', 'state', 'cache', 'tmp']) mkdirSync(path.join(home, dir), { recursive: true });
  const result = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', HARNESS, file], {
    cwd: workspace,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 90_000,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, 'config'),
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_STATE_HOME: path.join(home, 'state'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
      TMPDIR: path.join(home, 'tmp'),
      PIPEWISE_NODE: process.execPath,
      PIPEWISE_SERVER: SERVER,
      PIPEWISE_ROOT: workspace,
      PIPEWISE_OUT: out,
      PIPEWISE_RULE: 'PW101',
      PIPEWISE_ACTION: action ?? '',
    },
  });
  let report = {};
  try {
    report = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    // reported below
  }
  if (result.status !== 0) {
    throw new Error(`nvim on ${path.basename(file)} exited with ${result.status ?? result.signal}: ${report.error ?? '(no report)'}\n${result.stderr}${(report.log ?? []).join('\n')}`);
  }
  return report;
}

const describe = (list) => list.map((d) => `${d.rule} ${d.line}:${d.column} ${d.severity}`).sort();

export function runNeovimTest({ workspace, scratch, artifacts }) {
  const version = capture('nvim', ['--version']).split('\n')[0];
  log(`neovim: ${version}`);
  const expected = findingsByFile(workspace);
  const reports = {};
  for (const file of Object.keys(expected)) {
    const fixing = file === 'extract.py';
    const out = path.join(artifacts, `neovim-${file.replace(/[\\/]/g, '__')}.json`);
    const started = Date.now();
    const report = runHarness({ file: path.join(workspace, file), workspace, scratch, out, action: fixing ? PW101_PREFERRED : '' });
    reports[file] = report;
    const got = describe((report.diagnostics ?? []).filter((d) => d.source === 'pipewise').map((d) => ({ rule: d.code, line: d.line, column: d.character + 1, severity: SEVERITY[d.severity] })));
    const want = describe(expected[file]);
    assert.deepEqual(got, want, `${file}: Neovim diagnostics differ from the CLI's findings`);
    log(`neovim: ${file}: ${got.length} diagnostics as the CLI (${Date.now() - started} ms)`);
    if (!fixing) continue;

    const titles = (report.actions ?? []).map((a) => a.title);
    for (const title of PW101_TITLES) assert.ok(titles.includes(title), `Neovim was not offered "${title}": ${JSON.stringify(titles)}`);
    assert.equal(report.applied, PW101_PREFERRED);
    assert.ok(report.written, 'the harness did not write the buffer');
    const text = readFileSync(path.join(workspace, file), 'utf8');
    assert.ok(text.includes('os.environ["SALES_DB_URL"]'), `${file} lacks os.environ["SALES_DB_URL"]:\n${text}`);
    assert.match(text, /^import os$/m, `${file} lacks "import os"`);
    // Parse only (never run the workspace's code).
    capture('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])', path.join(workspace, file)]);
    const after = cliFindings(workspace, file).filter((f) => f.rule === 'PW101');
    assert.deepEqual(after, [], `${file} still has PW101 findings after the fix`);
    assert.ok(!(report.diagnosticsAfterFix ?? []).some((d) => d.code === 'PW101'), 'Neovim still shows PW101 after the fix');
    log(`neovim: ${file}: applied "${report.applied}" (${report.editUsesDocumentChanges ? 'documentChanges' : 'changes'}), written, parses, CLI re-lint clean for PW101`);
  }
  return { version, reports, cli: CLI };
}
