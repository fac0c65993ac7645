// The report requests over stdio against the bundled server, on a copy of examples/sales_etl:
// the review, the checklist, the design (valid and invalid answers) and the design hints.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { DesignHintsResult, GenerateChecklistResult, GenerateDesignResult, InvalidAnswersData, ReviewPipelineResult } from '../../server/src/features/report-protocol';
import { LspResponseError, type LspClient } from '../helpers/lsp-client';
import { REPO_ROOT, startServer, uriOf } from './support/server';

const INVALID_PARAMS = -32602;
const KAFKA_ANSWERS: unknown = parseYaml(readFileSync(path.join(REPO_ROOT, 'test', 'design', 'fixtures', 'kafka-snowflake.yaml'), 'utf8'));

describe('language server: report requests', () => {
  let client: LspClient;
  let workspace: string;
  let folderUri: string;

  before(async () => {
    workspace = path.join(mkdtempSync(path.join(os.tmpdir(), 'pipewise-reports-')), 'sales_etl');
    cpSync(path.join(REPO_ROOT, 'examples', 'sales_etl'), workspace, { recursive: true });
    folderUri = pathToFileURL(workspace).toString();
    client = await startServer({ workspace, settings: { lintDelayMs: 0 } });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  it('reviews the folder like `pipewise review --format markdown`', async () => {
    const result = await client.request<ReviewPipelineResult>('pipewise/reviewPipeline', { folderUri }, 30_000);
    assert.match(result.markdown, /^# Pipeline review: sales_etl$/m);
    assert.match(result.markdown, /^## P1 /m);
    assert.match(result.markdown, /^### PW101 /m);
    assert.ok(result.summary.P1 > 0);
    assert.equal(result.summary.total, result.summary.P1 + result.summary.P2 + result.summary.P3);
    // extract, transform, load, pipeline.yaml and the notebook notebooks/backfill_orders.ipynb.
    assert.equal(result.summary.files, 5);
    assert.match(result.markdown, /^### PW101 Hardcoded credential — notebooks\/backfill_orders\.ipynb:cell 3:1$/m);
    const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'review', '.', '--format', 'markdown'], { cwd: workspace, encoding: 'utf8' });
    // The same review, links relative to the folder: the editor shows it as an untitled document named
    // in the folder, and VS Code's preview renders no `file:` links.
    assert.equal(result.markdown, cli.stdout);
    assert.match(result.markdown, /\]\(extract\.py#L\d+\)/);
  });

  it('keeps publishing diagnostics while a report is made', async () => {
    const uri = uriOf(workspace, 'extract.py');
    const review = client.request<ReviewPipelineResult>('pipewise/reviewPipeline', { folderUri }, 30_000);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: readFileSync(path.join(workspace, 'extract.py'), 'utf8') } });
    const published = await client.waitForDiagnostics(uri, 1, 30_000);
    assert.ok(published.diagnostics.some((d) => d.code === 'PW101'));
    await review;
  });

  it('generates the checklist with the credential item failing', async () => {
    const { markdown } = await client.request<GenerateChecklistResult>('pipewise/generateChecklist', { folderUri }, 30_000);
    assert.match(markdown, /^# Production-readiness checklist: sales_etl$/m);
    assert.match(markdown, /^- ❌ Fails — \*\*No hardcoded credentials\*\*$/m);
    assert.match(markdown, /extract\.py:6/);
  });

  it('generates the design for the Kafka to Snowflake answers', async () => {
    const result = await client.request<GenerateDesignResult>('pipewise/generateDesign', { answers: KAFKA_ANSWERS }, 30_000);
    assert.match(result.markdown, /^# Pipeline design: Customer events to Snowflake$/m);
    assert.match(result.markdown, /^## Architecture$/m);
    assert.match(result.markdown, /^## Risks and mitigations$/m);
    assert.equal((JSON.parse(result.json) as { name: string }).name, 'Customer events to Snowflake');
  });

  it('answers invalid design answers with every problem', async () => {
    const answers = { name: '', sources: [{ type: 'kafka-ish', name: 'events' }], destination: 'snowflake', latency: 'batch', sorces: [] };
    const error = await client.request('pipewise/generateDesign', { answers }, 30_000).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof LspResponseError, String(error));
    assert.equal(error.code, INVALID_PARAMS);
    const paths = (error.data as InvalidAnswersData).problems.map((p) => p.path).sort();
    assert.deepEqual(paths, ['name', 'sorces', 'sources[0].type']);
  });

  it('pre-fills design hints from what the folder shows', async () => {
    const hints = await client.request<DesignHintsResult>('pipewise/designHints', { folderUri }, 30_000);
    assert.equal(hints.name, 'sales_etl');
    assert.equal(hints.schedule, '0 2 * * *');
    assert.deepEqual(hints.sources?.map((s) => [s.type, s.name, s.system]), [['database', 'orders', 'postgres']]);
    assert.equal(hints.destination?.type, 'bigquery');
  });

  it('fills the design from the folder when the answers leave things out', async () => {
    const result = await client.request<GenerateDesignResult>('pipewise/generateDesign', { answers: {}, folderUri }, 30_000);
    assert.match(result.markdown, /^# Pipeline design: sales_etl$/m);
    assert.match(result.markdown, /From the workspace/);
  });

  it('rejects a folder that does not exist', async () => {
    const missing = pathToFileURL(path.join(workspace, 'nope')).toString();
    const error = await client.request('pipewise/reviewPipeline', { folderUri: missing }).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof LspResponseError);
    assert.equal(error.code, INVALID_PARAMS);
    assert.equal(client.isRunning, true);
  });
});
