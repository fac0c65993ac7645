// .gitignore matching with git's layering: each ignore file applies to its own folder and below,
// and a deeper file's verdict (ignore or `!` re-include) overrides a shallower one's.

import { existsSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { MB, readLimitedText } from '../limited-read';

/** Ignore files are read only when they are regular files inside their folder, up to this size. */
const MAX_IGNORE_FILE_BYTES = 1 * MB;

function readIgnoreFile(file: string, root: string): string | null {
  const read = readLimitedText(file, { maxBytes: MAX_IGNORE_FILE_BYTES, root });
  return read.ok ? read.text : null;
}

/**
 * Tool and virtualenv folders never walked: caches, virtualenvs, editor settings, and AI coding
 * assistants' folders (`.cursor/`, `.claude/`: SDK examples and skills kept for the assistant, not
 * project code), as Ruff's default excludes do for the tool folders it knows.
 */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  '.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.pipewise_cache',
  '.ipynb_checkpoints', '.direnv', '.eggs', '__pypackages__', 'site-packages', '.vscode', '.idea', '.cursor', '.claude',
]);

interface Layer {
  dir: string;
  matcher: ignore.Ignore;
}

export class GitignoreRules {
  private constructor(
    private readonly layers: readonly Layer[],
    /** No ignore file applies, however deep the walk goes (outside a repository, or when told not to). */
    private readonly inert = false,
  ) {}

  static none(): GitignoreRules {
    return new GitignoreRules([], true);
  }

  /**
   * The rules in force at `dir` before its own subtree is walked: the ignore files of the folders
   * from `top` down to `dir` (exclusive), plus `.git/info/exclude` when `top` is a repository.
   */
  static above(dir: string, top: string | null): GitignoreRules {
    if (top === null) return GitignoreRules.none();
    let rules = new GitignoreRules([]);
    const exclude = path.join(top, '.git', 'info', 'exclude');
    const excluded = existsSync(exclude) ? readIgnoreFile(exclude, top) : null;
    if (excluded !== null) rules = rules.withPatterns(top, excluded);
    const relative = path.relative(top, dir);
    const parts = relative ? relative.split(path.sep) : [];
    let current = top;
    for (const part of parts) {
      rules = rules.enter(current);
      current = path.join(current, part);
    }
    return rules;
  }

  /** The rules for the entries of `dir`: these plus `dir/.gitignore` if there is one. */
  enter(dir: string): GitignoreRules {
    if (this.inert) return this;
    const file = path.join(dir, '.gitignore');
    if (!existsSync(file)) return this;
    const patterns = readIgnoreFile(file, dir);
    return patterns === null ? this : this.withPatterns(dir, patterns);
  }

  ignores(absolutePath: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const layer of this.layers) {
      const relative = path.relative(layer.dir, absolutePath);
      if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) continue;
      const posix = relative.split(path.sep).join('/');
      const verdict = layer.matcher.test(isDirectory ? `${posix}/` : posix);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }

  private withPatterns(dir: string, patterns: string): GitignoreRules {
    return new GitignoreRules([...this.layers, { dir, matcher: ignore().add(patterns) }]);
  }
}

/**
 * The folder whose ignore files apply to `dir`: its repository's root, or null outside a git
 * repository. `.gitignore` says what git leaves untracked; in a folder git does not manage (an
 * exported archive, a copied tree) every file there was meant to be kept, so none is skipped for
 * it — as Ruff does (its walker's `require_git`). Tool folders are skipped everywhere.
 */
export function findIgnoreTop(dir: string): string | null {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return null;
  }
}
