// Pipelines that run notebooks: each workspace, the steps its first pipeline's graph must show
// (the file each runs: a Jupyter notebook or a Databricks `.py` export), what they write, and the
// PW103 findings the link produces or prevents (retries on the orchestrating task cover the
// notebook's I/O, as for a script). Look-alikes (a notebook path no task runs, a workspace path
// two files match equally) leave the notebook unlinked. Run by notebook-steps.test.ts.

import type { Files } from './helpers';

export interface NotebookStepCase {
  name: string;
  files: Files;
  /** The first pipeline's steps: `name → file` (relative, POSIX), `?` when no file is linked. */
  steps: string[];
  /** Artifacts a step writes (from its notebook's code). */
  writes?: Record<string, string[]>;
  /** Every PW103 finding, as `file:line` (a notebook's line in its code cells joined). */
  pw103: string[];
}

/** A Jupyter notebook from code cell sources (a markdown title first, as notebooks have). */
export function ipynb(...cells: string[]): string {
  const cell = (source: string) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: source.split(/(?<=\n)/) });
  return JSON.stringify({ cells: [{ cell_type: 'markdown', metadata: {}, source: ['# Orders extract'] }, ...cells.map(cell)], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
}

/** The same cells as a Databricks source notebook. */
export function databricksPy(...cells: string[]): string {
  return `# Databricks notebook source\n${cells.join('\n\n# COMMAND ----------\n\n')}\n`;
}

/** The notebook's cells: an HTTP fetch (line 3 of the joined module) written to a fixed /tmp file. */
const CELLS = ['import pandas as pd\nimport requests', 'rows = requests.get("https://shop.example.com/orders", timeout=30).json()', 'pd.DataFrame(rows).to_csv("/tmp/orders.csv", index=False)'];
const NOTEBOOK = ipynb(...CELLS);
const DATABRICKS = databricksPy(...CELLS);
/** Line of the fetch in the Databricks export (after the header and one separator). */
const DATABRICKS_FETCH_LINE = 7;

const DAG = (imports: string, tasks: string, defaultArgs = '{"owner": "data", "retries": 3}') => `from datetime import datetime

from airflow import DAG
${imports}

with DAG("orders", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, default_args=${defaultArgs}) as dag:
${tasks}
`;

/** A Databricks helper notebook: a fetch (in fetch_orders, line 7) and a write, as functions its callers use. */
const HELPER = databricksPy('import pandas as pd\nimport requests', 'def fetch_orders():\n    return requests.get("https://shop.example.com/orders", timeout=30).json()', 'def save(rows):\n    pd.DataFrame(rows).to_csv("/tmp/orders.csv", index=False)');

/** An asset-bundle job with one notebook task (`retries`: its task-level lines, e.g. `max_retries`). */
const JOB = (notebookPath: string, retries: string) => `resources:
  jobs:
    orders:
      name: orders
      tasks:
        - task_key: extract
${retries}          notebook_task:
            notebook_path: ${notebookPath}
`;

const RUN_NOW = 'from airflow.providers.databricks.operators.databricks import DatabricksRunNowOperator';
const PAPERMILL = 'from airflow.providers.papermill.operators.papermill import PapermillOperator';
const DATABRICKS_OPS = 'from airflow.providers.databricks.operators.databricks import DatabricksSubmitRunOperator';

export const NOTEBOOK_STEP_CASES: NotebookStepCase[] = [
  {
    name: 'PapermillOperator(input_nb=…) runs the notebook; the DAG’s retries cover its fetch',
    files: {
      'dags/orders.py': DAG(PAPERMILL, '    PapermillOperator(task_id="extract", input_nb="notebooks/extract.ipynb", output_nb="/tmp/out-{{ ds }}.ipynb")'),
      'dags/notebooks/extract.ipynb': NOTEBOOK,
    },
    steps: ['extract → dags/notebooks/extract.ipynb'],
    writes: { extract: ['/tmp/orders.csv'] },
    pw103: [],
  },
  {
    name: 'PapermillOperator without retries: PW103 in the notebook',
    files: {
      'dags/orders.py': DAG(PAPERMILL, '    PapermillOperator(task_id="extract", input_nb="/opt/airflow/notebooks/extract.ipynb", output_nb="/tmp/out.ipynb")', '{"owner": "data"}'),
      'notebooks/extract.ipynb': NOTEBOOK,
    },
    steps: ['extract → notebooks/extract.ipynb'],
    pw103: ['notebooks/extract.ipynb:3'],
  },
  {
    name: 'a @task that calls papermill.execute_notebook runs the notebook',
    files: {
      'dags/orders.py': DAG('import papermill as pm\nfrom airflow.decorators import task\n\n\n@task\ndef extract():\n    pm.execute_notebook("../notebooks/extract.ipynb", "/tmp/out.ipynb", parameters={"day": "2024-01-01"})\n', '    extract()'),
      'notebooks/extract.ipynb': NOTEBOOK,
    },
    steps: ['extract → notebooks/extract.ipynb'],
    writes: { extract: ['/tmp/orders.csv'] },
    pw103: [],
  },
  {
    name: 'DatabricksSubmitRunOperator(notebook_task=…) with a workspace path runs the Databricks export',
    files: {
      'dags/orders.py': DAG(DATABRICKS_OPS, '    DatabricksSubmitRunOperator(task_id="extract", existing_cluster_id="c-1", notebook_task={"notebook_path": "/Repos/data/pipelines/notebooks/extract"})'),
      'notebooks/extract.py': DATABRICKS,
      'legacy/extract.py': DATABRICKS,
    },
    steps: ['extract → notebooks/extract.py'],
    writes: { extract: ['/tmp/orders.csv'] },
    pw103: [`legacy/extract.py:${DATABRICKS_FETCH_LINE}`],
  },
  {
    name: 'a Databricks asset bundle job: notebook_task paths relative to the YAML, max_retries per task',
    files: {
      'resources/orders.job.yml': `resources:
  jobs:
    orders:
      name: orders
      tasks:
        - task_key: extract
          max_retries: 2
          notebook_task:
            notebook_path: ../src/extract.ipynb
        - task_key: publish
          depends_on:
            - task_key: extract
          notebook_task:
            notebook_path: ../src/publish
`,
      'src/extract.ipynb': NOTEBOOK,
      'src/publish.py': databricksPy('import requests', 'requests.post("https://hooks.example.com/orders", timeout=10)'),
    },
    steps: ['extract → src/extract.ipynb', 'publish → src/publish.py'],
    writes: { extract: ['/tmp/orders.csv'] },
    pw103: ['src/publish.py:6'],
  },
  {
    name: 'a Databricks notebook that %runs a helper: the helper’s code is the step’s (its write, its fetch under the task’s retries), the helper no step',
    files: {
      'resources/orders.job.yml': JOB('../src/extract', '          max_retries: 2\n'),
      'src/extract.py': databricksPy('# MAGIC %run ./helpers/io', 'rows = fetch_orders()\nsave(rows)'),
      'src/helpers/io.py': HELPER,
    },
    steps: ['extract → src/extract.py'],
    writes: { extract: ['/tmp/orders.csv'] },
    pw103: [],
  },
  {
    name: 'the same without retries: PW103 on the helper’s fetch, which the job runs',
    files: {
      'resources/orders.job.yml': JOB('../src/extract', ''),
      'src/extract.py': databricksPy('# MAGIC %run "./helpers/io"', 'rows = fetch_orders()\nsave(rows)'),
      'src/helpers/io.py': HELPER,
    },
    steps: ['extract → src/extract.py'],
    writes: { extract: ['/tmp/orders.csv'] },
    pw103: ['src/helpers/io.py:8'],
  },
  {
    name: 'a Jupyter notebook that %runs another: Papermill runs both, the helper is no step',
    files: {
      'dags/orders.py': DAG(PAPERMILL, '    PapermillOperator(task_id="extract", input_nb="notebooks/extract.ipynb", output_nb="/tmp/out.ipynb")'),
      'dags/notebooks/extract.ipynb': ipynb('%run ./setup.ipynb', 'rows = fetch_orders()\nsave(rows)'),
      'dags/notebooks/setup.ipynb': ipynb('import pandas as pd\nimport requests', 'def fetch_orders():\n    return requests.get("https://shop.example.com/orders", timeout=30).json()', 'def save(rows):\n    pd.DataFrame(rows).to_csv("/tmp/orders.csv", index=False)'),
    },
    steps: ['extract → dags/notebooks/extract.ipynb'],
    writes: { extract: ['/tmp/orders.csv'] },
    pw103: [],
  },
  {
    name: 'DatabricksRunNowOperator(job_name=…) triggers the bundle job of that name: the step runs its one notebook (PW103 stays: the job, which runs on its own too, has no retries)',
    files: {
      'dags/orders.py': DAG(RUN_NOW, '    DatabricksRunNowOperator(task_id="extract", job_name="orders_extract")'),
      'resources/orders.job.yml': JOB('../src/extract.ipynb', '').replace('name: orders', 'name: orders_extract'),
      'src/extract.ipynb': NOTEBOOK,
    },
    steps: ['extract → src/extract.ipynb'],
    writes: { extract: ['/tmp/orders.csv'] },
    pw103: ['src/extract.ipynb:3'],
  },
  {
    name: 'DatabricksRunNowOperator(json={"job_name": …}) names the job by its bundle key; a name no job has stays unlinked',
    files: {
      'dags/orders.py': DAG(RUN_NOW, '    DatabricksRunNowOperator(task_id="extract", json={"job_name": "orders"})\n    DatabricksRunNowOperator(task_id="other", job_name="billing")'),
      'resources/orders.job.yml': JOB('../src/extract.ipynb', '          max_retries: 1\n').replace('name: orders', 'name: Orders extract'),
      'src/extract.ipynb': NOTEBOOK,
    },
    steps: ['extract → src/extract.ipynb', 'other → ?'],
    writes: { extract: ['/tmp/orders.csv'] },
    pw103: [],
  },
  {
    name: 'a pipeline.yaml step with notebook: (no extension) runs the .ipynb beside it',
    files: {
      'pipeline.yaml': 'name: orders\nschedule: "0 2 * * *"\ndefaults:\n  retries: 2\nsteps:\n  - name: extract\n    notebook: notebooks/extract\n',
      'notebooks/extract.ipynb': NOTEBOOK,
    },
    steps: ['extract → notebooks/extract.ipynb'],
    writes: { extract: ['/tmp/orders.csv'] },
    pw103: [],
  },
  {
    name: 'not linked: a notebook path that no task runs (a constant, a docs link)',
    files: {
      'dags/orders.py': DAG('from airflow.operators.bash import BashOperator', '    REPORT = "notebooks/extract.ipynb"\n    BashOperator(task_id="report", bash_command="echo {{ ds }}")'),
      'notebooks/extract.ipynb': NOTEBOOK,
    },
    steps: ['report → ?'],
    pw103: ['notebooks/extract.ipynb:3'],
  },
  {
    name: 'not linked: a workspace path two notebooks match equally',
    files: {
      'dags/orders.py': DAG(DATABRICKS_OPS, '    DatabricksSubmitRunOperator(task_id="extract", json={"notebook_task": {"notebook_path": "/Repos/data/extract"}})'),
      'jobs/extract.ipynb': NOTEBOOK,
      'notebooks/extract.py': DATABRICKS,
    },
    steps: ['extract → ?'],
    pw103: ['jobs/extract.ipynb:3', `notebooks/extract.py:${DATABRICKS_FETCH_LINE}`],
  },
];
