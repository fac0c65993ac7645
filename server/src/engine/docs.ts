// Where a rule's documentation lives: the Markdown page shipped with the extension and the npm
// package (`rules/<ID>-<slug>.md`), or a user-configured base URL + rule id. Nothing points to a
// web page the product does not control.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docFileName, type RuleMeta } from './types';

/** The folder holding the rule pages: `<package>/rules`, found from the bundle or the sources. */
export function bundledRulesDir(): string | null {
  const candidates = [path.join(__dirname, '..', 'rules'), path.join(__dirname, '..', '..', '..', 'rules')];
  return candidates.find((dir) => existsSync(path.join(dir, 'PW101-hardcoded-credential.md'))) ?? null;
}

/** The bundled page of a rule, as a path; null when the pages are not installed beside the code. */
export function bundledDocPath(meta: Pick<RuleMeta, 'id' | 'slug'>): string | null {
  const dir = bundledRulesDir();
  return dir ? path.join(dir, docFileName(meta)) : null;
}

/** A link to the rule's documentation: `<docsBaseUrl><id>` when configured, else the bundled page; null if neither. */
export function docsUrl(meta: Pick<RuleMeta, 'id' | 'slug'>, docsBaseUrl?: string | null): string | null {
  if (docsBaseUrl) return docsBaseUrl + meta.id;
  const page = bundledDocPath(meta);
  return page ? pathToFileURL(page).toString() : null;
}

const pages = new Map<string, string | null>();

/** The rule's documentation page (Markdown), read once from the bundled pages; null when they are not installed. */
export function ruleDocMarkdown(meta: Pick<RuleMeta, 'id' | 'slug'>): string | null {
  let page = pages.get(meta.id);
  if (page === undefined) {
    const file = bundledDocPath(meta);
    try {
      page = file ? readFileSync(file, 'utf8') : null;
    } catch {
      page = null;
    }
    pages.set(meta.id, page);
  }
  return page;
}

/** A documentation file shipped with Pipewise (`docs/design-answers.md`), as an absolute path; null when not installed. */
export function bundledDocsFile(name: string): string | null {
  const candidates = [path.join(__dirname, '..', 'docs', name), path.join(__dirname, '..', '..', '..', 'docs', name)];
  return candidates.find((file) => existsSync(file)) ?? null;
}
