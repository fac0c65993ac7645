// Compose/shell-style `${DB_PASSWORD:-literal}` in YAML and .env values: a committed secret used
// whenever the variable is unset (P2, like a literal fallback of os.environ.get).

import type { Fix, RuleContext } from '../../server/src/engine/types';
import { findShellDefault, isCredentialName, isPlaceholderValue } from '../../server/src/engine/secrets';
import { lowerPriority, TITLE_PREFIX } from './detect';

/** Compose-style `${DB_PASSWORD:-literal}`: a committed secret used whenever the variable is unset (P2, like (d)). */
export function reportShellDefault(ctx: RuleContext, value: string, name: string | null, start: number, end: number, valueOffset: number | null): boolean {
  const found = findShellDefault(value);
  if (!found || isPlaceholderValue(found.defaultValue)) return false;
  const options = { extraNames: ctx.config.extraCredentialNames, patterns: ctx.config.credentialPatterns };
  if (!isCredentialName(found.variable, options) && !(name && isCredentialName(name, options))) return false;
  const fixes: Fix[] = valueOffset === null ? [] : [{
    title: `${TITLE_PREFIX} Drop the literal default of \${${found.variable}}`,
    edits: [{ start: valueOffset + found.start - (value[found.start - 2] === ':' ? 2 : 1), end: valueOffset + found.end, newText: '' }],
    safe: false,
    preferred: true,
  }];
  ctx.report({
    start,
    end,
    message: `Literal default for \${${found.variable}}: a missing variable silently uses a committed secret; drop the default`,
    priority: lowerPriority('P2', ctx.doc.isTestFile),
    fixes,
    fingerprintText: `shell-default|${found.variable}|${found.defaultValue.length}`,
  });
  return true;
}
