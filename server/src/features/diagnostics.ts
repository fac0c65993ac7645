// Lints documents on open and on every change and publishes diagnostics. Per document, a newer
// change supersedes pending work: changes are debounced by `lintDelayMs` (0 lints inside the change
// handler), and a lint waiting for settings is dropped if the document moved on meanwhile.

import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { DocumentStore, OpenDocument } from './documents';
import type { DocumentLinter, LintResult } from './lint';
import { describeError, type Logger } from './logger';
import type { DocumentSettings, SettingsStore } from './settings';

interface Pending {
  generation: number;
  timer: NodeJS.Timeout | undefined;
}

export class DiagnosticsService {
  private readonly pending = new Map<string, Pending>();
  private readonly results = new Map<string, LintResult>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly linter: DocumentLinter,
    private readonly logger: Logger,
  ) {
    documents.onDidOpen((doc) => this.schedule(doc, false));
    documents.onDidChange((doc) => this.schedule(doc, true));
    documents.onDidClose((doc) => this.forget(doc.uri));
  }

  /** Re-lints every open document (after settings or project files changed). */
  lintAll(): void {
    for (const doc of this.documents.all()) this.schedule(doc, false);
  }

  /** The lint result of the document's current version, linting now if the cached one is stale. */
  async resultFor(doc: OpenDocument): Promise<LintResult> {
    const cached = this.results.get(doc.uri);
    if (cached?.version === doc.version) return cached;
    const settings = await this.settings.get(doc.uri);
    return this.lintAndPublish(doc, settings);
  }

  private schedule(doc: OpenDocument, debounce: boolean): void {
    const pending = this.cancel(doc.uri);
    const generation = pending.generation;
    const run = (settings: DocumentSettings) => {
      if (this.pending.get(doc.uri)?.generation !== generation || this.documents.get(doc.uri) !== doc) return;
      const delay = debounce ? settings.client.lintDelayMs : 0;
      if (delay <= 0) {
        this.safeLint(doc, settings);
        return;
      }
      pending.timer = setTimeout(() => {
        pending.timer = undefined;
        // Settings may have changed while waiting.
        const current = this.settings.peek(doc.uri) ?? settings;
        this.safeLint(doc, current);
      }, delay);
    };
    const known = this.settings.peek(doc.uri);
    if (known) run(known);
    else this.settings.get(doc.uri).then(run, (error: unknown) => this.logger.error(`settings for ${doc.uri}: ${describeError(error)}`));
  }

  /** Cancels pending work for `uri` and returns its fresh pending slot. */
  private cancel(uri: string): Pending {
    const previous = this.pending.get(uri);
    if (previous?.timer) clearTimeout(previous.timer);
    const next: Pending = { generation: (previous?.generation ?? 0) + 1, timer: undefined };
    this.pending.set(uri, next);
    return next;
  }

  private safeLint(doc: OpenDocument, settings: DocumentSettings): void {
    const cached = this.results.get(doc.uri);
    // A hover may have linted this version with these settings already.
    if (cached?.version === doc.version && cached.settings === settings) return;
    try {
      this.lintAndPublish(doc, settings);
    } catch (error) {
      this.logger.errorOnce(`linting ${doc.filePath} failed: ${describeError(error)}`);
    }
  }

  private lintAndPublish(doc: OpenDocument, settings: DocumentSettings): LintResult {
    const result = this.linter.lint(doc, settings);
    this.results.set(doc.uri, result);
    this.publish(doc.uri, result.version, [...result.diagnostics]);
    return result;
  }

  private publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    this.connection.sendDiagnostics({ uri, version, diagnostics }).catch((error: unknown) => this.logger.error(`publishing diagnostics failed: ${describeError(error)}`));
  }

  private forget(uri: string): void {
    const previous = this.pending.get(uri);
    if (previous?.timer) clearTimeout(previous.timer);
    this.pending.delete(uri);
    this.results.delete(uri);
    this.settings.forget(uri);
    this.publish(uri, undefined, []);
  }
}
