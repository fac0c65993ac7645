// Names that say "retry": retry libraries by their module, and names such as `with_retries`,
// `api_retry`, `backoff.on_exception`.

/** Names that say "retry" (`retry`, `tenacity.retry`, `with_retries`, `backoff.on_exception`, `api_retry`). */
const RETRY_NAME = /retr(y|ies|ying)|backoff/i;
const RETRY_LIBRARIES = new Set(['tenacity', 'backoff', 'retrying', 'retry', 'retry2', 'stamina', 'opnieuw', 'redo']);
/** Orchestrator decorators that retry the function (Prefect/Airflow `@task(retries=3)`, Dagster `retry_policy=`, Celery `autoretry_for=`). */
export const ORCHESTRATED_RETRY = /\b(retries|max_retries)=(?!0[,)])|\b(retry_policy|op_retry_policy|autoretry_for)=/;

export function isRetryName(dotted: string): boolean {
  const dot = dotted.search(/[.(]/);
  return RETRY_LIBRARIES.has(dot < 0 ? dotted : dotted.slice(0, dot)) || RETRY_NAME.test(dotted);
}
