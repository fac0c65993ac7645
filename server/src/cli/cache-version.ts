// What names this build of Pipewise in the cache: the version and the running bundle's size and
// modification time, so a rebuilt bundle (rules changed) never reads findings an older one cached.

import { statSync } from 'node:fs';
import { TOOL_VERSION } from '../reports/tool';

/** Null when running from source (tsx): no single file holds the rules, so nothing is cached. */
export function cacheVersion(): string | null {
  if (!__filename.endsWith('.js')) return null;
  try {
    const bundle = statSync(__filename);
    return `${TOOL_VERSION}+${bundle.size}+${bundle.mtimeMs}`;
  } catch {
    return null;
  }
}
