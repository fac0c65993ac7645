// Markdown building blocks that keep arbitrary text from turning into markup.

import path from 'node:path';

// `_` inside a word never delimits emphasis (CommonMark), so `SALES_DB_URL` stays readable.
const SPECIAL = /[\\`*[\]<>|#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

/** Escapes characters that would start emphasis, code, links, HTML or tables. */
export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, (ch) => `\\${ch}`);
}

/** A relative link target for a POSIX path, optionally to a line (`file.py#L5`, as code hosts anchor lines). */
export function linkTarget(posixPath: string, line?: number, linkBase = ''): string {
  const encoded = encodePath(posixPath);
  return `${linkBase}${line === undefined ? encoded : `${encoded}#L${line}`}`;
}

function encodePath(posixPath: string): string {
  return posixPath
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment).replace(/\(/g, '%28').replace(/\)/g, '%29')))
    .join('/');
}

/**
 * What to put before report-relative paths so links work from `fromDir` (where the Markdown is
 * printed or saved): '' in the reviewed folder itself, else the relative way there (`../sales_etl/`).
 */
export function relativeLinkBase(fromDir: string, root: string): string {
  const relative = path.relative(fromDir, root).split(path.sep).join('/');
  return relative === '' ? '' : `${encodePath(relative)}/`;
}

/** A fenced code block whose fence is longer than any backtick run inside the code. */
export function codeBlock(code: string, language: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${code}\n${fence}`;
}
