import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AnswersError, formatProblem, parseAnswersText, validateAnswers } from '../../server/src/design/answers';
import { generateDesign } from '../../server/src/design/index';
import { bytesPerDay, eventsPerSecond, parseVolume } from '../../server/src/design/volume';
import { ANSWER_FILES, readAnswers, withChanges } from './helpers';

function problemsOf(raw: unknown): string[] {
  const result = validateAnswers(raw);
  assert.equal(result.ok, false, 'expected the answers to be rejected');
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('answers files', () => {
  for (const file of ANSWER_FILES) {
    test(`${file} is valid`, () => {
      const result = validateAnswers(readAnswers(file));
      assert.equal(result.ok, true, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
    });
  }

  test('the Kafka answers are read into the model', () => {
    const result = validateAnswers(readAnswers('kafka-snowflake.yaml'));
    assert.ok(result.ok);
    const { answers } = result;
    assert.equal(answers.name, 'Customer events to Snowflake');
    assert.deepEqual(answers.sources.map((s) => [s.type, s.name, s.system, s.format]), [['stream', 'customer_events', 'kafka', 'json']]);
    assert.deepEqual(answers.destination, { type: 'snowflake', name: 'analytics' });
    assert.deepEqual(answers.latency, { mode: 'near-real-time', freshnessMinutes: 15 });
    assert.deepEqual(answers.aggregations, ['hourly']);
    assert.equal(answers.orchestration, 'decide');
    assert.equal(answers.volume.growthPercentPerMonth, 5);
  });

  test('short forms: latency, destination and compliance as plain strings; choices are case-insensitive', () => {
    const result = validateAnswers({ name: 'x', sources: [{ type: 'Stream', name: 't' }], destination: 'BigQuery', latency: 'batch', compliance: 'PII' });
    assert.ok(result.ok);
    assert.equal(result.answers.destination.type, 'bigquery');
    assert.equal(result.answers.latency.mode, 'batch');
    assert.deepEqual(result.answers.compliance, ['pii']);
    assert.equal(result.answers.orchestration, 'decide');
  });

  test('JSON text is read as well as YAML', () => {
    assert.deepEqual(parseAnswersText('{"name": "x", "sources": []}'), { name: 'x', sources: [] });
  });
});

describe('volumes', () => {
  const cases: [string, number, number][] = [
    ['10K events/minute', 10_000 / 60, 14.4e9],
    ['~10,000 events/min', 10_000 / 60, 14.4e9],
    ['5 GB/day', 5e9 / 86_400 / 1_000, 5e9],
    ['1.5M rows per day', 1.5e6 / 86_400, 1.5e9],
    ['200 messages/s', 200, 200 * 86_400 * 1_000],
    ['2.5 TB/month', 2.5e12 / 2_592_000 / 1_000, 2.5e12 / 30],
  ];
  for (const [text, perSecond, perDay] of cases) {
    test(`"${text}" → ${perSecond.toFixed(3)} events/s, ${perDay} bytes/day (1 KB events)`, () => {
      const result = parseVolume(text);
      assert.ok(result.ok, result.ok ? '' : result.message);
      assert.ok(Math.abs(eventsPerSecond(result.volume, 1_000) - perSecond) < 1e-6);
      assert.ok(Math.abs(bytesPerDay(result.volume, 1_000) - perDay) < 1e-3);
    });
  }

  test('unreadable and negative volumes are refused with an example', () => {
    assert.deepEqual(parseVolume('lots'), {
      ok: false,
      message: 'cannot read volume "lots"; write a number, a unit and a period, e.g. "10K events/minute" or "5 GB/day"',
    });
    assert.deepEqual(parseVolume('-5 GB/day'), { ok: false, message: 'volume must not be negative: "-5 GB/day"' });
  });
});

describe('invalid answers', () => {
  test('unknown source type', () => {
    const problems = problemsOf(withChanges({ sources: [{ type: 'kafka-ish', name: 'customer_events' }] }));
    assert.deepEqual(problems, ['sources[0].type: unknown source type "kafka-ish"; accepted: database, rest-api, files, object-storage, stream']);
  });

  test('missing name', () => {
    assert.deepEqual(problemsOf(withChanges({ name: undefined })), ['name: missing pipeline name']);
    assert.deepEqual(problemsOf(withChanges({ name: '  ' })), ['name: missing pipeline name']);
    assert.deepEqual(problemsOf(withChanges({ name: 42 })), ['name: the pipeline name must be a string (got 42)']);
  });

  test('negative and unreadable volumes', () => {
    assert.deepEqual(problemsOf(withChanges({ sources: [{ type: 'stream', name: 'e', volume: '-5 GB/day' }] })), [
      'sources[0].volume: volume must not be negative: "-5 GB/day"',
    ]);
    assert.deepEqual(problemsOf(withChanges({ volume: { current: -3 } })), ['volume.current: volume must not be negative: -3']);
    assert.deepEqual(problemsOf(withChanges({ volume: 'plenty' })), [
      'volume: cannot read volume "plenty"; write a number, a unit and a period, e.g. "10K events/minute" or "5 GB/day"',
    ]);
  });

  test('missing or empty sources, and a source without a name', () => {
    assert.deepEqual(problemsOf(withChanges({ sources: undefined })), ['sources: missing sources; list at least one, e.g. [{type: stream, name: customer_events}]']);
    assert.deepEqual(problemsOf(withChanges({ sources: [] })), ['sources: no sources; list at least one']);
    assert.deepEqual(problemsOf(withChanges({ sources: [{ type: 'database' }] })), ['sources[0].name: missing source name (topic, table, endpoint or bucket)']);
    assert.deepEqual(problemsOf(withChanges({ sources: [{ name: 'orders' }] })), [
      'sources[0].type: missing source type; accepted: database, rest-api, files, object-storage, stream',
    ]);
  });

  test('destination, latency, orchestration and compliance values outside their lists', () => {
    assert.deepEqual(problemsOf(withChanges({ destination: { type: 'excel' } })), [
      'destination.type: unknown destination type "excel"; accepted: snowflake, bigquery, redshift, databricks, synapse, postgres, s3, gcs, adls',
    ]);
    assert.deepEqual(problemsOf(withChanges({ destination: undefined })), [
      'destination: missing destination; accepted types: snowflake, bigquery, redshift, databricks, synapse, postgres, s3, gcs, adls',
    ]);
    assert.deepEqual(problemsOf(withChanges({ latency: 'instant' })), ['latency.mode: unknown latency mode "instant"; accepted: batch, near-real-time, streaming']);
    assert.deepEqual(problemsOf(withChanges({ latency: { mode: 'batch', freshness_minutes: -5 } })), [
      'latency.freshness_minutes: freshness target must be a positive number of minutes (got -5)',
    ]);
    assert.deepEqual(problemsOf(withChanges({ orchestration: 'cron' })), [
      'orchestration: unknown orchestration preference "cron"; accepted: airflow, dagster, prefect, none, decide',
    ]);
    assert.deepEqual(problemsOf(withChanges({ compliance: ['pii', 'pci'] })), ['compliance[1]: unknown compliance requirement "pci"; accepted: pii, gdpr, hipaa, sox']);
  });

  test('growth must be a number above -100', () => {
    assert.deepEqual(problemsOf(withChanges({ volume: { growth_percent_per_month: 'fast' } })), [
      'volume.growth_percent_per_month: growth must be a number of percent per month, e.g. 5 (got "fast")',
    ]);
    assert.deepEqual(problemsOf(withChanges({ volume: { growth_percent_per_month: -100 } })), ['volume.growth_percent_per_month: growth must be above -100 (got -100)']);
  });

  test('misspelt fields are named with the accepted ones', () => {
    assert.deepEqual(problemsOf(withChanges({ sorces: [] })), [
      'sorces: unknown field "sorces"; accepted: name, sources, destination, volume, latency, aggregations, orchestration, compliance, cloud',
    ]);
    assert.deepEqual(problemsOf(withChanges({ sources: [{ type: 'stream', name: 'e', fromat: 'json' }] })), [
      'sources[0].fromat: unknown field "fromat"; accepted: type, name, system, format, volume, event_size, changes, watermark_column, details',
    ]);
  });

  test('every problem is reported in one pass', () => {
    const problems = problemsOf({ sources: [{ type: 'kafka-ish' }], destination: { type: 'excel' }, latency: 'soon' });
    assert.equal(problems.length, 5, problems.join('\n'));
  });

  test('answers that are not a mapping', () => {
    assert.deepEqual(problemsOf(['a']), ['the answers must be a mapping (YAML) or an object (JSON) with at least name, sources and destination']);
  });

  test('YAML syntax errors name the line', () => {
    assert.throws(
      () => parseAnswersText('name: x\nsources: [\n'),
      (error: unknown) => error instanceof AnswersError && /^the answers are not valid YAML or JSON \(line \d+\): /.test(error.problems[0].message),
    );
  });

  test('generateDesign throws AnswersError carrying every problem', () => {
    assert.throws(
      () => generateDesign(withChanges({ name: '', sources: [{ type: 'kafka-ish', name: 'x' }] })),
      (error: unknown) =>
        error instanceof AnswersError &&
        error.problems.length === 2 &&
        error.message === 'name: missing pipeline name\nsources[0].type: unknown source type "kafka-ish"; accepted: database, rest-api, files, object-storage, stream',
    );
  });
});
