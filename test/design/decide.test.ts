import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { listDecisions } from '../../server/src/design/design';
import { ANSWER_FILES, generate, withChanges } from './helpers';
import { generateDesign } from '../../server/src/design/index';

const decisionsOf = (file: string) => generate(file).design.decisions;
const decisionsFor = (raw: Record<string, unknown>) => generateDesign(raw).design.decisions;

describe('decision rules', () => {
  test('Kafka → Snowflake with hourly aggregations: hybrid, ELT, Airflow, Kafka Connect sink, 5-minute micro-batches', () => {
    const d = decisionsOf('kafka-snowflake.yaml');
    assert.equal(d.pattern.id, 'hybrid');
    assert.match(d.pattern.choice, /streaming ingestion with batch aggregation/i);
    assert.match(d.pattern.rejectedAlternative, /pure streaming/i);
    assert.equal(d.transform.id, 'ELT');
    assert.match(d.transform.choice, /dbt/);
    assert.equal(d.orchestration.id, 'airflow');
    assert.equal(d.sources[0].ingestion.id, 'kafka-connect-sink');
    assert.match(d.sources[0].ingestion.choice, /Kafka Connect Snowflake sink/);
    assert.equal(d.sources[0].extraction.id, 'offsets');
    assert.equal(d.load.id, 'merge');
    assert.equal(d.interval.id, 'micro-batch');
    assert.equal(d.interval.minutes, 5);
    assert.deepEqual([d.transformSchedule.cron, d.transformSchedule.lookbackHours], ['10 * * * *', 3]);
  });

  test('Postgres orders daily → BigQuery: batch, watermark, custom extract, idempotent load', () => {
    const d = decisionsOf('postgres-bigquery-batch.yaml');
    assert.equal(d.pattern.id, 'batch');
    assert.equal(d.sources[0].extraction.id, 'watermark');
    assert.match(d.sources[0].extraction.choice, /`updated_at` watermark/);
    assert.equal(d.sources[0].ingestion.id, 'custom-python-extract');
    assert.ok(['merge', 'partition-overwrite'].includes(d.load.id));
    assert.equal(d.interval.id, 'schedule');
    assert.match(d.interval.choice, /cron `0 2 \* \* \*`/);
    assert.equal(d.transform.id, 'ELT');
  });

  test('three sources with CDC and files: hybrid, Debezium for the busy table, Dagster', () => {
    const d = decisionsOf('hybrid-multi-source.json');
    assert.equal(d.pattern.id, 'hybrid');
    assert.equal(d.orchestration.id, 'dagster');
    const bySource = Object.fromEntries(d.sources.map((s) => [s.source.source.name, s]));
    assert.equal(bySource.customers.extraction.id, 'cdc');
    assert.equal(bySource.customers.ingestion.id, 'debezium');
    assert.equal(bySource.page_views.ingestion.id, 'kafka-connect-sink');
    assert.equal(bySource.partner_feeds.extraction.id, 'new-files');
    assert.equal(bySource.partner_feeds.ingestion.id, 'native-file-loader');
    assert.equal(d.transformSchedule.cron, '30 1 * * *');
  });

  test('REST API source: cursor extraction, custom extract, stated orchestrator wins', () => {
    const d = decisionsOf('rest-api-redshift.yaml');
    assert.equal(d.sources[0].extraction.id, 'api-cursor');
    assert.equal(d.sources[0].ingestion.id, 'custom-python-extract');
    assert.equal(d.orchestration.id, 'prefect');
    assert.match(d.orchestration.reason, /stated preference/);
    assert.equal(d.orchestration.rejectedAlternative, 'Apache Airflow');
    assert.equal(d.pattern.id, 'batch');
    assert.equal(d.interval.minutes, 60);
  });

  test('a SaaS API covered by managed connectors gets one', () => {
    const d = decisionsFor(withChanges({ sources: [{ type: 'rest-api', name: 'accounts', system: 'salesforce' }], latency: 'batch', aggregations: [] }));
    assert.equal(d.sources[0].ingestion.id, 'managed-connector');
  });

  test('PII compliance: ETL with masking before landing, and a stream job instead of the plain sink', () => {
    const d = decisionsOf('pii-kafka-snowflake.yaml');
    assert.equal(d.transform.id, 'ETL');
    assert.match(d.transform.reason, /before they land/);
    assert.match(d.transform.rejectedAlternative, /^ELT/);
    assert.equal(d.sources[0].ingestion.id, 'spark-structured-streaming');
    assert.match(d.sources[0].ingestion.whyNot, /MaskField/);
  });

  test('streaming latency without aggregations: streaming end to end, continuous flush', () => {
    const d = decisionsFor(withChanges({ latency: { mode: 'streaming', freshness_minutes: 1 }, aggregations: [] }));
    assert.equal(d.pattern.id, 'streaming');
    assert.equal(d.interval.id, 'continuous');
  });

  test('a stream source with a batch latency is still ingested continuously (hybrid)', () => {
    assert.equal(decisionsFor(withChanges({ latency: 'batch', aggregations: ['daily'] })).pattern.id, 'hybrid');
  });

  test('append-only rows into BigQuery: partition overwrite', () => {
    const d = decisionsFor({
      name: 'events',
      sources: [{ type: 'database', name: 'audit_log', changes: 'append-only', volume: '50K rows/day' }],
      destination: 'bigquery',
      latency: 'batch',
    });
    assert.equal(d.load.id, 'partition-overwrite');
    assert.equal(d.sources[0].extraction.id, 'watermark');
  });

  test('a database with updates and deletes at volume gets CDC even in batch', () => {
    const d = decisionsFor({
      name: 'ledger',
      sources: [{ type: 'database', name: 'ledger', changes: 'updates-and-deletes', volume: '3M rows/day' }],
      destination: 'snowflake',
      latency: 'batch',
    });
    assert.equal(d.sources[0].extraction.id, 'cdc');
    assert.equal(d.sources[0].ingestion.id, 'debezium');
  });

  test('small tables with deletes keep the watermark and are told how to catch deletes', () => {
    const d = decisionsFor({ name: 'x', sources: [{ type: 'database', name: 'plans', changes: 'updates-and-deletes', volume: '1K rows/day' }], destination: 'snowflake', latency: 'batch' });
    assert.equal(d.sources[0].extraction.id, 'watermark');
    assert.match(d.sources[0].extraction.reason, /Hard deletes are invisible/);
  });

  test('object storage destination: ETL', () => {
    const d = decisionsFor({ name: 'x', sources: [{ type: 'files', name: 'exports' }], destination: 's3', latency: 'batch' });
    assert.equal(d.transform.id, 'ETL');
    assert.equal(d.load.id, 'partition-overwrite');
  });

  test('orchestration "none" is respected and says what is given up', () => {
    const d = decisionsFor(withChanges({ orchestration: 'none' }));
    assert.equal(d.orchestration.id, 'none');
    assert.match(d.orchestration.choice, /Snowflake tasks/);
    assert.match(d.orchestration.whyNot, /backfill/);
  });

  test('a full extract is never chosen', () => {
    for (const file of ANSWER_FILES) {
      for (const { extraction } of decisionsOf(file).sources) {
        assert.ok(['offsets', 'cdc', 'watermark', 'api-cursor', 'new-files'].includes(extraction.id), `${file}: ${extraction.id}`);
        assert.doesNotMatch(extraction.choice, /full/i, file);
      }
    }
  });

  test('every decision explains itself and rejects a different alternative', () => {
    for (const file of ANSWER_FILES) {
      for (const decision of listDecisions(decisionsOf(file))) {
        for (const key of ['topic', 'choice', 'reason', 'rejectedAlternative', 'whyNot'] as const) {
          assert.ok(decision[key].length > 5, `${file}: ${decision.topic}.${key} is empty`);
        }
        assert.notEqual(decision.choice, decision.rejectedAlternative, `${file}: ${decision.topic}`);
      }
    }
  });
});
