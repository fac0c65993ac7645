// Diagnostics kept from publish to publish are those converting every finding again would make:
// after keystrokes in function bodies, line breaks typed and deleted (every later line moves) and
// new settings, the reused diagnostics' JSON equals toDiagnostic's at the current version.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_RULES } from '../../rules/index';
import { createRandom, generateModule } from '../../bench/latency';
import { resolveConfig } from '../../server/src/engine/config';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { DEFAULT_CLIENT_SETTINGS } from '../../server/src/features/client-settings';
import { DiagnosticReuse } from '../../server/src/features/diagnostic-reuse';
import { OpenDocument } from '../../server/src/features/documents';
import { DocumentLinter } from '../../server/src/features/lint';
import { LiveTextDocument } from '../../server/src/features/live-text-document';
import type { Logger } from '../../server/src/features/logger';
import type { DocumentSettings } from '../../server/src/features/settings';
import { toDiagnostic, type DiagnosticContext } from '../../server/src/features/to-diagnostic';

const silent = () => undefined;
const logger: Logger = { info: silent, warn: silent, error: silent, reportOnce: silent, errorOnce: silent };

test('reused diagnostics equal freshly converted ones after edits that move findings', async () => {
  await initPythonParser();
  const generated = generateModule('stress', 600, 5);
  const uri = 'file:///w/stress.py';
  const doc = new OpenDocument(uri, '/w/stress.py', 'python', new LiveTextDocument(uri, 'python', 1, generated.text));
  const linter = new DocumentLinter(ALL_RULES, logger);
  const settingsA: DocumentSettings = { client: DEFAULT_CLIENT_SETTINGS, config: resolveConfig(undefined, null, null), baseline: null, workspaceRoot: null };
  const settingsB: DocumentSettings = { ...settingsA, client: { ...DEFAULT_CLIENT_SETTINGS, docsBaseUrl: 'https://docs.example.invalid/' } };
  const reuse = new DiagnosticReuse();
  const random = createRandom(9);
  let text = generated.text;
  let reusedCount = 0;
  let lastSlots = new Set<object>();
  let undo: { start: number; end: number; insert: string } | null = null;
  for (let version = 1; version <= 60; version++) {
    if (version > 1) {
      // Pairs that keep the code valid: a character typed in a body then deleted, or a blank line
      // put before the line then taken away (every later line moves).
      let start: number;
      let end: number;
      let insert: string;
      if (undo) {
        ({ start, end, insert } = undo);
        undo = null;
      } else {
        const site = generated.editSites[random(generated.editSites.length)];
        const blankLine = random(2) === 0;
        start = end = blankLine ? text.lastIndexOf('\n', site - 1) + 1 : site;
        insert = blankLine ? '\n' : 'q';
        undo = { start, end: start + insert.length, insert: '' };
      }
      const range = { start: doc.text.positionAt(start), end: doc.text.positionAt(end) };
      doc.applyChanges([{ range, text: insert }], version);
      text = text.slice(0, start) + insert + text.slice(end);
      assert.equal(doc.text.getText(), text);
    }
    const settings = version % 20 === 0 ? settingsB : settingsA;
    const result = linter.lint(doc, settings);
    const context: DiagnosticContext = { document: doc.text, filePath: doc.filePath, config: settings.config, docsUrlOf: (id) => linter.docsUrlOf(id, settings.client.docsBaseUrl), openText: () => undefined };
    reuse.start(settings, context);
    const slots = new Set<object>();
    for (const finding of result.findings) {
      const converted = reuse.diagnosticOf(finding, context);
      const fresh = toDiagnostic(finding, context);
      assert.equal(JSON.stringify(converted?.diagnostic), JSON.stringify(fresh), `version ${version}, ${finding.ruleId} at ${finding.start}`);
      if (converted && lastSlots.has(converted.json)) reusedCount++;
      if (converted) slots.add(converted.json);
    }
    reuse.finish();
    lastSlots = slots;
  }
  // Findings before a blank line keep their lines, and after a typed character nearly all do.
  assert.ok(reusedCount > 500, `diagnostics were reused (${reusedCount})`);
});
