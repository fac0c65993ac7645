// Builds the workspace model from disk: lists the files (skipping tool folders and .gitignore'd
// paths), analyses the Python and YAML ones (within size-limits.ts, binary files skipped) and feeds each to
// the model right away. Asynchronous, yielding to the event loop every few files so a language
// server stays responsive while a large repository is scanned.

import { readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { detectFileDialect } from '../document';
import type { Engine } from '../engine';
import { isWithin, readLimited, realPathOrSelf } from '../limited-read';
import { maxBytesForFile } from '../size-limits';
import { findIgnoreTop, GitignoreRules, SKIPPED_DIRECTORIES } from './gitignore';
import { WorkspaceModel } from './model';

const YIELD_EVERY = 25;
/** Longest stretch of analysis between yields (ms), so a server keeps answering requests. */
const YIELD_AFTER_MS = 8;

export interface ScanProgress {
  phase: 'listing' | 'analysing' | 'done';
  /** Files analysed so far / to analyse (listing: files found so far). */
  done: number;
  total: number;
}

export interface ScanOptions {
  onProgress?(progress: ScanProgress): void;
  /** Extra exclusion on top of .gitignore (e.g. the project config's `exclude`). */
  isIgnored?(absolutePath: string, isDirectory: boolean): boolean;
  /** Asked between files; return true to yield to the event loop now (by default: every 25 files or 8 ms). */
  shouldYield?(): boolean;
  /** Honour .gitignore files (default true). */
  respectGitignore?: boolean;
  /** Stop early (the model holds what was analysed so far). */
  signal?: AbortSignal;
  /** Analyse into this model instead of a new one. */
  model?: WorkspaceModel;
  /** A file left out of the workspace on purpose (a symbolic link out of the folder). */
  onSkip?(absolutePath: string, reason: string): void;
  /** Analysing one file failed (the scan goes on with the others). */
  onError?(absolutePath: string, error: unknown): void;
  /** The folder no file may resolve outside of (default: the folder listed). */
  root?: string;
  /** Files listed but not read here (open in an editor: their live text reaches the model another way). */
  isAnalysedElsewhere?(absolutePath: string): boolean;
}

const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every file under `root` not skipped or ignored, absolute, sorted. */
export async function listWorkspaceFiles(root: string, options: Pick<ScanOptions, 'isIgnored' | 'respectGitignore' | 'signal' | 'onSkip' | 'root'> = {}): Promise<string[]> {
  const out: string[] = [];
  const top = path.resolve(root);
  const confinedTo = realPathOrSelf(options.root ?? top);
  const initial = options.respectGitignore === false ? GitignoreRules.none() : GitignoreRules.above(top, findIgnoreTop(top));
  let visited = 0;
  const walk = async (dir: string, inherited: GitignoreRules): Promise<void> => {
    if (options.signal?.aborted) return;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const rules = options.respectGitignore === false ? inherited : inherited.enter(dir);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || rules.ignores(full, true) || options.isIgnored?.(full, true)) continue;
        await walk(full, rules);
        if (++visited % 50 === 0) await yieldNow();
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (rules.ignores(full, false) || options.isIgnored?.(full, false)) continue;
        // Symbolic links to folders are not followed (cycles); links to files only inside the folder.
        if (entry.isSymbolicLink() && !(await isFileWithin(full, confinedTo))) {
          options.onSkip?.(full, 'a symbolic link to something that is not a file inside the folder');
          continue;
        }
        out.push(full);
      }
    }
  };
  await walk(top, initial);
  return out.sort();
}

/** Whether the model analyses a file (Python stages and DAGs, Jupyter notebooks, YAML pipeline configs). */
export function isModelFile(filePath: string): boolean {
  const dialect = detectFileDialect(filePath);
  return dialect === 'python' || dialect === 'yaml';
}

export async function scanWorkspace(root: string, engine: Engine, options: ScanOptions = {}): Promise<WorkspaceModel> {
  const model = options.model ?? new WorkspaceModel(root);
  options.onProgress?.({ phase: 'listing', done: 0, total: 0 });
  const files = await listWorkspaceFiles(model.root, { ...options, root: options.root ?? model.root });
  model.setFiles(files);
  const targets = files.filter(isModelFile);
  let lastYield = performance.now();
  const shouldYield = options.shouldYield ?? (() => performance.now() - lastYield >= YIELD_AFTER_MS);
  let sinceYield = 0;
  for (let i = 0; i < targets.length; i++) {
    if (options.signal?.aborted) break;
    const file = targets[i];
    // An open document's facts are already being computed; parsing it from disk too would double the work.
    if (options.isAnalysedElsewhere?.(file) && model.text(file) !== undefined) continue;
    const text = await readText(file, model.root);
    if (text !== null) {
      try {
        const dialect = detectFileDialect(file);
        const doc = dialect ? engine.analyzeAs(file, dialect, text) : null;
        // Extract right away: the engine's parser reuses facts objects on the next parse.
        if (doc) model.updateDocument(doc);
      } catch (error) {
        // One file that cannot be analysed must not cost the workspace every other file.
        model.addFile(file);
        options.onError?.(file, error);
      }
    }
    if (++sinceYield >= YIELD_EVERY || shouldYield()) {
      sinceYield = 0;
      options.onProgress?.({ phase: 'analysing', done: i + 1, total: targets.length });
      await yieldNow();
      lastYield = performance.now();
    }
  }
  options.onProgress?.({ phase: 'done', done: targets.length, total: targets.length });
  return model;
}

/**
 * A file's text, or null when it is too large, binary, unreadable, not a regular file, or (with
 * `root`) resolves outside that folder.
 */
export async function readText(file: string, root: string | null = null): Promise<string | null> {
  const read = readLimited(file, { maxBytes: maxBytesForFile(file), root });
  if (!read.ok || read.bytes.includes(0)) return null;
  return new TextDecoder('utf-8').decode(read.bytes);
}

async function isFileWithin(file: string, root: string): Promise<boolean> {
  try {
    const real = await realpath(file);
    return isWithin(root, real) && (await stat(real)).isFile();
  } catch {
    return false;
  }
}
