// A function that retried code calls, whose result the caller drops, and that turns every failure
// into a return value (`except Exception: return False`) never fails the task: the task's retries
// never fire for it, so it and what it calls count as not retried. A caller that tests the result
// keeps the retry.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { modelWith } from '../helpers/workspace-model';

const DATA = `import requests


def get_data(url):
    try:
        rows = requests.get(url, timeout=30).json()
        save(rows)
        return True
    except Exception as e:
        logger.exception(e)
        return False


def save(rows):
    pass
`;

const DAG = (body: string) => `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator
from jobs.data import get_data


def process():
${body}


with DAG("jobs", start_date=datetime(2024, 1, 1), schedule="@weekly", catchup=False, default_args={"retries": 1}) as dag:
    PythonOperator(task_id="process", python_callable=process)
`;

describe('WorkspaceModel: failures returned as values to a caller that drops them', () => {
  const files = (body: string) => ({ '/ws/dags/jobs.py': DAG(body), '/ws/jobs/__init__.py': '', '/ws/jobs/data.py': DATA });

  test('the result dropped: the function and what it calls are not retried', async () => {
    const model = await modelWith(files('    get_data("https://api.example.com/a")'));
    assert.equal(model.retriesForFunction('/ws/dags/jobs.py', 'process'), 1);
    assert.equal(model.retriesForFunction('/ws/jobs/data.py', 'get_data'), 0);
    assert.equal(model.retriesForFunction('/ws/jobs/data.py', 'save'), 0);
  });

  test('the result tested and raised on: the retry fires, so they stay retried', async () => {
    const model = await modelWith(files('    if not get_data("https://api.example.com/a"):\n        raise RuntimeError("extract failed")'));
    assert.equal(model.retriesForFunction('/ws/jobs/data.py', 'get_data'), 1);
    assert.equal(model.retriesForFunction('/ws/jobs/data.py', 'save'), 1);
  });

  test('the result kept in a name: not known to be dropped, stays retried', async () => {
    const model = await modelWith(files('    ok = get_data("https://api.example.com/a")\n    assert ok'));
    assert.equal(model.retriesForFunction('/ws/jobs/data.py', 'get_data'), 1);
  });
});
