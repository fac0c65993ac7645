// Path helpers shared by discovery, linting and reports.

import path from 'node:path';

export function toPosix(relativePath: string): string {
  return relativePath.split(path.sep).join('/');
}

/** Whether `file` is strictly inside `dir`. */
export function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** A POSIX path relative to `base` (`..` segments when outside it), as reports print paths. */
export function relativePosix(base: string, file: string): string {
  return toPosix(path.relative(base, file)) || path.basename(file);
}
