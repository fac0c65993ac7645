// Writes the README's rule index from the rule metas (run: npm run docs:rules). A test checks
// that the README is up to date, so the table never drifts from the registry.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES } from '../rules';
import { docFileName } from '../server/src/engine/types';

export const START = '<!-- rule-index:start -->';
export const END = '<!-- rule-index:end -->';

export function renderRuleIndex(): string {
  const rows = ALL_RULES.map(({ meta }) => `| [${meta.id}](rules/${docFileName(meta)}) | ${meta.slug} | ${meta.priority} | ${meta.title} | ${meta.fixable ? 'yes' : '—'} |`);
  return [START, '| Rule | Slug | Priority | What it finds | Fix |', '|---|---|---|---|---|', ...rows, END].join('\n');
}

export function updateReadme(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0) throw new Error('README.md lacks the rule-index markers');
  return readme.slice(0, start) + renderRuleIndex() + readme.slice(end + END.length);
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'README.md');
  writeFileSync(file, updateReadme(readFileSync(file, 'utf8')));
}
