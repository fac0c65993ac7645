// Names that say "retry" (`retry`, `tenacity.retry`, `with_retries`, `backoff.on_exception`,
// `api_retry`), from the library model's retry knowledge.

import { RETRY_LIBRARIES, RETRY_NAME } from '../../server/src/engine/knowledge';

export { ORCHESTRATED_RETRY } from '../../server/src/engine/knowledge';

export function isRetryName(dotted: string): boolean {
  const dot = dotted.search(/[.(]/);
  return RETRY_LIBRARIES.has(dot < 0 ? dotted : dotted.slice(0, dot)) || RETRY_NAME.test(dotted);
}
