// Pure logic of the ecosystem check (no processes, no file system): TSV parsing of verdicts, recall
// labels and the files-read list, matching findings to verdicts (exact line, then an unambiguous
// ±2-line "moved" match), lost-verdict detection, the per-rule precision table, recall per label
// category, and the seeded holdout split. run.ts does the spawning and printing around it.

export type Verdict = 'tp' | 'fp' | 'debatable';
export const VERDICTS: readonly Verdict[] = ['tp', 'fp', 'debatable'];

export interface RepoEntry {
  repo: string; // owner/name
  commit: string; // 40 hex
  kind: string;
  set: 'tune' | 'holdout';
  /** For a repository that was in the holdout and joined tune after being judged: the day it was judged. */
  heldOutUntil?: string;
  /** For a repository that joined the corpus after the seeded split (a later holdout draw, or a tune addition): the day it was added. */
  added?: string;
  /** For a holdout repository whose findings have been judged once (it keeps `set: holdout` so the measurement can be rerun): the day it was judged. */
  judged?: string;
}

/** A finding as printed by `pipewise check --format json`, tagged with the repository it came from. */
export interface EcoFinding {
  repo: string;
  commit: string;
  rule: string;
  file: string; // relative to the repository root, forward slashes
  line: number;
  column?: number;
  priority?: string;
  message: string;
  [extra: string]: unknown;
}

export interface VerdictRow {
  repo: string;
  commit: string;
  path: string;
  line: number;
  rule: string;
  verdict: Verdict;
  reason: string;
}

export type LabelCategory =
  | 'credentials'
  | 'sql-from-data'
  | 'io-without-retry'
  | 'full-table-extract'
  | 'non-idempotent-load'
  | 'swallowed-exception'
  | 'silent-row-drop';

/** Which rule is expected to find a recall label of each category. */
export const CATEGORY_RULE: Readonly<Record<LabelCategory, string>> = {
  credentials: 'PW101',
  'sql-from-data': 'PW102',
  'io-without-retry': 'PW103',
  'full-table-extract': 'PW104',
  'non-idempotent-load': 'PW203',
  'swallowed-exception': 'PW206',
  'silent-row-drop': 'PW201',
};
export const CATEGORIES = Object.keys(CATEGORY_RULE) as LabelCategory[];

export interface LabelRow {
  repo: string;
  commit: string;
  path: string;
  line: number;
  endLine: number;
  category: LabelCategory;
  reason: string;
}

export interface FileReadRow {
  repo: string;
  commit: string;
  path: string;
}

export const VERDICT_HEADER = ['repo', 'commit', 'path', 'line', 'rule', 'verdict', 'reason'];
export const LABEL_HEADER = ['repo', 'commit', 'path', 'line', 'end_line', 'category', 'reason'];
export const FILES_READ_HEADER = ['repo', 'commit', 'path'];

// ---------------------------------------------------------------------------------------------
// TSV

export class TsvError extends Error {}

/** Parses a TSV file with a fixed header. Blank lines and lines starting with `#` are skipped. */
export function parseTsv(text: string, header: readonly string[], source = 'tsv'): Array<{ lineNo: number; cells: string[] }> {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  if (first < 0) throw new TsvError(`${source}: missing header line "${header.join('\\t')}"`);
  const got = lines[first].split('\t').map((c) => c.trim());
  if (got.join('\t') !== header.join('\t')) {
    throw new TsvError(`${source}:${first + 1}: header must be "${header.join('\\t')}", got "${got.join('\\t')}"`);
  }
  const rows: Array<{ lineNo: number; cells: string[] }> = [];
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cells = line.split('\t');
    if (cells.length !== header.length) {
      throw new TsvError(`${source}:${i + 1}: expected ${header.length} tab-separated columns, got ${cells.length}`);
    }
    rows.push({ lineNo: i + 1, cells: cells.map((c) => c.trim()) });
  }
  return rows;
}

function positiveInt(value: string, what: string, where: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new TsvError(`${where}: ${what} must be a positive integer, got "${value}"`);
  return Number(value);
}

function checkRepoCommit(repo: string, commit: string, where: string): void {
  if (!/^[^/\s]+\/[^/\s]+$/.test(repo)) throw new TsvError(`${where}: repo must be owner/name, got "${repo}"`);
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new TsvError(`${where}: commit must be 40 lowercase hex digits`);
}

export function verdictKey(v: { repo: string; path: string; rule: string; line: number }): string {
  return `${v.repo}\t${v.path}\t${v.rule}\t${v.line}`;
}

export function parseVerdicts(text: string, source = 'verdicts.tsv'): VerdictRow[] {
  const seen = new Set<string>();
  return parseTsv(text, VERDICT_HEADER, source).map(({ lineNo, cells }) => {
    const where = `${source}:${lineNo}`;
    const [repo, commit, path, line, rule, verdict, reason] = cells;
    checkRepoCommit(repo, commit, where);
    if (!/^PW\d{3}$/.test(rule)) throw new TsvError(`${where}: rule must look like PW101, got "${rule}"`);
    if (!(VERDICTS as readonly string[]).includes(verdict)) throw new TsvError(`${where}: verdict must be tp, fp or debatable, got "${verdict}"`);
    if (!reason) throw new TsvError(`${where}: a verdict needs a short reason`);
    const row: VerdictRow = { repo, commit, path, line: positiveInt(line, 'line', where), rule, verdict: verdict as Verdict, reason };
    const key = verdictKey(row);
    if (seen.has(key)) throw new TsvError(`${where}: duplicate verdict for ${repo} ${path}:${line} ${rule}`);
    seen.add(key);
    return row;
  });
}

export function parseLabels(text: string, source = 'labels.tsv'): LabelRow[] {
  return parseTsv(text, LABEL_HEADER, source).map(({ lineNo, cells }) => {
    const where = `${source}:${lineNo}`;
    const [repo, commit, path, line, endLine, category, reason] = cells;
    checkRepoCommit(repo, commit, where);
    if (!(CATEGORIES as string[]).includes(category)) throw new TsvError(`${where}: unknown category "${category}" (one of ${CATEGORIES.join(', ')})`);
    const start = positiveInt(line, 'line', where);
    const end = positiveInt(endLine, 'end_line', where);
    if (end < start) throw new TsvError(`${where}: end_line ${end} is before line ${start}`);
    if (!reason) throw new TsvError(`${where}: a label needs a short reason`);
    return { repo, commit, path, line: start, endLine: end, category: category as LabelCategory, reason };
  });
}

export function parseFilesRead(text: string, source = 'files-read.tsv'): FileReadRow[] {
  const seen = new Set<string>();
  return parseTsv(text, FILES_READ_HEADER, source).map(({ lineNo, cells }) => {
    const where = `${source}:${lineNo}`;
    const [repo, commit, path] = cells;
    checkRepoCommit(repo, commit, where);
    if (!path) throw new TsvError(`${where}: empty path`);
    const key = `${repo}\t${path}`;
    if (seen.has(key)) throw new TsvError(`${where}: ${repo} ${path} is listed twice`);
    seen.add(key);
    return { repo, commit, path };
  });
}

export function compareVerdictRows(a: VerdictRow, b: VerdictRow): number {
  return cmp(a.repo, b.repo) || cmp(a.path, b.path) || a.line - b.line || cmp(a.rule, b.rule);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Verdicts as the TSV file keeps them: header, sorted by repo, path, line, rule. */
export function formatVerdicts(rows: readonly VerdictRow[]): string {
  const body = [...rows].sort(compareVerdictRows).map((v) => [v.repo, v.commit, v.path, String(v.line), v.rule, v.verdict, oneLine(v.reason)].join('\t'));
  return `${[VERDICT_HEADER.join('\t'), ...body].join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ').trim();
}

/** Problems that do not stop a run but must be fixed: unsorted file, verdict commit not the pinned one. */
export function lintVerdicts(rows: readonly VerdictRow[], pinned: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (let i = 1; i < rows.length; i++) {
    if (compareVerdictRows(rows[i - 1], rows[i]) > 0) {
      problems.push(`verdicts are not sorted by repo, path, line, rule (first out of order: ${rows[i].repo} ${rows[i].path}:${rows[i].line} ${rows[i].rule})`);
      break;
    }
  }
  for (const v of rows) {
    const commit = pinned.get(v.repo);
    if (commit === undefined) problems.push(`verdict for ${v.repo}, which is not in repos.json`);
    else if (commit !== v.commit) problems.push(`verdict for ${v.repo} ${v.path}:${v.line} ${v.rule} was made at ${v.commit.slice(0, 10)}, the pinned commit is ${commit.slice(0, 10)}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Matching findings to verdicts

export const MOVE_TOLERANCE = 2;

export interface Match {
  finding: EcoFinding;
  verdict: VerdictRow;
  moved: boolean; // matched within ±2 lines, not on the exact line
}

export interface MatchResult {
  matches: Match[];
  unjudged: EcoFinding[];
  /** Verdicts no finding matched: their finding disappeared. */
  lost: VerdictRow[];
}

function siteKey(f: { repo: string; file: string; rule: string; line: number }): string {
  return `${f.repo}\t${f.file}\t${f.rule}\t${f.line}`;
}

function groupKey(repo: string, path: string, rule: string): string {
  return `${repo}\t${path}\t${rule}`;
}

/**
 * Matches findings to verdicts by (repo, path, rule, line). All findings on one line with one rule
 * form a "site" and share its verdict. A site with no exact verdict takes a verdict of the same
 * repo/path/rule within ±2 lines when the pairing is unambiguous: that verdict is the only free one in
 * reach of the site, and the site is the only unmatched one in reach of the verdict. Pass only the
 * verdicts in scope of the run (its repositories and rule filter), or the others count as lost.
 */
export function matchFindings(findings: readonly EcoFinding[], verdicts: readonly VerdictRow[]): MatchResult {
  const byKey = new Map<string, VerdictRow>();
  for (const v of verdicts) byKey.set(verdictKey(v), v);

  const sites = new Map<string, EcoFinding[]>();
  for (const f of findings) {
    const key = siteKey(f);
    const list = sites.get(key);
    if (list) list.push(f);
    else sites.set(key, [f]);
  }

  const used = new Set<VerdictRow>();
  const siteVerdict = new Map<string, { verdict: VerdictRow; moved: boolean }>();
  for (const [key, list] of sites) {
    const f = list[0];
    const v = byKey.get(verdictKey({ repo: f.repo, path: f.file, rule: f.rule, line: f.line }));
    if (v) {
      siteVerdict.set(key, { verdict: v, moved: false });
      used.add(v);
    }
  }

  // Moved matches: free verdicts and unmatched sites of the same repo/path/rule within ±2 lines.
  const freeVerdicts = new Map<string, VerdictRow[]>();
  for (const v of verdicts) {
    if (used.has(v)) continue;
    const g = groupKey(v.repo, v.path, v.rule);
    const list = freeVerdicts.get(g);
    if (list) list.push(v);
    else freeVerdicts.set(g, [v]);
  }
  const openSites = new Map<string, Array<{ key: string; line: number }>>();
  for (const [key, list] of sites) {
    if (siteVerdict.has(key)) continue;
    const f = list[0];
    const g = groupKey(f.repo, f.file, f.rule);
    const arr = openSites.get(g);
    if (arr) arr.push({ key, line: f.line });
    else openSites.set(g, [{ key, line: f.line }]);
  }
  for (const [g, siteList] of openSites) {
    const vs = freeVerdicts.get(g);
    if (!vs) continue;
    for (const site of siteList) {
      const near = vs.filter((v) => Math.abs(v.line - site.line) <= MOVE_TOLERANCE);
      if (near.length !== 1) continue;
      const v = near[0];
      const rivals = siteList.filter((s) => Math.abs(v.line - s.line) <= MOVE_TOLERANCE);
      if (rivals.length !== 1) continue;
      siteVerdict.set(site.key, { verdict: v, moved: true });
      used.add(v);
    }
  }

  const matches: Match[] = [];
  const unjudged: EcoFinding[] = [];
  for (const [key, list] of sites) {
    const hit = siteVerdict.get(key);
    for (const f of list) {
      if (hit) matches.push({ finding: f, verdict: hit.verdict, moved: hit.moved });
      else unjudged.push(f);
    }
  }
  const lost = verdicts.filter((v) => !used.has(v));
  return { matches, unjudged: sortFindings(unjudged), lost: [...lost].sort(compareVerdictRows) };
}

export function sortFindings<T extends EcoFinding>(findings: readonly T[]): T[] {
  return [...findings].sort((a, b) => cmp(a.repo, b.repo) || cmp(a.file, b.file) || a.line - b.line || cmp(a.rule, b.rule) || (a.column ?? 0) - (b.column ?? 0));
}

export interface LostSummary {
  regressions: VerdictRow[]; // lost tp
  improvements: VerdictRow[]; // lost fp
  debatable: VerdictRow[]; // lost debatable
}

export function classifyLost(lost: readonly VerdictRow[]): LostSummary {
  return {
    regressions: lost.filter((v) => v.verdict === 'tp'),
    improvements: lost.filter((v) => v.verdict === 'fp'),
    debatable: lost.filter((v) => v.verdict === 'debatable'),
  };
}

// ---------------------------------------------------------------------------------------------
// Per-rule precision

export interface RuleRow {
  rule: string;
  findings: number;
  tp: number;
  fp: number;
  debatable: number;
  unjudged: number;
  /** tp / (tp + fp); debatable findings are counted apart. null when nothing is judged tp or fp. */
  precision: number | null;
}

export function precision(tp: number, fp: number): number | null {
  return tp + fp === 0 ? null : tp / (tp + fp);
}

/** One row per rule that has findings (sorted by rule id), then a "total" row. */
export function ruleTable(result: MatchResult): RuleRow[] {
  const rows = new Map<string, RuleRow>();
  const row = (rule: string): RuleRow => {
    let r = rows.get(rule);
    if (!r) {
      r = { rule, findings: 0, tp: 0, fp: 0, debatable: 0, unjudged: 0, precision: null };
      rows.set(rule, r);
    }
    return r;
  };
  for (const m of result.matches) {
    const r = row(m.finding.rule);
    r.findings++;
    r[m.verdict.verdict]++;
  }
  for (const f of result.unjudged) {
    const r = row(f.rule);
    r.findings++;
    r.unjudged++;
  }
  const sorted = [...rows.values()].sort((a, b) => cmp(a.rule, b.rule));
  const total: RuleRow = { rule: 'total', findings: 0, tp: 0, fp: 0, debatable: 0, unjudged: 0, precision: null };
  for (const r of sorted) {
    r.precision = precision(r.tp, r.fp);
    total.findings += r.findings;
    total.tp += r.tp;
    total.fp += r.fp;
    total.debatable += r.debatable;
    total.unjudged += r.unjudged;
  }
  total.precision = precision(total.tp, total.fp);
  return [...sorted, total];
}

export function formatPercent(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(1)}%`;
}

export function formatRuleTable(rows: readonly RuleRow[]): string {
  const header = ['rule', 'findings', 'tp', 'fp', 'debatable', 'unjudged', 'precision'];
  const body = rows.map((r) => [r.rule, String(r.findings), String(r.tp), String(r.fp), String(r.debatable), String(r.unjudged), formatPercent(r.precision)]);
  return formatTable(header, body);
}

export function formatTable(header: readonly string[], body: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Recall

export interface LabelResult {
  label: LabelRow;
  found: boolean;
  by?: EcoFinding;
}

export interface RecallRow {
  category: LabelCategory;
  rule: string;
  labels: number;
  found: number;
  recall: number | null;
}

/** A label is found when a finding of its category's rule, in the same repo and file, lies in [line-2, end_line+2]. */
export function matchLabels(labels: readonly LabelRow[], findings: readonly EcoFinding[]): LabelResult[] {
  const byFile = new Map<string, EcoFinding[]>();
  for (const f of findings) {
    const key = `${f.repo}\t${f.file}\t${f.rule}`;
    const list = byFile.get(key);
    if (list) list.push(f);
    else byFile.set(key, [f]);
  }
  return labels.map((label) => {
    const rule = CATEGORY_RULE[label.category];
    const candidates = byFile.get(`${label.repo}\t${label.path}\t${rule}`) ?? [];
    const by = candidates.find((f) => f.line >= label.line - MOVE_TOLERANCE && f.line <= label.endLine + MOVE_TOLERANCE);
    return by ? { label, found: true, by } : { label, found: false };
  });
}

export function recallTable(results: readonly LabelResult[]): RecallRow[] {
  return CATEGORIES.map((category) => {
    const mine = results.filter((r) => r.label.category === category);
    const found = mine.filter((r) => r.found).length;
    return { category, rule: CATEGORY_RULE[category], labels: mine.length, found, recall: mine.length ? found / mine.length : null };
  });
}

export function formatRecallTable(rows: readonly RecallRow[], filesRead: number): string {
  const header = ['category', 'rule', 'files read', 'labels', 'found', 'recall'];
  const body = rows.map((r) => [r.category, r.rule, String(filesRead), String(r.labels), String(r.found), formatPercent(r.recall)]);
  const labels = rows.reduce((n, r) => n + r.labels, 0);
  const found = rows.reduce((n, r) => n + r.found, 0);
  body.push(['total', '', String(filesRead), String(labels), String(found), formatPercent(labels ? found / labels : null)]);
  return formatTable(header, body);
}

/** Labels in files that files-read.tsv does not list (every labelled file must have been read in full). */
export function labelsOutsideFilesRead(labels: readonly LabelRow[], files: readonly FileReadRow[]): LabelRow[] {
  const read = new Set(files.map((f) => `${f.repo}\t${f.path}`));
  return labels.filter((l) => !read.has(`${l.repo}\t${l.path}`));
}

// ---------------------------------------------------------------------------------------------
// Holdout split

/** mulberry32: a small, well-known 32-bit seeded PRNG (deterministic across platforms). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function holdoutSize(n: number): number {
  return Math.min(n, Math.max(12, Math.ceil(n / 4)));
}

/** The holdout repositories: names sorted, Fisher–Yates shuffled with mulberry32(seed), first holdoutSize(n). */
export function holdoutSplit(names: readonly string[], seed: number): string[] {
  const order = [...names].sort(cmp);
  const random = mulberry32(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, holdoutSize(order.length)).sort(cmp);
}

/** `owner/name` ↔ the checkout folder name `owner__name`. */
export function repoDirName(repo: string): string {
  return repo.replace('/', '__');
}
