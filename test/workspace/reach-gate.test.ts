// The reach gate (engine/reach-gate.ts): operational rules stay silent in a module no start of the
// project's pipelines reaches; security rules still report there; without starts nothing is gated.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintFiles, type Files } from './helpers';

/** A module that fetches without a timeout (PW207) and holds a password (PW101); line 5 is the request. */
const UNRUN_TOOL = `import requests

PASSWORD = "hunter2-prod-db"

def fetch():
    return requests.get("https://api.example.com/rows").json()
`;

const DAG = `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

from etl.load import load

with DAG("load", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, default_args={"retries": 2}) as dag:
    PythonOperator(task_id="load", python_callable=load)
`;

const LOAD = `import requests


def load():
    return requests.get("https://api.example.com/orders").json()
`;

interface GateCase {
  name: string;
  files: Files;
  rule: string;
  expect: string[];
}

const cases: GateCase[] = [
  { name: 'an operational rule reports in code a DAG task runs', files: { 'dags/load.py': DAG, 'etl/load.py': LOAD }, rule: 'PW207', expect: ['etl/load.py:5'] },
  { name: 'an operational rule is silent in a module no start reaches', files: { 'dags/load.py': DAG, 'etl/load.py': LOAD, 'tools/fetch_once.py': UNRUN_TOOL }, rule: 'PW207', expect: ['etl/load.py:5'] },
  { name: 'an operational rule is silent in a module only its own test imports', files: { 'dags/load.py': DAG, 'etl/load.py': LOAD, 'lib/board.py': UNRUN_TOOL, 'lib/board_test.py': 'from lib.board import fetch\n\n\ndef test_fetch():\n    fetch()\n' }, rule: 'PW207', expect: ['etl/load.py:5'] },
  { name: 'a security rule still reports in a module no start reaches', files: { 'dags/load.py': DAG, 'etl/load.py': LOAD, 'tools/fetch_once.py': UNRUN_TOOL }, rule: 'PW101', expect: ['tools/fetch_once.py:3'] },
  { name: 'in a project without starts nothing is gated', files: { 'etl/load.py': LOAD, 'tools/fetch_once.py': UNRUN_TOOL }, rule: 'PW207', expect: ['etl/load.py:5', 'tools/fetch_once.py:6'] },
  {
    name: 'a Lambda handler module is reached (named only in infrastructure configuration)',
    files: { 'dags/load.py': DAG, 'etl/load.py': LOAD, 'lambdas/ingest.py': 'import requests\n\n\ndef lambda_handler(event, context):\n    return requests.get("https://api.example.com/x").json()\n' },
    rule: 'PW207',
    expect: ['etl/load.py:5', 'lambdas/ingest.py:5'],
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
