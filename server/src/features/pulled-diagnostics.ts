// Pull diagnostics (`textDocument/diagnostic`, LSP 3.17) for clients that support them: the hub
// keeps each open document's latest diagnostics here instead of pushing them, under a result id
// that changes only when the diagnostics do, so a client that asks again with the id it holds is
// answered `unchanged` (nothing sent again). A diagnostic's data names the document version its
// range refers to; an edit that moves no diagnostic keeps the diagnostics issued at an earlier
// version, and that version stands for the current one when a code action sends them back
// (PublishedFindings.alias). Diagnostics that change while the
// document's version does not (the workspace rules ran, settings changed) make the client pull
// again through `workspace/diagnostic/refresh`, when it supports that.

import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver/node';
import { sameButDataVersions } from './diagnostic-json';

interface Report {
  readonly version: number | undefined;
  /** The version the diagnostics (their data) were made at. */
  readonly issuedAt: number | undefined;
  readonly resultId: string;
  readonly diagnostics: Diagnostic[];
}

export class PulledDiagnostics {
  private readonly reports = new Map<string, Report>();
  private lastResultId = 0;

  /** `refresh`: asks the client to pull again (null when it cannot be asked). */
  constructor(private readonly refresh: (() => void) | null) {}

  /**
   * The document's diagnostics at `version` are now these. Returns the version the diagnostics the
   * client gets were made at: an earlier one when they equal those but for that version.
   */
  set(uri: string, version: number | undefined, diagnostics: Diagnostic[]): number | undefined {
    const previous = this.reports.get(uri);
    // Their JSON but for their data's version decides whether they changed.
    if (previous && sameButDataVersions(previous.diagnostics, diagnostics)) {
      if (previous.version !== version) this.reports.set(uri, { ...previous, version });
      return previous.issuedAt;
    }
    this.reports.set(uri, { version, issuedAt: version, resultId: String(++this.lastResultId), diagnostics });
    // A new version is pulled by the client after its change anyway; the same version's
    // diagnostics changing (workspace findings, settings) would otherwise go unseen until the next edit.
    if (previous && previous.version === version) this.refresh?.();
    return version;
  }

  delete(uri: string): void {
    this.reports.delete(uri);
  }

  /** Whether a report for `uri` is held (at any version). */
  has(uri: string): boolean {
    return this.reports.has(uri);
  }

  versionOf(uri: string): number | undefined {
    return this.reports.get(uri)?.version;
  }

  /** The answer to a pull: `unchanged` when the client holds the current result id. */
  report(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport {
    const report = this.reports.get(uri);
    if (!report) return { kind: 'full', items: [] };
    if (previousResultId === report.resultId) return { kind: 'unchanged', resultId: report.resultId };
    return { kind: 'full', resultId: report.resultId, items: report.diagnostics };
  }
}
