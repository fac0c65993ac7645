// Which files a command lints: named files always; folders walked, minus tool and virtualenv
// folders, .gitignore'd paths and the config's `exclude`, keeping only dialects Pipewise reads.

import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { detectFileDialect } from '../engine/document';
import type { Dialect } from '../engine/types';
import type { ConfigResolver } from './configs';
import { UsageError } from './errors';
import { findIgnoreTop, GitignoreRules, SKIPPED_DIRECTORIES } from '../engine/workspace/gitignore';
import { isInside, relativePosix } from './paths';
import { isWithin, realPathOrSelf } from '../engine/limited-read';

export { SKIPPED_DIRECTORIES };

export interface DiscoveredFile {
  /** Absolute path. */
  path: string;
  dialect: Dialect;
  /** Named on the command line (linted even when ignored or excluded). */
  explicit: boolean;
  /** The real folder this file's real path must stay inside: the folder given, or the working directory. */
  root: string;
}

export interface DiscoverOptions {
  cwd: string;
  configs: ConfigResolver;
  respectGitignore: boolean;
  warn(message: string): void;
}

/** Throws UsageError when a path does not exist; returns files sorted by path, each once. */
export function discoverFiles(inputs: readonly string[], options: DiscoverOptions): DiscoveredFile[] {
  const found = new Map<string, DiscoveredFile>();
  for (const input of inputs) {
    const absolute = path.resolve(options.cwd, input);
    const stats = statOrNull(absolute);
    if (!stats) throw new UsageError(`path not found: ${input}`);
    if (stats.isDirectory()) {
      const rules = options.respectGitignore ? GitignoreRules.above(absolute, findIgnoreTop(absolute)) : GitignoreRules.none();
      walk(absolute, rules, options, realPathOrSelf(absolute), (file) => {
        if (!found.has(file.path)) found.set(file.path, file);
      });
    } else {
      const dialect = detectFileDialect(absolute);
      // A file named here may be anywhere, but a symbolic link is followed only inside the
      // folder it sits in (or the working directory holding it).
      const root = realPathOrSelf(isInside(options.cwd, absolute) ? options.cwd : path.dirname(absolute));
      if (!dialect) options.warn(`skipping ${input}: not a Python, notebook, YAML, INI, TOML, .env or key file`);
      else if (!resolvesInside(absolute, root)) options.warn(`skipping ${input}: a symbolic link out of ${relativePosix(options.cwd, root) || '.'}`);
      else found.set(absolute, { path: absolute, dialect, explicit: true, root });
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function walk(dir: string, inherited: GitignoreRules, options: DiscoverOptions, root: string, add: (file: DiscoveredFile) => void): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    options.warn(`skipping ${relativePosix(options.cwd, dir)}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    return;
  }
  const rules = options.respectGitignore ? inherited.enter(dir) : inherited;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Symlinked folders are not followed (cycles); symlinked files only when they resolve inside the folder given.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && statOrNull(full)?.isFile() === true);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name) || rules.ignores(full, true) || options.configs.forFile(full).isExcluded(full)) continue;
      walk(full, rules, options, root, add);
    } else if (isFile) {
      const dialect = detectFileDialect(full);
      if (!dialect || rules.ignores(full, false) || options.configs.forFile(full).isExcluded(full)) continue;
      if (entry.isSymbolicLink() && !resolvesInside(full, root)) {
        options.warn(`skipping ${relativePosix(options.cwd, full)}: a symbolic link out of the folder`);
        continue;
      }
      add({ path: full, dialect, explicit: false, root });
    }
  }
}

/** Outside a repository, the ignore files from the working directory down still apply. */
function resolvesInside(file: string, root: string): boolean {
  try {
    return isWithin(root, realpathSync(file));
  } catch {
    return false;
  }
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}
