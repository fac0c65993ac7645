// The report commands from the Command Palette, as a user runs them: "Pipewise: Generate Pipeline
// Design" (its wizard completed with Enter on every pre-filled step), "Pipewise: Review Pipeline"
// and "Pipewise: Generate Production Checklist". Each opens Markdown beside the code with the
// Markdown preview in front; the preview must show the document's main sections.

import assert from 'node:assert/strict';

const TIMEOUT = 30_000;
const MAX_WIZARD_STEPS = 30;

/** Runs a command from the palette: F1, type its title, Enter on its row. */
async function runFromPalette(page, title) {
  await page.keyboard.press('F1');
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor();
  await page.keyboard.type(title);
  await widget.locator('.monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Runs in the page: what identifies the quick input's current step, or null when it is hidden. */
function quickInputState() {
  const widget = document.querySelector('.quick-input-widget');
  if (!widget || widget.style.display === 'none' || widget.offsetParent === null) return null;
  const input = widget.querySelector('.quick-input-box input');
  const message = widget.querySelector('.quick-input-message')?.textContent ?? '';
  return `${input?.getAttribute('placeholder') ?? ''}|${message}|${input?.value ?? ''}`;
}

/**
 * The frame of the Markdown preview showing `heading` in an h1. Webviews are iframes (an outer
 * host frame and the content's frame) laid over the editor, so frames are searched, not the DOM.
 */
async function waitForPreview(page, fileName, heading) {
  await page.locator('.tabs-container .tab', { hasText: `Preview ${fileName}` }).first().waitFor({ timeout: TIMEOUT });
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const found = await frame.locator('h1', { hasText: heading }).count().catch(() => 0);
      if (found > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no Markdown preview with the heading "${heading}" within ${TIMEOUT} ms`);
    await page.waitForTimeout(200);
  }
}

async function headingsOf(preview) {
  return (await preview.locator('h1, h2').allInnerTexts()).map((t) => t.trim());
}

/** The state of the wizard's first step, once it has replaced the palette (after the hints request). */
async function firstWizardStep(page) {
  const palette = 'Pipewise: Generate Pipeline Design';
  const handle = await page.waitForFunction(`(() => { const s = (${quickInputState})(); return s !== null && !s.includes(${JSON.stringify(palette)}) && s; })()`, undefined, { timeout: TIMEOUT });
  return handle.jsonValue();
}

/**
 * Completes the design wizard with Enter on every step (each is pre-filled from the folder) and
 * returns the steps seen; stops when the quick input closes for good.
 */
async function acceptWizardDefaults(page, step) {
  const steps = [];
  let state = await firstWizardStep(page);
  for (let i = 0; i < MAX_WIZARD_STEPS; i++) {
    steps.push(state);
    step(`wizard: Enter on "${state.replace(/\|/g, ' / ')}"`);
    await page.keyboard.press('Enter');
    const previous = JSON.stringify(state);
    const next = await page.waitForFunction(
      `(() => { const s = (${quickInputState})(); if (s !== null && s !== ${previous}) return s; return document.querySelector('.tabs-container .tab[aria-label*="pipeline-design.md"]') ? 'done' : false; })()`,
      undefined,
      { timeout: TIMEOUT },
    );
    state = await next.jsonValue();
    if (state === 'done') return steps;
  }
  throw new Error(`the design wizard did not finish after ${MAX_WIZARD_STEPS} steps: ${JSON.stringify(steps)}`);
}

export async function runReportCommands({ page, shot, step }) {
  await page.keyboard.press('Escape');
  // More room for the code and the report side by side.
  await page.keyboard.press('Control+B');
  await page.locator('.part.sidebar').waitFor({ state: 'hidden' });

  step('palette: Pipewise: Generate Pipeline Design, Esc at the first step');
  await runFromPalette(page, 'Pipewise: Generate Pipeline Design');
  await firstWizardStep(page);
  await page.keyboard.press('Escape');
  await page.waitForFunction(`(${quickInputState})() === null`, undefined, { timeout: TIMEOUT });
  assert.equal(await page.locator('.tabs-container .tab[aria-label*="pipeline-design.md"]').count(), 0, 'Esc in the wizard still opened a design');

  step('palette: Pipewise: Generate Pipeline Design');
  await runFromPalette(page, 'Pipewise: Generate Pipeline Design');
  const wizard = await acceptWizardDefaults(page, step);
  const design = await waitForPreview(page, 'pipeline-design.md', 'Pipeline design: sales_etl');
  const designHeadings = await headingsOf(design);
  for (const heading of ['Pipeline design: sales_etl', 'Architecture', 'Risks and mitigations']) {
    assert.ok(designHeadings.includes(heading), `the design preview lacks "${heading}": ${JSON.stringify(designHeadings)}`);
  }
  await shot('06-design', 'the pipeline design beside extract.py, from the wizard pre-filled with the example');

  step('palette: Pipewise: Review Pipeline');
  await runFromPalette(page, 'Pipewise: Review Pipeline');
  const review = await waitForPreview(page, 'pipeline-review.md', 'Pipeline review: ws-ui');
  const reviewHeadings = await headingsOf(review);
  assert.ok(reviewHeadings.some((h) => /^P1\b/.test(h)), `the review preview has no P1 section: ${JSON.stringify(reviewHeadings)}`);
  await shot('07-review', 'the pipeline review beside extract.py, P1 findings first');

  step('palette: Pipewise: Generate Production Checklist');
  await runFromPalette(page, 'Pipewise: Generate Production Checklist');
  const checklist = await waitForPreview(page, 'production-checklist.md', 'Production-readiness checklist: ws-ui');
  const items = (await checklist.locator('li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  assert.ok(items.some((t) => t.includes('❌ Fails — No hardcoded credentials')), `the checklist lacks the failing credentials item: ${JSON.stringify(items.slice(0, 5))}`);
  const links = await checklist.locator('a', { hasText: 'extract.py' }).count();
  assert.ok(links > 0, 'the checklist preview shows no link to extract.py (links must render in the preview)');
  await shot('08-checklist', 'the production-readiness checklist beside extract.py');
  return { wizard, designHeadings, reviewHeadings };
}
