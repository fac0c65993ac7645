// Where a pipeline's values come from, as far as a call or an expression says: command-line and
// job arguments (sys.argv, argparse, Databricks widgets, Glue job arguments, Airflow `dag_run.conf`
// and `params`), environment variables, data read from outside the program (XCom, files, JSON,
// HTTP responses, query results, DataFrame rows) and values the program makes itself (clock
// readings, lengths, numbers, UUIDs, formatted dates). Rules tell data from constants with it
// (PW102: only values that can carry outside data are worth a parameter).

import type { CallFact, FunctionFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { callSiteOf } from './call-site';
import { knowledgeOf } from './catalogue';
import { RESULT_READ_METHODS } from './libraries/db-drivers';
import { HOOK_ROW_READS } from './libraries/orchestrators';

/**
 * `argument`: a command-line or job argument, or a run's configuration; `env`: an environment
 * variable; `data`: read from outside the program; `program`: made by the program (a clock reading,
 * a length, a number, a UUID, a formatted date), which cannot carry outside text.
 */
export type InputKind = 'argument' | 'env' | 'data' | 'program';

/** Calls by resolved name. */
const INPUT_CALLS: Readonly<Record<string, InputKind>> = {
  'os.getenv': 'env', 'os.environ.get': 'env', 'os.getenvb': 'env', 'dotenv.dotenv_values': 'env', 'dotenv.main.dotenv_values': 'env',
  input: 'argument', 'awsglue.utils.getResolvedOptions': 'argument', 'dbutils.widgets.get': 'argument', 'dbutils.widgets.getArgument': 'argument',
  'json.load': 'data', 'csv.reader': 'data', 'csv.DictReader': 'data', 'pickle.load': 'data', 'pickle.loads': 'data',
  'uuid.uuid4': 'program', 'uuid.uuid1': 'program', 'time.time': 'program', 'time.monotonic': 'program', 'time.time_ns': 'program',
  'datetime.datetime.now': 'program', 'datetime.datetime.utcnow': 'program', 'datetime.datetime.today': 'program', 'datetime.date.today': 'program',
  'datetime.timedelta': 'program', 'datetime.date': 'program', 'datetime.datetime': 'program',
  int: 'program', float: 'program', len: 'program', bool: 'program', round: 'program', abs: 'program', hash: 'program', range: 'program',
  ord: 'program', id: 'program', min: 'program', max: 'program', sum: 'program', 'math.floor': 'program', 'math.ceil': 'program',
};

/** Methods by name, whatever their receiver. */
const INPUT_METHODS: Readonly<Record<string, InputKind>> = {
  // argparse, Airflow XCom, file and HTTP reads, DataFrame rows
  parse_args: 'argument', parse_known_args: 'argument', xcom_pull: 'data', json: 'data', read: 'data', readlines: 'data', readline: 'data',
  iterrows: 'data', itertuples: 'data', to_dict: 'data', to_records: 'data', get_parameter: 'data', get_parameters: 'data', get_parameters_by_path: 'data',
  get_secret_value: 'data', receive_message: 'data', receive_messages: 'data', get_item: 'data', scan: 'data',
  // queues and web requests: Kafka consumers, Pub/Sub pulls, Flask/FastAPI request bodies
  poll: 'data', consume: 'data', pull: 'data', get_json: 'data',
  // clock readings, formatted dates, digests, numbers
  strftime: 'program', isoformat: 'program', timestamp: 'program', now: 'program', utcnow: 'program', today: 'program', hexdigest: 'program',
  uuid4: 'program', total_seconds: 'program', count: 'program', nunique: 'program', toordinal: 'program',
};

const ROW_READS: ReadonlySet<string> = new Set([...RESULT_READ_METHODS, ...HOOK_ROW_READS]);

/** Dotted names that are inputs without a call (`sys.argv[1]`, `os.environ["X"]`, `dag_run.conf`). */
const INPUT_NAMES: Readonly<Record<string, InputKind>> = { 'sys.argv': 'argument', 'os.environ': 'env', 'flask.request': 'data' };

/**
 * Keys of the Airflow task context (`context["params"]`, `kwargs["ds"]`) and the names Airflow
 * passes a callable: the run's configuration is an argument; dates and times are the program's.
 */
export const AIRFLOW_CONTEXT_KEYS: Readonly<Record<string, InputKind>> = {
  params: 'argument', dag_run: 'argument', conf: 'argument', ds: 'program', ds_nodash: 'program', ts: 'program', ts_nodash: 'program',
  execution_date: 'program', logical_date: 'program', data_interval_start: 'program', data_interval_end: 'program', next_ds: 'program',
  prev_ds: 'program', run_id: 'program', yesterday_ds: 'program', tomorrow_ds: 'program',
};

/** Calls whose result is their argument parsed or decoded (`json.loads(text)`): as much an input as the argument is. */
const PARSERS: ReadonlySet<string> = new Set(['json.loads', 'ast.literal_eval', 'base64.b64decode', 'urllib.parse.unquote', 'urllib.parse.unquote_plus', 'html.unescape', 'yaml.safe_load', 'yaml.load', 'shlex.split']);

export function parsesArgument(call: CallFact, py: PythonFacts): boolean {
  return PARSERS.has(callSiteOf(call, py).plain);
}

/** What a call yields, as an input: null when the call does not say (a helper, a constructor, a string method). */
export function inputOfCall(call: CallFact, py: PythonFacts): InputKind | null {
  const site = callSiteOf(call, py);
  const byName = INPUT_CALLS[site.plain] ?? INPUT_CALLS[site.resolved];
  if (byName) return byName;
  const byMethod = site.receiver !== '' ? INPUT_METHODS[site.method] : undefined;
  if (byMethod) return byMethod;
  if (site.receiver !== '' && ROW_READS.has(site.method)) return 'data';
  // Reads the catalogue knows: query results, files, HTTP, object storage, frames.
  const io = knowledgeOf(call, py, (entry) => entry.io !== undefined || entry.returnsFrame === true);
  if (!io) return null;
  if (io.entry.returnsFrame) return 'data';
  const kind = typeof io.entry.io === 'function' ? io.entry.io(site) : io.entry.io;
  if (kind === 'http' || kind === 'db-read' || kind === 'file-read' || kind === 'warehouse-query') return 'data';
  if (kind === 'object-storage' && io.entry.role === 'download') return 'data';
  return null;
}

/** What a dotted name is as an input (`sys.argv`, `os.environ`, `dag_run.conf`, `request.json`), resolved through imports. */
export function inputOfName(dotted: string, py: PythonFacts): InputKind | null {
  if (DAGSTER_CONTEXT.test(dotted) && py.importsModule('dagster')) return 'program';
  const resolved = py.resolveName(dotted);
  for (const [name, kind] of Object.entries(INPUT_NAMES)) if (resolved === name || resolved.startsWith(`${name}.`)) return kind;
  if (/(^|\.)dag_run\.conf$/.test(dotted)) return 'argument';
  return null;
}

/**
 * What a Dagster op, asset or IO-manager context says about the code's own definitions: the asset
 * key and its partition (from the asset and partitions definitions), the run's id and step
 * (https://docs.dagster.io/api/dagster/execution#dagster.OpExecutionContext). Not `op_config`,
 * which the run's launcher passes.
 */
const DAGSTER_CONTEXT = /^(context|ctx)\.(asset_key|asset_partition_key|partition_key|partition_key_range|partition_time_window|run_id|step_key|asset_key_for_output|name|upstream_output)(\.|$)/;

/**
 * How a function is run, from its decorators and name: a flow, DAG or command (`flow`: its
 * parameters are the run's arguments), a task or asset (`task`: its callers pass them), a web route
 * (`route`: request data), an AWS Lambda handler (`handler`: its event is data).
 */
export type EntryKind = 'flow' | 'task' | 'route' | 'handler';

const ENTRY_DECORATORS: ReadonlyArray<[RegExp, EntryKind]> = [
  [/^(prefect\.flow|airflow\.decorators\.dag|airflow\.sdk\.dag|click\.(command|group|option|argument)|typer\.\w+|\w+\.command)\b/, 'flow'],
  [/^(prefect\.task|airflow\.decorators\.task|airflow\.sdk\.task|dagster\.(op|asset|multi_asset|graph_asset))\b/, 'task'],
  [/^\w+\.(route|get|post|put|patch|delete)\(/, 'route'],
];

export function entryKindOf(fn: FunctionFact, py: PythonFacts): EntryKind | null {
  for (const decorator of fn.decorators) {
    const resolved = py.resolveName(decorator);
    for (const [pattern, kind] of ENTRY_DECORATORS) if (pattern.test(resolved)) return kind;
  }
  if (fn.parent === null && fn.className === null && /^(lambda_)?handler$/.test(fn.name) && fn.params[0] === 'event') return 'handler';
  return null;
}
