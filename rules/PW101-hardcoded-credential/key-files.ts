// Private keys committed as text: key files (`*.pem`, `*.key`, Snowflake's `rsa_key.p8`, `id_rsa`)
// and PEM blocks written across the lines of a config file (a multi-line `.env` value). Public
// keys and certificates are not secrets; a block with no key material is a placeholder.

import type { RuleContext } from '../../server/src/engine/types';
import { lowerPriority } from './detect';

export interface PrivateKeyBlock {
  /** The `-----BEGIN … PRIVATE KEY-----` line. */
  start: number;
  end: number;
  kind: string;
  encrypted: boolean;
}

const BEGIN = /-----BEGIN ((?:[A-Z0-9]{1,12} ){0,3})PRIVATE KEY( BLOCK)?-----/g;
/** Key material between BEGIN and END is looked at this far: a real key has hundreds of characters. */
const MAX_BODY = 8192;
const MIN_KEY_MATERIAL = 64;

/** The private-key blocks of a text that hold key material. */
export function findPrivateKeyBlocks(text: string): PrivateKeyBlock[] {
  const found: PrivateKeyBlock[] = [];
  if (!text.includes('PRIVATE KEY')) return found;
  for (const match of text.matchAll(BEGIN)) {
    const start = match.index ?? 0;
    const bodyStart = start + match[0].length;
    const end = text.indexOf('-----END', bodyStart);
    const body = text.slice(bodyStart, end < 0 ? Math.min(text.length, bodyStart + MAX_BODY) : Math.min(end, bodyStart + MAX_BODY));
    const material = body.replace(/\\n|[^A-Za-z0-9+/=]/g, '').length;
    if (material < MIN_KEY_MATERIAL) continue;
    const label = match[1].replace(/\bENCRYPTED\b/, '').trim();
    found.push({
      start,
      end: bodyStart,
      kind: label ? `${label} private key` : 'private key',
      encrypted: /ENCRYPTED/.test(match[1]) || /Proc-Type:\s*4,ENCRYPTED/.test(body),
    });
  }
  return found;
}

function reportBlock(ctx: RuleContext, block: PrivateKeyBlock, where: string): void {
  const what = block.encrypted ? `Encrypted ${block.kind}` : block.kind.charAt(0).toUpperCase() + block.kind.slice(1);
  ctx.report({
    start: block.start,
    end: block.end,
    message: `${what} committed ${where}: remove it from the repository, rotate the key, and load it from a secrets manager or a path outside the repository`,
    // An encrypted key still needs its passphrase: one level lower.
    priority: lowerPriority(block.encrypted ? 'P2' : 'P1', ctx.doc.isTestFile),
    fixes: [],
    fingerprintText: `private-key|${block.kind}|${where}`,
  });
}

/** `*.pem`, `*.key`, `rsa_key.p8`, `id_rsa`: the file is the secret. */
export function checkKeyFile(ctx: RuleContext): void {
  for (const block of findPrivateKeyBlocks(ctx.doc.text)) reportBlock(ctx, block, 'in a key file');
}

/** PEM blocks in a config file that no entry holds (a value written over several lines). */
export function checkLoosePrivateKeys(ctx: RuleContext, reported: ReadonlyArray<{ start: number; end: number }>): void {
  for (const block of findPrivateKeyBlocks(ctx.doc.text)) {
    if (reported.some((r) => r.start <= block.start && block.start < r.end)) continue;
    reportBlock(ctx, block, 'in a config value');
  }
}
