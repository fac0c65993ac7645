// An open document's diagnostics kept from its last publish, by finding. A keystroke changes the
// findings of the statement it edits; the others come back the same (the same object, or a
// remembered finding handed out again at the place its statement moved to), and most stay on the
// same lines and columns. Such a finding keeps its diagnostic, copied with the new version
// (diagnostic-json.ts keeps its JSON), instead of being converted again.

import type { Diagnostic, Range } from 'vscode-languageserver/node';
import { findingIdentity } from '../engine/remembered-findings';
import type { Finding } from '../engine/types';
import type { JsonSlot } from './diagnostic-json';
import { LiveTextDocument } from './live-text-document';
import type { PipewiseDiagnosticData } from './diagnostic-data';
import type { DocumentSettings } from './settings';
import { atVersion, toDiagnostic, type DiagnosticContext } from './to-diagnostic';

/** A finding's diagnostic as published, and where its JSON is kept (shared by its copies with other versions). */
export interface Converted {
  readonly diagnostic: Diagnostic;
  readonly json: JsonSlot;
}

export class DiagnosticReuse {
  private last = new Map<object, Converted>();
  private next = new Map<object, Converted>();
  /** What the kept diagnostics were made with: settings (severities, links) and the document's text object. */
  private madeWith: { settings: DocumentSettings; document: DiagnosticContext['document'] } | null = null;

  /** Starts a publish: what was kept holds only with the same settings and text object. */
  start(settings: DocumentSettings, context: DiagnosticContext): void {
    if (this.madeWith?.settings !== settings || this.madeWith.document !== context.document) this.last.clear();
    this.madeWith = { settings, document: context.document };
    this.next = new Map();
  }

  /** The finding's diagnostic: the kept one when it is still at the same range, else converted now. */
  diagnosticOf(finding: Finding, context: DiagnosticContext): Converted | null {
    // Related locations lie in other statements or files, which may have moved on their own.
    if (finding.related?.length) return converted(finding, context);
    const identity = findingIdentity(finding);
    const kept = this.last.get(identity);
    let result: Converted | null;
    if (kept && sameRange(kept.diagnostic.range, context, finding)) {
      const { version } = context.document;
      result = (kept.diagnostic.data as PipewiseDiagnosticData).version === version ? kept : { diagnostic: atVersion(kept.diagnostic, version), json: kept.json };
    } else {
      result = converted(finding, context);
    }
    if (result) this.next.set(identity, result);
    return result;
  }

  /** Ends a publish: its diagnostics are the ones kept for the next. */
  finish(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

function converted(finding: Finding, context: DiagnosticContext): Converted | null {
  const diagnostic = toDiagnostic(finding, context);
  return diagnostic && { diagnostic, json: {} };
}

function sameRange(range: Range, context: DiagnosticContext, finding: Finding): boolean {
  const { document } = context;
  if (document instanceof LiveTextDocument) return document.isAt(finding.start, range.start.line, range.start.character) && document.isAt(finding.end, range.end.line, range.end.character);
  const start = document.positionAt(finding.start);
  if (start.line !== range.start.line || start.character !== range.start.character) return false;
  const end = document.positionAt(finding.end);
  return end.line === range.end.line && end.character === range.end.character;
}
