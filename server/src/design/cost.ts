// The monthly cost estimate: one row per component, each row a sum of terms, each term a
// product of stated factors (quantities and unit prices from assumptions.ts). Every number in
// the table can be recomputed from the factors printed beside it.

import { CALENDAR, PRICES, SIZING } from './assumptions';
import type { Decisions } from './decide';
import { formatBytes, formatNumber, formatPrice, roundCents } from './format';
import type { Profile, SourceProfile } from './profile';
import { SECONDS_PER, type Volume } from './volume';

export interface CostFactor {
  value: number;
  unit: string;
  /** Unit prices print as "$0.21/broker-hour" and are listed among the assumptions. */
  price?: { note: string };
}

export interface CostTerm {
  label: string;
  factors: CostFactor[];
  /** Product of the factors' values, rounded to cents. */
  usd: number;
}

export interface CostRow {
  component: string;
  terms: CostTerm[];
  /** Sum of the terms' usd. */
  usd: number;
}

export interface VolumeLine {
  source: string;
  arithmetic: string;
  bytesPerMonth: number;
}

export interface CostEstimate {
  label: 'estimate';
  currency: 'USD';
  rows: CostRow[];
  /** Sum of the rows' usd. */
  totalUsd: number;
  volumes: VolumeLine[];
  assumptions: string[];
  growth: string | null;
  notIncluded: string[];
}

const GB = 1e9;
const TIB = 2 ** 40;

export function estimateCost(profile: Profile, decisions: Decisions): CostEstimate {
  const bytesPerMonth = profile.totalBytesPerDay === null ? null : profile.totalBytesPerDay * CALENDAR.daysPerMonth;
  const rows = [
    ...streamingRows(profile, decisions),
    ...destinationRows(profile, decisions, bytesPerMonth),
    ...orchestrationRows(decisions),
    secretsRow(profile),
  ].filter((row): row is CostRow => row !== null);
  return {
    label: 'estimate',
    currency: 'USD',
    rows,
    totalUsd: roundCents(rows.reduce((sum, row) => sum + row.usd, 0)),
    volumes: volumeLines(profile),
    assumptions: assumptionLines(profile, rows),
    growth: growthLine(profile, bytesPerMonth),
    notIncluded: [
      'network egress and cross-region transfer',
      'BI and ad-hoc query compute on the destination',
      'observability tooling (metrics, logs, paging)',
      'engineering and on-call time',
    ],
  };
}

function price(value: number, unit: string, note: string): CostFactor {
  return { value, unit, price: { note } };
}

function qty(value: number, unit: string): CostFactor {
  return { value, unit };
}

function term(label: string, ...factors: CostFactor[]): CostTerm {
  return { label, factors, usd: roundCents(factors.reduce((product, f) => product * f.value, 1)) };
}

function row(component: string, ...terms: CostTerm[]): CostRow {
  return { component, terms, usd: roundCents(terms.reduce((sum, t) => sum + t.usd, 0)) };
}

function streamingRows(profile: Profile, decisions: Decisions): (CostRow | null)[] {
  const tools = new Set(decisions.sources.map((s) => s.ingestion.id));
  const kafkaSources = decisions.sources.filter((s) => s.source.streamFamily === 'kafka' || s.ingestion.id === 'debezium').map((s) => s.source);
  const rows: (CostRow | null)[] = [];
  if (kafkaSources.length) rows.push(kafkaRow(profile, kafkaSources));
  if (tools.has('kafka-connect-sink') || tools.has('debezium')) {
    rows.push(
      row(
        'Kafka Connect workers',
        term(
          'workers running around the clock',
          price(PRICES.kafkaConnectWorkerHourUsd, 'worker-hour', '2 vCPU / 8 GB Kafka Connect worker'),
          qty(SIZING.kafkaConnectWorkers, 'workers'),
          qty(CALENDAR.hoursPerMonth, 'h'),
        ),
      ),
    );
  }
  if (tools.has('spark-structured-streaming')) {
    rows.push(
      row(
        'Spark Structured Streaming cluster',
        term(
          'driver and workers running around the clock',
          price(PRICES.sparkNodeHourUsd, 'node-hour', '4 vCPU node of a streaming cluster'),
          qty(SIZING.sparkStreamingNodes, 'nodes'),
          qty(CALENDAR.hoursPerMonth, 'h'),
        ),
      ),
    );
  }
  return rows;
}

function kafkaRow(profile: Profile, sources: SourceProfile[]): CostRow {
  const known = sources.filter((s) => s.bytesPerDay !== null);
  const bytesPerDay = known.length ? known.reduce((sum, s) => sum + (s.bytesPerDay ?? 0), 0) : (profile.totalBytesPerDay ?? 0);
  const ingressMBps = bytesPerDay / SECONDS_PER.day / 1e6;
  const brokers = Math.max(
    SIZING.kafkaMinBrokers,
    Math.ceil((ingressMBps * SIZING.kafkaReplicationFactor) / SIZING.kafkaBrokerThroughputMBps),
  );
  return row(
    'Managed Kafka',
    term(
      'brokers',
      price(PRICES.kafkaBrokerHourUsd, 'broker-hour', 'managed Kafka, m5.large-class broker'),
      qty(brokers, 'brokers'),
      qty(CALENDAR.hoursPerMonth, 'h'),
    ),
    term(
      'retained storage',
      qty(bytesPerDay / GB, 'GB/day'),
      qty(SIZING.kafkaRetentionDays, 'days retention'),
      qty(SIZING.kafkaReplicationFactor, 'replicas'),
      price(PRICES.kafkaStorageGbMonthUsd, 'GB-month', 'managed Kafka broker storage'),
    ),
  );
}

function destinationRows(profile: Profile, decisions: Decisions, bytesPerMonth: number | null): (CostRow | null)[] {
  const schedule = decisions.transformSchedule;
  const gbPerRun = bytesPerMonth === null ? 0 : bytesPerMonth / GB / CALENDAR.daysPerMonth / schedule.runsPerDay;
  const minutesPerRun = Math.max(SIZING.warehouseMinutesPerRun, Math.ceil(gbPerRun / 2));
  const hoursPerDay = (schedule.runsPerDay * minutesPerRun) / 60;
  const runHours = qty(hoursPerDay, `h/day (${formatNumber(schedule.runsPerDay)} runs × ${minutesPerRun} min)`);
  const days = qty(CALENDAR.daysPerMonth, 'days');
  const gbMonth = bytesPerMonth === null ? null : bytesPerMonth / GB;
  const streamedSources = decisions.sources.filter((s) => s.source.source.type === 'stream' || s.extraction.id === 'cdc').map((s) => s.source);
  const streamedGb = streamedSources.reduce((sum, s) => sum + (s.bytesPerDay ?? 0), 0) * CALENDAR.daysPerMonth / GB;
  const ingestionLabel = streamedSources.length === 0 ? 'Snowpipe' : streamedSources.length === profile.sources.length ? 'Snowpipe Streaming' : 'Snowpipe and Snowpipe Streaming';
  const compressed = qty(SIZING.warehouseCompressionRatio, 'stored/raw (compressed)');
  const storageLabel = "storage of one month's data (grows by this each month it is kept)";

  switch (profile.answers.destination.type) {
    case 'snowflake':
      return [
        row(
          'Snowflake compute (XS warehouse)',
          term('scheduled transforms', runHours, days, qty(PRICES.snowflakeXsCreditsPerHour, 'credit/h (XS)'), price(PRICES.snowflakeCreditUsd, 'credit', 'Snowflake credit, Enterprise edition, on demand')),
        ),
        gbMonth === null
          ? null
          : row(
              `Snowflake ingestion (${ingestionLabel})`,
              term('serverless ingestion', qty(gbMonth, 'GB/month'), qty(PRICES.snowflakeIngestCreditsPerGb, 'credits/GB'), price(PRICES.snowflakeCreditUsd, 'credit', 'Snowflake credit, Enterprise edition, on demand')),
            ),
        gbMonth === null
          ? null
          : row('Snowflake storage', term(storageLabel, qty(gbMonth / 1000, 'TB/month raw'), compressed, price(PRICES.snowflakeStorageTbMonthUsd, 'TB-month', 'Snowflake storage, on demand'))),
      ];
    case 'bigquery':
      return [
        gbMonth === null
          ? null
          : row('BigQuery compute (on-demand queries)', term('transform scans', qty(bytesPerMonth! / TIB, 'TiB/month'), qty(SIZING.transformScanFactor, 'scans per byte (staging, marts, tests)'), price(PRICES.bigqueryScanTibUsd, 'TiB scanned', 'BigQuery on-demand query pricing'))),
        streamedGb === 0
          ? null
          : row('BigQuery ingestion (Storage Write API)', term('streamed bytes (file loads are free)', qty(streamedGb, 'GB/month streamed'), price(PRICES.bigqueryStreamingGbUsd, 'GB', 'BigQuery Storage Write API, free tier not applied'))),
        gbMonth === null
          ? null
          : row('BigQuery storage', term(storageLabel, qty(gbMonth, 'GB/month (logical)'), price(PRICES.bigqueryStorageGbMonthUsd, 'GB-month', 'BigQuery active logical storage'))),
      ];
    case 'redshift':
      return [
        row('Redshift Serverless compute', term('scheduled transforms', runHours, days, qty(PRICES.redshiftBaseRpus, 'RPUs'), price(PRICES.redshiftRpuHourUsd, 'RPU-hour', 'Redshift Serverless'))),
        gbMonth === null ? null : row('Redshift storage', term(storageLabel, qty(gbMonth, 'GB/month raw'), compressed, price(PRICES.redshiftStorageGbMonthUsd, 'GB-month', 'Redshift managed storage'))),
      ];
    case 'databricks':
    case 'synapse': {
      const databricks = profile.answers.destination.type === 'databricks';
      return [
        row(
          databricks ? 'Databricks jobs compute' : 'Synapse dedicated pool (DW100c, paused between runs)',
          term('scheduled transforms', runHours, days, databricks ? price(PRICES.databricksJobsClusterHourUsd, 'cluster-hour', 'small Databricks jobs cluster, DBUs plus VMs') : price(PRICES.synapseDw100cHourUsd, 'DW100c-hour', 'Synapse dedicated SQL pool')),
        ),
        gbMonth === null ? null : row('Lake storage', term(storageLabel, qty(gbMonth, 'GB/month raw'), compressed, price(PRICES.objectStorageGbMonthUsd, 'GB-month', 'object storage, standard tier'))),
      ];
    }
    case 'postgres':
      return [
        row('PostgreSQL instance', term('managed instance', price(PRICES.postgresInstanceHourUsd, 'instance-hour', 'managed PostgreSQL, 2 vCPU / 8 GB'), qty(CALENDAR.hoursPerMonth, 'h'))),
        gbMonth === null ? null : row('PostgreSQL storage', term(storageLabel, qty(gbMonth, 'GB/month'), price(PRICES.postgresStorageGbMonthUsd, 'GB-month', 'managed PostgreSQL storage'))),
      ];
    case 's3':
    case 'gcs':
    case 'adls':
      return [
        row('Transform compute (batch jobs)', term('scheduled transforms', runHours, days, price(PRICES.batchComputeHourUsd, 'job-hour', 'container or small Spark job'))),
        gbMonth === null ? null : row('Object storage', term(storageLabel, qty(gbMonth, 'GB/month raw'), compressed, price(PRICES.objectStorageGbMonthUsd, 'GB-month', 'object storage, standard tier'))),
      ];
  }
}

function orchestrationRows(decisions: Decisions): (CostRow | null)[] {
  const id = decisions.orchestration.id;
  if (id === 'none') return [];
  if (id === 'airflow') {
    return [row('Orchestration (managed Airflow)', term('small environment', price(PRICES.airflowEnvironmentHourUsd, 'environment-hour', 'managed Airflow, small environment'), qty(CALENDAR.hoursPerMonth, 'h')))];
  }
  const label = id === 'dagster' ? 'Dagster' : 'Prefect';
  return [row(`Orchestration (${label}, self-hosted)`, term('daemon and worker', price(PRICES.selfHostedOrchestratorHourUsd, 'host-hour', `${label} daemon + worker on a small VM with a managed metadata database`), qty(CALENDAR.hoursPerMonth, 'h')))];
}

function secretsRow(profile: Profile): CostRow {
  const secrets = profile.sources.length * SIZING.secretsPerSource + SIZING.extraSecrets;
  return row('Secrets manager', term('stored secrets', qty(secrets, 'secrets'), price(PRICES.secretMonthUsd, 'secret-month', 'cloud secrets manager')));
}

function volumeLines(profile: Profile): VolumeLine[] {
  const lines: VolumeLine[] = [];
  for (const source of profile.sources) {
    if (source.source.volume) lines.push({ source: source.source.name, ...monthlyArithmetic(source.source.volume, source.eventSizeBytes) });
  }
  const current = profile.answers.volume.current;
  if (current) lines.push({ source: 'all sources (answers: volume.current)', ...monthlyArithmetic(current, SIZING.eventSizeBytes) });
  return lines;
}

const PER_MONTH_STEPS: Record<Volume['period'], string> = {
  second: '× 3,600 × 24 × 30',
  minute: '× 60 × 24 × 30',
  hour: '× 24 × 30',
  day: '× 30',
  week: '× 30 / 7',
  month: '× 1',
};

const PERIOD_UNITS: Record<Volume['period'], string> = {
  second: 's', minute: 'min', hour: 'h', day: 'day', week: 'week', month: 'month',
};

/** "10,000 events/min × 60 × 24 × 30 = 432,000,000 events/month × 1 KB = 432 GB/month". */
export function monthlyArithmetic(volume: Volume, eventSizeBytes: number): { arithmetic: string; bytesPerMonth: number } {
  const perMonth = (volume.quantity / SECONDS_PER[volume.period]) * SECONDS_PER.month;
  const rate = `${formatNumber(volume.kind === 'bytes' ? volume.quantity / GB : volume.quantity)} ${volume.kind === 'bytes' ? 'GB' : volume.noun}/${PERIOD_UNITS[volume.period]}`;
  if (volume.kind === 'bytes') {
    return { arithmetic: `${rate} ${PER_MONTH_STEPS[volume.period]} = ${formatBytes(perMonth)}/month`, bytesPerMonth: perMonth };
  }
  const bytesPerMonth = perMonth * eventSizeBytes;
  return {
    arithmetic: `${rate} ${PER_MONTH_STEPS[volume.period]} = ${formatNumber(perMonth, 0)} ${volume.noun}/month × ${formatBytes(eventSizeBytes)} = ${formatBytes(bytesPerMonth)}/month`,
    bytesPerMonth,
  };
}

function assumptionLines(profile: Profile, rows: CostRow[]): string[] {
  const lines = [`Month = ${CALENDAR.daysPerMonth} days = ${CALENDAR.hoursPerMonth} hours; decimal units (1 KB = 1,000 bytes, 1 GB = 1,000 MB).`];
  const assumedSizes = profile.sources.filter((s) => s.source.volume?.kind === 'events' && s.eventSizeAssumed);
  if (assumedSizes.length || profile.answers.volume.current?.kind === 'events') {
    lines.push(`Average event size ${formatBytes(SIZING.eventSizeBytes)} where the answers give none (${assumedSizes.map((s) => s.source.name).join(', ') || 'volume.current'}).`);
  }
  if (profile.totalBytesPerDay === null) lines.push('No volume was given: volume-driven rows (ingestion, storage, scans) are left out.');
  const seen = new Set<string>();
  for (const factor of rows.flatMap((r) => r.terms.flatMap((t) => t.factors))) {
    if (!factor.price) continue;
    const line = `${formatPrice(factor.value)} per ${factor.unit}: ${factor.price.note}.`;
    if (!seen.has(line)) {
      seen.add(line);
      lines.push(line);
    }
  }
  return lines;
}

function growthLine(profile: Profile, bytesPerMonth: number | null): string | null {
  const growth = profile.answers.volume.growthPercentPerMonth;
  if (growth === undefined || bytesPerMonth === null) return null;
  const factor = (1 + growth / 100) ** 12;
  return `At ${formatNumber(growth)}% growth per month, volume is ×${formatNumber(factor)} in 12 months (${formatBytes(bytesPerMonth * factor)}/month): volume-driven rows (ingestion, storage, scans) grow with it; broker, worker and warehouse hours are step costs to revisit when utilisation passes 70%.`;
}

/** "$0.21/broker-hour" or "3 brokers". */
export function formatFactor(factor: CostFactor): string {
  return factor.price ? `${formatPrice(factor.value)}/${factor.unit}` : `${formatNumber(factor.value, 4)} ${factor.unit}`;
}
