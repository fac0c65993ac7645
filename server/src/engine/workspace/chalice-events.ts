// AWS Chalice apps declare their Lambda functions and the events that invoke them in the code:
// `@app.schedule(Cron(…))`, `@app.on_s3_event(…)`, `@app.on_sns_message(…)`, `@app.on_cw_event(…)`
// are invoked asynchronously, and AWS retries a failed asynchronous invocation (twice by default);
// `@app.on_sqs_message(…)` gets its failed batch back from the queue. `@app.route`,
// `@app.lambda_function` and `@app.authorizer` are invoked synchronously: no retry. The handlers
// join the project's other asynchronously invoked handlers (retried-code.ts), which also decides
// when a handler's returned failures defeat the retry.

import type { PythonFacts } from '../python/python-facts';

const RETRIED_EVENT = /^(?:schedule|on_s3_event|on_sns_message|on_cw_event|on_sqs_message)\(/;
const CHALICE_CLASS = /^chalice(?:\.app)?\.(?:Chalice|Blueprint)$/;

/** The module-level names bound to a Chalice app or blueprint (`app = Chalice(app_name="ingestor")`). */
function chaliceApps(py: PythonFacts): Set<string> {
  const apps = new Set<string>();
  for (const assignment of py.assignments) {
    if (assignment.fn || !/^[A-Za-z_]\w*$/.test(assignment.target)) continue;
    const call = py.callsIn(assignment.valueStart, assignment.valueEnd)[0];
    if (call && call.start === assignment.valueStart && CHALICE_CLASS.test(py.resolveCall(call))) apps.add(assignment.target);
  }
  return apps;
}

/** Top-level functions of the module that a Chalice event invokes asynchronously (or from a queue). */
export function chaliceAsyncHandlers(py: PythonFacts): string[] {
  return handlersOf(py, (event) => RETRIED_EVENT.test(event));
}

/** Top-level functions of the module that Chalice deploys as Lambda functions, whatever invokes them. */
export function chaliceHandlers(py: PythonFacts): string[] {
  return handlersOf(py, (event) => /^[a-z_]+\(/.test(event));
}

function handlersOf(py: PythonFacts, invokedBy: (event: string) => boolean): string[] {
  if (!py.bindings.has('Chalice') && !py.bindings.has('Blueprint') && !py.bindings.has('chalice')) return [];
  const apps = chaliceApps(py);
  if (apps.size === 0) return [];
  return py.functions
    .filter((fn) => !fn.parent && !fn.className && fn.decorators.some((decorator) => {
      const dot = decorator.indexOf('.');
      return dot > 0 && apps.has(decorator.slice(0, dot)) && invokedBy(decorator.slice(dot + 1));
    }))
    .map((fn) => fn.name);
}
