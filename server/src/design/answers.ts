// The answers a design is generated from: the model, the file format (YAML or JSON, snake_case
// keys) and its validation. Validation collects every problem with its path so one run of
// `pipewise design` shows them all.

import { parse as parseYaml, YAMLParseError } from 'yaml';
import { parseByteSize, parseVolume, VOLUME_EXAMPLE, type Volume } from './volume';

export const SOURCE_TYPES = ['database', 'rest-api', 'files', 'object-storage', 'stream'] as const;
export const DESTINATION_TYPES = [
  'snowflake', 'bigquery', 'redshift', 'databricks', 'synapse', 'postgres', 's3', 'gcs', 'adls',
] as const;
export const LATENCY_MODES = ['batch', 'near-real-time', 'streaming'] as const;
export const ORCHESTRATION_PREFERENCES = ['airflow', 'dagster', 'prefect', 'none', 'decide'] as const;
export const COMPLIANCE_TAGS = ['pii', 'gdpr', 'hipaa', 'sox'] as const;
export const CHANGE_PATTERNS = ['append-only', 'updates', 'updates-and-deletes'] as const;
export const CLOUDS = ['aws', 'gcp', 'azure'] as const;

export type SourceType = (typeof SOURCE_TYPES)[number];
export type DestinationType = (typeof DESTINATION_TYPES)[number];
export type LatencyMode = (typeof LATENCY_MODES)[number];
export type OrchestrationPreference = (typeof ORCHESTRATION_PREFERENCES)[number];
export type ComplianceTag = (typeof COMPLIANCE_TAGS)[number];
export type ChangePattern = (typeof CHANGE_PATTERNS)[number];
export type Cloud = (typeof CLOUDS)[number];

export interface SourceAnswer {
  type: SourceType;
  name: string;
  /** The product behind the source: kafka, kinesis, pubsub, postgres, mysql, salesforce… */
  system?: string;
  format?: string;
  volume?: Volume;
  /** Average size of one event or row, in bytes. */
  eventSizeBytes?: number;
  /** How rows change at the source (databases): decides between watermark and CDC. */
  changes?: ChangePattern;
  /** Column an incremental extract filters on, e.g. `updated_at`. */
  watermarkColumn?: string;
  details?: string;
}

export interface DestinationAnswer {
  type: DestinationType;
  /** Database, dataset or bucket the pipeline writes to. */
  name?: string;
}

export interface DesignAnswers {
  name: string;
  sources: SourceAnswer[];
  destination: DestinationAnswer;
  volume: { current?: Volume; growthPercentPerMonth?: number };
  latency: { mode: LatencyMode; freshnessMinutes?: number; schedule?: string };
  aggregations: string[];
  orchestration: OrchestrationPreference;
  compliance: ComplianceTag[];
  cloud?: Cloud;
}

export interface AnswerProblem {
  /** Where in the answers file, e.g. `sources[0].type`; empty for the file as a whole. */
  path: string;
  message: string;
}

export class AnswersError extends Error {
  constructor(readonly problems: AnswerProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'AnswersError';
  }
}

export function formatProblem(problem: AnswerProblem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

/** YAML or JSON text (JSON is YAML) → the raw value, or an AnswersError naming the line. */
export function parseAnswersText(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line})` : '';
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AnswersError([{ path: '', message: `the answers are not valid YAML or JSON${where}: ${message}` }]);
  }
}

export type ValidationResult = { ok: true; answers: DesignAnswers } | { ok: false; problems: AnswerProblem[] };

export function validateAnswers(raw: unknown): ValidationResult {
  const problems: AnswerProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  if (!isRecord(raw)) {
    report('', 'the answers must be a mapping (YAML) or an object (JSON) with at least name, sources and destination');
    return { ok: false, problems };
  }
  checkKeys(raw, ['name', 'sources', 'destination', 'volume', 'latency', 'aggregations', 'orchestration', 'compliance', 'cloud'], '', report);

  const answers: DesignAnswers = {
    name: readName(raw.name, report),
    sources: readSources(raw.sources, report),
    destination: readDestination(raw.destination, report),
    volume: readVolumeAnswer(raw.volume, report),
    latency: readLatency(raw.latency, report),
    aggregations: readStringList(raw.aggregations, 'aggregations', report),
    orchestration: readChoice(raw.orchestration, ORCHESTRATION_PREFERENCES, 'orchestration', 'orchestration preference', report) ?? 'decide',
    compliance: readCompliance(raw.compliance, report),
    cloud: readChoice(raw.cloud, CLOUDS, 'cloud', 'cloud', report),
  };
  if (answers.cloud === undefined) delete answers.cloud;
  return problems.length ? { ok: false, problems } : { ok: true, answers };
}

type Report = (path: string, message: string) => void;

function readName(value: unknown, report: Report): string {
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
    report('name', 'missing pipeline name');
    return '';
  }
  if (typeof value !== 'string') {
    report('name', `the pipeline name must be a string (got ${describe(value)})`);
    return '';
  }
  return value.trim();
}

const SOURCE_KEYS = ['type', 'name', 'system', 'format', 'volume', 'event_size', 'changes', 'watermark_column', 'details'];

function readSources(value: unknown, report: Report): SourceAnswer[] {
  if (value === undefined || value === null) {
    report('sources', 'missing sources; list at least one, e.g. [{type: stream, name: customer_events}]');
    return [];
  }
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) report('sources', 'no sources; list at least one');
  const sources: SourceAnswer[] = [];
  items.forEach((item, index) => {
    const path = `sources[${index}]`;
    if (!isRecord(item)) {
      report(path, `each source must be a mapping with type and name (got ${describe(item)})`);
      return;
    }
    checkKeys(item, SOURCE_KEYS, path, report);
    const type = readChoice(item.type, SOURCE_TYPES, `${path}.type`, 'source type', report);
    if (item.type === undefined) report(`${path}.type`, `missing source type; accepted: ${SOURCE_TYPES.join(', ')}`);
    const name = readOptionalString(item.name, `${path}.name`, report);
    if (!name) report(`${path}.name`, 'missing source name (topic, table, endpoint or bucket)');
    const source: SourceAnswer = { type: type ?? 'database', name: name ?? '' };
    assignIfDefined(source, 'system', readOptionalString(item.system, `${path}.system`, report)?.toLowerCase());
    assignIfDefined(source, 'format', readOptionalString(item.format, `${path}.format`, report));
    assignIfDefined(source, 'volume', readVolume(item.volume, `${path}.volume`, report));
    assignIfDefined(source, 'eventSizeBytes', readEventSize(item.event_size, `${path}.event_size`, report));
    assignIfDefined(source, 'changes', readChoice(item.changes, CHANGE_PATTERNS, `${path}.changes`, 'change pattern', report));
    assignIfDefined(source, 'watermarkColumn', readOptionalString(item.watermark_column, `${path}.watermark_column`, report));
    assignIfDefined(source, 'details', readOptionalString(item.details, `${path}.details`, report));
    sources.push(source);
  });
  return sources;
}

function readDestination(value: unknown, report: Report): DestinationAnswer {
  const fallback: DestinationAnswer = { type: 'snowflake' };
  if (value === undefined || value === null) {
    report('destination', `missing destination; accepted types: ${DESTINATION_TYPES.join(', ')}`);
    return fallback;
  }
  // `destination: snowflake` is accepted as the short form of `destination: {type: snowflake}`.
  const record = typeof value === 'string' ? { type: value } : value;
  if (!isRecord(record)) {
    report('destination', `the destination must be a mapping with a type (got ${describe(value)})`);
    return fallback;
  }
  checkKeys(record, ['type', 'name'], 'destination', report);
  if (record.type === undefined) report('destination.type', `missing destination type; accepted: ${DESTINATION_TYPES.join(', ')}`);
  const type = readChoice(record.type, DESTINATION_TYPES, 'destination.type', 'destination type', report);
  const destination: DestinationAnswer = { type: type ?? fallback.type };
  assignIfDefined(destination, 'name', readOptionalString(record.name, 'destination.name', report));
  return destination;
}

function readVolumeAnswer(value: unknown, report: Report): DesignAnswers['volume'] {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') {
    const current = readVolume(value, 'volume', report);
    return current ? { current } : {};
  }
  if (!isRecord(value)) {
    report('volume', `volume must be a string such as ${VOLUME_EXAMPLE} or a mapping with current and growth_percent_per_month`);
    return {};
  }
  checkKeys(value, ['current', 'growth_percent_per_month'], 'volume', report);
  const result: DesignAnswers['volume'] = {};
  assignIfDefined(result, 'current', readVolume(value.current, 'volume.current', report));
  const growth = value.growth_percent_per_month;
  if (growth !== undefined && growth !== null) {
    if (typeof growth !== 'number' || !Number.isFinite(growth)) {
      report('volume.growth_percent_per_month', `growth must be a number of percent per month, e.g. 5 (got ${describe(growth)})`);
    } else if (growth <= -100) {
      report('volume.growth_percent_per_month', `growth must be above -100 (got ${growth})`);
    } else {
      result.growthPercentPerMonth = growth;
    }
  }
  return result;
}

function readLatency(value: unknown, report: Report): DesignAnswers['latency'] {
  const fallback: DesignAnswers['latency'] = { mode: 'batch' };
  if (value === undefined || value === null) {
    report('latency', `missing latency; accepted: ${LATENCY_MODES.join(', ')}`);
    return fallback;
  }
  const record = typeof value === 'string' ? { mode: value } : value;
  if (!isRecord(record)) {
    report('latency', `latency must be one of ${LATENCY_MODES.join(', ')} or a mapping with mode and freshness_minutes`);
    return fallback;
  }
  checkKeys(record, ['mode', 'freshness_minutes', 'schedule'], 'latency', report);
  if (record.mode === undefined) report('latency.mode', `missing latency mode; accepted: ${LATENCY_MODES.join(', ')}`);
  const latency: DesignAnswers['latency'] = {
    mode: readChoice(record.mode, LATENCY_MODES, 'latency.mode', 'latency mode', report) ?? fallback.mode,
  };
  const freshness = record.freshness_minutes;
  if (freshness !== undefined && freshness !== null) {
    if (typeof freshness !== 'number' || !Number.isFinite(freshness) || freshness <= 0) {
      report('latency.freshness_minutes', `freshness target must be a positive number of minutes (got ${describe(freshness)})`);
    } else {
      latency.freshnessMinutes = freshness;
    }
  }
  assignIfDefined(latency, 'schedule', readOptionalString(record.schedule, 'latency.schedule', report));
  return latency;
}

function readCompliance(value: unknown, report: Report): ComplianceTag[] {
  const tags: ComplianceTag[] = [];
  readStringList(value, 'compliance', report).forEach((text, index) => {
    const tag = readChoice(text.toLowerCase(), COMPLIANCE_TAGS, `compliance[${index}]`, 'compliance requirement', report);
    if (tag && !tags.includes(tag)) tags.push(tag);
  });
  return tags;
}

function readVolume(value: unknown, path: string, report: Report): Volume | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    report(path, value < 0 ? `volume must not be negative: ${value}` : `a volume needs a unit and a period, e.g. ${VOLUME_EXAMPLE} (got ${value})`);
    return undefined;
  }
  if (typeof value !== 'string') {
    report(path, `volume must be a string such as ${VOLUME_EXAMPLE} (got ${describe(value)})`);
    return undefined;
  }
  const result = parseVolume(value);
  if (!result.ok) {
    report(path, result.message);
    return undefined;
  }
  return result.volume;
}

function readEventSize(value: unknown, path: string, report: Report): number | undefined {
  if (value === undefined || value === null) return undefined;
  const bytes = typeof value === 'string' ? parseByteSize(value) : null;
  if (bytes === null || bytes <= 0) {
    report(path, `event size must be a size such as "1 KB" or "500 bytes" (got ${describe(value)})`);
    return undefined;
  }
  return bytes;
}

function readChoice<T extends string>(value: unknown, accepted: readonly T[], path: string, what: string, report: Report): T | undefined {
  if (value === undefined || value === null) return undefined;
  const normalized = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (typeof normalized === 'string' && (accepted as readonly string[]).includes(normalized)) return normalized as T;
  const shown = typeof value === 'string' ? `"${value}"` : describe(value);
  report(path, `unknown ${what} ${shown}; accepted: ${accepted.join(', ')}`);
  return undefined;
}

function readOptionalString(value: unknown, path: string, report: Report): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') {
    report(path, `must be a string (got ${describe(value)})`);
    return undefined;
  }
  return value.trim() || undefined;
}

function readStringList(value: unknown, path: string, report: Report): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const strings: string[] = [];
  items.forEach((item, index) => {
    if (typeof item === 'string' && item.trim()) strings.push(item.trim());
    else report(Array.isArray(value) ? `${path}[${index}]` : path, `must be a string (got ${describe(item)})`);
  });
  return strings;
}

function checkKeys(record: Record<string, unknown>, accepted: readonly string[], path: string, report: Report): void {
  for (const key of Object.keys(record)) {
    if (!accepted.includes(key)) report(path ? `${path}.${key}` : key, `unknown field "${key}"; accepted: ${accepted.join(', ')}`);
  }
}

function assignIfDefined<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}
