// The `report` function a rule's check is handed: turns FindingInput into Finding.

import type { DocumentFacts } from './document';
import { normalizeEdits } from './fixer';
import type { Finding, FindingInput, Rule, RuleContext } from './types';

/** The `report` a rule is handed: findings in `findings`, and where each comes from in `origins`. */
export function reporter(rule: Rule, doc: DocumentFacts, findings: Finding[], origins?: number[]): RuleContext['report'] {
  const { meta } = rule;
  return (input: FindingInput) => {
    findings.push({
      ruleId: meta.id,
      priority: input.priority ?? meta.priority,
      message: input.message,
      start: input.start,
      end: input.end,
      // Rules build edits independently; here they become valid LSP edits (see normalizeEdits).
      fixes: (input.fixes ?? []).map((fix) => (fix.edits.length > 1 || doc.sourceText.charCodeAt(0) === 0xfeff ? { ...fix, edits: normalizeEdits(doc.sourceText, fix.edits) } : fix)),
      fingerprintText: input.fingerprintText ?? doc.sourceText.slice(input.start, input.end),
      related: input.related,
      ...(input.suppressibleAt !== undefined && { suppressibleAt: input.suppressibleAt }),
    });
    origins?.push(input.origin ?? input.start);
  };
}
