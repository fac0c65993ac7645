// What a literal is, as PW101 sees it: a URL password, an Authorization header, a known token
// format, the value of a credential-like name, or a high-entropy string. Shared by every dialect.

import type { Priority, RuleContext } from '../../server/src/engine/types';
import {
  namesSecretObject,
  findAuthorizationLiteral,
  findInlineCredentials,
  isDefaultPassword,
  isFilePathValue,
  isPasswordName,
  isSecretReference,
  isTemplateReference,
  isTestDataValue,
  isUpperCasePlaceholder,
  restatesName,
  SQL_CREDENTIAL_CONTEXT,
  type InlineCredential,
  findTokenFormat,
  findUrlPasswords,
  isCredentialName,
  isDocumentationPlaceholder,
  isHighEntropySecret,
  isNonSecretContext,
  isPlaceholderValue,
  isUrlPlaceholder,
  nameParts,
  repeatsName,
  type TokenMatch,
  type UrlPassword,
} from '../../server/src/engine/secrets';

export const ID = 'PW101';
export const TITLE_PREFIX = `Pipewise (${ID}):`;

export type Detection =
  | { kind: 'url'; url: UrlPassword; guessable: boolean }
  | { kind: 'authorization'; scheme: string; start: number; end: number }
  | { kind: 'token'; token: TokenMatch }
  | { kind: 'named'; name: string; guessable: boolean }
  | { kind: 'inline'; option: InlineCredential; sql: boolean; guessable: boolean }
  | { kind: 'entropy' };

export interface ValueContext {
  /** The name the value is bound to (variable, keyword, key), if any. */
  name: string | null;
  /** Documentation (docstrings, comments, `.env.example`): example passwords like `password` are fine there. */
  documentation: boolean;
  /** The credential slot of a pair like `auth=("user", "password")`. */
  credentialSlot: boolean;
  /** Tests and CI jobs: a URL password that says it is test data (`test:test@localhost`) is one. */
  testContext?: boolean;
  /** Commented-out code: code, not prose, so a value that merely mentions its key (`redispass`) is a value. */
  commented?: boolean;
}

/** 32 hex digits: in a test, with no credential name, an md5 checksum fixture. */
const MD5_HEX = /^[0-9a-fA-F]{32}$/;
const AUTH_HEADER_SHAPE = /^\s*(Bearer|Basic|Token|Bot)\s+\S+\s*$/i;
/** Values of an `auth` option that name a mechanism (HTTP schemes, Hive/Kafka SASL, Postgres pg_hba methods). */
const AUTH_SCHEME_WORDS = /^(basic|bearer|digest|oauth2?|oauthbearer|token|ntlm|kerberos|negotiate|jwt|api[_-]?key|password|iam|sigv4|aws|none|session|cookie|nosasl|sasl|plain|ldap|gssapi|scram(-sha-(256|512))?|md5|trust|custom|anonymous|saml|oidc|sso|cert|certificate|mtls|tls|ssl)$/i;

function credentialOptions(ctx: RuleContext) {
  return { extraNames: ctx.config.extraCredentialNames, patterns: ctx.config.credentialPatterns };
}

/** Whether a URL's password slot holds a real password in this context. */
function isLiteralUrlPassword(password: string, context: ValueContext): boolean {
  if (isUrlPlaceholder(password) || isTemplateReference(password) || isUpperCasePlaceholder(password)) return false;
  if (context.documentation && isDocumentationPlaceholder(password)) return false;
  return !(context.testContext && isTestDataValue(password));
}

/** User names of documentation logins (`user:pass@`, `admin:secret@`), as opposed to a service's own (`postgres`, `airflow`). */
const GENERIC_USER = /^(user|username|usr|u|foo|login|someone|myuser|admin)$/i;

/** In a test, `user:pass@localhost` is an example login like a docstring's; `postgres:password@` is the test database's. */
function isExampleLogin(url: UrlPassword, value: string, context: ValueContext): boolean {
  if (!(context.testContext ?? false) || !GENERIC_USER.test(url.user)) return false;
  // A test's URL to a host named only `host` (`user:p%40ss@host:5432/db`, a parser's fixture) reaches no server.
  return isDocumentationPlaceholder(value.slice(url.passwordStart, url.passwordEnd)) || /^(host|hostname|server)$/i.test(url.host);
}

/**
 * URLs that cannot carry a real password: hosts reserved for documentation (`example.com`, RFC 2606),
 * and SQS broker URLs, whose userinfo is an AWS key pair — anything not shaped like an access key id
 * there is an emulator's dummy (`sqs://user:pass@elasticmq:9324`).
 */
function isDummyUrl(url: UrlPassword): boolean {
  if (/(^|\.)example\.(com|org|net)$/i.test(url.host) || /^example$/i.test(url.host)) return true;
  return /^sqs$/i.test(url.scheme) && !/^(AKIA|ASIA)[0-9A-Z]{16}$/.test(url.user.trim());
}

/**
 * Whether a value bound to a credential name is a placeholder, test data or a reference rather
 * than the credential: `${VAR}`, `test_pass`, `youtube-client-secret` (a secret's id), a file path.
 * An issued key or token that only repeats its name is a template; a password never is
 * (`POSTGRES_PASSWORD: postgres_password` is the password the database gets).
 */
function isNotASecretValue(value: string, name: string, documentation: boolean, commented: boolean, testContext: boolean): boolean {
  if (documentation ? isDocumentationPlaceholder(value) || restatesName(value, name, !commented) : isPlaceholderValue(value)) return true;
  if (testContext && isMadeUpWord(value)) return true;
  if (/auth/i.test(nameParts(name).slice(-1)[0] ?? '') && AUTH_SCHEME_WORDS.test(value.trim())) return true;
  if (isTestDataValue(value) || isSecretReference(value) || isFilePathValue(value)) return true;
  if (namesSecretBlock(value, name)) return true;
  return repeatsName(value, name) && !isPasswordName(name);
}

/**
 * In a test, a value made of lower-case words (`valid_pass`, `secret-for-tests`) is one the test made up;
 * a default password (`airflow`, `postgres`) is still the login of the stack the test talks to.
 */
function isMadeUpWord(value: string): boolean {
  const trimmed = value.trim();
  return /^[a-z]+(?:[_-][a-z]+)*$/.test(trimmed) && !isDefaultPassword(trimmed);
}

/** A lower-case kebab name of three or more words: how secret blocks and secret objects are named. */
const SECRET_OBJECT_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+){2,}$/;
/** The same in snake case (`service_account_eng_general`): a name only when it holds no credential word. */
const SNAKE_OBJECT_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+){2,}$/;
const CREDENTIAL_WORD = /(^|_)(password|passwd|pwd|pass|secret|token|key|apikey|credentials?)(_|$)/;

/**
 * `username_secret="gitlab-source-data-username"`: a key that ends in `secret` holding a kebab-case
 * name is the name of a secret block (Prefect `Secret.load(name)`) or secret object, not its value.
 */
function namesSecretBlock(value: string, name: string): boolean {
  const parts = nameParts(name);
  if (parts.length < 2 || parts[parts.length - 1] !== 'secret') return false;
  const trimmed = value.trim();
  return SECRET_OBJECT_NAME.test(trimmed) || (SNAKE_OBJECT_NAME.test(trimmed) && !CREDENTIAL_WORD.test(trimmed));
}

/** The bodies of AWS's documented sample key pair, which sample files copy with `EXAMPLE` or `SAMPLE` endings. */
const AWS_DOCUMENTATION_KEY = /^(?:AKIAIOSFODNN7|wJalrXUtnFEMI\/K7MDENG\/bPxRfiCY)[A-Za-z0-9/+=]*$|^[A-Za-z0-9/+=]{8,}(?:EXAMPLE|SAMPLE)(?:KEY|S)?$/;

/**
 * AWS's documented sample keys (`AKIAIOSFODNN7EXAMPLE`, `…EXAMPLEKEY`) and their `SAMPLE` variants: placeholders in
 * documentation and sample env files. Set in a compose file they are the key the service really gets, and guessable.
 */
function isAwsDocumentationKey(value: string): boolean {
  return AWS_DOCUMENTATION_KEY.test(value.trim());
}

export function classify(value: string, context: ValueContext, ctx: RuleContext): Detection | null {
  if (value.includes('://')) {
    const url = findUrlPasswords(value, (p) => isLiteralUrlPassword(p, context)).find((found) => !isDummyUrl(found) && !isExampleLogin(found, value, context));
    if (url) return { kind: 'url', url, guessable: isDefaultPassword(value.slice(url.passwordStart, url.passwordEnd)) };
  }
  const headerKey = context.name !== null && /^authorization$/i.test(context.name);
  if (headerKey || /authorization:/i.test(value)) {
    const auth = findAuthorizationLiteral(value, headerKey);
    if (auth && !isTestDataValue(value.slice(auth.start, auth.end))) return { kind: 'authorization', ...auth };
    // `Bearer {TOKEN}`: the scheme is literal, the credential a placeholder — nothing to report.
    if (auth || (headerKey && AUTH_HEADER_SHAPE.test(value))) return null;
  }
  if (context.documentation && isAwsDocumentationKey(value)) return null;
  const token = findTokenFormat(value);
  if (token) return { kind: 'token', token };
  const name = context.name;
  const options = credentialOptions(ctx);
  if (name && (context.credentialSlot || isCredentialName(name, options))) {
    if (namesSecretObject(name)) return null;
    if (isNotASecretValue(value, name, context.documentation, context.commented ?? false, context.testContext ?? false)) return null;
    return { kind: 'named', name, guessable: isDefaultPassword(value) };
  }
  const option = findInlineCredentials(value, options).find((found) => !isTestDataValue(found.value) && !(context.documentation && isDocumentationPlaceholder(found.value)));
  if (option) return { kind: 'inline', option, sql: SQL_CREDENTIAL_CONTEXT.test(value), guessable: isDefaultPassword(option.value) };
  if (context.testContext && MD5_HEX.test(value.trim())) return null;
  if (!context.documentation && !(name && isNonSecretContext(name)) && isHighEntropySecret(value.trim()) && !isFilePath(value.trim())) return { kind: 'entropy' };
  return null;
}

/** A path segment that is a word (`Users`, `results`, `deployment-patterns`), not random characters. */
const WORD_SEGMENT = /^[A-Za-z][a-z0-9]*(?:[_-][A-Za-z0-9][a-z0-9]*)*$/;

/**
 * `/home/ana/results/files/3f9a…`: a file path whose last part is a content hash or output id —
 * it starts at a root (`/`, `~/`, `./`) and its folders are words. A random token holding `/`
 * (base64) has random parts instead.
 */
function isFilePath(value: string): boolean {
  if (!/^(\/|~\/|\.\.?\/)/.test(value)) return false;
  const folders = value.split('/').slice(0, -1).filter((part) => part !== '' && part !== '~' && part !== '.' && part !== '..');
  // A folder may be a number (`/Users/399182/…`, a user id on a managed laptop) or start with an acronym (`MHCLG-github`).
  return folders.length >= 2 && folders.every((part) => WORD_SEGMENT.test(part) || /^\d+$/.test(part) || /^[A-Z]{2,8}(?:[_-][A-Za-z0-9][a-z0-9]*)+$/.test(part));
}

/** How a finding opens: "Default, guessable password …" for the passwords everybody tries first. */
export function describeNamed(detection: Extract<Detection, { kind: 'named' }>): string {
  if (!detection.guessable) return 'Hardcoded credential';
  return isPasswordName(detection.name) ? 'Default, guessable password' : 'Default, guessable secret';
}

export function describeUrl(detection: Extract<Detection, { kind: 'url' }>): string {
  return detection.guessable ? 'Default, guessable password in connection URL' : 'Password literal in connection URL';
}

/** `Literal password (PWD=…) in connection string` / `… ('password' = …) in SQL text`, never the value. */
export function describeInline(detection: Extract<Detection, { kind: 'inline' }>): string {
  const what = detection.guessable ? 'Default, guessable credential' : 'Literal credential';
  return `${what} (${detection.option.key} = …) in ${detection.sql ? 'SQL text' : 'connection string'}`;
}

export function lowerPriority(priority: Priority, isTestFile: boolean): Priority {
  if (!isTestFile) return priority;
  return priority === 'P1' ? 'P2' : 'P3';
}

export function fingerprint(detection: Detection, contextLabel: string, value: string): string {
  // A digest of the secret would be guessable for short passwords: identify by shape and place only.
  return `${detection.kind}|${contextLabel}|${value.length}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
