import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { SECTION_HEADINGS } from '../../server/src/design/document';
import { ANSWER_FILES, FIXTURES, generate, section } from './helpers';

const STREAM_RISKS = ['Consumer lag accumulation', 'Warehouse cost of continuous loading', 'Late and out-of-order data', 'Schema evolution'];

describe('design document', () => {
  for (const file of ANSWER_FILES) {
    test(`${file}: every section, in order, under the title`, () => {
      const { markdown, design } = generate(file);
      assert.ok(markdown.startsWith(`# Pipeline design: ${design.name}\n`));
      let last = -1;
      for (const heading of SECTION_HEADINGS) {
        const at = markdown.indexOf(`\n${heading}\n`);
        assert.ok(at > last, `${heading} missing or out of order`);
        last = at;
        assert.ok(section(markdown, heading).trim().length > 0, `${heading} is empty`);
      }
    });

    test(`${file}: the same answers give the same document`, () => {
      assert.equal(generate(file).markdown, generate(file).markdown);
    });
  }

  test('Kafka → Snowflake: architecture shows each decision with its reason and rejected alternative', () => {
    const { markdown, design } = generate('kafka-snowflake.yaml');
    const architecture = section(markdown, '## Architecture');
    assert.match(architecture, /\| Processing pattern \| Hybrid: streaming ingestion with batch aggregation \|/);
    for (const decision of [design.decisions.pattern, design.decisions.transform, design.decisions.orchestration, design.decisions.sources[0].ingestion]) {
      assert.ok(architecture.includes(`### ${decision.topic}\n- **Choice:** ${decision.choice}`), decision.topic);
      assert.ok(architecture.includes(`- **Rejected alternative:** ${decision.rejectedAlternative}. **Why not:**`), decision.topic);
    }
    assert.match(section(markdown, '## Extraction'), /committed consumer-group offsets/);
    assert.match(section(markdown, '## Loading'), /Idempotent MERGE/);
  });

  test('Kafka → Snowflake: numbered data flow with a Mermaid flowchart', () => {
    const flow = section(generate('kafka-snowflake.yaml').markdown, '## Data flow');
    for (const [index, title] of ['Source', 'Ingestion', 'Transform', 'Load', 'Orchestration'].entries()) assert.ok(flow.includes(`${index + 1}. **${title}**`), title);
    assert.match(flow, /Kafka topic `customer_events` — format: JSON; ~10K events\/min/);
    assert.match(flow, /Landing: `raw\.customer_events`/);
    assert.match(flow, /```mermaid\nflowchart LR\n[\s\S]*raw\.customer_events[\s\S]*analytics\.customer_events_hourly[\s\S]*\n```/);
  });

  test('Kafka → Snowflake: quality gates at each stage, monitoring targets, security', () => {
    const { markdown } = generate('kafka-snowflake.yaml');
    const gates = section(markdown, '## Quality gates');
    assert.match(gates, /\| Ingestion \| Schema validation/);
    assert.match(gates, /\| Ingestion \| Null checks/);
    assert.match(gates, /\| Transform \| Row-count assertion/);
    assert.match(gates, /\| Transform \| Freshness/);
    assert.match(gates, /\| Output \| Business rules/);
    const monitoring = section(markdown, '## Monitoring and alerting');
    assert.match(monitoring, /\| Consumer lag \(connector consumer group, messages\) \| < 50,000 messages/);
    assert.match(monitoring, /\| Processing latency \(event time → landed in raw\), p95 \| < 15 minutes \|/);
    assert.match(monitoring, /\| Rows per batch/);
    assert.match(monitoring, /\| Error rate by event type/);
    const recovery = section(markdown, '## Error handling and recovery');
    for (const topic of ['Retries with backoff', 'Dead-letter store', 'Checkpointing', 'Backfill procedure']) assert.ok(recovery.includes(`**${topic}.**`), topic);
    const security = section(markdown, '## Security');
    assert.match(security, /\*\*Secrets\.\*\* .*secrets manager/i);
    assert.match(security, /\*\*Least privilege\.\*\*/);
    assert.doesNotMatch(security, /PII masking/);
  });

  test('Kafka → Snowflake: the four stream-into-warehouse risks, with mitigations', () => {
    const risks = section(generate('kafka-snowflake.yaml').markdown, '## Risks and mitigations');
    for (const title of STREAM_RISKS) assert.match(risks, new RegExp(`\\d\\. \\*\\*${title}\\*\\* — .+\\n   \\*Mitigation:\\* .+`), title);
  });

  test('batch Postgres → BigQuery: batch risks, no streaming ones', () => {
    const { markdown } = generate('postgres-bigquery-batch.yaml');
    const risks = section(markdown, '## Risks and mitigations');
    for (const title of STREAM_RISKS) assert.ok(!risks.includes(title), title);
    assert.match(risks, /Rows missed at the watermark boundary/);
    assert.match(risks, /Load on the source database/);
    assert.doesNotMatch(section(markdown, '## Monitoring and alerting'), /Consumer lag/);
    assert.match(section(markdown, '## Extraction'), /`updated_at` watermark/);
    assert.match(section(markdown, '## Architecture'), /\| Processing pattern \| Batch \(daily at 02:00 UTC\) \|/);
  });

  test('hybrid multi-source: CDC risk and metric, per-source landing tables', () => {
    const { markdown } = generate('hybrid-multi-source.json');
    assert.match(section(markdown, '## Risks and mitigations'), /Source disk filling with retained WAL/);
    assert.match(section(markdown, '## Monitoring and alerting'), /Replication slot lag/);
    const loading = section(markdown, '## Loading');
    for (const table of ['raw.page_views', 'raw.customers', 'raw.partner_feeds', 'customer360.customer_360_daily']) assert.ok(loading.includes(`\`${table}\``), table);
  });

  test('REST API: API risk and throttling metric', () => {
    const { markdown } = generate('rest-api-redshift.yaml');
    assert.match(section(markdown, '## Risks and mitigations'), /API limits and contract changes/);
    assert.match(section(markdown, '## Monitoring and alerting'), /API throttling/);
    assert.match(section(markdown, '## Extraction'), /`updated_since` cursor/);
  });

  test('PII: masking in Security, ETL before landing, GDPR erasure', () => {
    const { markdown } = generate('pii-kafka-snowflake.yaml');
    const security = section(markdown, '## Security');
    assert.match(security, /\*\*PII masking\.\*\* Personal fields are masked before landing/);
    assert.match(security, /HMAC-SHA256/);
    assert.match(security, /AWS Secrets Manager/);
    assert.match(security, /\*\*GDPR\.\*\*/);
    assert.match(section(markdown, '## Architecture'), /\| ETL vs ELT \| ETL for personal data/);
    assert.match(section(markdown, '## Transformation'), /in-flight masking \(before landing\)/);
    assert.match(section(markdown, '## Risks and mitigations'), /Personal data leaking around the masking step/);
  });

  test('open questions name what the answers left out', () => {
    const questions = section(generate('kafka-snowflake.yaml').markdown, '## Open questions');
    assert.match(questions, /average event size of `customer_events`/);
    assert.match(questions, /schema registry/);
    assert.doesNotMatch(questions, /freshness do consumers need/);
  });

  test('JSON: the decided design as data', () => {
    const { json, design } = generate('kafka-snowflake.yaml');
    const data = JSON.parse(json);
    assert.equal(data.name, 'Customer events to Snowflake');
    assert.equal(data.decisions[0].topic, 'Processing pattern');
    assert.equal(data.decisions[0].id, 'hybrid');
    for (const decision of data.decisions) assert.deepEqual(Object.keys(decision).sort(), ['choice', 'id', 'reason', 'rejectedAlternative', 'topic', 'whyNot'].concat(decision.minutes === undefined ? [] : ['minutes']).sort());
    assert.equal(data.cost.totalUsd, design.cost.totalUsd);
    assert.equal(data.cost.label, 'estimate');
    assert.deepEqual(data.risks.slice(0, 4).map((r: { title: string }) => r.title), STREAM_RISKS);
    assert.equal(data.requirements.freshnessMinutes, 15);
    assert.match(data.dataFlow.mermaid, /^flowchart LR/);
  });

  test('Kafka → Snowflake matches the reviewed document (UPDATE_SNAPSHOTS=1 rewrites it)', () => {
    const expectedFile = path.join(FIXTURES, 'kafka-snowflake.expected.md');
    const { markdown } = generate('kafka-snowflake.yaml');
    if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(expectedFile, markdown);
    assert.equal(markdown, readFileSync(expectedFile, 'utf8'));
  });
});

describe('design wording says what the answers said', () => {
  test('an orchestration answer of "decide" is shown as decide, not as no preference', () => {
    const { markdown } = generate('kafka-snowflake.yaml');
    assert.match(markdown, /^\| Orchestration preference \| decide \(chosen below\) \|$/m);
    assert.ok(!/Orchestration preference \| none/.test(markdown));
  });

  test('the micro-batch reason names the transform schedule instead of minutes left for a transform that runs hourly', () => {
    const { markdown, design } = generate('kafka-snowflake.yaml');
    assert.equal(design.decisions.transformSchedule.label, 'hourly at :10');
    assert.ok(!/min for the scheduled transform/.test(markdown), 'no minutes claimed for an hourly transform');
    assert.match(markdown, /every transform run \(hourly at :10\) sees data at most 5 min old/);
  });

  test('a stream-only design names its source position as an offset, not "offset, page or file"', () => {
    const { markdown } = generate('kafka-snowflake.yaml');
    assert.ok(!markdown.includes('offset, page or file'));
    assert.match(markdown, /source position: partition and offset\)/);
  });

  test('a design with several kinds of source names each kind of position', () => {
    const { markdown } = generate('hybrid-multi-source.json');
    assert.ok(!markdown.includes('offset, page or file'));
  });
});
