import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { analyzeNonPython } from '../../server/src/engine/document';
import { lintDocument } from '../../server/src/engine/linter';
import { isSuppressed, isSuppressedAt, parseFileSuppressions, parseSuppressions } from '../../server/src/engine/suppression';
import { LineIndex } from '../../server/src/engine/line-index';
import type { Rule } from '../../server/src/engine/types';

function suppressed(text: string, ruleId: string, line: number): boolean {
  return isSuppressed(parseSuppressions(text), ruleId, line);
}

/** A rule that reports every line containing "flag" (for end-to-end suppression through the linter). */
function flagRule(id: string): Rule {
  return {
    meta: { id, slug: `flag-${id.toLowerCase()}`, title: 'Flag', priority: 'P2', dialects: ['yaml', 'dotenv', 'ini'], rationale: '', recommendation: '', fixable: false },
    check(ctx) {
      for (const match of ctx.doc.text.matchAll(/flag/g)) ctx.report({ start: match.index, end: match.index + 4, message: 'flagged' });
    },
  };
}

describe('suppression comments', () => {
  test('end of line suppresses that line only', () => {
    const text = 'a = 1  # pipewise: ignore[PW101]\nb = 2\n';
    assert.equal(suppressed(text, 'PW101', 0), true);
    assert.equal(suppressed(text, 'PW101', 1), false);
    assert.equal(suppressed(text, 'PW203', 0), false);
  });

  test('a comment alone on a line suppresses the next line', () => {
    const text = 'x = 0\n    # pipewise: ignore[PW101]\na = 1\nb = 2\n';
    assert.equal(suppressed(text, 'PW101', 2), true);
    assert.equal(suppressed(text, 'PW101', 3), false);
    assert.equal(suppressed(text, 'PW101', 0), false);
  });

  test('several ids, with or without spaces', () => {
    const text = 'a = 1  # pipewise: ignore[PW101, PW203,PW204]\n';
    for (const id of ['PW101', 'PW203', 'PW204']) assert.equal(suppressed(text, id, 0), true, id);
    assert.equal(suppressed(text, 'PW102', 0), false);
  });

  test('`ignore` without ids suppresses every rule; `ignored` is not a directive', () => {
    assert.equal(suppressed('a = 1  # pipewise: ignore\n', 'PW999', 0), true);
    assert.equal(suppressed('a = 1  # pipewise: ignored[PW101]\n', 'PW101', 0), false);
    assert.equal(suppressed('a = 1  # pipewise ignore[PW101]\n', 'PW101', 0), false);
  });

  test('ignore-file counts only within the first 10 lines', () => {
    const header = (at: number) => `${'x = 1\n'.repeat(at)}# pipewise: ignore-file[PW304]\n${'y = 2\n'.repeat(20)}`;
    assert.equal(suppressed(header(0), 'PW304', 25), true);
    assert.equal(suppressed(header(9), 'PW304', 25), true, 'line 10 (index 9) still counts');
    assert.equal(suppressed(header(10), 'PW304', 25), false, 'line 11 is too late');
    assert.equal(suppressed(header(0), 'PW101', 25), false);
    assert.equal(suppressed('# pipewise: ignore-file\nx = 1\n', 'PW101', 1), true);
  });

  test('works with CRLF line breaks and INI `;` comments', () => {
    const text = 'a = 1\r\n; pipewise: ignore[PW101]\r\npassword = x\r\n';
    assert.equal(suppressed(text, 'PW101', 2), true);
    assert.equal(suppressed(text, 'PW101', 0), false);
  });

  // Engine bug (reported): parseSuppressions counts lines by '\n' only while LineIndex also breaks
  // on a lone '\r', so in CR-only files the directive lands on the wrong line.
  test('works with CR-only line breaks', () => {
    assert.equal(suppressed('a = 1\rpassword = x  # pipewise: ignore[PW101]\r', 'PW101', 1), true);
  });

  test('the linter drops suppressed findings in YAML, .env and INI documents', () => {
    const rules = [flagRule('PW101'), flagRule('PW203')];
    const yaml = analyzeNonPython('pipeline.yaml', 'yaml', 'a: flag  # pipewise: ignore[PW101]\n# pipewise: ignore[PW203]\nb: flag\nc: flag\n');
    const found = lintDocument(yaml, rules, DEFAULT_CONFIG).map((f) => `${f.ruleId}@${yaml.lines.positionAt(f.start).line}`);
    assert.deepEqual(found.sort(), ['PW101@2', 'PW101@3', 'PW203@0', 'PW203@3']);

    const env = analyzeNonPython('.env', 'dotenv', '# pipewise: ignore-file[PW203]\nA=flag\n');
    assert.deepEqual(lintDocument(env, rules, DEFAULT_CONFIG).map((f) => f.ruleId), ['PW101']);
  });

  test('the per-finding check the linter uses decides like the whole-text parse, at every offset', () => {
    const texts = [
      'a = 1  # pipewise: ignore[PW101]\nb = 2\n',
      '# pipewise: ignore[PW101, PW203]\npassword = "x"\n\n# pipewise: ignore\nc = 3\nd = 4  # pipewise: ignore[PW304]\n',
      'a = 1\r\n; pipewise: ignore[PW101]\r\npassword = x\r\n',
      'a = 1\rpassword = x  # pipewise: ignore[PW101]\r\rb = 2 # pipewise: ignore\r',
      '"""Doc."""\n# pipewise: ignore-file[PW203]\nx = 1  # pipewise: ignore[PW101] # pipewise: ignore[PW102]\n',
      `${'x = 1\n'.repeat(10)}# pipewise: ignore-file\ny = 2\n`,
      'x = "# pipewise: ignore[PW101]"\ny = 1\n\n',
      '',
    ];
    for (const text of texts) {
      const whole = parseSuppressions(text);
      const file = parseFileSuppressions(text);
      const lines = new LineIndex(text);
      for (let offset = 0; offset <= text.length; offset++) {
        for (const ruleId of ['PW101', 'PW102', 'PW203', 'PW304']) {
          const expected = isSuppressed(whole, ruleId, lines.positionAt(offset).line);
          assert.equal(isSuppressedAt(text, offset, ruleId, file), expected, `${JSON.stringify(text)} at ${offset} for ${ruleId}`);
        }
      }
    }
  });
});

