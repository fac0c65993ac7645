// Runs the multi-file cases of the cross-file rules (test/workspace/pw*.cases.ts): each flagged
// workspace must produce exactly the expected findings of its rule, each not-flagged one none.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { WorkspaceRuleCases } from './cases';
import { lintFiles } from './helpers';

const files = readdirSync(__dirname).filter((f) => /^pw\d+\.cases\.ts$/.test(f)).sort();

for (const file of files) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cases = (require(path.join(__dirname, file)) as { default: WorkspaceRuleCases }).default;
  describe(`${cases.rule} workspace cases`, () => {
    test('has at least 6 flagged and 6 not-flagged workspaces', () => {
      assert.ok(cases.flagged.length >= 6, `${cases.rule}: ${cases.flagged.length} flagged`);
      assert.ok(cases.notFlagged.length >= 6, `${cases.rule}: ${cases.notFlagged.length} not flagged`);
    });
    for (const c of [...cases.flagged, ...cases.notFlagged]) {
      const flagged = c.expect.length > 0;
      test(`${flagged ? 'flags' : 'does not flag'}: ${c.name}`, async () => {
        const found = await lintFiles(c.files, cases.rule);
        assert.deepEqual(
          found.map((f) => `${f.file}:${f.line}`),
          c.expect,
          found.map((f) => `${f.file}:${f.line} ${f.message}`).join('\n') || '(none)',
        );
        for (const f of found) assert.ok(!/\n/.test(f.message) && f.message.length < 400, 'one-sentence message');
      });
    }
  });
}
