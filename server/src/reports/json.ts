// `--format json`: one object per finding with 1-based ranges, every fix with its edits, and the
// baseline fingerprint. Messages are the rules' (secrets already masked); no source text is added.

import { fingerprintOf } from '../engine/baseline';
import { severityOf } from '../engine/severity';
import type { Priority, Severity } from '../engine/types';
import { editRange, rangeOf, type SourceRange } from './locate';
import { allFindings, ruleMetaById, type LocatedReportFinding, type ReportInput } from './types';

export interface JsonEdit extends SourceRange {
  newText: string;
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
}

export function buildJsonFindings(input: ReportInput): JsonFinding[] {
  const metas = ruleMetaById(input.rules);
  return allFindings(input).map((located) => toJsonFinding(located, metas.get(located.finding.ruleId)));
}

export function toJsonFinding({ file, finding }: LocatedReportFinding, meta: { slug: string; title: string } | undefined): JsonFinding {
  return {
    rule: finding.ruleId,
    slug: meta?.slug ?? '',
    title: meta?.title ?? finding.ruleId,
    priority: finding.priority,
    severity: severityOf(finding, file.config) ?? 'information',
    file: file.path,
    ...rangeOf(file.lines, finding.start, finding.end),
    message: finding.message,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      safe: fix.safe,
      edits: fix.edits.map((edit) => ({ ...editRange(file.lines, edit), newText: edit.newText })),
    })),
    fingerprint: fingerprintOf(finding),
  };
}

export function renderJson(input: ReportInput): string {
  return `${JSON.stringify(buildJsonFindings(input), null, 2)}\n`;
}
