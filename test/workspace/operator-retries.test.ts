// A project's own Airflow operator runs its methods inside the tasks that instantiate it: they get
// the task's retries (or the DAG's default_args), and 0 — "run by a task with no retries
// configured" — when no task that builds it sets any, which PW103 reports at the operator's I/O.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintFiles } from './helpers';
import { modelWith } from '../helpers/workspace-model';

const OPERATOR = `from airflow.models import BaseOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook


class CopyRowsOperator(BaseOperator):
    def __init__(self, sql, table, **kwargs):
        super().__init__(**kwargs)
        self.sql = sql
        self.table = table

    def execute(self, context):
        src = PostgresHook(postgres_conn_id="oltp")
        rows = src.get_records(self.sql)
        PostgresHook(postgres_conn_id="dwh").insert_rows(self.table, rows)
`;
const DAG = (defaults: string, task = '') => `from datetime import datetime
from airflow import DAG
from plugins.copy_rows import CopyRowsOperator

with DAG("staging", start_date=datetime(2024, 1, 1), schedule="@daily"${defaults}) as dag:
    CopyRowsOperator(task_id="copy_orders", sql="SELECT * FROM orders", table="stg_orders"${task})
`;


const files = (dag: string) => ({ '/ws/plugins/__init__.py': '', '/ws/plugins/copy_rows.py': OPERATOR, '/ws/dags/staging.py': dag });

describe('WorkspaceModel: the project operator classes DAGs instantiate', () => {
  test('a DAG with no retries: the operator methods run with 0 retries', async () => {
    const model = await modelWith(files(DAG('')));
    assert.equal(model.retriesForFunction('/ws/plugins/copy_rows.py', 'CopyRowsOperator.execute'), 0);
  });

  test('default_args or the task set retries: retried', async () => {
    assert.equal((await modelWith(files(DAG(', default_args={"retries": 2}')))).retriesForFunction('/ws/plugins/copy_rows.py', 'CopyRowsOperator.execute'), 2);
    assert.equal((await modelWith(files(DAG('', ', retries=3')))).retriesForFunction('/ws/plugins/copy_rows.py', 'CopyRowsOperator.execute'), 3);
  });

  test('one DAG retries it and another does not: left to where the tasks are declared, not 0', async () => {
    const model = await modelWith({ ...files(DAG('')), '/ws/dags/other.py': DAG(', default_args={"retries": 2}').replace('"staging"', '"other"') });
    assert.equal(model.retriesForFunction('/ws/plugins/copy_rows.py', 'CopyRowsOperator.execute'), 2);
  });

  test('an operator no DAG instantiates is unknown', async () => {
    const model = await modelWith({ '/ws/plugins/__init__.py': '', '/ws/plugins/copy_rows.py': OPERATOR });
    assert.equal(model.retriesForFunction('/ws/plugins/copy_rows.py', 'CopyRowsOperator.execute'), null);
  });

  test('PW103 reports the operator I/O only when its DAGs configure no retries', async () => {
    const relative = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([name, text]) => [name.slice('/ws/'.length), text]));
    const lines = async (files: Record<string, string>) => (await lintFiles(relative(files), 'PW103')).filter((f) => f.file === 'plugins/copy_rows.py').map((f) => f.line);
    assert.deepEqual(await lines(files(DAG(''))), [13]);
    assert.deepEqual(await lines(files(DAG(', default_args={"retries": 2}'))), []);
    assert.deepEqual(await lines({ '/ws/plugins/__init__.py': '', '/ws/plugins/copy_rows.py': OPERATOR }), []);
  });
});
