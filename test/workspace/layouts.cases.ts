// Project layouts in which a DAG's or flow's callable lives in another module of the project: each
// workspace, the steps its pipeline graph must show (the module and function each runs), and the
// findings of PW103 and of the cross-file rules that only the link from step to code produces
// (or, for PW103, prevents). Run by layouts.test.ts.

import type { Files } from './helpers';

export interface LayoutCase {
  name: string;
  files: Files;
  /** The first pipeline's steps: `name → module:function` (module relative, POSIX). */
  steps: string[];
  /** Artifacts a step writes, for steps whose names are filled from what the step passes. */
  writes?: Record<string, string[]>;
  /** Every finding of these rules, as `RULE file:line` in file/line order. */
  findings: string[];
}

/** The rules the cases check: PW103 (retries), and the cross-file rules that follow steps into their code. */
export const RULES = ['PW103', 'PW105', 'PW205', 'PW301', 'PW405'];

/** Data tasks: `extract` (line 6) fetches orders and writes a fixed /tmp file at line 8; `load` reads it at line 12 and loads a table. */
const TASKS = `import pandas as pd
import requests
from sqlalchemy import create_engine


def extract(day):
    rows = requests.get("https://shop.example.com/orders", params={"day": day}, timeout=30).json()
    pd.DataFrame(rows).to_csv("/tmp/orders.csv", index=False)


def load(day):
    orders = pd.read_csv("/tmp/orders.csv")
    orders.to_sql("orders", create_engine(DSN), if_exists="replace", index=False, dtype=TYPES)
`;

const DAG = (imports: string, body: string) => `from datetime import datetime, timedelta
from functools import partial

from airflow import DAG
from airflow.operators.python import PythonOperator
${imports}

default_args = {"owner": "data", "retries": 3, "retry_delay": timedelta(minutes=5)}

with DAG("orders", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, default_args=default_args) as dag:
${body}
`;

const TWO_OPERATORS = (extract: string, load: string) => `    extract_task = PythonOperator(task_id="extract", python_callable=${extract}, op_kwargs={"day": "{{ ds }}"})
    load_task = PythonOperator(task_id="load", python_callable=${load}, op_kwargs={"day": "{{ ds }}"})
    extract_task >> load_task`;

/**
 * What every layout of the two data tasks must report: the /tmp file written with no schema
 * (PW301, on the DAG), left behind (PW205) and read without validation (PW105); no PW103, since
 * the DAG's default_args retry both tasks.
 */
const TASK_FINDINGS = (file: string) => ['PW301 dags/orders.py:10', `PW205 ${file}:8`, `PW105 ${file}:12`];

export const LAYOUT_CASES: LayoutCase[] = [
  {
    name: 'package import: from etl.tasks import extract, load',
    files: { 'etl/__init__.py': '', 'etl/tasks.py': TASKS, 'dags/orders.py': DAG('from etl.tasks import extract, load', TWO_OPERATORS('extract', 'load')) },
    steps: ['extract → etl/tasks.py:extract', 'load → etl/tasks.py:load'],
    findings: TASK_FINDINGS('etl/tasks.py'),
  },
  {
    name: 'module imported with an alias: import etl.tasks as tasks, then tasks.extract',
    files: { 'etl/__init__.py': '', 'etl/tasks.py': TASKS, 'dags/orders.py': DAG('import etl.tasks as tasks', TWO_OPERATORS('tasks.extract', 'tasks.load')) },
    steps: ['extract → etl/tasks.py:extract', 'load → etl/tasks.py:load'],
    findings: TASK_FINDINGS('etl/tasks.py'),
  },
  {
    name: "re-exported by the package's __init__.py: from etl import extract",
    files: { 'etl/__init__.py': 'from .tasks import extract, load\n', 'etl/tasks.py': TASKS, 'dags/orders.py': DAG('from etl import extract, load', TWO_OPERATORS('extract', 'load')) },
    steps: ['extract → etl/tasks.py:extract', 'load → etl/tasks.py:load'],
    findings: TASK_FINDINGS('etl/tasks.py'),
  },
  {
    name: 'src/ layout: the package under src/, the DAG in dags/',
    files: { 'src/orders_etl/__init__.py': '', 'src/orders_etl/tasks.py': TASKS, 'dags/orders.py': DAG('from orders_etl.tasks import extract, load', TWO_OPERATORS('extract', 'load')) },
    steps: ['extract → src/orders_etl/tasks.py:extract', 'load → src/orders_etl/tasks.py:load'],
    findings: TASK_FINDINGS('src/orders_etl/tasks.py'),
  },
  {
    name: 'relative imports: the tasks reach their I/O through from ..common.storage and from .staging',
    files: {
      'pipelines/__init__.py': '',
      'pipelines/common/__init__.py': '',
      'pipelines/common/storage.py': `def save(frame):
    frame.to_csv("/tmp/orders.csv", index=False)
`,
      'pipelines/orders/__init__.py': '',
      'pipelines/orders/staging.py': `import pandas as pd


def read_staged():
    return pd.read_csv("/tmp/orders.csv")
`,
      'pipelines/orders/tasks.py': `import pandas as pd
import requests

from ..common import storage
from .staging import read_staged


def extract(day):
    rows = requests.get("https://shop.example.com/orders", params={"day": day}, timeout=30).json()
    storage.save(pd.DataFrame(rows))


def load(day):
    orders = read_staged()
    orders.to_parquet("/data/mart/orders.parquet")
`,
      'dags/orders.py': DAG('from pipelines.orders.tasks import extract, load', TWO_OPERATORS('extract', 'load')),
    },
    steps: ['extract → pipelines/orders/tasks.py:extract', 'load → pipelines/orders/tasks.py:load'],
    // The write is in common/storage.py and the read in orders/staging.py, reached only through the relative imports.
    findings: ['PW301 dags/orders.py:10', 'PW205 pipelines/common/storage.py:2', 'PW105 pipelines/orders/staging.py:5'],
  },
  {
    name: 'functools.partial binds the table; op_kwargs pass the day',
    files: {
      'etl/__init__.py': '',
      'etl/tasks.py': TASKS,
      'etl/warehouse.py': `import pandas as pd
from sqlalchemy import create_engine


def publish(day, table):
    orders = pd.read_csv("/tmp/orders.csv")
    orders.to_sql(table, create_engine(DSN), if_exists="replace", index=False)
`,
      'dags/orders.py': DAG('from etl.tasks import extract\nfrom etl.warehouse import publish', TWO_OPERATORS('partial(extract, day="{{ ds }}")', 'partial(publish, table="mart.orders")')),
    },
    steps: ['extract → etl/tasks.py:extract', 'load → etl/warehouse.py:publish'],
    writes: { load: ['mart.orders'] },
    // tasks.py's load() is run by no step here: it is the one function left without a retry.
    findings: ['PW301 dags/orders.py:11', 'PW205 etl/tasks.py:8', 'PW103 etl/tasks.py:13', 'PW105 etl/warehouse.py:6'],
  },
  {
    name: 'operators built in a loop over regions, one callable per step',
    files: {
      'etl/__init__.py': '',
      'etl/regions.py': `import pandas as pd
import requests


def extract(region):
    rows = requests.get("https://shop.example.com/orders", params={"region": region}, timeout=30).json()
    pd.DataFrame(rows).to_csv(f"/tmp/orders_{region}.csv", index=False)


def load(region):
    orders = pd.read_csv(f"/tmp/orders_{region}.csv")
    orders.to_parquet(f"/data/mart/orders_{region}.parquet")
`,
      'dags/orders.py': DAG('from etl.regions import extract, load', `    for region in ["emea", "apac"]:
        e = PythonOperator(task_id=f"extract_{region}", python_callable=extract, op_kwargs={"region": region})
        l = PythonOperator(task_id=f"load_{region}", python_callable=load, op_kwargs={"region": region})
        e >> l`),
    },
    steps: ['extract_emea → etl/regions.py:extract', 'extract_apac → etl/regions.py:extract', 'load_emea → etl/regions.py:load', 'load_apac → etl/regions.py:load'],
    writes: { extract_emea: ['/tmp/orders_emea.csv'], extract_apac: ['/tmp/orders_apac.csv'] },
    findings: ['PW301 dags/orders.py:10', 'PW205 etl/regions.py:7', 'PW105 etl/regions.py:11'],
  },
  {
    name: 'TaskFlow: @task functions imported from a module, called in a @dag',
    files: {
      'etl/__init__.py': '',
      'etl/tasks.py': `import pandas as pd
import requests
from airflow.decorators import task


@task
def extract():
    rows = requests.get("https://shop.example.com/orders", timeout=30).json()
    pd.DataFrame(rows).to_csv("/tmp/orders.csv", index=False)


@task
def load():
    orders = pd.read_csv("/tmp/orders.csv")
    orders.to_parquet("/data/mart/orders.parquet")
`,
      'dags/orders.py': `from datetime import datetime, timedelta

from airflow.decorators import dag

from etl.tasks import extract, load


@dag(schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False, default_args={"retries": 3, "retry_delay": timedelta(minutes=5)})
def orders():
    extract() >> load()


orders()
`,
    },
    steps: ['extract → etl/tasks.py:extract', 'load → etl/tasks.py:load'],
    findings: ['PW301 dags/orders.py:8', 'PW205 etl/tasks.py:9', 'PW105 etl/tasks.py:14'],
  },
  {
    name: 'Prefect: a flow calling @task functions imported from a module',
    files: {
      'etl/__init__.py': '',
      'etl/tasks.py': `import pandas as pd
import requests
from prefect import task


@task(retries=3, retry_delay_seconds=60)
def extract():
    rows = requests.get("https://shop.example.com/orders", timeout=30).json()
    pd.DataFrame(rows).to_csv("/tmp/orders.csv", index=False)


@task(retries=3, retry_delay_seconds=60)
def load():
    orders = pd.read_csv("/tmp/orders.csv")
    orders.to_parquet("/data/mart/orders.parquet")
`,
      'flows/orders.py': `from prefect import flow

from etl.tasks import extract, load


@flow(name="orders")
def orders():
    extract()
    load()


if __name__ == "__main__":
    orders.serve(name="nightly", cron="0 3 * * *")
`,
    },
    steps: ['extract → etl/tasks.py:extract', 'load → etl/tasks.py:load'],
    findings: ['PW205 etl/tasks.py:9', 'PW105 etl/tasks.py:14', 'PW301 flows/orders.py:6'],
  },
];
