// The per-user secret `.pipewise_cache/` entries are keyed with, kept outside any repository
// (`$XDG_CACHE_HOME/pipewise/key`, else `~/.cache/pipewise/key`; created 0600 on first use). A
// cache committed to a repository, or written by someone else, then holds entries this user's
// runs cannot authenticate: it is a miss, never a forged result. No usable secret, no cache.

import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SECRET_BYTES = 32;

export function cacheSecretPath(env: NodeJS.ProcessEnv): string | null {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : env.HOME || os.homedir() ? path.join(env.HOME || os.homedir(), '.cache') : null;
  return base ? path.join(base, 'pipewise', 'key') : null;
}

/** The secret, created on first use; null when it cannot be read or created safely. */
export function userCacheSecret(env: NodeJS.ProcessEnv): Buffer | null {
  const file = cacheSecretPath(env);
  if (!file) return null;
  const existing = readSecret(file);
  if (existing !== undefined) return existing;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx': a new file only, never through a symbolic link; another run creating it first wins.
    writeFileSync(file, randomBytes(SECRET_BYTES), { flag: 'wx', mode: 0o600 });
  } catch {
    // Fall through: read what is there (a concurrent run's secret), or give up.
  }
  return readSecret(file) ?? null;
}

/** undefined: no such file; null: there but not usable (a link, not ours, readable by others, wrong size). */
function readSecret(file: string): Buffer | null | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
  try {
    const stat = fstatSync(fd);
    const ownedByUs = typeof process.getuid !== 'function' || stat.uid === process.getuid();
    if (!stat.isFile() || !ownedByUs || (stat.mode & 0o077) !== 0 || stat.size !== SECRET_BYTES) return null;
    const bytes = Buffer.alloc(SECRET_BYTES);
    return readSync(fd, bytes, 0, SECRET_BYTES, 0) === SECRET_BYTES ? bytes : null;
  } finally {
    closeSync(fd);
  }
}
