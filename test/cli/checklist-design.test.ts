// `pipewise checklist` decides items from evidence: on the reference example the credential,
// idempotency and incremental items are unticked with links to their findings; once Pipewise's
// own fixes for those findings are applied, the same items are ticked. `pipewise design`
// renders the document from an answers file and rejects bad answers with every problem listed.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { applyEdits } from '../../server/src/engine/fixer';
import { sharedEngine } from '../helpers/rule-tester';
import { ensureBuilt, makeProject, parseJson, REPO, removeProject, runCli } from './helpers';

interface ChecklistJson {
  items: Array<{ id: string; status: 'pass' | 'fail' | 'not-decided'; evidence: Array<{ path: string; line?: number; text: string }> }>;
}

const EXAMPLE = path.join(REPO, 'examples', 'sales_etl');
const DECIDED_BY_FIXES: Record<string, string> = { credentials: 'PW101', idempotency: 'PW203', incremental: 'PW104' };

function exampleFiles(): Record<string, string> {
  // The pipeline's own files (its notebooks/ folder is not part of this pipeline's checklist).
  return Object.fromEntries(readdirSync(EXAMPLE, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => [entry.name, readFileSync(path.join(EXAMPLE, entry.name), 'utf8')]));
}

function checklist(dir: string): ChecklistJson {
  const result = runCli(['checklist', '.', '--format', 'json'], dir);
  assert.equal(result.status, 0, result.stderr);
  return parseJson<ChecklistJson>(result.stdout);
}

describe('checklist', () => {
  let original: string;
  let fixed: string;
  before(async () => {
    ensureBuilt();
    original = makeProject(exampleFiles());
    fixed = makeProject(exampleFiles());
    const engine = await sharedEngine();
    // Apply the preferred fix of every PW101/PW203/PW104 finding, as a user pressing Ctrl+. would.
    for (const name of readdirSync(fixed)) {
      const file = path.join(fixed, name);
      let text = readFileSync(file, 'utf8');
      for (let pass = 0; pass < 5; pass++) {
        const finding = engine.lintText(name, text, DEFAULT_CONFIG).find((f) => Object.values(DECIDED_BY_FIXES).includes(f.ruleId) && f.fixes.length > 0);
        if (!finding) break;
        text = applyEdits(text, (finding.fixes.find((f) => f.preferred) ?? finding.fixes[0]).edits);
      }
      writeFileSync(file, text);
    }
  });
  after(() => {
    removeProject(original);
    removeProject(fixed);
  });

  test('leaves credentials, idempotency and incremental unticked on the example, linked to the findings', () => {
    const items = checklist(original).items;
    for (const [id, rule] of Object.entries(DECIDED_BY_FIXES)) {
      const item = items.find((i) => i.id === id);
      assert.equal(item?.status, 'fail', id);
      assert.ok(item.evidence.some((e) => e.text.startsWith(`${rule}:`) && typeof e.line === 'number'), `${id} links its ${rule} finding`);
    }
  });

  test('ticks them once the example is fixed with Pipewise fixes', () => {
    const items = checklist(fixed).items;
    for (const id of Object.keys(DECIDED_BY_FIXES)) assert.equal(items.find((i) => i.id === id)?.status, 'pass', id);
  });

  test('marks what code cannot show as not decided, in Markdown VS Code previews as written', () => {
    const result = runCli(['checklist', '.'], original);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^# Production-readiness checklist: /m);
    assert.match(result.stdout, /^- ❔ Not decided — \*\*Backfill procedure documented\*\*\n {2}No evidence either way: no backfill or re-run procedure was found in the docs; write down how to re-run a date range\.$/m);
    assert.ok(!/- \[[ x]\] /.test(result.stdout), 'no task-list syntax (GitHub-only)');
    assert.match(result.stdout, /\[extract\.py:\d+\]\(extract\.py#L\d+\) PW101: /);
    assert.ok(!result.stdout.includes('user:pass'), 'no secret in the checklist');
  });
});

describe('design', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeProject({
      'answers.yaml': readFileSync(path.join(REPO, 'test', 'design', 'fixtures', 'kafka-snowflake.yaml'), 'utf8'),
      'bad.yaml': 'name: ""\nsources:\n  - type: kafka-ish\n    name: events\n',
    });
  });
  after(() => removeProject(dir));

  test('renders the document from an answers file', () => {
    const result = runCli(['design', '--answers', 'answers.yaml'], dir);
    assert.equal(result.status, 0, result.stderr);
    for (const heading of ['## Architecture', '## Data flow', '## Risks and mitigations', '## Estimated monthly cost', '## Implementation plan']) {
      assert.ok(result.stdout.includes(heading), heading);
    }
  });

  test('writes --out atomically and emits JSON on request', () => {
    const result = runCli(['design', '--answers', 'answers.yaml', '--format', 'json', '--out', 'design.json'], dir);
    assert.equal(result.status, 0, result.stderr);
    const design = JSON.parse(readFileSync(path.join(dir, 'design.json'), 'utf8')) as Record<string, unknown>;
    assert.ok(Object.keys(design).length > 0);
  });

  test('lists every problem of invalid answers and exits 2', () => {
    const result = runCli(['design', '--answers', 'bad.yaml'], dir);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown source type "kafka-ish"; accepted: database, rest-api, files, object-storage, stream/);
    assert.ok(result.stderr.trim().split('\n').length >= 2, 'more than one problem reported');
  });

  test('requires --answers', () => {
    const result = runCli(['design'], dir);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--answers/);
  });
});
