// Lints documents on open and on every change and publishes diagnostics. Per document, a newer
// change supersedes pending work: a change is analysed inside its handler unless the last analysis
// was slower than the changes arrive (adaptive-delay.ts) or `lintDelayMs` asks for a fixed delay,
// and a lint waiting for settings is dropped if the document moved on meanwhile.
// The results go to the hub (diagnostics-hub.ts), which merges the workspace rules' findings for
// the file and publishes.

import type { DocumentDiagnosticReport } from 'vscode-languageserver/node';
import type { Finding, ProjectView } from '../engine/types';
import { detachedFinding } from './detached-findings';
import { AdaptiveDelay } from './adaptive-delay';
import { ANALYSE_ON_SAVE_BYTES, analysedOnSaveOnly, type DocumentStore, type OpenDocument } from './documents';
import { gapDiagnostic, type DocumentLinter, type LintResult } from './lint';
import { failedGap } from '../engine/analysis-gaps';
import { describeError, type Logger } from './logger';
import type { DocumentSettings, SettingsStore } from './settings';
import type { DiagnosticsHub } from './diagnostics-hub';

/** What the workspace model gives the lint of an open document (see workspace.ts). */
export interface WorkspaceDiagnosticsSource {
  /** The workspace model's view for per-file rules (PW103 reads the pipeline's retries). */
  projectFor(filePath: string): ProjectView | undefined;
  /** Changes whenever what the project view says about the file changes: the file is re-linted then. */
  projectKeyOf(filePath: string): string;
  /** After each lint: the model takes the document's live text. */
  documentLinted(doc: OpenDocument, settings: DocumentSettings): void;
}

interface Pending {
  generation: number;
  timer: NodeJS.Timeout | undefined;
}

export class DiagnosticsService {
  private readonly pending = new Map<string, Pending>();
  private readonly results = new Map<string, LintResult>();
  /** Large non-Python documents edited since their last analysis (see waitForSave). */
  private readonly waitingForSave = new Set<string>();
  /** The project key each document was last linted with. */
  private readonly projectKeys = new Map<string, string>();
  private readonly delays = new Map<string, AdaptiveDelay>();
  private workspace: WorkspaceDiagnosticsSource | undefined;

  constructor(
    private readonly hub: DiagnosticsHub,
    private readonly documents: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly linter: DocumentLinter,
    private readonly logger: Logger,
  ) {
    documents.onDidOpen((doc) => this.schedule(doc, false));
    documents.onDidChange((doc) => {
      if (analysedOnSaveOnly(doc)) this.waitForSave(doc);
      else this.schedule(doc, true);
    });
    documents.onDidSave((doc) => {
      if (analysedOnSaveOnly(doc)) this.schedule(doc, false);
    });
    documents.onDidClose((doc) => this.forget(doc.uri));
    documents.onWillEvict((doc) => this.detach(doc));
  }

  setWorkspace(workspace: WorkspaceDiagnosticsSource): void {
    this.workspace = workspace;
  }

  /** Re-lints every open document (after settings or project files changed). */
  lintAll(): void {
    for (const doc of this.documents.all()) this.schedule(doc, false);
  }

  /** Re-lints the open documents that match, even when their text did not change (files they refer to did). */
  relint(matches: (doc: OpenDocument) => boolean): void {
    for (const doc of this.documents.all()) if (matches(doc)) this.schedule(doc, false, true);
  }

  /** Re-lints the open documents whose project view changed (e.g. a step's retries). */
  refreshProject(): void {
    const workspace = this.workspace;
    if (!workspace) return;
    this.relint((doc) => this.projectKeys.has(doc.uri) && this.projectKeys.get(doc.uri) !== workspace.projectKeyOf(doc.filePath));
  }

  /** Publishes the document's diagnostics again (its workspace findings changed). */
  republish(uri: string): void {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const cached = this.results.get(uri);
    // Otherwise a lint is pending (a newer version, or new settings) and publishes the merged set.
    if (cached?.version === doc.version && cached.settings === this.settings.peek(uri)) this.hub.publishOpen(doc, cached);
  }

  /**
   * The lint result of the document's current version, linting now if the cached one is stale or
   * was detached from its analysis state (fixes and hovers need the findings' edits).
   */
  async resultFor(doc: OpenDocument): Promise<LintResult> {
    this.documents.touch(doc);
    const cached = this.results.get(doc.uri);
    if (cached?.version === doc.version && !cached.detached) return cached;
    const settings = await this.settings.get(doc.uri);
    const current = this.results.get(doc.uri);
    if (current?.version === doc.version && !current.detached) return current;
    return this.lintAndPublish(doc, settings);
  }

  /**
   * Before a code action: a document whose analysis state was dropped is analysed again (its
   * current version, so the diagnostics the client sends back still match), and it becomes the
   * most recently used.
   */
  async reattach(doc: OpenDocument): Promise<void> {
    this.documents.touch(doc);
    const cached = this.results.get(doc.uri);
    if (cached?.version === doc.version && cached.detached) await this.resultFor(doc);
  }

  /**
   * The document's analysis state is about to be dropped: its last result and published findings
   * are replaced by copies that do not hold it (they are still what the client shows).
   */
  private detach(doc: OpenDocument): void {
    const cached = this.results.get(doc.uri);
    if (!cached || cached.detached) return;
    const copies = new Map<Finding, Finding>();
    for (const finding of cached.findings) copies.set(finding, detachedFinding(finding));
    this.results.set(doc.uri, { ...cached, findings: cached.findings.map((finding) => copies.get(finding)!), detached: true });
    this.hub.detach(doc.uri, copies);
  }

  /**
   * Answers a client's pull (textDocument/diagnostic) for an open document: the diagnostics of its
   * current version (linted now if they are not there yet), or `unchanged` when the client holds
   * them already. A large YAML file edited since its last analysis keeps its last report until saved.
   */
  async pull(uri: string, previousResultId: string | undefined): Promise<DocumentDiagnosticReport> {
    const pulled = this.hub.pulledDiagnostics;
    const doc = this.documents.get(uri);
    if (!pulled || !doc) return { kind: 'full', items: [] };
    const current = pulled.versionOf(uri) === doc.version || (this.waitingForSave.has(uri) && pulled.has(uri));
    if (!current) {
      const settings = await this.settings.get(uri);
      if (this.documents.get(uri) === doc) this.safeLint(doc, settings);
    }
    return pulled.report(uri, previousResultId);
  }

  private schedule(doc: OpenDocument, debounce: boolean, force = false): void {
    const pending = this.cancel(doc.uri);
    const generation = pending.generation;
    const changedAt = performance.now();
    const run = (settings: DocumentSettings) => {
      if (this.pending.get(doc.uri)?.generation !== generation || this.documents.get(doc.uri) !== doc) return;
      const delay = debounce ? this.delayOf(doc.uri).delayFor(changedAt, settings.client.lintDelayMs) : 0;
      if (delay <= 0) {
        this.safeLint(doc, settings, force);
        return;
      }
      pending.timer = setTimeout(() => {
        pending.timer = undefined;
        // Settings may have changed while waiting.
        const current = this.settings.peek(doc.uri) ?? settings;
        this.safeLint(doc, current, force);
      }, delay);
    };
    const known = this.settings.peek(doc.uri);
    if (known) run(known);
    else this.settings.get(doc.uri).then(run, (error: unknown) => this.logger.error(`settings for ${doc.uri}: ${describeError(error)}`));
  }

  private delayOf(uri: string): AdaptiveDelay {
    let delay = this.delays.get(uri);
    if (!delay) this.delays.set(uri, (delay = new AdaptiveDelay()));
    return delay;
  }

  /**
   * A large YAML or config file is analysed again when saved: until then its last findings stay,
   * with a note saying so (once per document, not per keystroke).
   */
  private waitForSave(doc: OpenDocument): void {
    this.cancel(doc.uri);
    if (this.waitingForSave.has(doc.uri)) return;
    this.waitingForSave.add(doc.uri);
    this.logger.info(`${doc.filePath} is over ${ANALYSE_ON_SAVE_BYTES / 1024} kB: it is analysed when saved, not on every edit`);
    const cached = this.results.get(doc.uri);
    const note = gapDiagnostic(doc, { kind: 'skipped', message: `this file is over ${ANALYSE_ON_SAVE_BYTES / 1024} kB: Pipewise analyses it again when it is saved`, start: 0, end: 0 });
    if (cached) this.hub.publishOpen(doc, { ...cached, version: doc.version }, [note]);
  }

  /** Cancels pending work for `uri` and returns its fresh pending slot. */
  private cancel(uri: string): Pending {
    const previous = this.pending.get(uri);
    if (previous?.timer) clearTimeout(previous.timer);
    const next: Pending = { generation: (previous?.generation ?? 0) + 1, timer: undefined };
    this.pending.set(uri, next);
    return next;
  }

  private safeLint(doc: OpenDocument, settings: DocumentSettings, force = false): void {
    const cached = this.results.get(doc.uri);
    // A hover may have linted this version with these settings already.
    if (!force && cached?.version === doc.version && cached.settings === settings) return;
    try {
      this.lintAndPublish(doc, settings);
    } catch (error) {
      this.logger.errorOnce(`linting ${doc.filePath} failed: ${describeError(error)}`);
      // Never leave the previous version's diagnostics standing: say that this one was not analysed.
      this.hub.publishNotes(doc.uri, doc.version, [gapDiagnostic(doc, failedGap(error))]);
    }
  }

  private lintAndPublish(doc: OpenDocument, settings: DocumentSettings): LintResult {
    const started = performance.now();
    this.waitingForSave.delete(doc.uri);
    const workspace = this.workspace;
    if (workspace) this.projectKeys.set(doc.uri, workspace.projectKeyOf(doc.filePath));
    const result = this.linter.lint(doc, settings, workspace?.projectFor(doc.filePath));
    this.results.set(doc.uri, result);
    this.hub.publishOpen(doc, result);
    this.delayOf(doc.uri).analysed(performance.now() - started);
    // After publishing: taking a newly opened module into the model (its stage facts, module
    // summary) costs a fifth of an open, and the workspace findings it leads to follow anyway.
    if (workspace) {
      try {
        workspace.documentLinted(doc, settings);
      } catch (error) {
        this.logger.errorOnce(`updating the workspace model from ${doc.filePath} failed: ${describeError(error)}`);
      }
    }
    // A document analysed again while it is not among the most recently used (settings or the
    // project changed) gives its state up at once.
    this.documents.evictBeyondLimits();
    return result;
  }

  private forget(uri: string): void {
    const previous = this.pending.get(uri);
    if (previous?.timer) clearTimeout(previous.timer);
    this.pending.delete(uri);
    this.results.delete(uri);
    this.waitingForSave.delete(uri);
    this.projectKeys.delete(uri);
    this.delays.delete(uri);
    this.settings.forget(uri);
    this.hub.clear(uri);
  }
}
