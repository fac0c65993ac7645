// The rule catalogue (`pipewise rules`, and a source for generated rule indexes).

import { bundledDocPath } from '../engine/docs';
import { docFileName } from '../engine/types';
import type { RuleMeta } from '../engine/types';

/** A rule's metadata plus where its documentation page is (installed with Pipewise). */
export type RuleCatalogEntry = RuleMeta & { docs: string; concern: 'security' | 'operational' };

export function buildRuleCatalog(rules: readonly RuleMeta[]): RuleCatalogEntry[] {
  // Every entry says its concern: whether it still reports in dormant code (security) or not.
  return rules.map((meta) => ({ ...meta, concern: meta.concern ?? 'operational', dialects: [...meta.dialects], docs: bundledDocPath(meta) ?? `rules/${docFileName(meta)}` }));
}

export function renderRuleCatalogJson(rules: readonly RuleMeta[]): string {
  return `${JSON.stringify(buildRuleCatalog(rules), null, 2)}\n`;
}

export function renderRuleCatalogText(rules: readonly RuleMeta[]): string {
  const blocks = buildRuleCatalog(rules).map((entry) =>
    [
      `${entry.id} [${entry.priority}] ${entry.title} (${entry.slug})${entry.fixable ? ' — fixable' : ''}`,
      `  Files: ${entry.dialects.join(', ')}`,
      `  Why:   ${entry.rationale}`,
      `  Fix:   ${entry.recommendation}`,
      `  Dormant code (archive/, deprecated*/, old/…): ${entry.concern === 'security' ? 'reported' : 'not checked'}`,
      `  Docs:  ${entry.docs}`,
    ].join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}
