import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CALENDAR, PRICES, SIZING } from '../../server/src/design/assumptions';
import { roundCents, formatUsd } from '../../server/src/design/format';
import { ANSWER_FILES, generate, section } from './helpers';

const near = (a: number, b: number) => Math.abs(a - b) < 0.005;

describe('cost estimate', () => {
  for (const file of ANSWER_FILES) {
    test(`${file}: every term is the product of its factors, rows and total are sums`, () => {
      const { cost } = generate(file).design;
      assert.equal(cost.label, 'estimate');
      for (const row of cost.rows) {
        for (const term of row.terms) {
          const product = term.factors.reduce((p, f) => p * f.value, 1);
          assert.ok(near(term.usd, roundCents(product)), `${row.component} / ${term.label}: ${term.usd} ≠ ${product}`);
        }
        assert.ok(near(row.usd, row.terms.reduce((s, t) => s + t.usd, 0)), row.component);
      }
      assert.ok(near(cost.totalUsd, cost.rows.reduce((s, r) => s + r.usd, 0)));
    });

    test(`${file}: unit prices come from the stated assumptions`, () => {
      const { cost } = generate(file).design;
      const prices = new Set<number>(Object.values(PRICES));
      for (const factor of cost.rows.flatMap((r) => r.terms.flatMap((t) => t.factors))) {
        if (factor.price) assert.ok(prices.has(factor.value), `${factor.value}/${factor.unit} is not in PRICES`);
      }
      for (const factor of cost.rows.flatMap((r) => r.terms.flatMap((t) => t.factors)).filter((f) => f.price)) {
        assert.ok(cost.assumptions.some((line) => line.includes(`per ${factor.unit}`)), `${factor.unit} missing from the assumptions`);
      }
    });

    test(`${file}: the Markdown table shows each row and the total as computed`, () => {
      const { design, markdown } = generate(file);
      const text = section(markdown, '## Estimated monthly cost');
      assert.match(text, /\*\*Estimate\*\*/);
      for (const row of design.cost.rows) assert.ok(text.includes(`| ${row.component} |`) && text.includes(`| ${formatUsd(row.usd)} |`), row.component);
      assert.ok(text.includes(`| **Total (estimate)** | ${design.cost.rows.map((r) => formatUsd(r.usd)).join(' + ')} | **${formatUsd(design.cost.totalUsd)}** |`));
    });
  }

  test('Kafka → Snowflake: rows follow from the volume and the unit prices', () => {
    const { design, markdown } = generate('kafka-snowflake.yaml');
    const { cost } = design;
    assert.equal(cost.volumes[0].arithmetic, '10,000 events/min × 60 × 24 × 30 = 432,000,000 events/month × 1 KB = 432 GB/month');
    assert.equal(cost.volumes[0].bytesPerMonth, 432e9);
    const row = (name: string) => cost.rows.find((r) => r.component.startsWith(name))!;

    const brokers = PRICES.kafkaBrokerHourUsd * SIZING.kafkaMinBrokers * CALENDAR.hoursPerMonth;
    const kafkaStorage = 14.4 * SIZING.kafkaRetentionDays * SIZING.kafkaReplicationFactor * PRICES.kafkaStorageGbMonthUsd;
    assert.ok(near(row('Managed Kafka').usd, roundCents(brokers) + roundCents(kafkaStorage)));
    assert.ok(near(row('Kafka Connect workers').usd, PRICES.kafkaConnectWorkerHourUsd * SIZING.kafkaConnectWorkers * CALENDAR.hoursPerMonth));

    // 24 hourly runs × 10 minutes = 4 warehouse-hours a day.
    const warehouseHours = (24 * SIZING.warehouseMinutesPerRun) / 60;
    const compute = row('Snowflake compute');
    assert.equal(compute.terms[0].factors[0].value, warehouseHours);
    assert.ok(near(compute.usd, warehouseHours * CALENDAR.daysPerMonth * PRICES.snowflakeXsCreditsPerHour * PRICES.snowflakeCreditUsd));
    assert.ok(near(row('Snowflake ingestion').usd, roundCents(432 * PRICES.snowflakeIngestCreditsPerGb * PRICES.snowflakeCreditUsd)));
    assert.ok(near(row('Snowflake storage').usd, roundCents(0.432 * SIZING.warehouseCompressionRatio * PRICES.snowflakeStorageTbMonthUsd)));
    assert.ok(near(row('Orchestration').usd, PRICES.airflowEnvironmentHourUsd * CALENDAR.hoursPerMonth));

    const text = section(markdown, '## Estimated monthly cost');
    assert.ok(text.includes('$0.21/broker-hour × 3 brokers × 730 h = $459.90'));
    assert.ok(text.includes('4 h/day (24 runs × 10 min) × 30 days × 1 credit/h (XS) × $3.00/credit = $360.00'));
    assert.ok(text.includes('- $3.00 per credit: Snowflake credit, Enterprise edition, on demand.'));
    assert.match(text, /At 5% growth per month, volume is ×1\.8 in 12 months/);
  });

  test('BigQuery bills streaming only for the streamed sources; file loads are free', () => {
    const { cost } = generate('hybrid-multi-source.json').design;
    const streaming = cost.rows.find((r) => r.component.startsWith('BigQuery ingestion'))!;
    // page_views (2,000/s × 600 B) and customers (5M rows × 1 KB), not the 20 GB/day of files.
    const streamedGb = ((2_000 * 86_400 * 600 + 5e6 * 1_000) * 30) / 1e9;
    assert.ok(near(streaming.terms[0].factors[0].value, streamedGb));
  });
});
