// CLI conventions of issue 14: `--fix --unsafe-fixes` applies every fix that has one (re-parsed
// and re-linted; the summary counts only what was applied), the summary line (files, priorities,
// fixable counts, time), NO_COLOR/FORCE_COLOR, and a progress line for long runs on a terminal.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../server/src/cli/main';
import type { CliIo } from '../../server/src/cli/io';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { PythonSource } from '../../server/src/engine/python/python-source';
import { ensureBuilt, makeProject, removeProject, runCli } from './helpers';

const STAGE = 'import psycopg2\nimport pandas as pd\n\n\ndef extract(dsn):\n    conn = psycopg2.connect(dsn)\n    frame = pd.read_sql("SELECT id, total FROM orders WHERE day = %s", conn, params=["2026-01-01"])\n    frame = frame.dropna()\n    frame.to_parquet("out.parquet")\n    return frame\n';

describe('CLI conventions', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeProject({ 'stage.py': STAGE });
  });
  after(() => removeProject(dir));

  test('the summary names the files checked, the findings by priority, what --fix and --unsafe-fixes would do, and the time', () => {
    const { stdout } = runCli(['check', '.'], dir);
    assert.match(stdout, /^Checked 1 file in \d+\.\d s: \d+ findings \((\d+ P\d(, )?)+\); (\d+ fixable with --fix, )?\d+ (more )?with --fix --unsafe-fixes\.$/m);
  });

  test('--fix alone leaves unsafe fixes alone; --fix --unsafe-fixes applies them, and the file parses and re-lints clean of them', async () => {
    const project = makeProject({ 'stage.py': STAGE });
    try {
      const safe = runCli(['check', '--fix', '.'], project);
      assert.match(safe.stdout, /\d+ more with --unsafe-fixes\.$/m);
      const unsafe = runCli(['check', '--fix', '--unsafe-fixes', '.'], project);
      assert.match(unsafe.stdout, /^Fixed \d+ findings? in 1 file\.$/m);
      const fixed = readFileSync(path.join(project, 'stage.py'), 'utf8');
      await initPythonParser();
      assert.equal(new PythonSource().update(fixed).hasError, false, fixed);
      const again = runCli(['check', '--format', 'json', '.'], project);
      const rules = (JSON.parse(again.stdout) as Array<{ rule: string; fixes: unknown[] }>).filter((f) => f.fixes.length > 0).map((f) => f.rule);
      assert.deepEqual(rules, [], 'every finding that had a fix is gone');
      assert.equal(runCli(['check', '--fix', '--unsafe-fixes', '.'], project).stdout.includes('Fixed'), false, 'a second run changes nothing');
    } finally {
      removeProject(project);
    }
  });

  test('colors: none when piped, FORCE_COLOR turns them on, NO_COLOR off, FORCE_COLOR=0 off', () => {
    const ansi = /\u001b\[/;
    assert.ok(!ansi.test(runCli(['check', '.'], dir, { NO_COLOR: '' }).stdout), 'piped output has no colors');
    assert.ok(ansi.test(runCli(['check', '.'], dir, { NO_COLOR: '', FORCE_COLOR: '1' }).stdout), 'FORCE_COLOR forces them');
    assert.ok(!ansi.test(runCli(['check', '.'], dir, { NO_COLOR: '1' }).stdout), 'NO_COLOR disables them');
    assert.ok(!ansi.test(runCli(['check', '.'], dir, { NO_COLOR: '', FORCE_COLOR: '0' }).stdout), 'FORCE_COLOR=0 does not force');
  });

  test('a run longer than a second draws a progress line on a terminal stderr, and clears it', async () => {
    let clock = 0;
    let stderr = '';
    const io: CliIo = {
      cwd: path.join(__dirname, '..', '..', 'examples', 'sales_etl'),
      env: { NO_COLOR: '1' },
      stdoutIsTTY: false,
      stderrIsTTY: true,
      out: () => undefined,
      err: (text) => void (stderr += text),
      now: () => (clock += 700),
    };
    await main(['check', '.'], io);
    assert.match(stderr, /\r\u001b\[2KChecking \d+\/\d+ files…/);
    assert.ok(stderr.endsWith('\r\u001b[2K'), 'the line is cleared at the end');
    stderr = '';
    await main(['check', '.'], { ...io, stderrIsTTY: false });
    assert.ok(!stderr.includes('Checking'), 'no progress line when stderr is not a terminal');
  });
});
