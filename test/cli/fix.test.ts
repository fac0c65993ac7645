// `pipewise check --fix`: safe fixes written atomically, idempotent, reporting what remains.

import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, listFiles, makeProject, removeProject, runCli, SECRET } from './helpers';

// Like examples/sales_etl/extract.py it also lacks retries (PW103) and logging (PW204), whose
// suggestions are not safe fixes; the tests about the credential fix scope the run to PW101.
const REFERENCE_EXTRACT = `import psycopg2
import pandas as pd

def extract_sales():
    conn = psycopg2.connect("postgresql://user:pass@localhost:5432/sales")
    df = pd.read_sql("SELECT * FROM orders", conn)
    conn.close()
    return len(df)
`;

describe('check --fix', () => {
  before(() => ensureBuilt());

  describe('on the reference extract.py', () => {
    let dir: string;
    let file: string;
    before(() => {
      dir = makeProject({ 'extract.py': REFERENCE_EXTRACT });
      file = path.join(dir, 'extract.py');
      chmodSync(file, 0o640);
    });
    after(() => removeProject(dir));

    test('rewrites the URL to os.environ["SALES_DB_URL"], adds import os and exits 0', () => {
      const { status, stdout, stderr } = runCli(['check', '--fix', '--select', 'PW101'], dir);
      assert.equal(status, 0, stdout + stderr);
      const fixed = readFileSync(file, 'utf8');
      assert.ok(fixed.includes('conn = psycopg2.connect(os.environ["SALES_DB_URL"])'), fixed);
      assert.equal(fixed.match(/^import os$/gm)?.length, 1, 'import os added once');
      assert.ok(!fixed.includes('user:pass@'));
      assert.match(stdout, /^Fixed 1 finding in 1 file\.$/m);
      assert.match(stdout, /^Checked 1 file in \d+\.\d s: no findings\.$/m);
    });

    test('keeps the file mode and leaves no temp files', () => {
      assert.equal(statSync(file).mode & 0o777, 0o640);
      assert.deepEqual(listFiles(dir), ['extract.py']);
    });

    test('is idempotent: a second run changes nothing', () => {
      const before = readFileSync(file, 'utf8');
      const mtime = statSync(file).mtimeMs;
      const { status, stdout } = runCli(['check', '--fix', '--select', 'PW101'], dir);
      assert.equal(status, 0);
      assert.equal(readFileSync(file, 'utf8'), before);
      assert.equal(statSync(file).mtimeMs, mtime, 'an unchanged file is not rewritten');
      assert.ok(!stdout.includes('Fixed'));
      assert.deepEqual(listFiles(dir), ['extract.py']);
    });
  });

  test('reports the findings that remain (unsafe fixes are not applied)', () => {
    const dir = makeProject({
      'extract.py': REFERENCE_EXTRACT,
      'pipeline.yaml': `warehouse:\n  password: ${SECRET}\n`,
    });
    try {
      // Every rule runs: only the credential in extract.py has a safe fix; the YAML credential and
      // extract.py's missing retry (PW103) and logging (PW204) are only suggestions.
      const { status, stdout } = runCli(['check', '--fix'], dir);
      assert.equal(status, 1);
      assert.match(stdout, /^Fixed 1 finding in 1 file\.$/m);
      const remaining = [...stdout.matchAll(/^(\S+):\d+:\d+: (PW\d+) /gm)].map((m) => `${m[1]} ${m[2]}`);
      assert.deepEqual(remaining, ['extract.py PW103', 'extract.py PW204', 'pipeline.yaml PW101'], stdout);
      assert.match(stdout, /^pipeline\.yaml:2:13: PW101 \[P1\]/m);
      assert.match(stdout, /^Checked \d+ files? in \d+\.\d s: 3 findings \(2 P1, 1 P2\)(; \d+ more with --unsafe-fixes)?\.$/m, 'none of them fixable by --fix');
      const extract = readFileSync(path.join(dir, 'extract.py'), 'utf8');
      assert.ok(extract.includes('psycopg2.connect(os.environ["SALES_DB_URL"])'), extract);
      assert.ok(!/retry|logging|logger/.test(extract), `unsafe suggestions are not applied:\n${extract}`);
      assert.ok(readFileSync(path.join(dir, 'pipeline.yaml'), 'utf8').includes(SECRET), 'YAML is left for a person to change');
      assert.ok(!stdout.includes(SECRET) && !stdout.includes('wombat'), 'the output holds no secret');
    } finally {
      removeProject(dir);
    }
  });

  test('keeps a byte-order mark', () => {
    const dir = makeProject({ 'extract.py': `\uFEFF${REFERENCE_EXTRACT}` });
    try {
      const { status } = runCli(['check', '--fix', '--select', 'PW101', 'extract.py'], dir);
      assert.equal(status, 0);
      const fixed = readFileSync(path.join(dir, 'extract.py'), 'utf8');
      assert.ok(fixed.startsWith('\uFEFFimport os\n'), JSON.stringify(fixed.slice(0, 20)));
      assert.ok(fixed.includes('os.environ["SALES_DB_URL"]'));
    } finally {
      removeProject(dir);
    }
  });

  test('never writes through a symlink, even one inside the folder (issue 12, row 4)', () => {
    const dir = makeProject({ 'real/extract.py': REFERENCE_EXTRACT });
    try {
      symlinkSync(path.join('real', 'extract.py'), path.join(dir, 'linked.py'));
      const { status, stderr } = runCli(['check', '--fix', '--select', 'PW101', 'linked.py'], dir);
      assert.equal(status, 1, 'the finding is still reported');
      assert.match(stderr, /not fixing linked\.py: a symbolic link/);
      assert.equal(readlinkSync(path.join(dir, 'linked.py')), path.join('real', 'extract.py'), 'the symlink is kept');
      assert.equal(readFileSync(path.join(dir, 'real', 'extract.py'), 'utf8'), REFERENCE_EXTRACT, 'its target is untouched');
      assert.deepEqual(listFiles(dir).sort(), ['linked.py', 'real/extract.py']);
    } finally {
      removeProject(dir);
    }
  });

  test('with --format json the fix note goes to stderr and stdout stays JSON', () => {
    const dir = makeProject({ 'extract.py': REFERENCE_EXTRACT });
    try {
      const { status, stdout, stderr } = runCli(['check', '--fix', '--select', 'PW101', '--format', 'json'], dir);
      assert.equal(status, 0);
      assert.deepEqual(JSON.parse(stdout), []);
      assert.match(stderr, /Fixed 1 finding in 1 file\./);
    } finally {
      removeProject(dir);
    }
  });
});
