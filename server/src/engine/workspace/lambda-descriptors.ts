// A deployment descriptor that declares AWS Lambda functions: an AWS SAM or CloudFormation
// template (`template.yaml` with `AWS::Serverless::Function` / `AWS::Lambda::Function` resources)
// or a Serverless Framework `serverless.yml` (`functions:` with a `handler:`). In such a project
// what is deployed runs through its handlers; a `__main__` block is run on someone's machine
// (backfills, maintenance, demos), not by the platform (run-mode.ts).

import type { DocumentFacts } from '../document';

const DESCRIPTOR_FILE = /(^|[\\/])(template|serverless)\.ya?ml$/i;
const CLOUDFORMATION_FUNCTION = /\bAWS::(Serverless|Lambda)::Function\b/;
const SERVERLESS_FUNCTIONS = /^functions:[ \t]*(#.*)?$/m;
/** `Handler: pipes.orders.handle` (SAM) or `handler: src/handler.main` (serverless.yml). */
const HANDLER = /^[ \t]+handler:[ \t]*['"]?([\w./-]+)/gim;

/**
 * The modules a descriptor's functions name as handlers, as dotted module names
 * (`pipes.orders`, `src.handler`); null when the YAML document deploys no Lambda function.
 */
export function lambdaHandlerModules(doc: Pick<DocumentFacts, 'path' | 'text'>): string[] | null {
  if (!DESCRIPTOR_FILE.test(doc.path)) return null;
  const handlers = [...doc.text.matchAll(HANDLER)].map((m) => m[1]);
  if (!CLOUDFORMATION_FUNCTION.test(doc.text) && !(SERVERLESS_FUNCTIONS.test(doc.text) && handlers.length > 0)) return null;
  const modules = handlers.map((h) => h.replace(/\.[^./]+$/, '').replace(/^\.?\//, '').replace(/\//g, '.')).filter((m) => /^[A-Za-z_][\w.]*$/.test(m));
  return [...new Set(modules)];
}

/**
 * Event sources that invoke a Lambda function asynchronously: AWS queues the event and retries a
 * failed invocation twice by default (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html,
 * "Error handling and automatic retries"). SAM event types (`Schedule`, `ScheduleV2`, `SNS`, `S3`,
 * `EventBridgeRule`, `CloudWatchEvent`, `CloudWatchLogs`, `IoTRule`) and serverless.yml event keys.
 */
const SAM_ASYNC_EVENT = /^[ \t]+Type:[ \t]*['"]?(Schedule|ScheduleV2|SNS|S3|EventBridgeRule|CloudWatchEvent|CloudWatchLogs|IoTRule)['"]?[ \t]*$/m;
const SERVERLESS_ASYNC_EVENT = /^[ \t]*-[ \t]*(schedule|sns|s3|eventBridge|cloudwatchEvent|cloudwatchLog|iot)[ \t]*:/m;
const CLOUDFORMATION_RESOURCE = /^[ \t]+Type:[ \t]*['"]?AWS::[\w:]+/gm;
/** A function's key under serverless.yml's `functions:` (two-space indented name). */
const SERVERLESS_FUNCTION_KEY = /^ {2}[\w-]+:[ \t]*$/gm;

/** A deployed handler that an asynchronous event source invokes. */
export interface AsyncLambdaHandler {
  /** The handler's module, dotted (`pipes.orders`). */
  module: string;
  /** The function (or callable object) the module exposes as the handler (`handle`, `lambda_handler`). */
  handler: string;
}

/**
 * The handlers of a descriptor's functions that an asynchronous event source (a schedule, SNS, S3,
 * EventBridge) invokes, so AWS retries their failed invocations; null when the document deploys
 * no Lambda function. A function with no events, or only synchronous ones (an API), is left out.
 */
export function asyncLambdaHandlers(doc: Pick<DocumentFacts, 'path' | 'text'>): AsyncLambdaHandler[] | null {
  if (lambdaHandlerModules(doc) === null) return null;
  const text = doc.text;
  const cloudFormation = CLOUDFORMATION_FUNCTION.test(text);
  const starts = [...text.matchAll(cloudFormation ? CLOUDFORMATION_RESOURCE : SERVERLESS_FUNCTION_KEY)].map((m) => m.index);
  const out: AsyncLambdaHandler[] = [];
  starts.forEach((start, i) => {
    const block = text.slice(start, starts[i + 1] ?? text.length);
    if (cloudFormation && !CLOUDFORMATION_FUNCTION.test(block.split('\n')[0])) return;
    if (!(cloudFormation ? SAM_ASYNC_EVENT : SERVERLESS_ASYNC_EVENT).test(block)) return;
    const written = new RegExp(HANDLER.source, 'im').exec(block)?.[1];
    const dot = written?.lastIndexOf('.') ?? -1;
    if (!written || dot <= 0) return;
    const module = written.slice(0, dot).replace(/^\.?\//, '').replace(/\//g, '.');
    if (/^[A-Za-z_][\w.]*$/.test(module)) out.push({ module, handler: written.slice(dot + 1) });
  });
  return out;
}
