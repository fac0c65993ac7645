// The rule catalogue (`pipewise rules`, and a source for generated rule indexes).

import { publicDocsUrl } from '../engine/docs';
import type { Dialect, Priority, RuleMeta } from '../engine/types';

export interface RuleCatalogEntry {
  id: string;
  slug: string;
  title: string;
  priority: Priority;
  dialects: Dialect[];
  rationale: string;
  recommendation: string;
  fixable: boolean;
  docs: string;
}

export function buildRuleCatalog(rules: readonly RuleMeta[]): RuleCatalogEntry[] {
  return rules.map((meta) => ({
    id: meta.id,
    slug: meta.slug,
    title: meta.title,
    priority: meta.priority,
    dialects: [...meta.dialects],
    rationale: meta.rationale,
    recommendation: meta.recommendation,
    fixable: meta.fixable,
    docs: publicDocsUrl(meta),
  }));
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
      `  Docs:  ${entry.docs}`,
    ].join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}
