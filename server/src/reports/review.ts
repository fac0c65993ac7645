// The pipeline review (`pipewise review`, the editor's "Review Pipeline"): findings grouped by
// priority with why each matters and how to fix it, plus a one-line verdict. `buildReview` makes
// the model; the Markdown and terminal renderers live beside it, JSON is the model's projection.

import type { Dialect, Priority, RuleMeta } from '../engine/types';
import { toJsonFinding, type JsonFinding } from './json';
import type { ReviewGraph } from './pipeline-graph';
import { plainFixTitle, preferredFix } from './locate';
import { countByPriority, PRIORITIES, PRIORITY_LABELS, verdictOf, type PriorityCounts } from './summary';
import { allFindings, ruleMetaById, type ReportInput } from './types';

export interface ReviewFix {
  title: string;
  safe: boolean;
  /** The text the fix inserts (its edits' new text only, never the code it replaces). */
  code: string;
}

export interface ReviewItem {
  finding: JsonFinding;
  dialect: Dialect;
  rationale: string;
  recommendation: string;
  fix: ReviewFix | null;
}

export interface ReviewSection {
  priority: Priority;
  label: string;
  items: ReviewItem[];
}

export interface Review {
  /** The reviewed folder's name, for the title. */
  name: string;
  /** The reviewed path as the user gave it. */
  path: string;
  fileCount: number;
  summary: PriorityCounts;
  verdict: string;
  /** Always P1, P2, P3 in that order, empty ones included. */
  sections: ReviewSection[];
  /** Pipelines of the reviewed folder: schedule, steps in order, artifacts read and written. */
  graph?: ReviewGraph;
}

export interface ReviewOptions {
  name: string;
  path: string;
  graph?: ReviewGraph;
}

export function buildReview(input: ReportInput, options: ReviewOptions): Review {
  const metas = ruleMetaById(input.rules);
  const located = allFindings(input);
  const summary = countByPriority(located.map((l) => l.finding));
  const sections = PRIORITIES.map((priority): ReviewSection => ({ priority, label: PRIORITY_LABELS[priority], items: [] }));
  for (const entry of located) {
    const meta: RuleMeta | undefined = metas.get(entry.finding.ruleId);
    const fix = preferredFix(entry.finding);
    sections[PRIORITIES.indexOf(entry.finding.priority)].items.push({
      finding: toJsonFinding(entry, meta),
      dialect: entry.file.dialect,
      rationale: meta?.rationale ?? '',
      recommendation: meta?.recommendation ?? '',
      fix: fix ? { title: plainFixTitle(fix), safe: fix.safe, code: insertedCode(allEdits(fix)) } : null,
    });
  }
  const review: Review = { name: options.name, path: options.path, fileCount: input.files.length, summary, verdict: verdictOf(summary), sections };
  if (options.graph && options.graph.pipelines.length > 0) review.graph = options.graph;
  return review;
}

/** A fix's edits, including those a cross-file fix makes to other files (`fileEdits`). */
function allEdits(fix: { edits: ReadonlyArray<{ start: number; newText: string }>; fileEdits?: ReadonlyArray<{ edits: ReadonlyArray<{ start: number; newText: string }> }> }): Array<{ start: number; newText: string }> {
  return [...fix.edits, ...(fix.fileEdits ?? []).flatMap((f) => f.edits)];
}

function insertedCode(edits: ReadonlyArray<{ start: number; newText: string }>): string {
  return [...edits]
    .sort((a, b) => a.start - b.start)
    .map((edit) => edit.newText.replace(/\s+$/, ''))
    .filter((text) => text.trim() !== '')
    .join('\n');
}

export interface ReviewJson {
  path: string;
  summary: PriorityCounts;
  verdict: string;
  findings: Array<JsonFinding & { rationale: string; recommendation: string }>;
  graph?: ReviewGraph;
}

export function reviewToJson(review: Review): ReviewJson {
  return {
    path: review.path,
    summary: review.summary,
    verdict: review.verdict,
    findings: review.sections.flatMap((section) => section.items.map((item) => ({ ...item.finding, rationale: item.rationale, recommendation: item.recommendation }))),
    ...(review.graph ? { graph: review.graph } : {}),
  };
}

export function renderReviewJson(review: Review): string {
  return `${JSON.stringify(reviewToJson(review), null, 2)}\n`;
}
