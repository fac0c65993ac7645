// How pipelines declare retries outside their own code: retry libraries (decorators and
// wrappers), and the orchestrators that re-run a failed task (Airflow, Prefect, Dagster, Celery).

/** Libraries whose decorators or wrappers retry a call (`@tenacity.retry`, `@backoff.on_exception`, `stamina.retry`). */
export const RETRY_LIBRARIES: ReadonlySet<string> = new Set(['tenacity', 'backoff', 'retrying', 'retry', 'retry2', 'stamina', 'opnieuw', 'redo']);

/** A name that says it retries (`retry`, `with_retries`, `api_retry`, `backoff.on_exception`). */
export const RETRY_NAME = /retr(y|ies|ying)|backoff/i;

/**
 * Keyword arguments by which an orchestrator's task decorator or operator retries the task:
 * Prefect/Airflow `@task(retries=3)`, Celery `max_retries=`/`autoretry_for=`, Dagster
 * `retry_policy=RetryPolicy(…)`.
 */
export const TASK_RETRY_KEYWORDS: readonly string[] = ['retries', 'max_retries', 'retry_policy', 'op_retry_policy', 'autoretry_for'];

/** The same in a decorator's text (`@task(retries=3)`), a zero count excluded. */
export const ORCHESTRATED_RETRY = /\b(retries|max_retries)=(?!0[,)])|\b(retry_policy|op_retry_policy|autoretry_for)=/;

/**
 * Apache Beam transforms that run a function or DoFn of the pipeline's own on every element.
 * A distributed runner retries a bundle whose processing raised: Dataflow retries a failing work
 * item four times in batch and without end in streaming
 * (https://cloud.google.com/dataflow/docs/guides/troubleshoot-failed-jobs, "error handling");
 * Flink and Spark re-run the failed task. Only the DirectRunner, for local tests, does not.
 */
export const BEAM_ELEMENT_TRANSFORM = /^apache_beam(?:\.transforms(?:\.core)?)?\.(Map|FlatMap|MapTuple|FlatMapTuple|Filter|ParDo|Partition)$/;

/** The retries a Beam runner gives a failing bundle (Dataflow batch: four attempts in all). */
export const BEAM_BUNDLE_RETRIES = 3;

/**
 * The main loop of a long-running service, by its header: `while True:`, or until a stop signal
 * (`while not stop_event.is_set():`, `while self.running:`). One that waits between cycles is a
 * poller: a cycle that fails is run again by the next one.
 */
export const SERVICE_MAIN_LOOP = /^\s*while\s+(True|1|not\s+[\w.]+\.is_set\(\)|not\s+(self\.)?_?(stop|stopped|shutdown|should_stop|stopping)\w*|(self\.)?_?(running|keep_running))\s*:/;

/** A call that waits between a poller's cycles: `time.sleep(60)`, `await asyncio.sleep(interval)`, `stop_event.wait(timeout)`. */
export const POLL_WAIT = /(^|\.)(sleep|wait|wait_for)$/;

/** Orchestrator modules whose task definitions can carry retries. */
export const ORCHESTRATOR_MODULES: readonly string[] = ['airflow', 'prefect', 'dagster', 'celery', 'luigi'];

/**
 * Decorators that make a function an orchestrator's unit of work that carries its own retries
 * (`prefect.flow`, `dagster.asset`, `celery.shared_task`). Airflow's `@task`/`@dag` are not
 * here: an Airflow task's retries come from its DAG (default_args), read with the DAG.
 */
const TASK_DECORATOR = /^(prefect\.(task|flow)|dagster\.(op|asset|multi_asset|graph_asset|job|graph)|celery\.(shared_task|task))$/;

/** The decorator (resolved, without its arguments) makes the function a task, flow, op, asset or job whose retries it declares. */
export function isOrchestratorTaskDecorator(resolved: string): boolean {
  return TASK_DECORATOR.test(resolved);
}

/**
 * Decorators that make a function a step a DAG or flow runs when it calls it: Airflow's TaskFlow
 * `@task` (`@task.python`, `@task.virtualenv`…) and Prefect's `@task` and `@flow` (a subflow).
 */
const STEP_DECORATOR = /^(airflow\.(decorators|sdk)\.task(\.\w+)*|prefect\.(task|flow))$/;

/** The decorator (resolved, without its arguments) makes calling the function inside a DAG or flow run it as a step. */
export function isStepDecorator(resolved: string): boolean {
  return STEP_DECORATOR.test(resolved);
}

/** A decorator or call that turns an orchestrator's retries off on purpose (`retries=0`). */
export const NO_RETRIES = /\b(retries|max_retries)\s*=\s*0\b/;

/**
 * Client settings that make a library's client retry transient failures: a requests `Session`
 * mounting `HTTPAdapter(max_retries=…)` (the mounted session retries), an httpx
 * `HTTPTransport(retries=n)` (the module's httpx clients retry connects), a botocore
 * `Config(retries=…)` (the module's boto3 clients). A zero or `None` value leaves retries off.
 */
export interface ClientRetrySetting {
  /** The constructor (the resolved callee's last attribute). */
  names: readonly string[];
  /** The keyword that turns retries on. */
  keyword: string;
  /** What it covers: the sessions that mount it (`session.mount(prefix, adapter)`), or every httpx client of the module. */
  scope: 'mounted-session' | 'http-clients' | 'object-storage-clients';
  source: string;
}

export const CLIENT_RETRY_SETTINGS: readonly ClientRetrySetting[] = [
  { names: ['HTTPAdapter'], keyword: 'max_retries', scope: 'mounted-session', source: 'https://requests.readthedocs.io/en/latest/api/#requests.adapters.HTTPAdapter' },
  { names: ['HTTPTransport', 'AsyncHTTPTransport'], keyword: 'retries', scope: 'http-clients', source: 'https://www.python-httpx.org/advanced/transports/#http-transport' },
  { names: ['Config'], keyword: 'retries', scope: 'object-storage-clients', source: 'https://boto3.amazonaws.com/v1/documentation/api/latest/guide/retries.html' },
];

/** The method that attaches an adapter to a requests session (`session.mount("https://", adapter)`). */
export const MOUNT_METHOD = 'mount';

/** The client retry setting a constructor call names, if any (`HTTPAdapter` → mounted-session). */
export function clientRetrySettingOf(method: string): ClientRetrySetting | null {
  return CLIENT_RETRY_SETTINGS.find((setting) => setting.names.includes(method)) ?? null;
}

/**
 * Classes whose methods Airflow runs inside a task: operators (`execute(self, context)`), sensors
 * (`poke(self, context)`) and hooks (a `*Hook` class a task calls). The task's `retries` re-runs
 * them; that is where a retry is configured (PW403), not inside the class.
 */
export function isAirflowTaskClassMethod(className: string, method: string, params: readonly string[]): boolean {
  if (/Hook$/.test(className)) return true;
  return (method === 'execute' || method === 'poke') && params.includes('context');
}

/**
 * Interactive app frameworks: their functions run on a user's action in a dashboard, a UI or a chat
 * (a discord.py bot answering a message), and the user (or the app's refresh) retries, not a pipeline.
 */
export const INTERACTIVE_APP_MODULES: readonly string[] = ['streamlit', 'gradio', 'dash', 'panel', 'discord'];

/**
 * Constructors of a web application object (`app = Flask(__name__)`, `app = FastAPI()`): the
 * folder of the module that builds one holds a web app, whose code serves requests.
 */
export const WEB_APP_FACTORIES: readonly string[] = ['flask.Flask', 'fastapi.FastAPI', 'quart.Quart', 'sanic.Sanic', 'starlette.applications.Starlette', 'aiohttp.web.Application'];

/**
 * Where what a unit of work prints ends up: `true` when the platform that runs it keeps stdout as
 * that run's own log, which is where whoever investigates a failed run looks.
 * - Airflow copies a task's stdout into the log of each try
 *   (https://airflow.apache.org/docs/apache-airflow/stable/administration-and-deployment/logging-monitoring/logging-tasks.html).
 * - Dagster keeps each step's stdout and stderr as compute logs beside the run's event log
 *   (https://docs.dagster.io/guides/monitor/logging/custom-logging, "compute logs").
 * - A Databricks job keeps each task's output with the run; AWS Glue sends a job's stdout to its
 *   CloudWatch log group.
 * - AWS Lambda sends a function's stdout to its CloudWatch log stream
 *   (https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html), Google Cloud Functions to
 *   Cloud Logging (https://cloud.google.com/functions/docs/monitoring/logging).
 * - Prefect keeps prints only of flows and tasks run with `log_prints=True` (tasks and subflows
 *   inherit the flow's setting; off by default; https://docs.prefect.io/v3/develop/logging):
 *   otherwise they go to the worker's console, not the flow run's log.
 * - A script started by hand or by cron prints to a console nobody keeps.
 * Measured on pipelines nobody on the team had seen (docs/ecosystem.md, seventh to ninth holdouts),
 * reviewers wave prints through wherever the platform keeps them, so PW204 reports them only where
 * nothing does.
 */
export const PRINTS_KEPT_BY: Readonly<Record<'airflow-task' | 'dagster-step' | 'databricks-job' | 'glue-job' | 'serverless-function' | 'prefect-default' | 'script', boolean>> = {
  'airflow-task': true,
  'dagster-step': true,
  'databricks-job': true,
  'glue-job': true,
  'serverless-function': true,
  'prefect-default': false,
  script: false,
};

/** Prefect 2+ `log_prints=`; Prefect 1 tasks say `log_stdout=` (stdout sent to the Prefect logger). */
const LOG_PRINTS = /\blog_(?:prints|stdout)\s*=\s*(True|False)\b/;

/** Prefect's `log_prints=` (Prefect 1: `log_stdout=`) in a flow or task decorator's text: true or false when set, null when inherited. */
export function logPrintsSetting(decorator: string): boolean | null {
  const match = LOG_PRINTS.exec(decorator);
  return match ? match[1] === 'True' : null;
}

/** A Prefect flow decorator (resolved, without arguments): a flow runs on its own (a deployment), its tasks inside it. */
export function isPrefectFlowDecorator(resolved: string): boolean {
  return resolved === 'prefect.flow';
}

/** A Prefect task decorator (resolved, without arguments): a task runs only inside a flow that calls it. */
export function isPrefectTaskDecorator(resolved: string): boolean {
  return resolved === 'prefect.task';
}

/**
 * Airflow operators and sensors that do no external I/O themselves: placeholders, branches on the
 * date, triggers and waits in Airflow's own metadata database, clocks and files on the worker.
 * Nothing transient to retry (PW403).
 */
export const AIRFLOW_LOCAL_OPERATORS: ReadonlySet<string> = new Set([
  'EmptyOperator', 'DummyOperator', 'LatestOnlyOperator', 'BranchDayOfWeekOperator', 'BranchDateTimeOperator',
  'TriggerDagRunOperator', 'ExternalTaskSensor', 'ExternalTaskMarker', 'FileSensor',
  'TimeDeltaSensor', 'TimeDeltaSensorAsync', 'TimeSensor', 'TimeSensorAsync', 'DateTimeSensor', 'DateTimeSensorAsync', 'DayOfWeekSensor',
]);

/** Airflow operators that run a Python callable in the worker: they do what the callable does. */
export const AIRFLOW_CALLABLE_OPERATORS: ReadonlySet<string> = new Set(['PythonOperator', 'BranchPythonOperator', 'ShortCircuitOperator', 'PythonSensor']);

/** Airflow operators that run a shell command (`bash_command`). */
export const AIRFLOW_SHELL_OPERATORS: ReadonlySet<string> = new Set(['BashOperator', 'BashSensor']);

/** Shell commands that touch nothing outside the machine (a `bash_command` made only of these does no external I/O). */
export const LOCAL_SHELL_COMMANDS: ReadonlySet<string> = new Set(['echo', 'printf', 'sleep', 'date', 'true', 'false', 'exit', 'pwd', 'ls', 'cat', 'touch', 'mkdir', 'env', 'whoami', 'hostname', 'cd', ':']);

/** Modules whose calls stay on the worker: clocks, randomness, text, logging, local paths, Airflow's date helpers and exceptions. */
export const IN_PROCESS_MODULES: readonly string[] = [
  'datetime', 'time', 'random', 'math', 'json', 'logging', 're', 'string', 'itertools', 'functools', 'collections', 'statistics',
  'uuid', 'pendulum', 'pprint', 'textwrap', 'decimal', 'calendar', 'pathlib', 'os.path', 'glob', 'fnmatch', 'airflow.utils.dates', 'airflow.utils.timezone', 'airflow.exceptions', 'airflow.utils.trigger_rule',
  // Airflow's own metadata database (connections, variables, sessions): if it is down, so is the scheduler.
  'airflow.models', 'airflow.settings',
];

/** Python builtins that stay in the process (not `open`, `input`, `exec`…). */
export const IN_PROCESS_BUILTINS: ReadonlySet<string> = new Set([
  'print', 'len', 'range', 'str', 'int', 'float', 'bool', 'dict', 'list', 'set', 'tuple', 'sorted', 'reversed', 'sum', 'min', 'max', 'abs', 'round',
  'enumerate', 'zip', 'map', 'filter', 'any', 'all', 'isinstance', 'format', 'repr', 'type', 'hash', 'divmod', 'pow', 'iter', 'next', 'getattr', 'hasattr',
  'Exception', 'ValueError', 'RuntimeError', 'TypeError', 'KeyError',
  'FileNotFoundError', 'FileExistsError', 'NotADirectoryError', 'PermissionError', 'OSError', 'IOError', 'LookupError', 'IndexError', 'AttributeError', 'NotImplementedError', 'AssertionError',
]);

/** The call is in-process by the module it comes from (`random.randint`, `pendulum.now`). */
export function isInProcessModuleCall(resolved: string): boolean {
  return IN_PROCESS_MODULES.some((m) => resolved === m || resolved.startsWith(`${m}.`));
}

/** Dagster sensor decorators: the daemon evaluates the sensor every tick, so a failed evaluation is simply repeated at the next one. */
const SENSOR_DECORATORS = /^dagster\.(sensor|asset_sensor|multi_asset_sensor|run_status_sensor|run_failure_sensor|freshness_policy_sensor)$/;

export function isSensorDecorator(resolved: string): boolean {
  return SENSOR_DECORATORS.test(resolved);
}

/**
 * Results of a data-quality check (Dagster's `AssetCheckResult`, legacy `ExpectationResult`): a
 * verdict with metadata, never a dataset (https://docs.dagster.io/api/dagster/asset-checks).
 */
export const CHECK_RESULT_CLASSES: readonly string[] = ['AssetCheckResult', 'ExpectationResult'];

/**
 * What wires a Dagster code location together: `Definitions(assets=…, jobs=…, schedules=…,
 * sensors=…, resources={…})` and the older `@repository`. The daemon and runs start what they
 * name, resources and IO managers included (https://docs.dagster.io/api/dagster/definitions).
 */
const DAGSTER_DEFINITIONS = /^dagster\.(Definitions|repository)$/;

export function isDagsterDefinitions(resolved: string): boolean {
  return DAGSTER_DEFINITIONS.test(resolved);
}

/** Dagster decorators whose function the daemon runs on its own: schedules and sensors. */
const DAGSTER_TICK_DECORATORS = /^dagster\.(schedule|sensor|asset_sensor|multi_asset_sensor|run_status_sensor|run_failure_sensor|freshness_policy_sensor)$/;

export function isDagsterTickDecorator(resolved: string): boolean {
  return DAGSTER_TICK_DECORATORS.test(resolved);
}

/**
 * Calls that load a module or run a script whose name the code computes (`importlib.import_module(name)`,
 * `runpy.run_path(path)`, `__import__(name)`): the names are data (strings), not imports.
 */
export const DYNAMIC_CODE_LOADERS: readonly string[] = ['importlib.import_module', '__import__', 'runpy.run_module', 'runpy.run_path', 'exec', 'importlib.util.spec_from_file_location', 'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.Popen', 'asyncio.create_subprocess_exec', 'os.system'];

/**
 * Dataset decorators of Databricks declarative pipelines (Lakeflow / Delta Live Tables: `@dlt.table`,
 * `@dp.table` from `pyspark.pipelines`, views, materialized views, streaming tables, append flows).
 * The pipeline runs the decorated functions and its event log records every update of each
 * dataset — rows written, expectations met — so such a module is no stage that must log itself
 * (https://docs.databricks.com/aws/en/dlt/observability). dlthub's `dlt` has no such decorators
 * (`@dlt.resource`, `@dlt.source`).
 */
const DECLARATIVE_DATASET_DECORATORS = /^(dlt|pyspark\.pipelines)\.(table|view|materialized_view|streaming_table|temporary_view|append_flow)$/;

export function isDeclarativePipelineDecorator(resolved: string): boolean {
  return DECLARATIVE_DATASET_DECORATORS.test(resolved);
}

/**
 * Dagster run metadata: `context.add_output_metadata({...})` / `add_asset_metadata`, and results built with
 * `metadata=` (`MaterializeResult(metadata=…)`, `Output(value, metadata=…)`, `AssetMaterialization(…, metadata=…)`).
 * Dagster stores it with every materialization and shows it in the run's event log and the asset's history
 * (https://docs.dagster.io/guides/build/assets/metadata-and-tags), so it is the run's record of what it wrote.
 */
const DAGSTER_METADATA_METHODS: ReadonlySet<string> = new Set(['add_output_metadata', 'add_asset_metadata']);
const DAGSTER_METADATA_RESULTS = /^dagster\.(MaterializeResult|Output|DynamicOutput|AssetMaterialization|AssetObservation)$/;

export function recordsDagsterRunMetadata(resolvedCallee: string, method: string, keywords: readonly string[]): boolean {
  if (DAGSTER_METADATA_METHODS.has(method)) return true;
  return DAGSTER_METADATA_RESULTS.test(resolvedCallee) && keywords.includes('metadata');
}
