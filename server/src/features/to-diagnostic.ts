// Engine findings → LSP diagnostics.

import { existsSync } from 'node:fs';
import { readLimitedText } from '../engine/limited-read';
import { MAX_SOURCE_BYTES } from '../engine/size-limits';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { EffectiveConfig } from '../engine/config';
import { severityOf } from '../engine/severity';
import type { Finding, RelatedLocation, Severity } from '../engine/types';
import type { FileEdits, WorkspaceFix } from '../engine/workspace/types';
import { DIAGNOSTIC_SOURCE, type DiagnosticFileEdits, type DiagnosticFix, type PipewiseDiagnosticData } from './diagnostic-data';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticContext {
  document: TextDocument;
  filePath: string;
  config: EffectiveConfig;
  docsUrlOf(ruleId: string): string | undefined;
  /** The text of another open document, to place related locations in it. */
  openText(filePath: string): TextDocument | undefined;
  /** The version of another file's text as `openText` gave it: the open document's, null when not open. */
  openVersion?(filePath: string): number | null;
}

/**
 * The diagnostic for a finding, or null when its rule's severity is "off". Its data names the rule
 * and the fixes' titles, not their edits: code actions find the finding again (see
 * PublishedFindings) and compute the edits on request, so a publish stays small.
 */
export function toDiagnostic(finding: Finding, context: DiagnosticContext): Diagnostic | null {
  const severity = severityOf(finding, context.config);
  if (!severity) return null;
  const { document } = context;
  const data: PipewiseDiagnosticData = {
    ruleId: finding.ruleId,
    priority: finding.priority,
    version: document.version,
    fixes: finding.fixes.map((fix) => ({ title: fix.title, safe: fix.safe, preferred: fix.preferred === true })),
  };
  const diagnostic: Diagnostic = {
    range: { start: document.positionAt(finding.start), end: document.positionAt(finding.end) },
    severity: LSP_SEVERITY[severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    message: finding.message,
    data,
  };
  const href = context.docsUrlOf(finding.ruleId);
  if (href) diagnostic.codeDescription = { href };
  if (finding.related?.length) diagnostic.relatedInformation = finding.related.map((related) => relatedInformation(related, context));
  return diagnostic;
}

/**
 * `diagnostic` (made by toDiagnostic) as made at `version`: a new object, its other fields the same
 * objects, in the same order (the same JSON but for the version).
 */
export function atVersion(diagnostic: Diagnostic, version: number): Diagnostic {
  const data = diagnostic.data as PipewiseDiagnosticData;
  const copy: Diagnostic = {
    range: diagnostic.range,
    severity: diagnostic.severity,
    source: diagnostic.source,
    code: diagnostic.code,
    message: diagnostic.message,
    data: { ruleId: data.ruleId, priority: data.priority, version, fixes: data.fixes } satisfies PipewiseDiagnosticData,
  };
  if (diagnostic.codeDescription) copy.codeDescription = diagnostic.codeDescription;
  if (diagnostic.relatedInformation) copy.relatedInformation = diagnostic.relatedInformation;
  return copy;
}

/**
 * The finding's fixes with their edits as LSP edits in the text the finding refers to (and, for
 * cross-file fixes, in the other files' texts).
 */
export function fixesOf(finding: Finding, context: DiagnosticContext, options: { workspaceFinding?: boolean } = {}): DiagnosticFix[] {
  const { document } = context;
  const fixes: DiagnosticFix[] = [];
  for (const fix of finding.fixes) {
    const converted: DiagnosticFix = {
      title: fix.title,
      safe: fix.safe,
      preferred: fix.preferred === true,
      edits: fix.edits.map((edit) => ({ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText })),
      companions: fix.companions ?? [],
      ...fileEditsOf(fix as WorkspaceFix, context),
    };
    // A workspace rule's fix whose edits could not be placed (another file gone) would do nothing.
    if (options.workspaceFinding && converted.edits.length === 0 && !converted.fileEdits?.length) continue;
    fixes.push(converted);
  }
  return fixes;
}

/** A workspace fix's edits to other files, placed in their texts; nothing when there are none. */
function fileEditsOf(fix: WorkspaceFix, context: DiagnosticContext): { fileEdits?: DiagnosticFileEdits[] } {
  if (!fix.fileEdits?.length) return {};
  const fileEdits = fix.fileEdits.map((edits: FileEdits) => {
    const target = edits.path === context.filePath ? context.document : (context.openText(edits.path) ?? readFromDisk(edits.path));
    const version = edits.path === context.filePath ? context.document.version : (context.openVersion?.(edits.path) ?? null);
    return {
      uri: target?.uri ?? pathToFileURL(edits.path).toString(),
      version,
      edits: target ? edits.edits.map((edit) => ({ range: { start: target.positionAt(edit.start), end: target.positionAt(edit.end) }, newText: edit.newText })) : [],
    };
  });
  // Without the other file's text the edits cannot be placed: no partial fix.
  return fileEdits.every((change) => change.edits.length > 0) ? { fileEdits } : {};
}

function relatedInformation(related: RelatedLocation, context: DiagnosticContext): DiagnosticRelatedInformation {
  const target = related.path === context.filePath ? context.document : (context.openText(related.path) ?? readFromDisk(related.path));
  const start = target?.positionAt(related.start) ?? { line: 0, character: 0 };
  const end = target?.positionAt(related.end) ?? start;
  return { location: { uri: target?.uri ?? pathToFileURL(related.path).toString(), range: { start, end } }, message: related.message };
}

function readFromDisk(filePath: string): TextDocument | undefined {
  try {
    if (!existsSync(filePath)) return undefined;
    const read = readLimitedText(filePath, { maxBytes: MAX_SOURCE_BYTES });
    return read.ok ? TextDocument.create(pathToFileURL(filePath).toString(), '', 0, read.text) : undefined;
  } catch {
    return undefined;
  }
}
