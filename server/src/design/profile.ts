// Facts derived once from the answers (volumes normalised, freshness target, schedule,
// aggregation grain, destination kind) that the decision rules and the cost estimate read.

import type { Cloud, DesignAnswers, DestinationType, SourceAnswer } from './answers';
import { SIZING } from './assumptions';
import { toIdentifier } from './format';
import { bytesPerDay, eventsPerSecond } from './volume';

export type Grain = 'minute' | 'hour' | 'day' | 'week' | 'month';
export type StreamFamily = 'kafka' | 'kinesis' | 'pubsub' | 'eventhubs';
export type DestinationKind = 'warehouse' | 'database' | 'object-storage';

export interface SourceProfile {
  source: SourceAnswer;
  /** Snake-case name usable in table names. */
  id: string;
  eventSizeBytes: number;
  eventSizeAssumed: boolean;
  eventsPerSecond: number | null;
  bytesPerDay: number | null;
  streamFamily: StreamFamily | null;
}

export interface Schedule {
  cron: string;
  label: string;
  runsPerDay: number;
}

export interface Profile {
  answers: DesignAnswers;
  sources: SourceProfile[];
  totalEventsPerSecond: number | null;
  totalBytesPerDay: number | null;
  freshnessMinutes: number;
  freshnessStated: boolean;
  /** Set for batch designs: when the pipeline runs. */
  schedule: Schedule | null;
  grain: Grain | null;
  hasStream: boolean;
  /** Ingestion runs all the time (stream source or a sub-batch freshness target). */
  continuousIngestion: boolean;
  /** Personal data must be masked before it lands anywhere (pii, gdpr, hipaa). */
  maskBeforeLanding: boolean;
  destinationKind: DestinationKind;
  cloud: Cloud | null;
}

const WAREHOUSES: readonly DestinationType[] = ['snowflake', 'bigquery', 'redshift', 'databricks', 'synapse'];
const OBJECT_STORES: readonly DestinationType[] = ['s3', 'gcs', 'adls'];

const STREAM_FAMILIES: Record<string, StreamFamily> = {
  kafka: 'kafka', msk: 'kafka', confluent: 'kafka', redpanda: 'kafka', 'confluent-cloud': 'kafka',
  kinesis: 'kinesis', 'kinesis-data-streams': 'kinesis',
  pubsub: 'pubsub', 'pub/sub': 'pubsub', 'google-pubsub': 'pubsub',
  eventhubs: 'eventhubs', 'event-hubs': 'eventhubs',
};

const CLOUD_OF: Partial<Record<string, Cloud>> = {
  bigquery: 'gcp', gcs: 'gcp', pubsub: 'gcp',
  redshift: 'aws', s3: 'aws', kinesis: 'aws',
  synapse: 'azure', adls: 'azure', eventhubs: 'azure',
};

const GRAIN_WORDS: readonly [RegExp, Grain][] = [
  [/\b(minute|minutely|per[- ]minute)\b/i, 'minute'],
  [/\b(hour|hourly|per[- ]hour)\b/i, 'hour'],
  [/\b(day|daily|per[- ]day)\b/i, 'day'],
  [/\b(week|weekly)\b/i, 'week'],
  [/\b(month|monthly)\b/i, 'month'],
];

export function buildProfile(answers: DesignAnswers): Profile {
  const sources = answers.sources.map(profileSource);
  const hasStream = sources.some((s) => s.source.type === 'stream');
  const schedule = answers.latency.mode === 'batch' && !hasStream ? readSchedule(answers.latency.schedule, answers.latency.freshnessMinutes) : null;
  const freshnessMinutes = answers.latency.freshnessMinutes ?? defaultFreshness(answers, schedule);
  return {
    answers,
    sources,
    ...totals(answers, sources),
    freshnessMinutes,
    freshnessStated: answers.latency.freshnessMinutes !== undefined,
    schedule,
    grain: readGrain(answers.aggregations),
    hasStream,
    continuousIngestion: hasStream || answers.latency.mode !== 'batch',
    maskBeforeLanding: answers.compliance.some((tag) => tag === 'pii' || tag === 'gdpr' || tag === 'hipaa'),
    destinationKind: destinationKind(answers.destination.type),
    cloud: answers.cloud ?? cloudOf(answers, sources),
  };
}

export function destinationKind(type: DestinationType): DestinationKind {
  if (WAREHOUSES.includes(type)) return 'warehouse';
  if (OBJECT_STORES.includes(type)) return 'object-storage';
  return 'database';
}

function profileSource(source: SourceAnswer): SourceProfile {
  const eventSizeBytes = source.eventSizeBytes ?? SIZING.eventSizeBytes;
  const family = source.type === 'stream' ? (STREAM_FAMILIES[source.system ?? 'kafka'] ?? null) : null;
  return {
    source,
    id: toIdentifier(source.name),
    eventSizeBytes,
    eventSizeAssumed: source.eventSizeBytes === undefined,
    eventsPerSecond: source.volume ? eventsPerSecond(source.volume, eventSizeBytes) : null,
    bytesPerDay: source.volume ? bytesPerDay(source.volume, eventSizeBytes) : null,
    streamFamily: family,
  };
}

function totals(answers: DesignAnswers, sources: SourceProfile[]): Pick<Profile, 'totalEventsPerSecond' | 'totalBytesPerDay'> {
  const current = answers.volume.current;
  if (current) {
    return {
      totalEventsPerSecond: eventsPerSecond(current, SIZING.eventSizeBytes),
      totalBytesPerDay: bytesPerDay(current, SIZING.eventSizeBytes),
    };
  }
  const known = sources.filter((s) => s.bytesPerDay !== null);
  if (!known.length) return { totalEventsPerSecond: null, totalBytesPerDay: null };
  return {
    totalEventsPerSecond: known.reduce((sum, s) => sum + (s.eventsPerSecond ?? 0), 0),
    totalBytesPerDay: known.reduce((sum, s) => sum + (s.bytesPerDay ?? 0), 0),
  };
}

function readGrain(aggregations: readonly string[]): Grain | null {
  for (const text of aggregations) {
    for (const [pattern, grain] of GRAIN_WORDS) if (pattern.test(text)) return grain;
  }
  return null;
}

function defaultFreshness(answers: DesignAnswers, schedule: Schedule | null): number {
  if (schedule) return Math.round(1440 / schedule.runsPerDay);
  if (answers.latency.mode === 'streaming') return 1;
  if (answers.latency.mode === 'near-real-time') return 15;
  return 1440;
}

/** The batch schedule: the stated one (cron, "daily", "hourly"), else one that meets the freshness target. */
export function readSchedule(stated: string | undefined, freshnessMinutes: number | undefined): Schedule {
  const text = PRESETS[stated?.trim().toLowerCase() ?? ''] ?? stated?.trim().toLowerCase();
  if (text === 'hourly') return { cron: '0 * * * *', label: 'hourly, on the hour', runsPerDay: 24 };
  if (text === 'daily' || (!text && (freshnessMinutes === undefined || freshnessMinutes >= 1440))) {
    return { cron: '0 2 * * *', label: 'daily at 02:00 UTC', runsPerDay: 1 };
  }
  if (!text) return scheduleForFreshness(freshnessMinutes ?? 1440);
  return readCron(text) ?? { cron: text, label: 'on its cron schedule', runsPerDay: 1 };
}

/** Airflow/cron presets, as the workspace model reports them. */
const PRESETS: Record<string, string> = {
  '@hourly': 'hourly',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
};

function scheduleForFreshness(minutes: number): Schedule {
  // Run at least twice per freshness window so one failed run can be retried in time.
  const everyMinutes = [15, 30, 60, 120, 180, 360, 720].filter((m) => m * 2 <= minutes).pop() ?? 15;
  if (everyMinutes < 60) return { cron: `*/${everyMinutes} * * * *`, label: `every ${everyMinutes} minutes`, runsPerDay: 1440 / everyMinutes };
  const hours = everyMinutes / 60;
  if (hours === 1) return { cron: '0 * * * *', label: 'hourly, on the hour', runsPerDay: 24 };
  return { cron: `0 */${hours} * * *`, label: `every ${hours} hours`, runsPerDay: 24 / hours };
}

function readCron(cron: string): Schedule | null {
  const fields = cron.split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute, hour] = fields;
  const step = (field: string) => /^\*\/(\d+)$/.exec(field)?.[1];
  const count = (field: string) => (/^\d+(,\d+)*$/.test(field) ? field.split(',').length : null);
  const minuteStep = step(minute);
  if (minuteStep) return { cron, label: `every ${minuteStep} minutes`, runsPerDay: 1440 / Number(minuteStep) };
  const minutesPerHour = minute === '*' ? 60 : count(minute);
  if (minutesPerHour === null) return null;
  const hourStep = step(hour);
  if (hour === '*') {
    const label = minutesPerHour === 1 ? (minute === '0' ? 'hourly, on the hour' : `hourly at :${minute.padStart(2, '0')}`) : `${minutesPerHour} times an hour`;
    return { cron, label, runsPerDay: 24 * minutesPerHour };
  }
  if (hourStep) return { cron, label: `every ${hourStep} hours`, runsPerDay: (24 / Number(hourStep)) * minutesPerHour };
  const hours = count(hour);
  if (hours === null) return null;
  const runs = hours * minutesPerHour;
  const label = runs === 1 ? `daily at ${hour.padStart(2, '0')}:${minute.padStart(2, '0')} UTC` : `${runs} times a day`;
  return { cron, label, runsPerDay: runs };
}

function cloudOf(answers: DesignAnswers, sources: SourceProfile[]): Cloud | null {
  return CLOUD_OF[answers.destination.type] ?? sources.map((s) => CLOUD_OF[s.streamFamily ?? '']).find(Boolean) ?? null;
}
