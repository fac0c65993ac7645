import * as vscode from 'vscode';
import type { DesignHintsResult } from '../../../server/src/features/report-protocol';

// The answers' vocabulary (docs/design-answers.md); the server validates what comes back.
const SOURCE_TYPES = [
  { type: 'database', detail: 'PostgreSQL, MySQL, SQL Server… (tables)' },
  { type: 'rest-api', detail: 'an HTTP API (endpoints)' },
  { type: 'files', detail: 'CSV, Parquet or JSON files' },
  { type: 'object-storage', detail: 'S3, GCS or ADLS buckets' },
  { type: 'stream', detail: 'Kafka, Kinesis or Pub/Sub topics' },
];
const DESTINATION_TYPES = ['snowflake', 'bigquery', 'redshift', 'databricks', 'synapse', 'postgres', 's3', 'gcs', 'adls'];
const LATENCY_MODES = [
  { mode: 'batch', detail: 'scheduled runs (hourly, daily)', freshness: 1440 },
  { mode: 'near-real-time', detail: 'minutes behind the source', freshness: 15 },
  { mode: 'streaming', detail: 'seconds behind the source', freshness: 1 },
];
const ORCHESTRATION = [
  { value: 'decide', detail: 'let the design pick (Airflow, or Dagster for 3+ sources)' },
  { value: 'airflow', detail: '' },
  { value: 'dagster', detail: '' },
  { value: 'prefect', detail: '' },
  { value: 'none', detail: 'cron or the platform scheduler' },
];
const COMPLIANCE = [
  { value: 'pii', detail: 'personal data: masked before it lands' },
  { value: 'gdpr', detail: 'EU personal data' },
  { value: 'hipaa', detail: 'health data' },
  { value: 'sox', detail: 'financial reporting controls' },
];

const TITLE = 'Pipewise: Pipeline design';

type Answers = Record<string, unknown>;

/** Thrown when the user presses Esc: the wizard ends and nothing happens. */
class Cancelled extends Error {}

/**
 * Asks for the design answers one step at a time, each pre-filled from what Pipewise detected in
 * the folder, so Enter on every step accepts the detected pipeline. Undefined when cancelled.
 */
export async function askDesignAnswers(hints: DesignHintsResult, folderName: string | undefined): Promise<Answers | undefined> {
  try {
    return await ask(hints, folderName);
  } catch (error) {
    if (error instanceof Cancelled) return undefined;
    throw error;
  }
}

async function ask(hints: DesignHintsResult, folderName: string | undefined): Promise<Answers> {
  const answers: Answers = {};
  answers.name = await input('Pipeline name', hints.name ?? folderName ?? '', 'e.g. sales_etl', required);
  answers.sources = await askSources(hints);
  answers.destination = await askDestination(hints);
  const growth = await input('Volume growth per month, in percent (optional)', '', 'e.g. 5', optionalNumber);
  if (growth) answers.volume = { growth_percent_per_month: Number(growth) };
  answers.latency = await askLatency(hints);
  const aggregations = await input('Aggregations, comma-separated (optional)', '', 'e.g. hourly, daily rollups per customer');
  answers.aggregations = aggregations.split(',').map((a) => a.trim()).filter(Boolean);
  answers.orchestration = (await pick('Orchestration', ORCHESTRATION.map((o) => ({ label: o.value, detail: o.detail || undefined })))).label;
  answers.compliance = await pickMany('Compliance requirements (Space to select, Enter to accept; none is fine)', COMPLIANCE.map((c) => ({ label: c.value, detail: c.detail })));
  return answers;
}

async function askSources(hints: DesignHintsResult): Promise<Answers[]> {
  const detected = hints.sources ?? [];
  const sources: Answers[] = [];
  for (let index = 0; ; index++) {
    const hint = detected[index];
    const ordinal = `Source ${index + 1}`;
    const typeItems = SOURCE_TYPES.map((s) => ({ label: s.type, detail: s.detail, description: hint?.type === s.type ? `detected in ${hint.detectedIn ?? 'the folder'}` : undefined }));
    const type = (await pick(`${ordinal}: type`, first(typeItems, (item) => item.label === hint?.type))).label;
    const sameAsHint = hint?.type === type;
    const name = await input(`${ordinal}: name (topic, table, endpoint or bucket)`, sameAsHint ? hint.name : '', 'e.g. orders', required);
    const volume = await input(`${ordinal}: volume (optional)`, '', 'e.g. 10K events/minute, 1.5M rows per day, 5 GB/day');
    const source: Answers = { type, name };
    if (sameAsHint && hint.system) source.system = hint.system;
    if (sameAsHint && hint.format) source.format = hint.format;
    if (volume) source.volume = volume;
    sources.push(source);
    const moreDetected = index + 1 < detected.length;
    const more = [{ label: 'No more sources', more: false }, { label: 'Add another source', more: true }];
    if (moreDetected) more.reverse();
    if (!(await pick('Another source?', more)).more) return sources;
  }
}

async function askDestination(hints: DesignHintsResult): Promise<Answers> {
  const hint = hints.destination;
  const items = DESTINATION_TYPES.map((type) => ({ label: type, description: hint?.type === type ? `detected in ${hint.detectedIn ?? 'the folder'}` : undefined }));
  const type = (await pick('Destination', first(items, (item) => item.label === hint?.type))).label;
  const name = await input('Destination name (database, dataset or bucket; optional)', hint?.type === type ? (hint.name ?? '') : '', 'e.g. analytics');
  return name ? { type, name } : { type };
}

async function askLatency(hints: DesignHintsResult): Promise<Answers> {
  const items = LATENCY_MODES.map((l) => ({ label: l.mode, detail: l.detail, freshness: l.freshness }));
  const chosen = await pick('Latency', items);
  const latency: Answers = { mode: chosen.label };
  const freshness = await input('Freshness target in minutes (how stale the data may be)', String(chosen.freshness), 'e.g. 15', optionalNumber);
  if (freshness) latency.freshness_minutes = Number(freshness);
  if (chosen.label === 'batch') {
    const schedule = await input('Schedule: daily, hourly or a cron expression', hints.schedule ?? 'daily', 'e.g. 0 2 * * *', required);
    latency.schedule = schedule;
  }
  return latency;
}

function first<T>(items: T[], isDefault: (item: T) => boolean): T[] {
  const index = items.findIndex(isDefault);
  return index <= 0 ? items : [items[index], ...items.slice(0, index), ...items.slice(index + 1)];
}

async function pick<T extends vscode.QuickPickItem>(placeHolder: string, items: T[]): Promise<T> {
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder, ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  return picked;
}

async function pickMany(placeHolder: string, items: vscode.QuickPickItem[]): Promise<string[]> {
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder, ignoreFocusOut: true, canPickMany: true });
  if (!picked) throw new Cancelled();
  return picked.map((item) => item.label);
}

async function input(prompt: string, value: string, placeHolder: string, validateInput?: (text: string) => string | undefined): Promise<string> {
  const answer = await vscode.window.showInputBox({ title: TITLE, prompt, value, placeHolder, ignoreFocusOut: true, validateInput });
  if (answer === undefined) throw new Cancelled();
  return answer.trim();
}

function required(text: string): string | undefined {
  return text.trim() ? undefined : 'Required';
}

function optionalNumber(text: string): string | undefined {
  return !text.trim() || Number.isFinite(Number(text)) ? undefined : 'A number, or empty';
}
