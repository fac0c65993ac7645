// The design wizard's hints detected from analysed files: name and schedule from the pipeline
// config, sources from reads (minus intermediates written in the folder), destination from loads.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HintsCollector } from '../../server/src/design/hints-from-files';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../rules/index';

let engine: Engine;
before(async () => {
  engine = await Engine.create(ALL_RULES);
});
after(() => engine.dispose());

function hintsOf(files: Record<string, string>) {
  const collector = new HintsCollector();
  for (const [name, text] of Object.entries(files)) {
    const doc = engine.analyze(name, text);
    if (doc) collector.add(doc, name);
  }
  return collector.result();
}

describe('hints from files', () => {
  test('a Kafka consumer, an HTTP API and a source file; Snowflake as the destination', () => {
    const hints = hintsOf({
      'dags/events.py': 'from airflow import DAG\nwith DAG(dag_id="events_to_snowflake", schedule="@hourly") as dag:\n    pass\n',
      'ingest.py': [
        'import pandas as pd',
        'import requests',
        'from kafka import KafkaConsumer',
        'from snowflake.connector.pandas_tools import write_pandas',
        'consumer = KafkaConsumer("customer_events")',
        'rates = requests.get("https://api.example.com/v1/rates", timeout=10)',
        'accounts = pd.read_csv("data/accounts.csv")',
        'accounts.to_parquet("/tmp/accounts.parquet")',
        'staged = pd.read_parquet("/tmp/accounts.parquet")',
        'write_pandas(conn, staged, "ACCOUNTS")',
        '',
      ].join('\n'),
    });
    assert.equal(hints.name, 'events_to_snowflake');
    assert.equal(hints.schedule, '@hourly');
    assert.deepEqual(hints.sources?.map((s) => [s.type, s.name, s.system ?? s.format ?? null]), [
      ['stream', 'customer_events', 'kafka'],
      ['rest-api', 'api.example.com/rates', null],
      ['files', 'accounts.csv', 'csv'],
    ]);
    assert.equal(hints.destination?.type, 'snowflake');
  });

  test('Spark: a file read is a source; a table write names no destination system', () => {
    const hints = hintsOf({
      'job.py': [
        'from pyspark.sql import SparkSession',
        'spark = SparkSession.builder.getOrCreate()',
        'orders = spark.read.option("header", True).csv("data/orders.csv")',
        'orders.write.mode("overwrite").saveAsTable("silver.orders")',
        '',
      ].join('\n'),
    });
    assert.deepEqual(hints.sources?.map((s) => [s.type, s.name, s.format ?? null]), [['files', 'orders.csv', 'csv']]);
    assert.equal(hints.destination, undefined);
  });

  test('SQLAlchemy reads and a to_sql load; test files are ignored', () => {
    const hints = hintsOf({
      'pipeline.yaml': 'name: billing\ncron: "0 * * * *"\nsteps:\n  - name: sync\n    script: sync.py\n',
      'sync.py': 'import pandas as pd\nfrom sqlalchemy import create_engine\nsource = create_engine("mysql://db/billing")\nframe = pd.read_sql("select * from invoices where paid", source)\nframe.to_sql("invoices", warehouse)\n',
      'tests/test_sync.py': 'import requests\nrequests.get("https://example.com/x", timeout=1)\n',
    });
    assert.equal(hints.name, 'billing');
    assert.equal(hints.schedule, '0 * * * *');
    assert.deepEqual(hints.sources?.map((s) => [s.type, s.name, s.system]), [['database', 'invoices', 'mysql']]);
    assert.equal(hints.destination?.type, 'postgres');
  });

  test('nothing detected: no hints', () => {
    assert.deepEqual(hintsOf({ 'util.py': 'def add(a, b):\n    return a + b\n' }), {});
  });
});
