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
  // libpq's environment variable, written as one word
  ['pgpassword'],
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
  // A vendor's API key header written as one word (`x-rapidapi-key`, `rapidapi_key`): `…api` + `key`.
  if (parts.length >= 2 && parts[parts.length - 1] === 'key' && parts[parts.length - 2].length > 3 && parts[parts.length - 2].endsWith('api')) return true;
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
  /^\[[^[\]]*[A-Za-z][^[\]]*\]$/, // [password], [your api key secret] in a template
  /<[A-Za-z][\w -]{0,40}>/, // a <NAME> slot inside the value (`/keys/<CREDENTIALS>.json`)
  /^\*+$/,
  /^x+$/i,
  /^\.+$/,
  /^-+$/,
  /^(none|null|nil|undefined|true|false|n\/a|na)$/i,
  /^(todo|tbd|fixme|replace[_-]?me|redacted|placeholder|dummy|example|sample|secret[_-]?here|password[_-]?here)$/i,
  /^demo$/i, // public demo keys (Alpha Vantage's apikey=demo)
  /^\$\([A-Za-z_][\w.]*\)$/, // $(VAR) Kubernetes substitution
  /^replace[_-](with|this)(\b|_)/i, // replace_with_local_password
  /^your[_\- ]/i,
  /^your[A-Z0-9]/, // yourWarehousePassword
  /^(please\s+)?set[_ ]?me[_ ]?up\b/i, // dlt's secrets.toml template
  /^(fill|set)[_ -]?(me|this|in)\b/i,
  /^(enter|insert|put)[_\- ]your/i,
  /^[A-Za-z]{0,8}[-_]?(\.{3,}|…)$/, // a key's prefix and an ellipsis (`sk-...`, `gsk_...`, `AKIA...`): the shape, not a key
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
const DOCUMENTATION_WORDS = /^(password|passwd|pass|pwd|pw|secret|change[-_]?me|mypassword|yourpassword|my_password|your_password|mysecretpassword|foo|bar|test)$/i;

/** A value that says it is withheld (`IWillNotExposeThis`, `not-shared`, `dont_commit_me`): a sample file's stand-in. */
const WITHHELD_VALUE = /(^|[^a-z])(will)?_?(not|never|dont|do_?not)[_ -]?(expose|share|shared|show|shown|reveal|commit|tell|real)|^(i|we)[_ -]?(will|wont|won_?t)?[_ -]?not[_ -]?/i;

/** A value that tells the reader what to put there (`change-me-to-a-strong-key`, `replace_me_with_your_token`). */
const INSTRUCTION_VALUE = /^(change|replace|set|put|insert|enter)[-_ ]?me[-_ ]/i;

export function isDocumentationPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  return DOCUMENTATION_WORDS.test(trimmed) || isPlaceholderValue(value) || INSTRUCTION_VALUE.test(trimmed) || WITHHELD_VALUE.test(trimmed.replace(/([a-z])([A-Z])/g, '$1_$2'));
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
  if (isIdentifierDigest(value)) return false;
  if (/^[0-9a-fA-F]+$/.test(value)) return /[a-fA-F]/.test(value) && /[0-9]/.test(value) && shannonEntropy(value) > 3.0;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(value)) return false;
  // Identifiers, paths and dotted names are long but not random: require letters of both cases and digits.
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9]/.test(value)) return false;
  if (/^[A-Za-z]+(?:[_-][A-Za-z0-9]+)+$/.test(value)) return false;
  if (isWordPath(value)) return false;
  return shannonEntropy(value) > 4.5;
}

/** The pieces of a word segment: an acronym, a word (capitalised or not), a letter with a number (`v2`), a number. */
const WORD_ATOM = /[A-Z]{1,6}(?![a-z])|[A-Z]?[a-z]{2,}|[a-z]\d{1,3}|\d{1,4}|[-_.]/g;

/**
 * A relative path of word segments (`BSI/to-process-v2/ToorakMonthlyAdvanceSummary`): a location,
 * not a random secret. Each segment must be made of words, acronyms and short numbers (the atoms
 * cover it end to end), and random base64 splits into atoms of one or two characters where words
 * are longer. The atoms are matched one after another, never with a nested repetition.
 */
function isWordPath(value: string): boolean {
  const segments = value.split('/');
  if (segments.length < 2) return false;
  return segments.every((segment) => {
    if (segment === '') return false;
    let covered = 0;
    let letters = 0;
    let words = 0;
    for (const match of segment.matchAll(WORD_ATOM)) {
      if (match.index !== covered) return false;
      covered += match[0].length;
      if (/[-_.]/.test(match[0])) continue;
      letters += match[0].length;
      words++;
    }
    return covered === segment.length && words > 0 && letters / words >= 3;
  });
}

/**
 * Random-looking ids rather than secrets: SHA-1/SHA-256/SHA-512 hex digests (git commits, content
 * hashes), a uuid4 written as 32 hex digits, 24-hex object ids, and text holding a UUID (`Transcription/<uuid>`).
 */
function isIdentifierDigest(value: string): boolean {
  if (/^[0-9a-fA-F]+$/.test(value) && (value.length === 40 || value.length === 64 || value.length === 128)) return true;
  // 24 hex digits: a MongoDB ObjectId or an Atlassian account id (a Jira `assignee`), not a key.
  if (/^[0-9a-f]{24}$/.test(value)) return true;
  if (/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/i.test(value)) return true;
  return /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.test(value);
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

/** Name parts of a shared document or folder (`GOOGLE_SHEETS_ADDRESS`, `DRIVE_FOLDER`): its id is random-looking but no secret. */
const DOCUMENT_PARTS = new Set(['sheet', 'sheets', 'spreadsheet', 'spreadsheets', 'worksheet', 'workbook', 'gsheet', 'gsheets', 'document', 'doc', 'docs', 'folder', 'drive']);
/** Name parts that make a document-named value a credential after all (`DRIVE_API_KEY`, `SHEETS_TOKEN`). */
const CREDENTIAL_PARTS = new Set(['key', 'secret', 'token', 'password', 'passwd', 'pwd', 'pass', 'auth', 'apikey', 'credential', 'credentials']);

export function isNonSecretContext(name: string): boolean {
  const parts = nameParts(name);
  if (parts.some((part) => NON_SECRET_CONTEXT_PARTS.has(part))) return true;
  return parts.some((part) => DOCUMENT_PARTS.has(part)) && !parts.some((part) => CREDENTIAL_PARTS.has(part));
}

/** Upper snake case for env var names: `dbPassword` → `DB_PASSWORD`, `sales-db` → `SALES_DB`. */
export function toEnvName(name: string): string {
  const parts = nameParts(name);
  const joined = parts.join('_').toUpperCase();
  if (!joined) return 'SECRET';
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

// ---------------------------------------------------------------------------------------------
// Values that look like credentials but are not, and credentials written inside other text.

/** Credential terms a person chooses (a password) rather than one a service issues (a key, a token). */
const PASSWORD_TERMS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase']);

/** Whether `name` names a password (`DB_PASSWORD`, `pwd`), as opposed to an issued key or token. */
export function isPasswordName(name: string): boolean {
  const parts = nameParts(name);
  return parts.length > 0 && PASSWORD_TERMS.has(parts[parts.length - 1]);
}

/**
 * Passwords a service ships with or everybody tries first (`postgres`, `airflow`, `admin`,
 * `changeme`…), also with up to four trailing digits (`admin123`): committed, they are guessable.
 */
const DEFAULT_PASSWORD_WORDS = new Set([
  'password', 'passw0rd', 'pass', 'postgres', 'root', 'admin', 'administrator', 'secret', 'airflow', 'changeme',
  'change-me', 'change_me', 'guest', 'letmein', 'qwerty', 'mysql', 'minioadmin', 'welcome', 'default', 'master',
]);

export function isDefaultPassword(value: string): boolean {
  const lower = value.trim().toLowerCase();
  if (/^\d{4,8}$/.test(lower)) return /^(1234|12345|123456|1234567|12345678|0000|00000000)$/.test(lower);
  const word = lower.replace(/\d{1,4}$/, '');
  return DEFAULT_PASSWORD_WORDS.has(word);
}

/** Parts that mark a value as test data: `testing` (moto), `test` (localstack), `test_pass`, `fake-token`. */
const TEST_DATA_PARTS = new Set(['test', 'testing', 'tests', 'fake', 'dummy', 'mock', 'mocked', 'stub']);

/** A value that says it is test data rather than a credential of anything. */
export function isTestDataValue(value: string): boolean {
  const lower = value.trim().toLowerCase();
  if (/^(test|fake|dummy|mock)/.test(lower)) return true;
  return nameParts(value).some((part) => TEST_DATA_PARTS.has(part));
}

/** Kubernetes-style `$(VAR)` substitution (container env and args): a reference, not a value. */
export function isTemplateReference(value: string): boolean {
  return /^\$\([A-Za-z_][\w.]*\)$/.test(value.trim());
}

/**
 * The id of a secret in a secrets manager rather than the secret: a kebab-case name ending in a
 * credential word (`youtube-oauth-client-secret`), a versioned reference (`api-token:latest`),
 * a GCP secret path or an AWS Secrets Manager ARN.
 */
export function isSecretReference(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length > 256) return false;
  if (/^arn:aws[\w-]*:secretsmanager:/.test(trimmed) || /^projects\/[^/\s]+\/secrets\/[^/\s]+/.test(trimmed)) return true;
  const versioned = /^([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+):(?:latest|\d{1,6})$/.exec(trimmed);
  if (versioned) return isCredentialName(versioned[1]);
  return /^[a-z][a-z0-9]*(?:-[a-z0-9]+){2,}$/.test(trimmed) && isCredentialName(trimmed);
}

/**
 * A key whose value names a secret object rather than holding one: Helm/Kubernetes
 * `existingSecret`, `extraEnvVarsSecret`, `secretName`, `secretKeyRef`, `envFromSecret`.
 */
export function namesSecretObject(name: string): boolean {
  const parts = nameParts(name);
  const last = parts[parts.length - 1];
  if (!parts.includes('secret')) return false;
  if (parts[0] === 'existing' || (parts[0] === 'env' && parts[1] === 'from')) return true;
  if (last === 'secret' && parts.includes('vars')) return true;
  // `database_secret_key_password: sandbox_password`: which key inside a secrets-manager secret holds the password.
  const secret = parts.indexOf('secret');
  if (parts[secret + 1] === 'key' && secret + 2 < parts.length) return true;
  return last === 'name' || last === 'ref' || last === 'refs';
}

/** A file path (`/root/.config/gcloud/adc.json`, `./keys/sa.json`): where a credential is, not the credential. */
export function isFilePathValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length > 1024 || /\s/.test(trimmed)) return false;
  if (/^(?:~|\.{1,2})?\/[\w.@-]+(?:\/[\w.@-]+)+\/?$/.test(trimmed)) return true;
  // An API path template (`/networks/{chain}/tokens/{address}`): an endpoint, not a credential.
  if (/^\/[\w.-]+(?:\/(?:[\w.-]+|\{\w+\}))+\/?$/.test(trimmed) && trimmed.includes('{')) return true;
  if (/^[A-Za-z]:\\[\w .\\-]+$/.test(trimmed)) return true;
  return /^[\w.-]+(?:\/[\w.-]+)*\.(?:json|pem|p12|p8|pfx|key|crt|txt|ya?ml|cfg|ini|toml|env)$/i.test(trimmed);
}

/** An upper-case credential word in a URL (`postgres://user:PASSWORD@host`): a placeholder. */
export function isUpperCasePlaceholder(value: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(value) && isCredentialName(value);
}

/**
 * In documentation (`.env.example`, comments), a value that names what it stands for: it holds
 * its key's credential word and is made of the key's words (`ETL_DW_PASSWORD=etl_password`,
 * `AIRFLOW_SECRET_KEY=airflow_secret_key_123`) or also names another part of the key
 * (`MAIL_PASSWORD=passwordformail`, only when `loose`). `POSTGRES_PASSWORD=postgres` is a value,
 * not a description.
 */
export function restatesName(value: string, name: string, loose = true): boolean {
  const keyParts = nameParts(name);
  if (keyParts.length === 0 || value.length > 128) return false;
  const compact = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  const term = keyParts[keyParts.length - 1];
  const terms = PASSWORD_TERMS.has(term) ? [...PASSWORD_TERMS] : [term];
  if (!terms.some((t) => compact.includes(t))) return false;
  const known = new Set([...keyParts, ...terms]);
  const words = nameParts(value).filter((part) => !/^\d+$/.test(part));
  if (words.length > 0 && words.every((part) => known.has(part))) return true;
  return loose && keyParts.slice(0, -1).some((part) => part.length >= 3 && compact.includes(part));
}

export interface InlineCredential {
  /** The option's name as written (`PWD`, `password`, `spark.hadoop.fs.s3a.secret.key`). */
  key: string;
  /** Offsets of the value (without quotes or braces) inside the searched text. */
  valueStart: number;
  valueEnd: number;
  value: string;
}

/** Longest option name and value looked at: bounded windows keep the scan linear in the text. */
const MAX_OPTION_NAME = 64;
const MAX_OPTION_VALUE = 256;

// key=value options of DSNs (`password=…`), ODBC (`PWD=…;`), JDBC (`?password=…`, `;password=…`),
// properties lines and SQL `WITH ('password' = '…')`; each part is bounded, nothing nested. An
// unquoted value ends at a delimiter (so `os.getenv(…)` in commented-out code is not a value).
const OPTION_ASSIGNMENT = new RegExp(
  `(?:^|[\\s;&?,({-])(['"\`]?)([A-Za-z_][\\w.-]{0,${MAX_OPTION_NAME}})\\1[ \\t]{0,4}=[ \\t]{0,4}` +
    `(?:'([^'\\n]{0,${MAX_OPTION_VALUE}})'|"([^"\\n]{0,${MAX_OPTION_VALUE}})"|(\\{[^}\\n]{0,${MAX_OPTION_VALUE}}\\})|` +
    `(\\$[{(][^})\\n]{0,${MAX_OPTION_NAME}}[})])|([^\\s;&'",(){}\\[\\]]{1,${MAX_OPTION_VALUE}})(?=$|[\\s;&,)}\\]'"]))`,
  'g',
);
// "password": "…" pairs of JSON held in a string (Airflow connection extras).
const JSON_PAIR = new RegExp(`(["'])([A-Za-z_][\\w.-]{0,${MAX_OPTION_NAME}})\\1[ \\t]{0,4}:[ \\t]{0,4}(?:"([^"\\n]{0,${MAX_OPTION_VALUE}})"|'([^'\\n]{0,${MAX_OPTION_VALUE}})')`, 'g');
// SQL `PASSWORD '…'`, `SECRET_ACCESS_KEY '…'`, `IDENTIFIED BY '…'` (CREATE ROLE/USER, COPY, FDW OPTIONS).
const SQL_OPTION = new RegExp(`(?:^|[\\s(,])(IDENTIFIED[ \\t]+BY|[A-Za-z_][\\w.]{0,${MAX_OPTION_NAME}})[ \\t]{1,4}'([^'\\n]{1,${MAX_OPTION_VALUE}})'`, 'gi');
/** SQL statements that carry credentials as options: DDL, COPY/UNLOAD, `WITH (…)`, FDW `OPTIONS (…)`. */
export const SQL_CREDENTIAL_CONTEXT = /\b(?:(?:create|alter)\s+(?:or\s+replace\s+)?(?:temporary\s+)?(?:table|user|role|server|stage|external|connection|catalog|database|storage|secret|user\s+mapping)\b|copy\s+[\w."]+\s+(?:from|to)\b|unload\s*\(|with\s*\(|options\s*\(|identified\s+by\b|credentials\s*[=(']|iam_role\b)/i;
/** Bind parameters and format fields that stand in for a value in SQL and connection strings. */
const BOUND_VALUE = /^(?:[:@$][A-Za-z_0-9]+|\?|%s|%\([^)]{0,64}\)s|\{[^{}]{0,64}\}|\$[{(][^})]{0,64}[})])$/;
/** `password=config.password`, `PWD=db_password`: a reference to a value in code, not the value. */
const CODE_REFERENCE = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;
/** `aws_access_key_id={};aws_secret_access_key={}`: a COPY `CREDENTIALS` option whose every value is a bind parameter or format field. */
function onlyBoundPairs(value: string): boolean {
  const pairs = value.split(';').map((pair) => pair.trim()).filter((pair) => pair !== '');
  return pairs.length > 0 && pairs.every((pair) => {
    const eq = pair.indexOf('=');
    return eq > 0 && /^[\w-]+$/.test(pair.slice(0, eq).trim()) && BOUND_VALUE.test(pair.slice(eq + 1).trim());
  });
}
const INLINE_HINT = /pass|pwd|secret|key|token|auth|credential|identified/i;
/** Texts longer than this are searched in their first part only (a data blob is not config). */
const MAX_INLINE_TEXT = 20_000;

/**
 * Credentials written as options inside a longer text: connection strings, JDBC URLs, properties,
 * JSON extras and SQL DDL. Names are matched like any credential name; placeholders, bind
 * parameters and empty values are skipped.
 */
export function findInlineCredentials(text: string, options: CredentialNameOptions = {}): InlineCredential[] {
  if (!INLINE_HINT.test(text)) return [];
  const searched = text.length > MAX_INLINE_TEXT ? text.slice(0, MAX_INLINE_TEXT) : text;
  const found: InlineCredential[] = [];
  const accept = (key: string, value: string, valueStart: number) => {
    if (!isCredentialName(key, options) || isNonSecretContext(key)) return;
    const trimmed = value.trim();
    if (BOUND_VALUE.test(trimmed) || isPlaceholderValue(value) || isTemplateReference(value) || isUpperCasePlaceholder(value)) return;
    if (CODE_REFERENCE.test(trimmed) || (/^[A-Za-z_]\w*$/.test(trimmed) && isCredentialName(trimmed, options))) return;
    if (onlyBoundPairs(trimmed)) return;
    if (isSecretReference(value) || isFilePathValue(value) || isTestDataValue(value)) return;
    if (found.some((f) => f.valueStart === valueStart)) return;
    found.push({ key, value, valueStart, valueEnd: valueStart + value.length });
  };
  for (const match of searched.matchAll(OPTION_ASSIGNMENT)) {
    // `{…}` is an ODBC-braced value or a format field; `${…}`/`$(…)` a substitution: judged whole.
    const braced = match[5] ?? match[6];
    if (braced !== undefined) {
      // `{password}` is a format field; `{p@ss;word}` an ODBC value with special characters.
      if (braced.startsWith('{') && !/^[A-Za-z_][\w.]*$|^\d*$/.test(braced.slice(1, -1))) accept(match[2], braced.slice(1, -1), (match.index ?? 0) + match[0].length - braced.length + 1);
      continue;
    }
    const value = match[3] ?? match[4] ?? match[7] ?? '';
    const quoted = match[3] !== undefined || match[4] !== undefined;
    accept(match[2], value, (match.index ?? 0) + match[0].length - value.length - (quoted ? 1 : 0));
  }
  for (const match of searched.matchAll(JSON_PAIR)) {
    const value = match[3] ?? match[4] ?? '';
    accept(match[2], value, (match.index ?? 0) + match[0].length - value.length - 1);
  }
  if (SQL_CREDENTIAL_CONTEXT.test(searched)) {
    for (const match of searched.matchAll(SQL_OPTION)) {
      const key = /^identified/i.test(match[1]) ? 'password' : match[1];
      accept(key, match[2], (match.index ?? 0) + match[0].length - match[2].length - 1);
    }
  }
  return found.sort((a, b) => a.valueStart - b.valueStart);
}
