// PW101 in YAML: every scalar value, named by its key (or by `KEY=` in compose `environment:`
// lists); block scalars that hold YAML, JSON or properties (a ConfigMap's `application.yaml: |`)
// are read as documents of their own; commented-out lines count too. Fixes replace the value
// with `${NAME}`.

import type { Fix, RuleContext, TextEdit } from '../../server/src/engine/types';
import { parseYamlFacts, type YamlScalarFact } from '../../server/src/engine/yaml/yaml-facts';
import { isCredentialName, isNonSecretContext, toEnvName } from '../../server/src/engine/secrets';
import { capitalize, classify, describeInline, describeNamed, describeUrl, fingerprint, lowerPriority, TITLE_PREFIX, type Detection } from './detect';
import { inlineEnvName, namedEnvName, urlEnvNames } from './env-names';
import { reportShellDefault } from './shell-defaults';
import { classifyCommented, commentedValues, reportCommented } from './comments';
import { isDeclaredFake } from './declared-fake';

const GENERIC_KEYS = new Set(['credentials', 'credential', 'auth', 'secrets', 'secret', 'config', 'connection', 'connections', 'env', 'environment', 'options', 'params', 'settings', 'vars', 'variables', 'default', 'defaults', 'properties', 'spec', 'data', 'login']);

/** GitHub Actions and other CI job definitions: their service containers live for one job. */
const CI_WORKFLOW = /(^|[/\\])(\.github[/\\]workflows[/\\][^/\\]+|\.gitlab-ci\.ya?ml|\.circleci[/\\]config\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml)$/i;
/** Access levels of a workflow's `permissions:` (`id-token: write`). */
const PERMISSION_LEVEL = /^(read|write|none|read-all|write-all)$/;
/** Block scalars nested this deep are not opened again (a ConfigMap in a Helm value in a …). */
const MAX_NESTING = 2;

/** A scalar as PW101 reads it, with offsets mapped back to the document for nested documents. */
interface YamlValue {
  scalar: YamlScalarFact;
  /** Offset of `scalar.value[0]` in the document when the source is the value verbatim, else null. */
  sourceOffset: number | null;
  /** The range reported (the scalar in the document). */
  start: number;
  end: number;
  /** Inside a block scalar: whole-scalar rewrites do not apply. */
  nested: boolean;
}

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

/** Offset of `value[0]` in `text` when the scalar's text is its value verbatim, else null. */
function valueOffsetIn(text: string, scalar: YamlScalarFact): number | null {
  const inner = scalar.style === 'plain' ? [scalar.start, scalar.end] : scalar.style === 'block' ? null : [scalar.start + 1, scalar.end - 1];
  if (!inner) return null;
  return text.slice(inner[0], inner[1]) === scalar.value ? inner[0] : null;
}

/**
 * Maps offsets in a literal block scalar's value (`|`) to the document: value line k is source
 * line k + 1 of the scalar without its indentation. Folded scalars (`>`) join lines, so their
 * offsets do not map; null then.
 */
function blockOffsetMap(text: string, scalar: YamlScalarFact): ((offset: number) => number) | null {
  if (text[scalar.start] !== '|') return null;
  const source = text.slice(scalar.start, scalar.end).split('\n');
  const valueLines = scalar.value.split('\n');
  const indent = source.slice(1).find((line) => line.trim() !== '')?.match(/^ */)?.[0].length ?? 0;
  const sourceStarts: number[] = [];
  const valueStarts: number[] = [];
  let sourceAt = scalar.start + source[0].length + 1;
  let valueAt = 0;
  for (let k = 0; k < valueLines.length && k + 1 < source.length; k++) {
    sourceStarts.push(sourceAt + Math.min(indent, source[k + 1].length));
    valueStarts.push(valueAt);
    sourceAt += source[k + 1].length + 1;
    valueAt += valueLines[k].length + 1;
  }
  if (valueStarts.length === 0) return null;
  return (offset) => {
    let line = valueStarts.length - 1;
    while (line > 0 && valueStarts[line] > offset) line--;
    return sourceStarts[line] + offset - valueStarts[line];
  };
}

/** The scalars of a block scalar that holds a YAML or JSON document, mapped to the document. */
function nestedValues(ctx: RuleContext, outer: YamlScalarFact, map: (offset: number) => number): YamlValue[] | null {
  const value = outer.value;
  if (!/[:{[]/.test(value)) return null;
  const inner = parseYamlFacts(value);
  const contents = inner.documents[0]?.contents as { items?: unknown[] } | null | undefined;
  if (inner.errors.length > 0 || !contents || !Array.isArray(contents.items)) return null;
  const { text } = ctx.doc;
  const mapped: YamlValue[] = [];
  for (const scalar of inner.scalars) {
    const start = map(scalar.start);
    const end = map(scalar.end);
    const offset = valueOffsetIn(value, scalar);
    const sourceOffset = offset === null ? null : map(offset);
    // Only where the document really holds the value at the mapped place (tabs, CRLF…).
    const verbatim = sourceOffset !== null && text.slice(sourceOffset, sourceOffset + scalar.value.length) === scalar.value;
    mapped.push({ scalar, sourceOffset: verbatim ? sourceOffset : null, start: verbatim || scalar.style !== 'plain' ? start : outer.start, end: verbatim || scalar.style !== 'plain' ? end : outer.end, nested: true });
  }
  return mapped;
}

const LIST_ASSIGNMENT = /^([A-Za-z_][\w.-]*)=([\s\S]*)$/;

/** Where a scalar's value is not a credential whatever its key says: CI service containers, workflow permissions. */
function isExempt(scalar: YamlScalarFact, value: string, ciWorkflow: boolean): boolean {
  if (scalar.path.includes('permissions') && PERMISSION_LEVEL.test(value.trim())) return true;
  // `services: {postgres: {env: {POSTGRES_PASSWORD: postgres}}}`: a database that lives for one job.
  const services = scalar.path.indexOf('services');
  return ciWorkflow && services >= 0 && (scalar.path[services + 2] === 'env' || scalar.path[services + 2] === 'variables');
}

/**
 * In a CI workflow, the image's default password or a URL to a database on the runner
 * (`postgresql://postgres:postgres@localhost/test`): the job's service container, gone with the job.
 */
function reachesThrowawayDatabase(detection: Detection): boolean {
  if (detection.kind === 'url') return detection.guessable || /^(localhost|127\.0\.0\.1|0\.0\.0\.0)$/i.test(detection.url.host);
  return (detection.kind === 'named' || detection.kind === 'inline') && detection.guessable;
}

function checkValue(ctx: RuleContext, item: YamlValue, ciWorkflow: boolean, depth: number): void {
  const { scalar } = item;
  if (scalar.isKey) return;
  // Compose `environment:` lists hold `KEY=value` items: the key names the value.
  const assignment = scalar.key === null ? LIST_ASSIGNMENT.exec(scalar.value) : null;
  const value = assignment ? assignment[2] : scalar.value;
  const valueOffset = item.sourceOffset === null ? null : item.sourceOffset + (assignment ? assignment[1].length + 1 : 0);
  const listParent = scalar.key === null ? [...scalar.path].reverse().find((p): p is string => typeof p === 'string') ?? null : null;
  const name = assignment ? assignment[1] : scalar.key ?? (listParent && isCredentialName(listParent) ? listParent : null);
  if (isExempt(scalar, value, ciWorkflow)) return;
  if (scalar.style === 'block' && depth < MAX_NESTING) {
    const map = blockOffsetMap(ctx.doc.text, scalar);
    const nested = map ? nestedValues(ctx, scalar, map) : null;
    if (nested) {
      for (const inner of nested) checkValue(ctx, inner, ciWorkflow, depth + 1);
      return;
    }
  }
  if (reportShellDefault(ctx, value, name, item.start, item.end, valueOffset)) return;
  const detection = classify(value, { name, documentation: false, credentialSlot: false, testContext: ctx.doc.isTestFile || ciWorkflow }, ctx);
  if (!detection || isDeclaredFake(ctx.doc.text, item.start)) return;
  if (ciWorkflow && reachesThrowawayDatabase(detection)) return;
  report(ctx, item, detection, { name, value, valueOffset, assignment: assignment !== null });
}

function report(ctx: RuleContext, item: YamlValue, detection: Detection, at: { name: string | null; value: string; valueOffset: number | null; assignment: boolean }): void {
  const { scalar } = item;
  const { name, value, valueOffset } = at;
  const where = name ? `under key "${name}"` : '';
  const suffix = where ? ` ${where}` : '';
  const fixes: Fix[] = [];
  let message: string;
  let envName: string;
  let start = item.start;
  let end = item.end;
  if (detection.kind === 'url') {
    const names = urlEnvNames(detection.url, name);
    envName = names.urlName;
    message = `${describeUrl(detection)}${suffix}; reference an environment variable instead (\${${envName}})`;
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
  } else if (detection.kind === 'inline') {
    envName = inlineEnvName(detection.option.key, name, yamlQualifier(scalar));
    message = `${describeInline(detection)}${suffix}; reference an environment variable instead (\${${envName}})`;
    const map = scalar.style === 'block' ? blockOffsetMap(ctx.doc.text, scalar) : null;
    const optionStart = valueOffset !== null ? valueOffset + detection.option.valueStart : map ? map(detection.option.valueStart) : null;
    if (optionStart !== null && ctx.doc.text.slice(optionStart, optionStart + detection.option.value.length) === detection.option.value) {
      // In a multi-line value the finding sits on the option's own line.
      if (scalar.style === 'block') [start, end] = [optionStart, optionStart + detection.option.value.length];
      fixes.push({
        title: `${TITLE_PREFIX} Reference only the credential as \${${envName}}`,
        edits: [{ start: optionStart, end: optionStart + detection.option.value.length, newText: `\${${envName}}` }],
        safe: false,
        preferred: true,
      });
    }
  } else {
    envName = name ? namedEnvName(name, yamlQualifier(scalar)) : 'API_SECRET';
    message = detection.kind === 'entropy'
      ? `High-entropy string${suffix} looks like a secret; reference an environment variable (\${${envName}}) or suppress this line if it is not one`
      : `${describeNamed(detection)}${suffix}; reference an environment variable instead (\${${envName}})`;
  }
  let whole: TextEdit | null = null;
  if (detection.kind !== 'authorization' && detection.kind !== 'inline') {
    if (at.assignment || item.nested) whole = valueOffset === null ? null : { start: valueOffset, end: valueOffset + value.length, newText: `\${${envName}}` };
    else whole = yamlReplacement(scalar, envName);
  }
  // YAML has no standard interpolation: `${NAME}` works only where the loader expands it, so the
  // rewrite is never applied by fix-all.
  if (whole) fixes.unshift({ title: `${TITLE_PREFIX} Replace the value with \${${envName}}`, edits: [whole], safe: false, preferred: true });
  ctx.report({ start, end, message, priority: lowerPriority('P1', ctx.doc.isTestFile), fixes, fingerprintText: fingerprint(detection, where, value) });
}

export function checkYaml(ctx: RuleContext): void {
  const yaml = ctx.doc.yaml;
  if (!yaml) return;
  const ciWorkflow = CI_WORKFLOW.test(ctx.doc.path);
  for (const scalar of yaml.scalars) {
    checkValue(ctx, { scalar, sourceOffset: valueOffsetIn(ctx.doc.text, scalar), start: scalar.start, end: scalar.end, nested: false }, ciWorkflow, 0);
  }
  for (const entry of commentedValues(ctx.doc.text, 0, ctx.doc.text.length, 'yaml')) {
    const detection = classifyCommented(entry, ctx);
    if (detection) reportCommented(ctx, entry, detection);
  }
}
