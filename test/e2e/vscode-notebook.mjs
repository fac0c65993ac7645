// A Jupyter notebook in VS Code's notebook editor (code-server in Chromium): open the example's
// notebooks/backfill_orders.ipynb, see the PW101 squiggle in the credential cell, press Ctrl+. on
// it, take the preferred quick fix (which also puts `import os` into the first code cell), save,
// and check the notebook on disk: valid nbformat JSON, the credential gone, outputs kept.
// A screenshot per step.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newContext, openQuickFixMenu, openWorkbench, quickOpen } from './lib/browser.mjs';
import { log } from './lib/util.mjs';
import { PW101_PREFERRED } from './lib/workspace.mjs';

const TIMEOUT = 45_000;
const NOTEBOOK = 'notebooks/backfill_orders.ipynb';

/**
 * Runs in the page: the box of an error squiggle under the token containing `text` in any cell
 * editor of the notebook, or null.
 */
function cellSquiggleUnder(text) {
  for (const editor of document.querySelectorAll('.notebook-editor .monaco-editor')) {
    const token = [...editor.querySelectorAll('.view-line span span')].find((span) => span.textContent.replace(/\u00a0/g, ' ').includes(text));
    if (!token) continue;
    const t = token.getBoundingClientRect();
    for (const squiggle of editor.querySelectorAll('.squiggly-error')) {
      const r = squiggle.getBoundingClientRect();
      const middle = r.y + r.height / 2;
      if (middle >= t.top && middle <= t.bottom + 2 && r.left < t.right && r.right > t.left) return { x: r.x, y: r.y, width: r.width, height: r.height };
    }
  }
  return null;
}

/** The text of every cell editor, in order (Monaco renders spaces as non-breaking spaces). */
async function cellTexts(page) {
  return page.locator('.notebook-editor .monaco-editor').evaluateAll((editors) =>
    editors.map((editor) => [...editor.querySelectorAll('.view-line')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((line) => line.textContent.replace(/\u00a0/g, ' ')).join('\n')),
  );
}

export async function runNotebookTest({ browser, server, workspace, artifacts }) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.setDefaultTimeout(TIMEOUT);
  const shot = async (name, description) => {
    const file = path.join(artifacts, `${name}.png`);
    await page.screenshot({ path: file });
    log(`notebook: screenshot ${path.relative(process.cwd(), file)} (${description})`);
  };
  const step = (message) => log(`notebook: ${message}`);
  const before = readFileSync(path.join(workspace, NOTEBOOK), 'utf8');

  try {
    step('opening the workbench');
    await openWorkbench(page, server, workspace, 'extract.py');

    step('Quick Open backfill_orders.ipynb (the notebook editor)');
    await quickOpen(page, 'backfill_orders.ipynb');
    const credentialLine = page.locator('.notebook-editor .monaco-editor .view-line', { hasText: 'postgresql+psycopg2' }).first();
    // The first render of a notebook loads the notebook editor's code and its webview: slow on a busy machine.
    await credentialLine.waitFor({ timeout: 3 * TIMEOUT });

    step('waiting for the PW101 squiggle in the credential cell');
    await page.waitForFunction(cellSquiggleUnder, 'postgresql+psycopg2', { timeout: TIMEOUT });
    await page.mouse.move(5, 5);
    await shot('nb-01-squiggle', 'the notebook editor with the PW101 error squiggle under the connection URL in cell 3');

    step('Ctrl+. on the credential');
    const menu = await openQuickFixMenu(page, credentialLine.locator('span', { hasText: 'postgresql' }).first(), 'SALES_DB_URL', TIMEOUT);
    const titles = (await menu.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    await shot('nb-02-code-actions', 'the Ctrl+. menu in the cell with the PW101 quick fixes');
    const preferred = menu.locator('.monaco-list-row').filter({ hasText: new RegExp(`^\\s*${PW101_PREFERRED.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });
    assert.equal(await preferred.count(), 1, `the menu does not offer "${PW101_PREFERRED}" exactly once: ${JSON.stringify(titles)}`);
    await preferred.click();

    step('waiting for the fix in the cell, import os in the first code cell, and the squiggle to go');
    await page.locator('.notebook-editor .monaco-editor .view-line', { hasText: 'os.environ["SALES_DB_URL"]' }).first().waitFor();
    await page.locator('.notebook-editor .monaco-editor .view-line', { hasText: 'import os' }).first().waitFor();
    await page.waitForFunction(`!(${cellSquiggleUnder})(${JSON.stringify('"SALES_DB_URL"')})`, undefined, { timeout: TIMEOUT });
    const texts = await cellTexts(page);

    step('saving');
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    const saved = readFileSync(path.join(workspace, NOTEBOOK), 'utf8');
    const notebook = JSON.parse(saved);
    const source = (cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);
    assert.equal(notebook.nbformat, 4);
    assert.equal(notebook.cells.length, JSON.parse(before).cells.length, 'no cell added or lost');
    assert.equal(source(notebook.cells[2]), 'engine = create_engine(os.environ["SALES_DB_URL"])');
    assert.match(source(notebook.cells[1]), /^%matplotlib inline\nimport os\nimport pandas as pd\n/);
    assert.deepEqual(notebook.cells[3].outputs, JSON.parse(before).cells[3].outputs, 'the stored output is kept');
    assert.ok(!saved.includes('hunter2'), 'the credential is still in the saved notebook');
    await page.mouse.move(5, 5);
    await shot('nb-03-fixed', 'the notebook after the quick fix and save: os.environ["SALES_DB_URL"] in cell 3, import os in cell 2, no PW101 squiggle');
    return { titles, texts, saved };
  } catch (error) {
    await shot('nb-failure', 'the page when the notebook test failed').catch(() => {});
    const dom = await page
      .evaluate(() => ({
        notebookEditors: document.querySelectorAll('.notebook-editor').length,
        cellRows: document.querySelectorAll('.notebook-editor .monaco-list-row').length,
        cellEditors: document.querySelectorAll('.notebook-editor .monaco-editor').length,
        viewLines: [...document.querySelectorAll('.notebook-editor .view-line')].slice(0, 8).map((l) => l.textContent),
      }))
      .catch(() => null);
    throw new Error(`${error.message}\n(notebook DOM: ${JSON.stringify(dom)})\n(browser console, last lines:\n${consoleLines.slice(-20).join('\n')})`);
  } finally {
    await context.close();
  }
}
