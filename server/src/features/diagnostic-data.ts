// What a Pipewise diagnostic carries in `Diagnostic.data`: the rule, the document version its
// range refers to and its fixes' titles. Code actions find the finding again from the diagnostic
// (published-findings.ts) and compute the fixes' edits (`DiagnosticFix`) on request.

import type { Diagnostic, Range } from 'vscode-languageserver/node';
import type { CompanionEdit, Priority } from '../engine/types';

export const DIAGNOSTIC_SOURCE = 'pipewise';

/** A fix as a diagnostic names it. */
export interface DiagnosticFixTitle {
  title: string;
  safe: boolean;
  preferred: boolean;
}

/** A fix with its edits placed in the texts they apply to. */
export interface DiagnosticFix extends DiagnosticFixTitle {
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
  fixes: DiagnosticFixTitle[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isFixTitle(value: unknown): value is DiagnosticFixTitle {
  return isRecord(value) && typeof value.title === 'string';
}

/** The data of a Pipewise diagnostic sent back by the client, or null if it is not one. */
export function readDiagnosticData(diagnostic: Diagnostic): PipewiseDiagnosticData | null {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return null;
  const data: unknown = diagnostic.data;
  if (!isRecord(data) || typeof data.ruleId !== 'string' || !Number.isInteger(data.version)) return null;
  const fixes = Array.isArray(data.fixes) ? data.fixes.filter(isFixTitle) : [];
  return {
    ruleId: data.ruleId,
    priority: data.priority === 'P2' || data.priority === 'P3' ? data.priority : 'P1',
    version: data.version as number,
    fixes: fixes.map((fix) => ({ title: fix.title, safe: fix.safe === true, preferred: fix.preferred === true })),
  };
}
