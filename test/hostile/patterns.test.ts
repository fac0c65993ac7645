// Issue 12, row 5 and requirement 4: every regular expression literal in the engine and the rules
// is run on adversarial inputs (long runs of each character and word it mentions, nested-quantifier
// bait) and must stay linear. A pattern that is only ever run on input bounded at its use site is
// listed below with the bound; the list must not go stale.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { checkPatterns, findPatterns, listTsFiles } from './pattern-fuzz';

const ROOT = path.resolve(__dirname, '..', '..');

/** Super-linear on unbounded input, but run only on bounded input: file and pattern source → the bound. */
const BOUNDED_AT_USE: Record<string, string> = {
  'server/src/engine/workspace/airflow.ts /Cron\\w*Timetable$/': 'resolved names of at most 1,000 characters',
  'rules/PW103-no-retry-on-io/io-sites.ts /^\\s*\\]?\\s*[:=]\\s*([^,}\\n]+)/': 'an 80-character slice',
  'rules/PW105-no-validation-between-stages.ts /\\n+$/': 'a bundled snippet, not user text',
  'server/src/engine/knowledge/dialects.ts /(Snowflake|BigQuery|Mssql|Oracle|Redshift|Databricks|Trino|Presto|Hive)\\w*Hook/': 'resolved names of at most 1,000 characters',
  'rules/PW203-non-idempotent-load/file-append.ts /"(?:\\\\.|[^"\\\\\\n])*"|\'(?:\\\\.|[^\'\\\\\\n])*\'/g': 'call text of at most 10,000 characters (quadratic only on runs of escaped quotes)',
  'rules/PW203-non-idempotent-load/sql-text.ts /\\bWHERE\\b.*\\bIS NULL\\b/': 'SQL word text of at most 10,000 characters',
  'rules/PW304-row-by-row-processing/row-sources.ts /^for\\s+[\\s\\S]+?\\s+in\\s+([\\s\\S]+?)\\s*:\\s*(#[^\\n]*)?\\s*$/': 'loop headers of at most 4,000 characters',
  'server/src/engine/workspace/module-summary.ts /[^\\s\'"=,;()]+\\.py\\b/g': 'string values of at most 500 characters',
  'rules/PW304-row-by-row-processing/helper-and-record-loops.ts /\\bin\\s+([\\s\\S]*?)\\s*:\\s*(#[^\\n]*)?$/': 'loop headers of at most 4,000 characters',
  'rules/support/null-filter.ts /^([\\s\\S]+?)\\s*\\.\\s*isin\\(\\s*[[(]([^\\])]*)[\\])]\\s*\\)$/': 'mask terms of at most 2,000 characters',
  'rules/support/null-filter.ts /^([\\s\\S]+?)\\s*\\.\\s*([A-Za-z_]\\w*)\\(\\s*\\)(\\s*\\.\\s*all\\(\\s*(axis\\s*=\\s*)?(1|["\']columns["\'])\\s*\\))?$/': 'mask terms of at most 2,000 characters',
  'rules/support/null-filter.ts /^([\\s\\S]+?)\\s*(?:!=\\s*|\\.\\s*ne\\(\\s*)(["\'])([^"\'\\\\\\n]*)\\2\\s*\\)?$/': 'mask terms of at most 2,000 characters',
  'rules/support/null-filter.ts /^([\\s\\S]+?)((?:\\s*\\.\\s*(?:str\\s*\\.\\s*\\w+\\(\\s*\\)|astype\\(\\s*str\\s*\\)))*)$/': 'mask terms of at most 2,000 characters',
  'rules/PW206-swallowed-exception/status-check.ts /^\\(?\\s*(False|.*,\\s*False\\s*\\)?|False\\s*,.*)$/s': 'return values of at most 500 characters',
  'rules/PW206-swallowed-exception/status-check.ts /^\\s*([A-Za-z_][\\w, ()]*?)\\s*=\\s*(await\\s+)?$/': 'line prefixes of at most 500 characters',
  'rules/PW206-swallowed-exception/handler-outcome.ts /(?<![A-Za-z_])[rbuRBU]?("(?:[^"\\\\\\n]|\\\\.)*"|\'(?:[^\'\\\\\\n]|\\\\.)*\')/g': 'values of at most 2,000 characters (quadratic only on runs of escaped quotes)',
  'rules/support/sql-sources/constant-values.ts /\\bin\\s+(?!\\s)([\\s\\S]*?):\\s*$/': 'loop headers of at most 4,000 characters',
};

function keyOf(site: { file: string; source: string; flags: string }): string {
  return `${site.file.split(path.sep).join('/')} /${site.source}/${site.flags}`;
}

test('every pattern in the engine and the rules is linear on adversarial input (or bounded at its use)', async () => {
  const files = [...listTsFiles(path.join(ROOT, 'server', 'src', 'engine')), ...listTsFiles(path.join(ROOT, 'rules'))];
  const sites = findPatterns(files, ROOT);
  assert.ok(sites.length > 500, `only ${sites.length} patterns found`);
  const keys = new Set(sites.map(keyOf));
  const stale = Object.keys(BOUNDED_AT_USE).filter((key) => !keys.has(key));
  assert.deepEqual(stale, [], 'bounded patterns that no longer exist: remove them from the list');
  // Quadratic patterns take hundreds of milliseconds on 8,000 characters, linear ones well under
  // one; exponential ones never finish and are stopped after 20 s.
  const verdicts = await checkPatterns(
    sites.filter((site) => !(keyOf(site) in BOUNDED_AT_USE)),
    { size: 8_000, budgetMs: 40, hangMs: 20_000 },
  );
  const slow = verdicts.map((v) => `${v.site.file}:${v.site.line} /${v.site.source}/${v.site.flags}: ${v.slow === 'hung' ? 'did not finish' : `${Math.round(Math.max(...v.slow.map((s) => s.ms)))} ms on ${v.slow[0].input}`}`);
  assert.deepEqual(slow, []);
});
