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
