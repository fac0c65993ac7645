import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateDesign } from '../../server/src/design/index';
import type { WorkspaceHints } from '../../server/src/design/hints';
import { section, withChanges } from './helpers';

const SALES_ETL: WorkspaceHints = {
  name: 'sales_etl',
  sources: [{ type: 'database', name: 'orders', system: 'postgres', detectedIn: 'extract.py' }],
  destination: { type: 'bigquery', name: 'dataset', detectedIn: 'load.py' },
  schedule: '0 2 * * *',
};

describe('workspace hints', () => {
  test('fill the sources, destination, name and schedule the answers leave out', () => {
    const { design, markdown } = generateDesign({ latency: 'batch' }, SALES_ETL);
    assert.equal(design.name, 'sales_etl');
    assert.deepEqual(design.answers.sources.map((s) => [s.type, s.name, s.system]), [['database', 'orders', 'postgres']]);
    assert.equal(design.answers.destination.type, 'bigquery');
    assert.equal(design.decisions.interval.choice, 'Daily at 02:00 UTC (cron `0 2 * * *`)');
    assert.match(section(markdown, '## Overview and requirements'), /\| From the workspace \| name "sales_etl"; source database "orders" \(detected in extract\.py\); destination bigquery "dataset" \(detected in load\.py\); schedule "0 2 \* \* \*" \|/);
  });

  test('explicit answers win over hints', () => {
    const { design } = generateDesign(withChanges({}), SALES_ETL);
    assert.equal(design.name, 'Customer events to Snowflake');
    assert.equal(design.answers.sources[0].name, 'customer_events');
    assert.equal(design.answers.destination.type, 'snowflake');
    assert.equal(design.answers.latency.schedule, undefined, 'a cron schedule is not applied to a near-real-time design');
    assert.deepEqual(design.filledFromWorkspace, []);
  });

  test('a detected schedule sets when a batch design runs', () => {
    const { design } = generateDesign(
      { name: 'x', sources: [{ type: 'database', name: 'orders' }], destination: 'bigquery', latency: 'batch' },
      { schedule: '0 * * * *' },
    );
    assert.equal(design.decisions.interval.minutes, 60);
    assert.equal(design.profile.freshnessMinutes, 60);
  });

  test('Airflow presets from the workspace model are understood', () => {
    const answers = { name: 'x', sources: [{ type: 'database', name: 'orders' }], destination: 'bigquery', latency: 'batch' };
    assert.equal(generateDesign(answers, { schedule: '@daily' }).design.decisions.interval.choice, 'Daily at 00:00 UTC (cron `0 0 * * *`)');
    assert.equal(generateDesign(answers, { schedule: '@hourly' }).design.decisions.interval.minutes, 60);
  });
});
