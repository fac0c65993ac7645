// The production-readiness checklist: every item is decided from evidence in the analysed code —
// the findings of the rules that check it (unticked, linked), positive evidence in files (README,
// tests, monitoring hooks), or "check by hand" when code cannot show it.

import { allFindings, type LocatedReportFinding, type ReportInput } from './types';

export type ChecklistStatus = 'pass' | 'fail' | 'manual';

export interface ChecklistEvidenceLink {
  /** POSIX path relative to the report root. */
  path: string;
  /** 1-based line, when the evidence is a finding. */
  line?: number;
  text: string;
}

export interface ChecklistItem {
  id: string;
  title: string;
  status: ChecklistStatus;
  /** Why the item is ticked, unticked or left to a person. */
  reason: string;
  evidence: ChecklistEvidenceLink[];
}

/** What the files show beyond findings; gathered by the caller (CLI, server) from the workspace. */
export interface ChecklistEvidence {
  /** README/docs files of the pipeline (relative paths). */
  readmes: string[];
  /** README/docs files that describe a backfill or re-run procedure. */
  backfillDocs: string[];
  /** Test files that import or exercise the pipeline's modules. */
  testFiles: string[];
  /** Files with monitoring or alerting hooks (metrics clients, failure callbacks, SLAs), with what was seen. */
  monitoring: Array<{ path: string; what: string }>;
  /** Secrets read through a secrets manager client (relative paths). */
  secretsManagers: string[];
  /** Whether a multi-stage pipeline was recognised (a pipeline config or DAG with steps). */
  pipelineRecognised: boolean;
}

interface ItemDefinition {
  id: string;
  title: string;
  /** Rules whose findings untick the item. */
  rules: string[];
  /** How the item is decided when no rule finding unticks it. */
  decide: (evidence: ChecklistEvidence, analysedFiles: number) => Omit<ChecklistItem, 'id' | 'title'>;
}

const byRules = (what: string) => (_evidence: ChecklistEvidence, files: number): Omit<ChecklistItem, 'id' | 'title'> =>
  files > 0
    ? { status: 'pass', reason: `No findings: ${what} across ${files} analysed file${files === 1 ? '' : 's'}.`, evidence: [] }
    : { status: 'manual', reason: 'No pipeline files were analysed; check by hand.', evidence: [] };

const needsPipeline = (what: string) => (evidence: ChecklistEvidence, files: number): Omit<ChecklistItem, 'id' | 'title'> =>
  evidence.pipelineRecognised ? byRules(what)(evidence, files) : { status: 'manual', reason: `No pipeline config or DAG was recognised, so ${what} could not be checked across stages; check by hand.`, evidence: [] };

const DEFINITIONS: ItemDefinition[] = [
  { id: 'credentials', title: 'No hardcoded credentials', rules: ['PW101'], decide: byRules('no literal secrets in code or config') },
  { id: 'retries', title: 'Error handling with retries', rules: ['PW103', 'PW206', 'PW403'], decide: byRules('external I/O is retried and errors are not swallowed') },
  { id: 'logging', title: 'Logging at each stage', rules: ['PW204'], decide: byRules('every stage logs') },
  { id: 'validation', title: 'Data validation gates between stages', rules: ['PW105'], decide: needsPipeline('validation between stages') },
  { id: 'idempotency', title: 'Idempotent operations (re-runs do not duplicate data)', rules: ['PW203'], decide: byRules('loads overwrite, merge or upsert') },
  { id: 'incremental', title: 'Incremental processing', rules: ['PW104'], decide: byRules('extracts read only new or changed rows') },
  { id: 'data-loss', title: 'No silent data loss', rules: ['PW201', 'PW202'], decide: byRules('dropped and coerced rows are counted') },
  { id: 'sql', title: 'Parameterized SQL', rules: ['PW102'], decide: byRules('SQL values are passed as parameters') },
  { id: 'timeouts', title: 'Timeouts on network calls', rules: ['PW207'], decide: byRules('HTTP calls have timeouts') },
  { id: 'schedule', title: 'Valid schedule and step targets', rules: ['PW401', 'PW402', 'PW404', 'PW405'], decide: needsPipeline('the schedule, step targets and step order') },
  { id: 'intermediates', title: 'Intermediate files cleaned up and run-scoped', rules: ['PW205'], decide: needsPipeline('intermediate files') },
  { id: 'schema', title: 'Schema declared and versioned', rules: ['PW301'], decide: needsPipeline('schemas of written tables and files') },
  { id: 'performance', title: 'Bulk I/O instead of row-by-row processing', rules: ['PW304'], decide: byRules('no per-row I/O loops') },
  {
    id: 'monitoring',
    title: 'Monitoring and alerting',
    rules: [],
    decide: (evidence) =>
      evidence.monitoring.length > 0
        ? { status: 'pass', reason: 'Monitoring or alerting hooks found; confirm they page someone.', evidence: evidence.monitoring.map((m) => ({ path: m.path, text: m.what })) }
        : { status: 'manual', reason: 'No metrics client, failure callback or SLA found in code; check alerting by hand (row counts, freshness, failures).', evidence: [] },
  },
  {
    id: 'documentation',
    title: 'Documentation',
    rules: ['PW302'],
    decide: (evidence) =>
      evidence.readmes.length > 0
        ? { status: 'pass', reason: 'The pipeline has a README.', evidence: evidence.readmes.map((p) => ({ path: p, text: 'README' })) }
        : { status: 'fail', reason: 'No README or docs folder found for the pipeline.', evidence: [] },
  },
  {
    id: 'tests',
    title: 'Tests (unit and integration)',
    rules: ['PW303'],
    decide: (evidence) =>
      evidence.testFiles.length > 0
        ? { status: 'pass', reason: 'Test files exercise the pipeline modules; check that integration tests exist too.', evidence: evidence.testFiles.map((p) => ({ path: p, text: 'tests' })) }
        : { status: 'fail', reason: 'No test file imports the pipeline modules.', evidence: [] },
  },
  {
    id: 'backfill',
    title: 'Backfill procedure documented',
    rules: [],
    decide: (evidence) =>
      evidence.backfillDocs.length > 0
        ? { status: 'pass', reason: 'The docs describe a backfill or re-run procedure.', evidence: evidence.backfillDocs.map((p) => ({ path: p, text: 'backfill procedure' })) }
        : { status: 'manual', reason: 'No backfill or re-run procedure found in the docs; write down how to re-run a date range.', evidence: [] },
  },
  {
    id: 'secrets-manager',
    title: 'Secrets come from a secrets manager or the environment',
    rules: ['PW101'],
    decide: (evidence) =>
      evidence.secretsManagers.length > 0
        ? { status: 'pass', reason: 'A secrets manager client is used.', evidence: evidence.secretsManagers.map((p) => ({ path: p, text: 'secrets manager' })) }
        : { status: 'manual', reason: 'Check where deployed environments get their variables from (secret store, not a committed .env).', evidence: [] },
  },
];

function findingLink({ file, finding }: LocatedReportFinding): ChecklistEvidenceLink {
  return { path: file.path, line: file.lines.positionAt(finding.start).line + 1, text: `${finding.ruleId}: ${finding.message}` };
}

export function buildChecklist(input: ReportInput, evidence: ChecklistEvidence): ChecklistItem[] {
  const located = allFindings(input);
  const analysed = input.files.length;
  return DEFINITIONS.map((definition) => {
    const relevant = located.filter((l) => definition.rules.includes(l.finding.ruleId));
    if (relevant.length > 0) {
      return {
        id: definition.id,
        title: definition.title,
        status: 'fail' as const,
        reason: `${relevant.length} finding${relevant.length === 1 ? '' : 's'} (${[...new Set(relevant.map((l) => l.finding.ruleId))].join(', ')}).`,
        evidence: relevant.map(findingLink),
      };
    }
    return { id: definition.id, title: definition.title, ...definition.decide(evidence, analysed) };
  });
}

const MARK: Record<ChecklistStatus, string> = { pass: '[x]', fail: '[ ]', manual: '[ ]' };

export function renderChecklistMarkdown(name: string, items: readonly ChecklistItem[]): string {
  const passed = items.filter((i) => i.status === 'pass').length;
  const failed = items.filter((i) => i.status === 'fail').length;
  const manual = items.filter((i) => i.status === 'manual').length;
  const lines = [
    `# Production-readiness checklist: ${name}`,
    '',
    `${passed} of ${items.length} items pass from evidence in the code; ${failed} fail; ${manual} need a check by hand.`,
    '',
  ];
  for (const item of items) {
    const suffix = item.status === 'manual' ? ' — *check by hand*' : '';
    lines.push(`- ${MARK[item.status]} **${item.title}**${suffix}`);
    lines.push(`  ${item.reason}`);
    for (const link of item.evidence.slice(0, 10)) {
      const target = link.line ? `${link.path}#L${link.line}` : link.path;
      const label = link.line ? `${link.path}:${link.line}` : link.path;
      lines.push(`  - [${label}](${encodeURI(target)}) ${link.text}`);
    }
    if (item.evidence.length > 10) lines.push(`  - … and ${item.evidence.length - 10} more`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderChecklistJson(name: string, items: readonly ChecklistItem[]): string {
  return `${JSON.stringify({ name, items }, null, 2)}\n`;
}
