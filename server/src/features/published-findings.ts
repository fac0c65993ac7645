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

  set(uri: string, entries: readonly PublishedFinding[]): void {
    if (entries.length === 0) this.byUri.delete(uri);
    else this.byUri.set(uri, entries);
  }

  /** What the file's last publish showed. */
  entriesOf(uri: string): readonly PublishedFinding[] {
    return this.byUri.get(uri) ?? [];
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }

  /**
   * The published finding a diagnostic sent back by the client stands for (same rule, version,
   * range and message), while the text it refers to is still that version (an open document's
   * text object moves on with the edits).
   */
  find(uri: string, diagnostic: Diagnostic, data: PipewiseDiagnosticData): PublishedFinding | undefined {
    for (const entry of this.byUri.get(uri) ?? []) {
      if (entry.context.document.version !== data.version) continue;
      const published = entry.diagnostic;
      if (published.code !== data.ruleId || published.message !== diagnostic.message) continue;
      if ((published.data as PipewiseDiagnosticData).version !== data.version || !sameRange(published.range, diagnostic.range)) continue;
      return entry;
    }
    return undefined;
  }
}
