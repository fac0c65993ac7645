import type { EffectiveConfig } from './config';
import type { Finding, Priority, Severity } from './types';

const BY_PRIORITY: Record<Priority, Severity> = { P1: 'error', P2: 'warning', P3: 'information' };

/** The severity a finding is shown with, or null when the user turned its rule off. */
export function severityOf(finding: Pick<Finding, 'ruleId' | 'priority'>, config: EffectiveConfig): Severity | null {
  const override = config.severityOverride(finding.ruleId);
  if (override === 'off') return null;
  return override ?? BY_PRIORITY[finding.priority];
}

export function priorityRank(priority: Priority): number {
  return priority === 'P1' ? 1 : priority === 'P2' ? 2 : 3;
}
