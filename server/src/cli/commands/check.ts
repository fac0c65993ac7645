// `pipewise check`: lint (and optionally fix) files, filter by baseline, print a report, and exit
// 0/1 by `--fail-on`.

import { parseArgs } from 'node:util';
import type { Baseline, LocatedFinding } from '../../engine/baseline';
import type { Priority } from '../../engine/types';
import { COLOR, PLAIN } from '../../reports/ansi';
import { renderJson } from '../../reports/json';
import { renderSarif } from '../../reports/sarif';
import { failsAt, plural } from '../../reports/summary';
import { renderText } from '../../reports/text';
import { parseChoice, parseList, parseOrThrow, parsePriority } from '../args';
import { BaselineSet, writeBaseline } from '../baselines';
import { ConfigResolver } from '../../project/configs';
import { discoverFiles } from '../../project/discover';
import { RULE_METAS } from '../../project/engine';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, EXIT_INCOMPLETE, UsageError } from '../../project/errors';
import { CHECK_HELP } from '../help';
import { Progress, wantsColor, warn, type CliIo } from '../io';
import { cacheVersion } from '../cache-version';
import { userCacheSecret } from '../cache-secret';
import { LintCache } from '../lint-cache';
import type { LintedFile } from '../../project/lint-files';
import { lintProject } from '../lint-project';
import { toReportInput } from '../../project/report-input';

type CheckFormat = 'text' | 'json' | 'sarif';

/** Rounds of workspace fixes (each followed by a fresh lint of the folder). */
const MAX_WORKSPACE_FIX_ROUNDS = 5;

interface CheckOptions {
  paths: string[];
  format: CheckFormat;
  fix: boolean;
  unsafeFixes: boolean;
  select?: string[];
  ignore?: string[];
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  failOn: Priority;
  respectGitignore: boolean;
  quiet: boolean;
  jobs: number | 'auto';
  cache: boolean;
}

function parseCheckArgs(argv: string[]): CheckOptions | 'help' {
  const { values, positionals } = parseOrThrow('check', () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        fix: { type: 'boolean' },
        'unsafe-fixes': { type: 'boolean' },
        select: { type: 'string' },
        ignore: { type: 'string' },
        config: { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        'fail-on': { type: 'string' },
        'no-gitignore': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        jobs: { type: 'string', short: 'j' },
        'no-cache': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (values.help) return 'help';
  return {
    paths: positionals.length ? positionals : ['.'],
    format: parseChoice(values.format ?? 'text', ['text', 'json', 'sarif'] as const, '--format'),
    fix: values.fix === true,
    unsafeFixes: values['unsafe-fixes'] === true,
    select: values.select === undefined ? undefined : parseList(values.select, '--select'),
    ignore: values.ignore === undefined ? undefined : parseList(values.ignore, '--ignore'),
    config: values.config,
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
    failOn: values['fail-on'] === undefined ? 'P3' : parsePriority(values['fail-on'], '--fail-on'),
    respectGitignore: values['no-gitignore'] !== true,
    quiet: values.quiet === true,
    jobs: values.jobs === undefined ? 'auto' : parseJobs(values.jobs),
    cache: values['no-cache'] !== true,
  };
}

export async function runCheck(argv: string[], io: CliIo): Promise<number> {
  const started = io.now?.();
  const options = parseCheckArgs(argv);
  if (options === 'help') {
    io.out(CHECK_HELP);
    return EXIT_CLEAN;
  }
  const overrides = { configFile: options.config, select: options.select, ignore: options.ignore };
  const configs = new ConfigResolver(io.cwd, overrides);
  const baselines = options.writeBaseline ? null : new BaselineSet(io.cwd, options.baseline);
  const targets = discoverFiles(options.paths, { cwd: io.cwd, configs, respectGitignore: options.respectGitignore, warn: (m) => warn(io, m) });
  // Load every baseline before linting: a bad one must stop the run before --fix writes anything.
  const baselineOf = new Map<string, Baseline | null>(targets.map((t) => [t.path, baselines?.forConfig(configs.forFile(t.path)) ?? null]));

  const version = options.cache ? cacheVersion() : null;
  // No per-user secret (no writable home, a key file others could read): no cache.
  const secret = version ? userCacheSecret(io.env) : null;
  const cache = version && secret ? LintCache.open(io.cwd, version, secret) : null;
  const lintAll = async () => {
    const progress = new Progress(io, options.fix ? 'Fixing' : 'Checking');
    try {
      return await lintProject({
        cwd: io.cwd,
        paths: options.paths,
        targets,
        configs,
        overrides,
        respectGitignore: options.respectGitignore,
        fix: options.fix,
        unsafeFixes: options.unsafeFixes,
        jobs: options.jobs,
        cache,
        warn: (m) => warn(io, m),
        onProgress: (done, total) => progress.update(done, total),
      });
    } finally {
      progress.done();
    }
  };
  let { files, ruleErrors, workspaceFixes } = await lintAll();
  // Workspace fixes change files the findings were computed on: lint again until none is left.
  let fixedAcrossFiles = 0;
  for (let round = 0; workspaceFixes > 0 && round < MAX_WORKSPACE_FIX_ROUNDS; round++) {
    fixedAcrossFiles += workspaceFixes;
    const previous = files;
    ({ files, ruleErrors, workspaceFixes } = await lintAll());
    for (const file of files) file.fixesApplied += previous.find((p) => p.path === file.path)?.fixesApplied ?? 0;
  }
  const note = (text: string) => {
    if (!options.quiet) (options.format === 'text' ? io.out : io.err)(`${text}\n`);
  };
  reportFixes(files, note);
  if (fixedAcrossFiles) note(`Applied ${fixedAcrossFiles} ${fixedAcrossFiles === 1 ? 'fix' : 'fixes'} of findings across files (validation gates, clean-ups).`);

  const incomplete = files.length === 0 || files.some((file) => file.gaps.length > 0);
  if (options.writeBaseline) {
    const located: LocatedFinding[] = files.flatMap((file) => file.findings.map((finding) => ({ file: file.path, finding })));
    writeBaseline(options.writeBaseline, located);
    note(`Wrote a baseline of ${plural(located.length, 'finding')} to ${options.writeBaseline}.`);
    for (const file of files) for (const gap of file.gaps) warn(io, `${file.path}: ${gap.message}`);
    return ruleErrors ? EXIT_ERROR : incomplete ? EXIT_INCOMPLETE : EXIT_CLEAN;
  }

  const reported = files.map((file) => ({ ...file, findings: baselineOf.get(file.path)?.filterNew(file.path, file.findings) ?? file.findings }));
  const hiddenByBaseline = files.reduce((n, file) => n + file.findings.length, 0) - reported.reduce((n, file) => n + file.findings.length, 0);
  const input = toReportInput(reported, io.cwd, RULE_METAS);
  const elapsedMs = started === undefined || !io.now ? undefined : io.now() - started;
  if (options.format === 'json') io.out(renderJson(input));
  else if (options.format === 'sarif') io.out(renderSarif(input));
  else io.out(renderText(input, { style: wantsColor(io) ? COLOR : PLAIN, omitSummary: options.quiet, elapsedMs, hiddenByBaseline, fixRun: options.fix, unsafeFixes: options.unsafeFixes }));
  if (hiddenByBaseline > 0 && options.format !== 'text' && !options.quiet) warn(io, `${plural(hiddenByBaseline, 'known finding')} hidden by the baseline`);
  // Machine-readable output stays parseable; a run that checked nothing still says so.
  if (files.length === 0 && options.format !== 'text') warn(io, 'no files checked: no Python, YAML, INI, TOML or .env file found (or all are excluded or ignored)');

  if (ruleErrors) return EXIT_ERROR;
  if (incomplete) return EXIT_INCOMPLETE;
  return failsAt(reported.flatMap((file) => file.findings), options.failOn) ? EXIT_FINDINGS : EXIT_CLEAN;
}

function parseJobs(value: string): number {
  if (!/^[1-9][0-9]{0,3}$/.test(value.trim())) throw new UsageError(`--jobs takes a number of worker threads, 1 or more (got '${value}')`);
  return Number(value.trim());
}

function reportFixes(files: readonly LintedFile[], note: (text: string) => void): void {
  const fixed = files.filter((file) => file.fixesApplied > 0);
  if (fixed.length === 0) return;
  const count = fixed.reduce((sum, file) => sum + file.fixesApplied, 0);
  note(`Fixed ${plural(count, 'finding')} in ${plural(fixed.length, 'file')}.`);
}
