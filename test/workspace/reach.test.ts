// How the project's pipelines run each module (`pipelineRole`, workspace/logged-prints.ts): each
// case is a small workspace and the role the model must give some of its files. The shapes are the
// ways real projects reach their code: imports of every form, scripts a task runs by path, a
// Prefect 1 flow built at module level, DAG files, and deployment manifests.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { removeWorkspace, scan, writeWorkspace, type Files } from './helpers';

interface ReachCase {
  name: string;
  files: Files;
  roles: Record<string, 'started' | 'called' | 'imported' | 'unrun'>;
}

const HELPER = (name = 'load_rows') => `import psycopg2


def ${name}(rows):
    conn = psycopg2.connect(DSN)
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO crashes VALUES (%s, %s)", rows)
    conn.commit()
`;

const PREFECT_FLOW = (name: string, body = '    return 1') => `from prefect import flow


@flow
def ${name}():
${body}
`;

const cases: ReachCase[] = [
  {
    name: 'a script-directory import (`import lib.sql as util`, no __init__.py) called from a Prefect 1 task',
    files: {
      'flows/crashes/lib/sql.py': HELPER(),
      'flows/crashes/crash_import.py': `import prefect
from prefect import task, Flow

import lib.sql as util


@task
def load(rows):
    util.load_rows(rows)


@task
def extract():
    return [(1, "a")]


with Flow("crash import") as flow:
    load(extract())

flow.register(project_name="crashes")
`,
    },
    roles: { 'flows/crashes/lib/sql.py': 'called', 'flows/crashes/crash_import.py': 'started' },
  },
  {
    name: 'a sibling module a script imports, the script run by a DAG task with spark-submit and the DAG folder path',
    files: {
      'dags/project/downloader.py': `import requests


def download_data(table, folder):
    with open(f"{folder}/{table}.csv", "wb") as out:
        out.write(requests.get(f"https://files.example.com/{table}.csv", timeout=60).content)
`,
      'dags/project/landing_to_bronze.py': `import os
from downloader import download_data

for table in ["athletes", "results"]:
    download_data(table, "/tmp/landing")
`,
      'dags/project/dag.py': `import os
from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

DAG_DIR = os.path.dirname(os.path.abspath(__file__))

with DAG("bronze", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    BashOperator(task_id="landing_to_bronze", bash_command=f"spark-submit --master local {os.path.join(DAG_DIR, 'landing_to_bronze.py')}")
`,
    },
    roles: { 'dags/project/landing_to_bronze.py': 'started', 'dags/project/downloader.py': 'called', 'dags/project/dag.py': 'started' },
  },
  {
    name: 'a script a BashOperator runs with python (next to the DAG file), and what it imports',
    files: {
      'dags/etl/db.py': HELPER(),
      'dags/etl/load.py': `from etl.db import load_rows

load_rows([(1, "a")])
`,
      'dags/load.py': `from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("load", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    BashOperator(task_id="load", bash_command="python etl/load.py")
`,
    },
    roles: { 'dags/etl/load.py': 'started', 'dags/etl/db.py': 'called' },
  },
  {
    name: 'a star import and a function-level import in a flow',
    files: {
      'src/extract/api.py': HELPER('fetch_rows'),
      'src/load/db.py': HELPER(),
      'src/flow.py': `from prefect import flow
from extract.api import *


@flow
def sync():
    from load.db import load_rows
    load_rows(fetch_rows([]))
`,
    },
    roles: { 'src/extract/api.py': 'imported', 'src/load/db.py': 'called', 'src/flow.py': 'started' },
  },
  {
    name: 'an Airflow DAG file whose tasks run no project code is started, but tells nothing of other modules (its operators may run them)',
    files: {
      'dags/report.py': `from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("report", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    BashOperator(task_id="report", bash_command="echo done")
`,
      'lib/unused.py': HELPER(),
    },
    roles: { 'dags/report.py': 'started', 'lib/unused.py': 'started' },
  },
  {
    name: 'a module nothing imports or calls, in a project whose DAG task runs project code, is unrun',
    files: {
      'etl/db.py': HELPER(),
      'etl/unused.py': HELPER('old_load'),
      'dags/load.py': `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

from etl.db import load_rows

with DAG("load", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    PythonOperator(task_id="load", python_callable=load_rows, op_args=[[(1, "a")]])
`,
    },
    roles: { 'etl/db.py': 'started', 'etl/unused.py': 'unrun', 'dags/load.py': 'started' },
  },
  {
    name: 'a project with a prefect.yaml: a flow no deployment names is not started; a deployed one is',
    files: {
      'prefect.yaml': `deployments:
  - name: orders
    entrypoint: flows/orders.py:orders
    work_pool:
      name: default
`,
      'flows/orders.py': PREFECT_FLOW('orders'),
      'flows/drafts/orders_v2.py': PREFECT_FLOW('orders_v2'),
    },
    roles: { 'flows/orders.py': 'started', 'flows/drafts/orders_v2.py': 'unrun' },
  },
  {
    name: 'deployments declared in Python (`.deploy`, `Deployment.build_from_flow`) and a flow run from its own main block',
    files: {
      'flows/prices.py': PREFECT_FLOW('prices'),
      'flows/stock.py': PREFECT_FLOW('stock'),
      'flows/old_prices.py': PREFECT_FLOW('old_prices'),
      'flows/backfill.py': `${PREFECT_FLOW('backfill')}

if __name__ == "__main__":
    backfill()
`,
      'deploy.py': `from prefect.deployments import Deployment

from flows.prices import prices
from flows.stock import stock

prices.deploy(name="prices", work_pool_name="default")
Deployment.build_from_flow(flow=stock, name="stock")
`,
    },
    roles: { 'flows/prices.py': 'started', 'flows/stock.py': 'started', 'flows/old_prices.py': 'unrun', 'flows/backfill.py': 'started' },
  },
  {
    name: 'without any deployment, every flow is a start',
    files: { 'flows/prices.py': PREFECT_FLOW('prices'), 'flows/stock.py': PREFECT_FLOW('stock') },
    roles: { 'flows/prices.py': 'started', 'flows/stock.py': 'started' },
  },
  {
    name: 'a Lambda handler (named only in Terraform, SAM or serverless.yml) is a start; a module only its test imports is unrun',
    files: {
      'src/ingest/handler.py': `from ingest.db import load_rows


def lambda_handler(event, context):
    load_rows(event["rows"])
    return {"statusCode": 200}
`,
      'src/ingest/db.py': HELPER(),
      'src/report/leaderboard.py': HELPER('rank_planters'),
      'src/report/leaderboard_test.py': `from report.leaderboard import rank_planters


def test_rank():
    rank_planters([])
`,
      'dags/daily.py': `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

from ingest.db import load_rows

with DAG("daily", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    PythonOperator(task_id="load", python_callable=load_rows, op_args=[[]])
`,
    },
    roles: { 'src/ingest/handler.py': 'started', 'src/ingest/db.py': 'started', 'src/report/leaderboard.py': 'unrun' },
  },
  {
    name: 'Dagster Definitions start the resources, IO managers, jobs and sensors they wire in',
    files: {
      'pkg/resources/warehouse.py': `from dagster import ConfigurableResource
import psycopg2


class Warehouse(ConfigurableResource):
    dsn: str

    def write(self, rows):
        conn = psycopg2.connect(self.dsn)
        conn.cursor().executemany("INSERT INTO t VALUES (%s)", rows)
`,
      'pkg/io/graph_io.py': `from dagster import IOManager


class GraphIOManager(IOManager):
    def handle_output(self, context, obj):
        pass

    def load_input(self, context):
        return None
`,
      'pkg/sensors.py': `from dagster import sensor, RunRequest


@sensor(job_name="refresh")
def new_files(context):
    yield RunRequest(run_key="x")
`,
      'pkg/unused_io.py': `class OldIOManager:
    def handle_output(self, context, obj):
        pass
`,
      'pkg/definitions.py': `from dagster import Definitions, asset

from pkg.resources.warehouse import Warehouse
from pkg.io.graph_io import GraphIOManager


@asset
def prices():
    return []


defs = Definitions(assets=[prices], resources={"warehouse": Warehouse(dsn="x"), "io_manager": GraphIOManager()})
`,
    },
    roles: { 'pkg/resources/warehouse.py': 'started', 'pkg/io/graph_io.py': 'started', 'pkg/sensors.py': 'started', 'pkg/unused_io.py': 'unrun' },
  },
  {
    name: 'modules a runner imports by a computed name (importlib) are started',
    files: {
      'etl/jobs/person.py': `from etl.db import load_rows


def run(logger=None):
    load_rows([])
`,
      'etl/jobs/award.py': `def run(logger=None):
    return 1
`,
      'etl/db.py': HELPER(),
      'etl/drafts/person_v0.py': HELPER('draft'),
      'runner.py': `import importlib

JOBS = ["jobs.person", "jobs.award"]


def run_job(name):
    module = importlib.import_module("etl." + name)
    module.run()


if __name__ == "__main__":
    for job in JOBS:
        run_job(job)
`,
    },
    roles: { 'etl/jobs/person.py': 'started', 'etl/jobs/award.py': 'started', 'etl/db.py': 'called', 'etl/drafts/person_v0.py': 'unrun' },
  },
  {
    name: 'per-year scripts a runner starts by path (subprocess with absolute Windows paths, runpy with an f-string) are started',
    files: {
      'survey/v2024/process_2024.py': `from common.db import load_rows

load_rows([])
`,
      'acs/v2024/process_acs.py': `print("acs")
`,
      'common/db.py': HELPER(),
      'common/unused.py': HELPER('old'),
      'run_all.py': `import runpy
import subprocess

YEAR = 2024

def run_all():
    subprocess.run(["python", "C:\\\\Users\\\\me\\\\proj\\\\survey\\\\v2024\\\\process_2024.py"])
    runpy.run_path(f"acs/v{YEAR}/process_acs.py")


if __name__ == "__main__":
    run_all()
`,
      'dags/dag.py': `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

from common.db import load_rows

with DAG("d", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    PythonOperator(task_id="load", python_callable=load_rows, op_args=[[]])
`,
    },
    roles: { 'survey/v2024/process_2024.py': 'started', 'acs/v2024/process_acs.py': 'started', 'common/unused.py': 'unrun' },
  },
  {
    name: 'a Databricks source notebook and a Glue job script are started (their jobs are declared outside the Python)',
    files: {
      'notebooks/silver.py': `# Databricks notebook source
from lib.db import load_rows

# COMMAND ----------

load_rows([])
`,
      'lib/db.py': HELPER(),
      'glue/raw_ingest.py': `import sys
from awsglue.context import GlueContext
from awsglue.job import Job

job = Job(GlueContext(None))
job.commit()
`,
      'lib/unused.py': HELPER('old'),
      'dags/dag.py': `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

from lib.db import load_rows

with DAG("d", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    PythonOperator(task_id="load", python_callable=load_rows, op_args=[[]])
`,
    },
    roles: { 'notebooks/silver.py': 'started', 'glue/raw_ingest.py': 'started', 'lib/unused.py': 'unrun' },
  },
  {
    name: 'a project without starts: nothing can be said, every module counts as started',
    files: { 'etl/db.py': HELPER(), 'etl/other.py': HELPER('other') },
    roles: { 'etl/db.py': 'started', 'etl/other.py': 'started' },
  },
];

describe('pipeline reach', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const dir = writeWorkspace(c.files);
      try {
        const model = await scan(dir);
        const roles = Object.fromEntries(Object.keys(c.roles).map((file) => [file, model.pipelineRole(file)]));
        assert.deepEqual(roles, c.roles);
      } finally {
        removeWorkspace(dir);
      }
    });
  }
});
