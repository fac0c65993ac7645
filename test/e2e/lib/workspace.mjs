// Workspaces for the end-to-end tests: fresh copies of the example pipeline (editors must never
// write into the fixtures), and what the CLI says about them, which the editors must match.

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { capture } from './util.mjs';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const EXAMPLE = path.join(ROOT, 'examples', 'sales_etl');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export const EXPECTED_FILE = '.pipewise-e2e-expected.json';
export const RESULTS_FILE = '.pipewise-e2e-results.json';

/** The quick fixes the README documents for the example's PW101 finding. */
export const PW101_PREFERRED = 'Pipewise (PW101): Read the URL from environment variable SALES_DB_URL';
export const PW101_TITLES = [
  PW101_PREFERRED,
  'Pipewise (PW101): Read only the password from environment variable SALES_DB_PASSWORD',
  'Pipewise (PW101): Read the URL from environment variable SALES_DB_URL and add it to .env.example',
  'Pipewise (PW101): Disable PW101 for this line',
  'Pipewise (PW101): Show documentation for PW101',
];

/** Copies the example into `<parent>/<name>`, plus `extra` files ({ relativePath: text }). */
export function copyExample(parent, name, extra = {}) {
  const dir = path.join(parent, name);
  cpSync(EXAMPLE, dir, { recursive: true });
  for (const [file, text] of Object.entries(extra)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/** Workspace files (relative, forward slashes), dot files and folders left out. */
export function listFiles(dir, prefix = '') {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) files.push(...listFiles(full, relative));
    else files.push(relative);
  }
  return files;
}

/** `pipewise check <target> --format json` run in `cwd` (exit 0 clean, 1 findings). */
export function cliFindings(cwd, target = '.') {
  return JSON.parse(capture(process.execPath, [CLI, 'check', target, '--format', 'json'], { cwd, okCodes: [0, 1] }));
}

/**
 * Jupyter notebooks are opened in the notebook editor, not as text: their cells' findings are checked
 * by the notebook suite (vscode-notebook.mjs); as a text document an .ipynb is its JSON.
 */
const isNotebook = (file) => file.endsWith('.ipynb');

/** Workspace-relative file → its findings ([] for a clean file), for every workspace file opened as text. */
export function findingsByFile(dir) {
  const byFile = Object.fromEntries(listFiles(dir).filter((file) => !isNotebook(file)).map((file) => [file, []]));
  for (const f of cliFindings(dir)) {
    const file = f.file.split(path.sep).join('/');
    if (isNotebook(file)) continue;
    (byFile[file] ??= []).push({ rule: f.rule, severity: f.severity, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn });
  }
  return byFile;
}

/** Workspace-relative file → its text after `pipewise check --fix` (on a scratch copy). */
export function fixedByCli(dir, scratchParent) {
  const copy = mkdtempSync(path.join(scratchParent, 'cli-fix-'));
  cpSync(dir, copy, { recursive: true });
  capture(process.execPath, [CLI, 'check', '.', '--fix'], { cwd: copy, okCodes: [0, 1] });
  const texts = Object.fromEntries(listFiles(copy).map((file) => [file, readFileSync(path.join(copy, file), 'utf8')]));
  rmSync(copy, { recursive: true, force: true });
  return texts;
}

/** Writes what the in-host suite compares against into the workspace (see in-host/suite.ts). */
export function writeExpected(dir, { extensionId, scratchParent, timeoutMs = 30_000 }) {
  const expected = {
    extensionId,
    findings: findingsByFile(dir),
    fixedByCli: fixedByCli(dir, scratchParent),
    codeActions: { file: 'extract.py', rule: 'PW101', titles: PW101_TITLES, preferred: PW101_PREFERRED },
    timeoutMs,
  };
  writeFileSync(path.join(dir, EXPECTED_FILE), `${JSON.stringify(expected, null, 2)}\n`);
  return expected;
}

/** A file whose only PW101 fix is unsafe: fix-all must leave it alone. */
export const UNSAFE_ONLY_FIXTURE = { 'warehouse.yaml': 'warehouse:\n  user: loader\n  password: hunter2\n' };
