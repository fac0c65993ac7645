// Serverless entry points: a function a cloud platform invokes on each event, and what the platform
// reads from the invocation. An AWS Lambda handler (`def handler(event, context)`) or a Google
// Cloud Function (`@functions_framework.http`, `@functions_framework.cloud_event`, a background
// function `(event, context)`, an HTTP function `main(request)` or `handler(req)` in `main.py`) fails only by raising:
// whatever it returns — an error dict included — is a successful invocation, which the platform
// neither retries (asynchronous Lambda invocations, event-driven functions) nor counts as an error
// for its alarms. The exception: an entry point that answers an HTTP request, whose returned status
// (`{"statusCode": 500}`, `(body, 500)`) is what its caller sees.
// Sources: AWS Lambda "Error handling and automatic retries" (a function error is an exception or a
// timeout); Google Cloud Functions "Retrying event-driven functions" (only a raised error or a
// crash is a failure).

import type { FunctionFact } from '../python/facts';

export type PlatformEntry = 'lambda' | 'cloud-function' | 'cloud-function-http';

/**
 * AWS retries a failed asynchronous invocation twice by default
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html).
 */
export const ASYNC_LAMBDA_RETRIES = 2;

const FUNCTIONS_FRAMEWORK = /^functions_framework\.(http|cloud_event)\b/;
const EVENT_PARAM = /^_?(event|evt|events)$/;
const CONTEXT_PARAM = /^_?(context|ctx|_)$/;
const HANDLER_NAME = /(^|_)handler$/i;

/** The platform that invokes `fn` as an entry point, or null. `path` decides `main(request)` (a Cloud Function's `main.py`). */
export function platformEntryOf(fn: FunctionFact | null, path: string): PlatformEntry | null {
  if (!fn || fn.parent !== null || fn.className !== null) return null;
  for (const decorator of fn.decorators) {
    const match = FUNCTIONS_FRAMEWORK.exec(decorator);
    if (match) return match[1] === 'http' ? 'cloud-function-http' : 'cloud-function';
  }
  if (fn.params.length === 2 && EVENT_PARAM.test(fn.params[0]) && CONTEXT_PARAM.test(fn.params[1])) return HANDLER_NAME.test(fn.name) ? 'lambda' : 'cloud-function';
  // A background Cloud Function as Google's older samples write it: `def on_message(data, context)`.
  if (fn.params.length === 2 && fn.params[0] === 'data' && fn.params[1] === 'context') return 'cloud-function';
  if (fn.params.length === 2 && HANDLER_NAME.test(fn.name) && /event/i.test(fn.params[0])) return 'lambda';
  // A Cloud Function's `main.py` names its entry point in the deployment: `main(request)`, or a
  // one-parameter function named as a handler whatever it calls the request.
  if (fn.params.length === 1 && /(^|[\\/])main\.py$/.test(path) && (fn.params[0] === 'request' || HANDLER_NAME.test(fn.name))) return 'cloud-function-http';
  return null;
}

/** Fields of an API Gateway / function URL event: a Lambda that reads them answers an HTTP request. */
const HTTP_EVENT_FIELD = /\b_?(event|evt)\s*(\[\s*|\.get\(\s*)["'](body|httpMethod|queryStringParameters|pathParameters|requestContext|headers|rawPath|rawQueryString|routeKey|multiValueQueryStringParameters)["']/;

/** The entry point answers an HTTP request, so the status it returns reaches its caller. `body` is the function's source. */
export function answersHttp(entry: PlatformEntry, body: string): boolean {
  if (entry === 'cloud-function-http') return true;
  return HTTP_EVENT_FIELD.test(body);
}

/**
 * A plain `.py` file that runs on Databricks (a job's Python task, or imported there): it uses
 * `dbutils`, which only the Databricks runtime defines, or puts a workspace folder on its path
 * (`/Workspace/Repos/…`).
 */
export function runsOnDatabricks(callees: readonly string[], strings: readonly string[]): boolean {
  return callees.some((callee) => callee.startsWith('dbutils.')) || strings.some((value) => value.startsWith('/Workspace/'));
}
