// `pipewise review` and `check` on projects whose pipelines run notebooks: the step's stage is the
// notebook (its writes in the pipeline graph), PW103 in the notebook follows the retries of the
// task that runs it, and a task's retries silence it, as for a script.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databricksPy, ipynb } from '../workspace/notebook-steps.cases';
import { ensureBuilt, makeProject, parseJson, removeProject, runCli } from './helpers';

const CELLS = ['import pandas as pd\nimport requests', 'rows = requests.get("https://shop.example.com/orders", timeout=30).json()', 'pd.DataFrame(rows).to_csv("/tmp/orders.csv", index=False)'];

const DAG = (retries: string) => `from datetime import datetime

from airflow import DAG
from airflow.providers.papermill.operators.papermill import PapermillOperator

with DAG("orders", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, default_args={"owner": "data"${retries}}) as dag:
    PapermillOperator(task_id="extract", input_nb="notebooks/extract.ipynb", output_nb="/tmp/extract-{{ ds }}.ipynb")
`;

const BUNDLE = `resources:
  jobs:
    publish_orders:
      name: publish_orders
      tasks:
        - task_key: publish
          notebook_task:
            notebook_path: ../src/publish
`;

describe('pipelines that run notebooks, in the CLI', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeProject({
      'dags/orders.py': DAG(''),
      'dags/notebooks/extract.ipynb': ipynb(...CELLS),
      'resources/publish.job.yml': BUNDLE,
      'src/publish.py': databricksPy('import pandas as pd', 'pd.read_csv("/tmp/orders.csv").to_parquet("/data/orders.parquet")'),
    });
  });
  after(() => removeProject(dir));

  test('review: the notebook is the step’s stage, its I/O in the graph, PW103 named by cell', () => {
    const { stdout, stderr } = runCli(['review', '.'], dir);
    assert.match(stdout, /^ {4}extract \(dags\/notebooks\/extract\.ipynb\): writes \/tmp\/orders\.csv$/m, stderr);
    assert.match(stdout, /^ {4}publish \(src\/publish\.py\): reads \/tmp\/orders\.csv; writes \/data\/orders\.parquet$/m);
    assert.match(stdout, /^ {2}dags\/notebooks\/extract\.ipynb:cell 3:1 {2}PW103 /m);
  });

  test('the task’s retries cover the notebook’s I/O (PW103 silent), as for a script', () => {
    const json = (args: string[]) => parseJson<Array<{ rule: string; file: string; cell?: number; line: number }>>(runCli(['check', '--format', 'json', ...args], dir).stdout);
    const before = json(['--select', 'PW103', '.']);
    assert.deepEqual(before.map((f) => [f.rule, f.file, f.cell, f.line]), [['PW103', 'dags/notebooks/extract.ipynb', 3, 1]]);
    const retried = makeProject({ 'dags/orders.py': DAG(', "retries": 3'), 'dags/notebooks/extract.ipynb': ipynb(...CELLS) });
    try {
      assert.deepEqual(parseJson<unknown[]>(runCli(['check', '--format', 'json', '--select', 'PW103', '.'], retried).stdout), []);
    } finally {
      removeProject(retried);
    }
  });
});
