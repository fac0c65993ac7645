// PW103 on Jupyter notebooks (.ipynb JSON, analysed as their code cells joined): a notebook that
// only reads and shows data is exploration, not a pipeline stage; one that writes is a stage.
// The rule cases cannot hold notebooks (their file name decides a plain-text dialect), hence here.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { sharedEngine } from '../helpers/rule-tester';

const notebook = (...cells: string[]) =>
  JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: source.split(/(?<=\n)/) })), metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);

async function pw103(file: string, text: string): Promise<string[]> {
  const engine = await sharedEngine();
  return engine.lint(engine.analyzeAs(file, 'python', text), DEFAULT_CONFIG).filter((f) => f.ruleId === 'PW103').map((f) => f.message);
}

const IMPORTS = 'import pandas as pd\nimport psycopg2\n';

test('PW103 reports a notebook that reads and then writes a table (a stage)', async () => {
  const messages = await pw103('notebooks/daily_refresh.ipynb', notebook(IMPORTS, 'conn = psycopg2.connect("dbname=dwh")\norders = pd.read_sql("SELECT * FROM orders", conn)\n', 'summary = orders.groupby("day").sum()\nsummary.to_sql("daily_orders", conn, if_exists="replace")\n'));
  assert.equal(messages.length, 1, messages.join('\n'));
  assert.match(messages[0], /The script daily_refresh\.ipynb/);
});

test('PW103 reports a notebook whose only write is a local file, in a helper function', async () => {
  const messages = await pw103('notebooks/export.ipynb', notebook(IMPORTS, 'def save(frame):\n    frame.to_parquet("out/orders.parquet")\n', 'conn = psycopg2.connect("dbname=dwh")\nsave(pd.read_sql("SELECT * FROM orders", conn))\n'));
  assert.equal(messages.length, 1, messages.join('\n'));
});

test('PW103 says nothing on an exploration notebook that only reads and shows', async () => {
  assert.deepEqual(await pw103('notebooks/explore_orders.ipynb', notebook(IMPORTS, 'conn = psycopg2.connect("dbname=dwh")\ncur = conn.cursor()\ncur.execute("SELECT * FROM orders LIMIT 100")\n', 'orders = pd.DataFrame(cur.fetchall())\norders.describe()\n')), []);
});

test('PW103 says nothing on an exploration notebook whose helper function reads', async () => {
  assert.deepEqual(await pw103('analysis/segments.ipynb', notebook('import pandas as pd\nfrom sqlalchemy import create_engine\n\nengine = create_engine("postgresql://analyst@warehouse/sales")\n', 'def load(table):\n    return pd.read_sql(f"SELECT * FROM {table}", engine)\n', 'customers = load("customers")\ncustomers.head()\n')), []);
});

test('PW103 still reports the same read-only helper in a .py module', async () => {
  const engine = await sharedEngine();
  const text = 'import pandas as pd\nfrom sqlalchemy import create_engine\n\nengine = create_engine("postgresql://analyst@warehouse/sales")\n\n\ndef load(table):\n    return pd.read_sql(f"SELECT * FROM {table}", engine)\n';
  const messages = engine.lintText('jobs/orders_report.py', text, DEFAULT_CONFIG).filter((f) => f.ruleId === 'PW103');
  assert.equal(messages.length, 1);
});
