// Counts and verdicts shared by the text summary, the review and the CLI's exit code.

import { firstSafeFix } from '../engine/fixer';
import { priorityRank } from '../engine/severity';
import type { Finding, Priority } from '../engine/types';

export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3'];

export const PRIORITY_LABELS: Record<Priority, string> = { P1: 'Critical', P2: 'High', P3: 'Medium' };

export type PriorityCounts = Record<Priority, number> & { total: number };

export function countByPriority(findings: Iterable<Pick<Finding, 'priority'>>): PriorityCounts {
  const counts: PriorityCounts = { P1: 0, P2: 0, P3: 0, total: 0 };
  for (const finding of findings) {
    counts[finding.priority]++;
    counts.total++;
  }
  return counts;
}

/** How many findings `--fix` / fix-all would address (those with a safe fix). */
export function countFixable(findings: Iterable<Finding>): number {
  let fixable = 0;
  for (const finding of findings) if (firstSafeFix(finding)) fixable++;
  return fixable;
}

/** How many findings have only unsafe fixes (`--fix --unsafe-fixes` would address them). */
export function countUnsafeOnly(findings: Iterable<Finding>): number {
  let count = 0;
  for (const finding of findings) if (finding.fixes.length > 0 && !firstSafeFix(finding)) count++;
  return count;
}

/** Whether any finding is at `threshold` or more severe (P1 is the most severe). */
export function failsAt(findings: Iterable<Pick<Finding, 'priority'>>, threshold: Priority): boolean {
  for (const finding of findings) if (priorityRank(finding.priority) <= priorityRank(threshold)) return true;
  return false;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "2 P1, 1 P2": the non-zero counts, most severe first. */
export function formatCounts(counts: PriorityCounts): string {
  return PRIORITIES.filter((p) => counts[p] > 0).map((p) => `${counts[p]} ${p}`).join(', ');
}

/** One sentence on production readiness, driven by the most severe priority present. */
export function verdictOf(counts: PriorityCounts): string {
  if (counts.P1 > 0) return `Not production-ready: ${plural(counts.P1, 'critical finding')}.`;
  if (counts.P2 > 0) return `Needs work before production: ${plural(counts.P2, 'high-priority finding')}.`;
  if (counts.P3 > 0) return `Production-ready with caveats: ${plural(counts.P3, 'medium-priority finding')}.`;
  return 'No findings.';
}
