// PW101 in INI/.cfg, .env and TOML: each `key = value` entry, named by its key, and commented-out
// entries (`# password = …`, `; sqlalchemy.url = postgresql://…`).

import type { RuleContext } from '../../server/src/engine/types';
import { capitalize, classify, describeInline, describeNamed, describeUrl, fingerprint, lowerPriority, type Detection } from './detect';
import { reportShellDefault } from './shell-defaults';
import { classifyCommented, commentedValues, reportCommented, type CommentSyntax } from './comments';
import { checkLoosePrivateKeys } from './key-files';
import { isDeclaredFake } from './declared-fake';

/**
 * Example env files document which variables exist: placeholders are expected there, real values are
 * not. Named `.env.example`, `sample.env`, `env.template`, `.env-sample`, `airflow.env.example`,
 * `agent.env_template`: an `env` part and a sample word among the file name's parts.
 */
const SAMPLE_WORD = new Set(['example', 'examples', 'sample', 'samples', 'template', 'tmpl', 'tpl', 'dist', 'defaults']);

function isEnvDocumentationFile(path: string): boolean {
  const parts = (path.split(/[/\\]/).pop() ?? '').toLowerCase().split(/[._-]+/).filter((part) => part !== '');
  return parts.includes('env') && parts.some((part) => SAMPLE_WORD.has(part));
}

function describe(detection: Detection): string {
  switch (detection.kind) {
    case 'url': return describeUrl(detection);
    case 'token': return `${capitalize(detection.token.kind)} literal`;
    case 'authorization': return `Literal ${detection.scheme} credential in Authorization header`;
    case 'inline': return describeInline(detection);
    case 'entropy': return 'High-entropy value that looks like a secret';
    case 'named': return describeNamed(detection);
  }
}

export function checkKeyValues(ctx: RuleContext): void {
  const kv = ctx.doc.keyValues;
  if (!kv) return;
  const documentation = isEnvDocumentationFile(ctx.doc.path);
  const advice = documentation
    ? 'leave the value empty in the example so every deployment sets its own'
    : ctx.doc.dialect === 'dotenv'
      ? 'keep real values out of version control (commit only .env.example with empty values)'
      : 'reference an environment variable or a secrets manager instead';
  const reported: Array<{ start: number; end: number }> = [];
  for (const entry of kv.entries) {
    if (reportShellDefault(ctx, entry.value, entry.key, entry.start, entry.end, null)) continue;
    const detection = classify(entry.value, { name: entry.key, documentation, credentialSlot: false, testContext: ctx.doc.isTestFile }, ctx);
    if (!detection || isDeclaredFake(ctx.doc.text, entry.start)) continue;
    const where = `under key "${entry.section ? `${entry.section}.` : ''}${entry.key}"`;
    reported.push(entry);
    ctx.report({ start: entry.start, end: entry.end, message: `${describe(detection)} ${where}; ${advice}`, priority: lowerPriority('P1', ctx.doc.isTestFile), fixes: [], fingerprintText: fingerprint(detection, where, entry.value) });
  }
  checkLoosePrivateKeys(ctx, reported);
  // An example file's commented lines document optional settings and their defaults.
  if (documentation) return;
  const syntax: CommentSyntax = ctx.doc.dialect === 'dotenv' ? 'dotenv' : ctx.doc.dialect === 'toml' ? 'toml' : 'ini';
  for (const entry of commentedValues(ctx.doc.text, 0, ctx.doc.text.length, syntax)) {
    const detection = classifyCommented(entry, ctx);
    if (detection) reportCommented(ctx, entry, detection);
  }
}
