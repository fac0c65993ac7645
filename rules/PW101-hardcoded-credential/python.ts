// PW101 in Python: string literals classified by the role they play (assigned to, keyword of,
// dict value, default parameter…), literal fallbacks of environment reads, and literals that
// reach a credential slot through a variable. Each string yields at most one finding.

import type { Fix, FindingInput, RuleContext, TextEdit } from '../../server/src/engine/types';
import type { CallFact, ChunkFacts, StringFact, StringRole } from '../../server/src/engine/python/facts';
import { VersionedCache, type PythonFacts } from '../../server/src/engine/python/python-facts';
import type { EffectiveConfig } from '../../server/src/engine/config';
import { addImportEdit, environLookup } from '../../server/src/engine/python/edits';
import { credentialServiceOf, handsToLibrary, isEnvironmentRead, isLiteralWrapper, isNamedOptionSetter, methodOf } from '../../server/src/engine/knowledge';
import { isCredentialName, isFilePathValue, isNonSecretContext, nameParts, isPlaceholderValue, isTestDataValue, toEnvName } from '../../server/src/engine/secrets';
import { capitalize, classify, describeInline, describeNamed, describeUrl, fingerprint, lowerPriority, TITLE_PREFIX, type Detection } from './detect';
import { inlineEnvName, namedEnvName, urlEnvNames } from './env-names';
import { checkPythonComments } from './python-comments';

/** A class named like a credential (`Secret(value="…")`, `Password("…")`): its value is one. */
function credentialClassOf(call: CallFact): string | null {
  const method = methodOf(call.callee);
  return /^[A-Z]/.test(method) && isCredentialName(method) ? method : null;
}

function argumentName(role: Extract<StringRole, { kind: 'argument' }>, py: PythonFacts): { name: string; where: string } | null {
  const { call, index } = role;
  if (index === 1 && isNamedOptionSetter(call)) {
    const key = call.args[0];
    if (key?.kind === 'positional' && key.string && key.string.interpolations.length === 0) return { name: key.string.value, where: `set as "${key.string.value}" in ${call.callee}` };
  }
  if (index === 0 && isLiteralWrapper(call, py)) {
    const assignment = (py.statementAt(call.start)?.assignments ?? py.assignments).find((a) => a.call === call);
    if (assignment) return { name: assignment.target.split('.').pop() ?? assignment.target, where: `assigned to ${assignment.target}` };
  }
  const credentialClass = index === 0 ? credentialClassOf(call) : null;
  if (credentialClass) return { name: credentialClass, where: `passed to ${call.callee}` };
  return null;
}

function roleName(role: StringRole, py: PythonFacts): { name: string | null; credentialSlot: boolean; where: string; call: CallFact | null } {
  switch (role.kind) {
    case 'assignment': {
      const last = role.target.split('.').pop() ?? role.target;
      return { name: last, credentialSlot: false, where: `assigned to ${role.target}`, call: null };
    }
    case 'keyword': {
      const credentialClass = role.name === 'value' ? credentialClassOf(role.call) : null;
      return { name: credentialClass ?? role.name, credentialSlot: false, where: `passed as ${role.name}= to ${role.call.callee || 'a call'}`, call: role.call };
    }
    case 'argument': {
      const named = argumentName(role, py);
      return { name: named?.name ?? null, credentialSlot: false, where: named?.where ?? `passed to ${role.call.callee || 'a call'}`, call: role.call };
    }
    case 'dict-value':
      return { name: role.key, credentialSlot: false, where: `under key "${role.key}"`, call: null };
    case 'subscript-assignment':
      return { name: role.key, credentialSlot: false, where: `assigned to ${role.target}["${role.key}"]`, call: null };
    case 'default-parameter':
      return { name: role.name, credentialSlot: false, where: `as default of parameter ${role.name}`, call: null };
    case 'element': {
      const outer = roleName(role.container, py);
      const credentialSlot = role.count === 2 && role.index === 1 && outer.name !== null && /^(auth|credentials?|basic_auth|http_auth)$/i.test(outer.name);
      return { ...outer, name: credentialSlot ? outer.name : null, credentialSlot };
    }
    default:
      return { name: null, credentialSlot: false, where: '', call: null };
  }
}

function qualifierFor(call: CallFact | null, py: PythonFacts): string | null {
  return call ? credentialServiceOf(call, py) : null;
}

/**
 * In a test, a credential handed to the code under test — a request payload, a keyword of the
 * project's own function, a parameter default, a fake response — is test data. One handed to a
 * library (a connect, a client), set in the environment or bound to a name is still committed.
 */
function isTestPayload(role: StringRole, py: PythonFacts): boolean {
  switch (role.kind) {
    case 'dict-value':
    case 'default-parameter':
      return true;
    case 'keyword':
    case 'argument':
      return !handsToLibrary(role.call, py);
    case 'subscript-assignment':
      return !/(^|\.)environ$/.test(role.target);
    case 'element':
      return isTestPayload(role.container, py);
    default:
      return false;
  }
}

/** A test that starts a container: testcontainers, the Docker SDK, a helper named for containers. */
const CONTAINER_START = /\btestcontainers\b|container|\bdocker\b/i;

/**
 * A test's password for a service the same test function starts (`--requirepass dagster` or
 * `POSTGRES_PASSWORD=…` handed to a container it runs): a throwaway, not anybody's credential.
 */
function givenToThrowawayContainer(str: StringFact, py: PythonFacts): boolean {
  const value = str.value.trim();
  if (!str.fn || !/^[\w.@#%+-]{1,64}$/.test(value)) return false;
  const escaped = value.replace(/[.+]/g, '\\$&');
  const given = new RegExp(`(requirepass|PASSWORD\\s*[=:]|--password[= ])\\s*["']?${escaped}(?![\\w.@#%+-])`);
  const fn = str.fn;
  if (!py.stringsIn(fn.start, fn.end).some((s) => s !== str && given.test(s.value))) return false;
  const callees = py.ownFacts(fn).calls.map((c) => `${c.callee}(`);
  return CONTAINER_START.test([...callees, ...py.imports.map((i) => i.module)].join(' '));
}

interface PythonSite {
  str: StringFact;
  py: PythonFacts;
  ctx: RuleContext;
}

function withImport(site: PythonSite, edits: TextEdit[]): TextEdit[] {
  const importEdit = addImportEdit(site.py, site.ctx.doc.sourceText, 'os');
  return importEdit ? [...edits, importEdit] : edits;
}

function replaceLiteralFix(site: PythonSite, envName: string, title: string, safe: boolean): Fix[] {
  const { str } = site;
  if (str.interpolations.length > 0 || str.isBytes) return [];
  const edits = withImport(site, [{ start: str.start, end: str.end, newText: environLookup(envName) }]);
  return [
    { title: `${TITLE_PREFIX} ${title}`, edits, safe, preferred: true },
    { title: `${TITLE_PREFIX} ${title} and add it to .env.example`, edits, safe: false, companions: [{ path: '.env.example', appendLine: `${envName}=` }] },
  ];
}

/** Turns the string into an f-string whose password slot (`start`–`end` of its value) reads `os.environ['NAME']`. */
function valueOnlyFix(site: PythonSite, slot: { start: number; end: number }, envName: string, what: string): Fix | null {
  const { str } = site;
  const url = { passwordStart: slot.start, passwordEnd: slot.end };
  if (str.isBytes || /u/i.test(str.prefix) || str.identityUntil < url.passwordEnd) return null;
  const innerQuote = str.quote.startsWith('"') ? "'" : '"';
  const edits: TextEdit[] = [];
  if (!str.isFString) {
    edits.push({ start: str.start, end: str.start, newText: 'f' });
    const content = site.ctx.doc.sourceText.slice(str.contentStart, str.contentEnd);
    for (let i = 0; i < content.length; i++) {
      const ch = content[i];
      if ((ch === '{' || ch === '}') && (i < url.passwordStart || i >= url.passwordEnd)) {
        edits.push({ start: str.contentStart + i, end: str.contentStart + i + 1, newText: ch + ch });
      }
    }
  }
  edits.push({ start: str.contentStart + url.passwordStart, end: str.contentStart + url.passwordEnd, newText: `{${environLookup(envName, innerQuote)}}` });
  return { title: `${TITLE_PREFIX} Read only the ${what} from environment variable ${envName}`, edits: withImport(site, edits), safe: false };
}

function pythonFinding(site: PythonSite, detection: Detection, where: string, contextName: string | null, call: CallFact | null): FindingInput {
  const { str, py, ctx } = site;
  const suffix = where ? ` ${where}` : '';
  let message: string;
  let fixes: Fix[] = [];
  switch (detection.kind) {
    case 'url': {
      const names = urlEnvNames(detection.url, contextName);
      message = `${describeUrl(detection)}${suffix}; read it from the environment (${names.urlName})`;
      const whole = replaceLiteralFix(site, names.urlName, `Read the URL from environment variable ${names.urlName}`, true);
      const passwordOnly = valueOnlyFix(site, { start: detection.url.passwordStart, end: detection.url.passwordEnd }, names.passwordName, 'password');
      if (whole.length > 0) fixes = passwordOnly ? [whole[0], passwordOnly, whole[1]] : whole;
      // With interpolated parts (f"…@{host}") the URL cannot move to one variable: the password can.
      else if (passwordOnly) fixes = [{ ...passwordOnly, safe: true, preferred: true }];
      break;
    }
    case 'authorization': {
      const envName = 'API_TOKEN';
      message = `Literal ${detection.scheme} credential in Authorization header${suffix}; read the token from the environment (${envName})`;
      const whole = str.value.trim() === str.value && detection.end === str.value.length && str.identityUntil >= detection.end && !str.isBytes && !/u/i.test(str.prefix);
      if (whole) {
        const innerQuote = str.quote.startsWith('"') ? "'" : '"';
        const literalPrefix = ctx.doc.sourceText.slice(str.contentStart, str.contentStart + detection.start).replace(/[{}]/g, (b) => b + b);
        const newText = `f${str.quote}${literalPrefix}{${environLookup(envName, innerQuote)}}${str.quote}`;
        fixes = [{ title: `${TITLE_PREFIX} Read the token from environment variable ${envName}`, edits: withImport(site, [{ start: str.start, end: str.end, newText }]), safe: true, preferred: true }];
      }
      break;
    }
    case 'token': {
      const envName = contextName && !isNonSecretContext(contextName) ? toEnvName(contextName) : detection.token.envName;
      message = `${capitalize(detection.token.kind)} literal${suffix}; read it from the environment (${envName})`;
      const whole = detection.token.index === 0 && detection.token.length === str.value.length;
      const pem = detection.token.kind === 'private key';
      if (whole || pem) fixes = replaceLiteralFix(site, envName, `Read the ${detection.token.kind} from environment variable ${envName}`, true);
      break;
    }
    case 'named': {
      const envName = namedEnvName(detection.name, qualifierFor(call, py));
      message = `${describeNamed(detection)}${suffix}; read it from the environment (${envName})`;
      // A default parameter value is evaluated at import time: reading the environment there
      // changes when a missing variable fails, so that rewrite is offered but not auto-applied.
      fixes = replaceLiteralFix(site, envName, `Read ${envName} from the environment`, str.role.kind !== 'default-parameter');
      break;
    }
    case 'inline': {
      const envName = inlineEnvName(detection.option.key, contextName, qualifierFor(call, py));
      message = `${describeInline(detection)}${suffix}; read it from the environment (${envName})`;
      const valueOnly = valueOnlyFix(site, { start: detection.option.valueStart, end: detection.option.valueEnd }, envName, 'credential');
      // With interpolated parts the string is an f-string already: the rewrite only adds a field.
      if (valueOnly) fixes = [{ ...valueOnly, safe: str.isFString, preferred: true }];
      break;
    }
    case 'entropy': {
      const envName = contextName ? toEnvName(contextName) : 'API_SECRET';
      message = `High-entropy string literal${suffix} looks like a secret; read it from the environment (${envName}) or suppress this line if it is not one`;
      fixes = replaceLiteralFix(site, envName, `Read ${envName} from the environment`, false);
      break;
    }
  }
  return {
    start: str.start,
    end: str.end,
    message,
    priority: lowerPriority('P1', ctx.doc.isTestFile),
    fixes,
    fingerprintText: fingerprint(detection, where, str.value),
  };
}


/** (d) `os.environ.get("X_PASSWORD", "literal")`: a committed secret used whenever the variable is missing. */
function checkEnvFallbacks(py: PythonFacts, ctx: RuleContext, handled: Set<StringFact>): void {
  for (const call of ctx.statement?.calls ?? py.calls) {
    if (call.args.length < 2 || !isEnvironmentRead(call, py)) continue;
    const nameArg = call.args[0];
    const fallbackArg = call.args.find((a, i) => (a.kind === 'positional' && i === 1) || (a.kind === 'keyword' && a.name === 'default'));
    const envName = nameArg?.kind === 'positional' ? nameArg.string : null;
    const fallback = fallbackArg?.string;
    if (!envName || !fallback || envName.interpolations.length > 0) continue;
    handled.add(fallback);
    if (fallback.interpolations.length > 0 || isPlaceholderValue(fallback.value) || isTestDataValue(fallback.value) || isFilePathValue(fallback.value)) continue;
    const secretByName = isCredentialName(envName.value, { extraNames: ctx.config.extraCredentialNames, patterns: ctx.config.credentialPatterns });
    const detection = classify(fallback.value, { name: null, documentation: false, credentialSlot: false }, ctx);
    const secretByValue = detection !== null && detection.kind !== 'entropy';
    if (!secretByName && !secretByValue) continue;
    const site: PythonSite = { str: fallback, py, ctx };
    const edits = withImport(site, [{ start: call.start, end: call.end, newText: environLookup(envName.value) }]);
    ctx.report({
      start: fallback.start,
      end: fallback.end,
      message: `Literal fallback for ${envName.value} in ${call.callee}: a missing variable silently uses a committed secret; drop the default and read ${environLookup(envName.value)}`,
      priority: lowerPriority('P2', ctx.doc.isTestFile),
      fixes: [{ title: `${TITLE_PREFIX} Read ${envName.value} from the environment without a literal fallback`, edits, safe: true, preferred: true }],
      fingerprintText: `fallback|${envName.value}|${fallback.value.length}`,
    });
  }
}

interface StringVerdict {
  config: EffectiveConfig;
  documentation: boolean;
  testFile: boolean;
  role: ReturnType<typeof roleName>;
  detection: Detection | null;
}

/** Verdicts of unchanged strings survive keystrokes elsewhere in the file (see VersionedCache). */
const verdicts = new VersionedCache<StringFact, StringVerdict>();

function verdictFor(str: StringFact, py: PythonFacts, ctx: RuleContext): StringVerdict {
  const cached = verdicts.get(str, py.resolutionVersion);
  const testFile = ctx.doc.isTestFile;
  if (cached && cached.config === ctx.config && cached.documentation === str.isDocstring && cached.testFile === testFile) return cached;
  const role = roleName(str.role, py);
  let detection: Detection | null = null;
  // Short unnamed strings can only be secrets when they hold a URL, a token prefix or an option.
  if (role.name !== null || str.value.length >= 20 || str.value.includes('@') || str.value.includes('=')) {
    detection = classify(str.value, { name: role.name, documentation: str.isDocstring, credentialSlot: role.credentialSlot, testContext: testFile }, ctx);
    if (detection?.kind === 'named' && str.interpolations.length > 0) detection = null;
    // A docstring's shell or DSN example (`-e POSTGRES_PASSWORD=…`) documents a setup; its URLs still count.
    if (detection?.kind === 'inline' && str.isDocstring) detection = null;
    if (testFile && (detection?.kind === 'named' || detection?.kind === 'authorization' || detection?.kind === 'inline') && isTestPayload(str.role, py)) detection = null;
    if (testFile && detection?.kind === 'named' && givenToThrowawayContainer(str, py)) detection = null;
    if (detection?.kind === 'entropy' && role.call && opensDocumentById(methodOf(role.call.callee))) detection = null;
    if (detection?.kind === 'named' && role.call && namesKeyInSecretStore(role.call, str.value)) detection = null;
    // `RuntimeError("Set API_KEY=<a strong key> or DEV_MODE=true")`: an error message says how to configure, it connects nowhere.
    if (detection?.kind === 'inline' && role.call && /(Error|Exception|Warning)$/.test(role.call.callee)) detection = null;
  }
  const verdict = { config: ctx.config, documentation: str.isDocstring, testFile, role, detection };
  verdicts.set(str, py.resolutionVersion, verdict);
  return verdict;
}

/**
 * The strings of a statement that hold a secret, kept per statement: a keystroke elsewhere then
 * costs one lookup per statement instead of one per string. A module docstring's role depends
 * on the statement's position, so bare-string statements are not kept.
 */
const chunkSecrets = new VersionedCache<ChunkFacts, { config: EffectiveConfig; strings: StringFact[] }>();

function secretStringsOf(chunk: ChunkFacts, py: PythonFacts, ctx: RuleContext): StringFact[] {
  const cached = chunk.bareString ? undefined : chunkSecrets.get(chunk, py.resolutionVersion);
  if (cached && cached.config === ctx.config) return cached.strings;
  const strings = chunk.strings.filter((str) => verdictFor(str, py, ctx).detection !== null);
  if (!chunk.bareString) chunkSecrets.set(chunk, py.resolutionVersion, { config: ctx.config, strings });
  return strings;
}

const BARE_NAME = /^[A-Za-z_]\w*$/;

/** Name parts of calls that take a document's id: `read_google_sheet(id, range)`, `open_by_key(id)`, `get_folder(id)`. */
const DOCUMENT_ID_PARTS = new Set(['sheet', 'sheets', 'spreadsheet', 'spreadsheets', 'worksheet', 'workbook', 'gsheet', 'document', 'folder', 'drive']);

/** A random-looking string handed to a call that opens a sheet, document or folder is that object's id. */
function opensDocumentById(method: string): boolean {
  return nameParts(method).some((part) => DOCUMENT_ID_PARTS.has(part)) || /^open_by_(key|id)$/.test(method);
}

/** Keywords naming a secret store a call reads from: a Databricks secret scope, an Azure Key Vault. */
const SECRET_STORE_KEYWORD = /^(secret_?scope|scope(_name)?|(key_?)?vault(_name|_url)?|keyvault(_name|_url)?)$/i;

/**
 * `mirror(…, secret_scope="etl", secret_key="storage_key")`: beside the store it is read from, a
 * credential-named keyword holding an identifier names the key of a secret, it is not one.
 */
function namesKeyInSecretStore(call: CallFact, value: string): boolean {
  if (!/^[a-z][a-z0-9]*([_-][a-z0-9]+)*$/.test(value)) return false;
  return call.args.some((arg) => arg.kind === 'keyword' && arg.name !== null && SECRET_STORE_KEYWORD.test(arg.name));
}

/**
 * `pw_target = "s3cret"` … `.option("password", pw_target)` / `connect(password=pw_target)`: a
 * literal that reaches a credential slot through a variable whose own name does not say so. The
 * finding is on the literal and belongs (origin) to the call that passes it.
 */
function checkCredentialVariables(py: PythonFacts, ctx: RuleContext, reported: Set<StringFact>): void {
  const { sourceText: text } = ctx.doc;
  const options = { extraNames: ctx.config.extraCredentialNames, patterns: ctx.config.credentialPatterns };
  for (const call of ctx.statement?.calls ?? py.calls) {
    let slot: string | null = null;
    let value: CallFact['args'][number] | undefined;
    if (ctx.doc.isTestFile && !handsToLibrary(call, py)) continue;
    if (isNamedOptionSetter(call) && call.args.length === 2 && call.args[0].string && call.args[1].kind === 'positional') {
      slot = call.args[0].string.interpolations.length === 0 ? call.args[0].string.value : null;
      value = call.args[1];
    }
    for (const arg of slot ? [value!] : call.args) {
      const name = slot ?? (arg.kind === 'keyword' ? arg.name : null);
      if (!name || arg.shape.kind !== 'name' || !isCredentialName(name, options)) continue;
      const variable = text.slice(arg.start, arg.end);
      if (!BARE_NAME.test(variable) || isCredentialName(variable, options)) continue;
      const bound = py.lastAssignment(variable, call.fn, arg.start);
      if (!bound || bound.shape.kind !== 'literal') continue;
      const str = py.stringsIn(bound.valueStart, bound.valueEnd).find((x) => x.start === bound.valueStart && x.end === bound.valueEnd);
      if (!str || str.isFString || str.isBytes || reported.has(str) || verdictFor(str, py, ctx).detection) continue;
      const detection = classify(str.value, { name, documentation: false, credentialSlot: false }, ctx);
      if (detection?.kind !== 'named') continue;
      reported.add(str);
      const where = `assigned to ${variable} and ${slot ? `set as "${name}" in ${call.callee}` : `passed as ${name}= to ${call.callee || 'a call'}`}`;
      ctx.report({ ...pythonFinding({ str, py, ctx }, detection, where, name, call), origin: arg.start });
    }
  }
}

export function checkPython(ctx: RuleContext): void {
  const py = ctx.doc.python;
  if (!py) return;
  const handled = new Set<StringFact>();
  checkEnvFallbacks(py, ctx, handled);
  checkCredentialVariables(py, ctx, new Set());
  checkPythonComments(ctx, py);
  for (const chunk of ctx.statement ? [ctx.statement] : py.chunks) {
    for (const str of secretStringsOf(chunk, py, ctx)) {
      if (handled.size > 0 && handled.has(str)) continue;
      const { role, detection } = verdictFor(str, py, ctx);
      if (detection) ctx.report(pythonFinding({ str, py, ctx }, detection, role.where, role.name, role.call));
    }
  }
}
