// Runs the enabled rules over a document's facts and drops suppressed findings.

import type { DocumentFacts } from './document';
import type { EffectiveConfig } from './config';
import { isSuppressed, parseSuppressions } from './suppression';
import type { Finding, FindingInput, ProjectView, Rule } from './types';

export type RuleErrorHandler = (ruleId: string, error: unknown) => void;

export function lintDocument(doc: DocumentFacts, rules: readonly Rule[], config: EffectiveConfig, onRuleError?: RuleErrorHandler, project?: ProjectView): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const { meta } = rule;
    if (!rule.check || !meta.dialects.includes(doc.dialect)) continue;
    if (!config.isRuleEnabled(meta.id, meta.slug) || config.severityOverride(meta.id) === 'off') continue;
    const report = (input: FindingInput) => {
      findings.push({
        ruleId: meta.id,
        priority: input.priority ?? meta.priority,
        message: input.message,
        start: input.start,
        end: input.end,
        fixes: input.fixes ?? [],
        fingerprintText: input.fingerprintText ?? doc.text.slice(input.start, input.end),
        related: input.related,
      });
    };
    try {
      rule.check({ doc, config, project, report });
    } catch (error) {
      if (onRuleError) onRuleError(meta.id, error);
      else throw error;
    }
  }
  if (findings.length === 0) return findings;
  const suppressions = parseSuppressions(doc.text);
  const anySuppression = suppressions.file !== null || suppressions.lines.size > 0;
  const kept = anySuppression ? findings.filter((f) => !isSuppressed(suppressions, f.ruleId, doc.lines.positionAt(f.start).line)) : findings;
  return kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}
