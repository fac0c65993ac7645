// Committed fixture workspaces (test/fixtures/workspaces/<name>/ with an expected.json of the
// workspace rules' findings: rule, file, line), and the bundled example examples/sales_etl.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { lintWorkspace } from '../../server/src/engine/workspace/lint-workspace';
import { ALL_RULES } from '../../rules';
import { locate, scan } from './helpers';

const WORKSPACE_RULES = new Set(ALL_RULES.filter((r) => r.checkWorkspace && !r.check).map((r) => r.meta.id));
const fixtures = path.join(__dirname, '..', 'fixtures', 'workspaces');

async function findings(dir: string): Promise<Array<{ rule: string; file: string; line: number }>> {
  const model = await scan(dir);
  return locate(model, lintWorkspace(model, ALL_RULES, DEFAULT_CONFIG))
    .filter((f) => WORKSPACE_RULES.has(f.rule) && /^PW(105|205|30[123]|405)$/.test(f.rule))
    .map(({ rule, file, line }) => ({ rule, file, line }));
}

/** The fixtures of the cross-file data-flow and project rules (others in the folder belong to the PW40x config rules). */
const NAMES = ['orders-misordered', 'sales-etl-hardened'];

for (const name of NAMES.filter((n) => readdirSync(fixtures).includes(n))) {
  test(`fixture workspace ${name} matches expected.json`, async () => {
    const dir = path.join(fixtures, name);
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Array<{ rule: string; file: string; line: number }>;
    assert.deepEqual(await findings(dir), expected);
  });
}

test('examples/sales_etl: the reference review\'s cross-file findings', async () => {
  const found = await findings(path.join(__dirname, '..', '..', 'examples', 'sales_etl'));
  assert.deepEqual(found, [
    { rule: 'PW205', file: 'extract.py', line: 8 },
    { rule: 'PW105', file: 'load.py', line: 6 },
    { rule: 'PW301', file: 'pipeline.yaml', line: 3 },
    { rule: 'PW302', file: 'pipeline.yaml', line: 3 },
    { rule: 'PW303', file: 'pipeline.yaml', line: 3 },
    { rule: 'PW105', file: 'transform.py', line: 5 },
    { rule: 'PW205', file: 'transform.py', line: 14 },
  ]);
});
