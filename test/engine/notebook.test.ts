// Notebook building blocks: IPython syntax neutralised without moving offsets, .ipynb cells with
// their source ranges and a rewrite that keeps every other byte, cells joined into one module and
// mapped back, Databricks source notebooks with SQL cells readable by the SQL-aware rules.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { neutraliseMagics } from '../../server/src/engine/notebook/magics';
import { parseNotebook, replaceCellSources, NotebookError } from '../../server/src/engine/notebook/ipynb';
import { buildNotebookModule, toCellOffset, toModuleOffset } from '../../server/src/engine/notebook/notebook-module';
import { databricksAnalysisText, databricksCells, isDatabricksNotebook } from '../../server/src/engine/notebook/databricks';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { PythonSource } from '../../server/src/engine/python/python-source';

const MAGIC_CASES: Array<[string, string, string]> = [
  ['line magic', '%matplotlib inline\nimport pandas as pd\n', '#matplotlib inline\nimport pandas as pd\n'],
  ['indented line magic', 'if x:\n    %time run()\n', 'if x:\n    #time run()\n'],
  ['shell escape', '!pip install requests\n', '#pip install requests\n'],
  ['assignment from a shell escape', 'files = !ls -la\n', 'files = 0#s -la\n'],
  ['help', 'df.merge?\n', 'df.merge#\n'],
  ['modulo inside brackets is not a magic', 'x = (a\n%b)\n', 'x = (a\n%b)\n'],
  ['a %sql line magic that connects keeps its URL on its line, as a value (not a comment)', '%load_ext sql\n%sql postgresql://etl:pw@db/sales\n', '#load_ext sql\n_="postgresql://etl:pw@db/sales" \n'],
  ['a %sql line magic that runs SQL is a call with the statement as its string', '%sql SELECT 1\n', 'ʂ("SELECT 1")\n'],
  ['extra spaces after %sql pad the line', '%sql   SELECT 1\r\n', 'ʂ("SELECT 1")  \r\n'],
  ['a %sql statement with double quotes takes single ones', '%sql SELECT "id" FROM t', "ʂ('SELECT \"id\" FROM t')"],
  ['rows assigned from a %sql line magic', 'rows = %sql SELECT * FROM t\n', 'rows = ʂ("SELECT * FROM t")\n'],
  ['a %sql line magic with options stays a comment', '%sql --save big SELECT 1\n', '#sql --save big SELECT 1\n'],
  ['a %sql statement with both quote kinds stays a comment', `%sql SELECT "a" || 'b'\n`, `#sql SELECT "a" || 'b'\n`],
  ['a Databricks .ipynb cell in another language (`%md` alone on its first line) is commented out', '%md\n# Orders\nLoaded daily.\n', '#md\n# Orders\n#oaded daily.\n'],
  ['cell magic comments out the cell', '%%bash\nls -la\n\necho done\n', '#%bash\n#s -la\n\n#cho done\n'],
  ['a %%sql cell that would close its string early stays commented out', '%%sql\nSELECT """x"""\n', '#%sql\n#ELECT """x"""\n'],
];

test('magics: a %%sql cell is SQL, the string of a call around it; its magic line a SQL comment', async () => {
  const source = '%%sql postgresql://etl@db/sales\nINSERT INTO sales.orders\nSELECT * FROM raw.orders\n';
  const cell = neutraliseMagics(source);
  assert.equal(cell.text, `--${source.slice(2)}`);
  assert.equal(cell.text.length, source.length, 'offsets do not move');
  assert.equal(cell.cellMagic, 'sql');
  await initPythonParser();
  assert.equal(new PythonSource().update(`${cell.lead}${cell.text}${cell.trail}\n`).hasError, false, 'lead, cell and trail parse');
  const module = buildNotebookModule([{ index: 0, source: 'import os\n' }, { index: 1, source }, { index: 2, source: 'x = 1' }]);
  const sqlCell = module.segments[1];
  assert.equal(module.text.slice(sqlCell.start, sqlCell.end), cell.text, 'the cell keeps its offsets in the module');
  assert.equal(toCellOffset(module, sqlCell.leadStart!)?.cell, 1, 'the call the module adds belongs to the SQL cell');
  assert.deepEqual(toCellOffset(module, sqlCell.leadStart!), { cell: 1, offset: 0 });
  assert.equal(toModuleOffset(module, 2, 0), module.text.indexOf('x = 1'));
});

test('magics: a Databricks .ipynb cell whose first line is `%sql` alone is a SQL cell, as `%%sql`', async () => {
  const source = '%sql\nINSERT OVERWRITE TABLE sales.orders\nSELECT * FROM raw.orders\n';
  const cell = neutraliseMagics(source);
  assert.equal(cell.text, `--ql\n${source.slice(5)}`);
  assert.equal(cell.cellMagic, 'sql');
  await initPythonParser();
  assert.equal(new PythonSource().update(`${cell.lead}${cell.text}${cell.trail}\n`).hasError, false, 'lead, cell and trail parse');
  assert.equal(neutraliseMagics('%sql SELECT 1\n').cellMagic, null, 'a statement on the magic line is a line magic');
});

test('databricks: magics written without `# MAGIC ` (`%pip install`, `%run`) are neutralised at the same offsets', async () => {
  const text = '# Databricks notebook source\n%pip install --quiet requests\n\n# COMMAND ----------\n\ndbutils.library.restartPython()\n\n# COMMAND ----------\n\n%run ./helpers\n';
  const analysis = databricksAnalysisText(text);
  assert.equal(analysis.length, text.length);
  assert.ok(analysis.includes('\n#pip install --quiet requests\n') && analysis.includes('\n#run ./helpers\n'), analysis);
  await initPythonParser();
  assert.equal(new PythonSource().update(analysis).hasError, false, 'the analysis text parses');
});

for (const [name, source, expected] of MAGIC_CASES) {
  test(`magics: ${name}`, async () => {
    const { text } = neutraliseMagics(source);
    assert.equal(text, expected);
    assert.equal(text.length, source.length, 'offsets do not move');
    await initPythonParser();
    assert.equal(new PythonSource().update(text).hasError, false, 'the cell parses');
  });
}

const NOTEBOOK = `{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": ["# Orders\\n", "Loads the orders."]
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "metadata": {"tags": ["parameters"]},
   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["connected\\n"]}],
   "source": [
    "import psycopg2\\n",
    "conn = psycopg2.connect(\\"postgresql://u:pw@db/x\\")"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": "cur = conn.cursor()"
  }
 ],
 "metadata": {"language_info": {"name": "python"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
`;

test('ipynb: cells, kinds, sources (list and string forms) and output text', () => {
  const nb = parseNotebook(NOTEBOOK);
  assert.deepEqual(nb.cells.map((c) => c.kind), ['markdown', 'code', 'code']);
  assert.equal(nb.cells[1].source, 'import psycopg2\nconn = psycopg2.connect("postgresql://u:pw@db/x")');
  assert.equal(nb.cells[2].source, 'cur = conn.cursor()');
  assert.deepEqual(nb.cells[1].outputs, ['connected\n']);
  assert.equal(nb.language, 'python');
});

test('ipynb: rewriting one cell keeps every other byte, and the list layout', () => {
  const nb = parseNotebook(NOTEBOOK);
  const source = 'import os\nimport psycopg2\nconn = psycopg2.connect(os.environ["DB_URL"])';
  const out = replaceCellSources(NOTEBOOK, nb, new Map([[1, source]]));
  assert.equal(parseNotebook(out).cells[1].source, source);
  const before = NOTEBOOK.slice(0, nb.cells[1].sourceNode!.start);
  const after = NOTEBOOK.slice(nb.cells[1].sourceNode!.end);
  assert.ok(out.startsWith(before) && out.endsWith(after), 'only the source value changed');
  assert.match(out, /"source": \[\n {4}"import os\\n",\n {4}"import psycopg2\\n",\n {4}"conn = psycopg2\.connect\(os\.environ\[\\"DB_URL\\"\]\)"\n {3}\]/);
  const stringForm = replaceCellSources(NOTEBOOK, nb, new Map([[2, 'cur = conn.cursor()\ncur.close()']]));
  assert.match(stringForm, /"source": "cur = conn\.cursor\(\)\\ncur\.close\(\)"/);
  assert.equal(replaceCellSources(NOTEBOOK, nb, new Map([[1, nb.cells[1].source]])), NOTEBOOK, 'an unchanged source changes nothing');
});

test('ipynb: invalid, non-notebook and deeply nested JSON are errors, not crashes', () => {
  assert.throws(() => parseNotebook('{"cells": ['), NotebookError);
  assert.throws(() => parseNotebook('{"nbformat": 4}'), NotebookError);
  assert.throws(() => parseNotebook(`{"cells": ${'['.repeat(10000)}${']'.repeat(10000)}}`), NotebookError);
});

test('notebook module: code cells in order, mapped back to cells', () => {
  const module = buildNotebookModule([
    { index: 1, source: 'import os\n%load_ext sql' },
    { index: 3, source: 'x = os.environ["A"]\n' },
  ]);
  assert.equal(module.text, 'import os\n#load_ext sql\nx = os.environ["A"]\n');
  const at = module.text.indexOf('x =');
  assert.deepEqual(toCellOffset(module, at), { cell: 3, offset: 0 });
  assert.equal(toModuleOffset(module, 3, 4), at + 4);
  assert.deepEqual(toCellOffset(module, module.text.indexOf('load_ext')), { cell: 1, offset: 11 });
});

const DATABRICKS = '# Databricks notebook source\nimport os\n\n# COMMAND ----------\n\n# MAGIC %md\n# MAGIC # Orders\n\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC INSERT INTO sales.orders\n# MAGIC SELECT * FROM raw.orders\n\n# COMMAND ----------\n\n# MAGIC %python\n# MAGIC df = spark.table("x")\n';

test('databricks: cells by separator, languages by MAGIC', () => {
  assert.ok(isDatabricksNotebook(DATABRICKS));
  assert.deepEqual(databricksCells(DATABRICKS).map((c) => c.language), ['python', 'markdown', 'sql', 'python']);
});

test('databricks: SQL and %python cells become code at the same offsets', async () => {
  const text = databricksAnalysisText(DATABRICKS);
  assert.equal(text.slice(0, DATABRICKS.length).length, DATABRICKS.length);
  const insert = DATABRICKS.indexOf('INSERT INTO');
  assert.equal(text.slice(insert, insert + 11), 'INSERT INTO', 'SQL stays where it was');
  assert.match(text, /ss\.sql\("""/);
  assert.match(text, /if 1: {10}\n {8}df = spark\.table\("x"\)/);
  await initPythonParser();
  assert.equal(new PythonSource().update(text).hasError, false, 'the analysis text parses');
});
