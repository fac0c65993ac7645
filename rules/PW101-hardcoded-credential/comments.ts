// Credentials in commented-out code and config: `# DB_PASSWORD=hunter2`, `# url = postgresql://…`,
// `# conn = connect(password="…")`. The secret is in the repository all the same (P2). Prose
// comments (`# Example: smtp_password = airflow`, `# set the password in Vault`) are not code.

import type { Fix, RuleContext } from '../../server/src/engine/types';
import { capitalize, classify, describeInline, describeNamed, describeUrl, fingerprint, lowerPriority, TITLE_PREFIX, type Detection } from './detect';
import type { SourceText } from '../../server/src/engine/source-text';

export type CommentSyntax = 'python' | 'yaml' | 'ini' | 'dotenv' | 'toml';

/** One `name = value` (or a bare literal) found in a comment line, with offsets in the document. */
export interface CommentedValue {
  syntax: CommentSyntax;
  name: string | null;
  value: string;
  /** The comment line (for the report and the delete fix). */
  lineStart: number;
  lineEnd: number;
}

/** Longest comment line looked at: a commented-out config line is short; a wrapped paragraph is prose. */
const MAX_COMMENT_LINE = 600;
const COMMENT_LINE = /^[ \t]*(#|;)[ \t]*(.*)$/;
/** `Example: key = value`, `e.g. key = value`, `Default: …`: documentation, not a commented-out line. */
const PROSE_LABEL = /^(?:examples?|e\.g\.?|i\.e\.?|for example|defaults?|note|usage|see|format|syntax|values?|options?|accepts|todo|fixme)\b/i;
/** A label followed by another assignment (`Default: key = value`) documents that assignment. */
const NESTED_ASSIGNMENT = /^[\w.-]+[ \t]*[=:][ \t]/;

// Config lines: `key = value`, `key: value`, `- KEY=value`, `export KEY=value`.
const CONFIG_ENTRY = /^(?:-[ \t]+)?(?:export[ \t]+)?["']?([A-Za-z_][\w.-]{0,64})["']?[ \t]*(?:=|:[ \t])[ \t]*(.{1,512})$/;
// Python: `NAME = "literal"` / `self.NAME: str = 'literal'` / `os.environ["NAME"] = "literal"`.
const PYTHON_ASSIGNMENT = /^([A-Za-z_][\w.]{0,64}(?:\[["'][\w.-]{1,64}["']\])?)[ \t]*(?::[ \t]*[\w.[\], ]{1,40})?=[ \t]*[rbuRBU]{0,2}(["'])([^"'\n]{0,512})\2[ \t]*(?:#.*)?$/;
// Python code inside a comment: keyword arguments and dict entries with literal values.
const PYTHON_KEYWORD = /(?:^|[(,\s])([A-Za-z_]\w{0,64})[ \t]*=[ \t]*[rbuRBU]{0,2}(["'])([^"'\n]{0,512})\2/g;
const PYTHON_DICT_ENTRY = /(["'])([\w.-]{1,64})\1[ \t]*:[ \t]*[rbuRBU]{0,2}(["'])([^"'\n]{0,512})\3/g;
const PYTHON_CODE = /^[A-Za-z_][\w.]*(?:\[[^\]\n]{1,80}\])?[ \t]*(?:=|\(|:[ \t]*[\w.[\]]+[ \t]*=)/;

function unquote(value: string): string {
  const trimmed = value.trim();
  const quote = trimmed[0];
  if ((quote === '"' || quote === "'") && trimmed.endsWith(quote) && trimmed.length >= 2) return trimmed.slice(1, -1);
  return trimmed.replace(/(?<![ \t])[ \t]+#.*$/, '');
}

/** The `name = value` pairs of one comment body, read in the file's own syntax. */
function valuesOfBody(body: string, syntax: CommentSyntax): Array<{ name: string | null; value: string }> {
  if (PROSE_LABEL.test(body)) return [];
  if (syntax !== 'python') {
    const entry = CONFIG_ENTRY.exec(body);
    if (!entry) return [];
    if (NESTED_ASSIGNMENT.test(entry[2])) return [];
    const value = unquote(entry[2]);
    // A value with spaces is a sentence unless it holds a URL or a connection string.
    if (/\s/.test(value) && !/:\/\/|=/.test(value)) return [];
    return [{ name: entry[1], value }];
  }
  if (!PYTHON_CODE.test(body)) return [];
  const assignment = PYTHON_ASSIGNMENT.exec(body);
  // Code ends in a bracket, a quote, a comma or a continuation; `… was removed` is a sentence.
  if (!assignment && !/[)\]},'"\\(]$/.test(body.replace(/(?<![ \t])[ \t]+#.*$/, '').trimEnd())) return [];
  if (assignment) {
    const target = assignment[1];
    const key = /\[["']([\w.-]+)["']\]$/.exec(target)?.[1];
    return [{ name: key ?? target.slice(target.lastIndexOf('.') + 1), value: assignment[3] }];
  }
  const found: Array<{ name: string | null; value: string }> = [];
  for (const match of body.matchAll(PYTHON_KEYWORD)) found.push({ name: match[1], value: match[3] });
  for (const match of body.matchAll(PYTHON_DICT_ENTRY)) found.push({ name: match[2], value: match[4] });
  for (const match of body.matchAll(/(["'])([^"'\n]{0,512}:\/\/[^"'\n]{0,512})\1/g)) found.push({ name: null, value: match[2] });
  return found;
}

/** The commented-out values of the full-line comments in `text[start, end)`. */
export function commentedValues(text: SourceText, start: number, end: number, syntax: CommentSyntax): CommentedValue[] {
  const found: CommentedValue[] = [];
  let lineStart = start;
  // The next marker at or after lineStart, found again only once passed: searching from every
  // line to the end of the text is quadratic in a file without comments (a 100,000-line .env).
  let hash = -2;
  let semicolon = -2;
  while (lineStart < end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    if (hash !== -1 && hash < lineStart) hash = text.indexOf('#', lineStart);
    if (syntax !== 'ini') semicolon = -1;
    else if (semicolon !== -1 && semicolon < lineStart) semicolon = text.indexOf(';', lineStart);
    const marker = hash >= 0 && hash < lineEnd ? hash : semicolon >= 0 && semicolon < lineEnd ? semicolon : -1;
    if (marker >= 0 && lineEnd - lineStart <= MAX_COMMENT_LINE) {
      const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
      const comment = COMMENT_LINE.exec(line);
      if (comment) for (const pair of valuesOfBody(comment[2].trim(), syntax)) found.push({ ...pair, syntax, lineStart, lineEnd: lineStart + line.length });
    }
    lineStart = lineEnd + 1;
  }
  return found;
}

/** The first credential among a line's commented-out values. */
export function classifyCommented(entry: CommentedValue, ctx: RuleContext): Detection | null {
  const detection = classify(entry.value, { name: entry.name, documentation: true, commented: true, credentialSlot: false, testContext: ctx.doc.isTestFile }, ctx);
  return detection && detection.kind !== 'entropy' ? detection : null;
}

export function describe(detection: Detection): string {
  switch (detection.kind) {
    case 'url': return describeUrl(detection);
    case 'named': return describeNamed(detection);
    case 'inline': return describeInline(detection);
    case 'token': return `${capitalize(detection.token.kind)} literal`;
    case 'authorization': return `Literal ${detection.scheme} credential in Authorization header`;
    case 'entropy': return 'High-entropy string';
  }
}

/** Reports a commented-out credential (P2) with a fix that deletes the line. */
export function reportCommented(ctx: RuleContext, entry: CommentedValue, detection: Detection, origin?: number): void {
  const where = !entry.name ? '' : entry.syntax === 'python' ? ` for ${entry.name}` : ` under key "${entry.name}"`;
  const { text } = ctx.doc;
  const deleteEnd = text[entry.lineEnd] === '\n' ? entry.lineEnd + 1 : entry.lineEnd;
  const fixes: Fix[] = [{
    title: `${TITLE_PREFIX} Delete the commented-out line (and rotate the credential)`,
    edits: [{ start: entry.lineStart, end: deleteEnd, newText: '' }],
    safe: false,
    preferred: true,
  }];
  ctx.report({
    start: entry.lineStart + (/^[ \t]*/.exec(text.slice(entry.lineStart, entry.lineEnd))?.[0].length ?? 0),
    end: entry.lineEnd,
    message: `${describe(detection)}${where} in commented-out code: the secret is in the repository all the same; delete the line and rotate the credential`,
    priority: lowerPriority('P2', ctx.doc.isTestFile),
    fixes,
    fingerprintText: `commented|${fingerprint(detection, entry.name ?? '', entry.value)}`,
    ...(origin === undefined ? {} : { origin }),
  });
}
