// The ecosystem check's pure comparison logic (bench/ecosystem/compare.ts): TSV parsing, matching
// findings to verdicts (exact and ±2 "moved"), lost-verdict classification, precision arithmetic,
// recall matching and the seeded holdout split.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  type EcoFinding,
  type LabelRow,
  TsvError,
  type VerdictRow,
  classifyLost,
  formatRuleTable,
  formatVerdicts,
  holdoutSize,
  holdoutSplit,
  labelsOutsideFilesRead,
  lintVerdicts,
  matchFindings,
  matchLabels,
  parseFilesRead,
  parseLabels,
  parseVerdicts,
  precision,
  recallTable,
  ruleTable,
} from '../../bench/ecosystem/compare';

const C1 = 'a'.repeat(40);
const C2 = 'b'.repeat(40);

function finding(repo: string, file: string, line: number, rule: string, extra: Partial<EcoFinding> = {}): EcoFinding {
  return { repo, commit: C1, file, line, rule, message: `${rule} at ${line}`, ...extra };
}

function verdict(repo: string, path: string, line: number, rule: string, v: VerdictRow['verdict'], reason = 'because'): VerdictRow {
  return { repo, commit: C1, path, line, rule, verdict: v, reason };
}

function label(repo: string, path: string, line: number, endLine: number, category: LabelRow['category']): LabelRow {
  return { repo, commit: C1, path, line, endLine, category, reason: 'a real problem' };
}

describe('TSV parsing', () => {
  test('verdicts: header, rows, comments and blank lines', () => {
    const text = ['repo\tcommit\tpath\tline\trule\tverdict\treason', '# a comment', '', `o/r\t${C1}\tetl/load.py\t12\tPW203\ttp\tappends every run`, `o/r\t${C1}\tetl/load.py\t30\tPW101\tdebatable\ttest fixture`].join('\n');
    const rows = parseVerdicts(text);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], { repo: 'o/r', commit: C1, path: 'etl/load.py', line: 12, rule: 'PW203', verdict: 'tp', reason: 'appends every run' });
    assert.equal(rows[1].verdict, 'debatable');
  });

  test('verdicts: CRLF line endings are accepted', () => {
    const rows = parseVerdicts(`repo\tcommit\tpath\tline\trule\tverdict\treason\r\no/r\t${C1}\ta.py\t3\tPW102\tfp\tconstant\r\n`);
    assert.equal(rows[0].reason, 'constant');
  });

  test('verdicts: wrong header, column count, verdict, line, commit and duplicates are errors', () => {
    const head = 'repo\tcommit\tpath\tline\trule\tverdict\treason\n';
    assert.throws(() => parseVerdicts('repo\tpath\tline\n'), TsvError);
    assert.throws(() => parseVerdicts(`${head}o/r\t${C1}\ta.py\t3\tPW102\tfp\n`), /7 tab-separated columns/);
    assert.throws(() => parseVerdicts(`${head}o/r\t${C1}\ta.py\t3\tPW102\tmaybe\tx\n`), /tp, fp or debatable/);
    assert.throws(() => parseVerdicts(`${head}o/r\t${C1}\ta.py\t0\tPW102\tfp\tx\n`), /positive integer/);
    assert.throws(() => parseVerdicts(`${head}o/r\tabc\ta.py\t3\tPW102\tfp\tx\n`), /40 lowercase hex/);
    assert.throws(() => parseVerdicts(`${head}o/r\t${C1}\ta.py\t3\tPW102\tfp\t\n`), /short reason/);
    assert.throws(() => parseVerdicts(`${head}o/r\t${C1}\ta.py\t3\tPW102\tfp\tx\no/r\t${C1}\ta.py\t3\tPW102\ttp\ty\n`), /duplicate/);
  });

  test('labels and files read', () => {
    const labels = parseLabels(`repo\tcommit\tpath\tline\tend_line\tcategory\treason\no/r\t${C1}\tetl/x.py\t4\t9\tswallowed-exception\texcept pass around the load\n`);
    assert.deepEqual(labels[0], { repo: 'o/r', commit: C1, path: 'etl/x.py', line: 4, endLine: 9, category: 'swallowed-exception', reason: 'except pass around the load' });
    assert.throws(() => parseLabels(`repo\tcommit\tpath\tline\tend_line\tcategory\treason\no/r\t${C1}\tx.py\t4\t9\tstyle\tx\n`), /unknown category/);
    assert.throws(() => parseLabels(`repo\tcommit\tpath\tline\tend_line\tcategory\treason\no/r\t${C1}\tx.py\t9\t4\tcredentials\tx\n`), /before line/);
    const files = parseFilesRead(`repo\tcommit\tpath\no/r\t${C1}\tetl/x.py\no/r\t${C1}\tetl/y.py\n`);
    assert.equal(files.length, 2);
    assert.throws(() => parseFilesRead(`repo\tcommit\tpath\no/r\t${C1}\tx.py\no/r\t${C1}\tx.py\n`), /twice/);
    assert.deepEqual(labelsOutsideFilesRead([...labels, label('o/r', 'etl/z.py', 1, 1, 'credentials')], files).map((l) => l.path), ['etl/z.py']);
  });

  test('formatVerdicts sorts by repo, path, line, rule and round-trips', () => {
    const rows = [verdict('o/r', 'b.py', 2, 'PW101', 'tp'), verdict('o/r', 'a.py', 10, 'PW203', 'fp'), verdict('o/r', 'a.py', 10, 'PW102', 'tp'), verdict('a/b', 'z.py', 1, 'PW101', 'tp', 'tab\tinside')];
    const text = formatVerdicts(rows);
    const back = parseVerdicts(text);
    assert.deepEqual(back.map((v) => `${v.repo} ${v.path}:${v.line} ${v.rule}`), ['a/b z.py:1 PW101', 'o/r a.py:10 PW102', 'o/r a.py:10 PW203', 'o/r b.py:2 PW101']);
    assert.equal(back[0].reason, 'tab inside');
  });

  test('lintVerdicts reports an unsorted file and verdicts made at another commit', () => {
    const pinned = new Map([['o/r', C1]]);
    assert.deepEqual(lintVerdicts([verdict('o/r', 'a.py', 1, 'PW101', 'tp'), verdict('o/r', 'a.py', 2, 'PW101', 'tp')], pinned), []);
    const problems = lintVerdicts([verdict('o/r', 'b.py', 1, 'PW101', 'tp'), { ...verdict('o/r', 'a.py', 2, 'PW101', 'tp'), commit: C2 }, verdict('x/y', 'a.py', 1, 'PW101', 'tp')], pinned);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /not sorted/);
    assert.match(problems[1], /pinned commit/);
    assert.match(problems[2], /not in repos\.json/);
  });
});

describe('matching findings to verdicts', () => {
  test('exact matches on repo, path, rule and line', () => {
    const findings = [finding('o/r', 'a.py', 10, 'PW203'), finding('o/r', 'a.py', 10, 'PW101'), finding('o/s', 'a.py', 10, 'PW203')];
    const r = matchFindings(findings, [verdict('o/r', 'a.py', 10, 'PW203', 'tp')]);
    assert.equal(r.matches.length, 1);
    assert.equal(r.matches[0].moved, false);
    assert.equal(r.matches[0].finding, findings[0]);
    assert.deepEqual(r.unjudged.map((f) => `${f.repo} ${f.rule}`), ['o/r PW101', 'o/s PW203']);
    assert.deepEqual(r.lost, []);
  });

  test('findings on the same line with the same rule share one verdict', () => {
    const findings = [finding('o/r', 'a.py', 5, 'PW101', { column: 3 }), finding('o/r', 'a.py', 5, 'PW101', { column: 30 })];
    const r = matchFindings(findings, [verdict('o/r', 'a.py', 5, 'PW101', 'fp')]);
    assert.equal(r.matches.length, 2);
    assert.equal(r.unjudged.length, 0);
  });

  test('a finding that moved by up to 2 lines keeps its verdict and is marked moved', () => {
    for (const delta of [-2, -1, 1, 2]) {
      const r = matchFindings([finding('o/r', 'a.py', 20 + delta, 'PW102')], [verdict('o/r', 'a.py', 20, 'PW102', 'tp')]);
      assert.equal(r.matches.length, 1, `delta ${delta}`);
      assert.equal(r.matches[0].moved, true);
      assert.deepEqual(r.lost, []);
    }
  });

  test('3 lines away is not a match: the finding is unjudged and the verdict is lost', () => {
    const r = matchFindings([finding('o/r', 'a.py', 23, 'PW102')], [verdict('o/r', 'a.py', 20, 'PW102', 'tp')]);
    assert.equal(r.matches.length, 0);
    assert.equal(r.unjudged.length, 1);
    assert.equal(r.lost.length, 1);
  });

  test('moved matching needs the same path and rule', () => {
    const r = matchFindings([finding('o/r', 'a.py', 21, 'PW203'), finding('o/r', 'b.py', 21, 'PW102')], [verdict('o/r', 'a.py', 20, 'PW102', 'tp')]);
    assert.equal(r.matches.length, 0);
    assert.equal(r.lost.length, 1);
  });

  test('ambiguous moved matches are not made: two verdicts in reach of one finding', () => {
    const r = matchFindings([finding('o/r', 'a.py', 21, 'PW102')], [verdict('o/r', 'a.py', 20, 'PW102', 'tp'), verdict('o/r', 'a.py', 22, 'PW102', 'fp')]);
    assert.equal(r.matches.length, 0);
    assert.equal(r.unjudged.length, 1);
    assert.equal(r.lost.length, 2);
  });

  test('ambiguous moved matches are not made: two findings in reach of one verdict', () => {
    const r = matchFindings([finding('o/r', 'a.py', 19, 'PW102'), finding('o/r', 'a.py', 21, 'PW102')], [verdict('o/r', 'a.py', 20, 'PW102', 'tp')]);
    assert.equal(r.matches.length, 0);
    assert.equal(r.unjudged.length, 2);
    assert.equal(r.lost.length, 1);
  });

  test('an exact match takes precedence and frees no verdict for a nearby moved match', () => {
    // Verdicts at 10 and 12; findings at 10 (exact) and 13 (moved to 12's verdict? 13-12=1, 13-10=3 → only 12 is near).
    const r = matchFindings([finding('o/r', 'a.py', 10, 'PW101'), finding('o/r', 'a.py', 13, 'PW101')], [verdict('o/r', 'a.py', 10, 'PW101', 'tp'), verdict('o/r', 'a.py', 12, 'PW101', 'fp')]);
    assert.equal(r.matches.length, 2);
    const moved = r.matches.find((m) => m.moved);
    assert.equal(moved?.finding.line, 13);
    assert.equal(moved?.verdict.line, 12);
    assert.deepEqual(r.lost, []);
  });

  test('an exactly matched verdict is not reused for a moved match of another finding', () => {
    const r = matchFindings([finding('o/r', 'a.py', 10, 'PW101'), finding('o/r', 'a.py', 11, 'PW101')], [verdict('o/r', 'a.py', 10, 'PW101', 'tp')]);
    assert.equal(r.matches.length, 1);
    assert.equal(r.matches[0].moved, false);
    assert.deepEqual(r.unjudged.map((f) => f.line), [11]);
  });
});

describe('lost verdicts', () => {
  test('a lost tp is a regression, a lost fp an improvement, a lost debatable neither', () => {
    const verdicts = [verdict('o/r', 'a.py', 1, 'PW101', 'tp'), verdict('o/r', 'a.py', 2, 'PW102', 'fp'), verdict('o/r', 'a.py', 30, 'PW201', 'debatable'), verdict('o/r', 'a.py', 40, 'PW203', 'tp')];
    const r = matchFindings([finding('o/r', 'a.py', 40, 'PW203')], verdicts);
    const lost = classifyLost(r.lost);
    assert.deepEqual(lost.regressions.map((v) => v.rule), ['PW101']);
    assert.deepEqual(lost.improvements.map((v) => v.rule), ['PW102']);
    assert.deepEqual(lost.debatable.map((v) => v.rule), ['PW201']);
  });

  test('nothing is lost when every verdict still has its finding', () => {
    const r = matchFindings([finding('o/r', 'a.py', 1, 'PW101')], [verdict('o/r', 'a.py', 1, 'PW101', 'tp')]);
    assert.deepEqual(classifyLost(r.lost), { regressions: [], improvements: [], debatable: [] });
  });
});

describe('precision table', () => {
  test('precision is tp / (tp + fp), debatable apart, null when nothing is judged', () => {
    assert.equal(precision(3, 1), 0.75);
    assert.equal(precision(0, 2), 0);
    assert.equal(precision(0, 0), null);
  });

  test('per-rule counts and the total row', () => {
    const findings = [
      finding('o/r', 'a.py', 1, 'PW101'),
      finding('o/r', 'a.py', 2, 'PW101'),
      finding('o/r', 'a.py', 3, 'PW101'),
      finding('o/r', 'a.py', 4, 'PW101'),
      finding('o/r', 'a.py', 5, 'PW101'),
      finding('o/r', 'b.py', 1, 'PW203'),
      finding('o/r', 'b.py', 9, 'PW203'),
    ];
    const verdicts = [verdict('o/r', 'a.py', 1, 'PW101', 'tp'), verdict('o/r', 'a.py', 2, 'PW101', 'tp'), verdict('o/r', 'a.py', 3, 'PW101', 'tp'), verdict('o/r', 'a.py', 4, 'PW101', 'fp'), verdict('o/r', 'a.py', 5, 'PW101', 'debatable'), verdict('o/r', 'b.py', 1, 'PW203', 'debatable')];
    const rows = ruleTable(matchFindings(findings, verdicts));
    assert.deepEqual(rows[0], { rule: 'PW101', findings: 5, tp: 3, fp: 1, debatable: 1, unjudged: 0, precision: 0.75 });
    assert.deepEqual(rows[1], { rule: 'PW203', findings: 2, tp: 0, fp: 0, debatable: 1, unjudged: 1, precision: null });
    assert.deepEqual(rows[2], { rule: 'total', findings: 7, tp: 3, fp: 1, debatable: 2, unjudged: 1, precision: 0.75 });
    const text = formatRuleTable(rows);
    assert.match(text, /^PW101\s+5\s+3\s+1\s+1\s+0\s+75\.0%$/m);
    assert.match(text, /^PW203\s+2\s+0\s+0\s+1\s+1\s+-$/m);
  });
});

describe('recall', () => {
  test('a label is found by a finding of its rule in the same file within [line-2, end_line+2]', () => {
    const labels = [label('o/r', 'a.py', 10, 14, 'swallowed-exception'), label('o/r', 'a.py', 30, 30, 'credentials'), label('o/r', 'a.py', 50, 50, 'non-idempotent-load'), label('o/r', 'a.py', 70, 72, 'silent-row-drop')];
    const findings = [
      finding('o/r', 'a.py', 16, 'PW206'), // end_line + 2: found
      finding('o/r', 'a.py', 27, 'PW101'), // line - 3: not found
      finding('o/r', 'a.py', 50, 'PW101'), // wrong rule for non-idempotent-load
      finding('o/r', 'b.py', 71, 'PW201'), // other file
    ];
    const results = matchLabels(labels, findings);
    assert.deepEqual(results.map((r) => r.found), [true, false, false, false]);
    assert.equal(results[0].by?.line, 16);
    const edge = matchLabels([label('o/r', 'a.py', 10, 10, 'sql-from-data')], [finding('o/r', 'a.py', 8, 'PW102')]);
    assert.equal(edge[0].found, true);
  });

  test('recall per category', () => {
    const labels = [label('o/r', 'a.py', 1, 1, 'credentials'), label('o/r', 'a.py', 20, 20, 'credentials'), label('o/r', 'a.py', 40, 40, 'full-table-extract')];
    const rows = recallTable(matchLabels(labels, [finding('o/r', 'a.py', 1, 'PW101')]));
    const cred = rows.find((r) => r.category === 'credentials');
    assert.deepEqual(cred, { category: 'credentials', rule: 'PW101', labels: 2, found: 1, recall: 0.5 });
    assert.deepEqual(rows.find((r) => r.category === 'full-table-extract'), { category: 'full-table-extract', rule: 'PW104', labels: 1, found: 0, recall: 0 });
    assert.equal(rows.find((r) => r.category === 'io-without-retry')?.recall, null);
  });
});

describe('holdout split', () => {
  test('a quarter rounded up, at least 12 (when there are that many)', () => {
    assert.equal(holdoutSize(48), 12);
    assert.equal(holdoutSize(59), 15);
    assert.equal(holdoutSize(60), 15);
    assert.equal(holdoutSize(61), 16);
    assert.equal(holdoutSize(20), 12);
    assert.equal(holdoutSize(5), 5);
  });

  test('deterministic for a seed, independent of input order, different for another seed', () => {
    const names = Array.from({ length: 40 }, (_, i) => `owner${i}/repo${i}`);
    const a = holdoutSplit(names, 7);
    assert.deepEqual(holdoutSplit([...names].reverse(), 7), a);
    assert.equal(a.length, 12);
    assert.equal(new Set(a).size, 12);
    assert.notDeepEqual(holdoutSplit(names, 8), a);
  });

  test('repos.json records the seeded split of 2026-12-06 and the holdout drawn after it', () => {
    const repos = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'bench', 'ecosystem', 'repos.json'), 'utf8')) as Array<{ repo: string; commit: string; set: string; kind: string; heldOutUntil?: string; added?: string; judged?: string }>;
    assert.ok(repos.length >= 48);
    for (const r of repos) {
      assert.match(r.commit, /^[0-9a-f]{40}$/);
      assert.match(r.repo, /^[^/]+\/[^/]+$/);
      assert.ok(r.kind);
    }
    assert.equal(new Set(repos.map((r) => r.repo.toLowerCase())).size, repos.length, 'no repository twice');
    assert.ok(repos.every((r) => r.set === 'holdout' || r.set === 'tune'));
    // The first holdout was the seeded split of the corpus as it was then (every repository without
    // `added`); once judged it joined tune, marked heldOutUntil.
    const firstCorpus = repos.filter((r) => r.added === undefined).map((r) => r.repo);
    const firstHoldout = repos.filter((r) => r.heldOutUntil === '2026-12-06').map((r) => r.repo).sort();
    assert.deepEqual(firstHoldout, holdoutSplit(firstCorpus, 20261207).sort());
    assert.ok(repos.filter((r) => r.heldOutUntil !== undefined).every((r) => r.set === 'tune'), 'a judged holdout is tune');
    // The current holdout was added by a later draw; once judged it is marked `judged` and stays holdout.
    const holdout = repos.filter((r) => r.set === 'holdout');
    assert.ok(holdout.length >= 12);
    assert.deepEqual(holdout.filter((r) => r.added === undefined || r.heldOutUntil !== undefined).map((r) => r.repo), []);
    assert.ok(repos.filter((r) => r.judged !== undefined).every((r) => r.set === 'holdout' && /^\d{4}-\d{2}-\d{2}$/.test(r.judged!)), 'judged marks a holdout repository, with a date');
  });

  test('no reserved repository is in the corpus', () => {
    // The reserved list lives in shared/ beside the project (a clone or a worktree), not in it.
    const root = path.join(__dirname, '..', '..');
    const file = [path.join(root, '..', 'shared', 'RESERVED.md'), path.join(root, '..', '..', 'shared', 'RESERVED.md')].find((f) => existsSync(f));
    if (!file) return;
    const text = readFileSync(file, 'utf8');
    const names = new Set([...text.matchAll(/^- (\S+\/\S+)\s*$/gm)].map((m) => m[1].toLowerCase()));
    const repos = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'bench', 'ecosystem', 'repos.json'), 'utf8')) as Array<{ repo: string }>;
    assert.deepEqual(repos.filter((r) => names.has(r.repo.toLowerCase())), []);
  });
});

describe('the committed corpus files agree with repos.json', () => {
  const dir = path.join(__dirname, '..', '..', 'bench', 'ecosystem');
  const repos = JSON.parse(readFileSync(path.join(dir, 'repos.json'), 'utf8')) as Array<{ repo: string; commit: string; set: string; judged?: string }>;
  const pinned = new Map(repos.map((r) => [r.repo, r.commit]));
  const holdout = new Set(repos.filter((r) => r.set === 'holdout').map((r) => r.repo));
  // A holdout repository may carry verdicts only once its one judging is recorded (`judged`).
  const unjudgedHoldout = new Set(repos.filter((r) => r.set === 'holdout' && r.judged === undefined).map((r) => r.repo));
  const labels = parseLabels(readFileSync(path.join(dir, 'labels.tsv'), 'utf8'));
  const filesRead = parseFilesRead(readFileSync(path.join(dir, 'files-read.tsv'), 'utf8'));
  const key = (r: { repo: string; path: string; line?: number }) => [r.repo, r.path, String(r.line ?? 0).padStart(8, '0')];
  const sorted = (rows: ReadonlyArray<{ repo: string; path: string; line?: number }>) =>
    rows.every((r, i) => i === 0 || key(rows[i - 1]).join('\t') <= key(r).join('\t'));

  test('labels and files read name corpus repositories at their pinned commits, sorted', () => {
    assert.deepEqual(labels.filter((l) => pinned.get(l.repo) !== l.commit).map((l) => `${l.repo} ${l.path}:${l.line}`), []);
    assert.deepEqual(filesRead.filter((f) => pinned.get(f.repo) !== f.commit).map((f) => `${f.repo} ${f.path}`), []);
    assert.deepEqual(labelsOutsideFilesRead(labels, filesRead).map((l) => `${l.repo} ${l.path}:${l.line}`), []);
    assert.ok(sorted(labels), 'labels.tsv is sorted by repo, path, line');
    assert.ok(sorted(filesRead), 'files-read.tsv is sorted by repo, path');
  });

  test('every holdout repository has a file read for recall', () => {
    const read = new Set(filesRead.map((f) => f.repo));
    assert.deepEqual([...holdout].filter((r) => !read.has(r)), []);
  });

  test('verdicts are at pinned commits, sorted, and none judges a holdout repository not marked judged', () => {
    for (const file of readdirSync(path.join(dir, 'verdicts')).filter((f) => f.endsWith('.tsv'))) {
      const rows = parseVerdicts(readFileSync(path.join(dir, 'verdicts', file), 'utf8'));
      assert.deepEqual(lintVerdicts(rows, pinned), [], file);
      assert.deepEqual(verdictsOnUnjudgedHoldout(rows, unjudgedHoldout), [], file);
    }
  });

  test('a verdict on a holdout repository not marked judged is caught', () => {
    const row = { repo: 'owner/unjudged', commit: 'a'.repeat(40), path: 'etl.py', line: 3, rule: 'PW203', verdict: 'tp' as const, reason: 'x' };
    assert.deepEqual(verdictsOnUnjudgedHoldout([row], new Set(['owner/unjudged'])), ['owner/unjudged etl.py:3']);
    assert.deepEqual(verdictsOnUnjudgedHoldout([row], new Set()), []);
  });
});

function verdictsOnUnjudgedHoldout(rows: ReadonlyArray<{ repo: string; path: string; line: number }>, unjudged: ReadonlySet<string>): string[] {
  return rows.filter((v) => unjudged.has(v.repo)).map((v) => `${v.repo} ${v.path}:${v.line}`);
}
