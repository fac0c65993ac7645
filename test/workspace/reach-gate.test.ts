// The reach gate (engine/reach-gate.ts): the rules it lists (PW304 here) stay silent in a module no
// start of the project's pipelines reaches; rules it does not list and security rules still report
// there; without starts nothing is gated.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintFiles, type Files } from './helpers';

/** One INSERT per row (PW304, line 7), a password (PW101, line 3) and a request without timeout (PW207, line 9). */
const ROW_LOADER = `import requests

PASSWORD = "hunter2-prod-db"


def load(cur, df):
    for _, row in df.iterrows():
        cur.execute("INSERT INTO orders (id) VALUES (%s)", (row["id"],))
    return requests.get("https://api.example.com/done").json()
`;

const DAG = `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

from etl.load import load

with DAG("load", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, default_args={"retries": 2}) as dag:
    PythonOperator(task_id="load", python_callable=load)
`;

interface GateCase {
  name: string;
  files: Files;
  rule: string;
  expect: string[];
}

const RUN = { 'dags/load.py': DAG, 'etl/load.py': ROW_LOADER };

const cases: GateCase[] = [
  { name: 'a gated rule reports in code a DAG task runs', files: RUN, rule: 'PW304', expect: ['etl/load.py:8'] },
  { name: 'a gated rule is silent in a module no start reaches', files: { ...RUN, 'tools/load_once.py': ROW_LOADER }, rule: 'PW304', expect: ['etl/load.py:8'] },
  { name: 'a gated rule is silent in a module only its own test imports', files: { ...RUN, 'lib/board.py': ROW_LOADER, 'lib/board_test.py': 'from lib.board import load\n\n\ndef test_load():\n    load(None, None)\n' }, rule: 'PW304', expect: ['etl/load.py:8'] },
  { name: 'a rule the gate does not list still reports in a module no start reaches', files: { ...RUN, 'tools/load_once.py': ROW_LOADER }, rule: 'PW207', expect: ['etl/load.py:9', 'tools/load_once.py:9'] },
  { name: 'a security rule still reports in a module no start reaches', files: { ...RUN, 'tools/load_once.py': ROW_LOADER }, rule: 'PW101', expect: ['etl/load.py:3', 'tools/load_once.py:3'] },
  { name: 'in a project without starts nothing is gated', files: { 'etl/load.py': ROW_LOADER, 'tools/load_once.py': ROW_LOADER }, rule: 'PW304', expect: ['etl/load.py:8', 'tools/load_once.py:8'] },
  {
    name: 'a Lambda handler module is reached (named only in infrastructure configuration)',
    files: { ...RUN, 'lambdas/ingest.py': `from etl.load import load\n\n\ndef handler(event, context):\n    for record in event["Records"]:\n        pass\n    return load(None, None)\n`, 'lambdas/rows.py': ROW_LOADER.replace('def load', 'def lambda_handler(event, context):\n    return load(None, None)\n\n\ndef load') },
    rule: 'PW304',
    expect: ['etl/load.py:8', 'lambdas/rows.py:12'],
  },
];

describe('reach gate', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const found = await lintFiles(c.files, c.rule);
      assert.deepEqual(found.map((f) => `${f.file}:${f.line}`), c.expect);
    });
  }
});
