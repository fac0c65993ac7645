// PW204 across files: how the project's pipelines run a module decides whether its prints are run
// logs (code a Prefect flow with log_prints=True runs), whether it is a stage at all (code no
// pipeline of the project runs is not) and where a silent helper reports (through its callers).

import type { WorkspaceRuleCases } from './cases';

/** common/warehouse.py: a helper that loads a frame and prints progress (line 5 is the print). */
const PRINTING_HELPER = `import pandas as pd


def save_frame(frame, table, engine):
    print(f"saving {len(frame)} rows to {table}")
    frame.to_sql(table, engine, if_exists="append", index=False)
`;

/** A Prefect flow in another module that runs the helper, with the given decorator arguments. */
const FLOW = (args: string, name = 'prices') => `import requests
import pandas as pd
from prefect import flow, get_run_logger

from common.warehouse import save_frame


@flow(${args})
def ${name}_flow():
    logger = get_run_logger()
    rows = requests.get("https://api.example.com/${name}", timeout=30).json()
    logger.info("fetched %d rows", len(rows))
    save_frame(pd.DataFrame(rows), "${name}", ENGINE)
`;

/** etl/tasks.py: Prefect tasks that print; line 7 is the first print. */
const PREFECT_TASKS = (decorator: string) => `import requests
from prefect import task


${decorator}
def fetch_prices(day):
    print(f"fetching prices for {day}")
    return requests.get("https://api.example.com/prices", params={"day": day}, timeout=30).json()
`;

const TASK_FLOW = `from prefect import flow

from etl.tasks import fetch_prices


@flow(log_prints=True)
def prices_flow(day):
    return fetch_prices(day)
`;

/** etl/tasks.py: callables an Airflow DAG runs; line 6 is the first print, line 7 the first I/O. */
const AIRFLOW_TASKS = (report: string) => `import psycopg2
import requests


def extract_orders(day):
${report}    rows = requests.get("https://shop.example.com/orders", params={"day": day}, timeout=30).json()
    return rows


def load_orders(rows):
    conn = psycopg2.connect(DSN)
    with conn, conn.cursor() as cur:
        cur.executemany("INSERT INTO orders VALUES (%s, %s) ON CONFLICT DO NOTHING", rows)
`;

const DAG = `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

from etl.tasks import extract_orders, load_orders

with DAG("orders", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    extract = PythonOperator(task_id="extract", python_callable=extract_orders)
    load = PythonOperator(task_id="load", python_callable=load_orders)
    extract >> load
`;

/** A prefect.yaml deploying one flow (`path.py:function`). */
const DEPLOYING = (entrypoint: string) => `deployments:\n  - name: main\n    entrypoint: ${entrypoint}\n    work_pool:\n      name: default\n`;

/** A script that logs and runs a helper through its own main(). */
const LOGGING_SCRIPT = (importLine: string, call: string) => `import logging

${importLine}

logger = logging.getLogger(__name__)


def main():
    logger.info("starting")
    ${call}


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
`;

/** lib/quality.py: a silent helper that appends rejected rows (line 5 is the write). */
const SILENT_HELPER = `import pandas as pd


def quarantine(frame, path):
    frame.to_parquet(path)
`;

const cases: WorkspaceRuleCases = {
  rule: 'PW204',
  flagged: [
    {
      name: 'a printing helper that only flows without log_prints run',
      files: { 'common/__init__.py': '', 'common/warehouse.py': PRINTING_HELPER, 'flows/prices.py': FLOW('name="prices"') },
      expect: ['common/warehouse.py:5'],
    },
    {
      name: 'a printing helper run by a script that configures logging (prints still bypass it)',
      files: { 'common/__init__.py': '', 'common/warehouse.py': PRINTING_HELPER, 'run_load.py': LOGGING_SCRIPT('from common.warehouse import save_frame', 'save_frame(FRAME, "prices", ENGINE)') },
      expect: ['common/warehouse.py:5'],
    },
    {
      name: 'a task that turns log_prints off inside a flow that keeps prints',
      files: { 'etl/__init__.py': '', 'etl/tasks.py': PREFECT_TASKS('@task(log_prints=False)'), 'flows/prices.py': TASK_FLOW },
      expect: ['etl/tasks.py:7'],
    },
    {
      name: 'a printing helper a script-directory import reaches, called from a Prefect 1 flow built at module level',
      files: {
        'flows/prices/lib/warehouse.py': PRINTING_HELPER,
        'flows/prices/prices.py': `from prefect import task, Flow

import lib.warehouse as util


@task
def save(frame):
    util.save_frame(frame, "prices", ENGINE)


with Flow("prices") as flow:
    save(FRAME)

flow.register(project_name="prices")
`,
      },
      expect: ['flows/prices/lib/warehouse.py:5'],
    },
    {
      name: 'a printing helper a deployed flow runs (prefect.yaml entrypoint)',
      files: {
        'prefect.yaml': DEPLOYING('flows/drafts/prices_v2.py:prices_flow'),
        'common/__init__.py': '',
        'common/warehouse.py': PRINTING_HELPER,
        'flows/orders.py': FLOW('name="orders"', 'orders').replace('from common.warehouse import save_frame\n', '').replace('    save_frame(pd.DataFrame(rows), "orders", ENGINE)\n', ''),
        'flows/drafts/prices_v2.py': FLOW('name="prices_v2"'),
      },
      expect: ['common/warehouse.py:5'],
    },
    {
      name: 'silent Airflow task callables in another module (the DAG runs them itself)',
      files: { 'etl/__init__.py': '', 'etl/tasks.py': AIRFLOW_TASKS(''), 'dags/orders.py': DAG },
      expect: ['etl/tasks.py:6'],
    },
    {
      name: 'a flat Glue job calling its own reader at top level, no output, in a project with other starts',
      files: {
        'jobs/gold.py': `from awsglue.context import GlueContext
from pyspark.context import SparkContext

spark = GlueContext(SparkContext.getOrCreate()).spark_session


def read_silver(table):
    return spark.read.parquet(f"s3://lake/silver/{table}/")


orders = read_silver("orders")
orders.groupBy("day").count().write.mode("overwrite").parquet("s3://lake/gold/orders_by_day/")
`,
        'scripts/report.py': LOGGING_SCRIPT('import sys', 'sys.exit(0)'),
      },
      expect: ['jobs/gold.py:8'],
    },
  ],
  notFlagged: [
    {
      name: 'a script a DAG names by a path it builds and hands to a BashOperator: the task log keeps its prints',
      files: {
        'dags/media_sync.py': `from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

dag_folder = "/opt/airflow"
python_script = dag_folder + "/dags/scripts/media/sync_media.py"

with DAG("media_sync", start_date=datetime(2024, 1, 1), schedule="@hourly", catchup=False) as dag:
    BashOperator(task_id="sync", bash_command="python " + python_script)
`,
        'dags/scripts/media/sync_media.py': `import requests
import boto3

s3 = boto3.client("s3")

for item in requests.get("https://media.example.org/list", timeout=30).json():
    s3.put_object(Bucket="media", Key=item["name"], Body=requests.get(item["url"], timeout=60).content)
    print("synced", item["name"])
`,
      },
      expect: [],
    },
    {
      name: 'a printing helper of a script a DAG task runs with spark-submit by its path next to the DAG: the task log keeps it',
      files: {
        'dags/prices/warehouse.py': PRINTING_HELPER,
        'dags/prices/load_prices.py': 'from warehouse import save_frame\n\nsave_frame(FRAME, "prices", ENGINE)\n',
        'dags/prices/dag.py': `import os
from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

DAG_DIR = os.path.dirname(os.path.abspath(__file__))

with DAG("prices", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    BashOperator(task_id="load", bash_command=f"spark-submit {os.path.join(DAG_DIR, 'load_prices.py')}")
`,
      },
      expect: [],
    },
    {
      name: 'Airflow task callables in another module that print: the task log keeps each try\'s output',
      files: { 'etl/__init__.py': '', 'etl/tasks.py': AIRFLOW_TASKS('    print(f"extracting {day}")\n'), 'dags/orders.py': DAG },
      expect: [],
    },
    {
      name: 'a printing helper run by a Prefect flow with log_prints=True in another module',
      files: { 'common/__init__.py': '', 'common/warehouse.py': PRINTING_HELPER, 'flows/prices.py': FLOW('log_prints=True') },
      expect: [],
    },
    {
      name: 'a printing helper shared by a flow that keeps prints and one that does not (the latter is the flow to fix)',
      files: {
        'common/__init__.py': '',
        'common/warehouse.py': PRINTING_HELPER,
        'flows/prices.py': FLOW('log_prints=True'),
        'flows/stocks.py': FLOW('name="stocks"', 'stocks'),
      },
      expect: [],
    },
    {
      name: 'Prefect tasks in another module inherit log_prints=True from the flow that runs them',
      files: { 'etl/__init__.py': '', 'etl/tasks.py': PREFECT_TASKS('@task(retries=3)'), 'flows/prices.py': TASK_FLOW },
      expect: [],
    },
    {
      name: 'a printing helper nothing in the project runs',
      files: { 'common/__init__.py': '', 'common/warehouse.py': PRINTING_HELPER, 'flows/prices.py': FLOW('name="prices"').replace('from common.warehouse import save_frame\n', '').replace('    save_frame(pd.DataFrame(rows), "prices", ENGINE)\n', '    logger.info("done")\n') },
      expect: [],
    },
    {
      name: 'a Prefect task no flow of the project runs',
      files: { 'etl/__init__.py': '', 'etl/tasks.py': PREFECT_TASKS('@task(retries=3)'), 'flows/other.py': TASK_FLOW.replace('from etl.tasks import fetch_prices\n', '').replace('    return fetch_prices(day)', '    return day') },
      expect: [],
    },
    {
      name: 'a silent helper library a logging script calls (its caller is the stage)',
      files: { 'lib/__init__.py': '', 'lib/quality.py': SILENT_HELPER, 'jobs/clean.py': LOGGING_SCRIPT('from lib.quality import quarantine', 'quarantine(REJECTED, "s3://lake/quarantine/")') },
      expect: [],
    },
    {
      name: 'a printing helper only a flow no deployment names runs, in a project whose prefect.yaml deploys another flow',
      files: {
        'prefect.yaml': DEPLOYING('flows/orders.py:orders_flow'),
        'common/__init__.py': '',
        'common/warehouse.py': PRINTING_HELPER,
        'flows/orders.py': FLOW('name="orders"', 'orders').replace('from common.warehouse import save_frame\n', '').replace('    save_frame(pd.DataFrame(rows), "orders", ENGINE)\n', ''),
        'flows/drafts/prices_v2.py': FLOW('name="prices_v2"'),
      },
      expect: [],
    },
    {
      name: 'a web service module no pipeline runs',
      files: {
        'backend/__init__.py': '',
        'backend/services/visits.py': `from sqlalchemy import text


def record_visit(session, page):
    session.execute(text("INSERT INTO visits (page) VALUES (:page)"), {"page": page})
    session.commit()
`,
        'pipeline/run.py': LOGGING_SCRIPT('import sys', 'sys.exit(0)'),
      },
      expect: [],
    },
  ],
};

export default cases;
