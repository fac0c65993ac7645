// Markdown building blocks that keep arbitrary text from turning into markup.

// `_` inside a word never delimits emphasis (CommonMark), so `SALES_DB_URL` stays readable.
const SPECIAL = /[\\`*[\]<>|#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

/** Escapes characters that would start emphasis, code, links, HTML or tables. */
export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, (ch) => `\\${ch}`);
}

/** A relative link target for a POSIX path, optionally to a line (`file.py#L5`, as code hosts anchor lines). */
export function linkTarget(posixPath: string, line?: number): string {
  const encoded = posixPath
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/\(/g, '%28').replace(/\)/g, '%29'))
    .join('/');
  return line === undefined ? encoded : `${encoded}#L${line}`;
}

/** A fenced code block whose fence is longer than any backtick run inside the code. */
export function codeBlock(code: string, language: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${code}\n${fence}`;
}
