// The design's explicit decision rules. Each rule reads the profile (and earlier decisions) and
// returns its choice with the reason and the alternative it rejected, so the document can show
// the reasoning instead of a bare recommendation.

import type { DestinationType } from './answers';
import { THRESHOLDS } from './assumptions';
import { decideSources, type SourceDecisions } from './decide-sources';
import type { Decision } from './decision';
import { formatMinutes, minutesAdjective } from './format';
import { DESTINATION_LABELS } from './labels';
import type { Grain, Profile } from './profile';

export type Pattern = 'batch' | 'streaming' | 'hybrid';
export type TransformApproach = 'ETL' | 'ELT';
export type Orchestrator = 'airflow' | 'dagster' | 'prefect' | 'none';
export type LoadMode = 'merge' | 'partition-overwrite';
export type Cadence = 'schedule' | 'micro-batch' | 'continuous';

export interface IntervalDecision extends Decision<Cadence> {
  /** Minutes between ingestion commits (micro-batch) or between scheduled runs (batch). */
  minutes: number;
}

/** When the scheduled transforms run (batch run, or the aggregation runs of a hybrid design). */
export interface TransformSchedule {
  cron: string;
  label: string;
  runsPerDay: number;
  /** Hours each run rebuilds to absorb late data (0 for a plain batch run). */
  lookbackHours: number;
}

export interface Decisions {
  pattern: Decision<Pattern>;
  transform: Decision<TransformApproach>;
  orchestration: Decision<Orchestrator>;
  sources: SourceDecisions[];
  load: Decision<LoadMode>;
  interval: IntervalDecision;
  transformSchedule: TransformSchedule;
}

export function decide(profile: Profile): Decisions {
  const pattern = decidePattern(profile);
  const transformSchedule = decideTransformSchedule(profile, pattern.id);
  return {
    pattern,
    transform: decideTransform(profile),
    orchestration: decideOrchestration(profile, pattern.id),
    sources: decideSources(profile),
    load: decideLoad(profile, pattern.id),
    interval: decideInterval(profile, pattern.id, transformSchedule),
    transformSchedule,
  };
}

function decidePattern(profile: Profile): Decision<Pattern> {
  const topic = 'Processing pattern';
  const freshness = formatMinutes(profile.freshnessMinutes);
  const freshnessAdjective = minutesAdjective(profile.freshnessMinutes);
  if (!profile.continuousIngestion) {
    const schedule = profile.schedule!;
    return {
      topic,
      id: 'batch',
      choice: `Batch (${schedule.label})`,
      reason: `every source is pulled rather than pushed and the freshness target is ${freshness}; one scheduled run per window meets it with the fewest moving parts, and a rerun or backfill is just the same run for another date range`,
      rejectedAlternative: 'Streaming ingestion',
      whyNot: `consumers and warehouse connections running around the clock to deliver data that is read once per ${freshnessAdjective} window: more to operate and pay for, with no freshness gain`,
    };
  }
  const grain = profile.grain;
  const trigger = profile.hasStream
    ? `${streamNames(profile)} produces events continuously${rateSuffix(profile)}, and the topic's retention is finite, so ingestion runs continuously`
    : `the freshness target of ${freshness} is shorter than a batch schedule can meet reliably, so ingestion runs continuously`;
  if (profile.answers.latency.mode === 'streaming' && (grain === null || grain === 'minute')) {
    return {
      topic,
      id: 'streaming',
      choice: 'Streaming (continuous processing end to end)',
      reason: `${trigger}; with a ${freshnessAdjective} target and ${grain ? 'per-minute windows' : 'no scheduled aggregation'}, records are transformed as they arrive`,
      rejectedAlternative: 'Hybrid (streaming ingestion with scheduled batch transforms)',
      whyNot: `a scheduled transform adds at least one schedule interval of delay, which a ${freshnessAdjective} target cannot absorb`,
    };
  }
  const aggregation = grain ? `${grainAdjective(grain)} aggregations` : 'the transforms';
  return {
    topic,
    id: 'hybrid',
    choice: 'Hybrid: streaming ingestion with batch aggregation',
    reason: `${trigger} into a raw landing table (freshness target ${freshness}); ${aggregation} are recomputed on a schedule in ${DESTINATION_LABELS[profile.answers.destination.type]}, where late events are folded into the ${grain ? grainNoun(grain) : 'window'} they belong to by rebuilding a short lookback window`,
    rejectedAlternative: `Pure streaming (${grain ? `${grainAdjective(grain)} windows` : 'windowed aggregation'} computed in a stream processor)`,
    whyNot: `windowed aggregation in Flink or Spark needs state stores, checkpoint management and allowed-lateness tuning; recomputing ${grain ? withArticle(grainNoun(grain)) : 'a window'} in SQL gives the same numbers with simpler recovery and no extra cluster`,
  };
}

function decideTransform(profile: Profile): Decision<TransformApproach> {
  const topic = 'ETL vs ELT';
  const type = profile.answers.destination.type;
  const label = DESTINATION_LABELS[type];
  const tags = profile.answers.compliance.filter((t) => t !== 'sox').map((t) => t.toUpperCase());
  if (profile.maskBeforeLanding) {
    return {
      topic,
      id: 'ETL',
      choice: `ETL for personal data: mask or tokenize in flight, then model ${profile.destinationKind === 'warehouse' ? `in ${label} with dbt` : 'downstream'}`,
      reason: `compliance lists ${tags.join(', ')}: personal fields must be masked or tokenized before they land, because whatever lands raw is also kept in ${retentionCopies(type)} and is readable by every role that can read the landing schema. The ingestion layer hashes (keyed HMAC, so joins still work) or tokenizes those fields; modelling after landing still uses dbt on data that is already masked`,
      rejectedAlternative: 'ELT (land raw records, transform in the warehouse)',
      whyNot: 'raw personal data would sit in the landing tables; masking policies applied on read hide it from queries but do not remove it from storage, backups or the scope of an erasure request',
    };
  }
  if (profile.destinationKind === 'object-storage') {
    return {
      topic,
      id: 'ETL',
      choice: 'ETL: transform with Spark/Python, write curated Parquet',
      reason: `${label} stores files but has no compute of its own: transformations run before the curated, partitioned Parquet files are written; the raw zone is kept alongside for replays`,
      rejectedAlternative: 'ELT (transform after landing)',
      whyNot: 'it needs a query engine over the lake (Athena, Trino or Spark SQL) to transform in place; add one later if analysts need SQL over the raw zone',
    };
  }
  if (type === 'postgres' && (profile.totalBytesPerDay ?? 0) > THRESHOLDS.postgresEltBytesPerDay) {
    return {
      topic,
      id: 'ETL',
      choice: 'ETL: transform in Python/Spark, load modelled tables into PostgreSQL',
      reason: 'at this daily volume, heavy transforms inside a row-store OLTP database compete with its other workloads; transforming before load keeps PostgreSQL serving reads',
      rejectedAlternative: 'ELT with dbt on PostgreSQL',
      whyNot: 'large aggregations and joins on a row store lock, bloat and slow down the database the applications use',
    };
  }
  return {
    topic,
    id: 'ELT',
    choice: 'ELT with dbt: land raw records, transform in the warehouse',
    reason: `${label} runs SQL at scale on compute that is billed only while it runs: raw records land as they are, and dbt models (version-controlled, tested, re-runnable over any window) build staging, intermediate and mart tables; the raw data stays available to rebuild everything when the logic changes`,
    rejectedAlternative: 'ETL (transform before load in Spark or Python)',
    whyNot: 'a second compute engine to operate and pay for, and the untransformed records are gone (or must be stored elsewhere) when a transform bug needs a replay',
  };
}

function decideOrchestration(profile: Profile, pattern: Pattern): Decision<Orchestrator> {
  const topic = 'Orchestration';
  const preference = profile.answers.orchestration;
  const ruled = ruledOrchestrator(profile, pattern);
  if (preference === 'none') {
    return {
      topic,
      id: 'none',
      choice: `No orchestrator: ${nativeScheduler(profile.answers.destination.type)}`,
      reason: `stated preference; ${pattern === 'batch' ? 'the scheduled run' : 'the connector runs continuously and the scheduled transforms'} use the platform's own scheduler`,
      rejectedAlternative: ORCHESTRATOR_LABELS[ruled.id],
      whyNot: `not chosen because you asked for none; what you give up (retries with backoff across steps, one place for alerts, a backfill command) is covered by hand in the runbook below`,
    };
  }
  if (preference !== 'decide') {
    const alternative: Orchestrator = ruled.id === preference ? (preference === 'airflow' ? 'dagster' : 'airflow') : ruled.id;
    return {
      topic,
      id: preference,
      choice: ORCHESTRATOR_LABELS[preference],
      reason: `stated preference; it covers what this design needs: scheduled ${pattern === 'batch' ? 'extract, load and transform runs' : 'transform runs'} with retries and backoff, failure alerts, and date-range backfills`,
      rejectedAlternative: ORCHESTRATOR_LABELS[alternative],
      whyNot:
        alternative === ruled.id
          ? `not chosen because you prefer ${ORCHESTRATOR_LABELS[preference]}; without a preference the rules pick ${ORCHESTRATOR_LABELS[ruled.id]}: ${ruled.reason}`
          : ruled.whyNotAlternative,
    };
  }
  return {
    topic,
    id: ruled.id,
    choice: ORCHESTRATOR_LABELS[ruled.id],
    reason: ruled.reason,
    rejectedAlternative: ORCHESTRATOR_LABELS[ruled.id === 'airflow' ? 'dagster' : 'airflow'],
    whyNot: ruled.whyNotAlternative,
  };
}

const ORCHESTRATOR_LABELS: Record<Orchestrator, string> = {
  airflow: 'Apache Airflow',
  dagster: 'Dagster',
  prefect: 'Prefect',
  none: 'No orchestrator',
};

function ruledOrchestrator(profile: Profile, pattern: Pattern): { id: 'airflow' | 'dagster'; reason: string; whyNotAlternative: string } {
  const count = profile.sources.length;
  if (count >= THRESHOLDS.assetCentricSources) {
    return {
      id: 'dagster',
      reason: `${count} sources feed shared models: software-defined assets give lineage across them, per-asset freshness checks and partition-level backfills without hand-maintained cross-DAG dependencies`,
      whyNotAlternative: `task-centric DAGs would need the dependencies between ${count} sources' datasets maintained by hand, and backfills run per DAG rather than per partition of a dataset`,
    };
  }
  const job =
    pattern === 'batch'
      ? 'a time-based extract → load → transform → check chain'
      : 'the stream is landed continuously by the ingestion layer, so the orchestrator only runs the scheduled dbt builds, quality checks and backfills: a small time-based DAG';
  return {
    id: 'airflow',
    reason: `${job}, which is Airflow's home ground: retries with exponential backoff, failure callbacks and SLAs, \`airflow dags backfill\` for date ranges, maintained providers for ${DESTINATION_LABELS[profile.answers.destination.type]} and dbt, and managed offerings on every major cloud`,
    whyNotAlternative: `its asset model pays off with many interdependent datasets; with ${count} source${count === 1 ? '' : 's'} feeding one model chain it adds a second paradigm without removing work`,
  };
}

function decideLoad(profile: Profile, pattern: Pattern): Decision<LoadMode> {
  const topic = 'Load mode';
  const type = profile.answers.destination.type;
  // API records are fetched by update time, so like database rows they change after the first load.
  const mutable = profile.sources.some((s) => (s.source.type === 'database' && s.source.changes !== 'append-only') || s.source.type === 'rest-api');
  const partitioned = type === 'bigquery' || type === 'databricks' || profile.destinationKind === 'object-storage';
  const raw = pattern === 'batch' ? '' : 'The raw landing table is append-only (at-least-once from the ingestion layer); ';
  if (!mutable && partitioned) {
    return {
      topic,
      id: 'partition-overwrite',
      choice: `Partition overwrite (replace the ${profile.grain === 'hour' ? 'hour' : 'day'} partitions a run covers)`,
      reason: `${raw}each run rebuilds the complete partitions it covers and atomically replaces them, so a rerun or backfill of the same window produces the same table; ${DESTINATION_LABELS[type]} replaces a partition without scanning the rest of the table`,
      rejectedAlternative: 'MERGE on a unique key',
      whyNot: 'for append-only, time-partitioned data a MERGE scans the target to match keys on every run, costing more for the same result',
    };
  }
  const key = mutable ? 'the primary key (latest change wins, by change timestamp or log position)' : profile.grain ? `the aggregate key (${grainNoun(profile.grain)} plus dimensions)` : 'the event id';
  return {
    topic,
    id: 'merge',
    choice: `Idempotent MERGE on ${key}`,
    reason: `${raw}${mutable ? 'source rows change after they are first loaded, so each run' : 'each run'} upserts what it read by key: rerunning a window, or a retry after a partial failure, updates the same rows instead of adding duplicates`,
    rejectedAlternative: 'Plain INSERT (append)',
    whyNot: 'a retried or backfilled run would insert the same rows twice; duplicates then surface as inflated totals in every downstream report',
  };
}

function decideInterval(profile: Profile, pattern: Pattern, transforms: TransformSchedule): IntervalDecision {
  const topic = pattern === 'batch' ? 'Schedule' : 'Micro-batch interval';
  const freshness = minutesAdjective(profile.freshnessMinutes);
  if (pattern === 'batch') {
    const schedule = profile.schedule!;
    const minutes = Math.round(1440 / schedule.runsPerDay);
    return {
      topic,
      id: 'schedule',
      minutes,
      choice: `${capitalize(schedule.label)} (cron \`${schedule.cron}\`)`,
      reason: `meets the ${freshness} freshness target${schedule.runsPerDay === 1 ? ' after the day is complete in the source' : ''}, leaving room for one retry within the window`,
      rejectedAlternative: schedule.runsPerDay === 1 ? 'Hourly runs' : 'A single daily run',
      whyNot:
        schedule.runsPerDay === 1
          ? '24 runs a day multiply source queries and warehouse minimum billing for data that is read once a day'
          : `it would miss the ${freshness} freshness target`,
    };
  }
  if (profile.freshnessMinutes < 3) {
    return {
      topic,
      id: 'continuous',
      minutes: 0,
      choice: 'Continuous (flush every 10 seconds)',
      reason: `the ${freshness} freshness target leaves no room for minute-scale buffering`,
      rejectedAlternative: 'Micro-batches every 5 minutes',
      whyNot: `a 5-minute buffer alone would exceed the ${freshness} target`,
    };
  }
  const minutes = Math.min(15, Math.max(1, Math.floor(profile.freshnessMinutes / 3)));
  return {
    topic,
    id: 'micro-batch',
    minutes,
    choice: `Micro-batch every ${minutes} minute${minutes === 1 ? '' : 's'}${flushSetting(profile, minutes)}`,
    reason: `a third of the ${freshness} freshness target: landing takes at most ${minutes} min, so every transform run (${transforms.label}) sees data at most ${minutes} min old, with room left for one retry`,
    rejectedAlternative: 'Per-record flushing (seconds)',
    whyNot: `many more, smaller commits raise ingestion overhead and cost${profile.grain && profile.grain !== 'minute' ? `, and ${grainAdjective(profile.grain)} aggregates gain nothing from sub-minute landing` : ''}`,
  };
}

function decideTransformSchedule(profile: Profile, pattern: Pattern): TransformSchedule {
  if (pattern === 'batch') return { ...profile.schedule!, lookbackHours: 0 };
  const lookbackHours = THRESHOLDS.lateDataLookbackHours;
  const grain = profile.grain;
  if (grain === 'day' || grain === 'week' || grain === 'month') {
    return { cron: '30 1 * * *', label: 'daily at 01:30 UTC', runsPerDay: 1, lookbackHours: 48 };
  }
  // Closed hours are published by the hourly run; only unaggregated (or per-minute) designs
  // rebuild more often to meet a sub-hour target.
  if ((grain === null || grain === 'minute') && profile.freshnessMinutes < 60) {
    const every = Math.max(5, Math.floor(profile.freshnessMinutes / 3));
    return { cron: `*/${every} * * * *`, label: `every ${every} minutes`, runsPerDay: Math.floor(1440 / every), lookbackHours };
  }
  return { cron: '10 * * * *', label: 'hourly at :10', runsPerDay: 24, lookbackHours };
}

function withArticle(noun: string): string {
  return /^[aeiou]|^hour/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

export function grainAdjective(grain: Grain): string {
  return { minute: 'per-minute', hour: 'hourly', day: 'daily', week: 'weekly', month: 'monthly' }[grain];
}

export function grainNoun(grain: Grain): string {
  return grain;
}

function streamNames(profile: Profile): string {
  return profile.sources
    .filter((s) => s.source.type === 'stream')
    .map((s) => `\`${s.source.name}\``)
    .join(', ');
}

function rateSuffix(profile: Profile): string {
  const stream = profile.sources.find((s) => s.source.type === 'stream' && s.source.volume);
  return stream?.source.volume ? ` (${stream.source.volume.text})` : '';
}

function flushSetting(profile: Profile, minutes: number): string {
  const kafkaToSnowflake = profile.answers.destination.type === 'snowflake' && profile.sources.some((s) => s.streamFamily === 'kafka') && !profile.maskBeforeLanding;
  return kafkaToSnowflake ? ` (connector \`buffer.flush.time=${minutes * 60}\`)` : '';
}

function nativeScheduler(type: DestinationType): string {
  const schedulers: Partial<Record<DestinationType, string>> = {
    snowflake: 'Snowflake tasks run the dbt-generated SQL',
    bigquery: 'BigQuery scheduled queries (or Dataform schedules) run the transforms',
    databricks: 'Databricks Workflows run the jobs',
    redshift: 'Redshift scheduled queries run the transforms',
  };
  return schedulers[type] ?? 'a cron job runs the pipeline';
}

function retentionCopies(type: DestinationType): string {
  if (type === 'snowflake') return 'Time Travel and Fail-safe';
  if (type === 'bigquery') return 'time travel and table snapshots';
  if (type === 'databricks') return 'Delta table history';
  return 'backups and snapshots';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

