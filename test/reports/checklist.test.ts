// Every checklist item, decided three ways from evidence: it passes only on cited evidence, fails on
// its rules' findings, and is not decided (not applicable, or nobody can tell from code) otherwise —
// never passing because nothing was found.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { LineIndex } from '../../server/src/engine/line-index';
import type { Finding } from '../../server/src/engine/types';
import { buildChecklist, renderChecklistMarkdown, type ChecklistEvidence, type ChecklistStatus } from '../../server/src/reports/checklist';
import type { FileCodeEvidence } from '../../server/src/reports/code-evidence';
import type { ReportInput } from '../../server/src/reports/types';

const TEXT = 'line one\nline two\nline three\n';

function input(ruleIds: string[] = []): ReportInput {
  const findings: Finding[] = ruleIds.map((ruleId) => ({ ruleId, priority: 'P1', message: `${ruleId} message`, start: 9, end: 12, fixes: [], fingerprintText: ruleId }));
  return { root: '/p', rules: [], files: [{ path: 'stage.py', dialect: 'python', lines: new LineIndex(TEXT), config: DEFAULT_CONFIG, findings }] };
}

function code(sites: Partial<Omit<FileCodeEvidence, 'path'>> = {}): FileCodeEvidence {
  return { path: 'stage.py', remoteIo: [], httpCalls: [], sqlCalls: [], loads: [], extracts: [], rowDrops: [], credentialReads: [], retries: [], schemaDeclarations: [], logs: false, ...sites };
}

function evidence(extra: Partial<ChecklistEvidence> = {}): ChecklistEvidence {
  return { readmes: [], backfillDocs: [], testFiles: [], monitoring: [], secretsManagers: [], pipelineRecognised: false, code: [], validations: [], intermediates: [], schedules: [], schemaFiles: [], ...extra };
}

const at = (what: string) => [{ line: 2, what }];

interface Outcome {
  findings?: string[];
  evidence: ChecklistEvidence;
}

/** Per item: the evidence for each outcome it can have (null: the item cannot have that outcome, with why). */
const ITEMS: Record<string, Record<ChecklistStatus, Outcome | string>> = {
  credentials: {
    pass: { evidence: evidence({ code: [code({ credentialReads: at('DB_PASSWORD from the environment') })] }) },
    fail: { findings: ['PW101'], evidence: evidence({ code: [code({ credentialReads: at('DB_PASSWORD from the environment') })] }) },
    'not-decided': { evidence: evidence({ code: [code()] }) },
  },
  retries: {
    pass: { evidence: evidence({ code: [code({ remoteIo: at('requests.get()'), retries: at('@retry on fetch()') })] }) },
    fail: { findings: ['PW103'], evidence: evidence({ code: [code({ remoteIo: at('requests.get()') })] }) },
    'not-decided': { evidence: evidence({ code: [code()] }) },
  },
  logging: {
    pass: { evidence: evidence({ code: [code({ remoteIo: at('conn.execute()'), logs: true })] }) },
    fail: { findings: ['PW204'], evidence: evidence({ code: [code({ remoteIo: at('conn.execute()') })] }) },
    'not-decided': { evidence: evidence({ code: [code({ logs: true })] }) },
  },
  validation: {
    pass: { evidence: evidence({ pipelineRecognised: true, validations: [{ path: 'stage.py', line: 2, text: 'validation in load' }] }) },
    fail: { findings: ['PW105'], evidence: evidence({ pipelineRecognised: true }) },
    'not-decided': { evidence: evidence({ pipelineRecognised: true }) },
  },
  idempotency: {
    pass: { evidence: evidence({ code: [code({ loads: at('df.to_sql()') })] }) },
    fail: { findings: ['PW203'], evidence: evidence({ code: [code({ loads: at('df.to_sql()') })] }) },
    'not-decided': { evidence: evidence({ code: [code()] }) },
  },
  incremental: {
    pass: { evidence: evidence({ code: [code({ extracts: at('pd.read_sql()') })] }) },
    fail: { findings: ['PW104'], evidence: evidence({ code: [code({ extracts: at('pd.read_sql()') })] }) },
    'not-decided': { evidence: evidence({ code: [code()] }) },
  },
  'data-loss': {
    pass: { evidence: evidence({ code: [code({ rowDrops: at('df.dropna()') })] }) },
    fail: { findings: ['PW201'], evidence: evidence({ code: [code({ rowDrops: at('df.dropna()') })] }) },
    'not-decided': { evidence: evidence({ code: [code()] }) },
  },
  sql: {
    pass: { evidence: evidence({ code: [code({ sqlCalls: at('cur.execute()') })] }) },
    fail: { findings: ['PW102'], evidence: evidence({ code: [code({ sqlCalls: at('cur.execute()') })] }) },
    'not-decided': { evidence: evidence({ code: [code()] }) },
  },
  timeouts: {
    pass: { evidence: evidence({ code: [code({ httpCalls: at('requests.get()') })] }) },
    fail: { findings: ['PW207'], evidence: evidence({ code: [code({ httpCalls: at('requests.get()') })] }) },
    'not-decided': { evidence: evidence({ code: [code({ remoteIo: at('conn.execute()') })] }) },
  },
  schedule: {
    pass: { evidence: evidence({ pipelineRecognised: true, schedules: [{ path: 'pipeline.yaml', text: 'daily: 0 2 * * *' }] }) },
    fail: { findings: ['PW401'], evidence: evidence({ pipelineRecognised: true }) },
    'not-decided': { evidence: evidence() },
  },
  intermediates: {
    pass: { evidence: evidence({ pipelineRecognised: true, intermediates: [{ path: 'pipeline.yaml', text: '/tmp/run-1/x.csv', runScoped: true }] }) },
    fail: { findings: ['PW205'], evidence: evidence({ pipelineRecognised: true }) },
    'not-decided': { evidence: evidence({ pipelineRecognised: true }) },
  },
  schema: {
    pass: { evidence: evidence({ schemaFiles: ['migrations/001_orders.sql'] }) },
    fail: { findings: ['PW301'], evidence: evidence() },
    'not-decided': { evidence: evidence({ code: [code({ loads: at('df.to_sql()') })] }) },
  },
  performance: {
    pass: { evidence: evidence({ code: [code({ remoteIo: at('cur.executemany()') })] }) },
    fail: { findings: ['PW304'], evidence: evidence({ code: [code({ remoteIo: at('cur.execute()') })] }) },
    'not-decided': { evidence: evidence({ code: [code()] }) },
  },
  monitoring: {
    pass: { evidence: evidence({ monitoring: [{ path: 'dag.py', what: 'Airflow on_failure_callback' }] }) },
    fail: 'no rule reports missing monitoring: code cannot show that nothing watches the pipeline',
    'not-decided': { evidence: evidence() },
  },
  documentation: {
    pass: { evidence: evidence({ readmes: ['README.md'] }) },
    fail: { evidence: evidence() },
    'not-decided': 'a folder has a README or it has not: there is always evidence',
  },
  tests: {
    pass: { evidence: evidence({ testFiles: ['tests/test_stage.py'] }) },
    fail: { evidence: evidence() },
    'not-decided': 'a test imports the stages or none does: there is always evidence',
  },
  backfill: {
    pass: { evidence: evidence({ backfillDocs: ['README.md'] }) },
    fail: 'a missing backfill procedure in the docs may live elsewhere (a runbook): not decided, never failed',
    'not-decided': { evidence: evidence() },
  },
  'secrets-manager': {
    pass: { evidence: evidence({ secretsManagers: ['config.py'] }) },
    fail: 'where deployed environments get their variables from is not visible in code',
    'not-decided': { evidence: evidence() },
  },
};

test('the table covers every checklist item', () => {
  const ids = buildChecklist(input(), evidence()).map((i) => i.id);
  assert.deepEqual(Object.keys(ITEMS).sort(), [...ids].sort());
});

for (const [id, outcomes] of Object.entries(ITEMS)) {
  for (const [status, outcome] of Object.entries(outcomes) as Array<[ChecklistStatus, Outcome | string]>) {
    if (typeof outcome === 'string') continue;
    test(`checklist ${id}: ${status}`, () => {
      const item = buildChecklist(input(outcome.findings), outcome.evidence).find((i) => i.id === id)!;
      assert.equal(item.status, status, item.reason);
      if (status === 'pass' || outcome.findings) assert.ok(item.evidence.length > 0, `${status} cites its evidence`);
      if (status === 'not-decided') assert.match(item.reason, /^(Not applicable: |No evidence either way: )/);
    });
  }
}

test('with no files and no evidence, no item passes', () => {
  const items = buildChecklist({ root: '/p', rules: [], files: [] }, evidence());
  assert.deepEqual(items.filter((i) => i.status === 'pass').map((i) => i.id), []);
});

test('the Markdown shows each state in words VS Code previews as written', () => {
  const items = buildChecklist(input(['PW101']), evidence({ readmes: ['README.md'] }));
  const markdown = renderChecklistMarkdown('sales', items);
  assert.match(markdown, /^- ❌ Fails — \*\*No hardcoded credentials\*\*$/m);
  assert.match(markdown, /^- ✅ Passes — \*\*Documentation\*\*$/m);
  assert.match(markdown, /^- ❔ Not decided — \*\*Timeouts on network calls\*\*$/m);
  assert.match(markdown, /^1 of 18 items pass on evidence in the code, 2 fail, 15 are not decided/m);
  assert.ok(!/\[[ x]\]/.test(markdown.replace(/\]\(/g, '')), 'no task-list boxes');
});

test('links reach the files from wherever the Markdown is saved', () => {
  const items = buildChecklist(input(['PW101']), evidence());
  assert.match(renderChecklistMarkdown('sales', items, '../sales/'), /\]\(\.\.\/sales\/stage\.py#L2\)/);
  assert.match(renderChecklistMarkdown('sales', items, 'file:///work/sales/'), /\]\(file:\/\/\/work\/sales\/stage\.py#L2\)/);
});
