// Offsets → the 1-based line/column ranges reports print. Columns count UTF-16 code units (what
// SARIF's default columnKind and editors use); the end column is exclusive, as in SARIF regions.

import type { LineIndex } from '../engine/line-index';
import type { Finding, Fix, TextEdit } from '../engine/types';

export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function rangeOf(lines: LineIndex, start: number, end: number): SourceRange {
  const from = lines.positionAt(start);
  const to = lines.positionAt(end);
  return { line: from.line + 1, column: from.character + 1, endLine: to.line + 1, endColumn: to.character + 1 };
}

export function editRange(lines: LineIndex, edit: TextEdit): SourceRange {
  return rangeOf(lines, edit.start, edit.end);
}

/** The fix a report recommends: the rule's preferred one, else its first. */
export function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((fix) => fix.preferred) ?? finding.fixes[0];
}

/**
 * A fix title for reports that already name the rule: quick-fix titles carry an editor prefix
 * ("Pipewise (PW101): Read …") that would repeat the finding's own id.
 */
export function plainFixTitle(fix: Fix): string {
  return fix.title.replace(/^Pipewise \([A-Z]+\d+\):\s*/, '');
}
