// `pipewise check` gives byte-identical results with one worker, several workers and a warm
// cache (text, JSON and SARIF, exit codes, warnings; `--fix` writes the same files), and the cache
// (.pipewise_cache/) is invalidated by a changed file or configuration, ignores corrupt entries,
// stores no secret in clear and is never followed through a symbolic link.

import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateWorkspace } from '../../bench/generate-workspace';
import { REPO, SECRET, SECRET_URL, ensureBuilt, removeProject, runCli, type CliResult } from './helpers';

const CACHE = '.pipewise_cache';

/** The summary line's elapsed time is the one part of the output allowed to differ. */
function normalized(result: CliResult): CliResult {
  const time = (text: string) => text.replace(/ in \d+(\.\d+)? m?s\b/g, ' in X s');
  return { status: result.status, stdout: time(result.stdout), stderr: time(result.stderr) };
}

/** examples/ and a generated multi-pipeline tree, with a credential and a retried DAG importing a helper. */
function makeTree(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-parallel-'));
  cpSync(path.join(REPO, 'examples'), path.join(dir, 'examples'), { recursive: true });
  generateWorkspace(path.join(dir, 'generated'), 8);
  writeFileSync(path.join(dir, 'generated', 'settings.py'), `import psycopg2\n\nDB_PASSWORD = "${SECRET}"\nconn = psycopg2.connect("${SECRET_URL}")\n`);
  return dir;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function contentsOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of filesUnder(dir)) if (!path.relative(dir, file).startsWith(CACHE)) out[path.relative(dir, file)] = readFileSync(file, 'utf8');
  return out;
}

describe('check with workers and a cache', () => {
  let tree: string;
  before(() => {
    ensureBuilt();
    tree = makeTree();
  });
  after(() => removeProject(tree));

  for (const format of ['text', 'json', 'sarif']) {
    test(`${format}: one worker, three workers, a cold and a warm cache give the same bytes`, () => {
      rmSync(path.join(tree, CACHE), { recursive: true, force: true });
      const reference = normalized(runCli(['check', '.', '--format', format, '--no-cache', '--jobs', '1'], tree));
      assert.equal(reference.status, 1, reference.stderr);
      assert.ok(!existsSync(path.join(tree, CACHE)), '--no-cache wrote a cache');
      assert.deepEqual(normalized(runCli(['check', '.', '--format', format, '--no-cache', '--jobs', '3'], tree)), reference, 'three workers');
      assert.deepEqual(normalized(runCli(['check', '.', '--format', format, '--jobs', '2'], tree)), reference, 'cold cache, two workers');
      assert.ok(existsSync(path.join(tree, CACHE)), 'no cache written');
      assert.deepEqual(normalized(runCli(['check', '.', '--format', format, '--jobs', '1'], tree)), reference, 'warm cache, one worker');
      assert.deepEqual(normalized(runCli(['check', '.', '--format', format], tree)), reference, 'warm cache, default jobs');
    });
  }

  test('the cache is ignorable and holds no secret in clear', () => {
    runCli(['check', '.', '--jobs', '2'], tree);
    assert.equal(readFileSync(path.join(tree, CACHE, '.gitignore'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#')).join('\n'), '*');
    const entries = filesUnder(path.join(tree, CACHE));
    assert.ok(entries.length > 40, `only ${entries.length} cache files`);
    for (const file of entries) {
      const bytes = readFileSync(file);
      for (const piece of [SECRET, 'wombat', 'db.internal', 'DB_PASSWORD', 'psycopg2', 'extract_1']) assert.ok(!bytes.includes(piece), `${path.relative(tree, file)} holds ${piece} in clear`);
    }
  });

  test('a changed file and a changed configuration invalidate the cached findings', () => {
    runCli(['check', '.'], tree);
    const before = normalized(runCli(['check', '.', '--format', 'json'], tree));
    const load = path.join(tree, 'examples', 'sales_etl', 'load.py');
    const original = readFileSync(load, 'utf8');
    try {
      writeFileSync(load, `${original}\n\ndef audit(conn):\n    conn.cursor().execute("SELECT * FROM audit WHERE day = '" + str(conn) + "'")\n`);
      const changed = normalized(runCli(['check', '.', '--format', 'json'], tree));
      assert.notDeepEqual(changed, before, 'the edit changes no finding: the test proves nothing');
      assert.deepEqual(changed, normalized(runCli(['check', '.', '--format', 'json', '--no-cache'], tree)), 'stale findings of a changed file');
    } finally {
      writeFileSync(load, original);
    }
    const config = path.join(tree, 'pipewise.toml');
    try {
      writeFileSync(config, 'ignore = ["PW204", "PW101"]\n');
      const reconfigured = normalized(runCli(['check', '.', '--format', 'json'], tree));
      assert.equal(reconfigured.stderr.includes('configuration'), false, `the configuration is valid: ${reconfigured.stderr}`);
      assert.ok(!reconfigured.stdout.includes('"PW204"') && reconfigured.stdout.includes('"PW103"'), 'the configuration is read: PW204 ignored, other rules still report');
      assert.notDeepEqual(reconfigured, before, 'the configuration changes no finding: the test proves nothing');
      assert.deepEqual(reconfigured, normalized(runCli(['check', '.', '--format', 'json', '--no-cache'], tree)), 'stale findings under a changed configuration');
    } finally {
      rmSync(config, { force: true });
    }
    assert.deepEqual(normalized(runCli(['check', '.', '--format', 'json'], tree)), before, 'back to the original files and configuration');
  });

  test("an unchanged module's findings follow what other files tell about its prints (PW204 through a Prefect flow)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-prints-'));
    try {
      const helper = 'import pandas as pd\n\n\ndef save_frame(frame, table, engine):\n    print(f"saving {len(frame)} rows to {table}")\n    frame.to_sql(table, engine, if_exists="append", index=False)\n';
      const flow = (args: string) =>
        `import requests\nimport pandas as pd\nfrom prefect import flow, get_run_logger\n\nfrom common.warehouse import save_frame\n\n\n@flow(${args})\ndef prices_flow():\n    logger = get_run_logger()\n    rows = requests.get("https://api.example.com/prices", timeout=30).json()\n    logger.info("fetched %d rows", len(rows))\n    save_frame(pd.DataFrame(rows), "prices", ENGINE)\n`;
      for (const [file, text] of Object.entries({ 'common/__init__.py': '', 'common/warehouse.py': helper, 'flows/prices.py': flow('log_prints=True') })) {
        const target = path.join(dir, file);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, text);
      }
      const helperFindings = (result: CliResult) => (JSON.parse(result.stdout) as Array<{ rule: string; file: string }>).filter((f) => f.rule === 'PW204' && f.file.endsWith('warehouse.py')).length;
      for (const jobs of ['1', '2']) {
        rmSync(path.join(dir, CACHE), { recursive: true, force: true });
        writeFileSync(path.join(dir, 'flows', 'prices.py'), flow('log_prints=True'));
        const logged = normalized(runCli(['check', '.', '--format', 'json', '--jobs', jobs], dir));
        assert.equal(helperFindings(logged), 0, 'a helper a log_prints=True flow runs is not flagged');
        assert.deepEqual(normalized(runCli(['check', '.', '--format', 'json', '--jobs', jobs], dir)), logged, 'warm cache');
        writeFileSync(path.join(dir, 'flows', 'prices.py'), flow('name="prices"'));
        const unlogged = normalized(runCli(['check', '.', '--format', 'json', '--jobs', jobs], dir));
        assert.equal(helperFindings(unlogged), 1, `stale cached findings of the unchanged helper (--jobs ${jobs})`);
        assert.deepEqual(unlogged, normalized(runCli(['check', '.', '--format', 'json', '--no-cache', '--jobs', '1'], dir)));
      }
    } finally {
      removeProject(dir);
    }
  });

  test("entries are keyed with a per-user secret outside the folder: another user's (a committed) cache is a miss", () => {
    const homes = mkdtempSync(path.join(os.tmpdir(), 'pipewise-secret-'));
    try {
      const as = (name: string) => ({ XDG_CACHE_HOME: path.join(homes, name) });
      const entries = () => Object.fromEntries(filesUnder(path.join(tree, CACHE)).filter((f) => !f.endsWith('.gitignore') && !f.endsWith('CACHEDIR.TAG')).map((f) => [f, readFileSync(f).toString('hex')]));
      rmSync(path.join(tree, CACHE), { recursive: true, force: true });
      const reference = normalized(runCli(['check', '.', '--format', 'json', '--no-cache'], tree));
      assert.deepEqual(normalized(runCli(['check', '.', '--format', 'json'], tree, as('alice'))), reference);
      const key = path.join(homes, 'alice', 'pipewise', 'key');
      assert.equal(statSync(key).mode & 0o777, 0o600, 'the secret is readable by others');
      const written = entries();
      assert.ok(Object.keys(written).length > 0, 'no cache written');
      assert.deepEqual(normalized(runCli(['check', '.', '--format', 'json'], tree, as('alice'))), reference);
      assert.deepEqual(entries(), written, "the same user's second run rewrote its entries (they were misses)");
      // Another user's secret cannot authenticate alice's entries: every one is a miss, rewritten.
      assert.deepEqual(normalized(runCli(['check', '.', '--format', 'json'], tree, as('bob'))), reference);
      const rewritten = entries();
      for (const file of Object.keys(written)) assert.notEqual(rewritten[file], written[file], `${file} was read under another secret`);
      // A secret others could read is no secret: no cache at all.
      rmSync(path.join(tree, CACHE), { recursive: true, force: true });
      writeFileSync(key, readFileSync(key), { mode: 0o644 });
      chmodSync(key, 0o644);
      assert.deepEqual(normalized(runCli(['check', '.', '--format', 'json'], tree, as('alice'))), reference);
      assert.ok(!existsSync(path.join(tree, CACHE)), 'a cache written with a world-readable secret');
    } finally {
      rmSync(homes, { recursive: true, force: true });
    }
  });

  test('corrupt, truncated and swapped entries are ignored, never trusted', () => {
    const reference = normalized(runCli(['check', '.', '--format', 'json', '--no-cache'], tree));
    runCli(['check', '.'], tree);
    const entries = filesUnder(path.join(tree, CACHE)).filter((file) => /^[0-9a-f]{64}$/.test(path.basename(file)));
    assert.ok(entries.length > 10);
    // Truncated, flipped and swapped (an entry of another file, authentic but not for this one).
    const first = readFileSync(entries[0]);
    entries.forEach((file, i) => {
      const bytes = readFileSync(file);
      if (i % 3 === 0) writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
      else if (i % 3 === 1) writeFileSync(file, Buffer.from(bytes.map((b, k) => (k === bytes.length - 1 ? b ^ 1 : b))));
      else writeFileSync(file, first);
    });
    assert.deepEqual(normalized(runCli(['check', '.', '--format', 'json'], tree)), reference);
    assert.deepEqual(normalized(runCli(['check', '.', '--format', 'json'], tree)), reference, 'after rewriting the bad entries');
  });

  test('a .pipewise_cache that is a symbolic link is not followed', () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'pipewise-cache-link-'));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'pipewise-cache-outside-'));
    try {
      cpSync(path.join(REPO, 'examples', 'sales_etl'), project, { recursive: true });
      symlinkSync(outside, path.join(project, CACHE));
      const reference = normalized(runCli(['check', '.', '--no-cache'], project));
      assert.deepEqual(normalized(runCli(['check', '.'], project)), reference);
      assert.deepEqual(readdirSync(outside), [], 'wrote through the link');
    } finally {
      removeProject(project);
      removeProject(outside);
    }
  });

  test('--fix writes the same files with one worker, three workers and a warm cache', () => {
    const runs = [
      ['--no-cache', '--jobs', '1'],
      ['--no-cache', '--jobs', '3'],
      ['--jobs', '2'],
    ].map((options, i) => {
      const copy = mkdtempSync(path.join(os.tmpdir(), `pipewise-fix-${i}-`));
      try {
        cpSync(tree, copy, { recursive: true });
        rmSync(path.join(copy, CACHE), { recursive: true, force: true });
        if (i === 2) runCli(['check', '.'], copy); // warm the cache first
        const fixed = normalized(runCli(['check', '.', '--fix', ...options], copy));
        const after = normalized(runCli(['check', '.', '--format', 'json', ...options], copy));
        return { fixed, after, files: contentsOf(copy) };
      } finally {
        removeProject(copy);
      }
    });
    assert.match(runs[0].fixed.stdout, /Fixed \d+ findings? in \d+ files?/);
    assert.notDeepEqual(runs[0].files, contentsOf(tree), '--fix changed nothing: the test proves nothing');
    assert.deepEqual(runs[1], runs[0], 'three workers');
    assert.deepEqual(runs[2], runs[0], 'warm cache');
  });

  test('--jobs takes a positive number', () => {
    for (const bad of ['0', 'x', '-1']) {
      const result = runCli(['check', '.', '--jobs', bad], tree);
      assert.equal(result.status, 2, `--jobs ${bad}: ${result.stderr}`);
    }
    assert.ok(statSync(tree).isDirectory());
  });
});
