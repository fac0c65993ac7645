// Editing help for pipeline configs over stdio: go to a step's script, the schedule in words with
// its next runs (pipeline.yaml and Airflow DAGs), key completion in steps and at the top level,
// and the pipeline's outline. Plus the line-based key context completion relies on.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { keyContext } from '../../server/src/features/yaml-pipeline';
import type { LspClient } from '../helpers/lsp-client';
import { createWorkspace, REPO_ROOT, startServer, uriOf } from './support/server';

interface Hover {
  contents: { kind: string; value: string };
  range?: { start: { line: number; character: number } };
}

interface CompletionItem {
  label: string;
  documentation?: { value: string };
  insertText?: string;
}

interface DocumentSymbol {
  name: string;
  kind: number;
  detail?: string;
  children?: DocumentSymbol[];
}

const SYMBOL_KIND = { Module: 2, Function: 12, Event: 24 };
const ISO_UTC = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g;

const DAG = [
  'from datetime import datetime',
  'from airflow import DAG',
  'from airflow.operators.bash import BashOperator',
  '',
  'with DAG("sales", schedule="30 6 * * 1-5", start_date=datetime(2024, 1, 1), catchup=False) as dag:',
  '    extract = BashOperator(task_id="extract", bash_command="python extract.py", retries=2)',
  '',
].join('\n');

function exampleFiles(): Record<string, string> {
  const dir = path.join(REPO_ROOT, 'examples', 'sales_etl');
  const files: Record<string, string> = { 'dags/sales_dag.py': DAG };
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isFile()) files[entry.name] = readFileSync(path.join(dir, entry.name), 'utf8');
  return files;
}

describe('language server: pipeline config editing', () => {
  let client: LspClient;
  let workspace: string;
  let configUri: string;
  let configText: string;
  let version = 1;

  before(async () => {
    workspace = createWorkspace(exampleFiles());
    client = await startServer({ workspace, settings: { lintDelayMs: 0 } });
    configUri = uriOf(workspace, 'pipeline.yaml');
    configText = readFileSync(path.join(workspace, 'pipeline.yaml'), 'utf8');
    client.notify('textDocument/didOpen', { textDocument: { uri: configUri, languageId: 'yaml', version, text: configText } });
    await client.waitForDiagnostics(configUri, version);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
    rmSync(workspace, { recursive: true, force: true });
  });

  function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
    const offset = text.indexOf(needle) + delta;
    assert.ok(offset >= delta, `${needle} in the text`);
    const before = text.slice(0, offset);
    return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
  }

  function setText(text: string): void {
    version++;
    configText = text;
    client.notify('textDocument/didChange', { textDocument: { uri: configUri, version }, contentChanges: [{ text }] });
  }

  it('advertises definition, document symbols and completion', () => {
    const caps = client.serverCapabilities;
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.documentSymbolProvider, true);
    assert.ok(caps.completionProvider);
    assert.equal(caps.hoverProvider, true);
  });

  it('goes from a step script to the script file', async () => {
    const locations = await client.request<Array<{ uri: string; range: { start: { line: number; character: number } } }>>('textDocument/definition', {
      textDocument: { uri: configUri },
      position: positionOf(configText, 'extract.py', 3),
    });
    assert.equal(locations.length, 1);
    assert.equal(locations[0].uri, uriOf(workspace, 'extract.py'));
    assert.deepEqual(locations[0].range.start, { line: 0, character: 0 });
    const elsewhere = await client.request('textDocument/definition', { textDocument: { uri: configUri }, position: positionOf(configText, 'name: sales_etl') });
    assert.equal(elsewhere, null);
  });

  it('explains the schedule with its next three runs', async () => {
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: configUri }, position: positionOf(configText, '0 2 * * *', 2) });
    assert.ok(hover, 'a hover on the schedule');
    assert.match(hover.contents.value, /At 02:00/);
    const runs = hover.contents.value.match(ISO_UTC) ?? [];
    assert.equal(runs.length, 3, hover.contents.value);
    const dates = runs.map((run) => new Date(run));
    assert.ok(dates.every((date) => date.getUTCHours() === 2 && date.getUTCMinutes() === 0));
    assert.ok(dates[0].getTime() > Date.now() - 1000 && dates[0].getTime() <= Date.now() + 24 * 3600_000);
  });

  it('says why an invalid schedule is invalid', async () => {
    setText(configText.replace('"0 2 * * *"', '"0 25 * * *"'));
    await client.waitForDiagnostics(configUri, version);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: configUri }, position: positionOf(configText, '0 25 * * *', 2) });
    assert.match(String(hover?.contents.value), /Invalid schedule/);
    assert.match(String(hover?.contents.value), /hour 25 is out of range 0-23/);
    assert.match(String(hover?.contents.value), /PW401/, 'the finding is explained too');
    setText(configText.replace('"0 25 * * *"', '"0 2 * * *"'));
    await client.waitForDiagnostics(configUri, version);
  });

  it('explains an Airflow DAG schedule', async () => {
    const uri = uriOf(workspace, 'dags/sales_dag.py');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: DAG } });
    await client.waitForDiagnostics(uri, 1);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(DAG, '30 6 * * 1-5', 1) });
    assert.match(String(hover?.contents.value), /06:30/);
    assert.match(String(hover?.contents.value), /Monday through Friday/);
    assert.equal((String(hover?.contents.value).match(ISO_UTC) ?? []).length, 3);
  });

  it('completes step keys inside a step', async () => {
    const text = configText.replace('    script: load.py\n', '    script: load.py\n    re\n');
    setText(text);
    await client.waitForDiagnostics(configUri, version);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: configUri }, position: positionOf(text, '    re\n', 6) });
    const labels = items.map((item) => item.label);
    for (const key of ['retries', 'retry_delay_seconds', 'timeout_minutes', 'depends_on', 'inputs', 'outputs']) assert.ok(labels.includes(key), `${key} in ${labels}`);
    assert.ok(!labels.includes('name') && !labels.includes('script'), 'keys the step has are not offered again');
    assert.ok(!labels.includes('schedule'), 'no top-level keys in a step');
    assert.match(String(items.find((item) => item.label === 'retries')?.documentation?.value), /retried/);
  });

  it('completes top-level keys at the top level', async () => {
    const text = `${configText.replace('    re\n', '')}de`;
    setText(text);
    await client.waitForDiagnostics(configUri, version);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: configUri }, position: positionOf(text, '\nde', 3) });
    const labels = items.map((item) => item.label);
    assert.deepEqual(labels, ['defaults'], 'name, schedule and steps are already there');
    setText(text.slice(0, -2));
    await client.waitForDiagnostics(configUri, version);
  });

  it('outlines the pipeline with its schedule and steps', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: configUri } });
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].name, 'sales_etl');
    assert.equal(symbols[0].kind, SYMBOL_KIND.Module);
    const children = symbols[0].children ?? [];
    assert.deepEqual(
      children.filter((child) => child.kind === SYMBOL_KIND.Function).map((child) => [child.name, child.detail]),
      [
        ['extract', 'extract.py'],
        ['transform', 'transform.py'],
        ['load', 'load.py'],
      ],
    );
    assert.ok(children.some((child) => child.kind === SYMBOL_KIND.Event && child.detail === '0 2 * * *'));
  });
});

describe('key context for completion', () => {
  const at = (text: string) => keyContext(text.replace('|', ''), text.indexOf('|'));

  it('knows a step mapping from the top level and other mappings', () => {
    assert.equal(at('steps:\n  - name: a\n    |')?.kind, 'step');
    assert.equal(at('steps:\n  - |')?.kind, 'step');
    assert.equal(at('steps:\n- name: a\n  sc|')?.kind, 'step');
    assert.equal(at('steps:\n  - name: a\n    depends_on:\n      - b\n    |')?.kind, 'step');
    assert.equal(at('name: x\nsteps:\n  - name: a\n|')?.kind, 'top');
    assert.equal(at('defaults:\n  |'), null);
    assert.equal(at('steps:\n  - name: |'), null, 'in a value');
    assert.equal(at('jobs:\n  - name: a\n    |'), null, 'not a steps list');
    assert.deepEqual([...at('steps:\n  - name: a\n    |\n    script: a.py\n  - name: b\n    retries: 1\n')!.present].sort(), ['name', 'script']);
  });
});
