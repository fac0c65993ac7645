// Display names for the systems a design mentions.

import type { Cloud, DestinationType, SourceType } from './answers';
import { formatCompact, formatNumber } from './format';
import type { SourceProfile } from './profile';
import { SECONDS_PER, type VolumePeriod } from './volume';

export const DESTINATION_LABELS: Record<DestinationType, string> = {
  snowflake: 'Snowflake',
  bigquery: 'BigQuery',
  redshift: 'Amazon Redshift',
  databricks: 'Databricks',
  synapse: 'Azure Synapse',
  postgres: 'PostgreSQL',
  s3: 'Amazon S3',
  gcs: 'Google Cloud Storage',
  adls: 'Azure Data Lake Storage',
};

export const SECRETS_MANAGERS: Record<Cloud, string> = {
  aws: 'AWS Secrets Manager',
  gcp: 'Google Secret Manager',
  azure: 'Azure Key Vault',
};

const SOURCE_NOUNS: Record<SourceType, string> = {
  database: 'table',
  'rest-api': 'API',
  files: 'files',
  'object-storage': 'bucket',
  stream: 'topic',
};

const SYSTEM_LABELS: Record<string, string> = {
  kafka: 'Kafka', msk: 'Amazon MSK', confluent: 'Confluent Kafka', redpanda: 'Redpanda', kinesis: 'Kinesis',
  pubsub: 'Pub/Sub', eventhubs: 'Event Hubs', postgres: 'PostgreSQL', postgresql: 'PostgreSQL', mysql: 'MySQL',
  sqlserver: 'SQL Server', oracle: 'Oracle', mongodb: 'MongoDB', salesforce: 'Salesforce', s3: 'S3', gcs: 'GCS',
  sftp: 'SFTP',
};

export function systemLabel(system: string | undefined): string | null {
  if (!system) return null;
  return SYSTEM_LABELS[system] ?? system;
}

/** "Kafka topic `customer_events`", "PostgreSQL table `orders`". */
export function describeSource(profile: SourceProfile): string {
  const { source } = profile;
  const system = systemLabel(source.system ?? (source.type === 'stream' ? 'kafka' : undefined));
  const noun = SOURCE_NOUNS[source.type];
  return `${system ? `${system} ` : ''}${noun} \`${source.name}\``;
}

const PERIOD_SHORT: Record<VolumePeriod, string> = {
  second: 's', minute: 'min', hour: 'h', day: 'day', week: 'week', month: 'month',
};

/** "~10K events/min (≈167 events/s)" or null when the volume is unknown. */
export function describeRate(profile: SourceProfile): string | null {
  const volume = profile.source.volume;
  if (!volume || profile.eventsPerSecond === null) return null;
  if (volume.kind === 'bytes') return `~${volume.text}`;
  const stated = `~${formatCompact(volume.quantity)} ${volume.noun}/${PERIOD_SHORT[volume.period]}`;
  if (volume.period === 'second') return stated;
  const perSecond = volume.quantity / SECONDS_PER[volume.period];
  return perSecond >= 1 ? `${stated} (≈${formatNumber(perSecond, 0)}/s)` : stated;
}
