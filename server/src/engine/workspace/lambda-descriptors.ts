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
