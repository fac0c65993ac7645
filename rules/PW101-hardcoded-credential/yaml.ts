// PW101 in YAML: every scalar value, named by its key (or by `KEY=` in compose `environment:`
// lists); fixes replace the value with `${NAME}`.

import type { Fix, RuleContext, TextEdit } from '../../server/src/engine/types';
import type { YamlScalarFact } from '../../server/src/engine/yaml/yaml-facts';
import { isCredentialName, isNonSecretContext, toEnvName } from '../../server/src/engine/secrets';
import { capitalize, classify, fingerprint, lowerPriority, TITLE_PREFIX } from './detect';
import { namedEnvName, urlEnvNames } from './env-names';
import { reportShellDefault } from './shell-defaults';

const GENERIC_KEYS = new Set(['credentials', 'credential', 'auth', 'secrets', 'secret', 'config', 'connection', 'connections', 'env', 'environment', 'options', 'params', 'settings', 'vars', 'variables', 'default', 'defaults', 'properties', 'spec', 'data', 'login']);

function yamlQualifier(scalar: YamlScalarFact): string | null {
  for (let i = scalar.path.length - 2; i >= 0; i--) {
    const key = scalar.path[i];
    if (typeof key === 'string' && !GENERIC_KEYS.has(key.toLowerCase()) && !isCredentialName(key)) return toEnvName(key);
  }
  return null;
}

function yamlReplacement(scalar: YamlScalarFact, envName: string): TextEdit | null {
  if (scalar.style === 'block') return null;
  const quote = scalar.style === 'double' ? '"' : scalar.style === 'single' ? "'" : '';
  return { start: scalar.start, end: scalar.end, newText: `${quote}\${${envName}}${quote}` };
}

/** Offset of `value[0]` in the source when the scalar's text is its value verbatim, else null. */
function yamlValueOffset(ctx: RuleContext, scalar: YamlScalarFact): number | null {
  const inner = scalar.style === 'plain' ? [scalar.start, scalar.end] : scalar.style === 'block' ? null : [scalar.start + 1, scalar.end - 1];
  if (!inner) return null;
  return ctx.doc.text.slice(inner[0], inner[1]) === scalar.value ? inner[0] : null;
}

const LIST_ASSIGNMENT = /^([A-Za-z_][\w.-]*)=([\s\S]*)$/;

export function checkYaml(ctx: RuleContext): void {
  const yaml = ctx.doc.yaml;
  if (!yaml) return;
  for (const scalar of yaml.scalars) {
    if (scalar.isKey) continue;
    const sourceOffset = yamlValueOffset(ctx, scalar);
    // Compose `environment:` lists hold `KEY=value` items: the key names the value.
    const assignment = scalar.key === null ? LIST_ASSIGNMENT.exec(scalar.value) : null;
    const value = assignment ? assignment[2] : scalar.value;
    const valueOffset = sourceOffset === null ? null : sourceOffset + (assignment ? assignment[1].length + 1 : 0);
    const listParent = scalar.key === null ? [...scalar.path].reverse().find((p): p is string => typeof p === 'string') ?? null : null;
    const name = assignment ? assignment[1] : scalar.key ?? (listParent && isCredentialName(listParent) ? listParent : null);
    if (reportShellDefault(ctx, value, name, scalar.start, scalar.end, valueOffset)) continue;
    const detection = classify(value, { name, documentation: false, credentialSlot: false }, ctx);
    if (!detection) continue;
    const where = name ? `under key "${name}"` : '';
    const suffix = where ? ` ${where}` : '';
    const fixes: Fix[] = [];
    let message: string;
    let envName: string;
    if (detection.kind === 'url') {
      const names = urlEnvNames(detection.url, name);
      envName = names.urlName;
      message = `Password literal in connection URL${suffix}; reference an environment variable instead (\${${envName}})`;
      if (valueOffset !== null) {
        fixes.push({
          title: `${TITLE_PREFIX} Reference only the password as \${${names.passwordName}}`,
          edits: [{ start: valueOffset + detection.url.passwordStart, end: valueOffset + detection.url.passwordEnd, newText: `\${${names.passwordName}}` }],
          safe: false,
        });
      }
    } else if (detection.kind === 'token') {
      envName = name && !isNonSecretContext(name) ? toEnvName(name) : detection.token.envName;
      message = `${capitalize(detection.token.kind)} literal${suffix}; reference an environment variable instead (\${${envName}})`;
    } else if (detection.kind === 'authorization') {
      envName = 'API_TOKEN';
      message = `Literal ${detection.scheme} credential in Authorization header${suffix}; reference an environment variable instead`;
    } else {
      envName = name ? namedEnvName(name, yamlQualifier(scalar)) : 'API_SECRET';
      message = detection.kind === 'entropy'
        ? `High-entropy string${suffix} looks like a secret; reference an environment variable (\${${envName}}) or suppress this line if it is not one`
        : `Hardcoded credential${suffix}; reference an environment variable instead (\${${envName}})`;
    }
    let whole: TextEdit | null = null;
    if (detection.kind !== 'authorization') {
      whole = assignment
        ? valueOffset === null ? null : { start: valueOffset, end: valueOffset + value.length, newText: `\${${envName}}` }
        : yamlReplacement(scalar, envName);
    }
    // YAML has no standard interpolation: `${NAME}` works only where the loader expands it, so the
    // rewrite is never applied by fix-all.
    if (whole) fixes.unshift({ title: `${TITLE_PREFIX} Replace the value with \${${envName}}`, edits: [whole], safe: false, preferred: true });
    ctx.report({ start: scalar.start, end: scalar.end, message, priority: lowerPriority('P1', ctx.doc.isTestFile), fixes, fingerprintText: fingerprint(detection, where, value) });
  }
}

