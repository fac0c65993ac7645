// Where a rule's documentation lives: the Markdown page bundled with the extension/CLI, or a
// user-configured base URL + rule id.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docFileName, type RuleMeta } from './types';

/** Public copy of the rule pages, used where a web link is required (SARIF helpUri). */
export const PUBLIC_DOCS_BASE = 'https://github.com/pipewise/pipewise/blob/main/rules/';

/** The folder holding the rule pages: `<package>/rules`, found from the bundle or the sources. */
export function bundledRulesDir(): string | null {
  const candidates = [path.join(__dirname, '..', 'rules'), path.join(__dirname, '..', '..', '..', 'rules')];
  return candidates.find((dir) => existsSync(path.join(dir, 'PW101-hardcoded-credential.md'))) ?? null;
}

export function docsUrl(meta: Pick<RuleMeta, 'id' | 'slug'>, docsBaseUrl?: string | null): string {
  if (docsBaseUrl) return docsBaseUrl + meta.id;
  const dir = bundledRulesDir();
  if (dir) return pathToFileURL(path.join(dir, docFileName(meta))).toString();
  return PUBLIC_DOCS_BASE + docFileName(meta);
}

export function publicDocsUrl(meta: Pick<RuleMeta, 'id' | 'slug'>, docsBaseUrl?: string | null): string {
  return docsBaseUrl ? docsBaseUrl + meta.id : PUBLIC_DOCS_BASE + docFileName(meta);
}
