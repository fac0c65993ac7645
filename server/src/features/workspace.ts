// The server's workspace model: one engine WorkspaceModel per workspace folder, scanned in the
// background after `initialized` (with $/progress, yielding every few milliseconds so hovers, code
// actions and open documents' diagnostics are answered meanwhile) and kept current from open
// documents (their live text, once typing pauses) and watched file events (files that are not open).
// When the model changes, the workspace rules run again (debounced; a newer change supersedes a
// pending run). After the scan, the files that are not open are linted as `pipewise check` lints
// them (closed-file-lint.ts), and again when they change on disk or what the model says about them
// changes. This service only produces findings: the hub (diagnostics-hub.ts) merges them with
// open documents' own, applies the baseline and publishes.

import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType, type Connection, type FileEvent, type InitializeParams, type WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiscoveredFile } from '../project/discover';
import { isInside } from '../project/paths';
import { Engine } from '../engine/engine';
import { detectFileDialect, type DocumentFacts } from '../engine/document';
import type { Finding, ProjectView, Rule } from '../engine/types';
import { findIgnoreTop, GitignoreRules, SKIPPED_DIRECTORIES } from '../engine/workspace/gitignore';
import { lintWorkspace } from '../engine/workspace/lint-workspace';
import { WorkspaceModel } from '../engine/workspace/model';
import { isModelFile, listWorkspaceFiles, readText, scanWorkspace, type ScanProgress } from '../engine/workspace/scan';
import { ClosedFileLint } from './closed-file-lint';
import type { DiagnosticsService, WorkspaceDiagnosticsSource } from './diagnostics';
import type { DiagnosticsHub, FileFindings, FindingsProducer } from './diagnostics-hub';
import type { DocumentStore, OpenDocument } from './documents';
import { describeError, type Logger } from './logger';
import type { DocumentSettings, SettingsStore } from './settings';
import { filePathOf, type WorkspaceFolders } from './workspace-folders';

/**
 * Workspace rules run this long after the last model change (a keystroke burst costs one run), or
 * twice as long as their last run took (up to 2 s): in a large repository a run blocks for ~100 ms,
 * and typing should not wait for one after every short pause.
 */
export const WORKSPACE_LINT_DELAY_MS = 200;
const MAX_WORKSPACE_LINT_DELAY_MS = 2_000;
/**
 * An open document's text reaches the model after a pause in typing (or after its first
 * diagnostics) this long: re-extracting a large module's stage facts and summary costs tens of
 * milliseconds, too much for every keystroke or ahead of the next document's open.
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
  /** Per-file findings of the files that are not open. */
  closed: ClosedFileLint;
  /** Bumped by each full lint of the files not open: an older one stops. */
  closedRun: number;
  /** Files not open linted again since their diagnostics were last published. */
  closedDirty: Set<string>;
  /** Bumped by each publication pass: an older one stops. */
  publishRun: number;
  /** The key of the workspace findings last handed to the hub for each file (open or not); absent: none. */
  publishedKeys: Map<string, string>;
  /** How long the last run of the workspace rules took. */
  lastRunMs: number;
  /** Publish every file after the next run, changed or not (settings changed). */
  republishAll: boolean;
  disposed: boolean;
}

export class WorkspaceService implements WorkspaceDiagnosticsSource, FindingsProducer {
  private readonly states = new Map<string, RootState>();
  private engine: Promise<Engine> | undefined;
  private workDoneProgress = false;
  /** Pending model updates from open documents, by URI. */
  private readonly pendingUpdates = new Map<string, { timer: NodeJS.Timeout; run: () => void }>();
  /** Watched-file events are applied one batch at a time, in order. */
  private fileEvents: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly documents: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly folders: WorkspaceFolders,
    private readonly hub: DiagnosticsHub,
    private readonly diagnostics: DiagnosticsService,
    private readonly rules: readonly Rule[],
    private readonly logger: Logger,
  ) {
    diagnostics.setWorkspace(this);
    hub.setProducer(this);
    documents.onDidClose((doc) => this.documentClosed(doc));
    documents.onWillEvict((doc) => this.documentWillEvict(doc));
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
      if (!state.scanning && !state.cancelled && !state.disposed) {
        void this.lintClosedFiles(state).catch((error: unknown) => this.logger.error(`linting files not open failed: ${describeError(error)}`));
      }
    }
  }

  /** The model of the folder holding `filePath` (e.g. for reports that need not scan again). */
  modelFor(filePath: string): WorkspaceModel | undefined {
    return this.stateFor(filePath)?.model;
  }

  dispose(): void {
    for (const state of this.states.values()) this.stopRoot(state, false);
    this.states.clear();
    for (const { timer } of this.pendingUpdates.values()) clearTimeout(timer);
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
    return `${state.model.retriesForScript(filePath)}|${state.model.retriesKey(filePath)}|${state.model.printsKey(filePath)}`;
  }

  documentLinted(doc: OpenDocument, settings: DocumentSettings): void {
    const state = this.stateFor(doc.filePath);
    if (!state || (doc.dialect !== 'python' && doc.dialect !== 'yaml')) return;
    if (doc.skipReason || settings.config.isExcluded(doc.filePath)) return;
    const pending = this.pendingUpdates.get(doc.uri);
    if (pending) clearTimeout(pending.timer);
    const update = () => {
      this.pendingUpdates.delete(doc.uri);
      if (this.documents.get(doc.uri) !== doc || state.disposed) return;
      try {
        this.updateFromDocument(state, doc);
      } catch (error) {
        this.logger.errorOnce(`updating the workspace model from ${doc.filePath} failed: ${describeError(error)}`);
      }
    };
    // The first version too: documents opened together (a restored session) each get their
    // diagnostics before any enters the model, and one closed by then never does.
    this.pendingUpdates.set(doc.uri, { timer: setTimeout(update, MODEL_UPDATE_DELAY_MS), run: update });
  }

  /** The document's facts are about to be dropped: a pending model update takes them now rather than parsing again later. */
  private documentWillEvict(doc: OpenDocument): void {
    const pending = this.pendingUpdates.get(doc.uri);
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.run();
  }

  /** The model takes the document's current text (its facts are cached per version: no re-parse). */
  private updateFromDocument(state: RootState, doc: OpenDocument): void {
    if (doc.skipReason) return;
    const facts = doc.facts();
    if (!facts || state.model.text(doc.filePath) === facts.text) return;
    state.model.updateDocument(facts, doc.filePath);
    this.modelChanged(state);
  }

  // --- FindingsProducer ------------------------------------------------------------------------

  workspaceFindingsOf(filePath: string): FileFindings | undefined {
    return this.stateFor(filePath)?.findings.get(filePath);
  }

  closedFileFindingsOf(filePath: string): FileFindings | undefined {
    return this.stateFor(filePath)?.closed.findingsOf(filePath);
  }

  textOf(filePath: string): TextDocument | undefined {
    const text = this.stateFor(filePath)?.model.text(filePath);
    return text === undefined ? undefined : TextDocument.create(pathToFileURL(filePath).toString(), '', 0, text);
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
    /** Files not open to lint again, by folder. */
    const relint = new Map<RootState, DiscoveredFile[]>();
    const toRelint = (state: RootState, file: string) => {
      const target = state.closed.targetOf(file);
      if (!target || open.has(file)) return;
      let list = relint.get(state);
      if (!list) relint.set(state, (list = []));
      list.push(target);
    };
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
        for (const forgotten of state.closed.forget(file)) state.closedDirty.add(forgotten);
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
        for (const inner of await listWorkspaceFiles(file, { root: state.root })) {
          await this.readIntoModel(state, inner, open);
          toRelint(state, inner);
        }
      } else {
        await this.readIntoModel(state, file, open);
        toRelint(state, file);
      }
      touched.add(state);
    }
    // PW402 looks for step scripts on disk: open pipeline configs are checked again.
    if (filesAddedOrRemoved) this.diagnostics.relint((doc) => doc.dialect === 'yaml');
    for (const state of touched) if (!state.disposed) this.modelChanged(state);
    for (const [state, targets] of relint) if (!state.disposed && !state.scanning) await this.lintClosedFiles(state, targets);
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
    const doc = await this.analyzeFile(file, text);
    if (doc) state.model.updateDocument(doc, file);
    else state.model.addFile(file);
  }

  /** A file on disk as the model reads it (a Jupyter notebook: its code cells). */
  private async analyzeFile(file: string, text: string): Promise<DocumentFacts | null> {
    const dialect = detectFileDialect(file);
    return dialect ? (await this.getEngine()).analyzeAs(file, dialect, text) : null;
  }

  private removePath(state: RootState, file: string): void {
    const prefix = file + path.sep;
    for (const listed of state.model.files()) if (listed.startsWith(prefix)) state.model.removeFile(listed);
    state.model.removeFile(file);
  }

  /** A closed document's unsaved edits are gone: the model goes back to the file on disk. */
  private documentClosed(doc: OpenDocument): void {
    const pending = this.pendingUpdates.get(doc.uri);
    if (pending) clearTimeout(pending.timer);
    this.pendingUpdates.delete(doc.uri);
    const state = this.stateFor(doc.filePath);
    if (!state) return;
    void (async () => {
      const text = isModelFile(doc.filePath) ? await readText(doc.filePath, state.root) : null;
      if (state.disposed) return;
      if (text !== null && text !== state.model.text(doc.filePath)) {
        const facts = await this.analyzeFile(doc.filePath, text);
        if (facts) state.model.updateDocument(facts, doc.filePath);
        this.modelChanged(state);
      } else if (text === null && isModelFile(doc.filePath)) {
        // Never saved (or deleted meanwhile).
        this.removePath(state, doc.filePath);
        this.modelChanged(state);
      }
      // Its findings now show as a closed file's: as the file on disk is.
      const target = new IgnoreCache().ignores(state.root, doc.filePath, false) ? null : state.closed.targetOf(doc.filePath);
      if (target && !state.scanning) {
        await this.lintClosedFiles(state, [target]);
      } else {
        state.closed.forget(doc.filePath);
        state.closedDirty.add(doc.filePath);
        this.modelChanged(state, 0);
      }
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
      closed: new ClosedFileLint(root, (message) => this.logger.info(message)),
      closedRun: 0,
      closedDirty: new Set(),
      publishRun: 0,
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
    if (clear) this.hub.clearClosedUnder(state.root, (file, root) => isInside(root, file));
    state.closed.clear();
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
    // The scan read open documents from disk: their live text wins. One not analysed yet (opened
    // during the scan) goes in after its first lint (documentLinted), not ahead of it; one whose
    // analysis state was dropped is analysed again if its live text differs, then gives it up again.
    for (const doc of this.documents.all()) {
      if (this.stateFor(doc.filePath) !== state || doc.skipReason || (doc.dialect !== 'python' && doc.dialect !== 'yaml')) continue;
      try {
        const facts = doc.isEvicted && state.model.text(doc.filePath) !== doc.text.getText() ? doc.facts() : doc.analysedFacts();
        if (facts && state.model.text(doc.filePath) !== facts.text) state.model.updateDocument(facts, doc.filePath);
      } catch (error) {
        this.logger.errorOnce(`updating the workspace model from ${doc.filePath} failed: ${describeError(error)}`);
      }
    }
    this.documents.evictBeyondLimits();
    this.diagnostics.refreshProject();
    // The first publication of a file not open carries both its own and its workspace findings.
    try {
      await this.lintClosedFiles(state);
    } catch (error) {
      this.logger.error(`linting the files not open in ${state.root} failed: ${describeError(error)}`);
    } finally {
      this.modelChanged(state, 0);
    }
  }

  /**
   * Lints the files that are not open (`targets`, or every file the CLI would check) in slices, so
   * requests are answered meanwhile; the next workspace-rules pass publishes them with their
   * workspace findings, one publication per file.
   */
  private async lintClosedFiles(state: RootState, targets?: readonly DiscoveredFile[]): Promise<void> {
    const run = targets ? state.closedRun : ++state.closedRun;
    const settings = await this.rootSettings(state);
    const engine = await this.getEngine();
    let list: readonly DiscoveredFile[] = targets ?? [];
    try {
      if (!targets) list = state.closed.discover();
    } catch (error) {
      // E.g. an invalid project configuration: the workspace findings are still published.
      this.logger.errorOnce(`listing the files of ${state.root} failed: ${describeError(error)}`);
    }
    let open = this.openByPath();
    let sliceStart = performance.now();
    for (const target of list) {
      if (state.disposed || state.closedRun !== run) return;
      if (open.has(target.path)) continue;
      if (settings.client.enable && !settings.config.isExcluded(target.path)) {
        try {
          state.closed.lint(engine, target, settings.config, state.model.projectView(), this.projectKeyOf(target.path));
        } catch (error) {
          this.logger.errorOnce(`analysing ${target.path} failed: ${describeError(error)}`);
        }
      } else {
        state.closed.forget(target.path);
      }
      state.closedDirty.add(target.path);
      if (performance.now() - sliceStart > SCAN_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        open = this.openByPath();
        sliceStart = performance.now();
      }
    }
    this.modelChanged(state, 0);
  }

  /** Files not open whose project view changed (a step's retries, for PW103) are linted again. */
  private relintClosedWithNewProject(state: RootState): void {
    const stale: DiscoveredFile[] = [];
    for (const [file, linted] of state.closed.projectKeys()) {
      if (linted.projectKey === this.projectKeyOf(file)) continue;
      const target = state.closed.targetOf(file);
      if (target) stale.push(target);
    }
    if (stale.length) void this.lintClosedFiles(state, stale).catch((error: unknown) => this.logger.error(`linting files not open failed: ${describeError(error)}`));
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
    if (version !== state.lintedVersion) {
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
      // The baseline is the hub's: findings are stored as the rules report them.
      for (const [file, findings] of byFile) {
        if (!findings.length) continue;
        next.set(file, { findings, text: state.model.text(file) ?? '', key: keyOf(findings) });
      }
      state.findings = next;
      this.relintClosedWithNewProject(state);
    }
    await this.publishChanged(state, settings);
  }

  /**
   * Hands the hub every file whose workspace findings changed since they were last handed over,
   * and the files not open linted again since (both parts of a file go out together). Publishing
   * thousands of files takes a while: done in slices, so requests are answered meanwhile; a newer
   * run takes over from what was published.
   */
  private async publishChanged(state: RootState, settings: DocumentSettings): Promise<void> {
    const run = ++state.publishRun;
    const all = state.republishAll;
    state.republishAll = false;
    const dirty = state.closedDirty;
    state.closedDirty = new Set();
    let open = this.openByPath();
    let sliceStart = performance.now();
    for (const file of [...new Set([...state.publishedKeys.keys(), ...state.findings.keys(), ...dirty])]) {
      if (!all && !dirty.has(file) && state.publishedKeys.get(file) === state.findings.get(file)?.key) continue;
      const doc = open.get(file);
      if (doc) {
        this.diagnostics.republish(doc.uri);
        this.recordPublished(state, file);
      } else {
        this.publishClosed(state, file, settings, open);
      }
      if (performance.now() - sliceStart > SCAN_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (state.publishRun !== run || state.disposed) {
          // What this run did not reach goes with the next one.
          for (const left of dirty) state.closedDirty.add(left);
          return;
        }
        open = this.openByPath();
        sliceStart = performance.now();
      }
      dirty.delete(file);
    }
  }

  private recordPublished(state: RootState, file: string): void {
    const key = state.findings.get(file)?.key;
    if (key === undefined) state.publishedKeys.delete(file);
    else state.publishedKeys.set(file, key);
  }

  private publishClosed(state: RootState, file: string, settings: DocumentSettings, open: ReadonlyMap<string, OpenDocument> = this.openByPath()): void {
    this.recordPublished(state, file);
    if (!open.has(file)) this.hub.publishClosed(file, settings);
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
    let rules = this.rulesIn(root, () => GitignoreRules.above(root, findIgnoreTop(root)).enter(root));
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
