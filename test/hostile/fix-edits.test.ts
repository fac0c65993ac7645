// Issue 12, row 6: every fix of every rule case is a valid LSP edit list. No two edits overlap or
// share an insertion point (standard LSP libraries reject an insertion and a replacement at the
// same position, and applied in the other order they produced a SyntaxError), and applying them
// the way vscode-languageserver-textdocument does, in the order given and reversed, yields the
// same text, which parses no worse than before. The same holds with a byte-order mark in front
// (row 8): insertions go after it.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG, resolveConfig } from '../../server/src/engine/config';
import { detectDialect } from '../../server/src/engine/document';
import type { Finding, TextEdit } from '../../server/src/engine/types';
import { parseMarkers, sharedEngine, type RuleCases } from '../helpers/rule-tester';

const casesDir = path.join(__dirname, '..', 'rules', 'cases');

function allCases(): Array<{ rule: string; name: string; file: string; text: string; options?: Parameters<typeof resolveConfig>[0] }> {
  const out: Array<{ rule: string; name: string; file: string; text: string; options?: Parameters<typeof resolveConfig>[0] }> = [];
  for (const name of readdirSync(casesDir).filter((f) => f.endsWith('.cases.ts')).sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cases = (require(path.join(casesDir, name)) as { default: RuleCases }).default;
    for (const c of [...cases.flagged, ...cases.fixes]) {
      out.push({ rule: cases.rule, name: c.name, file: c.file ?? 'pipeline.py', text: parseMarkers(c.code).text, options: 'options' in c ? c.options : undefined });
    }
  }
  return out;
}

function toLsp(document: TextDocument, edits: readonly TextEdit[]) {
  return edits.map((edit) => ({ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText }));
}

/** Problems with one fix's edits, or [] when they are valid and order-independent. */
async function problemsOf(file: string, text: string, edits: readonly TextEdit[]): Promise<string[]> {
  const problems: string[] = [];
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (b.start < a.end) problems.push(`edits overlap: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
    if (b.start === a.start) problems.push(`edits share an insertion point: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
  }
  if (problems.length) return problems;
  const document = TextDocument.create('file:///x', 'python', 1, text);
  const forward = TextDocument.applyEdits(document, toLsp(document, edits));
  const backward = TextDocument.applyEdits(document, toLsp(document, [...edits].reverse()));
  if (forward !== backward) problems.push('the result depends on the order of the edits');
  const dialect = detectDialect(file);
  if (dialect) {
    const engine = await sharedEngine();
    const before = engine.parseErrors(file, dialect, text);
    if (engine.parseErrors(file, dialect, forward) > before) problems.push(`the fixed text does not parse:\n${forward}`);
  }
  return problems;
}

describe('fix edits are valid LSP edits (issue 12, rows 6 and 8)', () => {
  test('every fix of every rule case, with and without a byte-order mark', async () => {
    const engine = await sharedEngine();
    const failures: string[] = [];
    let fixes = 0;
    for (const c of allCases()) {
      const config = c.options ? resolveConfig(c.options, null, null) : DEFAULT_CONFIG;
      for (const text of [c.text, `\uFEFF${c.text}`]) {
        const findings: Finding[] = engine.lintText(c.file, text, config);
        for (const finding of findings) {
          for (const fix of finding.fixes) {
            fixes++;
            const problems = await problemsOf(c.file, text, fix.edits);
            if (text.startsWith('\uFEFF') && fix.edits.some((edit) => edit.start === 0)) problems.push('an edit at offset 0 goes before the byte-order mark');
            if (problems.length) failures.push(`${c.rule} ${c.name}${text.startsWith('\uFEFF') ? ' (BOM)' : ''}: ${fix.title}\n  ${problems.join('\n  ')}`);
          }
        }
      }
    }
    assert.ok(fixes > 200, `only ${fixes} fixes checked`);
    assert.deepEqual(failures, []);
  });

  test('the PW204 fix that inserts the logger where the first print() starts is one edit there', async () => {
    const engine = await sharedEngine();
    const text = 'import pandas as pd\nprint("start")\ndf = pd.read_csv("in.csv")\ndf.to_parquet("out.parquet")\n';
    const fix = engine.lintText('stage.py', text, DEFAULT_CONFIG).find((f) => f.ruleId === 'PW204')?.fixes[0];
    assert.ok(fix, 'PW204 offers its fix');
    assert.deepEqual(await problemsOf('stage.py', text, fix.edits), []);
    const document = TextDocument.create('file:///x', 'python', 1, text);
    const fixed = TextDocument.applyEdits(document, toLsp(document, fix.edits));
    assert.equal(fixed, 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\nlogger.info("start")\ndf = pd.read_csv("in.csv")\ndf.to_parquet("out.parquet")\n');
  });
});
