// The data flow a design describes: numbered stages, the models and tables each stage
// produces, and the Mermaid flowchart of the same thing.

import { grainAdjective, type Decisions } from './decide';
import { formatBytes, inSentence } from './format';
import { DESTINATION_LABELS, describeRate, describeSource } from './labels';
import type { Profile, SourceProfile } from './profile';

export interface Stage {
  title: string;
  lines: string[];
}

export interface Model {
  layer: 'masking' | 'staging' | 'intermediate' | 'mart';
  name: string;
  purpose: string;
}

export interface TableSpec {
  name: string;
  role: 'landing' | 'dead-letter' | 'mart';
  layout: string;
}

export interface Flow {
  stages: Stage[];
  models: Model[];
  tables: TableSpec[];
  mermaid: string;
}

export function buildFlow(profile: Profile, decisions: Decisions): Flow {
  const names = tableNames(profile);
  const models = buildModels(profile, decisions, names);
  const tables = buildTables(profile, decisions, names);
  return {
    stages: buildStages(profile, decisions, models, tables),
    models,
    tables,
    mermaid: buildMermaid(profile, decisions, models, tables),
  };
}

interface Names {
  raw: (source: SourceProfile) => string;
  deadLetter: (source: SourceProfile) => string;
  mart: string;
  martSchema: string;
}

function tableNames(profile: Profile): Names {
  const objectStore = profile.destinationKind === 'object-storage';
  const bucket = profile.answers.destination.name ?? 'data-lake';
  const martSchema = profile.answers.destination.name && !objectStore ? profile.answers.destination.name : 'analytics';
  const first = profile.sources[0];
  const martBase = profile.sources.length === 1 && first ? first.id : profile.answers.name ? toSnake(profile.answers.name) : 'pipeline';
  const mart = profile.grain ? `${martBase}_${grainAdjective(profile.grain).replace('per-', '')}` : `fct_${martBase}`;
  return {
    raw: (s) => (objectStore ? `${scheme(profile)}://${bucket}/raw/${s.id}/` : `raw.${s.id}`),
    deadLetter: (s) => (s.source.type === 'stream' ? `${s.source.name}.dlq` : objectStore ? `${scheme(profile)}://${bucket}/rejected/${s.id}/` : `raw.${s.id}_rejected`),
    mart: objectStore ? `${scheme(profile)}://${bucket}/curated/${mart}/` : `${martSchema}.${mart}`,
    martSchema,
  };
}

function scheme(profile: Profile): string {
  return { s3: 's3', gcs: 'gs', adls: 'abfss' }[profile.answers.destination.type as 's3' | 'gcs' | 'adls'] ?? 's3';
}

function toSnake(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

function buildModels(profile: Profile, decisions: Decisions, names: Names): Model[] {
  const models: Model[] = [];
  if (profile.maskBeforeLanding) {
    models.push({
      layer: 'masking',
      name: 'in-flight masking (before landing)',
      purpose: 'personal fields replaced by keyed HMAC-SHA256 tokens (joinable) or dropped (free text); the key lives in the secrets manager',
    });
  }
  const lookback = decisions.transformSchedule.lookbackHours;
  const mart = names.mart.split(/[./]/).filter(Boolean).pop() ?? names.mart;
  if (decisions.transform.id === 'ETL' && profile.destinationKind === 'object-storage') {
    for (const s of profile.sources) models.push({ layer: 'staging', name: `transform_${s.id} (Spark/Python job)`, purpose: 'parse and type the raw records, deduplicate, and write partitioned Parquet' });
    models.push({ layer: 'mart', name: mart, purpose: martPurpose(profile, lookback) });
    return models;
  }
  for (const s of profile.sources) {
    models.push({ layer: 'staging', name: `stg_${s.id}`, purpose: stagingPurpose(s) });
    models.push({
      layer: 'intermediate',
      name: `int_${s.id}_deduped`,
      purpose:
        s.source.type === 'database'
          ? 'latest version per primary key (by change timestamp or log position); deleted keys flagged'
          : s.source.type === 'stream'
            ? 'one row per event id (the earliest delivery wins), so at-least-once delivery cannot double-count'
            : 'one row per record key (the latest version wins), so a record delivered twice counts once',
    });
  }
  models.push({ layer: 'mart', name: mart, purpose: martPurpose(profile, lookback) });
  return models;
}

function stagingPurpose(s: SourceProfile): string {
  const format = (s.source.format ?? (s.source.type === 'stream' || s.source.type === 'rest-api' ? 'json' : '')).toLowerCase();
  const payload =
    format === 'json' ? 'parse the JSON payload into typed columns'
      : format === 'avro' || format === 'protobuf' ? `decode the ${format === 'avro' ? 'Avro' : 'Protobuf'} payload with the registered schema into typed columns`
        : format === 'csv' ? 'cast the CSV columns to their types'
          : 'rename and cast columns';
  const metadata = s.source.type === 'database' ? '`_extracted_at`' : `load metadata (\`_loaded_at\` and the source position: ${sourcePosition([s.source.type])})`;
  return `${payload}, normalise timestamps to UTC, keep ${metadata}`;
}

/** How a record's place in its source is named: a stream's offset, an API's page, a file's name. */
export function sourcePosition(types: readonly string[]): string {
  const words = new Set<string>();
  for (const type of types) {
    if (type === 'stream') words.add('partition and offset');
    else if (type === 'rest-api') words.add('page or cursor');
    else if (type === 'files' || type === 'object-storage') words.add('file and line');
    else if (type === 'database') words.add('primary key');
  }
  const list = [...words];
  return list.length <= 1 ? list[0] ?? 'position' : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

function martPurpose(profile: Profile, lookbackHours: number): string {
  if (!profile.grain) return 'the modelled fact table consumers query, built incrementally';
  const window = lookbackHours >= 24 ? `the last ${lookbackHours / 24} days` : `the last ${lookbackHours} hours`;
  const rebuild = lookbackHours > 0 ? `, rebuilding ${window} each run so late events land in the right ${profile.grain}` : '';
  return `${grainAdjective(profile.grain)} aggregations by event time${rebuild}`;
}

function buildTables(profile: Profile, decisions: Decisions, names: Names): TableSpec[] {
  const type = profile.answers.destination.type;
  const partitioning =
    type === 'bigquery' ? 'partitioned by `event_date`, clustered by the main dimension'
      : type === 'snowflake' ? 'clustered by `event_date`'
        : profile.destinationKind === 'object-storage' ? 'Parquet, partitioned by `event_date=YYYY-MM-DD/`'
          : type === 'redshift' ? 'sort key `event_date`'
            : type === 'databricks' ? 'Delta, partitioned by `event_date`'
              : 'indexed on `event_date`';
  const tables: TableSpec[] = [];
  for (const s of profile.sources) {
    tables.push({ name: names.raw(s), role: 'landing', layout: landingLayout(profile, s) });
    tables.push({ name: names.deadLetter(s), role: 'dead-letter', layout: s.source.type === 'stream' ? 'topic: original record plus error headers' : 'rejected rows with the reason, the run id and the raw payload' });
  }
  tables.push({ name: names.mart, role: 'mart', layout: `${partitioning}; ${decisions.load.id === 'merge' ? 'MERGE' : 'partition overwrite'}` });
  return tables;
}

function landingLayout(profile: Profile, s: SourceProfile): string {
  if (profile.destinationKind === 'object-storage') return 'raw files as received, partitioned by load date';
  if (s.source.type === 'stream' && profile.answers.destination.type === 'snowflake' && !profile.maskBeforeLanding) {
    return 'append-only; `RECORD_CONTENT` (VARIANT) and `RECORD_METADATA` (topic, partition, offset, timestamp)';
  }
  return s.source.type === 'database' ? 'append-only change records with `_extracted_at`' : 'append-only raw records with load metadata';
}

function buildStages(profile: Profile, decisions: Decisions, models: Model[], tables: TableSpec[]): Stage[] {
  const destination = DESTINATION_LABELS[profile.answers.destination.type];
  const landing = (s: SourceProfile) => tables.find((t) => t.role === 'landing' && t.name.includes(s.id))?.name ?? '';
  const dlq = (s: SourceProfile) => tables.find((t) => t.role === 'dead-letter' && t.name.includes(s.id))?.name ?? '';
  const mart = tables.find((t) => t.role === 'mart')!;
  const cadence = inSentence(decisions.interval.choice);
  const stages: Stage[] = [
    {
      title: profile.sources.length === 1 ? 'Source' : 'Sources',
      lines: profile.sources.map((s) => {
        const perRecord = s.source.volume?.noun.replace(/s$/, '') ?? 'event';
        const bytes = s.bytesPerDay !== null && s.source.volume?.kind === 'events' ? `≈${formatBytes(s.bytesPerDay)}/day at ${formatBytes(s.eventSizeBytes)}/${perRecord}${s.eventSizeAssumed ? ' (assumed)' : ''}` : null;
        const facts = [s.source.format ? `format: ${s.source.format.toUpperCase()}` : null, describeRate(s), bytes, s.source.details ?? null].filter(Boolean);
        return `${capitalize(describeSource(s))}${facts.length ? ` — ${facts.join('; ')}` : ''}`;
      }),
    },
    {
      title: 'Ingestion',
      lines: decisions.sources.flatMap(({ source, ingestion }) => [
        `\`${source.source.name}\`: ${ingestion.choice}, ${cadence}`,
        `Landing: \`${landing(source)}\`; records that fail validation go to \`${dlq(source)}\``,
      ]),
    },
    {
      title: 'Transform',
      lines: models.map((m) => `${capitalize(m.layer)}: \`${m.name}\` — ${m.purpose}`),
    },
    {
      title: 'Load',
      lines: [`\`${mart.name}\` in ${destination}: ${mart.layout}`, `${decisions.load.choice}; transforms run ${decisions.transformSchedule.label}`],
    },
    {
      title: 'Orchestration',
      lines: [orchestrationLine(profile, decisions)],
    },
  ];
  return stages;
}

function orchestrationLine(profile: Profile, decisions: Decisions): string {
  const dagId = toSnake(profile.answers.name) || 'pipeline';
  const steps = decisions.pattern.id === 'batch' ? 'extract → validate → load → dbt build (models + tests) → publish' : 'dbt build (models + tests) → freshness check → publish';
  if (decisions.orchestration.id === 'none') return `${decisions.orchestration.choice}; ${steps}`;
  const unit = { airflow: 'DAG', dagster: 'job', prefect: 'flow' }[decisions.orchestration.id];
  return `${decisions.orchestration.choice} ${unit} \`${dagId}\` (${decisions.transformSchedule.label}): ${steps}`;
}

function buildMermaid(profile: Profile, decisions: Decisions, models: Model[], tables: TableSpec[]): string {
  const lines = ['flowchart LR'];
  const node = (id: string, label: string, shape: 'box' | 'db' | 'hex' = 'box') => {
    const text = escapeMermaid(label);
    return shape === 'db' ? `${id}[("${text}")]` : shape === 'hex' ? `${id}{{"${text}"}}` : `${id}["${text}"]`;
  };
  decisions.sources.forEach(({ source, ingestion }, index) => {
    const raw = tables.filter((t) => t.role === 'landing')[index];
    const dlq = tables.filter((t) => t.role === 'dead-letter')[index];
    const rate = describeRate(source);
    lines.push(`  ${node(`src${index}`, `${describeSource(source).replace(/`/g, '')}${rate ? `<br/>${rate}` : ''}`)} --> ${node(`ing${index}`, ingestion.choice)}`);
    lines.push(`  ing${index} --> ${node(`raw${index}`, raw.name, 'db')}`);
    lines.push(`  ing${index} -. invalid records .-> ${node(`dlq${index}`, dlq.name, 'db')}`);
  });
  const chain = models.filter((m) => m.layer !== 'masking' && m.layer !== 'mart');
  const mart = tables.find((t) => t.role === 'mart')!;
  const perSource = Math.max(1, chain.length / Math.max(1, profile.sources.length));
  profile.sources.forEach((_, index) => {
    const own = chain.slice(index * perSource, (index + 1) * perSource);
    let previous = `raw${index}`;
    own.forEach((model, step) => {
      const id = `m${index}_${step}`;
      lines.push(`  ${previous} --> ${node(id, model.name)}`);
      previous = id;
    });
    lines.push(`  ${previous} --> ${index === 0 ? node('mart', mart.name, 'db') : 'mart'}`);
  });
  const orchestrator = decisions.orchestration.id === 'none' ? 'native scheduler' : decisions.orchestration.choice;
  lines.push(`  ${node('orch', `${orchestrator}: ${decisions.transformSchedule.label}`, 'hex')} -.-> ${chain.length ? 'm0_0' : 'mart'}`);
  return lines.join('\n');
}

function escapeMermaid(text: string): string {
  return text.replace(/"/g, '#quot;');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
