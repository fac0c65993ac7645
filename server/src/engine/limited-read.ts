// Reading a file whose name comes from a repository (a baseline named in pipewise.toml, a
// .gitignore, a file found by walking a folder) as untrusted input: it must be a regular file
// (not /dev/zero, a FIFO or a folder), at most `maxBytes` long, and, when `root` is given, its
// real path (symbolic links resolved) must lie inside that folder. Nothing is read otherwise, and
// at most `maxBytes` + 1 bytes are ever read, even from a file that grows meanwhile.

import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';

export const MB = 1024 * 1024;

export type LimitedRead = { ok: true; bytes: Buffer; realPath: string } | { ok: false; reason: string };

export interface LimitedReadOptions {
  maxBytes: number;
  /** The folder the file's real path must be inside (or null: anywhere). */
  root?: string | null;
}

export function readLimited(file: string, options: LimitedReadOptions): LimitedRead {
  let realPath: string;
  try {
    realPath = realpathSync(file);
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
  if (options.root && !isWithin(realPathOrSelf(options.root), realPath)) return { ok: false, reason: 'outside the project folder (a symbolic link out of it?)' };
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as not a regular file.
    fd = openSync(realPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const info = fstatSync(fd);
    if (!info.isFile()) return { ok: false, reason: 'not a regular file' };
    if (info.size > options.maxBytes) return { ok: false, reason: `larger than ${formatBytes(options.maxBytes)}` };
    const buffer = Buffer.alloc(Math.min(info.size, options.maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > options.maxBytes) return { ok: false, reason: `larger than ${formatBytes(options.maxBytes)}` };
    return { ok: true, bytes: buffer.subarray(0, length), realPath };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The file as UTF-8 text (invalid bytes replaced, a leading BOM dropped), or why it was not read. */
export function readLimitedText(file: string, options: LimitedReadOptions): { ok: true; text: string } | { ok: false; reason: string } {
  const read = readLimited(file, options);
  return read.ok ? { ok: true, text: new TextDecoder('utf-8').decode(read.bytes) } : read;
}

/** Whether `file` is `dir` itself or below it (both real, absolute paths). */
export function isWithin(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

export function realPathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= MB ? `${+(bytes / MB).toFixed(1)} MB` : `${Math.round(bytes / 1024)} kB`;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'file not found';
  return `cannot read (${code ?? 'error'})`;
}
