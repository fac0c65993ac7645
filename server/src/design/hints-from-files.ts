// Workspace hints for the design wizard, detected from analysed files: the pipeline's name and
// schedule from its YAML config, sources from the reads its scripts make (databases, HTTP APIs,
// files nobody in the folder writes, object storage, Kafka) and the destination from warehouse or
// database writes. A first approximation from facts; the workspace model can replace it later.

import path from 'node:path';
import type { DocumentFacts } from '../engine/document';
import type { ArgFact, CallFact } from '../engine/python/facts';
import { classifyIo, isSparkIo, methodOf, type IoKind } from '../engine/knowledge';
import type { PythonFacts } from '../engine/python/python-facts';
import type { WorkspaceHints, WorkspaceSourceHint } from './hints';

type DestinationHint = NonNullable<WorkspaceHints['destination']>;

const PIPELINE_CONFIG = /^pipeline\.ya?ml$/i;
const SCHEDULE_KEYS = ['schedule', 'cron', 'schedule_interval'];
const DB_SYSTEMS: Array<[RegExp, string]> = [
  [/^(psycopg2?|asyncpg|pg8000)\b|^postgres/i, 'postgres'],
  [/^(pymysql|mysql|MySQLdb)\b/i, 'mysql'],
  [/^(cx_Oracle|oracledb|oracle)\b/i, 'oracle'],
  [/^pyodbc\b|^mssql/i, 'sqlserver'],
  [/^pymongo\b/i, 'mongodb'],
  [/^sqlite/i, 'sqlite'],
];
/** Connections to these are where pipelines load data, not where they read it from. */
const WAREHOUSE_CONNECT = /^(snowflake|databricks|pyathena|redshift)/i;
const KAFKA_CONSUMERS = new Set(['kafka.KafkaConsumer', 'confluent_kafka.Consumer', 'aiokafka.AIOKafkaConsumer', 'confluent_kafka.DeserializingConsumer']);
const FILE_READ_METHODS = /^(read_|open$|load$)/;

interface FileSource extends WorkspaceSourceHint {
  /** The path as read, to drop files another script of the folder writes (intermediates). */
  readPath?: string;
}

/** Collects hints file by file (`add` right after each file is analysed), then `result()`. */
export class HintsCollector {
  private name: string | undefined;
  private schedule: string | undefined;
  private readonly sources: FileSource[] = [];
  private readonly written = new Set<string>();
  private destination: DestinationHint | undefined;

  /** `relativePath`: the file's path relative to the folder, as shown to the user. */
  add(doc: DocumentFacts, relativePath: string): void {
    if (doc.isTestFile) return;
    if (doc.yaml) this.addYaml(doc, relativePath);
    if (doc.python) this.addPython(doc.python, relativePath);
  }

  result(): WorkspaceHints {
    const hints: WorkspaceHints = {};
    if (this.name) hints.name = this.name;
    if (this.schedule) hints.schedule = this.schedule;
    const sources = this.sources.filter((s) => !(s.readPath && this.written.has(s.readPath))).map(({ readPath: _readPath, ...hint }) => hint);
    if (sources.length) hints.sources = sources;
    if (this.destination) hints.destination = this.destination;
    return hints;
  }

  private addYaml(doc: DocumentFacts, relativePath: string): void {
    if (!PIPELINE_CONFIG.test(path.basename(relativePath)) && !/^(steps|tasks)\s*:/m.test(doc.text)) return;
    for (const scalar of doc.yaml?.scalars ?? []) {
      if (scalar.isKey || scalar.path.length !== 1 || !scalar.value.trim()) continue;
      if (scalar.key === 'name' && !this.name) this.name = scalar.value.trim();
      if (scalar.key && SCHEDULE_KEYS.includes(scalar.key) && !this.schedule) this.schedule = scalar.value.trim();
    }
  }

  private addPython(py: PythonFacts, relativePath: string): void {
    const databases = new Map<string, Set<string>>();
    for (const call of py.calls) {
      const resolved = py.resolveCall(call).replace(/\(\)/g, '');
      this.addAirflowDag(call, resolved, py);
      if (KAFKA_CONSUMERS.has(resolved)) {
        this.addSource({ type: 'stream', name: firstString(call, py) ?? 'events', system: 'kafka', detectedIn: relativePath });
        continue;
      }
      const kind = classifyIo(call, py);
      // A Spark table or JDBC write names no system (Hive, Delta, any JDBC URL): no destination to guess.
      if (kind && !(isSparkIo(call, py) && (kind === 'warehouse-load' || kind === 'db-write'))) this.addIo(kind, call, resolved, py, relativePath, databases);
    }
    for (const [system, tables] of databases) {
      for (const table of tables.size ? tables : new Set(['database'])) {
        this.addSource({ type: 'database', name: table, ...(system ? { system } : {}), detectedIn: relativePath });
      }
    }
  }

  private addIo(kind: IoKind, call: CallFact, resolved: string, py: PythonFacts, relativePath: string, databases: Map<string, Set<string>>): void {
    const arg = firstString(call, py);
    switch (kind) {
      case 'db-connect': {
        const system = databaseSystem(resolved, arg);
        if (WAREHOUSE_CONNECT.test(resolved)) this.setDestination(resolved.split('.')[0].toLowerCase(), undefined, relativePath);
        else if (!databases.has(system)) databases.set(system, new Set());
        return;
      }
      case 'db-read':
      case 'db-query': {
        const table = arg ? tableReadBy(arg) : null;
        if (kind === 'db-query' && !table) return;
        const system = [...databases.keys()][0] ?? databaseSystem(resolved, null);
        const tables = databases.get(system) ?? new Set<string>();
        if (table) tables.add(table);
        databases.set(system, tables);
        return;
      }
      case 'http':
        this.addSource({ type: 'rest-api', name: (arg && endpointName(arg)) ?? 'api', detectedIn: relativePath });
        return;
      case 'file-read':
        if (arg) this.addSource({ type: 'files', name: path.posix.basename(arg), ...formatOf(arg), readPath: arg, detectedIn: relativePath });
        return;
      case 'file-write':
        if (arg) this.written.add(arg);
        return;
      case 'object-storage':
        if (FILE_READ_METHODS.test(methodOf(call.callee)) || /get_object|download/.test(call.callee)) {
          this.addSource({ type: 'object-storage', name: arg ? bucketOf(arg) : 'bucket', ...(arg ? formatOf(arg) : {}), detectedIn: relativePath });
        }
        return;
      case 'warehouse-load':
        this.setDestination(warehouseOf(resolved), datasetOf(call, py), relativePath);
        return;
      case 'db-write':
        this.setDestination(/snowflake/i.test(resolved) || py.importsModule('snowflake') ? 'snowflake' : 'postgres', undefined, relativePath);
        return;
      default:
        return;
    }
  }

  private addAirflowDag(call: CallFact, resolved: string, py: PythonFacts): void {
    if (resolved !== 'airflow.DAG' && resolved !== 'airflow.models.DAG' && resolved !== 'airflow.decorators.dag') return;
    const dagId = keywordString(call, 'dag_id', py) ?? firstString(call, py);
    if (dagId && !this.name) this.name = dagId;
    const schedule = keywordString(call, 'schedule', py) ?? keywordString(call, 'schedule_interval', py);
    if (schedule && !this.schedule) this.schedule = schedule;
  }

  private addSource(source: FileSource): void {
    if (this.sources.some((s) => s.type === source.type && s.name === source.name)) return;
    this.sources.push(source);
  }

  private setDestination(type: string, name: string | undefined, relativePath: string): void {
    if (this.destination) return;
    this.destination = { type, ...(name ? { name } : {}), detectedIn: relativePath };
  }
}

/** The text of a string literal argument, or of the string last assigned to a name argument. */
function stringOf(arg: ArgFact | undefined, call: CallFact, py: PythonFacts): string | null {
  if (!arg) return null;
  if (arg.string) return arg.string.interpolations.length ? null : arg.string.value;
  if (arg.shape.kind !== 'name') return null;
  const target = arg.shape.inserted[0];
  if (!target) return null;
  for (let i = py.strings.length - 1; i >= 0; i--) {
    const s = py.strings[i];
    if (s.end <= call.start && s.role.kind === 'assignment' && s.role.target === target && s.interpolations.length === 0) return s.value;
  }
  return null;
}

function firstString(call: CallFact, py: PythonFacts): string | null {
  return stringOf(call.args.find((a) => a.kind === 'positional'), call, py);
}

function keywordString(call: CallFact, keyword: string, py: PythonFacts): string | null {
  return stringOf(call.args.find((a) => a.kind === 'keyword' && a.name === keyword), call, py);
}

function databaseSystem(resolved: string, url: string | null): string {
  const scheme = url && /^([a-z][\w+]*):\/\//i.exec(url)?.[1];
  for (const [pattern, system] of DB_SYSTEMS) if (pattern.test(scheme || resolved)) return system;
  return '';
}

function tableReadBy(sql: string): string | null {
  const match = /\bfrom\s+([A-Za-z_][\w.]*)/i.exec(sql);
  return match ? match[1] : null;
}

function endpointName(url: string): string | null {
  try {
    const parsed = new URL(url);
    const segments = parsed.pathname.split('/').filter(Boolean);
    return segments.length ? `${parsed.hostname}/${segments[segments.length - 1]}` : parsed.hostname;
  } catch {
    return null;
  }
}

function formatOf(file: string): { format?: string } {
  const extension = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  return extension && ['csv', 'parquet', 'json', 'jsonl', 'avro', 'orc', 'xlsx'].includes(extension) ? { format: extension } : {};
}

function bucketOf(url: string): string {
  return /^[a-z0-9]+:\/\/([^/]+)/i.exec(url)?.[1] ?? url;
}

function warehouseOf(resolved: string): string {
  if (/snowflake|write_pandas/i.test(resolved)) return 'snowflake';
  if (/redshift/i.test(resolved)) return 'redshift';
  // The remaining warehouse loads in the I/O catalogue are BigQuery's.
  return 'bigquery';
}

/** BigQuery's dataset from a `project.dataset.table` or `dataset.table` id. */
function datasetOf(call: CallFact, py: PythonFacts): string | undefined {
  for (const arg of call.args) {
    const text = stringOf(arg, call, py);
    const parts = text?.split('.') ?? [];
    if (parts.length === 3 || parts.length === 2) return parts[parts.length - 2];
  }
  return undefined;
}
