// `--format json`: one object per finding with 1-based ranges, every fix with its edits, and the
// baseline fingerprint. Messages are the rules' (secrets already masked); no source text is added.

import { GAP_REPORT_ID, type AnalysisGap } from '../engine/analysis-gaps';
import { fingerprintOf } from '../engine/baseline';
import { severityOf } from '../engine/severity';
import type { Priority, Severity } from '../engine/types';
import { rangeOf, type SourceRange } from './locate';
import { allFindings, allGaps, ruleMetaById, type LocatedReportFinding, type ReportFile, type ReportInput } from './types';

export interface JsonEdit extends SourceRange {
  newText: string;
  /** In a Jupyter notebook: the 1-based cell the edit is in (its line and column are inside that cell). A Databricks export's edits are in file lines, without `cell`. */
  cell?: number;
}

export interface JsonFix {
  title: string;
  safe: boolean;
  edits: JsonEdit[];
}

export interface JsonFinding extends SourceRange {
  rule: string;
  slug: string;
  title: string;
  priority: Priority;
  severity: Severity;
  file: string;
  message: string;
  fixes: JsonFix[];
  fingerprint: string;
  /**
   * In a notebook: the 1-based cell (markdown cells counted). In a Jupyter notebook the line and
   * column are inside that cell; in a Databricks export they are the file's, and `cellLine` and
   * `cellColumn` give the place inside the cell as Databricks shows it.
   */
  cell?: number;
  cellLine?: number;
  cellColumn?: number;
}

export type ReportRange = SourceRange & { cell?: number; cellLine?: number; cellColumn?: number };

/** The range a report gives: in a Jupyter notebook, inside the cell; in a Databricks export, the file's lines with the cell as information. */
export function reportRange(file: ReportFile, start: number, end: number): ReportRange {
  if (!file.notebook) return rangeOf(file.lines, start, end);
  const inCell = file.notebook.cellRange(start, end);
  if (file.notebook.positionsInCells) return inCell;
  return { ...file.notebook.fileRange(start, end), cell: inCell.cell, cellLine: inCell.line, cellColumn: inCell.column };
}

/** An edit's range: inside its cell in a Jupyter notebook, the file's own otherwise (what applies to the file's text). */
function editRange(file: ReportFile, start: number, end: number): SourceRange & { cell?: number } {
  return file.notebook?.positionsInCells ? file.notebook.cellRange(start, end) : rangeOf(file.lines, start, end);
}

/** Whether a finding's line and column count inside its cell (a Jupyter notebook) rather than in the file. */
export function isCellRelative(finding: ReportRange): boolean {
  return finding.cell !== undefined && finding.cellLine === undefined;
}

/** `path:line`, `etl.ipynb:cell 3:2` (lines inside the cell) or `load.py:12 (cell 3)` (a Databricks export: file lines). */
export function lineLabel(finding: ReportRange & { file: string }): string {
  if (finding.cell === undefined) return `${finding.file}:${finding.line}`;
  return isCellRelative(finding) ? `${finding.file}:cell ${finding.cell}:${finding.line}` : `${finding.file}:${finding.line} (cell ${finding.cell})`;
}

/**
 * The findings, then one entry per analysis gap (rule PW000, slug `not-checked`, priority P1), so
 * that a consumer reading only this array still sees that a file was skipped or not fully checked.
 */
export function buildJsonFindings(input: ReportInput): JsonFinding[] {
  const metas = ruleMetaById(input.rules);
  const findings = allFindings(input).map((located) => toJsonFinding(located, metas.get(located.finding.ruleId)));
  return [...findings, ...allGaps(input).map(({ file, gap }) => toJsonGap(file, gap))];
}

export function toJsonGap(file: ReportFile, gap: AnalysisGap): JsonFinding {
  return {
    rule: GAP_REPORT_ID,
    slug: 'not-checked',
    title: 'File not fully checked',
    priority: 'P1',
    severity: 'error',
    file: file.path,
    ...reportRange(file, gap.start, gap.end),
    message: gap.message,
    fixes: [],
    fingerprint: `${gap.kind}`,
  };
}

export function toJsonFinding({ file, finding }: LocatedReportFinding, meta: { slug: string; title: string } | undefined): JsonFinding {
  return {
    rule: finding.ruleId,
    slug: meta?.slug ?? '',
    title: meta?.title ?? finding.ruleId,
    priority: finding.priority,
    severity: severityOf(finding, file.config) ?? 'information',
    file: file.path,
    ...reportRange(file, finding.start, finding.end),
    message: finding.message,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      safe: fix.safe,
      edits: fix.edits.map((edit) => ({ ...editRange(file, edit.start, edit.end), newText: edit.newText })),
    })),
    fingerprint: fingerprintOf(finding),
  };
}

export function renderJson(input: ReportInput): string {
  return `${JSON.stringify(buildJsonFindings(input), null, 2)}\n`;
}
