// Terminal output of `pipewise check`, ruff-like: one `path:line:col: ID [P1] message` line per
// finding, the recommended fix under it, then a summary.

import { PLAIN, type Style } from './ansi';
import { plainFixTitle, preferredFix, rangeOf } from './locate';
import { countByPriority, countFixable, countUnsafeOnly, formatCounts, plural } from './summary';
import type { Finding } from '../engine/types';
import { allFindings, allGaps, countIncompleteFiles, type ReportFile, type ReportInput } from './types';

export interface TextOptions {
  style?: Style;
  /** Leave out the summary line (`--quiet`). */
  omitSummary?: boolean;
  /** How long the run took, for the summary (the CLI's wall time). */
  elapsedMs?: number;
  /** Findings a baseline hid (they are not in `input`). */
  hiddenByBaseline?: number;
  /** The run applied fixes (`--fix`): findings still carrying a fix were refused by it. */
  fixRun?: boolean;
  /** Unsafe fixes were asked for (`--unsafe-fixes`). */
  unsafeFixes?: boolean;
}

export function renderText(input: ReportInput, options: TextOptions = {}): string {
  const style = options.style ?? PLAIN;
  const located = allFindings(input);
  const lines: string[] = [];
  for (const { file, finding } of located) {
    const { where, cell } = locationOf(file, finding.start, finding.end);
    lines.push(`${style.bold(`${where}:`)} ${style.priority(finding.priority, `${finding.ruleId} [${finding.priority}]`)} ${finding.message}${cell}`);
    const fix = preferredFix(finding);
    if (fix) lines.push(style.dim(`  ${fix.safe ? 'fix' : 'suggestion'}: ${plainFixTitle(fix)}`));
  }
  // Never pass quietly: what was not checked is listed even with --quiet.
  for (const { file, gap } of allGaps(input)) {
    const { where, cell } = locationOf(file, gap.start, gap.end);
    lines.push(`${style.bold(`${where}:`)} ${style.priority('P1', gap.message)}${cell}`);
  }
  if (!options.omitSummary) {
    if (lines.length) lines.push('');
    lines.push(summaryLine(input, located.map((l) => l.finding), style, options));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * `path:line:col`, or `etl.ipynb:cell 3:2:5` in a Jupyter notebook; a Databricks export keeps its
 * file's `path:line:col` (what terminals and CI annotations open) and names the cell after the
 * message, ` (cell 3)`.
 */
function locationOf(file: ReportFile, start: number, end: number): { where: string; cell: string } {
  if (file.notebook?.positionsInCells) {
    const { cell, line, column } = file.notebook.cellRange(start, end);
    return { where: `${file.path}:cell ${cell}:${line}:${column}`, cell: '' };
  }
  const { line, column } = rangeOf(file.lines, start, end);
  return { where: `${file.path}:${line}:${column}`, cell: file.notebook ? ` (cell ${file.notebook.cellRange(start, end).cell})` : '' };
}

function summaryLine(input: ReportInput, findings: readonly Finding[], style: Style, options: TextOptions): string {
  if (input.files.length === 0) return 'No files checked: no Python, YAML, INI, TOML or .env file found (or all are excluded or ignored).';
  const incomplete = countIncompleteFiles(input);
  const checked = input.files.filter((file) => !file.gaps?.some((gap) => gap.kind === 'skipped')).length;
  const time = options.elapsedMs === undefined ? '' : ` in ${formatSeconds(options.elapsedMs)}`;
  const head = `Checked ${plural(checked, 'file')}${time}`;
  const tail = [
    incomplete ? `${plural(incomplete, 'file')} not fully checked (listed above).` : '',
    options.hiddenByBaseline ? `${plural(options.hiddenByBaseline, 'known finding')} hidden by the baseline.` : '',
  ].filter(Boolean).join(' ');
  const after = tail ? ` ${tail}` : '';
  if (findings.length === 0) {
    const text = `${head}: no findings.`;
    return incomplete ? `${text}${after}` : `${style.success(text)}${after}`;
  }
  const counts = countByPriority(findings);
  return `${head}: ${plural(counts.total, 'finding')} (${formatCounts(counts)})${fixHint(findings, options)}.${after}`;
}

/** What `--fix` can still do about the findings shown. */
function fixHint(findings: readonly Finding[], options: TextOptions): string {
  const safe = countFixable(findings);
  const unsafe = countUnsafeOnly(findings);
  if (options.fixRun) {
    const refused = options.unsafeFixes ? safe + unsafe : safe;
    const parts = [refused ? `${refused} not fixed automatically (the fix would overlap another or break the file)` : '', !options.unsafeFixes && unsafe ? `${unsafe} more with --unsafe-fixes` : ''].filter(Boolean);
    return parts.length ? `; ${parts.join(', ')}` : '';
  }
  const parts = [safe ? `${safe} fixable with --fix` : '', unsafe ? `${unsafe} ${safe ? 'more ' : ''}with --fix --unsafe-fixes` : ''].filter(Boolean);
  return parts.length ? `; ${parts.join(', ')}` : '';
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
