// Lints discovered files with the engine; with `fix`, first applies safe fixes and writes each
// changed file atomically, so the findings returned are the ones that remain.

import { lstatSync } from 'node:fs';
import path from 'node:path';
import { depthGaps, failedGap, skippedGap, syntaxErrorGap, type AnalysisGap } from '../engine/analysis-gaps';
import type { EffectiveConfig } from '../engine/config';
import type { Engine } from '../engine/engine';
import type { DocumentFacts } from '../engine/document';
import type { NotebookFacts } from '../engine/notebook/notebook-facts';
import type { Dialect, Finding, ProjectView } from '../engine/types';
import { writeFileAtomic } from './atomic-write';
import type { DiscoveredFile } from './discover';
import { isInside, relativePosix } from './paths';
import { readSource, type SourceRead } from './read-source';

export interface LintedFile {
  /** Absolute path. */
  path: string;
  dialect: Dialect;
  /** The text the findings' offsets refer to (after fixes, without a BOM). */
  text: string;
  config: EffectiveConfig;
  findings: Finding[];
  fixesApplied: number;
  /** What was not checked (skipped, does not parse, too deeply nested, analysis failed); empty when everything was. */
  gaps: AnalysisGap[];
  /** A Jupyter notebook: `text` is then its code cells joined as one module, and this maps them back. */
  notebook?: NotebookFacts;
}

export interface LintFilesOptions {
  cwd: string;
  fix: boolean;
  /** With `fix`: apply each finding's preferred fix, safe or not (`--unsafe-fixes`). */
  unsafeFixes?: boolean;
  configFor(file: DiscoveredFile): EffectiveConfig;
  warn(message: string): void;
  /** The workspace as per-file rules may see it (pipeline retries for PW103). */
  project?: ProjectView;
  /** Facts already analysed from exactly this text (by absolute path), to reuse instead of parsing again. */
  analyzed?: ReadonlyMap<string, { text: string; doc: DocumentFacts }>;
  /** Called with each file's facts right after linting (absolute path), e.g. to update a workspace model. */
  onAnalyzed?(doc: DocumentFacts, absolutePath: string): void;
  /** Called after each file with how many are done (a progress line). */
  onProgress?(done: number, total: number): void;
}

export interface LintFilesResult {
  files: LintedFile[];
  /** Rule crashes; the run's result is incomplete when non-zero. */
  ruleErrors: number;
}

export function lintFiles(engine: Engine, targets: readonly DiscoveredFile[], options: LintFilesOptions): LintFilesResult {
  const files: LintedFile[] = [];
  let ruleErrors = 0;
  for (const [index, target] of targets.entries()) {
    options.onProgress?.(index, targets.length);
    const linted = lintFile(engine, target, readSource(target.path, target.root), { ...options, config: options.configFor(target) });
    files.push(linted.file);
    ruleErrors += linted.ruleErrors;
  }
  return { files, ruleErrors };
}

export interface LintFileOptions extends Omit<LintFilesOptions, 'configFor' | 'onProgress'> {
  config: EffectiveConfig;
}

/** Lints (and with `fix` fixes) one file whose source was read already; never throws. */
export function lintFile(engine: Engine, target: DiscoveredFile, source: SourceRead, options: LintFileOptions): { file: LintedFile; ruleErrors: number } {
  const shown = relativePosix(options.cwd, target.path);
  const { config } = options;
  if (!source.ok) return { file: { path: target.path, dialect: target.dialect, text: '', config, findings: [], fixesApplied: 0, gaps: [skippedGap(source.reason)] }, ruleErrors: 0 };
  const enginePath = enginePathOf(options.cwd, target.path);
  let ruleErrors = 0;
  let text = source.text;
  let fixesApplied = 0;
  try {
    if (options.fix) {
      const refusal = whyNotFix(engine, target, enginePath, source);
      if (refusal) options.warn(`not fixing ${shown}: ${refusal}`);
      else {
        try {
          const result = engine.fix(enginePath, text, config, { unsafe: options.unsafeFixes, project: options.project });
          if (result.text !== text) {
            writeFileAtomic(target.path, (source.hadBom ? '\uFEFF' : '') + result.text);
            text = result.text;
            fixesApplied = result.applied;
          }
        } catch (error) {
          ruleErrors++;
          options.warn(`could not fix ${shown}: ${errorMessage(error)}`);
        }
      }
    }
    const earlier = options.analyzed?.get(target.path);
    const doc = earlier && earlier.text === text && earlier.doc.path === enginePath ? earlier.doc : engine.analyzeAs(enginePath, target.dialect, text);
    const findings = engine.lint(
      doc,
      config,
      (ruleId, error) => {
        ruleErrors++;
        options.warn(`rule ${ruleId} failed on ${shown}: ${errorMessage(error)}`);
      },
      options.project,
    );
    options.onAnalyzed?.(doc, target.path);
    const gaps = depthGaps(doc);
    if (doc.python?.hasError) gaps.unshift(syntaxErrorGap(engine.syntaxErrorOffset() ?? 0));
    return { file: { path: target.path, dialect: target.dialect, text: doc.notebook ? doc.text : text, config, findings, fixesApplied, gaps, ...(doc.notebook ? { notebook: doc.notebook } : {}) }, ruleErrors };
  } catch (error) {
    // One file that cannot be analysed is reported as such; the others still are.
    return { file: { path: target.path, dialect: target.dialect, text, config, findings: [], fixesApplied, gaps: [failedGap(error)] }, ruleErrors };
  }
}

/**
 * The path rules see: as it would be typed here (cwd-relative), so folders above the project
 * cannot make a file look like a test.
 */
export function enginePathOf(cwd: string, file: string): string {
  return isInside(cwd, file) ? path.relative(cwd, file) : file;
}

/** Why `--fix` must leave a file alone, or null. */
function whyNotFix(engine: Engine, target: DiscoveredFile, enginePath: string, source: Extract<SourceRead, { ok: true }>): string | null {
  if (isSymbolicLink(target.path)) return 'a symbolic link (Pipewise never writes through one)';
  if (!source.lossless) return 'not valid UTF-8';
  if (engine.parseErrors(enginePath, target.dialect, source.text) > 0) return 'it does not parse';
  return null;
}

function isSymbolicLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
