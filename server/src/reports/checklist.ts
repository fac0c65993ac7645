// The production-readiness checklist. Every item has one of three outcomes, each with what it
// rests on: it passes (the evidence is cited: the places the rules checked and found right, or
// the README, tests, hooks that show it), it fails (the findings), or it is not decided (nothing
// to check, so not applicable, or no evidence either way: a person has to look). Nothing passes
// by the absence of findings alone.

import type { FileCodeEvidence, EvidenceSite } from './code-evidence';
import { escapeMarkdown, linkTarget } from './markdown';
import { allFindings, type LocatedReportFinding, type ReportInput } from './types';

export type ChecklistStatus = 'pass' | 'fail' | 'not-decided';

export interface ChecklistEvidenceLink {
  /** POSIX path relative to the report root. */
  path: string;
  /** 1-based line, when the evidence is a place in a file. */
  line?: number;
  text: string;
}

export interface ChecklistItem {
  id: string;
  title: string;
  status: ChecklistStatus;
  /** Why the item passes, fails or is not decided, in one or two sentences. */
  reason: string;
  evidence: ChecklistEvidenceLink[];
}

/** What the files show beyond findings; gathered by the caller (CLI, server) from the folder. */
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
  /** Per Python file: the places where it does what items are about. */
  code: FileCodeEvidence[];
  /** Validation between reading and writing in stages of a recognised pipeline. */
  validations: ChecklistEvidenceLink[];
  /** Files one stage writes and another reads, and whether they are run-scoped. */
  intermediates: Array<ChecklistEvidenceLink & { runScoped: boolean }>;
  /** Schedules of recognised pipelines. */
  schedules: ChecklistEvidenceLink[];
  /** Schema and migration files (`migrations/`, `*.avsc`, `schema.yml`). */
  schemaFiles: string[];
}

type Decision = Omit<ChecklistItem, 'id' | 'title'>;

interface ItemDefinition {
  id: string;
  title: string;
  /** Rules whose findings fail the item. */
  rules: string[];
  /** How the item is decided when no rule finding fails it. */
  decide: (evidence: ChecklistEvidence) => Decision;
}

type SiteKind = Exclude<keyof FileCodeEvidence, 'path' | 'logs'>;

function sitesOf(evidence: ChecklistEvidence, kind: SiteKind): ChecklistEvidenceLink[] {
  return evidence.code.flatMap((file) => file[kind].map((s: EvidenceSite) => ({ path: file.path, line: s.line, text: s.what })));
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function filesOf(links: readonly ChecklistEvidenceLink[]): number {
  return new Set(links.map((l) => l.path)).size;
}

const notApplicable = (what: string): Decision => ({ status: 'not-decided', reason: `Not applicable: ${what}.`, evidence: [] });
const byHand = (what: string, action = 'check by hand'): Decision => ({ status: 'not-decided', reason: `No evidence either way: ${what}; ${action}.`, evidence: [] });

/** Passes when the rules had places to check (cited) and found nothing wrong there. */
function checkedSites(kind: SiteKind, noun: string, verdict: string, absent: string) {
  return (evidence: ChecklistEvidence): Decision => {
    const sites = sitesOf(evidence, kind);
    if (sites.length === 0) return notApplicable(absent);
    return { status: 'pass', reason: `Checked ${count(sites.length, noun)} in ${count(filesOf(sites), 'file')}: ${verdict}.`, evidence: sites };
  };
}

const DEFINITIONS: ItemDefinition[] = [
  {
    id: 'credentials',
    title: 'No hardcoded credentials',
    rules: ['PW101'],
    decide: (evidence) => {
      const reads = sitesOf(evidence, 'credentialReads');
      if (reads.length > 0) return { status: 'pass', reason: `No literal secret in code or config; credentials are read from the environment or a secret store in ${count(reads.length, 'place')}.`, evidence: reads };
      if (sitesOf(evidence, 'remoteIo').length > 0) return byHand('connections are made, but where their credentials come from is not visible in the code');
      return notApplicable('no connection or credential is used in the analysed files');
    },
  },
  {
    id: 'retries',
    title: 'Error handling with retries',
    rules: ['PW103', 'PW206', 'PW403'],
    decide: (evidence) => {
      const io = sitesOf(evidence, 'remoteIo');
      if (io.length === 0) return notApplicable('no call to a database, API, warehouse or object store');
      const retries = sitesOf(evidence, 'retries');
      return { status: 'pass', reason: `${count(io.length, 'remote I/O call')} checked: each is retried (retry decorators or loops, orchestrator retries, or a client that retries by itself) and no broad handler swallows its errors.`, evidence: retries.length > 0 ? retries : io };
    },
  },
  {
    id: 'logging',
    title: 'Logging at each stage',
    rules: ['PW204'],
    decide: (evidence) => {
      const stages = evidence.code.filter((f) => f.remoteIo.length + f.loads.length + f.extracts.length > 0);
      if (stages.length === 0) return notApplicable('no stage module (reading or writing data) was found');
      const logging = stages.filter((f) => f.logs);
      if (logging.length === 0) return byHand('the stage modules neither print nor log');
      return { status: 'pass', reason: `${count(logging.length, 'stage module')} of ${stages.length} log through a logger.`, evidence: logging.map((f) => ({ path: f.path, text: 'logs through a logger' })) };
    },
  },
  {
    id: 'validation',
    title: 'Data validation gates between stages',
    rules: ['PW105'],
    decide: (evidence) => {
      if (!evidence.pipelineRecognised) return byHand('no pipeline config or DAG was recognised, so what flows between stages is unknown');
      if (evidence.validations.length === 0) return byHand('no stage validates what it reads (assert, schema or row-count checks)');
      return { status: 'pass', reason: `${count(evidence.validations.length, 'validation')} between reading and writing, and no stage passes an upstream artifact on unchecked.`, evidence: evidence.validations };
    },
  },
  { id: 'idempotency', title: 'Idempotent operations (re-runs do not duplicate data)', rules: ['PW203'], decide: checkedSites('loads', 'load', 'each overwrites, merges, upserts or clears its slice first', 'nothing is loaded into a table or file store') },
  { id: 'incremental', title: 'Incremental processing', rules: ['PW104'], decide: checkedSites('extracts', 'extract', 'each filters on a watermark or partition, or reads an allow-listed small table', 'nothing is extracted from a database or warehouse') },
  { id: 'data-loss', title: 'No silent data loss', rules: ['PW201', 'PW202'], decide: checkedSites('rowDrops', 'row drop or coercion', 'each is counted, logged or checked', 'no rows are dropped and no values coerced') },
  { id: 'sql', title: 'Parameterized SQL', rules: ['PW102'], decide: checkedSites('sqlCalls', 'SQL call', 'each gets its values as bound parameters or constants', 'no SQL is run') },
  { id: 'timeouts', title: 'Timeouts on network calls', rules: ['PW207'], decide: checkedSites('httpCalls', 'HTTP call', 'each has a timeout', 'no HTTP call is made') },
  {
    id: 'schedule',
    title: 'Valid schedule and step targets',
    rules: ['PW401', 'PW402', 'PW404', 'PW405'],
    decide: (evidence) => {
      if (!evidence.pipelineRecognised) return byHand('no pipeline config or DAG was recognised');
      if (evidence.schedules.length === 0) return byHand('the pipeline declares no schedule here (triggered externally?)');
      return { status: 'pass', reason: `${count(evidence.schedules.length, 'schedule')} parsed and valid; every step's target exists and runs after what it reads.`, evidence: evidence.schedules };
    },
  },
  {
    id: 'intermediates',
    title: 'Intermediate files cleaned up and run-scoped',
    rules: ['PW205'],
    decide: (evidence) => {
      if (!evidence.pipelineRecognised) return byHand('no pipeline config or DAG was recognised, so intermediate files are unknown');
      if (evidence.intermediates.length === 0) return notApplicable('no stage hands a file to another');
      return { status: 'pass', reason: `${count(evidence.intermediates.length, 'intermediate file')} between stages, each run-scoped or removed after use.`, evidence: evidence.intermediates };
    },
  },
  {
    id: 'schema',
    title: 'Schema declared and versioned',
    rules: ['PW301'],
    decide: (evidence) => {
      const declared = [...sitesOf(evidence, 'schemaDeclarations'), ...evidence.schemaFiles.map((path) => ({ path, text: 'schema or migration file' }))];
      if (declared.length === 0) return byHand('no schema declaration (dtype=, schema=, pandera, StructType, migrations) was found');
      return { status: 'pass', reason: `${count(declared.length, 'schema declaration')} found; check that table changes go through versioned migrations.`, evidence: declared };
    },
  },
  { id: 'performance', title: 'Bulk I/O instead of row-by-row processing', rules: ['PW304'], decide: checkedSites('remoteIo', 'I/O call', 'none runs once per row inside a loop over rows', 'no database, API or storage I/O') },
  {
    id: 'monitoring',
    title: 'Monitoring and alerting',
    rules: [],
    decide: (evidence) =>
      evidence.monitoring.length > 0
        ? { status: 'pass', reason: 'Monitoring or alerting hooks found; confirm they page someone.', evidence: evidence.monitoring.map((m) => ({ path: m.path, text: m.what })) }
        : byHand('no metrics client, failure callback or SLA was found in code (row counts, freshness, failures)'),
  },
  {
    id: 'documentation',
    title: 'Documentation',
    rules: ['PW302'],
    decide: (evidence) =>
      evidence.readmes.length > 0
        ? { status: 'pass', reason: 'The pipeline has a README.', evidence: evidence.readmes.map((p) => ({ path: p, text: 'README' })) }
        : { status: 'fail', reason: 'No README or docs folder was found for the pipeline.', evidence: [] },
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
        : byHand('no backfill or re-run procedure was found in the docs', 'write down how to re-run a date range'),
  },
  {
    id: 'secrets-manager',
    title: 'Secrets come from a secrets manager or the environment',
    rules: [],
    decide: (evidence) =>
      evidence.secretsManagers.length > 0
        ? { status: 'pass', reason: 'A secrets manager client is used.', evidence: evidence.secretsManagers.map((p) => ({ path: p, text: 'secrets manager' })) }
        : byHand('where deployed environments get their variables from (a secret store, not a committed .env) is not visible in code'),
  },
];

function findingLink({ file, finding }: LocatedReportFinding): ChecklistEvidenceLink {
  // A Jupyter notebook's lines are inside its cells: the link names the cell and opens the notebook.
  if (file.notebook?.positionsInCells) return { path: file.path, text: `${finding.ruleId}: ${finding.message} (cell ${file.notebook.cellRange(finding.start, finding.end).cell})` };
  const cell = file.notebook ? ` (cell ${file.notebook.cellRange(finding.start, finding.end).cell})` : '';
  return { path: file.path, line: file.lines.positionAt(finding.start).line + 1, text: `${finding.ruleId}: ${finding.message}${cell}` };
}

export function buildChecklist(input: ReportInput, evidence: ChecklistEvidence): ChecklistItem[] {
  const located = allFindings(input);
  return DEFINITIONS.map((definition) => {
    const relevant = located.filter((l) => definition.rules.includes(l.finding.ruleId));
    if (relevant.length > 0) {
      const rules = [...new Set(relevant.map((l) => l.finding.ruleId))].join(', ');
      return { id: definition.id, title: definition.title, status: 'fail' as const, reason: `${count(relevant.length, 'finding')} (${rules}).`, evidence: relevant.map(findingLink) };
    }
    return { id: definition.id, title: definition.title, ...definition.decide(evidence) };
  });
}

/** Markers VS Code's Markdown preview shows as they are (task-list syntax is GitHub-only there). */
const MARK: Record<ChecklistStatus, string> = { pass: '✅ Passes', fail: '❌ Fails', 'not-decided': '❔ Not decided' };

/** `linkBase`: how links reach the files from where the Markdown is printed or saved (see markdown.ts). */
export function renderChecklistMarkdown(name: string, items: readonly ChecklistItem[], linkBase = ''): string {
  const passed = items.filter((i) => i.status === 'pass').length;
  const failed = items.filter((i) => i.status === 'fail').length;
  const open = items.filter((i) => i.status === 'not-decided').length;
  const lines = [
    `# Production-readiness checklist: ${name}`,
    '',
    `${passed} of ${items.length} items pass on evidence in the code, ${failed} fail, ${open} ${open === 1 ? 'is' : 'are'} not decided (not applicable, or a person has to check).`,
    '',
  ];
  for (const item of items) {
    lines.push(`- ${MARK[item.status]} — **${item.title}**`);
    lines.push(`  ${item.reason}`);
    for (const link of item.evidence.slice(0, 10)) {
      const label = link.line ? `${link.path}:${link.line}` : link.path;
      lines.push(`  - [${escapeMarkdown(label)}](${linkTarget(link.path, link.line, linkBase)}) ${escapeMarkdown(link.text)}`);
    }
    if (item.evidence.length > 10) lines.push(`  - … and ${item.evidence.length - 10} more`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderChecklistJson(name: string, items: readonly ChecklistItem[]): string {
  return `${JSON.stringify({ name, items }, null, 2)}\n`;
}
