// What the linter finds in a document kept up to date keystroke by keystroke (reused statement
// facts, per-fact caches, incremental rules) must be exactly what a whole-module run finds in the
// same text parsed from scratch. Every rule case, the examples and generated modules are edited
// (each name used in several statements renamed and restored, then random identifier and string
// characters typed and deleted, some undone) and compared after each edit.
//
// PIPEWISE_EQUIVALENCE_DIRS (colon-separated folders of .py files) adds more code, e.g. a local
// corpus of real pipelines that cannot be committed.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pythonFilesUnder } from '../helpers/python-files';
import { test } from 'node:test';
import { ALL_RULES } from '../../rules';
import { resolveConfig } from '../../server/src/engine/config';
import { createDocumentFacts } from '../../server/src/engine/document';
import { completeDeferredBookkeeping, lintDocument } from '../../server/src/engine/linter';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { PythonSource, type TreeEdit } from '../../server/src/engine/python/python-source';
import { ChunkedText } from '../../server/src/engine/source-text';
import type { Finding, Rule } from '../../server/src/engine/types';
import { createRandom, generatePipeline } from '../../bench/generate-pipeline';
import type { RuleCases } from '../helpers/rule-tester';

const root = path.resolve(__dirname, '../..');
const wholeRules: Rule[] = ALL_RULES.map((rule) => ({ ...rule, incremental: undefined }));
const config = resolveConfig(undefined, null, null);

function pointAt(text: string, offset: number): { row: number; column: number } {
  const before = text.slice(0, offset);
  return { row: before.split('\n').length - 1, column: offset - before.lastIndexOf('\n') - 1 };
}

function treeEdit(text: string, start: number, end: number, insert: string): TreeEdit {
  const startPosition = pointAt(text, start);
  const after = text.slice(0, start) + insert;
  return {
    startIndex: start,
    oldEndIndex: end,
    newEndIndex: start + insert.length,
    startPosition,
    oldEndPosition: pointAt(text, end),
    newEndPosition: pointAt(after, after.length),
  };
}

const WORD = /[A-Za-z0-9_]/;

/**
 * A one-character edit that mostly keeps the module parsing: inside a name or a string's text.
 * Half of them hit a name used more than once (a function and its callers, a decorator, a
 * variable), where one statement's findings may depend on another's.
 */
function randomEdit(text: string, random: (n: number) => number): { start: number; end: number; insert: string } | null {
  const insertOrDelete = (at: number, canDelete: boolean) => (canDelete && random(3) === 0 ? { start: at, end: at + 1, insert: '' } : { start: at, end: at, insert: 'qz_9'[random(4)] });
  if (random(2) === 0) {
    const occurrences = new Map<string, number[]>();
    for (const match of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      const list = occurrences.get(match[0]);
      if (list) list.push(match.index);
      else occurrences.set(match[0], [match.index]);
    }
    const shared = [...occurrences].filter(([word, at]) => at.length > 1 && word.length > 1);
    if (shared.length > 0) {
      const [word, at] = shared[random(shared.length)];
      const start = at[random(at.length)];
      return insertOrDelete(start + 1 + random(word.length - 1), word.length > 2);
    }
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const at = 1 + random(Math.max(1, text.length - 2));
    if (!WORD.test(text[at - 1]) || !WORD.test(text[at] ?? '')) continue;
    return insertOrDelete(at, true);
  }
  return null;
}

function describeFindings(findings: Finding[]): string[] {
  return findings.map((f) => JSON.stringify([f.ruleId, f.start, f.end, f.priority, f.message, f.fingerprintText, f.fixes, f.related ?? null]));
}

type Change = { start: number; end: number; insert: string };

/** Occurrences of the names used in more than one top-level statement (a helper and its callers, a decorator). */
function crossStatementNames(text: string, statements: ReadonlyArray<{ start: number; end: number }>, limit: number): number[] {
  const statementOf = (offset: number) => statements.findIndex((s) => s.start <= offset && offset < s.end);
  const occurrences = new Map<string, number[]>();
  for (const match of text.matchAll(/[A-Za-z_][A-Za-z0-9_]+/g)) {
    const list = occurrences.get(match[0]);
    if (list) list.push(match.index);
    else occurrences.set(match[0], [match.index]);
  }
  const out: number[] = [];
  for (const at of occurrences.values()) {
    if (new Set(at.map(statementOf)).size > 1) out.push(...at);
  }
  return out.sort((a, b) => a - b).slice(0, limit);
}

/**
 * Lints `text` both ways, then after renaming each cross-statement name occurrence (and undoing
 * it), then after `edits` random edits (every other one undone). Fails at the first difference.
 */
function compareUnderEdits(label: string, text: string, edits: number, seed: number, scripted: readonly Change[] = [], nextEdit: typeof randomEdit = randomEdit, fileName = 'pipeline.py', releaseTrees = false, deferBookkeeping = false): void {
  const source = new PythonSource();
  const random = createRandom(seed);
  const filePath = path.join(root, fileName);
  let current = text;
  // The incremental side reads the text in blocks, as the server's open documents do (small
  // blocks, so that rules' reads cross block boundaries); the oracle reads the string.
  let chunked = ChunkedText.of(text, 61);
  let step = 0;
  const compare = () => {
    const python = source.update(chunked);
    const doc = createDocumentFacts(filePath, 'python', chunked, { python });
    const incremental = describeFindings(lintDocument(doc, ALL_RULES, config, undefined, undefined, { deferBookkeeping }));
    if (deferBookkeeping) {
      // As the server does once the diagnostics are out, not always before the next edit; or a
      // second lint of the same version (a hover, new settings), which completes it first.
      const next = random(3);
      if (next === 1) completeDeferredBookkeeping(python);
      if (next === 2) assert.deepEqual(describeFindings(lintDocument(doc, ALL_RULES, config, undefined, undefined, { deferBookkeeping })), incremental, `${label}: linted again after ${step} edit(s)`);
    }
    // The oracle: the same text parsed from scratch (no reused facts, no warm caches), linted whole.
    const fresh = new PythonSource();
    try {
      const cold = createDocumentFacts(filePath, 'python', current, { python: fresh.update(current) });
      const whole = describeFindings(lintDocument(cold, wholeRules, config));
      assert.deepEqual(incremental, whole, `${label}: after ${step} edit(s) the incremental findings differ\n--- text ---\n${current}`);
    } finally {
      fresh.dispose();
    }
    return python;
  };
  /** Applies the change and returns the one that undoes it. */
  const apply = (change: Change): Change => {
    const undo = { start: change.start, end: change.start + change.insert.length, insert: current.slice(change.start, change.end) };
    // A tree freed while the facts stand (PythonSource.releaseTree).
    if (releaseTrees && step % 3 === 0) source.releaseTree();
    source.edit(treeEdit(current, change.start, change.end, change.insert));
    current = current.slice(0, change.start) + change.insert + current.slice(change.end);
    chunked = chunked.replace(change.start, change.end, change.insert);
    step++;
    compare();
    return undo;
  };
  try {
    const python = compare();
    for (const change of scripted) apply(change);
    for (const at of crossStatementNames(current, python.chunks, 60)) apply(apply({ start: at + 1, end: at + 1, insert: 'q' }));
    for (let i = 0; i < edits; i++) {
      const change = nextEdit(current, random);
      if (!change) break;
      const undo = apply(change);
      if (random(2) === 0) apply(undo);
    }
  } finally {
    source.dispose();
  }
}

function caseTexts(): Array<{ label: string; text: string }> {
  const dir = path.join(root, 'test/rules/cases');
  const out: Array<{ label: string; text: string }> = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cases.ts')).sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cases = (require(path.join(dir, file)) as { default: RuleCases }).default;
    const all = [...cases.flagged, ...cases.notFlagged, ...cases.fixes];
    for (const c of all) {
      if (c.file && !c.file.endsWith('.py')) continue;
      if ('options' in c && c.options) continue;
      out.push({ label: `${cases.rule} ${c.name}`, text: c.code.replace(/[«»]/g, '') });
      if ('output' in c) out.push({ label: `${cases.rule} ${c.name} (fixed)`, text: c.output });
    }
  }
  return out;
}

test('incremental rules find what whole-module runs find, in every rule case under random edits', async () => {
  await initPythonParser();
  const texts = caseTexts();
  assert.ok(texts.length > 500, `only ${texts.length} case texts`);
  texts.forEach(({ label, text }, i) => compareUnderEdits(label, text, 12, i + 1));
});

test('incremental rules find what whole-module runs find, in the examples and generated modules', async () => {
  await initPythonParser();
  for (const file of pythonFilesUnder(path.join(root, 'examples'))) compareUnderEdits(path.relative(root, file), readFileSync(file, 'utf8'), 60, 7);
  for (const style of ['typical', 'stress'] as const) {
    compareUnderEdits(`generated ${style} module`, generatePipeline(600, 3, style).text, 80, 11);
  }
});

test('a first lint that defers its bookkeeping (the server on open) finds what whole-module runs find, then and after edits', async () => {
  await initPythonParser();
  for (const file of pythonFilesUnder(path.join(root, 'examples'))) compareUnderEdits(`${path.relative(root, file)} (deferred)`, readFileSync(file, 'utf8'), 20, 5, [], randomEdit, 'pipeline.py', false, true);
  for (const style of ['typical', 'stress'] as const) {
    compareUnderEdits(`generated ${style} module (deferred)`, generatePipeline(600, 5, style).text, 40, 13, [], randomEdit, 'pipeline.py', false, true);
  }
});

/** Hostile input typed anywhere (issue 12): deep nesting, long runs, half-typed brackets and quotes, deleted spans. */
const HOSTILE_SNIPPETS = [
  `x = df${'.f()'.repeat(450)}\n`,
  `y = ${Array.from({ length: 600 }, (_, i) => `a${i}`).join(' and ')}\n`,
  `${'('.repeat(300)}1${')'.repeat(300)}`,
  `"${'a'.repeat(3_000)}://"`,
  `conn = psycopg2.connect("postgresql://u:${'p'.repeat(200)}@h/db")\n`,
  '(', ')', '"', "'''", ':', '\n    ', '\\', '{{', '#',
];

function hostileEdit(text: string, random: (n: number) => number): { start: number; end: number; insert: string } | null {
  const at = random(text.length + 1);
  if (random(4) === 0 && text.length > 0) return { start: at, end: Math.min(text.length, at + 1 + random(40)), insert: '' };
  return { start: at, end: at, insert: HOSTILE_SNIPPETS[random(HOSTILE_SNIPPETS.length)] };
}

test('a seeded fuzz of hostile edits: incremental analysis agrees with a from-scratch run after each one', async () => {
  await initPythonParser();
  const texts = caseTexts().filter((_, i) => i % 25 === 0).slice(0, 8);
  texts.forEach(({ label, text }, i) => compareUnderEdits(`${label} (hostile edits)`, text, 12, 1_000 + i, [], hostileEdit));
});

test('with the syntax tree freed between edits (a document not edited lately), incremental analysis still agrees', async () => {
  await initPythonParser();
  const texts = caseTexts().filter((_, i) => i % 10 === 0);
  texts.forEach(({ label, text }, i) => compareUnderEdits(`${label} (tree released)`, text, 12, 2_000 + i, [], randomEdit, 'pipeline.py', true));
  compareUnderEdits('generated typical module (tree released)', generatePipeline(400, 5, 'typical').text, 60, 13, [], randomEdit, 'pipeline.py', true);
});

const extraDirs = (process.env.PIPEWISE_EQUIVALENCE_DIRS ?? '').split(':').filter(Boolean);
if (extraDirs.length > 0) {
  test('incremental rules find what whole-module runs find, in extra folders (PIPEWISE_EQUIVALENCE_DIRS)', async () => {
    await initPythonParser();
    for (const dir of extraDirs) for (const file of pythonFilesUnder(dir)) compareUnderEdits(file, readFileSync(file, 'utf8'), 40, 5);
  });
}

test('an import inside a function binds its name for the whole module: renaming it re-resolves other statements', async () => {
  await initPythonParser();
  const text = [
    'def connect():',
    '    import pandas as pd',
    '    import psycopg2',
    '    return psycopg2.connect(DSN)',
    '',
    '',
    'def extract(conn):',
    '    orders = pd.read_sql("SELECT * FROM orders", conn)',
    '    orders.to_parquet("/tmp/orders.parquet")',
    '',
  ].join('\n');
  compareUnderEdits('function-level import', text, 0, 1);
});

test('a module-level comment that gains or loses a credential is found again (PW101 reads comments through its key)', async () => {
  await initPythonParser();
  const text = ['import os', '', '# DB_PASSWORD = os.environ["DB_PASSWORD"]', 'URL = os.environ["URL"]', '', '', 'def extract():', '    return URL', ''].join('\n');
  const at = text.indexOf('os.environ["DB_PASSWORD"]');
  const literal = '"Old-P4ss-2023"';
  const edits: Change[] = [
    { start: at, end: at + 'os.environ["DB_PASSWORD"]'.length, insert: literal },
    // typing inside a function while the comment holds the credential
    { start: text.indexOf('return URL') - 'os.environ["DB_PASSWORD"]'.length + literal.length, end: text.indexOf('return URL') - 'os.environ["DB_PASSWORD"]'.length + literal.length, insert: 'x = 1\n    ' },
    { start: at, end: at + literal.length, insert: 'os.environ["DB_PASSWORD"]' },
  ];
  compareUnderEdits('commented-out credential', text, 8, 3, edits);
});

test('an ignore comment above a def, broken and typed again, silences the remembered finding again (its def-line anchor moves with it)', async () => {
  await initPythonParser();
  const text = 'import psycopg2\n\n\n# pipewise: ignore[PW103]\ndef load_rows(rows):\n    conn = psycopg2.connect(os.environ["DB_URL"])\n    conn.cursor().executemany("INSERT INTO events (id) VALUES (%s)", rows)\n';
  const at = text.indexOf('ignore[') + 1;
  compareUnderEdits('ignore comment retyped', text, 0, 5, [{ start: at, end: at + 1, insert: '' }, { start: at, end: at, insert: 'g' }]);
});

test('statements swapped by one edit (a cut and paste) are checked again in their new order', async () => {
  await initPythonParser();
  const first = 'orders = pd.read_csv("s3://bucket/orders.csv")\n';
  const second = 'requests.post("https://hooks.example.com/done", json={"ok": True}, timeout=10)\n';
  const third = 'orders.to_sql("orders", engine, if_exists="append")\n';
  const text = `import pandas as pd\nimport requests\nfrom sqlalchemy import create_engine\n\nengine = create_engine("postgresql://etl@db/warehouse")\n${first}${second}${third}`;
  const at = text.indexOf(first);
  const swaps: Change[] = [
    { start: at, end: at + first.length + second.length, insert: second + first },
    { start: at, end: at + first.length + second.length + third.length, insert: third + first + second },
  ];
  compareUnderEdits('swapped statements', text, 20, 17, swaps);
});

test('a notebook cell that gains or loses a write in a function is found again (PW103 says nothing on notebooks that only read)', async () => {
  await initPythonParser();
  const text = [
    'import pandas as pd',
    'from sqlalchemy import create_engine',
    '',
    'engine = create_engine(DSN)',
    '',
    '',
    'def save(frame):',
    '    frame.to_csv("summary.csv")',
    '',
    '',
    'orders = pd.read_sql("SELECT * FROM orders", engine)',
    'orders.describe()',
    '',
  ].join('\n');
  const at = text.indexOf('to_csv');
  const edits: Change[] = [
    { start: at, end: at + 'to_csv'.length, insert: 'to_csx' },
    { start: at, end: at + 'to_csx'.length, insert: 'to_csv' },
  ];
  compareUnderEdits('notebook that writes in a function', text, 0, 1, edits, randomEdit, 'explore.ipynb');
});
