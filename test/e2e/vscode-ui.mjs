// The user's path through the VS Code UI (code-server in Chromium): open extract.py, see the
// PW101 squiggle and its hover, find it in the Problems panel, press Ctrl+. on the credential,
// take the preferred quick fix, save, and check the file on disk; then run the report commands
// from the palette (vscode-reports.mjs). A screenshot per step.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { enableSmokeTestDriver, newContext, openQuickFixMenu, openWorkbench, quickOpen } from './lib/browser.mjs';
import { log } from './lib/util.mjs';
import { PW101_PREFERRED } from './lib/workspace.mjs';
import { runReportCommands } from './vscode-reports.mjs';

const TIMEOUT = 30_000;

/** Visible text of the editor's lines (Monaco renders spaces as non-breaking spaces). */
async function editorText(page) {
  const lines = await page.locator('.monaco-editor .view-lines .view-line').allTextContents();
  return lines.map((line) => line.replace(/\u00a0/g, ' ')).join('\n');
}

/**
 * Runs in the page: the box of an error squiggle under the editor token containing `text`, or
 * null. Squiggles live in an overlay layer, so they are matched to the token by position.
 */
function errorSquiggleUnder(text) {
  const editor = document.querySelector('.editor-instance .monaco-editor');
  const token = editor && [...editor.querySelectorAll('.view-line span span')].find((span) => span.textContent.replace(/\u00a0/g, ' ').includes(text));
  if (!token) return null;
  const t = token.getBoundingClientRect();
  for (const squiggle of editor.querySelectorAll('.squiggly-error')) {
    const r = squiggle.getBoundingClientRect();
    const middle = r.y + r.height / 2;
    if (middle >= t.top && middle <= t.bottom + 2 && r.left < t.right && r.right > t.left) return { x: r.x, y: r.y, width: r.width, height: r.height };
  }
  return null;
}

/** Drags the hover's bottom edge down until its content fits; returns the hover's box. */
async function expandHover(page) {
  const hover = page.locator('.monaco-hover').first();
  const before = await hover.boundingBox();
  const sash = page.locator('.monaco-resizable-hover .monaco-sash.orthogonal-edge-south:not(.disabled)').first();
  const box = await sash.boundingBox({ timeout: 2_000 });
  if (!box) throw new Error('no resize handle');
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, box.y + 240, { steps: 10 });
  await page.mouse.up();
  const after = await hover.boundingBox();
  if (!after) throw new Error('the hover closed while it was resized');
  // Keep the pointer over the hover so that it stays open for the screenshot.
  await page.mouse.move(after.x + 40, after.y + 40, { steps: 4 });
  if (after.height <= before.height) throw new Error('the hover did not grow');
  return after;
}

/**
 * Runs the UI test against `workspace` (a fresh copy of the example). Returns the list of
 * screenshots taken; throws on failure (after a screenshot of the failing state).
 */
export async function runUiTest({ browser, server, workspace, artifacts }) {
  const context = await newContext(browser);
  await enableSmokeTestDriver(context);
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.setDefaultTimeout(TIMEOUT);
  const shots = [];
  const shot = async (name, description, options = {}) => {
    const file = path.join(artifacts, `${name}.png`);
    await page.screenshot({ path: file, ...options });
    shots.push({ file, description });
    log(`ui: screenshot ${path.relative(process.cwd(), file)} (${description})`);
  };
  const step = (message) => log(`ui: ${message}`);

  try {
    step('opening the workbench');
    await openWorkbench(page, server, workspace, 'extract.py');

    step('Quick Open extract.py');
    await quickOpen(page, 'extract.py');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-line', { hasText: 'psycopg2.connect' }).waitFor();

    step('waiting for the PW101 squiggle on the credential line');
    const credentialLine = editor.locator('.view-line', { hasText: 'postgresql://' });
    // The error squiggle under the connection URL (other rules may mark other code).
    const squiggleBox = await (await page.waitForFunction(errorSquiggleUnder, 'postgresql://', { timeout: TIMEOUT })).jsonValue();
    const lineBox = await credentialLine.boundingBox();
    await page.mouse.move(5, 5);
    await shot('01-squiggle', 'extract.py with the PW101 error squiggle under the connection URL');

    step('hovering the squiggle');
    await page.mouse.move(squiggleBox.x + squiggleBox.width / 2, squiggleBox.y + squiggleBox.height / 2);
    const hover = page.locator('.monaco-hover .hover-contents', { hasText: 'PW101' }).first();
    await hover.waitFor();
    const hoverText = (await page.locator('.monaco-hover').first().innerText()).replace(/\s+/g, ' ');
    assert.match(hoverText, /PW101/);
    await shot('02-hover', 'the hover on the squiggle: the PW101 message, why it matters, the fix');
    // For the README picture, drag the hover's bottom edge down so that nothing is scrolled
    // away (VS Code hovers are resizable). Cosmetic: the test goes on if this does not work.
    const hoverBox = await expandHover(page).catch((error) => {
      log(`ui: could not enlarge the hover (${error.message.split('\n')[0]}); README crop shows it as it is`);
      return page.locator('.monaco-hover').first().boundingBox();
    });
    const editorBox = await editor.boundingBox();
    if (hoverBox && editorBox && lineBox) {
      const top = Math.max(editorBox.y, lineBox.y - 2 * lineBox.height - 4);
      const bottom = Math.min(editorBox.y + editorBox.height, hoverBox.y + hoverBox.height + 12);
      const right = Math.min(editorBox.x + editorBox.width, Math.max(hoverBox.x + hoverBox.width, squiggleBox.x + squiggleBox.width) + 1);
      const clip = { x: editorBox.x, y: top, width: right - editorBox.x, height: bottom - top };
      await shot('02-hover-readme', 'README crop of the squiggle and its hover', { clip });
    } else {
      // The hover can close while it is being resized; the crop is cosmetic, the hover was already checked.
      log('ui: the hover closed before the README crop; no crop this run');
    }

    step('Problems panel');
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'PW101' }).first();
    await problem.waitFor();
    const problemText = (await problem.innerText()).replace(/\s+/g, ' ');
    assert.match(problemText, /password (literal )?in connection URL/i);
    // The rule code is rendered as a link to the rule's documentation page.
    const codeLink = problem.locator('a, .monaco-link, .code-link', { hasText: 'PW101' }).first();
    await codeLink.waitFor();
    const problemCount = await page.locator('#status\\.problems').innerText();
    await shot('03-problems', 'the Problems panel listing the PW101 finding with its rule link');

    step('Ctrl+. on the credential');
    await page.keyboard.press('Control+Shift+M'); // toggles the panel closed again
    const menu = await openQuickFixMenu(page, credentialLine.locator('span', { hasText: 'postgresql' }).first(), 'SALES_DB_URL', TIMEOUT);
    const titles = (await menu.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    await shot('04-code-actions', 'the Ctrl+. menu with the PW101 quick fixes');
    const preferred = menu.locator('.monaco-list-row').filter({ hasText: new RegExp(`^\\s*${PW101_PREFERRED.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });
    assert.equal(await preferred.count(), 1, `the menu does not offer "${PW101_PREFERRED}" exactly once: ${JSON.stringify(titles)}`);
    await preferred.click();

    step('waiting for the fix and for the squiggle to go');
    await editor.locator('.view-line', { hasText: 'os.environ["SALES_DB_URL"]' }).waitFor();
    await page.waitForFunction(`!(${errorSquiggleUnder})(${JSON.stringify('"SALES_DB_URL"')})`, undefined, { timeout: TIMEOUT });
    const text = await editorText(page);
    assert.ok(text.includes('import os'), `the editor lacks "import os":\n${text}`);

    step('saving');
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    const saved = readFileSync(path.join(workspace, 'extract.py'), 'utf8');
    assert.ok(saved.includes('os.environ["SALES_DB_URL"]'), `saved extract.py lacks os.environ["SALES_DB_URL"]:\n${saved}`);
    assert.match(saved, /^import os$/m);
    assert.ok(!saved.includes('user:pass@'), 'the credential is still in the saved file');
    // Move the cursor off the fixed line so that no stale lightbulb is left in the picture.
    await page.keyboard.press('Control+Home');
    await page.mouse.move(5, 5);
    await editor.locator('.lightBulbWidget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    await shot('05-fixed', 'extract.py after the quick fix: os.environ["SALES_DB_URL"], import os, no PW101 squiggle');

    const reports = await runReportCommands({ page, shot, step });
    return { shots, hoverText, problemText, problemCount, titles, reports };
  } catch (error) {
    await shot('ui-failure', 'the page when the UI test failed').catch(() => {});
    error.message += `\n(browser console, last lines:\n${consoleLines.slice(-20).join('\n')})`;
    throw error;
  } finally {
    await context.close();
  }
}
