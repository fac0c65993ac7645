// Parity between the rule registry, the rule files, their doc pages, their test cases and the
// README's rule index (in the spirit of ESLint's checkRuleFiles).

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../rules';
import { docFileName } from '../server/src/engine/types';
import type { RuleCases } from './helpers/rule-tester';

const root = path.join(__dirname, '..');
const DOC_SECTIONS = ['## What it does', '## Why it hurts a pipeline', '## Example', '## Use instead', '## Fix'];

test('rule ids are unique, well-formed and sorted', () => {
  const ids = ALL_RULES.map((r) => r.meta.id);
  assert.deepEqual(ids, [...new Set(ids)].sort());
  for (const { meta } of ALL_RULES) {
    assert.match(meta.id, /^PW\d{3}$/);
    assert.match(meta.slug, /^[a-z]+(-[a-z]+)*$/);
  }
});

test('every rule module in rules/ (a file, or a folder with an index) is registered', () => {
  const rulesDir = path.join(root, 'rules');
  const modules = readdirSync(rulesDir, { withFileTypes: true })
    .filter((e) => /^PW\d{3}-/.test(e.name) && (e.isDirectory() ? existsSync(path.join(rulesDir, e.name, 'index.ts')) : e.name.endsWith('.ts')))
    .map((e) => e.name.replace(/\.ts$/, ''));
  const registered = ALL_RULES.map((r) => `${r.meta.id}-${r.meta.slug}`);
  assert.deepEqual(modules.sort(), registered.sort());
});

for (const rule of ALL_RULES) {
  const { meta } = rule;
  test(`${meta.id} has a doc page with the standard sections`, () => {
    const file = path.join(root, 'rules', docFileName(meta));
    assert.ok(existsSync(file), `missing ${file}`);
    const doc = readFileSync(file, 'utf8');
    assert.ok(doc.startsWith(`# ${meta.id} — ${meta.slug}`), 'doc title must be "# <ID> — <slug>"');
    for (const section of DOC_SECTIONS) assert.ok(doc.includes(section), `${docFileName(meta)} lacks "${section}"`);
  });

  test(`${meta.id} has data-driven test cases`, () => {
    const file = path.join(root, 'test', 'rules', 'cases', `${meta.id}-${meta.slug}.cases.ts`);
    assert.ok(existsSync(file), `missing ${file}`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cases = (require(file) as { default: RuleCases & { workspace?: boolean; workspaceCases?: string } }).default;
    assert.equal(cases.rule, meta.id);
    if (cases.workspace) {
      // Cross-file rules are tested on multi-file workspaces (test/workspace/): at least 6 each way.
      assert.ok(rule.checkWorkspace, `${meta.id} is marked workspace but has no checkWorkspace`);
      const workspaceFile = path.join(root, cases.workspaceCases ?? '');
      assert.ok(existsSync(workspaceFile), `missing ${workspaceFile}`);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const workspaceModule = require(workspaceFile) as { default: { rule: string; flagged: unknown[]; notFlagged: unknown[] } | Array<{ rule: string; flagged: unknown[]; notFlagged: unknown[] }> };
      const all = Array.isArray(workspaceModule.default) ? workspaceModule.default : [workspaceModule.default];
      const mine = all.find((c) => c.rule === meta.id);
      assert.ok(mine, `${cases.workspaceCases} has no cases for ${meta.id}`);
      assert.ok(mine.flagged.length >= 6, `${meta.id}: at least 6 flagged workspaces`);
      assert.ok(mine.notFlagged.length >= 6, `${meta.id}: at least 6 not-flagged workspaces`);
      return;
    }
    assert.ok(cases.flagged.length >= 15, `${meta.id}: at least 15 flagged cases`);
    assert.ok(cases.notFlagged.length >= 15, `${meta.id}: at least 15 not-flagged cases`);
    if (meta.fixable) assert.ok(cases.fixes.length > 0, `${meta.id} is fixable but has no fix cases`);
  });

  test(`${meta.id} is listed in the README rule index`, () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.ok(readme.includes(`[${meta.id}](rules/${docFileName(meta)})`), `README lacks a link to ${docFileName(meta)}`);
  });
}

test('README rule index is generated from the registry (npm run docs:rules)', async () => {
  const { updateReadme } = await import('../scripts/rule-index');
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.equal(readme, updateReadme(readme), 'run `npm run docs:rules` to refresh the README rule index');
});
