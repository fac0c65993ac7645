// Positive evidence in a Python file for the production checklist: the places where the file does
// what an item is about (remote I/O, HTTP calls, SQL, loads, extracts, row drops, credential
// reads, retries, schema declarations, logging). A checklist item passes only when the rules had
// something to check and found nothing wrong with it; these sites are what it cites.

import type { CallFact } from '../engine/python/facts';
import type { PythonFacts } from '../engine/python/python-facts';
import { ioOf, methodOf, ORCHESTRATED_RETRY, RETRY_LIBRARIES, RETRY_NAME, sqlCallOf } from '../engine/knowledge';
import { isCredentialName } from '../engine/secrets';
import { statementKind } from '../engine/sql';
import type { LineIndex } from '../engine/line-index';

export interface EvidenceSite {
  /** 1-based line. */
  line: number;
  what: string;
}

export interface FileCodeEvidence {
  /** POSIX path relative to the report root. */
  path: string;
  remoteIo: EvidenceSite[];
  httpCalls: EvidenceSite[];
  sqlCalls: EvidenceSite[];
  loads: EvidenceSite[];
  extracts: EvidenceSite[];
  rowDrops: EvidenceSite[];
  credentialReads: EvidenceSite[];
  retries: EvidenceSite[];
  schemaDeclarations: EvidenceSite[];
  /** The module logs through a logger (logging, structlog, loguru, an orchestrator's run logger). */
  logs: boolean;
}

const LOGGING_MODULES = ['logging', 'structlog', 'loguru'];
const LOGGER_FACTORIES = /(^|\.)(getLogger|get_logger|get_run_logger|get_dagster_logger|get_task_logger)$/;
const ENV_READS = /^os\.(environ\.get|getenv|environ\.setdefault)$/;
/** Connection strings carry their credentials (`SALES_DB_URL`, `WAREHOUSE_DSN`). */
const CONNECTION_STRING_NAME = /(^|_)(URL|URI|DSN|CONN|CONNECTION|CONNECTION_STRING|CONN_STR)$/i;
const SECRET_STORES = /secretmanager|secretsmanager|keyvault|hvac|BaseHook\.get_connection|Variable\.get|get_secret/i;
const DROPS = new Set(['dropna', 'drop_duplicates']);
/** Schema objects: pandera, Spark, BigQuery. */
const SCHEMA_TYPES = /(^|\.)(DataFrameSchema|DataFrameModel|StructType|SchemaField)$/;

function site(lines: LineIndex, offset: number, what: string): EvidenceSite {
  return { line: lines.positionAt(offset).line + 1, what };
}

function carriesCredentials(name: string): boolean {
  return isCredentialName(name) || CONNECTION_STRING_NAME.test(name);
}

function keyword(call: CallFact, name: string): boolean {
  return call.args.some((a) => a.kind === 'keyword' && a.name === name);
}

function literalSql(call: CallFact, py: PythonFacts): string | null {
  const sql = sqlCallOf(call, py);
  return sql?.arg.string && sql.arg.string.interpolations.length === 0 ? sql.arg.string.value : null;
}

export function codeEvidenceOf(path: string, py: PythonFacts, text: string, lines: LineIndex): FileCodeEvidence {
  const evidence: FileCodeEvidence = {
    path,
    remoteIo: [],
    httpCalls: [],
    sqlCalls: [],
    loads: [],
    extracts: [],
    rowDrops: [],
    credentialReads: [],
    retries: [],
    schemaDeclarations: [],
    logs: LOGGING_MODULES.some((m) => py.importsModule(m)),
  };
  for (const call of py.calls) {
    const resolved = py.resolveCall(call);
    const io = ioOf(call, py);
    if (io?.remote && !io.lazy) {
      evidence.remoteIo.push(site(lines, call.start, `${call.callee}()`));
      if (io.retriesByDefault) evidence.retries.push(site(lines, call.start, `${io.library.title} retries transient errors by default`));
    }
    if (io?.kind === 'http') evidence.httpCalls.push(site(lines, call.start, `${call.callee}()`));
    if (io && (io.kind === 'db-write' || io.kind === 'warehouse-load')) evidence.loads.push(site(lines, call.start, `${call.callee}()`));
    if (io && (io.kind === 'db-read' || io.kind === 'warehouse-query')) evidence.extracts.push(site(lines, call.start, `${call.callee}()`));
    const sql = sqlCallOf(call, py);
    if (sql) {
      evidence.sqlCalls.push(site(lines, call.start, `${call.callee}()`));
      const statement = literalSql(call, py);
      const kind = statement === null ? null : statementKind(statement);
      if (kind === 'insert' || kind === 'merge' || kind === 'copy') evidence.loads.push(site(lines, call.start, `${kind.toUpperCase()} through ${call.callee}()`));
      if (kind === 'select' && !io) evidence.extracts.push(site(lines, call.start, `SELECT through ${call.callee}()`));
    }
    const method = methodOf(resolved);
    if (DROPS.has(method) || /\.na\.drop$/.test(call.callee) || (keyword(call, 'errors') && /coerce/.test(text.slice(call.argsStart, call.argsEnd)))) {
      evidence.rowDrops.push(site(lines, call.start, `${call.callee}()`));
    }
    if (ENV_READS.test(resolved)) {
      const name = call.args[0]?.string?.value;
      if (name && carriesCredentials(name)) evidence.credentialReads.push(site(lines, call.start, `${name} from the environment`));
    } else if (SECRET_STORES.test(resolved)) {
      evidence.credentialReads.push(site(lines, call.start, `${call.callee}() (secret store)`));
    }
    if (LOGGER_FACTORIES.test(resolved)) evidence.logs = true;
    if (keyword(call, 'dtype') || keyword(call, 'schema') || SCHEMA_TYPES.test(resolved)) evidence.schemaDeclarations.push(site(lines, call.start, `${call.callee}() declares a schema`));
    if (RETRY_NAME.test(resolved) || RETRY_LIBRARIES.has(resolved.split('.')[0])) evidence.retries.push(site(lines, call.start, `${call.callee}()`));
  }
  for (const fn of py.functions) {
    for (const decorator of fn.decorators) {
      if (ORCHESTRATED_RETRY.test(decorator) || RETRY_NAME.test(decorator)) evidence.retries.push(site(lines, fn.start, `@${decorator.replace(/\(.*$/s, '(…)')} on ${fn.name}()`));
    }
  }
  for (const str of py.strings) {
    if (str.value === 'retries' && !str.isFString && /^\s*\]?\s*[:=]\s*[1-9]/.test(text.slice(str.end, str.end + 20))) evidence.retries.push(site(lines, str.start, 'retries set for the tasks'));
  }
  // `os.environ["DB_PASSWORD"]` is a subscript, not a call.
  for (let at = text.indexOf('os.environ['); at >= 0; at = text.indexOf('os.environ[', at + 11)) {
    const name = /^os\.environ\[\s*["']([^"']+)["']/.exec(text.slice(at, at + 120))?.[1];
    if (name && carriesCredentials(name)) evidence.credentialReads.push(site(lines, at, `${name} from the environment`));
  }
  return evidence;
}
