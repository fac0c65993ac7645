// Jupyter notebooks through the engine: findings placed in the right cell, line and column (magics,
// CRLF, sources as strings or line lists), in the .ipynb text for SARIF, every Python rule case
// firing in a notebook where it fires in the flat script, and --fix round trips that change only
// the intended cells.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG, resolveConfig, type PipewiseOptions } from '../../server/src/engine/config';
import { parseNotebook } from '../../server/src/engine/notebook/ipynb';
import { fileOffsetAt } from '../../server/src/engine/notebook/notebook-facts';
import type { Finding } from '../../server/src/engine/types';
import { NotebookLocator } from '../../server/src/reports/notebook-locate';
import { parseMarkers, sharedEngine, type RuleCases } from '../helpers/rule-tester';
import { writesInStatement } from '../../rules/PW103-no-retry-on-io/exploration';

type CellSpec = { kind?: 'code' | 'markdown' | 'raw'; source: string | string[]; outputs?: string[] };

/** A notebook as Jupyter writes it (one-space indent, sources as line lists unless given as a string). */
export function notebookJson(cells: readonly CellSpec[]): string {
  const lines = (text: string) => text.split(/(?<=\n)/).filter((line) => line !== '');
  return `${JSON.stringify(
    {
      cells: cells.map((cell) => ({
        cell_type: cell.kind ?? 'code',
        ...(cell.kind && cell.kind !== 'code' ? {} : { execution_count: null, outputs: (cell.outputs ?? []).map((text) => ({ name: 'stdout', output_type: 'stream', text: lines(text) })) }),
        metadata: {},
        source: cell.source,
      })),
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )}\n`;
}

async function lintNotebook(json: string, file = 'etl.ipynb', options?: PipewiseOptions) {
  const engine = await sharedEngine();
  const doc = engine.analyzeAs(file, 'python', json);
  const findings = engine.lint(doc, options ? resolveConfig(options, null, null) : DEFAULT_CONFIG);
  return { doc, findings, locator: new NotebookLocator(doc.notebook!) };
}

const CREDENTIAL = 'DB_PASSWORD = "Zq7-wombat-Secret"';

interface MappingCase {
  name: string;
  cells: CellSpec[];
  /** Expected PW101 findings as `cell N:line:column`. */
  expected: string[];
}

const MAPPING_CASES: MappingCase[] = [
  { name: 'source as one string', cells: [{ source: `import os\n${CREDENTIAL}` }], expected: ['cell 1:2:15'] },
  { name: 'source as a list of lines', cells: [{ source: ['import os\n', `${CREDENTIAL}\n`] }], expected: ['cell 1:2:15'] },
  { name: 'markdown and raw cells count as cells but are not code', cells: [{ kind: 'markdown', source: `# ${CREDENTIAL}` }, { kind: 'raw', source: CREDENTIAL }, { source: [`${CREDENTIAL}`] }], expected: ['cell 3:1:15'] },
  { name: 'line magics and shell escapes shift nothing', cells: [{ source: ['%matplotlib inline\n', '!pip install psycopg2\n', `  ${CREDENTIAL}\n`.trimStart()] }, { source: ['%time x = 1\n', CREDENTIAL] }], expected: ['cell 1:3:15', 'cell 2:2:15'] },
  { name: 'a cell magic cell is not Python', cells: [{ source: ['%%bash\n', 'echo "password=Zq7-wombat-Secret"\n'] }, { source: CREDENTIAL }], expected: ['cell 2:1:15'] },
  { name: 'CRLF line endings inside a cell', cells: [{ source: ['import os\r\n', '\r\n', `${CREDENTIAL}\r\n`] }, { source: `x = 1\r\n${CREDENTIAL}` }], expected: ['cell 1:3:15', 'cell 2:2:15'] },
  { name: 'a cell without a trailing newline is followed by the next', cells: [{ source: 'import os' }, { source: CREDENTIAL }, { source: 'print(DB_PASSWORD)' }], expected: ['cell 2:1:15'] },
  { name: 'non-ASCII text before the secret counts UTF-16 units', cells: [{ source: `note = "café 🚀"; ${CREDENTIAL}` }], expected: ['cell 1:1:33'] },
  { name: 'assigned in cell 2, used in cell 4: one finding, where it is assigned', cells: [{ source: 'import psycopg2' }, { source: 'PASSWORD = "Zq7-wombat-Secret"' }, { kind: 'markdown', source: 'connect' }, { source: 'conn = psycopg2.connect(host="db", password=PASSWORD)' }], expected: ['cell 2:1:12'] },
  { name: 'a secret printed in a stored output', cells: [{ source: 'print(url)', outputs: ['connecting to postgresql://etl:Zq7-wombat-Secret@db.internal:5432/sales\n'] }], expected: ['cell 1:1:1'] },
  { name: 'a harmless output is not a finding', cells: [{ source: 'print(len(rows))', outputs: ['42\n', 'password: ********\n'] }], expected: [] },
  { name: 'printed JSON records: a phrase under "auth" is a login state, not a credential', cells: [{ source: 'print(events)', outputs: ['{"user": "ana", "auth": "Logged In", "page": "Home"}\n'] }], expected: [] },
  { name: 'printed JSON records: a password value is still a finding', cells: [{ source: 'print(settings)', outputs: ['{"user": "etl", "password": "Zq7-wombat-Secret"}\n'] }], expected: ['cell 1:1:1'] },
];

for (const c of MAPPING_CASES) {
  test(`cell mapping: ${c.name}`, async () => {
    const json = notebookJson(c.cells);
    const { findings, locator, doc } = await lintNotebook(json);
    const got = findings.filter((f) => f.ruleId === 'PW101').map((f) => {
      const r = locator.cellRange(f.start, f.end);
      return `cell ${r.cell}:${r.line}:${r.column}`;
    });
    assert.deepEqual(got, c.expected, findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
    assert.equal(doc.python?.hasError, false, 'the module parses');
    assert.ok(!findings.some((f) => f.message.includes('wombat')), 'messages never print the secret');
  });
}

test('cell mapping: the SARIF place is inside the .ipynb JSON string that holds the code', async () => {
  const json = notebookJson([{ source: ['import os\n', 'x = "a\\tb"  # "quoted"\n', `${CREDENTIAL}\n`] }, { source: `y = 1\n${CREDENTIAL}` }]);
  const { findings, doc } = await lintNotebook(json);
  const credentials = findings.filter((f) => f.ruleId === 'PW101');
  assert.equal(credentials.length, 2);
  for (const finding of credentials) {
    const at = fileOffsetAt(doc.notebook!, finding.start);
    assert.ok(json.startsWith(JSON.stringify(doc.text.slice(finding.start, finding.end)).slice(1, -1), at), `file offset ${at} holds the finding's text`);
  }
});

// Every Python rule case: the flat script split into cells (sources as lists and strings, a magic
// in the first cell) reports the same rules at the same places.

function splitIntoCells(text: string): string[] {
  // A new cell at a top-level line that follows a blank line, as people split scripts.
  const lines = text.split(/(?<=\n)/);
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const startsStatement = /^[A-Za-z_@]/.test(line) && !/^(?:else|elif|except|finally)\b/.test(line) && i > 0 && lines[i - 1].trim() === '';
    if (startsStatement && current.trim() !== '' && !/^[ \t]*@/m.test(current.split('\n').filter(Boolean).slice(-1)[0] ?? '')) {
      cells.push(current);
      current = '';
    }
    current += line;
  }
  if (current !== '') cells.push(current);
  return cells;
}

const MAGIC = '%load_ext autoreload\n';

function placeInCells(cells: readonly string[], offset: number, magic: string): string {
  let start = 0;
  for (let i = 0; i < cells.length; i++) {
    const end = start + cells[i].length;
    if (offset < end || i === cells.length - 1) {
      const before = (i === 0 ? magic : '') + cells[i].slice(0, offset - start);
      const lines = before.split(/\r\n|\n/);
      return `cell ${i + 1}:${lines.length}:${lines[lines.length - 1].length + 1}`;
    }
    start = end;
  }
  return '?';
}

/** Rules that by design say nothing in a notebook (PW204: cell outputs are the notebook's run record). */
const NOT_IN_NOTEBOOKS = new Set(['PW204']);

const casesDir = path.join(__dirname, '..', 'rules', 'cases');
for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.cases.ts')).sort()) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cases = (require(path.join(casesDir, file)) as { default: RuleCases }).default;
  const python = cases.flagged.filter((c) => (c.file ?? 'pipeline.py').endsWith('.py'));
  if (python.length === 0) continue;
  test(`every rule in a notebook: ${cases.rule} (${python.length} cases) at the flat script's places`, async () => {
    const engine = await sharedEngine();
    let compared = 0;
    for (const c of python) {
      const { text } = parseMarkers(c.code);
      const flatFile = c.file ?? 'pipeline.py';
      const config = c.options ? resolveConfig(c.options, null, null) : DEFAULT_CONFIG;
      const flat = engine.lintText(flatFile, text, config).filter((f) => f.ruleId === cases.rule);
      // Cells each end in a newline (but the last), so the module is the script plus the magic line.
      const cells = splitIntoCells(text);
      const specs: CellSpec[] = cells.map((source, i) => ({ source: i % 2 === 0 ? (i === 0 ? MAGIC + source : source).split(/(?<=\n)/) : source }));
      const notebookFile = flatFile.replace(/\.py$/, '.ipynb');
      const { findings, locator } = await lintNotebook(notebookJson(specs), notebookFile, c.options);
      const inNotebook = findings.filter((f: Finding) => f.ruleId === cases.rule);
      // PW103 says nothing on a notebook that only reads (exploration, not a stage): only cases that write carry over.
      if (cases.rule === 'PW103') {
        const py = engine.analyzeAs(flatFile, 'python', text).python!;
        if (!py.chunks.some((statement) => writesInStatement(statement, py))) {
          assert.deepEqual(inNotebook, [], `${c.name}: PW103 reports nothing in a notebook that only reads`);
          continue;
        }
      }
      if (NOT_IN_NOTEBOOKS.has(cases.rule)) {
        assert.deepEqual(inNotebook, [], `${c.name}: ${cases.rule} reports nothing in a notebook`);
        assert.ok(flat.length > 0, `${c.name}: the flat script is flagged`);
        compared += flat.length;
        continue;
      }
      const where = (list: Finding[], place: (f: Finding) => string) => list.map((f) => `${place(f)} ${f.priority}`).sort();
      assert.deepEqual(
        where(inNotebook, (f) => {
          const r = locator.cellRange(f.start, f.end);
          return `cell ${r.cell}:${r.line}:${r.column}`;
        }),
        where(flat, (f) => placeInCells(cells, f.start, MAGIC)),
        `${c.name}\n--- cells:\n${cells.join('\n# ----\n')}`,
      );
      compared += flat.length;
    }
    assert.ok(compared > 0, 'the cases yield findings');
  });
}

// --fix round trips.

test('--fix: the credential cell and the first code cell change, every other byte stays', async () => {
  const engine = await sharedEngine();
  const json = notebookJson([
    { kind: 'markdown', source: ['# Orders\n', 'Loads orders.'] },
    { source: ['%matplotlib inline\n', 'import psycopg2\n'] },
    { source: ['rows = [1, 2]\n', 'print(len(rows))'], outputs: ['2\n'] },
    { source: `${CREDENTIAL}\nconn = psycopg2.connect(host="db", password=DB_PASSWORD)` },
  ]);
  const result = engine.fix('etl.ipynb', json, DEFAULT_CONFIG);
  assert.ok(result.applied >= 1);
  const before = JSON.parse(json) as { cells: Array<{ source: string | string[] }> };
  const after = JSON.parse(result.text) as typeof before;
  const joined = (s: string | string[]) => (Array.isArray(s) ? s.join('') : s);
  assert.equal(joined(after.cells[1].source), '%matplotlib inline\nimport os\nimport psycopg2\n', 'import os goes into the first code cell, magic kept');
  assert.match(joined(after.cells[3].source), /^DB_PASSWORD = os\.environ\["DB_PASSWORD"\]\n/);
  assert.equal(typeof after.cells[3].source, 'string', 'a string source stays a string');
  // Only the two sources changed: the rest of the file is byte for byte the same.
  const nb = parseNotebook(json);
  const fixed = parseNotebook(result.text);
  for (const index of [0, 2]) assert.equal(result.text.slice(fixed.cells[index].sourceNode!.start, fixed.cells[index].sourceNode!.end), json.slice(nb.cells[index].sourceNode!.start, nb.cells[index].sourceNode!.end));
  const outside = (text: string, n: ReturnType<typeof parseNotebook>) => text.slice(0, n.cells[1].sourceNode!.start) + text.slice(n.cells[1].sourceNode!.end, n.cells[3].sourceNode!.start) + text.slice(n.cells[3].sourceNode!.end);
  assert.equal(outside(result.text, fixed), outside(json, nb), 'metadata, outputs and layout untouched');
  assert.deepEqual({ ...after, cells: after.cells.map((c) => ({ ...c, source: null })) }, { ...before, cells: before.cells.map((c) => ({ ...c, source: null })) });
  // Valid nbformat JSON that re-lints without the credential.
  const { findings } = await lintNotebook(result.text);
  assert.deepEqual(findings.filter((f) => f.ruleId === 'PW101'), []);
});

test('--fix: a notebook whose first code cell has no imports gets import os at its top', async () => {
  const engine = await sharedEngine();
  const json = notebookJson([{ source: 'x = 1\n' }, { source: [`${CREDENTIAL}\n`, 'print(len(DB_PASSWORD))'] }]);
  const after = JSON.parse(engine.fix('etl.ipynb', json, DEFAULT_CONFIG).text) as { cells: Array<{ source: string | string[] }> };
  const joined = (s: string | string[]) => (Array.isArray(s) ? s.join('') : s);
  assert.match(joined(after.cells[0].source), /^import os\n/);
  assert.equal(joined(after.cells[1].source), 'DB_PASSWORD = os.environ["DB_PASSWORD"]\nprint(len(DB_PASSWORD))');
});

test('--fix: nothing to fix leaves the file identical, and a broken notebook is an error', async () => {
  const engine = await sharedEngine();
  const json = notebookJson([{ source: 'x = 1' }]);
  assert.equal(engine.fix('etl.ipynb', json, DEFAULT_CONFIG).text, json);
  assert.throws(() => engine.fix('etl.ipynb', '{"cells": [', DEFAULT_CONFIG), /not a valid notebook/);
});
