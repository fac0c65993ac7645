// What a literal is, as PW101 sees it: a URL password, an Authorization header, a known token
// format, the value of a credential-like name, or a high-entropy string. Shared by every dialect.

import type { Priority, RuleContext } from '../../server/src/engine/types';
import {
  findAuthorizationLiteral,
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
  | { kind: 'url'; url: UrlPassword }
  | { kind: 'authorization'; scheme: string; start: number; end: number }
  | { kind: 'token'; token: TokenMatch }
  | { kind: 'named'; name: string }
  | { kind: 'entropy' };

export interface ValueContext {
  /** The name the value is bound to (variable, keyword, key), if any. */
  name: string | null;
  /** Documentation (docstrings, `.env.example`): example passwords like `password` are fine there. */
  documentation: boolean;
  /** The credential slot of a pair like `auth=("user", "password")`. */
  credentialSlot: boolean;
}

const AUTH_HEADER_SHAPE = /^\s*(Bearer|Basic|Token|Bot)\s+\S+\s*$/i;
const AUTH_SCHEME_WORDS = /^(basic|bearer|digest|oauth2?|token|ntlm|kerberos|negotiate|jwt|api[_-]?key|password|iam|sigv4|aws|none|session|cookie)$/i;

export function classify(value: string, context: ValueContext, ctx: RuleContext): Detection | null {
  const accept = context.documentation ? (p: string) => !isDocumentationPlaceholder(p) && !isUrlPlaceholder(p) : (p: string) => !isUrlPlaceholder(p);
  if (value.includes('://')) {
    const url = findUrlPasswords(value, accept)[0];
    if (url) return { kind: 'url', url };
  }
  const headerKey = context.name !== null && /^authorization$/i.test(context.name);
  if (headerKey || /authorization:/i.test(value)) {
    const auth = findAuthorizationLiteral(value, headerKey);
    if (auth) return { kind: 'authorization', ...auth };
    // `Bearer {TOKEN}`: the scheme is literal, the credential a placeholder — nothing to report.
    if (headerKey && AUTH_HEADER_SHAPE.test(value)) return null;
  }
  const token = findTokenFormat(value);
  if (token) return { kind: 'token', token };
  const name = context.name;
  if (name && (context.credentialSlot || isCredentialName(name, { extraNames: ctx.config.extraCredentialNames, patterns: ctx.config.credentialPatterns }))) {
    const placeholder = context.documentation ? isDocumentationPlaceholder(value) : isPlaceholderValue(value);
    const authWord = /auth/i.test(nameParts(name).slice(-1)[0] ?? '') && AUTH_SCHEME_WORDS.test(value.trim());
    if (!placeholder && !authWord && !repeatsName(value, name)) return { kind: 'named', name };
    return null;
  }
  if (!context.documentation && !(name && isNonSecretContext(name)) && isHighEntropySecret(value.trim())) return { kind: 'entropy' };
  return null;
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
