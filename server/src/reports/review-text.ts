// The review for a terminal: the same grouping as the Markdown report, compact.

import { PLAIN, type Style } from './ansi';
import { lineLabel } from './json';
import { renderGraphLines } from './pipeline-graph';
import type { Review } from './review';
import { formatCounts, plural } from './summary';

export function renderReviewText(review: Review, style: Style = PLAIN): string {
  const out: string[] = [style.bold(`Pipeline review: ${review.name}`)];
  const counts = review.summary.total ? `: ${formatCounts(review.summary)}` : '';
  out.push(`${plural(review.summary.total, 'finding')} in ${plural(review.fileCount, 'file')}${counts}`);
  out.push(review.summary.P1 ? style.priority('P1', review.verdict) : review.summary.total ? review.verdict : style.success(review.verdict));
  if (review.graph) out.push('', style.bold('Pipeline graph'), ...renderGraphLines(review.graph).map((line) => `  ${line}`));
  for (const section of review.sections) {
    out.push('', style.priority(section.priority, style.bold(`${section.priority} — ${section.label}`)));
    if (section.items.length === 0) out.push('  None.');
    for (const item of section.items) {
      const { finding } = item;
      out.push(`  ${style.bold(lineLabel(finding))}  ${finding.rule} ${finding.title}`);
      out.push(`    ${finding.message}`);
      out.push(style.dim(`    → ${item.fix ? item.fix.title : item.recommendation}`));
    }
  }
  return `${out.join('\n')}\n`;
}
