// In-host end-to-end suite: runs inside a real VS Code extension host (code-server's, or a
// desktop VS Code through @vscode/test-electron) against the *packaged* extension, and checks
// what a user gets through the public API: diagnostics equal to the CLI's findings, the quick
// fixes offered, fix-all applying only safe fixes (exactly what `pipewise check --fix` writes),
// hover, and settings taking effect without a reload.
//
// Inputs: the workspace folder holds `.pipewise-e2e-expected.json`, written by the runner from
// the CLI (see ExpectedFile). Output: `.pipewise-e2e-results.json` in the same folder, and the
// promise returned by run() (rejected = failure), which the host turns into the exit code.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

export const EXPECTED_FILE = '.pipewise-e2e-expected.json';
export const RESULTS_FILE = '.pipewise-e2e-results.json';

interface ExpectedFinding {
  rule: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** 1-based, as the CLI prints them. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface ExpectedFile {
  extensionId: string;
  /** Workspace-relative path → the CLI's findings in that file (empty when clean). */
  findings: Record<string, ExpectedFinding[]>;
  /** Workspace-relative path → the file's text after `pipewise check --fix` (safe fixes only). */
  fixedByCli: Record<string, string>;
  /** The file, rule and code action titles to check at the rule's first finding. */
  codeActions: { file: string; rule: string; titles: string[]; preferred: string };
  timeoutMs: number;
}

const SEVERITY: Record<ExpectedFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

const root = (): string => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs a workspace folder');
  return folder.uri.fsPath;
};

function uriOf(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(root(), relative));
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const { code } = diagnostic;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

function pipewiseDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pipewise');
}

/** A comparable, sorted summary: `PW101 6:29-6:74 error`. */
function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string[] {
  const names = Object.fromEntries(Object.entries(SEVERITY).map(([name, value]) => [value, name]));
  return diagnostics
    .map((d) => `${codeOf(d)} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${names[d.severity]}`)
    .sort();
}

function describeExpected(findings: readonly ExpectedFinding[]): string[] {
  return findings.map((f) => `${f.rule} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity}`).sort();
}

/**
 * Resolves once `check` holds for the file's Pipewise diagnostics, re-checking on every
 * diagnostics change; rejects after `timeout` ms with what was last seen.
 */
function waitForDiagnostics(uri: vscode.Uri, what: string, check: (d: vscode.Diagnostic[]) => boolean, timeout: number): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      subscription.dispose();
      if (error) reject(error);
      else resolve(pipewiseDiagnostics(uri));
    };
    const test = () => {
      if (check(pipewiseDiagnostics(uri))) done();
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) test();
    });
    const timer = setTimeout(() => {
      done(new Error(`timed out after ${timeout} ms waiting for ${what} in ${path.basename(uri.fsPath)}; last seen: ${JSON.stringify(describeDiagnostics(pipewiseDiagnostics(uri)))}`));
    }, timeout);
    test();
  });
}

/** Resolves when no diagnostics changed for `quiet` ms (bounded by `timeout`). */
function waitForQuiet(quiet: number, timeout: number): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(finish, quiet);
    const cap = setTimeout(finish, timeout);
    const subscription = vscode.languages.onDidChangeDiagnostics(() => {
      clearTimeout(timer);
      timer = setTimeout(finish, quiet);
    });
    function finish() {
      clearTimeout(timer);
      clearTimeout(cap);
      subscription.dispose();
      resolve();
    }
  });
}

type Test = { name: string; fn: () => Promise<void> };

export async function run(): Promise<void> {
  const expected = JSON.parse(readFileSync(path.join(root(), EXPECTED_FILE), 'utf8')) as ExpectedFile;
  const timeout = expected.timeoutMs;
  const results: Array<{ name: string; ok: boolean; ms: number; error?: string }> = [];
  const tests: Test[] = [];
  const test = (name: string, fn: () => Promise<void>) => tests.push({ name, fn });
  const documents = new Map<string, vscode.TextDocument>();
  const { file: actionFile, rule: actionRule } = expected.codeActions;
  const actionUri = uriOf(actionFile);

  test('the packaged extension is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(expected.extensionId);
    assert.ok(extension, `extension ${expected.extensionId} not found`);
    await extension.activate();
    assert.ok(extension.isActive);
  });

  test('diagnostics of every file equal the CLI findings', async () => {
    // Clean files first: by the time the last file's findings arrive, the server has been
    // through the earlier ones; a quiet period then confirms that nothing else arrives.
    const files = Object.keys(expected.findings).sort((a, b) => expected.findings[a].length - expected.findings[b].length || a.localeCompare(b));
    for (const file of files) documents.set(file, await vscode.workspace.openTextDocument(uriOf(file)));
    for (const file of files) {
      const want = describeExpected(expected.findings[file]);
      await waitForDiagnostics(uriOf(file), `${want.length} findings`, (d) => d.length === want.length && (want.length === 0 || d.length > 0), timeout);
    }
    await waitForQuiet(1000, timeout);
    const mismatches: string[] = [];
    for (const file of files) {
      const got = describeDiagnostics(pipewiseDiagnostics(uriOf(file)));
      const want = describeExpected(expected.findings[file]);
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${file}: editor ${JSON.stringify(got)} != CLI ${JSON.stringify(want)}`);
    }
    assert.deepEqual(mismatches, []);
  });

  test(`every ${actionRule} diagnostic links to its rule page`, async () => {
    const [diagnostic] = pipewiseDiagnostics(actionUri).filter((d) => codeOf(d) === actionRule);
    assert.ok(diagnostic, `no ${actionRule} diagnostic in ${actionFile}`);
    const { code } = diagnostic;
    assert.ok(typeof code === 'object' && code !== null && 'target' in code, 'diagnostic.code has no target link');
    assert.match(code.target.toString(), new RegExp(`${actionRule}[^/]*$`));
  });

  test(`code actions at the ${actionRule} finding offer the documented fixes`, async () => {
    const [diagnostic] = pipewiseDiagnostics(actionUri).filter((d) => codeOf(d) === actionRule);
    const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', actionUri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    for (const title of expected.codeActions.titles) assert.ok(titles.includes(title), `missing code action "${title}"; offered: ${JSON.stringify(titles)}`);
    // Other rules' findings on the same code bring their own actions; only this rule's count here.
    const preferred = actions
      .filter((a): a is vscode.CodeAction => 'isPreferred' in a && a.isPreferred === true && a.title.startsWith(`Pipewise (${actionRule})`))
      .map((a) => a.title);
    assert.deepEqual(preferred, [expected.codeActions.preferred]);
  });

  test(`hover on the ${actionRule} finding explains it`, async () => {
    const [diagnostic] = pipewiseDiagnostics(actionUri).filter((d) => codeOf(d) === actionRule);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', actionUri, diagnostic.range.start.translate(0, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.includes(actionRule), `hover does not mention ${actionRule}: ${JSON.stringify(text.slice(0, 300))}`);
  });

  test('settings changes take effect without a reload', async () => {
    const config = () => vscode.workspace.getConfiguration('pipewise', actionUri);
    const target = vscode.ConfigurationTarget.Workspace;
    const has = (d: vscode.Diagnostic[], severity?: vscode.DiagnosticSeverity) => d.some((x) => codeOf(x) === actionRule && (severity === undefined || x.severity === severity));
    try {
      await config().update('severity', { [actionRule]: 'warning' }, target);
      await waitForDiagnostics(actionUri, `${actionRule} as a warning`, (d) => has(d, vscode.DiagnosticSeverity.Warning) && !has(d, vscode.DiagnosticSeverity.Error), timeout);
      await config().update('ignore', [actionRule], target);
      await waitForDiagnostics(actionUri, `${actionRule} gone`, (d) => !has(d), timeout);
    } finally {
      await config().update('severity', undefined, target);
      await config().update('ignore', undefined, target);
    }
    await waitForDiagnostics(actionUri, `${actionRule} back as an error`, (d) => has(d, vscode.DiagnosticSeverity.Error), timeout);
  });

  test('the report commands open the review, the checklist and the design', async () => {
    const textOf = async (uri: vscode.Uri | undefined, what: string) => {
      assert.ok(uri instanceof vscode.Uri, `${what}: the command opened no document`);
      return (await vscode.workspace.openTextDocument(uri)).getText();
    };
    const review = await textOf(await vscode.commands.executeCommand<vscode.Uri | undefined>('pipewise.reviewPipeline'), 'review');
    assert.match(review, /^# Pipeline review: /m);
    assert.match(review, /^## P1 /m);
    assert.match(review, /^### PW101 /m);
    const checklist = await textOf(await vscode.commands.executeCommand<vscode.Uri | undefined>('pipewise.generateChecklist'), 'checklist');
    assert.match(checklist, /^- ❌ Fails — \*\*No hardcoded credentials\*\*$/m);
    const answers = {
      name: 'Customer events to Snowflake',
      sources: [{ type: 'stream', name: 'customer_events', system: 'kafka', volume: '10K events/minute' }],
      destination: { type: 'snowflake', name: 'analytics' },
      latency: { mode: 'near-real-time', freshness_minutes: 15 },
      aggregations: ['hourly'],
    };
    const design = await textOf(await vscode.commands.executeCommand<vscode.Uri | undefined>('pipewise.generateDesign', answers), 'design');
    for (const heading of ['# Pipeline design: Customer events to Snowflake', '## Architecture', '## Risks and mitigations']) assert.ok(design.split('\n').includes(heading), `the design lacks "${heading}"`);
    const invalid = await vscode.commands.executeCommand<vscode.Uri | undefined>('pipewise.generateDesign', { name: 'x', sources: [{ type: 'kafka-ish', name: 'e' }], destination: 'snowflake', latency: 'batch' });
    assert.equal(invalid, undefined, 'invalid answers opened a document');
  });

  test('source.fixAll.pipewise applies exactly the safe fixes (as `pipewise check --fix`)', async () => {
    const kind = vscode.CodeActionKind.SourceFixAll.append('pipewise');
    const mismatches: string[] = [];
    for (const [file, document] of documents) {
      const uri = document.uri;
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, kind.value);
      const fixAll = actions.filter((a) => a.kind && kind.contains(a.kind));
      assert.ok(fixAll.length <= 1, `${file}: more than one fix-all action`);
      if (fixAll[0]?.edit) assert.ok(await vscode.workspace.applyEdit(fixAll[0].edit), `${file}: applyEdit failed`);
      const want = expected.fixedByCli[file];
      if (document.getText() !== want) mismatches.push(`${file}: editor after fix-all differs from the CLI's --fix output:\n--- editor\n${document.getText()}\n--- cli\n${want}`);
    }
    assert.deepEqual(mismatches, []);
    // Only safe fixes: the unsafe companion fix (.env.example) must not have run.
    assert.ok(!existsSync(path.join(root(), '.env.example')), 'fix-all created .env.example (an unsafe fix)');
    await waitForDiagnostics(actionUri, `no ${actionRule} after fix-all`, (d) => !d.some((x) => codeOf(x) === actionRule), timeout);
    await vscode.workspace.saveAll(false);
  });

  for (const { name, fn } of tests) {
    const started = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - started });
      console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name, ok: false, ms: Date.now() - started, error: message });
      console.error(`  ✘ ${name}\n${message}`);
    }
  }
  writeFileSync(path.join(root(), RESULTS_FILE), `${JSON.stringify(results, null, 2)}\n`);
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`${failed.length} of ${results.length} in-host tests failed: ${failed.map((r) => r.name).join('; ')}`);
}
