// A Databricks source notebook open in the editor is read as `pipewise check` reads it: its
// `# MAGIC %sql` cells as SQL. The open document's diagnostics equal the CLI's findings for the
// same text, on opening and after edits that add, change and remove a SQL cell (the tree follows
// the analysis text, not the client's edits); no quick-fix edits a SQL cell.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LspClient } from '../helpers/lsp-client';
import { applyTextEdits, changeEventsOf, createWorkspace, positionAt, REPO_ROOT, startServer, uriOf, type TextEdit } from './support/server';

const NOTEBOOK = `# Databricks notebook source
import requests

# COMMAND ----------

# MAGIC %sql
# MAGIC INSERT INTO sales.orders
# MAGIC SELECT * FROM raw.orders WHERE order_date = current_date()

# COMMAND ----------

rows = requests.get("https://api.example.com/orders").json()
`;

interface SarifLog {
  runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }> }> }>;
}

/** What `pipewise check` reports for the text, as `rule@line:column`. */
function cliFindings(dir: string, text: string): string[] {
  writeFileSync(path.join(dir, 'load.py'), text);
  const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', 'load.py', '--format', 'sarif', '--no-cache'], { cwd: dir, encoding: 'utf8' });
  const results = (JSON.parse(cli.stdout) as SarifLog).runs[0].results;
  return results.map((r) => `${r.ruleId}@${r.locations[0].physicalLocation.region.startLine}:${r.locations[0].physicalLocation.region.startColumn}`).sort();
}

describe('language server: a Databricks notebook reads as in the CLI', () => {
  let client: LspClient;
  let workspace: string;
  let cliDir: string;
  const uriName = 'jobs/load.py';
  let text = NOTEBOOK;
  let version = 1;

  before(async () => {
    workspace = createWorkspace({});
    cliDir = createWorkspace({});
    client = await startServer({ workspace, settings: { lintDelayMs: 0 } });
  });

  after(async () => {
    await client.shutdown();
    rmSync(cliDir, { recursive: true, force: true });
  });

  async function editorFindings(): Promise<string[]> {
    const published = await client.waitForDiagnostics(uriOf(workspace, uriName), version);
    return published.diagnostics.filter((d) => d.source === 'pipewise').map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();
  }

  async function edit(edits: TextEdit[]): Promise<void> {
    const next = applyTextEdits(text, edits);
    version++;
    client.notify('textDocument/didChange', { textDocument: { uri: uriOf(workspace, uriName), version }, contentChanges: changeEventsOf(text, edits) });
    text = next;
  }

  const at = (needle: string, length = 0): TextEdit['range'] => {
    const start = text.indexOf(needle);
    assert.ok(start >= 0, needle);
    return { start: positionAt(text, start), end: positionAt(text, start + length) };
  };

  test('on opening: the %sql cell’s INSERT is PW203, as in the CLI', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri: uriOf(workspace, uriName), languageId: 'python', version, text } });
    const shown = await editorFindings();
    assert.ok(shown.includes('PW203@7:9'), shown.join(', '));
    assert.deepEqual(shown, cliFindings(cliDir, text));
  });

  test('after edits that change, add and remove SQL cells, still the CLI’s findings', async () => {
    // The SQL cell becomes an idempotent MERGE: PW203 goes.
    await edit([{ range: at('INSERT INTO sales.orders', 'INSERT INTO'.length), newText: 'MERGE INTO' }]);
    let shown = await editorFindings();
    assert.deepEqual(shown, cliFindings(cliDir, text));
    // A new SQL cell at the end, typed in the client's usual small steps.
    for (const piece of ['\n# COMMAND ----------\n\n', '# MAGIC %sql\n', '# MAGIC INSERT INTO sales.daily SELECT * FROM raw.daily\n']) {
      await edit([{ range: { start: positionAt(text, text.length), end: positionAt(text, text.length) }, newText: piece }]);
    }
    shown = await editorFindings();
    assert.ok(shown.some((f) => f.startsWith('PW203@')), shown.join(', '));
    assert.deepEqual(shown, cliFindings(cliDir, text));
    // The MAGIC prefix removed from the new cell's first line: it is a comment-only Python cell again.
    await edit([{ range: at('# MAGIC %sql\n# MAGIC INSERT INTO sales.daily', '# MAGIC %sql\n'.length), newText: '' }]);
    shown = await editorFindings();
    assert.deepEqual(shown, cliFindings(cliDir, text));
  });

  test('no quick-fix edits a SQL cell (nor disables a finding there: a comment line would end the cell’s magic)', async () => {
    const uri = uriOf(workspace, uriName);
    const published = await client.waitForDiagnostics(uri, version);
    const sqlLines = new Set(text.split('\n').flatMap((line, i) => (line.startsWith('# MAGIC') ? [i] : [])));
    for (const diagnostic of published.diagnostics) {
      const actions = (await client.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } })) as Array<{ edit?: { changes?: Record<string, Array<{ range: TextEdit['range'] }>>; documentChanges?: Array<{ edits: Array<{ range: TextEdit['range'] }> }> } }> | null;
      for (const action of actions ?? []) {
        const edits = [...Object.values(action.edit?.changes ?? {}).flat(), ...(action.edit?.documentChanges ?? []).flatMap((c) => c.edits ?? [])];
        for (const e of edits) assert.ok(!sqlLines.has(e.range.start.line), `${JSON.stringify(action).slice(0, 300)}`);
      }
    }
  });
});
