// Debian's Chromium driven by playwright-core (Playwright's own browser download needs a
// network these machines do not have).

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.PIPEWISE_E2E_CHROMIUM || '/usr/bin/chromium';

// Without the background-networking flags Chromium floods a closed network with requests.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser({ headed = false } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
  return chromium.launch({ executablePath: CHROMIUM, headless: !headed, args: ARGS });
}

export async function newContext(browser) {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
}

/**
 * Makes the workbench believe it runs under VS Code's smoke-test driver: code-server has no
 * flag for it, and a built workbench ignores a development payload (extension tests) without
 * it. The flag is patched into the configuration the page reads from a data attribute.
 * (Rewriting the HTML with page.route() instead breaks the websocket.)
 */
export async function enableSmokeTestDriver(context) {
  await context.addInitScript(() => {
    const getAttribute = Element.prototype.getAttribute;
    Element.prototype.getAttribute = function patchedGetAttribute(name) {
      const value = getAttribute.call(this, name);
      if (name === 'data-settings' && this.id === 'vscode-workbench-web-configuration' && value) {
        try {
          const config = JSON.parse(value);
          config.developmentOptions = { ...(config.developmentOptions ?? {}), enableSmokeTestDriver: true };
          return JSON.stringify(config);
        } catch {
          return value;
        }
      }
      return value;
    };
  });
}

/** Opens the workbench on `workspace` and waits until the explorer lists `listedFile` (the remote extension host is connected). */
export async function openWorkbench(page, server, workspace, listedFile) {
  await page.goto(server.folderUrl(workspace));
  await page.locator('.monaco-workbench').waitFor();
  await page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${listedFile}"]`).waitFor();
}

/** Quick Open (Ctrl+P) `fileName` and wait until its editor tab is the active one. */
export async function quickOpen(page, fileName) {
  await page.keyboard.press('Control+P');
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.waitFor();
  await page.keyboard.type(fileName);
  await quickInput.locator(`.monaco-list-row[aria-label*="${fileName}"]`).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label*="${fileName}"]`).waitFor();
}

/**
 * Ctrl+. on `target` until the code action menu lists a row with `rowText`; returns the menu. A keypress
 * right after the click is sometimes lost on a loaded machine (the light bulb shows, no menu opens):
 * like a user, press again.
 */
export async function openQuickFixMenu(page, target, rowText, timeoutMs) {
  const menu = page.locator('.action-widget');
  for (let attempt = 1; ; attempt++) {
    await target.click();
    await page.keyboard.press('Control+.');
    try {
      await menu.locator('.monaco-list-row', { hasText: rowText }).first().waitFor({ timeout: timeoutMs / 3 });
      return menu;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}
