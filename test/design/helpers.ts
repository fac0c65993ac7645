import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAnswersText } from '../../server/src/design/answers';
import { generateDesign, type GeneratedDesign } from '../../server/src/design/index';
import type { WorkspaceHints } from '../../server/src/design/hints';

export const FIXTURES = path.join(__dirname, 'fixtures');

export const ANSWER_FILES = [
  'kafka-snowflake.yaml',
  'postgres-bigquery-batch.yaml',
  'hybrid-multi-source.json',
  'rest-api-redshift.yaml',
  'pii-kafka-snowflake.yaml',
] as const;

export function readAnswers(file: string): unknown {
  return parseAnswersText(readFileSync(path.join(FIXTURES, file), 'utf8'));
}

export function generate(file: string, hints?: WorkspaceHints): GeneratedDesign {
  return generateDesign(readAnswers(file), hints);
}

/** Answers built in a test: the Kafka → Snowflake answers with some fields replaced. */
export function withChanges(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...(readAnswers('kafka-snowflake.yaml') as Record<string, unknown>), ...changes };
}

/** The text of one `## ` section, without its heading. */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`missing section ${heading}`);
  const body = markdown.slice(start + heading.length + 2);
  const next = body.search(/\n## /);
  return next < 0 ? body : body.slice(0, next);
}
