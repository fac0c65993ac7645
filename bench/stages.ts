// Where one keystroke's time goes, measured in-process on the same generated module and edits as
// the latency benchmark: incremental parse, fact extraction, each rule, and the server's
// conversion of findings to a publishDiagnostics message.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Edit } from 'web-tree-sitter';
import { ALL_RULES } from '../rules/index';
import { resolveConfig } from '../server/src/engine/config';
import { createDocumentFacts } from '../server/src/engine/document';
import { lintDocument } from '../server/src/engine/linter';
import { createPythonParser, initPythonParser } from '../server/src/engine/python/parser';
import { PythonSource, type TreeEdit } from '../server/src/engine/python/python-source';
import type { Finding } from '../server/src/engine/types';
import { toDiagnostic } from '../server/src/features/to-diagnostic';
import { generatePipeline, type PipelineStyle } from './generate-pipeline';
import { summarize, type Summary } from './stats';

export interface StageResult {
  edits: number;
  /** Wall time per stage in ms; rules share lazily built facts, paid by the first rule that asks. */
  stagesMs: Record<string, Summary>;
  /** CPU time of the process per stage in ms: less sensitive to other load on the machine. */
  stagesCpuMs: Record<string, Summary>;
  findingsByRule: Record<string, number>;
  publishKiB: number;
}

function editAt(text: string, at: number, insert: boolean): TreeEdit {
  const before = text.slice(0, at);
  const row = before.split('\n').length - 1;
  const column = at - before.lastIndexOf('\n') - 1;
  return {
    startIndex: at,
    oldEndIndex: insert ? at : at + 1,
    newEndIndex: insert ? at + 1 : at,
    startPosition: { row, column },
    oldEndPosition: { row, column: insert ? column : column + 1 },
    newEndPosition: { row, column: insert ? column + 1 : column },
  };
}

export async function measureStages(lines: number, edits: number, seed: number, style: PipelineStyle = 'stress'): Promise<StageResult> {
  await initPythonParser();
  const { text, editSites } = generatePipeline(lines, seed, style);
  const config = resolveConfig(undefined, null, null);
  const source = new PythonSource();
  const parser = createPythonParser();
  let tree = parser.parse(text);
  source.update(text);
  const samples: Record<string, number[]> = {};
  const cpuSamples: Record<string, number[]> = {};
  const timed = <T>(stage: string, run: () => T): T => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = run();
    (samples[stage] ??= []).push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    (cpuSamples[stage] ??= []).push((used.user + used.system) / 1000);
    return result;
  };
  let current = text;
  let findings: Finding[] = [];
  let publishBytes = 0;
  for (let i = 0; i < edits; i++) {
    // Insert a character, then delete it again: the text stays valid Python.
    const insert = i % 2 === 0;
    const at = editSites[(Math.floor(i / 2) * 7919) % editSites.length];
    const edit = editAt(current, at, insert);
    current = insert ? `${current.slice(0, at)}q${current.slice(at)}` : current.slice(0, at) + current.slice(at + 1);

    tree?.edit(edit as Edit);
    const previousTree = tree;
    tree = timed('tree-sitter incremental parse (alone)', () => parser.parse(current, previousTree));
    previousTree?.delete();

    source.edit(edit);
    const python = timed('PythonSource.update (parse + facts)', () => source.update(current));
    const doc = createDocumentFacts('/bench/pipeline.py', 'python', current, { python });

    findings = [];
    for (const rule of ALL_RULES) findings.push(...timed(`rule ${rule.meta.id}`, () => lintDocument(doc, [rule], config)));

    const document = TextDocument.create('file:///bench/pipeline.py', 'python', i + 2, current);
    const context = { document, filePath: '/bench/pipeline.py', config, docsUrlOf: () => 'file:///rules/doc.md', openText: () => undefined };
    const diagnostics = timed('server: findings → diagnostics', () => findings.map((finding) => toDiagnostic(finding, context)));
    const message = timed('server: JSON of publishDiagnostics', () => JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: document.uri, version: i + 2, diagnostics } }));
    publishBytes = Buffer.byteLength(message);
  }
  tree?.delete();
  parser.delete();
  source.dispose();
  const findingsByRule: Record<string, number> = {};
  for (const finding of findings) findingsByRule[finding.ruleId] = (findingsByRule[finding.ruleId] ?? 0) + 1;
  // The first edits warm up the JIT and the facts caches.
  const warm = Math.min(5, Math.floor(edits / 4));
  const summarizeAll = (all: Record<string, number[]>) => Object.fromEntries(Object.entries(all).map(([stage, values]) => [stage, summarize(values.slice(warm))]));
  return { edits: edits - warm, stagesMs: summarizeAll(samples), stagesCpuMs: summarizeAll(cpuSamples), findingsByRule, publishKiB: Math.round(publishBytes / 1024) };
}
