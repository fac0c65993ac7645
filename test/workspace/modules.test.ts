// The project's own modules (engine/workspace/modules.ts) and the code retries declared elsewhere
// cover (retried-code.ts through the model): import resolution for packages, relative imports,
// src/ layouts and folders put on the path at run time; retriesForFunction, its key, and which
// imported modules the CLI must analyse up front.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModuleIndex } from '../../server/src/engine/workspace/modules';
import { WorkspaceModel } from '../../server/src/engine/workspace/model';
import { sharedEngine } from '../helpers/rule-tester';
import { modelWith } from '../helpers/workspace-model';

const FILES = [
  '/ws/etl/__init__.py',
  '/ws/etl/tasks.py',
  '/ws/etl/db/__init__.py',
  '/ws/etl/db/postgres.py',
  '/ws/src/shop/__init__.py',
  '/ws/src/shop/client.py',
  '/ws/pipeline/dags/orders.py',
  '/ws/pipeline/dags/shared/tasks.py',
  '/ws/legacy/etl/tasks.py',
  '/ws/README.md',
];

describe('ModuleIndex', () => {
  const index = new ModuleIndex(FILES);

  test('absolute module names, packages and names inside them', () => {
    assert.equal(index.moduleFile('/ws/dags/x.py', 'etl.tasks'), '/ws/etl/tasks.py');
    assert.equal(index.moduleFile('/ws/dags/x.py', 'etl.db'), '/ws/etl/db/__init__.py');
    assert.deepEqual(index.resolve('/ws/dags/x.py', 'etl.tasks.fetch_orders'), { file: '/ws/etl/tasks.py', member: ['fetch_orders'] });
    assert.deepEqual(index.resolve('/ws/dags/x.py', 'etl.db.postgres.Loader.load'), { file: '/ws/etl/db/postgres.py', member: ['Loader', 'load'] });
  });

  test('src/ layouts and folders on the path at run time (an Airflow dags folder)', () => {
    assert.equal(index.moduleFile('/ws/src/shop/ops.py', 'shop.client'), '/ws/src/shop/client.py');
    assert.equal(index.moduleFile('/ws/pipeline/dags/orders.py', 'shared.tasks'), '/ws/pipeline/dags/shared/tasks.py');
  });

  test('relative imports', () => {
    assert.equal(index.moduleFile('/ws/etl/db/postgres.py', '..tasks'), '/ws/etl/tasks.py');
    assert.equal(index.moduleFile('/ws/etl/tasks.py', '.db.postgres'), '/ws/etl/db/postgres.py');
    assert.deepEqual(index.resolve('/ws/etl/tasks.py', '.db.connect'), { file: '/ws/etl/db/__init__.py', member: ['connect'] });
  });

  test('the nearest of several matches wins; installed packages resolve to nothing', () => {
    assert.equal(index.moduleFile('/ws/legacy/run.py', 'etl.tasks'), '/ws/legacy/etl/tasks.py');
    assert.equal(index.moduleFile('/ws/dags/x.py', 'etl.tasks'), '/ws/etl/tasks.py');
    assert.equal(index.resolve('/ws/dags/x.py', 'requests.get'), null);
    assert.equal(index.resolve('/ws/dags/x.py', 'google.cloud.bigquery.Client'), null);
  });
});

describe('WorkspaceModel: code retried from elsewhere', () => {
  const TASKS = 'import requests\n\n\ndef fetch_orders(day):\n    return requests.get(URL, timeout=5).json()\n\n\ndef unused():\n    return requests.get(URL, timeout=5)\n';
  const DAG = (retries: string) => `from airflow import DAG\nfrom airflow.operators.python import PythonOperator\nfrom etl.tasks import fetch_orders\n\nwith DAG("orders", default_args={"retries": ${retries}}) as dag:\n    PythonOperator(task_id="fetch", python_callable=fetch_orders)\n`;


  test('retriesForFunction and its key follow the DAG; an edit of the DAG changes them', async () => {
    const engine = await sharedEngine();
    const model = await modelWith({ '/ws/etl/__init__.py': '', '/ws/etl/tasks.py': TASKS, '/ws/dags/orders.py': DAG('3') });
    assert.equal(model.retriesForFunction('/ws/etl/tasks.py', 'fetch_orders'), 3);
    assert.equal(model.retriesForFunction('/ws/etl/tasks.py', 'unused'), null);
    assert.equal(model.projectView('/ws/etl').retriesForFunction!('tasks.py', 'fetch_orders'), 3, 'relative paths resolve against the base');
    const key = model.projectView().retriesKey!('/ws/etl/tasks.py');
    assert.match(key, /fetch_orders=3/);
    model.updateDocument(engine.analyze('/ws/dags/orders.py', DAG('0'))!);
    assert.equal(model.retriesForFunction('/ws/etl/tasks.py', 'fetch_orders'), null);
    assert.notEqual(model.projectView().retriesKey!('/ws/etl/tasks.py'), key);
  });

  test('a project task factory given a function and retries (create_python_task(dag, "id", fn, retries=5)) retries what the function calls', async () => {
    const factory = 'from airflow.operators.python import PythonOperator\n\n\ndef create_python_task(dag, task_id, python_callable, retries=0):\n    return PythonOperator(task_id=task_id, dag=dag, python_callable=python_callable, retries=retries)\n';
    const dag = (retries: string) => `from etl.tasks import fetch_orders\nfrom etl.factory import create_python_task\n\nDAG_ = create_dag("orders")\n\n\ndef fetch_step(**kwargs):\n    fetch_orders(kwargs["ds"])\n\n\ncreate_python_task(DAG_, "fetch", fetch_step${retries})\n`;
    const files = { '/ws/etl/__init__.py': '', '/ws/etl/tasks.py': TASKS, '/ws/etl/factory.py': factory };
    const withRetries = await modelWith({ ...files, '/ws/dags/orders.py': dag(', retries=5') });
    assert.equal(withRetries.retriesForFunction('/ws/etl/tasks.py', 'fetch_orders'), 5);
    const without = await modelWith({ ...files, '/ws/dags/orders.py': dag('') });
    assert.equal(without.retriesForFunction('/ws/etl/tasks.py', 'fetch_orders'), null, 'no retries given: the factory default decides, unseen');
    const zero = await modelWith({ ...files, '/ws/dags/orders.py': dag(', retries=0') });
    assert.equal(zero.retriesForFunction('/ws/etl/tasks.py', 'fetch_orders'), null);
  });

  test('feeding a file the same text again changes nothing', async () => {
    const engine = await sharedEngine();
    const model = await modelWith({ '/ws/etl/tasks.py': TASKS, '/ws/dags/orders.py': DAG('3') });
    const version = model.version;
    model.updateDocument(engine.analyze('/ws/etl/tasks.py', TASKS)!);
    assert.equal(model.version, version);
  });

  test('unanalyzedImports lists the project modules analysed code imports, transitively as they are added', async () => {
    const engine = await sharedEngine();
    const model = new WorkspaceModel('/ws');
    model.setFiles(['/ws/dags/orders.py', '/ws/etl/__init__.py', '/ws/etl/tasks.py', '/ws/etl/db.py', '/ws/other.py']);
    model.updateDocument(engine.analyze('/ws/dags/orders.py', DAG('3'))!);
    assert.deepEqual(model.unanalyzedImports(), ['/ws/etl/tasks.py']);
    model.updateDocument(engine.analyze('/ws/etl/tasks.py', `from etl.db import connect\n${TASKS}`)!);
    assert.deepEqual(model.unanalyzedImports(), ['/ws/etl/db.py']);
  });
});
