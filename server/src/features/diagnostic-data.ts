// What a Pipewise diagnostic carries in `Diagnostic.data`: the finding's fixes with their edits
// already converted to LSP ranges, so code actions need no server-side cache.

import type { Diagnostic, Range } from 'vscode-languageserver/node';
import type { CompanionEdit, Priority } from '../engine/types';

export const DIAGNOSTIC_SOURCE = 'pipewise';

export interface DiagnosticFix {
  title: string;
  safe: boolean;
  preferred: boolean;
  edits: Array<{ range: Range; newText: string }>;
  companions: CompanionEdit[];
  /** Edits to other files of the workspace (cross-file rules' fixes), at their version when open. */
  fileEdits?: DiagnosticFileEdits[];
}

export interface DiagnosticFileEdits {
  uri: string;
  /** The open document's version the ranges refer to; null for a file that is not open. */
  version: number | null;
  edits: Array<{ range: Range; newText: string }>;
}

export interface PipewiseDiagnosticData {
  ruleId: string;
  priority: Priority;
  /** Version of the document the ranges refer to. */
  version: number;
  fixes: DiagnosticFix[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isPosition(value: unknown): boolean {
  return isRecord(value) && Number.isInteger(value.line) && Number.isInteger(value.character);
}

function isRange(value: unknown): value is Range {
  return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}

function isEdit(value: unknown): value is { range: Range; newText: string } {
  return isRecord(value) && isRange(value.range) && typeof value.newText === 'string';
}

function isCompanion(value: unknown): value is CompanionEdit {
  return isRecord(value) && typeof value.path === 'string' && typeof value.appendLine === 'string';
}

function isFileEdits(value: unknown): value is DiagnosticFileEdits {
  return isRecord(value) && typeof value.uri === 'string' && (value.version === null || Number.isInteger(value.version)) && Array.isArray(value.edits) && value.edits.every(isEdit);
}

function isFix(value: unknown): value is DiagnosticFix {
  return (
    isRecord(value) &&
    typeof value.title === 'string' &&
    Array.isArray(value.edits) &&
    value.edits.every(isEdit) &&
    (value.companions === undefined || (Array.isArray(value.companions) && value.companions.every(isCompanion))) &&
    (value.fileEdits === undefined || (Array.isArray(value.fileEdits) && value.fileEdits.every(isFileEdits)))
  );
}

/** The data of a Pipewise diagnostic sent back by the client, or null if it is not one. */
export function readDiagnosticData(diagnostic: Diagnostic): PipewiseDiagnosticData | null {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return null;
  const data: unknown = diagnostic.data;
  if (!isRecord(data) || typeof data.ruleId !== 'string' || !Number.isInteger(data.version)) return null;
  const fixes = Array.isArray(data.fixes) ? data.fixes.filter(isFix) : [];
  return {
    ruleId: data.ruleId,
    priority: data.priority === 'P2' || data.priority === 'P3' ? data.priority : 'P1',
    version: data.version as number,
    fixes: fixes.map((fix) => ({ ...fix, safe: fix.safe === true, preferred: fix.preferred === true, companions: fix.companions ?? [] })),
  };
}
