// Number formatting shared by the design document and the cost arithmetic. Decimal units
// throughout (1 KB = 1,000 bytes), the way cloud bills count.

export function formatNumber(value: number, maxDecimals = 2): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: maxDecimals, minimumFractionDigits: 0 });
}

export function formatUsd(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A unit price keeps up to four decimals: $0.0037 must not print as $0.00. */
export function formatPrice(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;
}

const BYTE_UNITS: readonly [string, number][] = [
  ['PB', 1e15],
  ['TB', 1e12],
  ['GB', 1e9],
  ['MB', 1e6],
  ['KB', 1e3],
];

export function formatBytes(bytes: number): string {
  for (const [unit, size] of BYTE_UNITS) {
    if (bytes >= size) return `${formatNumber(bytes / size)} ${unit}`;
  }
  return `${formatNumber(bytes)} B`;
}

/** 10000 → "10K", 1500000 → "1.5M": the short form people write in answers. */
export function formatCompact(value: number): string {
  if (value >= 1e9) return `${formatNumber(value / 1e9, 1)}B`;
  if (value >= 1e6) return `${formatNumber(value / 1e6, 1)}M`;
  if (value >= 1e3) return `${formatNumber(value / 1e3, 1)}K`;
  return formatNumber(value, 1);
}

export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** `customer-events`, `Customer Events` → `customer_events`: a name usable as a table name. */
export function toIdentifier(name: string): string {
  const id = name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(id) ? `t_${id}` : id || 'source';
}

/** 15 → "15 minutes", 60 → "1 hour", 1440 → "24 hours", 2880 → "2 days". */
export function formatMinutes(minutes: number): string {
  if (minutes >= 2880 && minutes % 1440 === 0) return `${minutes / 1440} days`;
  if (minutes >= 60 && minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${formatNumber(minutes)} minutes`;
}

/** The adjective form: 15 → "15-minute", 1440 → "24-hour". */
export function minutesAdjective(minutes: number): string {
  if (minutes >= 2880 && minutes % 1440 === 0) return `${minutes / 1440}-day`;
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60}-hour`;
  return `${formatNumber(minutes)}-minute`;
}

const PROPER_NOUNS = new Set(['Kafka', 'Spark', 'Debezium', 'Amazon', 'Pub/Sub', 'Snowpipe', 'Redshift', 'Databricks', 'BigQuery', 'Synapse', 'Python', 'Apache', 'Dagster', 'Prefect', 'Snowflake', 'PostgreSQL', 'ELT', 'ETL', 'MERGE']);

/** A choice label used mid-sentence: "Custom Python extract" → "custom Python extract", "Kafka Connect…" unchanged. */
export function inSentence(text: string): string {
  const first = text.split(/[\s:(]/)[0];
  if (PROPER_NOUNS.has(first) || !/^[A-Z][a-z-]+$/.test(first)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
