// Runs the enabled rules over a document's facts and drops suppressed findings. Incremental rules
// on Python documents go through incremental-lint.ts, which re-checks only what a keystroke changed,
// unless the document is linted only once (`once`: the CLI), where that bookkeeping is pure cost.

import type { DocumentFacts } from './document';
import type { EffectiveConfig } from './config';
import { checkIncrementally, completeDeferredBookkeeping, hasDeferredBookkeeping } from './incremental-lint';
import { reporter } from './rule-report';
import { withoutSuppressed } from './suppression';
import type { Finding, ProjectView, Rule } from './types';
import { withFileFixes } from './notebook/databricks';
import { reportsInDormantCode } from './dormant-code';
import { silentWhereNothingRuns } from './reach-gate';

export type RuleErrorHandler = (ruleId: string, error: unknown) => void;

export interface LintOptions {
  /**
   * The document will not be linted again: incremental rules run once over the whole module, as
   * the incremental oracle test's reference does (same findings), without computing what each
   * statement exports or remembering which statements were clean — about half of a first lint.
   */
  once?: boolean;
  /**
   * The first lint of a document reports its findings before working out what each statement
   * exports and yielded; `completeDeferredBookkeeping(doc.python)` (or the next lint) does that.
   * The server's open → first diagnostics; no finding changes.
   */
  deferBookkeeping?: boolean;
}

export { completeDeferredBookkeeping, hasDeferredBookkeeping };

export function lintDocument(doc: DocumentFacts, rules: readonly Rule[], config: EffectiveConfig, onRuleError?: RuleErrorHandler, project?: ProjectView, options: LintOptions = {}): Finding[] {
  const findings: Finding[] = [];
  if (doc.python) completeDeferredBookkeeping(doc.python);
  const dormant = config.isDormantCode(doc.path);
  for (const rule of rules) {
    const { meta } = rule;
    if (!rule.check || !meta.dialects.includes(doc.dialect)) continue;
    if (!config.isRuleEnabled(meta.id, meta.slug) || config.severityOverride(meta.id) === 'off') continue;
    if (dormant && !reportsInDormantCode(meta)) continue;
    if (silentWhereNothingRuns(meta, project, doc.path)) continue;
    try {
      if (rule.incremental && !options.once && doc.python && !doc.python.hasError && doc.python.rawChunks.length > 0) {
        checkIncrementally(rule, doc, doc.python, config, project, findings, options.deferBookkeeping);
      } else {
        rule.check({ doc, config, project, statement: null, report: reporter(rule, doc, findings) });
      }
    } catch (error) {
      if (onRuleError) onRuleError(meta.id, error);
      else throw error;
    }
  }
  if (findings.length === 0) return findings;
  const kept = withoutSuppressed(doc, findings);
  // In a Databricks notebook, fixes edit the file, never the cells its analysis text rewrites.
  if (doc.databricks) return withFileFixes(doc.databricks, kept).sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}
