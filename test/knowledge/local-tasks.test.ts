// Orchestration knowledge for tasks with nothing transient to retry (PW403): which Airflow
// operators stay local, which run a callable or a shell command, which modules and builtins stay
// on the worker.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AIRFLOW_CALLABLE_OPERATORS, AIRFLOW_LOCAL_OPERATORS, isSensorDecorator, AIRFLOW_SHELL_OPERATORS, IN_PROCESS_BUILTINS, isInProcessModuleCall, LOCAL_SHELL_COMMANDS,
} from '../../server/src/engine/knowledge';

test('placeholders, date branches, triggers and time or local-file sensors are local operators; I/O operators are not', () => {
  for (const name of ['EmptyOperator', 'DummyOperator', 'TriggerDagRunOperator', 'ExternalTaskSensor', 'FileSensor', 'TimeDeltaSensor']) assert.ok(AIRFLOW_LOCAL_OPERATORS.has(name), name);
  for (const name of ['PostgresOperator', 'SimpleHttpOperator', 'S3KeySensor', 'DockerOperator', 'PythonOperator', 'BashOperator']) assert.ok(!AIRFLOW_LOCAL_OPERATORS.has(name), name);
  assert.ok(AIRFLOW_CALLABLE_OPERATORS.has('BranchPythonOperator') && AIRFLOW_CALLABLE_OPERATORS.has('PythonSensor'));
  assert.ok(!AIRFLOW_CALLABLE_OPERATORS.has('PythonVirtualenvOperator'), 'a virtualenv operator installs packages');
  assert.ok(AIRFLOW_SHELL_OPERATORS.has('BashOperator'));
});

test('shell commands and modules that stay on the worker', () => {
  for (const word of ['echo', 'sleep', 'date']) assert.ok(LOCAL_SHELL_COMMANDS.has(word), word);
  for (const word of ['curl', 'wget', 'python', 'psql', 'aws', 'spark-submit', 'dbt']) assert.ok(!LOCAL_SHELL_COMMANDS.has(word), word);
  for (const name of ['random.randint', 'uuid.uuid4', 'pendulum.now', 'airflow.utils.dates.days_ago', 'pathlib.Path', 'datetime.datetime.now']) assert.ok(isInProcessModuleCall(name), name);
  for (const name of ['requests.get', 'psycopg2.connect', 'airflow.providers.postgres.hooks.postgres.PostgresHook', 'timeout_decorator.timeout', 'os.system', 'subprocess.run']) assert.ok(!isInProcessModuleCall(name), name);
  assert.ok(IN_PROCESS_BUILTINS.has('print') && !IN_PROCESS_BUILTINS.has('open') && !IN_PROCESS_BUILTINS.has('exec'));
});

test('Dagster sensors are evaluated every tick (PW103: the next tick is the retry)', () => {
  for (const name of ['dagster.sensor', 'dagster.asset_sensor', 'dagster.run_status_sensor']) assert.ok(isSensorDecorator(name), name);
  for (const name of ['dagster.asset', 'dagster.op', 'airflow.sensors.base.BaseSensorOperator', 'sensor']) assert.ok(!isSensorDecorator(name), name);
});
