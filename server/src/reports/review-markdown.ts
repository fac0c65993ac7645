// The review as Markdown (README-ready, renders on code hosts): paths link to the lines, relative
// to where the Markdown is printed or saved (`linkBase`: see markdown.ts relativeLinkBase), or as
// absolute file URLs for a review shown unsaved.

import type { Dialect } from '../engine/types';
import { isCellRelative, lineLabel } from './json';
import { codeBlock, escapeMarkdown, linkTarget } from './markdown';
import { renderGraphLines, renderMermaid } from './pipeline-graph';
import type { Review, ReviewItem } from './review';
import { formatCounts, plural } from './summary';

const FENCE_LANGUAGES: Record<Dialect, string> = { python: 'python', yaml: 'yaml', ini: 'ini', dotenv: 'dotenv', toml: 'toml', pem: 'text' };

export function renderReviewMarkdown(review: Review, linkBase = ''): string {
  const out: string[] = [`# Pipeline review: ${escapeMarkdown(review.name)}`, ''];
  const counts = review.summary.total ? ` (${formatCounts(review.summary)})` : '';
  out.push(`**${plural(review.summary.total, 'finding')} in ${plural(review.fileCount, 'file')}**${counts}. ${review.verdict}`, '');
  if (review.graph) {
    // The same graph as a list: Markdown previews without Mermaid support show nothing for the diagram.
    const lines = renderGraphLines(review.graph).map((line) => (line.startsWith('  ') ? `  - ${line.trim()}` : `- ${line}`));
    out.push('## Pipeline graph', '', codeBlock(renderMermaid(review.graph), 'mermaid'), '', ...lines, '');
  }
  for (const section of review.sections) {
    out.push(`## ${section.priority} — ${section.label}`, '');
    if (section.items.length === 0) out.push('None.', '');
    for (const item of section.items) out.push(...renderItem(item, linkBase));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function renderItem(item: ReviewItem, linkBase: string): string[] {
  const { finding } = item;
  const location = lineLabel(finding);
  const lines = [
    `### ${finding.rule} ${escapeMarkdown(finding.title)} — ${escapeMarkdown(location)}`,
    '',
    `[${escapeMarkdown(location)}](${linkTarget(finding.file, isCellRelative(finding) ? undefined : finding.line, linkBase)}): ${escapeMarkdown(finding.message)}`,
    '',
  ];
  if (item.rationale) lines.push(`**Why it matters:** ${escapeMarkdown(item.rationale)}`, '');
  const fixTitle = item.fix ? ` Suggested fix: ${escapeMarkdown(item.fix.title)}${item.fix.safe ? ' (applied by `pipewise check --fix`)' : ''}.` : '';
  lines.push(`**Fix:** ${escapeMarkdown(item.recommendation)}${fixTitle}`, '');
  if (item.fix?.code) lines.push(codeBlock(item.fix.code, FENCE_LANGUAGES[item.dialect]), '');
  return lines;
}
