// The editor shows what `pipewise check` finds for the whole workspace, without opening a file:
// after the background scan, every file's diagnostics (its own findings and the workspace rules')
// equal the CLI's findings for it, and their total (the status bar's count) equals the CLI's.
// Positions are compared in each file's own coordinates, as SARIF gives them: a notebook not open
// in the notebook editor is its .ipynb JSON file.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LspClient, PublishedDiagnostics } from '../helpers/lsp-client';
import { createWorkspace, REPO_ROOT, startServer } from './support/server';

interface SarifResult {
  ruleId: string;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>;
}

function describeCli(results: readonly SarifResult[]): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const result of results) {
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    byFile.set(artifactLocation.uri, [...(byFile.get(artifactLocation.uri) ?? []), `${result.ruleId}@${region.startLine}:${region.startColumn}`]);
  }
  for (const list of byFile.values()) list.sort();
  return byFile;
}

/** The latest Pipewise diagnostics of every URI, as `file → rule@line:column`, the status bar's way of counting. */
function describeEditor(client: LspClient, workspace: string): Map<string, string[]> {
  const latest = new Map<string, PublishedDiagnostics>();
  for (const n of client.notifications) if (n.method === 'textDocument/publishDiagnostics') latest.set((n.params as PublishedDiagnostics).uri, n.params as PublishedDiagnostics);
  const byFile = new Map<string, string[]>();
  for (const [uri, published] of latest) {
    const shown = published.diagnostics.filter((d) => d.source === 'pipewise');
    if (!shown.length) continue;
    const file = path.relative(workspace, fileURLToPath(uri)).split(path.sep).join('/');
    byFile.set(file, shown.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort());
  }
  return byFile;
}

const total = (byFile: Map<string, string[]>) => [...byFile.values()].reduce((sum, list) => sum + list.length, 0);

describe('language server: the same findings as the CLI for files not opened', () => {
  const clients: LspClient[] = [];
  const dirs: string[] = [];

  after(async () => {
    for (const client of clients) await client.shutdown();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  for (const example of ['sales_etl', 'orders_airflow']) {
    it(`examples/${example}: every file's diagnostics and the total equal pipewise check`, async () => {
      const workspace = createWorkspace();
      dirs.push(workspace);
      cpSync(path.join(REPO_ROOT, 'examples', example), workspace, { recursive: true });
      const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', '.', '--format', 'sarif'], { cwd: workspace, encoding: 'utf8' });
      const expected = describeCli((JSON.parse(cli.stdout) as { runs: Array<{ results: SarifResult[] }> }).runs[0].results);
      assert.ok(total(expected) > 0, `the CLI finds something in ${example}: ${cli.stderr}`);

      // Default settings: nothing is opened.
      const client = await startServer({ workspace, settings: {} });
      clients.push(client);
      const deadline = Date.now() + 30_000;
      let lastCount = -1;
      let quietSince = Date.now();
      // Until the total is the CLI's and nothing more arrives for a second (or the deadline).
      while (Date.now() < deadline) {
        const count = client.notifications.length;
        if (count !== lastCount) {
          lastCount = count;
          quietSince = Date.now();
        } else if (Date.now() - quietSince > 1_000 && total(describeEditor(client, workspace)) === total(expected)) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const editor = describeEditor(client, workspace);
      assert.deepEqual(Object.fromEntries([...editor].sort()), Object.fromEntries([...expected].sort()));
      assert.equal(total(editor), total(expected), 'the status bar count equals the CLI count');
    });
  }
});
