// PW101 in INI/.cfg, .env and TOML: each `key = value` entry, named by its key.

import type { RuleContext } from '../../server/src/engine/types';
import { capitalize, classify, fingerprint, lowerPriority } from './detect';
import { reportShellDefault } from './shell-defaults';

const ENV_DOCUMENTATION_FILE = /(^|[/\\])\.env\.(example|sample|template|dist|defaults)$/i;

export function checkKeyValues(ctx: RuleContext): void {
  const kv = ctx.doc.keyValues;
  if (!kv) return;
  const documentation = ENV_DOCUMENTATION_FILE.test(ctx.doc.path);
  const advice = ctx.doc.dialect === 'dotenv'
    ? 'keep real values out of version control (commit only .env.example with empty values)'
    : 'reference an environment variable or a secrets manager instead';
  for (const entry of kv.entries) {
    if (reportShellDefault(ctx, entry.value, entry.key, entry.start, entry.end, null)) continue;
    const detection = classify(entry.value, { name: entry.key, documentation, credentialSlot: false }, ctx);
    if (!detection) continue;
    const where = `under key "${entry.section ? `${entry.section}.` : ''}${entry.key}"`;
    const what = detection.kind === 'url' ? 'Password literal in connection URL'
      : detection.kind === 'token' ? `${capitalize(detection.token.kind)} literal`
      : detection.kind === 'authorization' ? `Literal ${detection.scheme} credential in Authorization header`
      : detection.kind === 'entropy' ? 'High-entropy value that looks like a secret'
      : 'Hardcoded credential';
    ctx.report({ start: entry.start, end: entry.end, message: `${what} ${where}; ${advice}`, priority: lowerPriority('P1', ctx.doc.isTestFile), fixes: [], fingerprintText: fingerprint(detection, where, entry.value) });
  }
}

