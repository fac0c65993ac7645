// What every report is built from: the linted files (findings located by file, each with the
// config it was linted with) and the rules' metadata. Reports are pure functions of this.

import type { AnalysisGap } from '../engine/analysis-gaps';
import type { EffectiveConfig } from '../engine/config';
import type { LineIndex } from '../engine/line-index';
import type { Dialect, Finding, RuleMeta } from '../engine/types';
import type { CellLocator } from './notebook-locate';

export interface ReportFile {
  /** POSIX path relative to `ReportInput.root`. */
  path: string;
  dialect: Dialect;
  /** Line index of the text the findings' offsets refer to. */
  lines: LineIndex;
  config: EffectiveConfig;
  findings: readonly Finding[];
  /** What was not checked in the file (see analysis-gaps.ts); absent or empty when everything was. */
  gaps?: readonly AnalysisGap[];
  /** A notebook (Jupyter: offsets in its code cells joined as one module; Databricks: the file's offsets): this places them in cells. */
  notebook?: CellLocator;
}

export interface ReportInput {
  /** Absolute folder that `ReportFile.path`s are relative to. */
  root: string;
  /** Every file examined, including clean ones (summaries count them). */
  files: readonly ReportFile[];
  rules: readonly RuleMeta[];
}

export interface LocatedReportFinding {
  file: ReportFile;
  finding: Finding;
}

/** The findings of all files in report order: files as given, findings by position. */
export function allFindings(input: ReportInput): LocatedReportFinding[] {
  return input.files.flatMap((file) => [...file.findings].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId)).map((finding) => ({ file, finding })));
}

export interface LocatedGap {
  file: ReportFile;
  gap: AnalysisGap;
}

/** Every analysis gap, files in report order. */
export function allGaps(input: ReportInput): LocatedGap[] {
  return input.files.flatMap((file) => (file.gaps ?? []).map((gap) => ({ file, gap })));
}

/** How many files were not fully checked. */
export function countIncompleteFiles(input: ReportInput): number {
  return input.files.filter((file) => (file.gaps?.length ?? 0) > 0).length;
}

export function ruleMetaById(rules: readonly RuleMeta[]): Map<string, RuleMeta> {
  return new Map(rules.map((meta) => [meta.id, meta]));
}
