// What library calls do with credentials: which service a module authenticates to (the name a
// credential's environment variable gets), which calls read the environment, which calls name
// an option by their first argument (`.option("password", …)`), which calls wrap a literal
// without changing what it is (`quote("p@ss")`), and whether a call hands a credential to a
// library at all (a connect, a client) rather than to the program's own code.

import type { CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { callSiteOf } from './call-site';
import { ioOf } from './io';

/** The service a library's credentials belong to, by the resolved callee's root module. */
const SERVICE_BY_MODULE: ReadonlyMap<string, string> = new Map([
  ['psycopg2', 'POSTGRES'], ['psycopg', 'POSTGRES'], ['asyncpg', 'POSTGRES'], ['pg8000', 'POSTGRES'],
  ['pymysql', 'MYSQL'], ['mysql', 'MYSQL'], ['MySQLdb', 'MYSQL'], ['snowflake', 'SNOWFLAKE'], ['boto3', 'AWS'], ['botocore', 'AWS'],
  ['redis', 'REDIS'], ['pymongo', 'MONGO'], ['motor', 'MONGO'], ['requests', 'API'], ['httpx', 'API'], ['aiohttp', 'API'], ['urllib3', 'API'],
  ['sqlalchemy', 'DB'], ['pyodbc', 'DB'], ['cx_Oracle', 'ORACLE'], ['oracledb', 'ORACLE'], ['google', 'GCP'], ['airflow', 'AIRFLOW'],
  ['clickhouse_driver', 'CLICKHOUSE'], ['vertica_python', 'VERTICA'], ['pika', 'RABBITMQ'], ['kafka', 'KAFKA'], ['confluent_kafka', 'KAFKA'],
]);

/** Environment reads that take a literal fallback as their second argument. */
const ENVIRONMENT_READS: ReadonlySet<string> = new Set(['os.environ.get', 'os.getenv', 'os.environ.setdefault']);

/** Setters whose first argument names the value of the second: Spark `.option(k, v)`, `conf.set(k, v)`, `Properties.setProperty`. */
const NAMED_OPTION_SETTERS: ReadonlySet<string> = new Set(['option', 'config', 'set', 'setdefault', 'put', 'setProperty', 'set_option']);

/** Calls that return their string argument in another form: URL quoting, pydantic's SecretStr, base64, str/bytes. */
const LITERAL_WRAPPERS: ReadonlySet<string> = new Set([
  'quote', 'quote_plus', 'urllib.parse.quote', 'urllib.parse.quote_plus', 'str', 'SecretStr', 'pydantic.SecretStr', 'base64.b64encode', 'bytes',
]);

/** `POSTGRES` for a psycopg2 call, `SNOWFLAKE` for the Snowflake connector; null when unknown. */
export function credentialServiceOf(call: CallFact, py: PythonFacts): string | null {
  return SERVICE_BY_MODULE.get(callSiteOf(call, py).root) ?? null;
}

/** `os.environ.get(name, fallback)` and its aliases (`from os import getenv`). */
export function isEnvironmentRead(call: CallFact, py: PythonFacts): boolean {
  return /(^|\.)(get|getenv|setdefault)$/.test(call.callee) && ENVIRONMENT_READS.has(callSiteOf(call, py).resolved);
}

/** Whether the call's first argument names its second (`.option("password", pw)`). */
export function isNamedOptionSetter(call: CallFact): boolean {
  const dot = call.callee.lastIndexOf('.');
  return NAMED_OPTION_SETTERS.has(dot < 0 ? call.callee : call.callee.slice(dot + 1));
}

/** Whether the call hands back its first argument in another form (`quote("p@ss")`, `SecretStr("…")`). */
export function isLiteralWrapper(call: CallFact, py: PythonFacts): boolean {
  return LITERAL_WRAPPERS.has(call.callee) || LITERAL_WRAPPERS.has(callSiteOf(call, py).resolved);
}

/**
 * Whether the call gives what it is passed to a library that authenticates with it: a database
 * connect, a client, an HTTP request — the catalogue's I/O calls and the services above. A
 * credential passed to the program's own functions (`make_user(password=…)`) is not.
 */
export function handsToLibrary(call: CallFact, py: PythonFacts): boolean {
  return ioOf(call, py) !== null || credentialServiceOf(call, py) !== null;
}
