// The server's workspace model: one engine WorkspaceModel per workspace folder, scanned in the
// background after `initialized` (with $/progress, yielding every few milliseconds so hovers, code
// actions and open documents' diagnostics are answered meanwhile) and kept current from open
// documents (their live text, once typing pauses) and watched file events (files that are not open).
// When the model changes, the workspace rules run again (debounced; a newer change supersedes a
// pending run) and their findings are published with each file's diagnostics: merged into open
// documents' own, and on their own for files that are not open (pipeline.yaml's P3 findings show
// in Problems without opening it).

import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType, type Connection, type Diagnostic, type FileEvent, type InitializeParams, type WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../engine/engine';
import type { Finding, ProjectView, Rule } from '../engine/types';
import { findIgnoreTop, GitignoreRules, SKIPPED_DIRECTORIES } from '../engine/workspace/gitignore';
import { lintWorkspace } from '../engine/workspace/lint-workspace';
import { WorkspaceModel } from '../engine/workspace/model';
import { isModelFile, listWorkspaceFiles, readText, scanWorkspace, type ScanProgress } from '../engine/workspace/scan';
import type { DiagnosticsService, WorkspaceDiagnosticsSource } from './diagnostics';
import type { DocumentStore, OpenDocument } from './documents';
import type { DocumentLinter } from './lint';
import { describeError, type Logger } from './logger';
import type { PublishedFinding } from './published-findings';
import type { DocumentSettings, SettingsStore } from './settings';
import { toDiagnostic, type DiagnosticContext } from './to-diagnostic';
import { filePathOf, type WorkspaceFolders } from './workspace-folders';

/**
 * Workspace rules run this long after the last model change (a keystroke burst costs one run), or
 * twice as long as their last run took (up to 2 s): in a large repository a run blocks for ~100 ms,
 * and typing should not wait for one after every short pause.
 */
export const WORKSPACE_LINT_DELAY_MS = 200;
const MAX_WORKSPACE_LINT_DELAY_MS = 2_000;
/**
 * An open document's text reaches the model after a pause in typing this long: re-extracting a
 * large module's stage facts costs tens of milliseconds, too much for every keystroke.
 */
export const MODEL_UPDATE_DELAY_MS = 150;
/** The scan gives the event loop a turn at least this often, so requests wait at most about this long. */
const SCAN_SLICE_MS = 8;
const PROGRESS_EVERY_MS = 100;
/** A folder with more files than this (a monorepo, a folder of many projects) is analysed only this far. */
export const MAX_WORKSPACE_FILES = 50_000;

interface StoredFindings {
  findings: Finding[];
  /** The text the offsets refer to (the model's text of the file when the rules ran). */
  text: string;
  /** Identity of the findings, to publish a file only when they changed. */
  key: string;
}

interface RootState {
  root: string;
  model: WorkspaceModel;
  scanning: boolean;
  /** The scan was cancelled: the model is partial, so the workspace rules (which judge the whole) do not run. */
  cancelled: boolean;
  abort: AbortController;
  timer: NodeJS.Timeout | undefined;
  /** model.version when the workspace rules last ran; -1 before the first run. */
  lintedVersion: number;
  findings: Map<string, StoredFindings>;
  /** Files not open that have non-empty workspace diagnostics published, by URI. */
  publishedClosed: Map<string, string>;
  /** The key of the findings last published for each file (open or not); absent: none. */
  publishedKeys: Map<string, string>;
  /** How long the last run of the workspace rules took. */
  lastRunMs: number;
  /** Publish every file after the next run, changed or not (settings changed). */
  republishAll: boolean;
  disposed: boolean;
}

export class WorkspaceService implements WorkspaceDiagnosticsSource {
  private readonly states = new Map<string, RootState>();
  private engine: Promise<Engine> | undefined;
  private workDoneProgress = false;
  /** The URI the client used for a file it opened: diagnostics for it once closed go to the same URI. */
  private readonly uriByPath = new Map<string, string>();
  /** Pending model updates from open documents, by URI. */
  private readonly pendingUpdates = new Map<string, NodeJS.Timeout>();
  /** Watched-file events are applied one batch at a time, in order. */
  private fileEvents: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly documents: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly folders: WorkspaceFolders,
    private readonly linter: DocumentLinter,
    private readonly diagnostics: DiagnosticsService,
    private readonly rules: readonly Rule[],
    private readonly logger: Logger,
  ) {
    diagnostics.setWorkspace(this);
    documents.onDidClose((doc) => this.documentClosed(doc));
  }

  initialize(params: InitializeParams): void {
    this.workDoneProgress = params.capabilities.window?.workDoneProgress === true;
  }

  /** Starts analysing every workspace folder not analysed yet (on `initialized`). */
  start(): void {
    for (const folder of this.folders.list()) {
      const root = path.resolve(folder);
      if (this.states.has(root)) continue;
      if (isUnscannable(root)) {
        this.logger.info(`not analysing ${root} as a workspace (the file system root, home or temporary folder); open a project folder for cross-file findings`);
        continue;
      }
      this.startRoot(root);
    }
  }

  /** Workspace folders changed: drops removed folders' models and diagnostics, scans added ones. */
  foldersChanged(): void {
    const current = new Set(this.folders.list().map((root) => path.resolve(root)));
    for (const [root, state] of this.states) {
      if (current.has(root)) continue;
      this.stopRoot(state);
      this.states.delete(root);
    }
    this.start();
  }

  /** Settings or project files changed: the workspace rules run again and every file is republished. */
  settingsChanged(): void {
    for (const state of this.states.values()) {
      state.lintedVersion = -1;
      state.republishAll = true;
      this.modelChanged(state, 0);
    }
  }

  /** The model of the folder holding `filePath` (e.g. for reports that need not scan again). */
  modelFor(filePath: string): WorkspaceModel | undefined {
    return this.stateFor(filePath)?.model;
  }

  dispose(): void {
    for (const state of this.states.values()) this.stopRoot(state, false);
    this.states.clear();
    for (const timer of this.pendingUpdates.values()) clearTimeout(timer);
    this.pendingUpdates.clear();
    void this.engine?.then((engine) => engine.dispose()).catch(() => undefined);
  }

  // --- WorkspaceDiagnosticsSource -------------------------------------------------------------

  projectFor(filePath: string): ProjectView | undefined {
    return this.stateFor(filePath)?.model.projectView();
  }

  projectKeyOf(filePath: string): string {
    const state = this.stateFor(filePath);
    if (!state) return '';
    return `${state.model.retriesForScript(filePath)}|${state.model.retriesKey(filePath)}`;
  }

  documentLinted(doc: OpenDocument, settings: DocumentSettings): void {
    const state = this.stateFor(doc.filePath);
    if (!state || (doc.dialect !== 'python' && doc.dialect !== 'yaml')) return;
    if (doc.skipReason || settings.config.isExcluded(doc.filePath)) return;
    this.uriByPath.set(doc.filePath, doc.uri);
    const pending = this.pendingUpdates.get(doc.uri);
    if (pending) clearTimeout(pending);
    const update = () => {
      this.pendingUpdates.delete(doc.uri);
      if (this.documents.get(doc.uri) !== doc || state.disposed) return;
      try {
        this.updateFromDocument(state, doc);
      } catch (error) {
        this.logger.errorOnce(`updating the workspace model from ${doc.filePath} failed: ${describeError(error)}`);
      }
    };
    // The first version goes in at once: opening a file must not wait.
    if (state.model.text(doc.filePath) === undefined) update();
    else this.pendingUpdates.set(doc.uri, setTimeout(update, MODEL_UPDATE_DELAY_MS));
  }

  /** The model takes the document's current text (its facts are cached per version: no re-parse). */
  private updateFromDocument(state: RootState, doc: OpenDocument): void {
    if (doc.skipReason) return;
    const facts = doc.facts();
    if (!facts || state.model.text(doc.filePath) === facts.text) return;
    state.model.updateDocument(facts, doc.filePath);
    this.modelChanged(state);
  }

  findingsFor(doc: OpenDocument, settings: DocumentSettings): PublishedFinding[] {
    const state = this.stateFor(doc.filePath);
    const stored = state?.findings.get(doc.filePath);
    if (!state || !stored) return [];
    // Findings of an older text (the rules run again shortly) keep their place in that text; a
    // version that matches no document keeps their fixes from being applied to the new one.
    const document = stored.text === doc.text.getText() ? doc.text : TextDocument.create(doc.uri, doc.text.languageId, -1, stored.text);
    return this.convert(state, doc.filePath, stored.findings, document, settings);
  }

  // --- Events ----------------------------------------------------------------------------------

  /** workspace/didChangeWatchedFiles: files created, changed or deleted on disk. */
  filesChanged(changes: readonly FileEvent[]): Promise<void> {
    const batch = [...changes];
    this.fileEvents = this.fileEvents.then(() => this.applyFileChanges(batch)).catch((error: unknown) => this.logger.error(`applying file changes failed: ${describeError(error)}`));
    return this.fileEvents;
  }

  private async applyFileChanges(changes: readonly FileEvent[]): Promise<void> {
    const touched = new Set<RootState>();
    let filesAddedOrRemoved = false;
    const open = this.openByPath();
    const ignores = new IgnoreCache();
    for (const change of changes) {
      if (!change.uri.startsWith('file:')) continue;
      const file = path.resolve(filePathOf(change.uri));
      const state = this.stateFor(file);
      if (!state || isInSkippedDirectory(state.root, file)) continue;
      if ((await this.rootSettings(state)).config.isExcluded(file)) continue;
      if (change.type === FileChangeType.Deleted) {
        filesAddedOrRemoved = true;
        if (open.has(file)) continue; // the editor's text is still the truth
        this.removePath(state, file);
        touched.add(state);
        continue;
      }
      let isDirectory = false;
      try {
        isDirectory = (await stat(file)).isDirectory();
      } catch {
        continue; // gone again
      }
      // Like the scan: build outputs and other ignored files are not part of the project.
      if (ignores.ignores(state.root, file, isDirectory)) continue;
      if (change.type === FileChangeType.Created) filesAddedOrRemoved = true;
      if (isDirectory) {
        for (const inner of await listWorkspaceFiles(file, { root: state.root })) await this.readIntoModel(state, inner, open);
      } else {
        await this.readIntoModel(state, file, open);
      }
      touched.add(state);
    }
    // PW402 looks for step scripts on disk: open pipeline configs are checked again.
    if (filesAddedOrRemoved) this.diagnostics.relint((doc) => doc.dialect === 'yaml');
    for (const state of touched) if (!state.disposed) this.modelChanged(state);
  }

  private async readIntoModel(state: RootState, file: string, open: ReadonlyMap<string, OpenDocument>): Promise<void> {
    if (open.has(file) || !isModelFile(file)) {
      state.model.addFile(file);
      return;
    }
    const text = await readText(file, state.root);
    if (text === null) {
      state.model.addFile(file);
      return;
    }
    if (state.model.text(file) === text) return;
    const doc = (await this.getEngine()).analyze(file, text);
    if (doc) state.model.updateDocument(doc, file);
    else state.model.addFile(file);
  }

  private removePath(state: RootState, file: string): void {
    const prefix = file + path.sep;
    for (const listed of state.model.files()) if (listed.startsWith(prefix)) state.model.removeFile(listed);
    state.model.removeFile(file);
  }

  /** A closed document's unsaved edits are gone: the model goes back to the file on disk. */
  private documentClosed(doc: OpenDocument): void {
    const pending = this.pendingUpdates.get(doc.uri);
    if (pending) clearTimeout(pending);
    this.pendingUpdates.delete(doc.uri);
    const state = this.stateFor(doc.filePath);
    if (!state) return;
    void (async () => {
      const text = isModelFile(doc.filePath) ? await readText(doc.filePath, state.root) : null;
      if (state.disposed) return;
      if (text !== null && text !== state.model.text(doc.filePath)) {
        const facts = (await this.getEngine()).analyze(doc.filePath, text);
        if (facts) state.model.updateDocument(facts, doc.filePath);
        this.modelChanged(state);
      } else if (text === null && isModelFile(doc.filePath)) {
        // Never saved (or deleted meanwhile).
        this.removePath(state, doc.filePath);
        this.modelChanged(state);
      }
      // Its workspace findings now show as a closed file's.
      const settings = await this.rootSettings(state);
      this.publishClosed(state, doc.filePath, settings);
    })().catch((error: unknown) => this.logger.error(`closing ${doc.filePath} in the workspace model failed: ${describeError(error)}`));
  }

  // --- Scan ------------------------------------------------------------------------------------

  private startRoot(root: string): void {
    const state: RootState = {
      root,
      model: new WorkspaceModel(root),
      scanning: true,
      cancelled: false,
      abort: new AbortController(),
      timer: undefined,
      lintedVersion: -1,
      findings: new Map(),
      publishedClosed: new Map(),
      publishedKeys: new Map(),
      republishAll: false,
      lastRunMs: 0,
      disposed: false,
    };
    this.states.set(root, state);
    this.scan(state).catch((error: unknown) => this.logger.error(`analysing ${root} failed: ${describeError(error)}`));
  }

  private stopRoot(state: RootState, clear = true): void {
    state.disposed = true;
    state.abort.abort();
    if (state.timer) clearTimeout(state.timer);
    if (clear) for (const uri of state.publishedClosed.keys()) this.send(uri, []);
    state.publishedClosed.clear();
    state.publishedKeys.clear();
  }

  private async scan(state: RootState): Promise<void> {
    const started = performance.now();
    const progress = await this.createProgress();
    progress?.begin('Pipewise: analysing workspace', 0, 'listing files', true);
    progress?.token.onCancellationRequested(() => state.abort.abort());
    let lastYield = performance.now();
    let lastReport = 0;
    let analysed = 0;
    let listed = 0;
    let capped = false;
    try {
      const settings = await this.rootSettings(state);
      const engine = await this.getEngine();
      await scanWorkspace(state.root, engine, {
        model: state.model,
        signal: state.abort.signal,
        onSkip: (file, reason) => this.logger.info(`skipped ${file}: ${reason}`),
        isAnalysedElsewhere: (file) => this.documents.all().some((doc) => doc.filePath === file),
        onError: (file, error) => this.logger.errorOnce(`analysing ${file} failed (the rest of the workspace is analysed): ${describeError(error)}`),
        isIgnored: (file, isDirectory) => {
          if (listed >= MAX_WORKSPACE_FILES) {
            if (!capped) this.logger.warn(`${state.root} has more than ${MAX_WORKSPACE_FILES} files: the workspace model holds the first ${MAX_WORKSPACE_FILES}`);
            capped = true;
            return true;
          }
          if (settings.config.isExcluded(file)) return true;
          if (!isDirectory) listed++;
          return false;
        },
        shouldYield: () => {
          const now = performance.now();
          if (now - lastYield < SCAN_SLICE_MS) return false;
          lastYield = now;
          return true;
        },
        onProgress: (update: ScanProgress) => {
          lastYield = performance.now();
          analysed = update.done;
          if (!progress || update.phase !== 'analysing' || lastYield - lastReport < PROGRESS_EVERY_MS) return;
          lastReport = lastYield;
          progress.report(update.total ? Math.floor((100 * update.done) / update.total) : 0, `${update.done}/${update.total} files`);
        },
      });
    } finally {
      state.scanning = false;
      progress?.done();
    }
    if (state.disposed) return;
    if (state.abort.signal.aborted) {
      state.cancelled = true;
      this.logger.info(`analysing ${state.root} was cancelled: no cross-file findings for it until the server restarts`);
      return;
    }
    this.logger.info(`analysed ${state.root}: ${analysed} files in ${Math.round(performance.now() - started)} ms`);
    // The scan read open documents from disk: their live text wins.
    for (const doc of this.documents.all()) {
      if (this.stateFor(doc.filePath) !== state || doc.skipReason || (doc.dialect !== 'python' && doc.dialect !== 'yaml')) continue;
      const facts = doc.facts();
      if (facts && state.model.text(doc.filePath) !== facts.text) state.model.updateDocument(facts, doc.filePath);
    }
    this.diagnostics.refreshProject();
    this.modelChanged(state, 0);
  }

  private async createProgress(): Promise<WorkDoneProgressServerReporter | null> {
    if (!this.workDoneProgress) return null;
    try {
      return await this.connection.window.createWorkDoneProgress();
    } catch (error) {
      this.logger.errorOnce(`window/workDoneProgress/create failed: ${describeError(error)}`);
      return null;
    }
  }

  // --- Workspace rules -------------------------------------------------------------------------

  private modelChanged(state: RootState, delay = Math.min(MAX_WORKSPACE_LINT_DELAY_MS, Math.max(WORKSPACE_LINT_DELAY_MS, 2 * state.lastRunMs))): void {
    if (state.scanning || state.cancelled || state.disposed) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.runWorkspaceRules(state).catch((error: unknown) => this.logger.error(`workspace rules failed: ${describeError(error)}`));
    }, delay);
  }

  private async runWorkspaceRules(state: RootState): Promise<void> {
    const settings = await this.rootSettings(state);
    // A change while settings were fetched scheduled a newer run.
    if (state.disposed || state.scanning || state.timer) return;
    const version = state.model.version;
    if (version === state.lintedVersion) return;
    state.lintedVersion = version;
    // A step's retries may have changed what PW103 says about open scripts.
    this.diagnostics.refreshProject();
    const started = performance.now();
    const byFile = settings.client.enable
      ? lintWorkspace(state.model, this.rules, settings.config, {
          onRuleError: (ruleId, error) => this.logger.errorOnce(`rule ${ruleId} failed on ${state.root}: ${describeError(error)}`),
        })
      : new Map<string, Finding[]>();
    state.lastRunMs = performance.now() - started;
    const next = new Map<string, StoredFindings>();
    for (const [file, all] of byFile) {
      const findings = settings.baseline ? settings.baseline.filterNew(file, all) : all;
      if (!findings.length) continue;
      next.set(file, { findings, text: state.model.text(file) ?? '', key: keyOf(findings) });
    }
    const all = state.republishAll;
    state.findings = next;
    state.republishAll = false;
    // Publishing thousands of files takes a while: done in slices, so requests are answered
    // meanwhile; a newer run (it replaced state.findings) takes over from what was published.
    let open = this.openByPath();
    let sliceStart = performance.now();
    for (const file of [...new Set([...state.publishedKeys.keys(), ...next.keys()])]) {
      if (!all && state.publishedKeys.get(file) === next.get(file)?.key) continue;
      const doc = open.get(file);
      if (doc) {
        this.diagnostics.republish(doc.uri);
        this.recordPublished(state, file);
      } else {
        this.publishClosed(state, file, settings, open);
      }
      if (performance.now() - sliceStart > SCAN_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (state.findings !== next || state.disposed) return;
        open = this.openByPath();
        sliceStart = performance.now();
      }
    }
  }

  private recordPublished(state: RootState, file: string): void {
    const key = state.findings.get(file)?.key;
    if (key === undefined) state.publishedKeys.delete(file);
    else state.publishedKeys.set(file, key);
  }

  private publishClosed(state: RootState, file: string, settings: DocumentSettings, open: ReadonlyMap<string, OpenDocument> = this.openByPath()): void {
    this.recordPublished(state, file);
    if (open.has(file)) return;
    const uri = this.uriByPath.get(file) ?? pathToFileURL(file).toString();
    const stored = state.findings.get(file);
    const diagnostics = stored ? this.convert(state, file, stored.findings, TextDocument.create(uri, '', 0, stored.text), settings).map((entry) => entry.diagnostic) : [];
    if (diagnostics.length === 0) {
      if (!state.publishedClosed.delete(uri)) return;
    } else {
      state.publishedClosed.set(uri, file);
    }
    this.send(uri, diagnostics);
  }

  private convert(state: RootState, file: string, findings: readonly Finding[], document: TextDocument, settings: DocumentSettings): PublishedFinding[] {
    const context: DiagnosticContext = {
      document,
      filePath: file,
      config: settings.config,
      docsUrlOf: (ruleId) => this.linter.docsUrlOf(ruleId, settings.client.docsBaseUrl),
      openText: (other) => this.textDocumentOf(state, other),
      openVersion: (other) => this.documents.all().find((doc) => doc.filePath === other)?.version ?? null,
    };
    const out: PublishedFinding[] = [];
    for (const finding of findings) {
      const diagnostic = toDiagnostic(finding, context);
      if (diagnostic) out.push({ finding, diagnostic, context, workspace: true });
    }
    return out;
  }

  private textDocumentOf(state: RootState, file: string): TextDocument | undefined {
    const open = this.documents.all().find((doc) => doc.filePath === file);
    if (open) return open.text;
    const text = state.model.text(file);
    return text === undefined ? undefined : TextDocument.create(pathToFileURL(file).toString(), '', 0, text);
  }

  private send(uri: string, diagnostics: Diagnostic[]): void {
    this.connection.sendDiagnostics({ uri, diagnostics }).catch((error: unknown) => this.logger.error(`publishing diagnostics failed: ${describeError(error)}`));
  }

  // --- Helpers ---------------------------------------------------------------------------------

  private stateFor(filePath: string): RootState | undefined {
    if (!path.isAbsolute(filePath)) return undefined;
    const root = this.folders.rootFor(filePath);
    return root ? this.states.get(path.resolve(root)) : undefined;
  }

  private openByPath(): Map<string, OpenDocument> {
    return new Map(this.documents.all().map((doc) => [doc.filePath, doc]));
  }

  /** Settings of the folder itself: its project config and baseline apply to the workspace rules. */
  private rootSettings(state: RootState): Promise<DocumentSettings> {
    // A file directly in the folder: settings resolve the project config from a file's directory.
    return this.settings.get(pathToFileURL(path.join(state.root, '.pipewise-workspace')).toString());
  }

  private getEngine(): Promise<Engine> {
    this.engine ??= Engine.create(this.rules);
    return this.engine;
  }
}

/** .gitignore verdicts for watched files, as the scan gives them (rules cached per folder for one batch of events). */
class IgnoreCache {
  private readonly rulesByDir = new Map<string, GitignoreRules>();

  ignores(root: string, file: string, isDirectory: boolean): boolean {
    const parts = path.relative(root, path.dirname(file)).split(path.sep).filter((part) => part !== '');
    let dir = root;
    let rules = this.rulesIn(root, () => GitignoreRules.above(root, findIgnoreTop(root, root)).enter(root));
    for (const part of parts) {
      const next = path.join(dir, part);
      if (rules.ignores(next, true)) return true;
      const parent = rules;
      rules = this.rulesIn(next, () => parent.enter(next));
      dir = next;
    }
    return rules.ignores(file, isDirectory);
  }

  /** The rules for the entries of `dir`. */
  private rulesIn(dir: string, compute: () => GitignoreRules): GitignoreRules {
    let rules = this.rulesByDir.get(dir);
    if (!rules) this.rulesByDir.set(dir, (rules = compute()));
    return rules;
  }
}

/** Folders that hold everything but are no project: scanning them would read the whole disk. */
function isUnscannable(root: string): boolean {
  const same = (other: string) => {
    try {
      return path.resolve(other) === root;
    } catch {
      return false;
    }
  };
  return path.dirname(root) === root || same(os.homedir()) || same(os.tmpdir());
}

function isInSkippedDirectory(root: string, file: string): boolean {
  return path
    .relative(root, file)
    .split(path.sep)
    .slice(0, -1)
    .some((part) => SKIPPED_DIRECTORIES.has(part));
}

function keyOf(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.ruleId}:${f.start}:${f.end}:${f.message}:${f.related?.map((r) => `${r.path}@${r.start}`).join(',') ?? ''}`).join('\n');
}
