// Terminal output of `pipewise check`, ruff-like: one `path:line:col: ID [P1] message` line per
// finding, the recommended fix under it, then a summary.

import { PLAIN, type Style } from './ansi';
import { plainFixTitle, preferredFix, rangeOf } from './locate';
import { countByPriority, countFixable, formatCounts, plural } from './summary';
import type { Finding } from '../engine/types';
import { allFindings, allGaps, countIncompleteFiles, type ReportInput } from './types';

export interface TextOptions {
  style?: Style;
  /** Leave out the summary line (`--quiet`). */
  omitSummary?: boolean;
}

export function renderText(input: ReportInput, options: TextOptions = {}): string {
  const style = options.style ?? PLAIN;
  const located = allFindings(input);
  const lines: string[] = [];
  for (const { file, finding } of located) {
    const { line, column } = rangeOf(file.lines, finding.start, finding.end);
    const where = style.bold(`${file.path}:${line}:${column}:`);
    lines.push(`${where} ${style.priority(finding.priority, `${finding.ruleId} [${finding.priority}]`)} ${finding.message}`);
    const fix = preferredFix(finding);
    if (fix) lines.push(style.dim(`  ${fix.safe ? 'fix' : 'suggestion'}: ${plainFixTitle(fix)}`));
  }
  // Never pass quietly: what was not checked is listed even with --quiet.
  for (const { file, gap } of allGaps(input)) {
    const { line, column } = rangeOf(file.lines, gap.start, gap.end);
    lines.push(`${style.bold(`${file.path}:${line}:${column}:`)} ${style.priority('P1', gap.message)}`);
  }
  if (!options.omitSummary) {
    if (lines.length) lines.push('');
    lines.push(summaryLine(input, located.map((l) => l.finding), style));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function summaryLine(input: ReportInput, findings: readonly Finding[], style: Style): string {
  if (input.files.length === 0) return 'No files checked: no Python, YAML, INI, TOML or .env file found (or all are excluded or ignored).';
  const incomplete = countIncompleteFiles(input);
  const gapNote = incomplete ? ` ${plural(incomplete, 'file')} not fully checked (listed above).` : '';
  const checked = input.files.filter((file) => !file.gaps?.some((gap) => gap.kind === 'skipped')).length;
  if (findings.length === 0) return incomplete ? `No findings in ${plural(checked, 'file')} checked.${gapNote}` : style.success(`No findings in ${plural(input.files.length, 'file')}.`);
  const counts = countByPriority(findings);
  const fixable = countFixable(findings);
  const fixHint = fixable ? `; ${fixable} fixable with --fix` : '';
  return `Found ${plural(counts.total, 'finding')} (${formatCounts(counts)})${fixHint}.${gapNote}`;
}
