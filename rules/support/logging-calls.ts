// Calls that log: a logging method on something named like a logger (`logger.info`, `log.warning`,
// `LOGGER.error`, `self.log.info` in Airflow operators, `context.log.info` in Dagster ops,
// `logging.info`, loguru's `logger`), a logger factory (`logging.getLogger`, Prefect's
// `get_run_logger`), or Google Cloud Logging's `log_text`/`log_struct`. Rule vocabulary (logging
// method names), shared by the rules that ask whether code reports what it does.

import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { lastSegment, methodOf, receiverOf } from '../../server/src/engine/knowledge';

const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log', 'success', 'trace', 'msg']);
/** Google Cloud Logging's methods (`client.logger(name).log_text(...)`): logging whatever the receiver is called. */
const CLOUD_LOG_METHODS = new Set(['log_text', 'log_struct']);
/** Receivers that are loggers: `logger`, `log`, `_logger`, `LOG`, `self.log` (Airflow), `context.log` (Dagster), `app_logger`, `logging`. */
const LOGGER_RECEIVER = /^(_*(log|logger|logging|structlog|loguru)|\w+_(log|logger))$/i;
const LOGGER_FACTORIES = new Set(['getLogger', 'get_logger', 'get_run_logger', 'get_dagster_logger', 'get_task_logger', 'getChild']);
/** Logging set up by the program's entry point: it logs through handlers configured here. */
const LOGGING_CONFIGURATION = /^logging\.(basicConfig|config\.dictConfig|config\.fileConfig)$/;

/** `logging.getLogger(__name__)`, `get_run_logger()`, `structlog.get_logger()`. */
export function isLoggerFactoryCall(call: CallFact): boolean {
  return LOGGER_FACTORIES.has(methodOf(call.callee));
}

/** A call that writes a log record: `logger.error(...)`, `self.log.info(...)`, `logging.warning(...)`, `get_run_logger().info(...)`. */
export function isLogCall(call: CallFact, py: PythonFacts): boolean {
  const callee = call.callee;
  const method = methodOf(callee);
  const receiver = receiverOf(callee);
  if (receiver === '') return false;
  if (CLOUD_LOG_METHODS.has(method)) return true;
  if (!LOG_METHODS.has(method)) return false;
  const name = lastSegment(receiver);
  return LOGGER_RECEIVER.test(name) || (receiver.endsWith('()') && LOGGER_FACTORIES.has(name)) || /^(logging|loguru|structlog)\b/.test(py.resolveName(receiver));
}

/** `logging.basicConfig(...)` / `logging.config.dictConfig(...)`: the module configures logging for the program it starts. */
export function isLoggingConfiguration(call: CallFact, py: PythonFacts): boolean {
  return LOGGING_CONFIGURATION.test(py.resolveCall(call));
}
