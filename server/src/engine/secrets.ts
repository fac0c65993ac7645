// What a secret looks like: credential-like names (matched on whole name parts), literal values
// that are placeholders rather than secrets, known token formats, passwords inside URLs, and
// high-entropy strings. Shared by every dialect PW101 reads.

/** Splits a name into lower-case parts: `DB_PASSWORD` → [db, password], `NextToken` → [next, token]. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    // `HTTPServer` → `HTTP Server`; a lookahead, as `([A-Z]+)([A-Z][a-z])` is quadratic on long capitals.
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p.toLowerCase());
}

/** Credential terms, matched against the last parts of a name. */
const CREDENTIAL_SUFFIXES: string[][] = [
  ['password'], ['passwd'], ['pwd'], ['pass'], ['passphrase'], ['secret'], ['token'], ['auth'],
  ['authorization'], ['apikey'], ['api', 'key'], ['access', 'key'], ['secret', 'key'], ['private', 'key'],
  ['client', 'secret'], ['credential'], ['credentials'], ['signing', 'key'], ['encryption', 'key'],
  ['master', 'key'], ['account', 'key'], ['sas', 'token'], ['webhook', 'secret'],
];

/** Qualifiers that make `…_token` a pagination or parser token rather than a credential. */
const NON_CREDENTIAL_TOKEN_QUALIFIERS = new Set([
  'next', 'page', 'continuation', 'pagination', 'sync', 'cursor', 'resume', 'cancel', 'cancellation',
  'start', 'end', 'stop', 'delta', 'change', 'request', 'idempotency', 'sentinel', 'eof', 'split',
  'parse', 'lexer', 'max', 'min', 'num', 'special', 'pad', 'unk', 'bos', 'eos', 'mask', 'sep', 'cls',
]);

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export interface CredentialNameOptions {
  extraNames?: readonly string[];
  /** User patterns (see user-pattern.ts): searched anywhere in the name. */
  patterns?: ReadonlyArray<{ test(text: string): boolean }>;
}

/** Whether `name` names a credential (`DB_PASSWORD`, `apiKey`) — not `password_field`, `NextToken`, `bypass_cache`. */
export function isCredentialName(name: string, options: CredentialNameOptions = {}): boolean {
  if (!name) return false;
  const normalized = normalizeName(name);
  if (options.extraNames?.some((extra) => normalizeName(extra) && normalized.endsWith(normalizeName(extra)))) return true;
  if (options.patterns?.some((pattern) => pattern.test(name))) return true;
  const parts = nameParts(name);
  for (const suffix of CREDENTIAL_SUFFIXES) {
    if (suffix.length > parts.length) continue;
    const tail = parts.slice(parts.length - suffix.length);
    if (!tail.every((part, i) => part === suffix[i])) continue;
    if (suffix[0] === 'token' && parts.length > 1 && NON_CREDENTIAL_TOKEN_QUALIFIERS.has(parts[parts.length - 2])) return false;
    return true;
  }
  return false;
}

/** True for the bare credential words that need a qualifier to make a useful env var name. */
export function isBareCredentialTerm(name: string): boolean {
  const parts = nameParts(name);
  return CREDENTIAL_SUFFIXES.some((suffix) => suffix.length === parts.length && suffix.every((p, i) => p === parts[i]));
}

/** `${…}` anywhere: a `${` with a `}` after it (indexOf: the pattern scanned from every `${`). */
export function containsShellVariable(value: string): boolean {
  const open = value.indexOf('${');
  return open >= 0 && value.indexOf('}', open + 2) >= 0;
}

/** `{{…}}` on one line anywhere (Jinja / Airflow templates), in linear time. */
export function containsTemplate(value: string): boolean {
  for (let open = value.indexOf('{{'); open >= 0; ) {
    const close = value.indexOf('}}', open + 2);
    if (close < 0) return false;
    const between = value.slice(open + 2, close);
    // `.` in the pattern this replaces stops at line ends: a template opened on an earlier line does not count.
    const lineBreak = between.search(/[\n\r\u2028\u2029]/);
    if (lineBreak < 0) return true;
    open = value.indexOf('{{', open + 2 + lineBreak);
  }
  return false;
}

const PLACEHOLDER_PATTERNS: Array<{ test(value: string): boolean }> = [
  /^\s*$/,
  { test: containsShellVariable }, // ${VAR} anywhere
  { test: containsTemplate }, // Jinja / Airflow templates
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^\{[A-Za-z_][\w.]*\}$/, // {password} format field
  /^%\([^)]*\)[sd]$/, // %(pw)s
  /^<[^<>]*>$/, // <password>
  /^\*+$/,
  /^x+$/i,
  /^\.+$/,
  /^-+$/,
  /^(none|null|nil|undefined|true|false|n\/a|na)$/i,
  /^(todo|tbd|fixme|replace[_-]?me|redacted|placeholder|dummy|example|sample|secret[_-]?here|password[_-]?here)$/i,
  /^your[_\- ]/i,
  /^your[A-Z0-9]/, // yourWarehousePassword
  /^(please\s+)?set[_ ]?me[_ ]?up\b/i, // dlt's secrets.toml template
  /^(fill|set)[_ -]?(me|this|in)\b/i,
  /^(enter|insert|put)[_\- ]your/i,
];

/** An env-var-like literal (`DB_PASSWORD`): the name of a secret, not a secret. */
const ENV_VAR_NAME = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

/** Literal values that are not secrets: empty, placeholders, templates, env var names, very short. */
export function isPlaceholderValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 3) return true;
  if (trimmed.includes('\u0000')) return true;
  if (ENV_VAR_NAME.test(trimmed)) return true;
  if (/^(.)\1*$/.test(trimmed)) return true;
  return PLACEHOLDER_PATTERNS.some((pattern) => pattern.test(trimmed));
}

/** Words used in documentation examples (`user:password@host`), accepted inside docstrings only. */
const DOCUMENTATION_WORDS = /^(password|passwd|pass|pwd|pw|secret|changeme|mypassword|yourpassword|my_password|your_password|mysecretpassword|foo|bar|test)$/i;

export function isDocumentationPlaceholder(value: string): boolean {
  return DOCUMENTATION_WORDS.test(value.trim()) || isPlaceholderValue(value);
}

export interface TokenMatch {
  kind: string;
  /** Env var name the fix suggests for a bare token of this kind. */
  envName: string;
  index: number;
  length: number;
}

const TOKEN_FORMATS: Array<{ kind: string; envName: string; pattern: RegExp }> = [
  { kind: 'AWS access key id', envName: 'AWS_ACCESS_KEY_ID', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'GitHub token', envName: 'GITHUB_TOKEN', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/ },
  { kind: 'GitHub token', envName: 'GITHUB_TOKEN', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/ },
  { kind: 'Slack token', envName: 'SLACK_TOKEN', pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,250}/ },
  { kind: 'Google API key', envName: 'GOOGLE_API_KEY', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'Stripe secret key', envName: 'STRIPE_SECRET_KEY', pattern: /\b[sr]k_live_[0-9A-Za-z]{16,247}\b/ },
  { kind: 'private key', envName: 'PRIVATE_KEY', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { kind: 'JSON Web Token', envName: 'API_TOKEN', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** Finds a known token format in `value`; AWS's documented `…EXAMPLE` keys are ignored. */
export function findTokenFormat(value: string): TokenMatch | null {
  for (const format of TOKEN_FORMATS) {
    const match = format.pattern.exec(value);
    if (!match) continue;
    if (/EXAMPLE/.test(match[0])) continue;
    return { kind: format.kind, envName: format.envName, index: match.index, length: match[0].length };
  }
  return null;
}

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** A string that looks like a random secret: base64-like > 4.5 bits/char or hex > 3.0, ≥ 20 chars. */
export function isHighEntropySecret(value: string): boolean {
  if (value.length < 20 || value.length > 512 || /\s/.test(value)) return false;
  if (/^[0-9a-fA-F]+$/.test(value)) return /[a-fA-F]/.test(value) && /[0-9]/.test(value) && shannonEntropy(value) > 3.0;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(value)) return false;
  // Identifiers, paths and dotted names are long but not random: require letters of both cases and digits.
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9]/.test(value)) return false;
  if (/^[A-Za-z]+(?:[_-][A-Za-z0-9]+)+$/.test(value)) return false;
  return shannonEntropy(value) > 4.5;
}

export interface UrlPassword {
  scheme: string;
  user: string;
  /** Offsets of the password inside the searched string. */
  passwordStart: number;
  passwordEnd: number;
  host: string;
  database: string;
}

/** What follows `scheme://` in a URL with a password: `user:password@host[:port][/database]`. */
const USERINFO_AFTER_SCHEME = /([^\s:@/?#]*):([^\s@/?#]+)@([^\s/?#:]*)(?::\d+)?(?:\/([^\s?#/]*))?/y;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const LETTER = /[A-Za-z]/;

/**
 * Every URL in `value` whose userinfo holds a literal (non-placeholder) password. Linear in the
 * length of `value`: each `://` is found with indexOf and its scheme read backwards, where one
 * regular expression scanning for the scheme from every position was quadratic (7 s on 100 kB).
 */
export function findUrlPasswords(value: string, acceptPassword: (password: string) => boolean = (p) => !isUrlPlaceholder(p)): UrlPassword[] {
  const found: UrlPassword[] = [];
  let cursor = 0;
  for (let separator = value.indexOf('://'); separator >= 0; separator = value.indexOf('://', Math.max(separator + 3, cursor))) {
    // The scheme: the run of scheme characters before `://` (after the last match), from its first letter.
    let start = separator;
    while (start > cursor && SCHEME_CHAR.test(value[start - 1])) start--;
    while (start < separator && !LETTER.test(value[start])) start++;
    if (start === separator) continue;
    USERINFO_AFTER_SCHEME.lastIndex = separator + 3;
    const match = USERINFO_AFTER_SCHEME.exec(value);
    if (!match) continue;
    cursor = USERINFO_AFTER_SCHEME.lastIndex;
    const password = match[2];
    if (!acceptPassword(password)) continue;
    const passwordStart = separator + 3 + match[1].length + 1;
    found.push({ scheme: value.slice(start, separator), user: match[1], passwordStart, passwordEnd: passwordStart + password.length, host: match[3], database: match[4] ?? '' });
  }
  return found;
}

/** Placeholders inside a URL's password slot; unlike named values, short real passwords count. */
export function isUrlPlaceholder(password: string): boolean {
  if (password.includes('\u0000')) return true;
  if (containsShellVariable(password) || containsTemplate(password)) return true;
  return [/^\$[A-Za-z_]\w*$/, /^\{[A-Za-z_][\w.]*\}$/, /^%\([^)]*\)s$/, /^<[^<>]*>$/, /^\*+$/, /^x{3,}$/i, /^%s$/].some((p) => p.test(password));
}

/** Whether a value only repeats its own key (`aws_secret_access_key = "aws_secret_access_key"`). */
export function repeatsName(value: string, name: string): boolean {
  const valueParts = nameParts(value);
  const keyParts = nameParts(name);
  if (valueParts.length === 0 || valueParts.length > keyParts.length) return false;
  return valueParts.every((part, i) => part === keyParts[keyParts.length - valueParts.length + i]);
}

/** `${NAME:-default}` / `${NAME-default}` in compose/shell-style config: the variable and its literal default. */
export function findShellDefault(value: string): { variable: string; defaultValue: string; start: number; end: number } | null {
  const match = /\$\{([A-Za-z_]\w*):?-([^}]+)\}/.exec(value);
  if (!match) return null;
  const start = (match.index ?? 0) + match[0].indexOf('-', match[1].length + 2) + 1;
  return { variable: match[1], defaultValue: match[2], start, end: start + match[2].length };
}

/** `Bearer <literal>` / `Basic <literal>` / `Token <literal>` header values with a literal credential. */
export function findAuthorizationLiteral(value: string, isHeaderValue: boolean): { scheme: string; start: number; end: number } | null {
  const pattern = isHeaderValue ? /^\s*(Bearer|Basic|Token|Bot)\s+(\S+)\s*$/i : /Authorization:\s*(Bearer|Basic|Token|Bot)\s+([^\s"']+)/i;
  const match = pattern.exec(value);
  if (!match) return null;
  const credential = match[2];
  if (isPlaceholderValue(credential) || credential.includes('\u0000')) return null;
  const start = (match.index ?? 0) + match[0].lastIndexOf(credential);
  return { scheme: match[1], start, end: start + credential.length };
}

/** Name parts that mark a value as an identifier or digest rather than a secret. */
const NON_SECRET_CONTEXT_PARTS = new Set([
  'hash', 'sha', 'sha1', 'sha256', 'md5', 'checksum', 'digest', 'etag', 'uuid', 'guid', 'id', 'ids', 'commit',
  'rev', 'revision', 'version', 'fingerprint', 'nonce', 'signature', 'pattern', 'regex', 're', 'format', 'fmt',
  'path', 'url', 'uri', 'file', 'filename', 'dir', 'name', 'table', 'query', 'sql', 'bucket', 'prefix', 'suffix',
  'template', 'column', 'field', 'arn', 'region', 'example', 'sample', 'test', 'expected', 'label', 'tag',
  'public', 'publishable',
]);

export function isNonSecretContext(name: string): boolean {
  return nameParts(name).some((part) => NON_SECRET_CONTEXT_PARTS.has(part));
}

/** Upper snake case for env var names: `dbPassword` → `DB_PASSWORD`, `sales-db` → `SALES_DB`. */
export function toEnvName(name: string): string {
  const parts = nameParts(name);
  const joined = parts.join('_').toUpperCase();
  if (!joined) return 'SECRET';
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}
