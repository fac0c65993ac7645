// What names this build of Pipewise in the cache: the version and a hash of the running bundle, so
// a rebuilt bundle with changed rules never reads findings an older one cached.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TOOL_VERSION } from '../reports/tool';

/** Null when running from source (tsx): no single file holds the rules, so nothing is cached. */
export function cacheVersion(): string | null {
  if (!__filename.endsWith('.js')) return null;
  try {
    return `${TOOL_VERSION}+${createHash('sha256').update(readFileSync(__filename)).digest('hex')}`;
  } catch {
    return null;
  }
}
