// The same notebook as a Jupyter .ipynb and as a Databricks source export: `pipewise check` reports
// the same findings at the same cells, lines and columns (markdown cells counted in both, a
// Jupyter `%%sql` cell read as SQL like a Databricks `%sql` cell, its connection string's
// credential masked).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, makeProject, parseJson, removeProject, runCli, SECRET } from './helpers';

/** Each cell: [Jupyter source, Databricks source]; code cells are the same in both. */
const CELLS: Array<{ kind: 'markdown' | 'code' | 'sql'; source: string }> = [
  { kind: 'markdown', source: '# Orders load\nLoads yesterday\'s orders.' },
  { kind: 'code', source: 'import psycopg2\nimport requests' },
  { kind: 'code', source: `DB_PASSWORD = "${SECRET}"\nconn = psycopg2.connect(host="db", password=DB_PASSWORD)` },
  { kind: 'sql', source: 'INSERT INTO sales.orders\nSELECT * FROM raw.orders WHERE order_date = current_date()' },
  { kind: 'code', source: 'for day in ["2024-01-01", "2024-01-02"]:\n    rows = requests.get("https://api.example.com/orders", params={"day": day}).json()' },
];

function asIpynb(): string {
  const cell = ({ kind, source }: (typeof CELLS)[number]) =>
    kind === 'markdown'
      ? { cell_type: 'markdown', metadata: {}, source: source.split(/(?<=\n)/) }
      : { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: (kind === 'sql' ? `%%sql\n${source}` : source).split(/(?<=\n)/) };
  return JSON.stringify({ cells: CELLS.map(cell), metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 }, null, 1);
}

function asDatabricks(): string {
  const magic = (kind: string, source: string) => [`# MAGIC %${kind}`, ...source.split('\n').map((line) => `# MAGIC ${line}`)].join('\n');
  const cell = ({ kind, source }: (typeof CELLS)[number]) => (kind === 'markdown' ? magic('md', source) : kind === 'sql' ? magic('sql', source) : source);
  return `# Databricks notebook source\n${CELLS.map(cell).join('\n\n# COMMAND ----------\n\n')}\n`;
}

interface Located {
  rule: string;
  cell?: number;
  line: number;
  column: number;
  cellLine?: number;
  cellColumn?: number;
}

describe('one notebook, Jupyter and Databricks forms', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeProject({ 'jupyter/load.ipynb': asIpynb(), 'databricks/load.py': asDatabricks() });
  });
  after(() => removeProject(dir));

  test('the same findings at the same cells, lines and columns', () => {
    // PW204 (logging) does not apply to .ipynb: a notebook's outputs are its run record.
    // A .ipynb's line and column are inside the cell; a Databricks export's are its file's, with the cell's in cellLine/cellColumn.
    const located = (file: string) =>
      parseJson<Located[]>(runCli(['check', '--format', 'json', '--ignore', 'PW204', file], dir).stdout).map((f) => `${f.rule} cell ${f.cell}:${f.cellLine ?? f.line}:${f.cellColumn ?? f.column}`);
    const jupyter = located('jupyter/load.ipynb');
    assert.deepEqual(jupyter, located('databricks/load.py'));
    assert.deepEqual(
      [...new Set(jupyter.map((f) => f.split(' ')[0]))].sort(),
      ['PW101', 'PW103', 'PW203', 'PW207'],
      'the credential, the retries, the SQL cell\'s INSERT and the timeout',
    );
    assert.ok(jupyter.includes('PW203 cell 4:2:1'), 'the INSERT on the SQL cell\'s second line, after the magic line');
  });

  test('a credential in a %%sql or %sql connection string is a PW101 finding, masked, with no fix', () => {
    const cell = (source: string[]) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });
    const project = makeProject({
      'load.ipynb': JSON.stringify({
        cells: [cell([`%%sql postgresql://etl:${SECRET}@db.internal:5432/sales\n`, 'SELECT count(*) FROM sales.orders']), cell(['%load_ext sql\n', `%sql mysql://etl:${SECRET}@db.internal/sales`])],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      }),
    });
    try {
      const { stdout, stderr } = runCli(['check', '--select', 'PW101', '.'], project);
      assert.match(stdout, /^load\.ipynb:cell 1:1:\d+: PW101 \[P1\] Password literal in connection URL/m, stderr);
      assert.match(stdout, /^load\.ipynb:cell 2:2:\d+: PW101 \[P1\] Password literal in connection URL/m);
      assert.match(stdout, /Checked 1 file.*: 2 findings \(2 P1\)\.$/m, 'no fix offered: it would edit the magic');
      assert.ok(!stdout.includes(SECRET) && !stderr.includes(SECRET), 'the secret is never printed');
    } finally {
      removeProject(project);
    }
  });

  test('a %sql line magic that runs a statement is read as SQL like a %%sql cell; its fix-free line is left alone', () => {
    const cell = (source: string[]) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });
    const notebook = (sql: string[]) => JSON.stringify({ cells: [cell(['%load_ext sql\n', '%sql duckdb:///warehouse.db']), cell(sql)], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    const project = makeProject({
      'line.ipynb': notebook(['n = 1\n', '%sql INSERT INTO sales.orders SELECT * FROM raw.orders\n']),
      'cell.ipynb': notebook(['%%sql\n', 'INSERT INTO sales.orders SELECT * FROM raw.orders\n']),
      'select.ipynb': notebook(['rows = %sql SELECT * FROM sales.orders WHERE day = current_date\n']),
    });
    try {
      const located = (file: string) => parseJson<Located[]>(runCli(['check', '--format', 'json', '--select', 'PW203', file], project).stdout).map((f) => `${f.rule} cell ${f.cell}:${f.line}`);
      assert.deepEqual(located('line.ipynb'), ['PW203 cell 2:2'], 'the INSERT of the line magic, on its line');
      assert.deepEqual(located('cell.ipynb'), ['PW203 cell 2:2'], 'as in a %%sql cell');
      const { stdout, status } = runCli(['check', '--ignore', 'PW204', 'select.ipynb'], project);
      assert.doesNotMatch(stdout, /not fully checked|does not parse/, 'the magic line is no parse error');
      assert.equal(status, 0, stdout);
    } finally {
      removeProject(project);
    }
  });
});
