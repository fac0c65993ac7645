// Fix-all over the bundled examples is idempotent: a second `pipewise check --fix` changes nothing,
// and every file the first run rewrote still parses (the fixer drops passes that break a parse).

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, REPO, runCli } from './helpers';

let dir: string;

function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      // The check cache is no output of the fixes.
      if (entry.isDirectory()) {
        if (entry.name !== '.pipewise_cache') walk(full);
      }
      else files[path.relative(root, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

before(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-examples-'));
  cpSync(path.join(REPO, 'examples'), dir, { recursive: true });
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('check --fix over examples/ applies safe fixes once, and a second run changes nothing', () => {
  const original = snapshot(dir);
  runCli(['check', '.', '--fix', '--quiet'], dir);
  const fixed = snapshot(dir);
  assert.notDeepEqual(fixed, original, 'the first run fixes something (the credential)');
  assert.match(fixed[path.join('sales_etl', 'extract.py')], /os\.environ\["SALES_DB_URL"\]/);
  const notebook = JSON.parse(fixed[path.join('sales_etl', 'notebooks', 'backfill_orders.ipynb')]) as { cells: Array<{ source: string[] }> };
  assert.equal(notebook.cells[2].source.join(''), 'engine = create_engine(os.environ["SALES_DB_URL"])', 'the notebook credential cell is fixed');
  assert.match(notebook.cells[1].source.join(''), /^%matplotlib inline\nimport os\n/, 'import os in the first code cell');
  runCli(['check', '.', '--fix', '--quiet'], dir);
  assert.deepEqual(snapshot(dir), fixed, 'the second run changed files');
});
