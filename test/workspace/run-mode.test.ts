// Who runs each file's code (`runMode`, workspace/run-mode.ts): each case is a small workspace and
// the mode the model must give some of its files — release tooling a CI workflow runs, one-off
// folders, code nothing runs — and the look-alikes that stay `pipeline`: a scheduled script in
// `scripts/`, a Glue job deployed by CDK, a notebook a Databricks job runs, a CLI a DAG calls.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import path from 'node:path';
import { sharedEngine } from '../helpers/rule-tester';
import { lintFiles, removeWorkspace, scan, writeWorkspace, type Files } from './helpers';

type Mode = 'pipeline' | 'ci-tooling' | 'hand-run' | 'unreached' | 'unknown';

interface RunModeCase {
  name: string;
  files: Files;
  modes: Record<string, Mode>;
}

const DAG = (callable = 'load', module = 'etl.load') => `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

from ${module} import ${callable}

with DAG("load", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    PythonOperator(task_id="load", python_callable=${callable})
`;

const LOADER = `import requests


def load():
    rows = requests.get("https://api.example.com/orders").json()
    return len(rows)
`;

/** A class that manages jobs and release branches through REST APIs (release tooling). */
const RELEASE_TOOLING = `import requests


class Orchestration:
    def reset_job(self, job_id, settings):
        return requests.post("https://dbc.example.com/api/2.1/jobs/reset", json={"job_id": job_id, "new_settings": settings})

    def open_pull_request(self, branch):
        return requests.post("https://api.github.com/repos/acme/etl/pulls", json={"head": branch, "base": "main"})
`;

const PACKAGE_INIT = `from shared.classes.base import Base
from shared.classes.orchestration import Orchestration
`;

const BASE = `class Base:
    def log(self, message):
        print(message)
`;

const DATABRICKS_NOTEBOOK = (body: string) => `# Databricks notebook source
${body}
`;

const RELEASE_WORKFLOW = (trigger: string, step: string) => `name: release
on:
${trigger}
jobs:
  update_jobs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${step}
`;

const RUN_NOTEBOOK_STEP = `      - name: Update jobs
        uses: databricks/run-notebook@v0
        with:
          workspace-notebook-path: /Repos/ETL/pipelines/notebooks/ci_cd/update_env_jobs
`;

const PIPELINE_NOTEBOOKS: Files = {
  'shared/__init__.py': '',
  'shared/classes/__init__.py': PACKAGE_INIT,
  'shared/classes/base.py': BASE,
  'shared/classes/orchestration.py': RELEASE_TOOLING,
  'notebooks/orders/load_to_bronze.py': DATABRICKS_NOTEBOOK(`from shared.classes import Base\n\nBase().log("loading")\nspark.read.json("/mnt/landing/orders").write.saveAsTable("bronze.orders")`),
  'notebooks/ci_cd/update_env_jobs.py': DATABRICKS_NOTEBOOK(`from shared.classes import Orchestration\n\norch = Orchestration()\norch.reset_job(1, {})\norch.open_pull_request("release")`),
};

const SAM_TEMPLATE = (handler: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  LoadFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ./src
      Handler: ${handler}
      Events:
        Daily:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: rate(1 day)
`;

const cases: RunModeCase[] = [
  {
    name: 'a class only a notebook run by a release workflow calls is CI tooling; the pipeline notebooks stay pipeline',
    files: { ...PIPELINE_NOTEBOOKS, '.github/workflows/release.yml': RELEASE_WORKFLOW('  pull_request:\n    types: closed\n    branches: [main]', RUN_NOTEBOOK_STEP) },
    modes: {
      'shared/classes/orchestration.py': 'ci-tooling',
      'notebooks/ci_cd/update_env_jobs.py': 'ci-tooling',
      // A project of notebooks alone has no start that makes other code unrun: nothing is said of them.
      'notebooks/orders/load_to_bronze.py': 'unknown',
      'shared/classes/base.py': 'unknown',
    },
  },
  {
    name: 'the same notebook run by a scheduled workflow is no CI tooling',
    files: { ...PIPELINE_NOTEBOOKS, '.github/workflows/release.yml': RELEASE_WORKFLOW("  schedule:\n    - cron: '0 5 * * *'\n  push:\n    branches: [main]", RUN_NOTEBOOK_STEP) },
    modes: { 'shared/classes/orchestration.py': 'unknown', 'notebooks/ci_cd/update_env_jobs.py': 'unknown' },
  },
  {
    name: 'a workflow only started by hand (workflow_dispatch) is no CI: its script stays as the reach says',
    files: { ...PIPELINE_NOTEBOOKS, '.github/workflows/release.yml': RELEASE_WORKFLOW('  workflow_dispatch:', RUN_NOTEBOOK_STEP) },
    modes: { 'shared/classes/orchestration.py': 'unknown' },
  },
  {
    name: 'a release script a push workflow runs (`python scripts/release.py`) and the module only it calls are CI tooling',
    files: {
      'dags/load.py': DAG(),
      'etl/__init__.py': '',
      'etl/load.py': LOADER,
      'tools/__init__.py': '',
      'tools/jobs_api.py': RELEASE_TOOLING,
      'scripts/release.py': 'from tools.jobs_api import Orchestration\n\nif __name__ == "__main__":\n    Orchestration().open_pull_request("release")\n',
      '.github/workflows/ci.yml': RELEASE_WORKFLOW('  push:\n    branches: [main]', '      - run: |\n          python -m pip install -r requirements.txt\n          python -m pytest\n          python scripts/release.py --branch main\n'),
    },
    modes: { 'tools/jobs_api.py': 'ci-tooling', 'scripts/release.py': 'ci-tooling', 'etl/load.py': 'pipeline' },
  },
  {
    name: 'a module CI runs (`python -m tools.check`) that a DAG task also calls stays pipeline',
    files: {
      'dags/load.py': DAG('load', 'tools.check'),
      'tools/__init__.py': '',
      'tools/check.py': LOADER + '\n\nif __name__ == "__main__":\n    load()\n',
      '.github/workflows/ci.yml': RELEASE_WORKFLOW('  pull_request:', '      - run: python -m tools.check\n'),
    },
    modes: { 'tools/check.py': 'pipeline' },
  },
  {
    name: 'a scheduled script in scripts/ a pipeline step runs stays pipeline, even when CI also runs it',
    files: {
      'pipeline.yaml': 'name: nightly\nschedule: "0 3 * * *"\nsteps:\n  - name: load\n    run: python scripts/load_orders.py\n',
      'scripts/load_orders.py': LOADER + '\nload()\n',
      '.github/workflows/ci.yml': RELEASE_WORKFLOW('  push:', '      - run: python scripts/load_orders.py --dry-run\n'),
    },
    modes: { 'scripts/load_orders.py': 'pipeline' },
  },
  {
    name: 'one-off folders (adhoc/, one-off/, sandbox/, workshop/) are hand-run, their __main__ blocks included',
    files: {
      'dags/load.py': DAG(),
      'etl/__init__.py': '',
      'etl/load.py': LOADER,
      'adhoc/nba/import_players.py': LOADER + '\n\nif __name__ == "__main__":\n    load()\n',
      'one-off/backfill_2019.py': LOADER + '\nload()\n',
      'sandbox/try_api.py': LOADER,
      'workshop/01_intro.py': DATABRICKS_NOTEBOOK('display(spark.sql("SELECT 1"))'),
    },
    modes: { 'adhoc/nba/import_players.py': 'hand-run', 'one-off/backfill_2019.py': 'hand-run', 'sandbox/try_api.py': 'hand-run', 'workshop/01_intro.py': 'hand-run', 'etl/load.py': 'pipeline' },
  },
  {
    name: "an analyst's folders (analysis/, exploration/, eda/) are hand-run; analytics/ is not",
    files: {
      'dags/load.py': DAG('load', 'analytics.scores'),
      'analytics/__init__.py': '',
      'analytics/scores.py': LOADER,
      'src/pkg/analysis/weighted_prices.py': LOADER + '\n\nif __name__ == "__main__":\n    load()\n',
      'exploration/try_api.py': LOADER + '\nload()\n',
      'eda/volumes.py': LOADER + '\nload()\n',
    },
    modes: { 'src/pkg/analysis/weighted_prices.py': 'hand-run', 'exploration/try_api.py': 'hand-run', 'eda/volumes.py': 'hand-run', 'analytics/scores.py': 'pipeline' },
  },
  {
    name: 'a script in a one-off folder that a pipeline step runs is pipeline',
    files: {
      'pipeline.yaml': 'name: nightly\nschedule: "0 3 * * *"\nsteps:\n  - name: load\n    run: python adhoc/load_orders.py\n',
      'adhoc/load_orders.py': LOADER + '\nload()\n',
    },
    modes: { 'adhoc/load_orders.py': 'pipeline' },
  },
  {
    name: 'examples/ and setup/ are not one-off folders',
    files: { 'dags/load.py': DAG('load', 'examples.load'), 'examples/__init__.py': '', 'examples/load.py': LOADER, 'setup/reload_tables.py': LOADER + '\nload()\n' },
    modes: { 'examples/load.py': 'pipeline', 'setup/reload_tables.py': 'unreached' },
  },
  {
    name: 'a CLI a DAG calls stays pipeline; a module nothing runs is unreached',
    files: {
      'dags/load.py': DAG('main', 'cli.export'),
      'cli/__init__.py': '',
      'cli/export.py': 'import argparse\n\nfrom etl.load import load\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.parse_args()\n    return load()\n',
      'etl/__init__.py': '',
      'etl/load.py': LOADER,
      'etl/unused.py': LOADER,
    },
    modes: { 'cli/export.py': 'pipeline', 'etl/load.py': 'pipeline', 'etl/unused.py': 'unreached' },
  },
  {
    name: 'a Glue job script (deployed by CDK, named nowhere in Python) and a notebook a Databricks job runs stay pipeline',
    files: {
      'glue/jobs/orders_job.py': 'import sys\nfrom awsglue.utils import getResolvedOptions\nfrom awsglue.context import GlueContext\n\nargs = getResolvedOptions(sys.argv, ["JOB_NAME"])\n',
      'infra/stack.py': 'from aws_cdk import aws_glue as glue\n\n\ndef build(scope):\n    return glue.CfnJob(scope, "orders", command={"scriptLocation": "s3://bucket/glue/jobs/orders_job.py"})\n',
      'notebooks/silver/orders.py': DATABRICKS_NOTEBOOK('spark.table("bronze.orders").write.saveAsTable("silver.orders")'),
      'dags/load.py': DAG(),
      'etl/__init__.py': '',
      'etl/load.py': LOADER,
    },
    modes: { 'glue/jobs/orders_job.py': 'pipeline', 'notebooks/silver/orders.py': 'pipeline' },
  },
  {
    name: 'a project whose SAM template deploys Lambda handlers: root scripts run from their main blocks are hand-run',
    files: {
      'template.yaml': SAM_TEMPLATE('lambda_function.lambda_handler'),
      'src/lambda_function.py': 'from etl.load import load\n\n\ndef lambda_handler(event, context):\n    return load()\n',
      'src/etl/__init__.py': '',
      'src/etl/load.py': LOADER,
      'src/etl/stats.py': LOADER,
      'january_backfill.py': 'from src.etl.load import load\n\nif __name__ == "__main__":\n    load()\n',
      'scripts/clear_tables.py': 'import psycopg2\n\n\ndef main():\n    psycopg2.connect("dbname=etl").cursor().execute("DELETE FROM orders")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    modes: {
      'src/lambda_function.py': 'pipeline',
      'src/etl/load.py': 'pipeline',
      'src/etl/stats.py': 'hand-run',
      'january_backfill.py': 'hand-run',
      'scripts/clear_tables.py': 'hand-run',
    },
  },
  {
    name: 'a handler the template names as an object in its module (handle = Job()) keeps what it calls in the pipeline',
    files: {
      'template.yaml': SAM_TEMPLATE('pipes.orders.handle'),
      'src/pipes/__init__.py': '',
      'src/pipes/orders.py': 'from common.pipe import Pipe\n\n\nclass Orders(Pipe):\n    pass\n\n\nhandle = Orders()\n',
      'src/common/__init__.py': '',
      'src/common/pipe.py': 'import requests\n\n\nclass Pipe:\n    def __call__(self, event, context):\n        return requests.get("https://api.example.com/orders").json()\n',
      'src/pipes/inventory.py': 'import requests\n\n\nclass Inventory:\n    def run(self):\n        return requests.get("https://api.example.com/stock").json()\n\n\nif __name__ == "__main__":\n    Inventory().run()\n',
    },
    modes: { 'src/pipes/orders.py': 'pipeline', 'src/common/pipe.py': 'pipeline', 'src/pipes/inventory.py': 'hand-run' },
  },
  {
    name: 'a serverless.yml deploys handlers the same way',
    files: {
      'serverless.yml': 'service: orders\nfunctions:\n  load:\n    handler: handler.run\n    events:\n      - schedule: rate(1 day)\n',
      'handler.py': 'from etl.load import load\n\n\ndef run(event, context):\n    return load()\n',
      'etl/__init__.py': '',
      'etl/load.py': LOADER,
      'backfill.py': 'from etl.load import load\n\nif __name__ == "__main__":\n    load()\n',
    },
    modes: { 'handler.py': 'pipeline', 'etl/load.py': 'pipeline', 'backfill.py': 'hand-run' },
  },
  {
    name: 'without a Lambda descriptor a root script run from its main block stays a start of the pipeline',
    files: {
      'template.yaml': 'name: report\nsections:\n  - orders\n',
      'lambda_function.py': 'from etl.load import load\n\n\ndef lambda_handler(event, context):\n    return load()\n',
      'etl/__init__.py': '',
      'etl/load.py': LOADER,
      'january_backfill.py': 'from etl.load import load\n\nif __name__ == "__main__":\n    load()\n',
    },
    modes: { 'lambda_function.py': 'pipeline', 'january_backfill.py': 'pipeline' },
  },
  {
    name: 'a template whose only function is not Python (a Node.js handler) says nothing of the Python scripts',
    files: {
      'template.yaml': SAM_TEMPLATE('index.handler'),
      'src/index.js': 'exports.handler = async () => ({ statusCode: 200 });\n',
      'lambda_function.py': 'from etl.load import load\n\n\ndef lambda_handler(event, context):\n    return load()\n',
      'etl/__init__.py': '',
      'etl/load.py': LOADER,
      'january_backfill.py': 'from etl.load import load\n\nif __name__ == "__main__":\n    load()\n',
    },
    modes: { 'lambda_function.py': 'pipeline', 'january_backfill.py': 'pipeline' },
  },
  {
    name: 'a course without an orchestrator: lessons in numbered folders are hand-run, code outside them is not',
    files: {
      '01_week/02_explore_catalog.py': DATABRICKS_NOTEBOOK('display(spark.sql("SHOW CATALOGS"))\nprint("done")'),
      'week_2/load_orders.py': LOADER + '\n\nif __name__ == "__main__":\n    load()\n',
      'lesson-3/exercise.py': LOADER,
      'module4/notebooks/joins.py': DATABRICKS_NOTEBOOK('spark.table("silver.orders").join(spark.table("silver.customers"), "id").show()'),
      'src/utils.py': LOADER,
    },
    modes: {
      '01_week/02_explore_catalog.py': 'hand-run',
      'week_2/load_orders.py': 'hand-run',
      'lesson-3/exercise.py': 'hand-run',
      'module4/notebooks/joins.py': 'hand-run',
      // The lesson's __main__ block is a start, so code nothing calls is only unreached.
      'src/utils.py': 'unreached',
    },
  },
  {
    name: 'a course notebook a job created through the SDK names by its workspace path is a job task, not a lesson',
    files: {
      '02_week/06_file_ingestion.py': DATABRICKS_NOTEBOOK('spark.read.json("/Volumes/raw/orders").write.saveAsTable("bronze.orders")\nprint("loaded")'),
      '02_week/05_concepts.py': DATABRICKS_NOTEBOOK('print("what a medallion architecture is")'),
      '05_week/19_create_job.py': DATABRICKS_NOTEBOOK(
        'from databricks.sdk import WorkspaceClient\nfrom databricks.sdk.service import jobs\n\nw = WorkspaceClient()\nw.jobs.create(name="ingest", tasks=[jobs.Task(task_key="files", notebook_task=jobs.NotebookTask(notebook_path="/Workspace/course/notebooks/02_week/06_file_ingestion"))])',
      ),
    },
    modes: { '02_week/06_file_ingestion.py': 'unknown', '02_week/05_concepts.py': 'hand-run', '05_week/19_create_job.py': 'hand-run' },
  },
  {
    name: 'a course whose chapters hold DAGs has an orchestrator: its DAGs stay pipeline and what they do not reach is only unreached',
    files: {
      'chapter03/dags/daily_orders.py': DAG('load', 'chapter03.etl.load'),
      'chapter03/__init__.py': '',
      'chapter03/etl/__init__.py': '',
      'chapter03/etl/load.py': LOADER,
      // Run inside a container a DockerOperator starts: the reach cannot follow it, so it is not called hand-run.
      'chapter10/docker/scripts/fetch_weather.py': LOADER + '\nload()\n',
    },
    modes: { 'chapter03/dags/daily_orders.py': 'pipeline', 'chapter03/etl/load.py': 'pipeline', 'chapter10/docker/scripts/fetch_weather.py': 'unreached' },
  },
  {
    name: 'numbered stage folders a bundle job runs stay the pipeline',
    files: {
      'resources/orders.job.yml': 'resources:\n  jobs:\n    orders:\n      name: orders\n      tasks:\n        - task_key: ingest\n          notebook_task:\n            notebook_path: ../01_ingest/orders.py\n',
      '01_ingest/orders.py': DATABRICKS_NOTEBOOK('spark.read.json("/Volumes/raw/orders").write.saveAsTable("bronze.orders")'),
      '02_transform/orders.py': DATABRICKS_NOTEBOOK('spark.table("bronze.orders").write.saveAsTable("silver.orders")'),
    },
    modes: { '01_ingest/orders.py': 'pipeline', '02_transform/orders.py': 'pipeline' },
  },
  {
    name: 'a project without starts is unknown, one-off folders aside',
    files: { 'etl/load.py': LOADER, 'adhoc/x.py': LOADER },
    modes: { 'etl/load.py': 'unknown', 'adhoc/x.py': 'hand-run' },
  },
];

describe('run mode', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const dir = writeWorkspace(c.files);
      try {
        const model = await scan(dir);
        const modes = Object.fromEntries(Object.keys(c.modes).map((file) => [file, model.runMode(file)]));
        assert.deepEqual(modes, c.modes);
      } finally {
        removeWorkspace(dir);
      }
    });
  }
});

describe('run mode gate', () => {
  const files: Files = {
    ...PIPELINE_NOTEBOOKS,
    '.github/workflows/release.yml': RELEASE_WORKFLOW('  release:\n    types: [published]', RUN_NOTEBOOK_STEP),
    'adhoc/import_once.py': 'import requests\n\nPASSWORD = "hunter2-prod-db"\nrows = requests.get("https://api.example.com/all").json()\n',
  };
  test('PW207 is silent in CI tooling and one-off code', async () => {
    const found = await lintFiles(files, 'PW207');
    assert.deepEqual(found.map((f) => f.file).filter((f) => f.includes('orchestration') || f.startsWith('adhoc/')), []);
  });
  test('PW101 still reports a secret in one-off code', async () => {
    const found = await lintFiles(files, 'PW101');
    assert.deepEqual(found.map((f) => `${f.file}:${f.line}`), ['adhoc/import_once.py:3']);
  });
  test('PW207 reports the same class when a pipeline notebook calls it', async () => {
    const found = await lintFiles({ ...files, 'notebooks/orders/load_to_bronze.py': DATABRICKS_NOTEBOOK('from shared.classes import Orchestration\n\nOrchestration().reset_job(1, {})') }, 'PW207');
    assert.ok(found.some((f) => f.file === 'shared/classes/orchestration.py'), JSON.stringify(found));
  });
});

describe('run mode gate: course lessons', () => {
  const LESSON = 'import requests\n\nrows = requests.get("https://api.example.com/orders").json()\nprint(len(rows))\n';
  test('PW207 is silent in a lesson of a course nothing orchestrates', async () => {
    const found = await lintFiles({ '02_week/07_api_ingest.py': LESSON }, 'PW207');
    assert.deepEqual(found, []);
  });
  test('PW207 reports the same lesson when a job the project creates names it as its notebook', async () => {
    const found = await lintFiles(
      {
        '02_week/07_api_ingest.py': LESSON,
        '05_week/create_job.py': 'from databricks.sdk import WorkspaceClient\nfrom databricks.sdk.service import jobs\n\nWorkspaceClient().jobs.create(name="ingest", tasks=[jobs.Task(task_key="api", notebook_task=jobs.NotebookTask(notebook_path="/Workspace/course/02_week/07_api_ingest"))])\n',
      },
      'PW207',
    );
    assert.deepEqual(found.map((f) => f.file), ['02_week/07_api_ingest.py']);
  });
  test('PW207 reports a numbered folder a DAG reaches', async () => {
    const found = await lintFiles({ 'dags/load.py': DAG('load', 'week_2.load'), 'week_2/__init__.py': '', 'week_2/load.py': 'import requests\n\n\ndef load():\n    return requests.get("https://api.example.com/orders").json()\n' }, 'PW207');
    assert.deepEqual(found.map((f) => f.file), ['week_2/load.py']);
  });
});

describe('run mode, incrementally', () => {
  test('editing the workflow (a release trigger becomes a schedule) changes the mode and the file key', async () => {
    const files: Files = { ...PIPELINE_NOTEBOOKS, '.github/workflows/release.yml': RELEASE_WORKFLOW('  release:\n    types: [published]', RUN_NOTEBOOK_STEP) };
    const dir = writeWorkspace(files);
    try {
      const model = await scan(dir);
      const engine = await sharedEngine();
      assert.equal(model.runMode('shared/classes/orchestration.py'), 'ci-tooling');
      const before = model.printsKey('shared/classes/orchestration.py');
      const workflow = path.join(dir, '.github/workflows/release.yml');
      model.updateDocument(engine.analyze(workflow, RELEASE_WORKFLOW("  schedule:\n    - cron: '0 5 * * *'", RUN_NOTEBOOK_STEP))!);
      assert.equal(model.runMode('shared/classes/orchestration.py'), 'unknown');
      assert.notEqual(model.printsKey('shared/classes/orchestration.py'), before);
      model.updateDocument(engine.analyze(workflow, files['.github/workflows/release.yml'])!);
      assert.equal(model.runMode('shared/classes/orchestration.py'), 'ci-tooling');
    } finally {
      removeWorkspace(dir);
    }
  });
});
