import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALL_RULES } from '../../rules';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { Engine } from '../../server/src/engine/engine';
import { applyEdits, combineFixes, firstSafeFix, fixAll, MAX_FIX_PASSES } from '../../server/src/engine/fixer';
import type { Finding, Fix, TextEdit } from '../../server/src/engine/types';

const edit = (start: number, end: number, newText: string): TextEdit => ({ start, end, newText });
const fix = (title: string, edits: TextEdit[], safe = true, preferred?: boolean): Fix => ({ title, edits, safe, preferred });
const finding = (fixes: Fix[], start = 0): Finding => ({ ruleId: 'PW101', priority: 'P1', message: 'm', start, end: start + 1, fixes, fingerprintText: 'f' });

describe('applyEdits', () => {
  test('applies edits given in any order', () => {
    assert.equal(applyEdits('abcdef', [edit(4, 5, 'E'), edit(0, 1, 'A'), edit(2, 2, '+')]), 'Ab+cdEf');
  });

  test('keeps the given order of insertions at the same offset', () => {
    assert.equal(applyEdits('x', [edit(0, 0, '1'), edit(0, 0, '2')]), '12x');
  });

  test('allows adjacent edits and an insertion at a replacement boundary', () => {
    assert.equal(applyEdits('abcd', [edit(0, 2, 'XY'), edit(2, 4, 'ZW')]), 'XYZW');
    assert.equal(applyEdits('abcd', [edit(1, 3, '-'), edit(3, 3, '+'), edit(1, 1, '^')]), 'a^-+d');
  });

  test('throws on overlapping edits', () => {
    assert.throws(() => applyEdits('abcdef', [edit(0, 3, 'x'), edit(2, 4, 'y')]), /overlapping edits at offset 2/);
    assert.throws(() => applyEdits('abcdef', [edit(1, 4, 'x'), edit(2, 2, 'y')]), /overlapping/);
  });

  test('no edits returns the text unchanged', () => {
    assert.equal(applyEdits('same', []), 'same');
  });
});

describe('combineFixes', () => {
  const importOs = edit(0, 0, 'import os\n');

  test('dedupes identical import insertions from several fixes', () => {
    const a = fix('a', [edit(10, 15, 'os.environ["A"]'), importOs]);
    const b = fix('b', [edit(30, 35, 'os.environ["B"]'), { ...importOs }]);
    const { edits, applied } = combineFixes([a, b]);
    assert.deepEqual(applied, [a, b]);
    assert.equal(edits.filter((e) => e.newText === 'import os\n').length, 1);
    assert.equal(edits.length, 3);
  });

  test('drops a fix that overlaps one chosen before it', () => {
    const first = fix('first', [edit(5, 10, 'x')]);
    const overlapping = fix('overlapping', [edit(8, 12, 'y'), edit(40, 41, 'z')]);
    const later = fix('later', [edit(20, 25, 'w')]);
    const { edits, applied } = combineFixes([first, overlapping, later]);
    assert.deepEqual(applied.map((f) => f.title), ['first', 'later']);
    assert.deepEqual(edits, [edit(5, 10, 'x'), edit(20, 25, 'w')]);
  });

  test('an insertion inside another fix\'s replacement overlaps; one at its edge does not', () => {
    assert.equal(combineFixes([fix('r', [edit(5, 10, 'x')]), fix('inside', [edit(7, 7, 'y')])]).applied.length, 1);
    assert.equal(combineFixes([fix('r', [edit(5, 10, 'x')]), fix('edge', [edit(10, 10, 'y')])]).applied.length, 2);
  });
});

describe('firstSafeFix', () => {
  test('prefers the safe preferred fix, then the first safe one, never an unsafe one', () => {
    const unsafe = fix('unsafe', [], false, true);
    const safe = fix('safe', []);
    const safePreferred = fix('safe preferred', [], true, true);
    assert.equal(firstSafeFix(finding([unsafe, safe, safePreferred])), safePreferred);
    assert.equal(firstSafeFix(finding([unsafe, safe])), safe);
    assert.equal(firstSafeFix(finding([unsafe])), undefined);
    assert.equal(firstSafeFix(finding([])), undefined);
  });
});

describe('fixAll', () => {
  /** A toy rule: every "secret" is a finding fixed by replacing it with "env" and adding a header once. */
  function lintSecrets(text: string): Finding[] {
    const header = text.startsWith('import os\n') ? [] : [edit(0, 0, 'import os\n')];
    return [...text.matchAll(/secret/g)].map((m) => finding([fix('use env', [edit(m.index, m.index + 6, 'env'), ...header])], m.index));
  }

  test('applies every safe fix, merging shared edits, until nothing is left', () => {
    const result = fixAll('a = secret\nb = secret\n', lintSecrets, () => false);
    assert.equal(result.text, 'import os\na = env\nb = env\n');
    assert.equal(result.applied, 2);
    assert.equal(result.passes, 1);
  });

  test('re-lints between passes for fixes that conflicted', () => {
    // Two findings whose fixes overlap: the second is applied in a later pass.
    const lint = (text: string): Finding[] => (text.includes('ab') ? [finding([fix('x', [edit(0, 2, 'X')])]), finding([fix('y', [edit(1, 3, 'Y')])], 1)] : text === 'Xc' ? [finding([fix('z', [edit(1, 2, 'Z')])])] : []);
    const result = fixAll('abc', lint, () => false);
    assert.equal(result.text, 'XZ');
    assert.equal(result.applied, 2);
    assert.equal(result.passes, 2);
  });

  test('discards a pass that breaks the parse', () => {
    const result = fixAll('a = secret\n', lintSecrets, (_before, after) => after.includes('env'));
    assert.equal(result.text, 'a = secret\n');
    assert.equal(result.applied, 0);
  });

  test('stops after MAX_FIX_PASSES when fixes never converge', () => {
    // Each pass yields a new finding (its text differs), so only the pass limit stops it.
    const grow = (text: string): Finding[] => [{ ...finding([fix('grow', [edit(text.length, text.length, 'x')])]), fingerprintText: text }];
    const result = fixAll('x', grow, () => false);
    assert.equal(result.passes, MAX_FIX_PASSES);
    assert.equal(result.text.length, 1 + MAX_FIX_PASSES);
  });

  test('never applies a fix twice to the same finding', () => {
    const result = fixAll('x', (text) => [finding([fix('grow', [edit(text.length, text.length, 'x')])])], () => false);
    assert.equal(result.passes, 1);
    assert.equal(result.text, 'xx');
  });

  test('ignores unsafe fixes', () => {
    const result = fixAll('a', () => [finding([fix('unsafe', [edit(0, 1, 'b')], false)])], () => false);
    assert.deepEqual(result, { text: 'a', applied: 0, passes: 0 });
  });
});

describe('Engine.fix', () => {
  test('two credentials in one file get one `import os`, and a second run changes nothing', async () => {
    const engine = await Engine.create(ALL_RULES);
    try {
      // Logs what it does, so besides the credentials only PW103 reports it (the script connects
      // without a retry), and PW103's fix is unsafe: fix-all leaves it.
      const source =
        'import logging\n\nimport psycopg2\n\nlogger = logging.getLogger(__name__)\n\n' +
        'sales = psycopg2.connect("postgresql://u:Zq7-wombat@db/sales")\nstock = psycopg2.connect("postgresql://u:Zq7-wombat@db/stock")\n' +
        'logger.info("connected to sales and stock")\n';
      assert.deepEqual(engine.lintText('etl.py', source, DEFAULT_CONFIG).map((f) => f.ruleId), ['PW103', 'PW101', 'PW101']);
      const first = engine.fix('etl.py', source, DEFAULT_CONFIG);
      assert.equal(first.text.match(/^import os$/gm)?.length, 1, first.text);
      assert.ok(first.text.includes('os.environ["SALES_DB_URL"]') && first.text.includes('os.environ["STOCK_DB_URL"]'), first.text);
      assert.equal(first.applied, 2);
      assert.deepEqual(engine.lintText('etl.py', first.text, DEFAULT_CONFIG).map((f) => f.ruleId), ['PW103']);
      assert.equal(engine.fix('etl.py', first.text, DEFAULT_CONFIG).text, first.text);
    } finally {
      engine.dispose();
    }
  });
});
