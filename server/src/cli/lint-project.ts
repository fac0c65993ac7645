// One `pipewise check` pass over the discovered files, on every core and through the cache:
//
// 1. Every file is read and hashed; its cache entry (lint-cache.ts) may hold its workspace facts
//    and its findings.
// 2. The workspace model is built (workspace.ts): facts of the files per-file rules need up front
//    come from the cache or from jobs.
// 3. Each file's findings come from the cache when their key matches (the configuration and what
//    the model tells per-file rules about the file), else from a lint job; jobs run in worker
//    threads, or in-process with one job, and their results are placed by file.
// 4. The model gets every file's facts, the workspace rules run over it (in this thread), and
//    fresh results are written to the cache.
//
// Whatever the number of workers and whatever the cache holds, the result is the same.

import { availableParallelism } from 'node:os';
import { skippedGap } from '../engine/analysis-gaps';
import { Engine } from '../engine/engine';
import type { Rule } from '../engine/types';
import { NOTHING_KNOWN, type NodeFacts } from '../engine/workspace/model';
import { ALL_RULES } from '../../../rules';
import type { ConfigOverrides, ConfigResolver } from '../project/configs';
import type { DiscoveredFile } from '../project/discover';
import { withEngine } from '../project/engine';
import { contentHashOf, type CacheEntry, type CacheSlot, type LintCache } from './lint-cache';
import { runJob, type Job, type JobResult, type JobSettings, type LintOutcome } from './lint-jobs';
import { enginePathOf, type LintedFile } from '../project/lint-files';
import { LintPool } from './lint-pool';
import { readSource, type SourceRead } from '../project/read-source';
import { addWorkspaceFindings, prepareWorkspace, type AnalyzeFacts } from '../project/workspace';
import { applyWorkspaceFixes } from './workspace-fixes';

/**
 * With the default `--jobs`, a worker per this much text and this many files left to lint: a
 * worker's start (and its memory: its own copy of the engine) costs about what linting that does,
 * and a few large files gain little from workers.
 */
const BYTES_PER_WORKER = 256 * 1024;
const FILES_PER_WORKER = 8;

export interface LintProjectOptions {
  cwd: string;
  paths: readonly string[];
  targets: readonly DiscoveredFile[];
  configs: ConfigResolver;
  overrides: ConfigOverrides;
  respectGitignore: boolean;
  fix: boolean;
  unsafeFixes: boolean;
  /** Worker threads; 'auto': up to the available cores, as the work left to do warrants. */
  jobs: number | 'auto';
  cache: LintCache | null;
  warn(message: string): void;
  onProgress?(done: number, total: number): void;
}

export interface LintProjectResult {
  files: LintedFile[];
  ruleErrors: number;
  /** Workspace fixes applied (`--fix --unsafe-fixes`): the caller lints again. */
  workspaceFixes: number;
}

interface FileState {
  target: DiscoveredFile;
  source: SourceRead;
  slot: CacheSlot | null;
  entry: CacheEntry | null;
  /** Facts of the text as read, once known. */
  facts: NodeFacts | null;
  /** Linted while the model was being built, as if the workspace told nothing about the file (NOTHING_KNOWN). */
  early: LintOutcome | null;
}

export async function lintProject(options: LintProjectOptions): Promise<LintProjectResult> {
  const { cwd, configs } = options;
  const settings: JobSettings = { cwd, root: cwd, overrides: options.overrides, fix: options.fix, unsafeFixes: options.unsafeFixes };
  const states: FileState[] = options.targets.map((target) => {
    const source = readSource(target.path, target.root);
    const slot = source.ok ? { file: target.path, enginePath: enginePathOf(cwd, target.path), dialect: target.dialect, contentHash: contentHashOf(source.text) } : null;
    const entry = slot && options.cache ? options.cache.get(slot) : null;
    return { target, source, slot, entry, facts: entry?.facts ?? null, early: null };
  });
  const byPath = new Map(states.map((state) => [state.target.path, state]));
  const runner = new JobRunner(configs, settings, workersFor(options.jobs, states));
  try {
    const analyze: AnalyzeFacts = (requests) =>
      Promise.all(
        requests.map(async (request) => {
          const state = byPath.get(request.file);
          const known = state?.source.ok && state.source.text === request.text ? state : undefined;
          if (known?.facts) return known.facts;
          if (known && known.source.ok && !options.fix) {
            // Lint it now too: unless the workspace tells something about this file, that is its result.
            const docPath = known.slot!.enginePath;
            const result = await runner.run({ kind: 'lint', target: known.target, source: known.source, view: NOTHING_KNOWN, wantFacts: true, fix: false, dagFactsPath: request.docPath === docPath ? undefined : request.docPath });
            if (result.kind !== 'lint') throw new Error('a lint job answered with facts');
            known.early = result.outcome;
            known.facts = result.outcome.facts;
            return known.facts;
          }
          const result = await runner.run({ kind: 'facts', request });
          const facts = result.kind === 'facts' ? result.facts : null;
          if (known) known.facts = facts;
          return facts;
        }),
      );
    const { model } = await prepareWorkspace(analyze, options.paths, options.targets, {
      cwd,
      root: cwd,
      configs,
      respectGitignore: options.respectGitignore,
      textOf: (target) => {
        const source = byPath.get(target.path)?.source;
        return source?.ok ? source.text : null;
      },
    });

    let done = 0;
    const outcomes = await Promise.all(
      states.map(async (state): Promise<LintOutcome | null> => {
        if (!state.source.ok) return null;
        const view = model.fileView(state.target.path);
        const key = JSON.stringify([configs.fingerprintOf(configs.forFile(state.target.path)), view.key, view.printsKey]);
        const cached = !options.fix && state.entry?.lint?.key === key && state.facts ? state.entry.lint.result : null;
        let outcome: LintOutcome;
        if (cached && fitsText(cached.findings, cached.gaps, state.source.text.length)) {
          outcome = { text: state.source.text, dialect: state.target.dialect, findings: cached.findings, gaps: cached.gaps, fixesApplied: 0, ruleErrors: 0, warnings: [], facts: state.facts };
        } else if (state.early && view.key === NOTHING_KNOWN.key && view.printsKey === NOTHING_KNOWN.printsKey) {
          outcome = state.early;
          storeInCache(options.cache, state, key, outcome);
        } else {
          const result = await runner.run({ kind: 'lint', target: state.target, source: state.source, view, wantFacts: options.fix || !state.facts, fix: options.fix });
          if (result.kind !== 'lint') throw new Error('a lint job answered with facts');
          outcome = result.outcome;
          outcome.facts ??= state.facts;
          storeInCache(options.cache, state, key, outcome);
        }
        options.onProgress?.(++done, states.length);
        return outcome;
      }),
    );

    const files: LintedFile[] = [];
    let ruleErrors = 0;
    states.forEach((state, i) => {
      const config = configs.forFile(state.target.path);
      const outcome = outcomes[i];
      if (!state.source.ok || !outcome) {
        files.push({ path: state.target.path, dialect: state.target.dialect, text: '', config, findings: [], fixesApplied: 0, gaps: [skippedGap(state.source.ok ? 'unreadable' : state.source.reason)] });
        return;
      }
      for (const warning of outcome.warnings) options.warn(warning);
      ruleErrors += outcome.ruleErrors;
      if (outcome.facts) model.updateFacts(state.target.path, outcome.text, outcome.facts);
      files.push({ path: state.target.path, dialect: outcome.dialect, text: outcome.text, config, findings: outcome.findings, fixesApplied: outcome.fixesApplied, gaps: outcome.gaps, ...(outcome.notebook ? { notebook: outcome.notebook } : {}) });
    });
    ruleErrors += addWorkspaceFindings(RULES, { model }, files, configs.forDirectory(cwd), options.warn);
    const workspaceFixes = options.fix && options.unsafeFixes ? await withEngine((engine) => applyWorkspaceFixes(engine, files, cwd, options.warn)) : 0;
    return { files, ruleErrors, workspaceFixes };
  } finally {
    await runner.close();
  }
}

const RULES: readonly Rule[] = ALL_RULES;

/** Worker threads for the files without cached findings; 0 lints in this thread. */
function workersFor(jobs: number | 'auto', states: readonly FileState[]): number {
  const left = states.filter((state) => state.source.ok && !state.entry?.lint);
  if (jobs !== 'auto') return jobs > 1 ? Math.min(jobs, left.length) : 0;
  const bytes = left.reduce((sum, state) => sum + (state.source.ok ? state.source.text.length : 0), 0);
  const workers = Math.min(availableParallelism(), Math.floor(left.length / FILES_PER_WORKER), Math.ceil(bytes / BYTES_PER_WORKER));
  return workers > 1 ? workers : 0;
}

/** Runs jobs in a pool of workers, or here one at a time; started on the first job. */
class JobRunner {
  private pool: LintPool | undefined;
  private engine: Promise<Engine> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly configs: ConfigResolver,
    private readonly settings: JobSettings,
    private readonly workers: number,
  ) {}

  run(job: Job): Promise<JobResult> {
    if (this.workers > 0) {
      this.pool ??= new LintPool(this.workers, this.settings);
      return this.pool.run(job);
    }
    // In this thread, in the order asked (the same order a single worker takes them in).
    const result = this.queue.then(async () => runJob(await this.localEngine(), this.configs, this.settings, job));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.pool?.close();
    if (this.engine) (await this.engine).dispose();
  }

  private localEngine(): Promise<Engine> {
    this.engine ??= Engine.create(RULES);
    return this.engine;
  }
}

/** Cached offsets must fit the text they are about (an entry is checked, never trusted). */
function fitsText(findings: readonly { start: number; end: number }[], gaps: readonly { start: number; end: number }[], length: number): boolean {
  return [...findings, ...gaps].every((item) => Number.isInteger(item.start) && Number.isInteger(item.end) && 0 <= item.start && item.start <= item.end && item.end <= length);
}

/** Only complete, quiet results are kept: a rule crash, a failed analysis or a warning is computed again next time. */
function storeInCache(cache: LintCache | null, state: FileState, key: string, outcome: LintOutcome): void {
  // A notebook's findings refer to its code cells joined, not to the file's text: not kept.
  if (!cache || !state.slot || outcome.notebook || outcome.ruleErrors > 0 || outcome.warnings.length > 0 || outcome.gaps.some((gap) => gap.kind === 'failed')) return;
  const unchanged = state.source.ok && outcome.text === state.source.text;
  // Already there (a --fix run reads no findings from the cache, but need not rewrite them).
  if (unchanged && state.entry?.lint?.key === key && state.entry.facts) return;
  const slot = unchanged ? state.slot : { ...state.slot, contentHash: contentHashOf(outcome.text) };
  cache.put(slot, { facts: outcome.facts, lint: { key, result: { findings: outcome.findings, gaps: outcome.gaps } } });
}
