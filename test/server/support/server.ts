// Starts the bundled server for LSP tests (building dist/ first when it is missing or older than
// the sources it bundles) and offers small text helpers to apply the edits the server returns.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../../helpers/lsp-client';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_BUNDLE = path.join(REPO_ROOT, 'dist', 'server.js');
const LOCK = path.join(REPO_ROOT, 'dist', '.test-build-lock');

/** Whether dist/server.js is newer than every repository source it was bundled from (its source map lists them). */
function bundleIsFresh(): boolean {
  try {
    const built = statSync(SERVER_BUNDLE).mtimeMs;
    const map = JSON.parse(readFileSync(`${SERVER_BUNDLE}.map`, 'utf8')) as { sources: string[] };
    return map.sources
      .map((source) => path.resolve(path.dirname(SERVER_BUNDLE), source))
      .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`))
      .every((file) => existsSync(file) && statSync(file).mtimeMs <= built);
  } catch {
    return false;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

let ensured: { error: Error | null } | undefined;

/** Builds dist/server.js unless it is up to date (once per test process). */
export function ensureBundle(): void {
  ensured ??= (() => {
    try {
      buildIfStale();
      return { error: null };
    } catch (error) {
      return { error: error instanceof Error ? error : new Error(String(error)) };
    }
  })();
  if (ensured.error) throw ensured.error;
}

/** Test files run in parallel: a lock directory makes them build one at a time. */
function buildIfStale(): void {
  if (bundleIsFresh()) return;
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK}; remove it if no build is running`);
      sleep(200);
    }
  }
  try {
    if (bundleIsFresh()) return;
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    // Other bundles (client, CLI) may fail while their owners work on them; only the server's matters.
    if (!bundleIsFresh()) throw new Error(`building dist/server.js failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`);
  } finally {
    rmdirSync(LOCK);
  }
}

export interface ClientCapabilityOptions {
  configuration?: boolean;
  showDocument?: boolean;
  documentChanges?: boolean;
  /** textDocument/diagnostic (pull diagnostics), with workspace/diagnostic/refresh. */
  pullDiagnostics?: boolean;
}

export function clientCapabilities(options: ClientCapabilityOptions = {}): Record<string, unknown> {
  return {
    workspace: {
      configuration: options.configuration ?? true,
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true },
      workspaceFolders: true,
      workspaceEdit: { documentChanges: options.documentChanges ?? true, resourceOperations: ['create'] },
      ...(options.pullDiagnostics ? { diagnostics: { refreshSupport: true } } : {}),
    },
    window: { showDocument: { support: options.showDocument ?? true }, workDoneProgress: true },
    textDocument: {
      publishDiagnostics: { versionSupport: true, relatedInformation: true },
      ...(options.pullDiagnostics ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
  };
}

/** A fresh workspace folder with the given files. */
export function createWorkspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-lsp-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export function uriOf(dir: string, name: string): string {
  return pathToFileURL(path.join(dir, name)).toString();
}

export interface StartOptions extends ClientCapabilityOptions {
  workspace: string;
  /** The `pipewise` section answered to workspace/configuration (per scope URI when a function). */
  settings?: unknown | ((scopeUri: string | undefined) => unknown);
  initializationOptions?: unknown;
}

export async function startServer(options: StartOptions): Promise<LspClient> {
  ensureBundle();
  const client = new LspClient({ args: [SERVER_BUNDLE, '--stdio'], cwd: options.workspace });
  setSettings(client, options.settings ?? {});
  const workspaceUri = pathToFileURL(options.workspace).toString();
  await client.initialize({
    rootUri: workspaceUri,
    workspaceFolders: [{ uri: workspaceUri, name: path.basename(options.workspace) }],
    capabilities: clientCapabilities(options),
    initializationOptions: options.initializationOptions ?? { extensionPath: REPO_ROOT },
  });
  return client;
}

/** Changes what the client answers to workspace/configuration. */
export function setSettings(client: LspClient, settings: unknown | ((scopeUri: string | undefined) => unknown)): void {
  client.onRequest('workspace/configuration', (params) =>
    (params as { items: Array<{ scopeUri?: string }> }).items.map((item) => (typeof settings === 'function' ? settings(item.scopeUri) : settings)),
  );
}

export interface Position {
  line: number;
  character: number;
}

export interface TextEdit {
  range: { start: Position; end: Position };
  newText: string;
}

export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  return Math.min(offset + position.character, lineEnd < 0 ? text.length : lineEnd);
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Applies LSP edits (non-overlapping, positions in the original text) like a client does. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const resolved = edits.map((edit, order) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText, order }));
  resolved.sort((a, b) => b.start - a.start || b.order - a.order);
  let result = text;
  for (const edit of resolved) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

export interface ChangeEvent {
  range: TextEdit['range'];
  text: string;
}

/** The LSP change events that turn the document into the edited text, one per edit, last first. */
export function changeEventsOf(text: string, edits: readonly TextEdit[]): ChangeEvent[] {
  return edits
    .map((edit, order) => ({ edit, start: offsetAt(text, edit.range.start), order }))
    .sort((a, b) => b.start - a.start || b.order - a.order)
    .map(({ edit }) => ({ range: edit.range, text: edit.newText }));
}

/** The diagnostics of one rule: tests check one rule's behaviour while every rule runs. */
export function ofRule<T extends { code?: string | number }>(diagnostics: readonly T[], ruleId = 'PW101'): T[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === ruleId);
}
