// Which file of the project a notebook path names. Orchestrators name notebooks the way their
// runtime sees them: relative to the config (`../notebooks/etl.ipynb`), or as a Databricks
// workspace path without extension (`/Repos/team/project/notebooks/etl`) that matches the
// notebook exported into the repository as `etl.py` or `etl.ipynb`. A path names a file only when
// one file matches best: two equally good candidates leave the step unlinked rather than guessed.

import path from 'node:path';
import type { NotebookRef } from './types';

const NOTEBOOK_EXTENSION = /\.(ipynb|py)$/i;
/** Paths no file of the repository can be: templated, a URL or a cloud object. */
const NOT_A_FILE = /\{\{|\{%|\$\{|\$[A-Za-z_]|^[a-z][\w+.-]*:\/\//i;

/**
 * The absolute path of the notebook `ref` names among `files` (absolute paths), or null when
 * none or several match. `root` resolves a root-relative `ref.dir`.
 */
export function resolveNotebook(ref: NotebookRef, files: ReadonlySet<string>, root: string): string | null {
  const written = ref.written.trim();
  if (written === '' || NOT_A_FILE.test(written) || written.includes('\n')) return null;
  const hasExtension = NOTEBOOK_EXTENSION.test(written);
  if (!written.startsWith('/')) {
    const resolved = path.resolve(root, ref.dir, written);
    const direct = (hasExtension ? [resolved] : [`${resolved}.py`, `${resolved}.ipynb`]).filter((f) => files.has(f));
    if (direct.length === 1) return direct[0];
    if (direct.length > 1) return null;
  }
  return bySuffix(written, hasExtension, files);
}

/** The one file whose path ends with the most trailing segments of `written` (at least its name). */
function bySuffix(written: string, hasExtension: boolean, files: ReadonlySet<string>): string | null {
  const segments = written.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  if (segments.length === 0) return null;
  const last = segments[segments.length - 1];
  const stem = hasExtension ? last.replace(NOTEBOOK_EXTENSION, '') : last;
  let best: string[] = [];
  let bestDepth = 0;
  for (const file of files) {
    const base = path.basename(file);
    if (!NOTEBOOK_EXTENSION.test(base) || (hasExtension ? base !== last : base.replace(NOTEBOOK_EXTENSION, '') !== stem)) continue;
    const parts = file.split(path.sep);
    let depth = 1;
    while (depth < segments.length && depth < parts.length && parts[parts.length - 1 - depth] === segments[segments.length - 1 - depth]) depth++;
    if (depth > bestDepth) {
      best = [file];
      bestDepth = depth;
    } else if (depth === bestDepth) best.push(file);
  }
  return best.length === 1 ? best[0] : null;
}
