// `pipewise check` and `review` on Jupyter and Databricks notebooks: discovery, findings named by
// cell (text), cell index and cell-relative ranges (JSON), regions inside the .ipynb (SARIF),
// --fix rewriting only the edited cells atomically, baselines, and the review.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SECRET, SECRET_URL, ensureBuilt, makeProject, parseJson, removeProject, runCli } from './helpers';

const ETL_IPYNB = `{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Orders ETL"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [],
   "source": [
    "%matplotlib inline\\n",
    "import psycopg2"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 2,
   "metadata": {
    "tags": ["parameters"]
   },
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "run 2026-12-06\\n"
     ]
    }
   ],
   "source": [
    "run_date = \\"2026-12-06\\"\\n",
    "print(\\"run\\", run_date)"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "metadata": {},
   "outputs": [],
   "source": [
    "DB_PASSWORD = \\"${SECRET}\\"\\n",
    "conn = psycopg2.connect(host=\\"db\\", password=DB_PASSWORD)"
   ]
  }
 ],
 "metadata": {
  "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
  "language_info": {"name": "python", "version": "3.11.4"}
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
`;

const PRINTED_IPYNB = JSON.stringify({
  cells: [{ cell_type: 'code', execution_count: 1, metadata: {}, outputs: [{ name: 'stdout', output_type: 'stream', text: [`${SECRET_URL}\n`] }], source: ['print(url)'] }],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
});

const DATABRICKS_PY = `# Databricks notebook source
import requests

# COMMAND ----------

# MAGIC %md
# MAGIC # Orders

# COMMAND ----------

# MAGIC %sql
# MAGIC INSERT INTO sales.orders
# MAGIC SELECT * FROM raw.orders WHERE order_date = current_date()

# COMMAND ----------

rows = requests.get("https://api.example.com/orders").json()
`;

interface JsonFinding {
  rule: string;
  file: string;
  cell?: number;
  line: number;
  column: number;
  cellLine?: number;
  cellColumn?: number;
  fixes: Array<{ edits: Array<{ cell?: number; line: number; column: number; newText: string }> }>;
}

describe('notebooks in the CLI', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeProject({ 'notebooks/etl.ipynb': ETL_IPYNB, 'notebooks/printed.ipynb': PRINTED_IPYNB, 'jobs/load_orders.py': DATABRICKS_PY });
  });
  after(() => removeProject(dir));

  test('check finds .ipynb files and names the cell: path:cell N:line:column', () => {
    const { stdout, stderr } = runCli(['check', '--select', 'PW101'], dir);
    assert.match(stdout, /^notebooks\/etl\.ipynb:cell 4:1:15: PW101 \[P1\] Hardcoded credential assigned to DB_PASSWORD/m, stderr);
    assert.match(stdout, /^notebooks\/printed\.ipynb:cell 1:1:1: PW101 \[P1\] Password literal in connection URL printed in this cell's stored output/m);
    assert.match(stdout, /Checked 3 files/);
    assert.ok(!stdout.includes(SECRET) && !stderr.includes(SECRET), 'the secret is never printed');
  });

  test('JSON carries the cell number and cell-relative ranges, edits too', () => {
    const findings = parseJson<JsonFinding[]>(runCli(['check', '--format', 'json', '--select', 'PW101', 'notebooks/etl.ipynb'], dir).stdout);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.deepEqual([finding.file, finding.cell, finding.line, finding.column], ['notebooks/etl.ipynb', 4, 1, 15]);
    const edits = finding.fixes[0].edits.map((e) => [e.cell, e.line, e.newText]);
    assert.deepEqual(edits, [[2, 2, 'import os\n'], [4, 1, 'os.environ["DB_PASSWORD"]']], 'import os goes into the first code cell');
  });

  test('SARIF points into the .ipynb file, at the JSON string holding the code, with the cell as a property', () => {
    const sarif = parseJson<{ runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>; properties: { cell?: number; cellLine?: number }; fixes?: unknown[] }> }> }>(
      runCli(['check', '--format', 'sarif', '--select', 'PW101', 'notebooks/etl.ipynb'], dir).stdout,
    );
    const [result] = sarif.runs[0].results;
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    assert.equal(artifactLocation.uri, 'notebooks/etl.ipynb');
    const fileLine = ETL_IPYNB.split('\n')[region.startLine - 1];
    assert.ok(fileLine.slice(region.startColumn - 1).startsWith('\\"'), `region at the string's quote: ${fileLine}`);
    assert.ok(fileLine.includes('DB_PASSWORD = '));
    assert.deepEqual([result.properties.cell, result.properties.cellLine], [4, 1]);
    assert.equal(result.fixes, undefined, 'no SARIF replacement inside JSON strings');
  });

  test('a Databricks source notebook: SQL cells read as SQL, findings at the file lines with the cell as information (text, JSON), SARIF on the file lines', () => {
    const findings = parseJson<JsonFinding[]>(runCli(['check', '--format', 'json', 'jobs/load_orders.py'], dir).stdout);
    const at = (rule: string) => findings.filter((f) => f.rule === rule).map((f) => [f.line, f.column, f.cell, f.cellLine, f.cellColumn]);
    assert.deepEqual(at('PW203'), [[12, 9, 3, 2, 1]], 'the INSERT INTO in the %sql cell: file line 12 after `# MAGIC `; cell 3, its second line as Databricks shows it');
    assert.deepEqual(at('PW207'), [[17, 8, 4, 1, 8]]);
    const timeout = findings.find((f) => f.rule === 'PW207')!.fixes[0].edits;
    assert.deepEqual(timeout.map((e) => [e.cell, e.line, e.column]), [[undefined, 17, 53]], 'edits are in file lines, without a cell');
    const applied = DATABRICKS_PY.split('\n');
    applied[16] = applied[16].slice(0, timeout[0].column - 1) + timeout[0].newText + applied[16].slice(timeout[0].column - 1);
    assert.equal(applied.join('\n'), DATABRICKS_PY.replace('/orders")', '/orders", timeout=30)'), 'the edit applies to the file as it is');
    const text = runCli(['check', 'jobs/load_orders.py'], dir).stdout;
    assert.match(text, /^jobs\/load_orders\.py:12:9: PW203 \[P\d\] .* \(cell 3\)$/m, 'file:line:col, clickable in a terminal; the cell after the message');
    assert.match(text, /^jobs\/load_orders\.py:17:8: PW207 .* \(cell 4\)$/m);
    const sarif = parseJson<{ runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }>; properties: { cell?: number }; fixes?: unknown[] }> }> }>(
      runCli(['check', '--format', 'sarif', 'jobs/load_orders.py'], dir).stdout,
    );
    const results = sarif.runs[0].results;
    const sarifAt = (rule: string) => results.filter((r) => r.ruleId === rule).map((r) => [r.locations[0].physicalLocation.region.startLine, r.properties.cell]);
    assert.deepEqual(sarifAt('PW203'), [[12, 3]], 'the file is plain text: SARIF keeps its lines');
    assert.deepEqual(sarifAt('PW207'), [[17, 4]]);
    assert.equal(results.find((r) => r.ruleId === 'PW207')!.fixes?.length, 1, 'replacements in a plain-text file are kept');
  });

  test('--fix in a Databricks notebook edits its Python and leaves the SQL cells alone', () => {
    const project = makeProject({ 'job.py': DATABRICKS_PY });
    try {
      runCli(['check', '--fix', 'job.py'], project);
      const fixed = readFileSync(path.join(project, 'job.py'), 'utf8');
      assert.equal(fixed, DATABRICKS_PY.replace('/orders")', '/orders", timeout=30)'));
    } finally {
      removeProject(project);
    }
  });

  test('baselines fingerprint notebook findings like any other', () => {
    assert.equal(runCli(['check', '--write-baseline', 'baseline.json'], dir).status, 0);
    const baseline = readFileSync(path.join(dir, 'baseline.json'), 'utf8');
    assert.match(baseline, /"path": "notebooks\/etl\.ipynb"/);
    assert.ok(!baseline.includes(SECRET));
    const { status, stdout } = runCli(['check', '--baseline', 'baseline.json'], dir);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /no findings/);
  });

  test('review includes the notebooks, by cell', () => {
    const { stdout } = runCli(['review', '.'], dir);
    assert.match(stdout, /notebooks\/etl\.ipynb:cell 4:1 +PW101/);
    assert.match(stdout, /jobs\/load_orders\.py:12 \(cell 3\) +PW203/, 'a Databricks export by file line');
  });

  test('--fix rewrites only the edited cells, keeps every other byte, writes atomically', () => {
    const { status, stdout, stderr } = runCli(['check', '--fix', '--select', 'PW101', 'notebooks/etl.ipynb'], dir);
    assert.equal(status, 0, `${stdout}${stderr}`);
    const fixed = readFileSync(path.join(dir, 'notebooks', 'etl.ipynb'), 'utf8');
    const expected = ETL_IPYNB.replace('    "%matplotlib inline\\n",\n', '    "%matplotlib inline\\n",\n    "import os\\n",\n').replace(`"DB_PASSWORD = \\"${SECRET}\\"\\n"`, '"DB_PASSWORD = os.environ[\\"DB_PASSWORD\\"]\\n"');
    assert.equal(fixed, expected);
    assert.doesNotThrow(() => JSON.parse(fixed), 'valid JSON');
    assert.deepEqual(readdirSync(path.join(dir, 'notebooks')).sort(), ['etl.ipynb', 'printed.ipynb'], 'no temporary file left');
    assert.equal(runCli(['check', '--select', 'PW101', 'notebooks/etl.ipynb'], dir).status, 0, 're-lints clean');
  });

  test('a file that is not a notebook is a gap, not a crash', () => {
    const bad = makeProject({ 'broken.ipynb': '{"cells": ["from airflow import DAG"' });
    try {
      const { status, stdout } = runCli(['check', '.'], bad);
      assert.equal(status, 3, stdout);
      assert.match(stdout, /broken\.ipynb:cell 1:1:1: .*not a valid notebook|broken\.ipynb:1:1: .*not a valid notebook/);
    } finally {
      removeProject(bad);
    }
  });
});
