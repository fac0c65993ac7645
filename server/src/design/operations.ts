// How the pipeline is kept correct and observable: quality gates per stage, error handling and
// recovery, and the metrics to alert on, each derived from the decisions made.

import type { Decisions } from './decide';
import { sourcePosition, type Flow } from './flow';
import { formatMinutes, formatNumber, minutesAdjective } from './format';
import type { Profile, SourceProfile } from './profile';

export interface QualityGate {
  stage: 'Ingestion' | 'Transform' | 'Output';
  check: string;
  onFailure: string;
}

export interface RecoveryItem {
  title: string;
  text: string;
  steps?: string[];
}

export interface Metric {
  name: string;
  target: string;
  alert: string;
}

export function buildQualityGates(profile: Profile, decisions: Decisions, flow: Flow): QualityGate[] {
  const gates: QualityGate[] = [];
  for (const s of profile.sources) gates.push(...ingestionGates(s, flow));
  const mart = flow.tables.find((t) => t.role === 'mart')!.name;
  const streamed = decisions.pattern.id !== 'batch';
  gates.push(
    {
      stage: 'Transform',
      check: `Row-count assertion: rows in staging for the window = rows landed − rows rejected, and deduplication removes < 1% of them`,
      onFailure: 'fail the run; the previous mart version stays published',
    },
    {
      stage: 'Transform',
      check: 'Keys: `unique` and `not_null` tests on the event id / primary key of every intermediate model',
      onFailure: 'fail the run before the mart is built',
    },
    {
      stage: 'Transform',
      check: `Freshness: newest landed record younger than the ${minutesAdjective(profile.freshnessMinutes)} target (dbt \`source freshness\`: warn at the target, error at twice it)`,
      onFailure: streamed ? 'alert on-call: ingestion has stalled (see consumer lag)' : 'alert on-call: the extract did not run or found nothing',
    },
    {
      stage: 'Output',
      check: `Business rules on \`${mart}\`: measures non-negative, no event time in the future, no duplicate ${profile.grain ? `(${profile.grain}, dimensions)` : 'keys'}`,
      onFailure: 'block publish (write-audit-publish: the mart is built aside and swapped in only when its tests pass)',
    },
    {
      stage: 'Output',
      check: profile.grain
        ? `Reconciliation: the sum of counts in \`${mart}\` equals the deduplicated staging rows for the same ${profile.grain}s`
        : `Reconciliation: row count of \`${mart}\` for the run's window equals the rows extracted for it`,
      onFailure: 'block publish and alert',
    },
    {
      stage: 'Output',
      check: 'Volume anomaly: rows per run within ±50% of the same window last week',
      onFailure: 'warn (publish, but notify the data owner): a drop usually means an upstream outage, a spike a replay',
    },
  );
  return gates;
}

function ingestionGates(s: SourceProfile, flow: Flow): QualityGate[] {
  const dlq = flow.tables.find((t) => t.role === 'dead-letter' && t.name.includes(s.id))?.name ?? 'the dead-letter store';
  switch (s.source.type) {
    case 'stream':
      return [
        {
          stage: 'Ingestion',
          check: `Schema validation of \`${s.source.name}\` records against the registered schema (required fields present, types match)`,
          onFailure: `route the record to \`${dlq}\` with the error; the partition keeps flowing`,
        },
        {
          stage: 'Ingestion',
          check: 'Null checks: event id, event time and the customer/entity key are not null; event time parses',
          onFailure: `route to \`${dlq}\``,
        },
      ];
    case 'database':
      return [
        {
          stage: 'Ingestion',
          check: `Schema check of \`${s.source.name}\`: extracted columns match the expected list (an added or removed column fails loudly instead of shifting data)`,
          onFailure: 'fail the run before loading; the watermark is not advanced',
        },
        {
          stage: 'Ingestion',
          check: 'Null checks on the primary key and the watermark column; extracted count equals `COUNT(*)` at the source for the same window',
          onFailure: `rows with null keys go to \`${dlq}\`; a count mismatch fails the run`,
        },
      ];
    case 'rest-api':
      return [
        {
          stage: 'Ingestion',
          check: `Each page of \`${s.source.name}\` validated against the expected schema; pagination followed to the end (records received = total the API reports, where it reports one)`,
          onFailure: `invalid records go to \`${dlq}\`; an incomplete pagination fails the run and keeps the cursor`,
        },
        { stage: 'Ingestion', check: 'Null checks on the record id and its updated timestamp', onFailure: `route to \`${dlq}\`` },
      ];
    default:
      return [
        {
          stage: 'Ingestion',
          check: `Each file of \`${s.source.name}\` is complete (done marker or stable size) and its header/columns match the expected schema`,
          onFailure: `move the file to \`${dlq}\` and alert; other files continue`,
        },
        { stage: 'Ingestion', check: 'Null checks on key columns; row count per file recorded in the manifest', onFailure: `rows with null keys go to \`${dlq}\`` },
      ];
  }
}

export function buildRecovery(profile: Profile, decisions: Decisions, flow: Flow): RecoveryItem[] {
  const streamed = decisions.pattern.id !== 'batch';
  const hasStream = profile.hasStream;
  const deadLetters = flow.tables.filter((t) => t.role === 'dead-letter').map((t) => `\`${t.name}\``).join(', ');
  const mart = flow.tables.find((t) => t.role === 'mart')!.name;
  const items: RecoveryItem[] = [
    {
      title: 'Retries with backoff',
      text: [
        hasStream ? 'The connector retries transient sink errors with exponential backoff (`errors.retry.timeout=600000`, `errors.retry.delay.max.ms=60000`).' : null,
        'Orchestrated tasks retry 3 times with exponential backoff (1, 2, 4 minutes, capped at 30) and jitter.',
        profile.sources.some((s) => s.source.type === 'rest-api') ? 'API calls honour `Retry-After` on 429 and back off on 5xx.' : null,
        'Errors that a retry cannot fix (authentication, schema mismatch, constraint violation) fail fast and page instead of retrying.',
      ]
        .filter(Boolean)
        .join(' '),
    },
    {
      title: 'Dead-letter store',
      text: `Records that fail validation go to ${deadLetters} with the error, the source position (${sourcePosition(profile.sources.map((s) => s.source.type))}) and the run id; they never block the rest. A daily review replays fixed records through the same path; the dead-letter store is access-restricted and expires after 14 days because it holds raw payloads.`,
    },
    {
      title: 'Checkpointing',
      text: streamed && hasStream
        ? 'Offsets are committed only after the destination has durably written the batch, so a restart resumes from the last committed offset and at worst replays a few records (removed by the deduplication model). Each scheduled transform run records the window it published.'
        : 'The watermark (or cursor, or file manifest) lives in a `pipeline_state` table and is advanced in the same run only after the load and its tests succeed; a failed run therefore repeats exactly the same window.',
    },
    {
      title: 'Idempotent reruns',
      text: `${decisions.load.choice}: rerunning any window rewrites the same rows, so retries and backfills never duplicate data.`,
    },
    {
      title: 'Backfill procedure',
      text: 'Backfills are planned runs of the normal path over an explicit window, never ad-hoc scripts:',
      steps: backfillSteps(profile, decisions, mart),
    },
  ];
  return items;
}

function backfillSteps(profile: Profile, decisions: Decisions, mart: string): string[] {
  const orchestrator = decisions.orchestration.id;
  const rerun =
    orchestrator === 'airflow'
      ? '`airflow dags backfill <dag> -s <start> -e <end>` (or clear the failed runs)'
      : orchestrator === 'dagster'
        ? 'a partition backfill of the affected assets in Dagster'
        : orchestrator === 'prefect'
          ? 'the flow with `start`/`end` parameters, one run per day'
          : 'the transform with `--vars "{start: ..., end: ...}"`';
  const steps = ['Announce the window and freeze schema changes on the affected models.'];
  if (profile.hasStream) {
    steps.push('If raw data is missing: reset the connector consumer group to the window start (`kafka-consumer-groups --reset-offsets --to-datetime <start>`) while the topic still retains it; deduplication absorbs the overlap.');
  }
  if (profile.sources.some((s) => s.source.type !== 'stream')) {
    steps.push('If raw data is missing: run the extract with an explicit window (`start`/`end` override the stored watermark, which is left untouched), in daily chunks.');
  }
  steps.push(
    `Rebuild the models for the window with ${rerun}; ${decisions.load.id === 'merge' ? 'MERGE' : 'partition overwrite'} makes it safe to repeat.`,
    `Check the quality gates and reconcile counts for the window against the source, then publish \`${mart}\`.`,
    'Record the backfill (window, reason, row counts) in the run log.',
  );
  return steps;
}

export function buildMetrics(profile: Profile, decisions: Decisions): Metric[] {
  const freshness = profile.freshnessMinutes;
  const metrics: Metric[] = [];
  if (profile.hasStream) {
    const events = profile.sources.filter((s) => s.source.type === 'stream').reduce((sum, s) => sum + (s.eventsPerSecond ?? 0), 0);
    const windowSeconds = Math.max(60, decisions.interval.minutes * 60);
    const lag = events > 0 ? roundLag(events * windowSeconds) : null;
    metrics.push({
      name: 'Consumer lag (connector consumer group, messages)',
      target: lag ? `< ${formatNumber(lag)} messages (one ${windowSeconds / 60}-minute interval of traffic)` : `< one ${windowSeconds / 60}-minute interval of traffic`,
      alert: 'warn when above target for 10 minutes; page when it has grown for 30 minutes',
    });
    metrics.push({
      name: 'Processing latency (event time → landed in raw), p95',
      target: `< ${formatMinutes(freshness)}`,
      alert: `page when above ${formatMinutes(freshness)} for two consecutive checks`,
    });
  }
  if (decisions.pattern.id !== 'batch') {
    metrics.push({
      name: `Mart freshness (age of the newest published ${profile.grain ?? 'window'})`,
      target: profile.grain === 'hour' ? '< 30 min after the hour closes' : `< ${formatMinutes(freshness * 2)}`,
      alert: 'page when the target is missed',
    });
  } else {
    metrics.push({
      name: 'Run success and duration',
      target: `every scheduled run succeeds; duration < 60 min`,
      alert: 'page on failure after retries; warn when duration exceeds twice the 7-day median',
    });
    metrics.push({
      name: 'Data freshness (now − watermark)',
      target: `< ${formatMinutes(freshness + 60)}`,
      alert: 'page when exceeded (SLA miss)',
    });
  }
  metrics.push(
    {
      name: decisions.pattern.id === 'batch' ? 'Rows per run (extracted, loaded, rejected)' : 'Rows per batch (landed per micro-batch and per hour)',
      target: `within ±50% of the same window last week; ${profile.hasStream ? 'landed = received − dead-lettered' : 'loaded = extracted − rejected'}`,
      alert: 'warn on anomaly; page on zero rows in a window that had data last week',
    },
    {
      name: profile.hasStream ? 'Error rate by event type (dead-lettered / received)' : 'Rejected-row rate (quarantined / extracted)',
      target: '< 0.1%',
      alert: 'warn above 0.1%, page above 1% (usually a schema change upstream)',
    },
    {
      name: 'Quality gate failures',
      target: '0 blocking failures',
      alert: 'page on a blocked publish; warn on non-blocking failures',
    },
    {
      name: 'Destination cost per day',
      target: 'within 120% of the estimate below ÷ 30',
      alert: `warn at 100%, alert at 120% (${profile.answers.destination.type === 'snowflake' ? 'Snowflake resource monitor with a credit quota' : 'billing budget alert'})`,
    },
  );
  if (profile.sources.some((s) => s.source.type === 'rest-api')) {
    metrics.push({ name: 'API throttling (429 responses per run)', target: '< 5% of requests', alert: 'warn above target: lower concurrency or ask for a higher quota' });
  }
  if (decisions.sources.some((s) => s.extraction.id === 'cdc')) {
    metrics.push({ name: 'Replication slot lag / retained WAL at the source', target: '< 1 GB retained', alert: 'page above 5 GB: a stalled connector makes the source database keep WAL until its disk fills' });
  }
  return metrics;
}

function roundLag(messages: number): number {
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(messages)) - 1);
  return Math.ceil(Math.round(messages) / magnitude) * magnitude;
}
