// `npm run ecosystem -- <folder> [options]`: runs the built CLI on every repository of the chosen set
// of bench/ecosystem/repos.json found under <folder> (as <owner>__<name>), compares the findings with
// the recorded verdicts (precision per rule), lists what still needs judging and what disappeared, and
// measures recall against bench/ecosystem/labels.tsv. See docs/ecosystem.md.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CATEGORY_RULE,
  type EcoFinding,
  type RepoEntry,
  type VerdictRow,
  TsvError,
  classifyLost,
  formatRecallTable,
  formatRuleTable,
  labelsOutsideFilesRead,
  lintVerdicts,
  matchFindings,
  matchLabels,
  parseFilesRead,
  parseLabels,
  parseVerdicts,
  recallTable,
  repoDirName,
  ruleTable,
} from './compare';

const root = path.resolve(__dirname, '..', '..');
const here = __dirname;
const cli = path.join(root, 'dist', 'cli.js');

const USAGE = `Usage: npm run ecosystem -- <folder> [options]

<folder> holds the checkouts as <owner>__<name> (bench/ecosystem/clone.sh makes them).

Options:
  --set tune|holdout|all   Which repositories to run (default: tune)
  --rule IDS               Only these rules, comma-separated (PW102 or PW102,PW203)
  --repos A,B              Only these repositories (owner/name or owner__name)
  --json FILE              Write the raw findings, tagged with repo and commit, to FILE
  --jobs N                 Repositories checked in parallel (default: 2)
  --timeout SECONDS        Per-repository time limit (default: 600)
  --strict                 Exit 1 when a true positive was lost or a repository failed
  --blind                  Hold the recall labels back (no recall table, no missed labels): for judges
  --recall                 Show recall even for a holdout not judged yet (held back by default)
  -h, --help               Show this help`;

interface Options {
  folder: string;
  set: 'tune' | 'holdout' | 'all';
  rules: Set<string> | null;
  repos: Set<string> | null;
  json: string | null;
  jobs: number;
  timeoutMs: number;
  strict: boolean;
  /** true: hold the labels back; false: show them; null: hold back while a holdout in scope is unjudged. */
  blind: boolean | null;
}

function fail(message: string): never {
  console.error(`ecosystem: error: ${message}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { folder: '', set: 'tune', rules: null, repos: null, json: null, jobs: 2, timeoutMs: 600_000, strict: false, blind: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) fail(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      case '--set': {
        const v = value();
        if (v !== 'tune' && v !== 'holdout' && v !== 'all') fail(`--set must be tune, holdout or all, got "${v}"`);
        opts.set = v;
        break;
      }
      case '--rule':
      case '--rules':
        opts.rules = new Set(value().split(',').map((s) => s.trim().toUpperCase()).filter(Boolean));
        break;
      case '--repos':
        opts.repos = new Set(value().split(',').map((s) => s.trim().replace('__', '/')).filter(Boolean));
        break;
      case '--json':
        opts.json = path.resolve(value());
        break;
      case '--jobs':
        opts.jobs = Math.max(1, Number.parseInt(value(), 10) || 1);
        break;
      case '--timeout':
        opts.timeoutMs = Math.max(1, Number(value())) * 1000;
        break;
      case '--strict':
        opts.strict = true;
        break;
      case '--blind':
        opts.blind = true;
        break;
      case '--recall':
        opts.blind = false;
        break;
      default:
        if (arg.startsWith('-')) fail(`unknown option ${arg}`);
        if (opts.folder) fail(`one folder only (got "${opts.folder}" and "${arg}")`);
        opts.folder = path.resolve(arg);
    }
  }
  if (!opts.folder) {
    console.error(USAGE);
    process.exit(2);
  }
  if (!existsSync(opts.folder) || !statSync(opts.folder).isDirectory()) fail(`${opts.folder} is not a folder`);
  return opts;
}

/** Verdicts live in one file per rule (`verdicts/PW102.tsv`), so people judging different rules never edit one file. */
function readVerdictFiles(dir: string, pinned: ReadonlyMap<string, string>): { verdicts: VerdictRow[]; warnings: string[] } {
  const verdicts: VerdictRow[] = [];
  const warnings: string[] = [];
  if (!existsSync(dir)) return { verdicts, warnings };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.tsv')).sort()) {
    const rows = parseVerdicts(readFileSync(path.join(dir, name), 'utf8'), `bench/ecosystem/verdicts/${name}`);
    for (const problem of lintVerdicts(rows, pinned)) warnings.push(`verdicts/${name}: ${problem}`);
    verdicts.push(...rows);
  }
  return { verdicts, warnings };
}

function readOptional(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

interface RepoRun {
  repo: string;
  commit: string;
  kind: string;
  set: string;
  status: 'ok' | 'missing' | 'crash' | 'timeout' | 'bad-output';
  exitCode: number | null;
  /** Files (or statements) the CLI reported as not checked (PW000). */
  notChecked?: number;
  durationMs: number;
  findings: number;
  error?: string;
}

function runRepo(entry: RepoEntry, dir: string, timeoutMs: number): Promise<{ run: RepoRun; findings: EcoFinding[] }> {
  const base: RepoRun = { repo: entry.repo, commit: entry.commit, kind: entry.kind, set: entry.set, status: 'ok', exitCode: null, durationMs: 0, findings: 0 };
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cli, 'check', '.', '--format', 'json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ run: { ...base, status: 'crash', durationMs: Date.now() - started, error: e.message }, findings: [] });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const run: RepoRun = { ...base, exitCode: code, durationMs: Date.now() - started };
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (timedOut) return resolve({ run: { ...run, status: 'timeout', error: `no result after ${timeoutMs / 1000} s` }, findings: [] });
      // 3: some file was not (fully) checked (too large, does not parse); its PW000 entries are set apart below.
      if (code !== 0 && code !== 1 && code !== 3) {
        return resolve({ run: { ...run, status: 'crash', error: `exit ${code ?? signal}: ${lastLines(stderr)}` }, findings: [] });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(out).toString('utf8'));
      } catch (e) {
        return resolve({ run: { ...run, status: 'bad-output', error: `stdout is not JSON (${(e as Error).message})` }, findings: [] });
      }
      if (!Array.isArray(parsed)) return resolve({ run: { ...run, status: 'bad-output', error: 'stdout is not a JSON array' }, findings: [] });
      const entries = parsed as Array<Record<string, unknown>>;
      const notChecked = entries.filter((f) => f.rule === 'PW000').length;
      const findings = entries.filter((f) => f.rule !== 'PW000').map((f) => ({
        ...f,
        repo: entry.repo,
        commit: entry.commit,
        rule: String(f.rule),
        file: normalisePath(String(f.file)),
        line: Number(f.line),
        message: String(f.message ?? ''),
      })) as EcoFinding[];
      resolve({ run: { ...run, findings: findings.length, ...(notChecked ? { notChecked } : {}), ...(stderr ? { error: lastLines(stderr) } : {}) }, findings });
    });
  });
}

function normalisePath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

function lastLines(text: string, n = 3): string {
  return text.split('\n').filter(Boolean).slice(-n).join(' | ').slice(0, 500);
}

async function runAll(entries: RepoEntry[], opts: Options): Promise<{ runs: RepoRun[]; findings: EcoFinding[] }> {
  const runs: RepoRun[] = new Array(entries.length);
  const findings: EcoFinding[][] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const i = next++;
      const entry = entries[i];
      const dir = path.join(opts.folder, repoDirName(entry.repo));
      if (!existsSync(dir)) {
        runs[i] = { repo: entry.repo, commit: entry.commit, kind: entry.kind, set: entry.set, status: 'missing', exitCode: null, durationMs: 0, findings: 0, error: `${dir} not found` };
        findings[i] = [];
        continue;
      }
      const result = await runRepo(entry, dir, opts.timeoutMs);
      runs[i] = result.run;
      findings[i] = result.findings;
      const r = result.run;
      process.stderr.write(`  [${String(i + 1).padStart(2)}/${entries.length}] ${entry.repo}: ${r.status === 'ok' ? `${r.findings} findings` : r.status.toUpperCase()} (${(r.durationMs / 1000).toFixed(1)} s)\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, entries.length) }, worker));
  return { runs, findings: findings.flat() };
}

function location(f: { repo: string; file?: string; path?: string; line: number }): string {
  return `${f.repo}  ${f.file ?? f.path}:${f.line}`;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(cli)) fail(`${cli} is missing: run npm run build (npm run ecosystem does it)`);

  const all = JSON.parse(readFileSync(path.join(here, 'repos.json'), 'utf8')) as RepoEntry[];
  const pinned = new Map(all.map((r) => [r.repo, r.commit]));
  if (opts.repos) {
    const known = new Set(all.map((r) => r.repo.toLowerCase()));
    for (const r of opts.repos) if (!known.has(r.toLowerCase())) fail(`--repos: ${r} is not in bench/ecosystem/repos.json`);
  }
  const wanted = opts.repos ? new Set([...opts.repos].map((r) => r.toLowerCase())) : null;
  const entries = all.filter((r) => (opts.set === 'all' || r.set === opts.set) && (!wanted || wanted.has(r.repo.toLowerCase())));
  if (entries.length === 0) fail('no repository selected');
  const inScope = new Set(entries.map((r) => r.repo));
  const ruleOk = (rule: string) => !opts.rules || opts.rules.has(rule);

  let verdicts: VerdictRow[], verdictWarnings: string[], labels, filesRead;
  try {
    const text = (name: string) => readOptional(path.join(here, name));
    const l = text('labels.tsv');
    const f = text('files-read.tsv');
    ({ verdicts, warnings: verdictWarnings } = readVerdictFiles(path.join(here, 'verdicts'), pinned));
    labels = l === null ? [] : parseLabels(l, 'bench/ecosystem/labels.tsv');
    filesRead = f === null ? [] : parseFilesRead(f, 'bench/ecosystem/files-read.tsv');
  } catch (e) {
    if (e instanceof TsvError) fail(e.message);
    throw e;
  }
  const warnings = verdictWarnings;
  for (const l of labelsOutsideFilesRead(labels, filesRead)) warnings.push(`label ${l.repo} ${l.path}:${l.line} is in a file that files-read.tsv does not list`);

  console.log(`Pipewise ecosystem check: set ${opts.set}, ${entries.length} repositories${opts.rules ? `, rules ${[...opts.rules].join(',')}` : ''}, ${opts.jobs} workers`);
  const { runs, findings: rawFindings } = await runAll(entries, opts);
  const findings = rawFindings.filter((f) => ruleOk(f.rule));
  const ranOk = new Set(runs.filter((r) => r.status === 'ok').map((r) => r.repo));

  if (opts.json) {
    const data = {
      generatedAt: new Date().toISOString(),
      set: opts.set,
      rules: opts.rules ? [...opts.rules] : null,
      repos: runs,
      findings: rawFindings.filter((f) => ruleOk(f.rule)),
    };
    writeFileSync(opts.json, `${JSON.stringify(data, null, 1)}\n`);
  }

  // Verdicts of repositories that did not run are left out: their findings did not "disappear".
  const scopedVerdicts = verdicts.filter((v) => inScope.has(v.repo) && ranOk.has(v.repo) && ruleOk(v.rule));
  const result = matchFindings(findings, scopedVerdicts);
  const lost = classifyLost(result.lost);

  console.log('\n== Repositories');
  const failed = runs.filter((r) => r.status !== 'ok');
  console.log(`${runs.length - failed.length} of ${runs.length} ran; ${findings.length} findings; ${(runs.reduce((n, r) => n + r.durationMs, 0) / 1000).toFixed(1)} s of CLI time`);
  for (const r of failed) console.log(`  FAILED ${r.repo}: ${r.status}${r.error ? ` — ${r.error}` : ''}`);
  for (const r of runs.filter((x) => x.status === 'ok' && x.error)) console.log(`  stderr ${r.repo}: ${r.error}`);
  for (const r of runs.filter((x) => x.notChecked)) console.log(`  not fully checked in ${r.repo}: ${r.notChecked} (PW000 entries of the CLI)`);

  console.log('\n== Precision per rule (tp / (tp + fp); debatable counted apart)');
  console.log(formatRuleTable(ruleTable(result)));

  const moved = result.matches.filter((m) => m.moved);
  if (moved.length) {
    console.log(`\n== Moved (verdict matched within ±2 lines): ${moved.length}`);
    const seen = new Set<string>();
    for (const m of moved) {
      const key = `${m.verdict.repo}\t${m.verdict.path}\t${m.verdict.line}\t${m.verdict.rule}`;
      if (seen.has(key)) continue;
      seen.add(key);
      console.log(`  ${m.verdict.repo}  ${m.verdict.path}:${m.verdict.line} → ${m.finding.line}  ${m.verdict.rule}  (${m.verdict.verdict})`);
    }
  }

  if (lost.regressions.length) {
    console.log(`\n!!!!!!!! REGRESSION: ${lost.regressions.length} true positive(s) no longer reported !!!!!!!!`);
    for (const v of lost.regressions) console.log(`  LOST TP  ${location(v)}  ${v.rule}  — ${v.reason}`);
  }
  if (lost.improvements.length) {
    console.log(`\n== Improvements: ${lost.improvements.length} false positive(s) gone`);
    for (const v of lost.improvements) console.log(`  gone fp  ${location(v)}  ${v.rule}  — ${v.reason}`);
  }
  if (lost.debatable.length) {
    console.log(`\n== Debatable findings gone: ${lost.debatable.length}`);
    for (const v of lost.debatable) console.log(`  gone     ${location(v)}  ${v.rule}  — ${v.reason}`);
  }

  console.log(`\n== Unjudged findings: ${result.unjudged.length}${result.unjudged.length ? ' (judge them: docs/ecosystem.md)' : ''}`);
  for (const f of result.unjudged) console.log(`  ${location(f)}  ${f.rule}  ${f.message}`);

  // Recall: labels of the repositories run, for the categories whose rule is selected. A judge must not
  // see the labels (least of all the missed ones) before the verdicts are written: held back for a
  // holdout that is not judged yet, unless asked for.
  const blind = opts.blind ?? entries.some((r) => r.set === 'holdout' && !r.judged);
  if (blind) {
    console.log('\n== Recall: held back (--blind, or a holdout not judged yet); run with --recall once the verdicts are written');
  } else {
    const scopedLabels = labels.filter((l) => inScope.has(l.repo) && ranOk.has(l.repo) && ruleOk(CATEGORY_RULE[l.category]));
    const scopedFiles = filesRead.filter((f) => inScope.has(f.repo) && ranOk.has(f.repo));
    console.log(`\n== Recall (labels from files read in full): ${scopedFiles.length} files read in ${new Set(scopedFiles.map((f) => f.repo)).size} repositories`);
    const labelResults = matchLabels(scopedLabels, findings);
    console.log(formatRecallTable(recallTable(labelResults).filter((r) => !opts.rules || opts.rules.has(r.rule)), scopedFiles.length));
    const missed = labelResults.filter((r) => !r.found);
    if (missed.length) {
      console.log(`\nMissed labels: ${missed.length}`);
      for (const { label: l } of missed) console.log(`  ${l.repo}  ${l.path}:${l.line}${l.endLine !== l.line ? `-${l.endLine}` : ''}  ${l.category} (${CATEGORY_RULE[l.category]})  — ${l.reason}`);
    }
  }

  if (warnings.length) {
    console.log(`\n== Warnings: ${warnings.length}`);
    for (const w of warnings) console.log(`  ${w}`);
  }
  if (opts.json) console.log(`\nFindings written to ${opts.json}`);

  if (opts.strict && (lost.regressions.length > 0 || failed.length > 0)) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(2);
});
