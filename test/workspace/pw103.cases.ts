// PW103 across files: a function defined in one module and run by a DAG, flow or job in another
// that configures retries is retried (imports of the project's own modules resolved: packages,
// relative imports, `src/` layouts, shared default_args); one the orchestrator runs without
// retries, or that nothing retried runs, is reported.

import type { WorkspaceRuleCases } from './cases';

/** etl/tasks.py: fetch_orders() calls an API; load_orders() writes with psycopg2. Findings sit on the first I/O call: line 6 (`requests.get`) and line 10 (`psycopg2.connect`). */
const TASKS = `import psycopg2
import requests


def fetch_orders(day):
    return requests.get("https://shop.example.com/orders", params={"day": day}, timeout=30).json()


def load_orders(rows):
    conn = psycopg2.connect(DSN)
    with conn, conn.cursor() as cur:
        cur.executemany("INSERT INTO orders VALUES (%s, %s)", rows)
`;

const DAG = (defaultArgs: string, tasks: string, imports = 'from etl.tasks import fetch_orders, load_orders') => `from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.python import PythonOperator
${imports}

default_args = ${defaultArgs}

with DAG("orders", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, default_args=default_args) as dag:
${tasks}
`;

/** beam/enrich.py: enrich() calls an API (line 5), WriteRecords.process() indexes into Elasticsearch. */
const BEAM_STEPS = `import apache_beam as beam
import requests


def enrich(sample):
    response = requests.get(f"https://api.example.org/taxonomy/{sample['taxon']}", timeout=30)
    response.raise_for_status()
    return {**sample, "lineage": response.json()["lineage"]}


class WriteRecords(beam.DoFn):
    def process(self, record):
        requests.put(f"https://search.internal/samples/_doc/{record['id']}", json=record, timeout=30)
        yield record
`;

const BEAM_PIPELINE = (options: string) => `import json

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions

from beam.enrich import WriteRecords, enrich


def run(argv=None):
    with beam.Pipeline(options=${options}) as pipeline:
        (pipeline
         | beam.io.ReadFromText("gs://bucket/samples.jsonl")
         | beam.Map(lambda line: enrich(json.loads(line)))
         | beam.ParDo(WriteRecords()))


if __name__ == "__main__":
    run()
`;

/** ingest/sync.py: sync_sources() reads an API (line 5) and writes with psycopg2 (line 6). */
const SYNC_STEP = `import psycopg2
import requests


def sync_sources():
    rows = requests.get("https://api.example.org/sources", timeout=30).json()
    with psycopg2.connect(DSN) as conn, conn.cursor() as cur:
        cur.executemany("INSERT INTO sources VALUES (%s) ON CONFLICT DO NOTHING", rows)
`;

const SCHEDULER = (loop: string) => `import asyncio
import logging

from ingest.sync import sync_sources

logger = logging.getLogger(__name__)


async def run_forever(stop_event):
${loop}
`;

const OPERATORS = `    fetch = PythonOperator(task_id="fetch", python_callable=fetch_orders)
    load = PythonOperator(task_id="load", python_callable=load_orders)
    fetch >> load`;

const RETRYING = '{"owner": "data", "retries": 3, "retry_delay": timedelta(minutes=5)}';
const NO_RETRIES = '{"owner": "data"}';

/** Shared default_args of no retries in dags/common.py, copied in dags/orders.py and changed by `change`. */
const copiedDefaultArgs = (change: string) => ({
  'etl/__init__.py': '',
  'etl/tasks.py': TASKS,
  'dags/__init__.py': '',
  'dags/common.py': 'DEFAULT_DAG_ARGS = {"owner": "all", "retries": 0}\n',
  'dags/orders.py': `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator
from dags.common import DEFAULT_DAG_ARGS
from etl.tasks import fetch_orders

dag_args = DEFAULT_DAG_ARGS.copy()
${change}

with DAG("orders", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, default_args=dag_args) as dag:
    PythonOperator(task_id="fetch", python_callable=fetch_orders)
`,
});

const TASKFLOW_DAG = (defaultArgs: string) => `from datetime import datetime, timedelta

from airflow.decorators import dag, task
from etl.tasks import fetch_orders

default_args = ${defaultArgs}


@dag(start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, default_args=default_args)
def orders():
    @task
    def fetch():
        return fetch_orders("2024-01-01")

    fetch()


orders()
`;

const cases: WorkspaceRuleCases = {
  rule: 'PW103',
  flagged: [
    {
      name: 'what a folder monitor does per new file it finds keeps its finding: a failed file is not seen again',
      files: { 'ingest/__init__.py': '', 'ingest/sync.py': SYNC_STEP, 'ingest/scheduler.py': SCHEDULER('    seen = set()\n    while True:\n        for name in set(os.listdir(INBOX)) - seen:\n            sync_sources()\n        seen = set(os.listdir(INBOX))\n        await asyncio.sleep(2)') },
      expect: ['ingest/sync.py:6'],
    },
    {
      name: 'steps a loop runs without waiting between cycles (a consumer, not a poller) keep their finding',
      files: { 'ingest/__init__.py': '', 'ingest/sync.py': SYNC_STEP, 'ingest/scheduler.py': SCHEDULER('    while True:\n        sync_sources()') },
      expect: ['ingest/sync.py:6'],
    },
    {
      name: 'steps of an Apache Beam pipeline run on the DirectRunner, which retries nothing',
      files: { 'beam/__init__.py': '', 'beam/enrich.py': BEAM_STEPS, 'beam/pipeline.py': BEAM_PIPELINE('PipelineOptions(argv, runner="DirectRunner")') },
      expect: ['beam/enrich.py:6', 'beam/enrich.py:13'],
    },
    {
      name: 'a TaskFlow task nested in a @dag without retries calls an imported function: reported',
      files: { 'etl/__init__.py': '', 'etl/tasks.py': TASKS, 'dags/orders.py': TASKFLOW_DAG(NO_RETRIES) },
      expect: ['etl/tasks.py:6', 'etl/tasks.py:10'],
    },
    {
      name: 'a DAG without retries runs module functions (reported where they are defined)',
      files: { 'etl/__init__.py': '', 'etl/tasks.py': TASKS, 'dags/orders.py': DAG(NO_RETRIES, OPERATORS) },
      expect: ['etl/tasks.py:6', 'etl/tasks.py:10'],
    },
    {
      name: 'default_args with retries 0',
      files: { 'etl/__init__.py': '', 'etl/tasks.py': TASKS, 'dags/orders.py': DAG('{"owner": "data", "retries": 0}', OPERATORS) },
      expect: ['etl/tasks.py:6', 'etl/tasks.py:10'],
    },
    {
      name: 'only the callable the retried task runs is covered; the other one is run without retries',
      files: {
        'etl/__init__.py': '',
        'etl/tasks.py': TASKS,
        'dags/orders.py': DAG(NO_RETRIES, `    fetch = PythonOperator(task_id="fetch", python_callable=fetch_orders, retries=2)
    load = PythonOperator(task_id="load", python_callable=load_orders)
    fetch >> load`),
      },
      expect: ['etl/tasks.py:10'],
    },
    {
      name: 'a same-named function in a module the DAG does not import',
      files: {
        'etl/__init__.py': '',
        'etl/tasks.py': TASKS,
        'legacy/tasks.py': TASKS,
        'dags/orders.py': DAG(RETRYING, OPERATORS),
      },
      expect: ['legacy/tasks.py:6', 'legacy/tasks.py:10'],
    },
    {
      name: 'a Prefect flow without retries calling a helper module',
      files: {
        'etl/__init__.py': '',
        'etl/api.py': TASKS,
        'flows/orders.py': `from prefect import flow, task

from etl.api import fetch_orders


@task
def extract(day):
    return fetch_orders(day)


@flow
def orders_flow(day):
    extract(day)
`,
      },
      expect: ['etl/api.py:6', 'etl/api.py:10'],
    },
    {
      name: 'a Dagster op without a retry policy using a client class from another module',
      files: {
        'shop/__init__.py': '',
        'shop/client.py': `import requests


class ShopClient:
    def orders(self, day):
        return requests.get(f"https://shop.example.com/orders/{day}", timeout=30).json()
`,
        'shop/ops.py': `from dagster import op

from shop.client import ShopClient


@op
def fetch_orders(context):
    return ShopClient().orders(context.partition_key)
`,
      },
      expect: ['shop/client.py:6'],
    },
    {
      name: 'code a DAG runs with retries that a Prefect flow without retries also runs',
      files: {
        'etl/__init__.py': '',
        'etl/tasks.py': TASKS,
        'dags/orders.py': DAG(RETRYING, OPERATORS),
        'flows/backfill.py': `from prefect import flow

from etl.tasks import fetch_orders


@flow
def backfill(day):
    fetch_orders(day)
`,
      },
      expect: ['etl/tasks.py:6'],
    },
    {
      name: 'a TaskFlow task one DAG overrides with retries and another DAG runs without any',
      files: {
        'pipeline/__init__.py': '',
        'pipeline/shared/tasks.py': `import psycopg2
from airflow.sdk import task


@task
def load(rows):
    conn = psycopg2.connect(DSN)
    with conn, conn.cursor() as cur:
        cur.executemany("INSERT INTO orders VALUES (%s, %s)", rows)
`,
        'pipeline/dags/orders.py': `from datetime import datetime, timedelta

from airflow.sdk import dag

from shared.tasks import load


@dag(schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False)
def daily():
    load([])


@dag(schedule=None, start_date=datetime(2024, 1, 1), catchup=False)
def backfill():
    load.override(retries=3, retry_delay=timedelta(minutes=1))([])


daily()
backfill()
`,
      },
      expect: ['pipeline/shared/tasks.py:7'],
    },
    {
      name: 'a web app that runs the pipeline itself (no orchestrator in the project): its I/O is still reported',
      files: {
        'web/__init__.py': '',
        'web/repositories.py': `from sqlalchemy import insert, select


class BabyRepository:
    def __init__(self, engine):
        self.engine = engine

    def create(self, name):
        with self.engine.begin() as conn:
            return conn.execute(insert(babies).values(name=name).returning(babies.c.id)).scalar_one()
`,
        'web/app.py': `from flask import Flask

from web.repositories import BabyRepository


def create_app(engine):
    app = Flask(__name__)
    app.config["REPO"] = BabyRepository(engine)
    return app
`,
      },
      expect: ['web/repositories.py:9'],
    },
  ],
  notFlagged: [
    {
      name: 'steps a polling service runs each cycle of its main loop: the next cycle runs them again',
      files: { 'ingest/__init__.py': '', 'ingest/sync.py': SYNC_STEP, 'ingest/scheduler.py': SCHEDULER('    while not stop_event.is_set():\n        sync_sources()\n        await asyncio.sleep(600)') },
      expect: [],
    },
    {
      name: 'steps an Apache Beam pipeline runs per element (a Map\'s function, a ParDo\'s DoFn): the runner retries a failed bundle',
      files: { 'beam/__init__.py': '', 'beam/enrich.py': BEAM_STEPS, 'beam/pipeline.py': BEAM_PIPELINE('PipelineOptions(argv)') },
      expect: [],
    },
    {
      name: "a TaskFlow task nested in the @dag function gets the DAG's default_args retries: the imported function it calls is retried",
      files: { 'etl/__init__.py': '', 'etl/tasks.py': TASKS.slice(0, TASKS.indexOf('\n\n\ndef load_orders') + 1), 'dags/orders.py': TASKFLOW_DAG(RETRYING) },
      expect: [],
    },
    {
      name: "a web app's data access next to DAG-run pipelines (nothing the DAGs run reaches it)",
      files: {
        'web/__init__.py': '',
        'web/repositories.py': `from sqlalchemy import insert, select


class BabyRepository:
    def __init__(self, engine):
        self.engine = engine

    def create(self, name):
        with self.engine.begin() as conn:
            return conn.execute(insert(babies).values(name=name).returning(babies.c.id)).scalar_one()
`,
        'web/app.py': `from flask import Flask

from web.repositories import BabyRepository


def create_app(engine):
    app = Flask(__name__)
    app.config["REPO"] = BabyRepository(engine)
    return app
`,
        'etl/__init__.py': '',
        'etl/tasks.py': TASKS,
        'dags/orders.py': DAG(RETRYING, OPERATORS),
      },
      expect: [],
    },
    {
      name: 'a retried task picks its extractor class from a registry (a class attribute and a module dict)',
      files: {
        'etl/__init__.py': '',
        'etl/extractors.py': `import requests
from sqlalchemy import text


class ApiExtractor:
    def extract(self, url):
        return requests.get(url, timeout=30).json()


class DbExtractor:
    def __init__(self, engine):
        self.engine = engine

    def extract(self, sql):
        with self.engine.connect() as conn:
            return conn.execute(text(sql)).fetchall()
`,
        'etl/factory.py': `from etl.extractors import ApiExtractor, DbExtractor

EXTRACTORS = {"api": ApiExtractor}


class ExtractorFactory:
    registry = {"db": DbExtractor}

    def create(self, kind, **kwargs):
        cls = self.registry.get(kind) or EXTRACTORS[kind]
        return cls(**kwargs)
`,
        'dags/extract.py': DAG(RETRYING, `    PythonOperator(task_id="extract", python_callable=run_extract)`, 'from etl.factory import ExtractorFactory\n\n\ndef run_extract(**context):\n    return ExtractorFactory().create("db", engine=ENGINE).extract("SELECT 1")'),
      },
      expect: [],
    },
    {
      name: 'a test DAG that sets retries to 0 on purpose does not undo the production DAG\'s retries',
      files: {
        'etl/__init__.py': '',
        'etl/tasks.py': TASKS,
        'dags/orders.py': DAG(RETRYING, OPERATORS),
        'dags/orders_test.py': DAG('{"owner": "data", "retries": 0}', OPERATORS).replace('"orders"', '"orders_manual_test"'),
      },
      expect: [],
    },
    {
      name: 'PythonOperator callables imported from etl.tasks, retries in default_args',
      files: { 'etl/__init__.py': '', 'etl/tasks.py': TASKS, 'dags/orders.py': DAG(RETRYING, OPERATORS) },
      expect: [],
    },
    {
      name: 'retries on each task; functools.partial and a lambda as the callable',
      files: {
        'etl/__init__.py': '',
        'etl/tasks.py': TASKS,
        'dags/orders.py': DAG(NO_RETRIES, `    fetch = PythonOperator(task_id="fetch", python_callable=functools.partial(fetch_orders, "2024-01-01"), retries=3)
    load = PythonOperator(task_id="load", python_callable=lambda **context: load_orders(context["ti"].xcom_pull("fetch")), retries=2)
    fetch >> load`, 'import functools\n\nfrom etl.tasks import fetch_orders, load_orders'),
      },
      expect: [],
    },
    {
      name: 'operators built in a loop over tables, module imported as a whole',
      files: {
        'etl/__init__.py': '',
        'etl/tasks.py': TASKS,
        'dags/orders.py': DAG(RETRYING, `    for table in ["orders", "refunds"]:
        PythonOperator(task_id=f"fetch_{table}", python_callable=tasks.fetch_orders, op_kwargs={"day": "{{ ds }}"})
        PythonOperator(task_id=f"load_{table}", python_callable=tasks.load_orders)`, 'from etl import tasks'),
      },
      expect: [],
    },
    {
      name: 'TaskFlow: @task functions imported into a @dag with default_args retries, one overridden',
      files: {
        'pipeline/__init__.py': '',
        'pipeline/shared/tasks.py': `import requests
from airflow.sdk import task


@task
def extract(day):
    return requests.get("https://shop.example.com/orders", params={"day": day}, timeout=30).json()


@task
def publish(rows):
    requests.post("https://hooks.example.com/orders", json=rows, timeout=30)
`,
        'pipeline/dags/orders.py': `from datetime import datetime, timedelta

from airflow.sdk import dag

from shared.tasks import extract, publish


@dag(schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False, default_args={"retries": 2, "retry_delay": timedelta(minutes=1)})
def orders():
    rows = extract("{{ ds }}")
    publish.override(retries=5)(rows)


orders()
`,
      },
      expect: [],
    },
    {
      name: 'a Prefect task with retries calling helpers through a relative import',
      files: {
        'flows/__init__.py': '',
        'flows/api.py': TASKS,
        'flows/orders.py': `from prefect import flow, task

from .api import fetch_orders, load_orders


@task(retries=3, retry_delay_seconds=10)
def extract_and_load(day):
    load_orders(fetch_orders(day))


@flow
def orders_flow(day):
    extract_and_load(day)
`,
      },
      expect: [],
    },
    {
      name: 'a Dagster op with a RetryPolicy using a client class (src/ layout)',
      files: {
        'src/shop/__init__.py': '',
        'src/shop/client.py': `import requests


class ShopClient:
    def orders(self, day):
        return requests.get(f"https://shop.example.com/orders/{day}", timeout=30).json()
`,
        'src/shop/ops.py': `from dagster import RetryPolicy, op

from shop.client import ShopClient


@op(retry_policy=RetryPolicy(max_retries=3, delay=10))
def fetch_orders(context):
    return ShopClient().orders(context.partition_key)
`,
      },
      expect: [],
    },
    {
      name: 'default_args shared from another module (a constant and a function building it)',
      files: {
        'etl/__init__.py': '',
        'etl/tasks.py': TASKS,
        'dags/__init__.py': '',
        'dags/common.py': `from datetime import timedelta


def base_args():
    return {"owner": "data", "retries": 4, "retry_delay": timedelta(minutes=5)}


DEFAULT_ARGS = {**base_args(), "depends_on_past": False}
`,
        'dags/orders.py': DAG('DEFAULT_ARGS', `    PythonOperator(task_id="fetch", python_callable=fetch_orders)`, 'from dags.common import DEFAULT_ARGS\nfrom etl.tasks import fetch_orders'),
        'dags/refunds.py': DAG('base_args()', `    PythonOperator(task_id="load", python_callable=load_orders)`, 'from dags.common import base_args\nfrom etl.tasks import load_orders'),
      },
      expect: [],
    },
    {
      name: 'shared default_args of no retries, copied and set to one retry for this DAG',
      files: copiedDefaultArgs('dag_args["retries"] = 1'),
      expect: ['etl/tasks.py:10'],
    },
    {
      name: 'shared default_args of no retries, copied without an override: still none',
      files: copiedDefaultArgs('dag_args["owner"] = "orders"'),
      expect: ['etl/tasks.py:6', 'etl/tasks.py:10'],
    },
    {
      name: 'a task runs a pipeline class whose steps call loaders in other modules',
      files: {
        'src/__init__.py': '',
        'src/loaders.py': TASKS,
        'src/pipeline.py': `from src.loaders import fetch_orders, load_orders


class Pipeline:
    def run(self, day):
        self._load(self._extract(day))

    def _extract(self, day):
        return fetch_orders(day)

    def _load(self, rows):
        load_orders(rows)
`,
        'dags/orders.py': `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

default_args = {"retries": 2}


def run_pipeline(**context):
    from src.pipeline import Pipeline
    Pipeline().run(context["ds"])


with DAG("orders", start_date=datetime(2024, 1, 1), schedule="@daily", default_args=default_args) as dag:
    PythonOperator(task_id="run", python_callable=run_pipeline)
`,
      },
      expect: [],
    },
    {
      name: 'a pipeline config step with retries runs a script whose helper module does the I/O',
      files: {
        'etl/pipeline.yaml': 'name: orders\nschedule: "0 3 * * *"\nretries: 3\nsteps:\n  - name: extract\n    script: extract.py\n',
        'etl/extract.py': 'from api_client import fetch_orders, load_orders\n\n\ndef run():\n    load_orders(fetch_orders("2024-01-01"))\n',
        'etl/api_client.py': TASKS,
      },
      expect: [],
    },
  ],
};

export default cases;
