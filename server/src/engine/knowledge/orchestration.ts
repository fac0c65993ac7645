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

/** Orchestrator modules whose task definitions can carry retries. */
export const ORCHESTRATOR_MODULES: readonly string[] = ['airflow', 'prefect', 'dagster', 'celery', 'luigi'];
