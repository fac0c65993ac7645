// The findings behind each document's last published diagnostics, with the text their offsets
// refer to: a code action finds the finding again from the diagnostic the client sends back and
// computes its fixes' edits then, so diagnostics carry no edits.

import type { Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../engine/types';
import type { PipewiseDiagnosticData } from './diagnostic-data';
import type { DiagnosticContext } from './to-diagnostic';

export interface PublishedFinding {
  finding: Finding;
  diagnostic: Diagnostic;
  /** What the diagnostic was made with: the text the finding's offsets refer to, settings, other files. */
  context: DiagnosticContext;
  /** A workspace rule's finding (its fixes may edit other files). */
  workspace: boolean;
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export class PublishedFindings {
  private readonly byUri = new Map<string, readonly PublishedFinding[]>();
  /** Per document, an earlier version whose diagnostics the client still holds for the current ones (pull diagnostics). */
  private readonly aliases = new Map<string, { from: number; to: number }>();

  set(uri: string, entries: readonly PublishedFinding[]): void {
    this.aliases.delete(uri);
    if (entries.length === 0) this.byUri.delete(uri);
    else this.byUri.set(uri, entries);
  }

  /**
   * The client holds diagnostics of version `from` that equal the published ones of version `to`
   * in everything but that version (an edit moved none of them): they stand for these.
   */
  alias(uri: string, from: number, to: number): void {
    this.aliases.set(uri, { from, to });
  }

  /** What the file's last publish showed. */
  entriesOf(uri: string): readonly PublishedFinding[] {
    return this.byUri.get(uri) ?? [];
  }

  /** The data a diagnostic sent back by the client carries, its version read through the document's alias. */
  current(uri: string, data: PipewiseDiagnosticData): PipewiseDiagnosticData {
    const alias = this.aliases.get(uri);
    return alias?.from === data.version ? { ...data, version: alias.to } : data;
  }

  /** Puts `replacements` (old finding → its copy) in place of the findings behind the file's published diagnostics. */
  replaceFindings(uri: string, replacements: ReadonlyMap<Finding, Finding>): void {
    const entries = this.byUri.get(uri);
    if (entries) this.byUri.set(uri, entries.map((entry) => ({ ...entry, finding: replacements.get(entry.finding) ?? entry.finding })));
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
    this.aliases.delete(uri);
  }

  /**
   * The published finding a diagnostic sent back by the client stands for (same rule, version,
   * range and message), while the text it refers to is still that version (an open document's
   * text object moves on with the edits).
   */
  find(uri: string, diagnostic: Diagnostic, data: PipewiseDiagnosticData): PublishedFinding | undefined {
    const { version } = this.current(uri, data);
    for (const entry of this.byUri.get(uri) ?? []) {
      if (entry.context.document.version !== version) continue;
      const published = entry.diagnostic;
      if (published.code !== data.ruleId || published.message !== diagnostic.message) continue;
      if ((published.data as PipewiseDiagnosticData).version !== version || !sameRange(published.range, diagnostic.range)) continue;
      return entry;
    }
    return undefined;
  }
}
