// Replaces a file's content without ever exposing a half-written file: write a temp file in the
// same folder (same file system, so the rename is atomic), flush it, then rename it over the
// original. The original's permission bits are kept. A symbolic link is refused: written through,
// it could change a file outside the repository; replaced, the repository would lose the link.

import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(file: string, content: string): void {
  const target = path.resolve(file);
  if (isSymbolicLink(target)) throw new Error(`${file} is a symbolic link; Pipewise does not write through links`);
  const mode = existingMode(target);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.pipewise-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined = openSync(temp, 'wx', mode ?? 0o666);
  try {
    writeFileSync(fd, content, 'utf8');
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    // openSync's mode is filtered by the umask; the original's bits must survive exactly.
    if (mode !== undefined) chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}

function isSymbolicLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function existingMode(file: string): number | undefined {
  try {
    return statSync(file).mode & 0o7777;
  } catch {
    return undefined;
  }
}
