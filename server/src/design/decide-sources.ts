// Per-source decisions: how each source is read (extraction mode) and which tool moves it
// (ingestion). A full extract is never a default: every mode below reads only what changed.

import type { DestinationType } from './answers';
import { SIZING, THRESHOLDS } from './assumptions';
import type { Decision } from './decision';
import { formatBytes, formatNumber } from './format';
import { DESTINATION_LABELS } from './labels';
import type { Profile, SourceProfile } from './profile';

export type ExtractionMode = 'offsets' | 'cdc' | 'watermark' | 'api-cursor' | 'new-files';
export type IngestionTool =
  | 'kafka-connect-sink'
  | 'spark-structured-streaming'
  | 'redshift-streaming-ingestion'
  | 'firehose'
  | 'pubsub-subscription'
  | 'debezium'
  | 'custom-python-extract'
  | 'managed-connector'
  | 'native-file-loader';

export interface SourceDecisions {
  source: SourceProfile;
  extraction: Decision<ExtractionMode>;
  ingestion: Decision<IngestionTool>;
}

const FULL_EXTRACT_WHY_NOT =
  'a full extract re-reads every unchanged row on each run, so run time and source load grow with the table instead of with the changes';

/** SaaS APIs that managed connectors cover well (pagination, rate limits and API versions maintained for you). */
const MANAGED_CONNECTOR_APIS = new Set([
  'salesforce', 'hubspot', 'stripe', 'zendesk', 'shopify', 'jira', 'github', 'netsuite', 'marketo',
  'google-ads', 'facebook-ads', 'linkedin-ads', 'intercom', 'quickbooks', 'workday',
]);

export function decideSources(profile: Profile): SourceDecisions[] {
  return profile.sources.map((source) => {
    const extraction = decideExtraction(profile, source);
    return { source, extraction, ingestion: decideIngestion(profile, source, extraction.id) };
  });
}

export function isDatabaseAtVolume(source: SourceProfile): boolean {
  const rowsPerDay = source.eventsPerSecond === null ? null : source.eventsPerSecond * 86_400;
  return (rowsPerDay !== null && rowsPerDay >= THRESHOLDS.cdcRowsPerDay) || (source.bytesPerDay ?? 0) >= THRESHOLDS.cdcBytesPerDay;
}

function decideExtraction(profile: Profile, source: SourceProfile): Decision<ExtractionMode> {
  const topic = `Extraction: ${source.source.name}`;
  switch (source.source.type) {
    case 'stream':
      return {
        topic,
        id: 'offsets',
        choice: 'Consume from committed consumer-group offsets (at-least-once)',
        reason:
          'a stream is incremental by nature: the consumer resumes from the last committed offset after a restart, and offsets are committed only after the sink has durably written the batch, so a crash replays a few records instead of losing them (duplicates are removed downstream by event id)',
        rejectedAlternative: 'Re-reading the topic from the earliest offset',
        whyNot: 'it lands every retained event again on each restart and makes correctness depend on topic retention',
      };
    case 'database':
      return decideDatabaseExtraction(profile, source, topic);
    case 'rest-api':
      return {
        topic,
        id: 'api-cursor',
        choice: 'Incremental by `updated_since` cursor (watermark), paginated',
        reason:
          'each run requests only records changed since the last stored cursor, follows pagination to the end, and stores the new cursor only after the load commits; a small overlap (10 minutes) catches records written while the previous run was paging',
        rejectedAlternative: 'Pulling every page of the full collection on each run',
        whyNot: `${FULL_EXTRACT_WHY_NOT}; with an API it also spends the rate limit on unchanged records`,
      };
    case 'files':
    case 'object-storage':
      return {
        topic,
        id: 'new-files',
        choice: 'New-file detection (object-created notifications, with a manifest of loaded keys)',
        reason:
          'only files not yet in the manifest are loaded; the manifest makes reruns skip files already loaded and lets a backfill reload a date prefix on purpose',
        rejectedAlternative: 'Listing and reloading the whole prefix on each run',
        whyNot: 'it re-reads every file already loaded on each run, so run time grows with the bucket instead of with the new files, and it loads files twice unless every load is also deduplicated',
      };
  }
}

function decideDatabaseExtraction(profile: Profile, source: SourceProfile, topic: string): Decision<ExtractionMode> {
  const changes = source.source.changes ?? 'updates';
  const column = source.source.watermarkColumn ?? 'updated_at';
  const mutable = changes !== 'append-only';
  const atVolume = isDatabaseAtVolume(source);
  const volume = source.bytesPerDay === null ? 'unknown volume' : `${formatBytes(source.bytesPerDay)}/day`;
  if (mutable && (atVolume || profile.continuousIngestion)) {
    const why = atVolume
      ? `the table takes ${changes === 'updates-and-deletes' ? 'updates and deletes' : 'updates'} at volume (${volume}, threshold ${formatNumber(THRESHOLDS.cdcRowsPerDay)} rows/day)`
      : `ingestion must be continuous (freshness target ${profile.freshnessMinutes} min) and the table takes updates`;
    return {
      topic,
      id: 'cdc',
      choice: 'Log-based change data capture (Debezium reading the WAL/binlog)',
      reason: `${why}: reading the database log captures every insert, update and delete in commit order with almost no load on the primary. A full extract is never the default here: ${FULL_EXTRACT_WHY_NOT}`,
      rejectedAlternative: `Incremental query on the \`${column}\` watermark`,
      whyNot:
        'it misses hard deletes and rows changed without touching the watermark column, and at this volume the repeated range scans load the primary; it remains the fallback for a one-off backfill',
    };
  }
  const deletes =
    changes === 'updates-and-deletes'
      ? ' Hard deletes are invisible to a watermark: use a soft-delete column, or reconcile primary keys nightly (anti-join of source keys against the destination).'
      : '';
  return {
    topic,
    id: 'watermark',
    choice: `Incremental extract on the \`${column}\` watermark (with a 10-minute overlap)`,
    reason: `each run selects rows with \`${column}\` greater than the stored watermark minus 10 minutes (the overlap catches long-running transactions that commit late), ordered and read in bounded batches; the new watermark is saved only after the load commits, so a failed run simply repeats. ${capitalize(FULL_EXTRACT_WHY_NOT)}.${deletes}`,
    rejectedAlternative: 'Log-based CDC (Debezium)',
    whyNot: `it needs replication-slot/binlog access and a Kafka Connect stack to operate; at ${volume}${mutable ? '' : ' of append-only rows'} a bounded query on an indexed \`${column}\` column does the job${changes === 'updates-and-deletes' ? '; revisit if deletes must propagate within minutes' : ''}`,
  };
}

function decideIngestion(profile: Profile, source: SourceProfile, extraction: ExtractionMode): Decision<IngestionTool> {
  const topic = `Ingestion: ${source.source.name}`;
  const destination = profile.answers.destination.type;
  const label = DESTINATION_LABELS[destination];
  if (source.source.type === 'stream') return decideStreamIngestion(profile, source, topic);
  if (extraction === 'cdc') {
    return {
      topic,
      id: 'debezium',
      choice: `Debezium source connector on Kafka Connect → Kafka → ${sinkFor(destination)}`,
      reason: `Kafka keeps the change log replayable (retention ${SIZING.kafkaRetentionDays} days), so the ${label} sink can be rebuilt or re-pointed without touching the source database again`,
      rejectedAlternative: 'Managed CDC connector (Fivetran-like)',
      whyNot:
        'priced per monthly active row, which at this change volume usually becomes the largest line of the bill; prefer it if the team does not want to operate Kafka Connect',
    };
  }
  if (source.source.type === 'database') {
    return {
      topic,
      id: 'custom-python-extract',
      choice: 'Custom Python incremental extract, run as an orchestrated task',
      reason: `a bounded, parameterised query per run (watermark in a metadata table, batches of 50,000 rows, server-side cursor) written to ${profile.destinationKind === 'warehouse' ? `a staging area and bulk-loaded into ${label}` : label}; small enough to review, test and backfill by date range${profile.maskBeforeLanding ? ', and the place where personal columns are masked before anything lands' : ''}`,
      rejectedAlternative: 'Managed ELT connector (Fivetran-like)',
      whyNot:
        'per-row pricing and another vendor for a few tables that a watermark query already covers; revisit when the number of tables outgrows what the team wants to maintain',
    };
  }
  if (source.source.type === 'rest-api') {
    const system = source.source.system ?? '';
    if (MANAGED_CONNECTOR_APIS.has(system) && !profile.maskBeforeLanding) {
      return {
        topic,
        id: 'managed-connector',
        choice: `Managed connector (Fivetran-like) for ${system}`,
        reason: `${system} changes API versions, pagination and rate limits over time; a managed connector maintains that and handles incremental sync state`,
        rejectedAlternative: 'Custom Python extract',
        whyNot: 'it would re-implement pagination, rate-limit backoff and schema changes that the connector already maintains',
      };
    }
    return {
      topic,
      id: 'custom-python-extract',
      choice: 'Custom Python extract (paginated, rate-limited, retried), run as an orchestrated task',
      reason:
        'follows the API\'s pagination to the end, honours `Retry-After` on 429 with exponential backoff and jitter, times out every request, validates each page against the expected schema and writes raw pages to object storage before loading, so a load can be replayed without calling the API again',
      rejectedAlternative: 'Managed connector (Fivetran-like)',
      whyNot: MANAGED_CONNECTOR_APIS.has(system)
        ? 'it would land personal fields unmasked; masking must happen before landing (see Security)'
        : 'no managed connector covers a custom or internal API; if one appears in a connector catalogue, prefer it',
    };
  }
  return {
    topic,
    id: 'native-file-loader',
    choice: fileLoader(destination, source.source.type === 'files'),
    reason: `the destination's own bulk loader reads the files where they land, in parallel, and records which files it has loaded${profile.maskBeforeLanding ? '; files are masked by a Python/Spark step in the landing bucket before the loader sees them' : ''}`,
    rejectedAlternative: 'Row-by-row inserts from a Python loop',
    whyNot: 'orders of magnitude slower than bulk loading and not idempotent on retry',
  };
}

function decideStreamIngestion(profile: Profile, source: SourceProfile, topic: string): Decision<IngestionTool> {
  const destination = profile.answers.destination.type;
  const label = DESTINATION_LABELS[destination];
  const spark: Omit<Decision<IngestionTool>, 'reason'> = {
    topic,
    id: 'spark-structured-streaming',
    choice: `Spark Structured Streaming job writing to ${label}`,
    rejectedAlternative: `Kafka Connect ${label} sink connector`,
    whyNot: '',
  };
  if (profile.maskBeforeLanding) {
    return {
      ...spark,
      reason: `personal fields must be hashed or tokenized before they land, consistently enough to join on; a streaming job does that in flight with checkpointed offsets (exactly-once to the sink with idempotent writes)`,
      whyNot:
        'a sink connector lands records as they are; its built-in MaskField transform only blanks fields, it cannot hash or tokenize them consistently for joins',
    };
  }
  if (source.streamFamily === 'kafka') {
    const sink = kafkaSink(destination);
    if (sink) {
      return {
        topic,
        id: 'kafka-connect-sink',
        choice: sink,
        reason: `configuration instead of code: the connector commits offsets after ${label} has the rows, retries transient errors, routes records it cannot parse to a dead-letter topic, and scales by adding tasks up to the topic's partition count`,
        rejectedAlternative: 'Spark Structured Streaming',
        whyNot: `a cluster running around the clock plus custom sink code, to do what the connector does with configuration; choose it when records must be joined or enriched in flight`,
      };
    }
  }
  if (source.streamFamily === 'kinesis' && destination === 'redshift') {
    return {
      topic,
      id: 'redshift-streaming-ingestion',
      choice: 'Redshift streaming ingestion (materialized view over the Kinesis stream)',
      reason: 'Redshift reads the stream directly; refreshing the materialized view is the micro-batch, with no connector to run',
      rejectedAlternative: 'Amazon Data Firehose to Redshift',
      whyNot: 'Firehose stages files in S3 and issues COPY, adding a hop and minutes of buffering',
    };
  }
  if (source.streamFamily === 'kinesis' && (destination === 's3' || destination === 'snowflake')) {
    return {
      topic,
      id: 'firehose',
      choice: `Amazon Data Firehose → ${label}`,
      reason: 'fully managed delivery with buffering by size and time, retries and a failed-records bucket',
      rejectedAlternative: 'Spark Structured Streaming',
      whyNot: 'a cluster running around the clock for delivery the managed service already provides',
    };
  }
  if (source.streamFamily === 'pubsub' && (destination === 'bigquery' || destination === 'gcs')) {
    return {
      topic,
      id: 'pubsub-subscription',
      choice: `Pub/Sub ${destination === 'bigquery' ? 'BigQuery' : 'Cloud Storage'} subscription`,
      reason: 'Pub/Sub writes to the destination itself, with a dead-letter topic for messages that fail, and no job to operate',
      rejectedAlternative: 'Dataflow streaming job',
      whyNot: 'a job to deploy and pay for around the clock when records need no transformation in flight',
    };
  }
  return {
    ...spark,
    reason: `no managed sink connects this stream to ${label} directly; a streaming job with checkpointed offsets and idempotent writes is the reliable way to land it`,
    whyNot: 'no maintained connector exists for this combination',
  };
}

function kafkaSink(destination: DestinationType): string | null {
  switch (destination) {
    case 'snowflake':
      return 'Kafka Connect Snowflake sink connector (Snowpipe Streaming ingestion)';
    case 'bigquery':
      return 'Kafka Connect BigQuery sink connector (Storage Write API)';
    case 's3':
    case 'gcs':
    case 'adls':
      return `Kafka Connect ${DESTINATION_LABELS[destination]} sink connector (Parquet, hourly partitions)`;
    case 'postgres':
      return 'Kafka Connect JDBC sink connector (upsert mode on the event key)';
    default:
      return null;
  }
}

function sinkFor(destination: DestinationType): string {
  return kafkaSink(destination) ?? `Spark Structured Streaming into ${DESTINATION_LABELS[destination]}`;
}

function fileLoader(destination: DestinationType, copyFirst: boolean): string {
  const loaders: Record<DestinationType, string> = {
    snowflake: 'Snowpipe auto-ingest from an external stage',
    bigquery: 'BigQuery load jobs from Cloud Storage (one per file batch)',
    redshift: 'Redshift COPY from S3 with a manifest per batch',
    databricks: 'Databricks Auto Loader (cloudFiles)',
    synapse: 'Synapse COPY INTO from ADLS',
    postgres: 'Python loader using COPY FROM STDIN',
    s3: 'Python/Spark batch job converting to partitioned Parquet',
    gcs: 'Python/Spark batch job converting to partitioned Parquet',
    adls: 'Python/Spark batch job converting to partitioned Parquet',
  };
  return copyFirst ? `Python task copying new files to the landing bucket, then ${loaders[destination]}` : loaders[destination];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
