// Positive evidence for the checklist, read from what the caller already has (no file system
// access here): READMEs and backfill docs, tests that import the pipeline's modules, monitoring
// hooks, secrets-manager clients, schema files, whether a pipeline was recognised, and the code
// evidence of each Python file.

import path from 'node:path';
import { isTestPath } from '../engine/document';
import { isSchemaFile } from '../engine/workspace/schema-files';
import type { ChecklistEvidence, ChecklistEvidenceLink } from './checklist';
import type { FileCodeEvidence } from './code-evidence';

export interface EvidenceFile {
  /** POSIX path relative to the report root. */
  path: string;
  text: string;
}

/** What the pipeline graph shows: validations, intermediate files between stages, schedules. */
export interface PipelineEvidence {
  validations: ChecklistEvidenceLink[];
  intermediates: Array<ChecklistEvidenceLink & { runScoped: boolean }>;
  schedules: ChecklistEvidenceLink[];
}

const README = /(^|\/)(readme(\.[a-z]+)?|docs\/[^/]+\.(md|rst|txt))$/i;
const BACKFILL = /\b(backfill|back-fill|re-?run(ning)? (a|the|past|historical)|replay)\b/i;
const MONITORING: Array<[RegExp, string]> = [
  [/^\s*(import|from)\s+(prometheus_client|statsd|datadog|sentry_sdk|opentelemetry|newrelic)\b/m, 'metrics or error-tracking client'],
  [/\bon_failure_callback\s*=/, 'Airflow on_failure_callback'],
  [/\bsla_miss_callback\s*=|\bsla\s*=\s*timedelta/, 'Airflow SLA'],
  [/["']?email_on_failure["']?\s*[:=]\s*True/, 'Airflow email_on_failure'],
  [/\bslack_webhook|SlackWebhook(Operator|Hook)|\bpagerduty\b/i, 'alert integration'],
];
const SECRETS_MANAGER = /secretsmanager|google\.cloud\s+import\s+secretmanager|google\.cloud\.secretmanager|^\s*import\s+hvac\b|azure\.keyvault|BaseHook\.get_connection|Variable\.get\(/m;
const PIPELINE_YAML = /^(steps|tasks)\s*:/m;

function moduleNameOf(file: string): string {
  return path.posix.basename(file).replace(/\.py$/, '');
}

export function gatherChecklistEvidence(files: readonly EvidenceFile[], code: readonly FileCodeEvidence[] = [], pipeline: PipelineEvidence = { validations: [], intermediates: [], schedules: [] }, otherPaths: readonly string[] = []): ChecklistEvidence {
  const python = files.filter((f) => f.path.endsWith('.py'));
  const stageModules = new Set(python.filter((f) => !isTestPath(f.path)).map((f) => moduleNameOf(f.path)));
  const readmes = files.filter((f) => README.test(f.path)).map((f) => f.path);
  // `from etl.tasks import run`, `import etl.tasks`, or a module imported from its package (`from etl import tasks`).
  const importsStage = (text: string) =>
    [...text.matchAll(/^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import[ \t]+\(?([\w, \t]*)|import[ \t]+([\w.]+))/gm)].some((m) => {
      const module = (m[1] ?? m[3] ?? '').split('.').pop() ?? '';
      const names = (m[2] ?? '').split(',').map((n) => n.trim().split(/\s+/)[0]);
      return stageModules.has(module) || names.some((n) => n && stageModules.has(n));
    });
  const stageCode = code.filter((c) => !isTestPath(c.path));
  return {
    readmes,
    backfillDocs: files.filter((f) => README.test(f.path) && BACKFILL.test(f.text)).map((f) => f.path),
    testFiles: python.filter((f) => isTestPath(f.path) && importsStage(f.text)).map((f) => f.path),
    monitoring: python.flatMap((f) => MONITORING.filter(([pattern]) => pattern.test(f.text)).map(([, what]) => ({ path: f.path, what }))),
    secretsManagers: python.filter((f) => SECRETS_MANAGER.test(f.text)).map((f) => f.path),
    pipelineRecognised: files.some((f) => (/\.ya?ml$/.test(f.path) && (/(^|\/)pipeline\.ya?ml$/.test(f.path) || PIPELINE_YAML.test(f.text))) || (f.path.endsWith('.py') && /^\s*(from|import)\s+airflow\b/m.test(f.text))),
    code: stageCode,
    validations: pipeline.validations,
    intermediates: pipeline.intermediates,
    schedules: pipeline.schedules,
    schemaFiles: [...new Set([...files.map((f) => f.path), ...otherPaths])].filter(isSchemaFile).sort(),
  };
}
