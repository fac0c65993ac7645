// The one place diagnostics are published. Per file, open or not, it merges the file's own
// findings (an open document's lint, or the background lint of a file that is not open) with the
// workspace rules' findings in it, applies the baseline and the severities, converts them to LSP
// diagnostics, remembers what it published (code actions and hover look findings up there) and
// sends them — or, for a client that pulls diagnostics, keeps an open document's for its next pull
// (pulled-diagnostics.ts; files that are not open are still pushed). The services that compute
// findings (diagnostics.ts for open documents, workspace.ts for the workspace) never send
// diagnostics themselves.

import { pathToFileURL } from 'node:url';
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/types';
import { withJsonSlots, type JsonSlot } from './diagnostic-json';
import { DiagnosticReuse } from './diagnostic-reuse';
import type { DocumentStore, OpenDocument } from './documents';
import type { DocumentLinter, LintResult } from './lint';
import { describeError, type Logger } from './logger';
import { PublishedFindings, type PublishedFinding } from './published-findings';
import type { PulledDiagnostics } from './pulled-diagnostics';
import type { DocumentSettings } from './settings';
import { toDiagnostic, type DiagnosticContext } from './to-diagnostic';

/** Findings of one file and the text their offsets refer to. */
export interface FileFindings {
  readonly findings: readonly Finding[];
  readonly text: string;
}

/** What the workspace side produces for the hub (workspace.ts). */
export interface FindingsProducer {
  /** The workspace rules' findings in the file (before the baseline). */
  workspaceFindingsOf(filePath: string): FileFindings | undefined;
  /** The per-file rules' findings of a file that is not open (before the baseline). */
  closedFileFindingsOf(filePath: string): FileFindings | undefined;
  /** The text of another file (open, or as the workspace model has it), to place related locations and cross-file fixes. */
  textOf(filePath: string): TextDocument | undefined;
}

export class DiagnosticsHub {
  /** The findings behind each file's last publish. */
  readonly published = new PublishedFindings();
  /** Files open in another kind of editor (see `setOpenElsewhere`). */
  private readonly openElsewhere = new Set<string>();
  private producer: FindingsProducer | undefined;
  /** Files that are not open with non-empty diagnostics published: URI → path. */
  private readonly closedPublished = new Map<string, string>();
  /** The URI the client used for a file it opened: diagnostics for it once closed go to the same URI. */
  private readonly uriByPath = new Map<string, string>();
  /** Set when the client pulls diagnostics of open documents (textDocument/diagnostic). */
  private pulled: PulledDiagnostics | null = null;
  /** Per open document, the diagnostics of its own findings last published, reused while they stand. */
  private readonly reuse = new Map<string, DiagnosticReuse>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: DocumentStore,
    private readonly linter: DocumentLinter,
    private readonly logger: Logger,
  ) {}

  setProducer(producer: FindingsProducer): void {
    this.producer = producer;
  }

  /** From now on open documents' diagnostics are kept for the client to pull, not pushed. */
  pullOpenDocuments(pulled: PulledDiagnostics): void {
    this.pulled = pulled;
  }

  /** The pull mode's reports, or null when diagnostics are pushed. */
  get pulledDiagnostics(): PulledDiagnostics | null {
    return this.pulled;
  }

  /** An open document's diagnostics: its lint result, the workspace findings in it, and `extra` notes. */
  publishOpen(doc: OpenDocument, result: LintResult, extra: readonly Diagnostic[] = []): void {
    this.uriByPath.set(doc.filePath, doc.uri);
    // Pushed while the file was not open: pulled ones take their place.
    if (this.closedPublished.delete(doc.uri) && this.pulled) this.send(doc.uri, undefined, []);
    const { settings } = result;
    const own: PublishedFinding[] = [];
    const ownJson: JsonSlot[] = [];
    const workspace: PublishedFinding[] = [];
    if (this.linter.isActive(doc, settings)) {
      this.convert(own, result.findings, this.contextOf(doc.text, doc.filePath, settings), settings, false, { reuse: this.reuseOf(doc.uri), json: ownJson });
      const stored = this.producer?.workspaceFindingsOf(doc.filePath);
      if (stored) {
        // Findings of an older text (the workspace rules run again shortly) keep their place in
        // that text; a version that matches no document keeps their fixes from being applied to the new one.
        const document = stored.text === doc.text.getText() ? doc.text : TextDocument.create(doc.uri, doc.text.languageId, -1, stored.text);
        this.convert(workspace, stored.findings, this.contextOf(document, doc.filePath, settings), settings, true);
      }
    }
    this.published.set(doc.uri, [...own, ...workspace]);
    const diagnostics = own.map((entry) => entry.diagnostic);
    diagnostics.push(...result.notes);
    for (const entry of workspace) diagnostics.push(entry.diagnostic);
    diagnostics.push(...extra);
    this.sendOpen(doc.uri, result.version, withJsonSlots(diagnostics, ownJson));
  }

  /** Diagnostics of an open document that stand alone (a lint that failed): nothing behind them to fix. */
  publishNotes(uri: string, version: number, notes: Diagnostic[]): void {
    this.published.delete(uri);
    this.sendOpen(uri, version, notes);
  }

  /**
   * A file that is not open: its own findings from the background lint and the workspace findings
   * in it, with the settings of its workspace folder. Nothing is sent for a file that had nothing
   * and still has nothing.
   */
  publishClosed(filePath: string, settings: DocumentSettings): void {
    const open = this.documents.all().find((doc) => doc.filePath === filePath);
    if (open || this.openElsewhere.has(filePath)) return; // its lint publishes it
    const uri = this.uriByPath.get(filePath) ?? pathToFileURL(filePath).toString();
    const entries: PublishedFinding[] = [];
    const own = this.producer?.closedFileFindingsOf(filePath);
    const workspace = this.producer?.workspaceFindingsOf(filePath);
    if (settings.client.enable && !settings.config.isExcluded(filePath)) {
      if (own) this.convert(entries, own.findings, this.contextOf(TextDocument.create(uri, '', 0, own.text), filePath, settings), settings, false);
      if (workspace) this.convert(entries, workspace.findings, this.contextOf(TextDocument.create(uri, '', 0, workspace.text), filePath, settings), settings, true);
    }
    this.published.set(uri, entries);
    if (entries.length === 0) {
      if (!this.closedPublished.delete(uri)) return;
    } else {
      this.closedPublished.set(uri, filePath);
    }
    this.send(uri, undefined, entries.map((entry) => entry.diagnostic));
  }

  /**
   * A file open in another kind of editor (a notebook, whose cells carry its diagnostics): its file
   * diagnostics are withdrawn while it is open, and published again from `settings` when it closes.
   */
  setOpenElsewhere(uri: string, filePath: string, open: boolean, settings?: DocumentSettings): void {
    if (open) {
      this.openElsewhere.add(filePath);
      const published = this.uriByPath.get(filePath) ?? uri;
      if (this.closedPublished.has(published)) this.clear(published);
      return;
    }
    this.openElsewhere.delete(filePath);
    if (settings) this.publishClosed(filePath, settings);
  }

  /**
   * The document's analysis state is being dropped: its published findings become `replacements`
   * (copies that do not hold it), and nothing kept for reuse holds it either.
   */
  detach(uri: string, replacements: ReadonlyMap<Finding, Finding>): void {
    this.published.replaceFindings(uri, replacements);
    this.reuse.delete(uri);
  }

  /** Clears a document's diagnostics (closed, or outside any workspace). */
  clear(uri: string): void {
    this.published.delete(uri);
    this.reuse.delete(uri);
    this.closedPublished.delete(uri);
    this.pulled?.delete(uri);
    this.send(uri, undefined, []);
  }

  /** Clears the diagnostics of every file not open under `root` (a workspace folder was removed). */
  clearClosedUnder(root: string, isUnder: (filePath: string, root: string) => boolean): void {
    for (const [uri, filePath] of [...this.closedPublished]) if (isUnder(filePath, root)) this.clear(uri);
  }

  /** `reused`: an open document's own findings, whose diagnostics are kept from publish to publish (with where their JSON is kept). */
  private convert(out: PublishedFinding[], findings: readonly Finding[], context: DiagnosticContext, settings: DocumentSettings, workspace: boolean, reused?: { reuse: DiagnosticReuse; json: JsonSlot[] }): void {
    const shown = settings.baseline ? settings.baseline.filterNew(context.filePath, findings) : findings;
    if (!reused) {
      for (const finding of shown) {
        const diagnostic = toDiagnostic(finding, context);
        if (diagnostic) out.push({ finding, diagnostic, context, workspace });
      }
      return;
    }
    const { reuse, json } = reused;
    reuse.start(settings, context);
    for (const finding of shown) {
      const converted = reuse.diagnosticOf(finding, context);
      if (!converted) continue;
      out.push({ finding, diagnostic: converted.diagnostic, context, workspace });
      json.push(converted.json);
    }
    reuse.finish();
  }

  private reuseOf(uri: string): DiagnosticReuse {
    let reuse = this.reuse.get(uri);
    if (!reuse) this.reuse.set(uri, (reuse = new DiagnosticReuse()));
    return reuse;
  }

  private contextOf(document: TextDocument, filePath: string, settings: DocumentSettings): DiagnosticContext {
    return {
      document,
      filePath,
      config: settings.config,
      docsUrlOf: (ruleId) => this.linter.docsUrlOf(ruleId, settings.client.docsBaseUrl),
      openText: (other) => this.documents.all().find((doc) => doc.filePath === other)?.text ?? this.producer?.textOf(other),
      openVersion: (other) => this.documents.all().find((doc) => doc.filePath === other)?.version ?? null,
    };
  }

  private sendOpen(uri: string, version: number, diagnostics: Diagnostic[]): void {
    if (!this.pulled) return this.send(uri, version, diagnostics);
    const issuedAt = this.pulled.set(uri, version, diagnostics);
    if (issuedAt !== undefined && issuedAt !== version) this.published.alias(uri, issuedAt, version);
  }

  private send(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    this.connection.sendDiagnostics({ uri, version, diagnostics }).catch((error: unknown) => this.logger.error(`publishing diagnostics failed: ${describeError(error)}`));
  }
}
