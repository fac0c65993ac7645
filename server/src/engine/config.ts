// Project configuration: `pipewise.toml`, or `[tool.pipewise]` in `pyproject.toml`, merged over
// editor settings (the project file wins, key by key).

import { existsSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { parse as parseToml } from 'smol-toml';
import type { SeveritySetting } from './types';
import { compileUserPattern, type UserPattern } from './user-pattern';
import { MB, readLimitedText } from './limited-read';
import { DEFAULT_DORMANT_CODE, dormantCodeMatcher } from './dormant-code';

export interface PipewiseOptions {
  select?: string[];
  ignore?: string[];
  severity?: Record<string, SeveritySetting>;
  exclude?: string[];
  extraCredentialNames?: string[];
  credentialPatterns?: string[];
  fullExtractAllowlist?: string[];
  dormantCode?: string[];
  extendDormantCode?: string[];
  baseline?: string;
}

export interface EffectiveConfig {
  /** Folder the project file lives in (or the workspace folder); relative paths resolve from it. */
  readonly root: string | null;
  readonly configFile: string | null;
  isRuleEnabled(ruleId: string, slug?: string): boolean;
  severityOverride(ruleId: string): SeveritySetting | undefined;
  isExcluded(filePath: string): boolean;
  /** The file is dormant code (`dormant-code.ts`): operational rules stay silent in it. */
  isDormantCode(filePath: string): boolean;
  readonly extraCredentialNames: readonly string[];
  readonly credentialPatterns: readonly UserPattern[];
  readonly fullExtractAllowlist: ReadonlySet<string>;
  readonly baseline: string | null;
}

export class ConfigError extends Error {}

const SEVERITIES: SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];
const KEYS: Record<string, keyof PipewiseOptions> = {
  select: 'select',
  ignore: 'ignore',
  severity: 'severity',
  exclude: 'exclude',
  'extra-credential-names': 'extraCredentialNames',
  'credential-patterns': 'credentialPatterns',
  'full-extract-allowlist': 'fullExtractAllowlist',
  'dormant-code': 'dormantCode',
  'extend-dormant-code': 'extendDormantCode',
  baseline: 'baseline',
};
const SELECTOR = /^(ALL|PW\d{0,3}|[a-z]+(-[a-z]+)*)$/;

export const PROJECT_CONFIG_FILES = ['pipewise.toml', 'pyproject.toml'];
/** Larger project files are refused: configuration is small, and a repository's is untrusted input. */
export const MAX_CONFIG_BYTES = 1 * MB;

/** A project file's text; throws ConfigError when it is not a regular file inside its folder, or too large. */
export function readProjectConfigText(file: string, root: string | null = path.dirname(file)): string {
  const read = readLimitedText(file, { maxBytes: MAX_CONFIG_BYTES, root });
  if (!read.ok) throw new ConfigError(`${file}: ${read.reason}`);
  return read.text;
}

/** Reads options from a parsed TOML table; throws ConfigError with a one-line message. */
export function readOptions(table: Record<string, unknown>, where: string): PipewiseOptions {
  const options: PipewiseOptions = {};
  for (const [rawKey, value] of Object.entries(table)) {
    const key = KEYS[rawKey.replace(/_/g, '-')] ?? KEYS[rawKey];
    if (!key) throw new ConfigError(`${where}: unknown key "${rawKey}" (known: ${Object.keys(KEYS).join(', ')})`);
    if (key === 'severity') {
      options.severity = readSeverity(value, where);
    } else if (key === 'baseline') {
      if (typeof value !== 'string') throw new ConfigError(`${where}: "baseline" must be a string`);
      options.baseline = value;
    } else {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
        throw new ConfigError(`${where}: "${rawKey}" must be a list of strings`);
      }
      if (key === 'select' || key === 'ignore') {
        const bad = value.findIndex((v) => !SELECTOR.test(v));
        if (bad >= 0) throw new ConfigError(`${where}: "${value[bad]}" in "${rawKey}" is not a rule id, prefix (PW1) or ALL`);
      }
      if (key === 'credentialPatterns') {
        for (const pattern of value) {
          try {
            compileUserPattern(pattern);
          } catch (error) {
            throw new ConfigError(`${where}: "${rawKey}" pattern "${pattern}" ${(error as Error).message}`);
          }
        }
      }
      options[key] = value as string[] as never;
    }
  }
  return options;
}

function readSeverity(value: unknown, where: string): Record<string, SeveritySetting> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${where}: "severity" must be a table of rule id = level`);
  const out: Record<string, SeveritySetting> = {};
  for (const [id, level] of Object.entries(value)) {
    if (!/^PW\d{3}$/.test(id)) throw new ConfigError(`${where}: severity key "${id}" is not a rule id like PW101`);
    const normalized = typeof level === 'string' ? (level.toLowerCase() === 'info' ? 'information' : level.toLowerCase()) : '';
    if (!SEVERITIES.includes(normalized as SeveritySetting)) {
      throw new ConfigError(`${where}: severity of ${id} must be one of ${SEVERITIES.join(', ')}`);
    }
    out[id] = normalized as SeveritySetting;
  }
  return out;
}

/** Parses a `pipewise.toml` or `pyproject.toml`; returns null for a pyproject without `[tool.pipewise]`. */
export function parseProjectConfig(text: string, filePath: string): PipewiseOptions | null {
  let data: Record<string, unknown>;
  const isPyproject = path.basename(filePath) === 'pyproject.toml';
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    // A broken pyproject.toml that holds no Pipewise section is another tool's problem, not ours.
    if (isPyproject && !/^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*pipewise[ \t]*[\].]/m.test(text)) return null;
    const { line, column } = error as { line?: unknown; column?: unknown };
    const at = typeof line === 'number' && typeof column === 'number' ? `:${line}:${column}` : '';
    const message = (error instanceof Error ? error.message.split('\n')[0] : String(error)).replace(/^Invalid TOML document: /, '');
    throw new ConfigError(`${filePath}${at}: invalid TOML: ${message}`);
  }
  if (isPyproject) {
    const tool = data.tool as Record<string, unknown> | undefined;
    const section = tool?.pipewise;
    if (section === undefined) return null;
    if (typeof section !== 'object' || section === null) throw new ConfigError(`${filePath}: [tool.pipewise] must be a table`);
    return readOptions(section as Record<string, unknown>, `${filePath} [tool.pipewise]`);
  }
  return readOptions(data, filePath);
}

/** Finds the nearest project config from `startDir` upwards (not above `stopDir` when given). */
export function findProjectConfig(startDir: string, stopDir?: string | null): { file: string; options: PipewiseOptions } | null {
  let dir = path.resolve(startDir);
  const stop = stopDir ? path.resolve(stopDir) : null;
  for (;;) {
    for (const name of PROJECT_CONFIG_FILES) {
      const file = path.join(dir, name);
      if (!existsSync(file)) continue;
      const options = parseProjectConfig(readProjectConfigText(file), file);
      if (options) return { file, options };
    }
    const parent = path.dirname(dir);
    if (parent === dir || (stop && dir === stop)) return null;
    dir = parent;
  }
}

/** Selectors (in `select`/`ignore`) that match none of the rules: a typo that would silently check nothing or ignore nothing. */
export function unknownSelectors(options: PipewiseOptions, rules: ReadonlyArray<{ id: string; slug: string }>): Array<{ key: 'select' | 'ignore'; selector: string }> {
  const unknown: Array<{ key: 'select' | 'ignore'; selector: string }> = [];
  for (const key of ['select', 'ignore'] as const) {
    for (const selector of options[key] ?? []) {
      if (!rules.some((rule) => matchesSelector(selector, rule.id, rule.slug))) unknown.push({ key, selector });
    }
  }
  return unknown;
}

function matchesSelector(selector: string, ruleId: string, slug?: string): boolean {
  return selector === 'ALL' || ruleId.startsWith(selector) || selector === slug;
}

/** Merges editor settings with the project file (project wins) into what rules and reports read. */
export function resolveConfig(
  settings: PipewiseOptions | undefined,
  project: { file: string; options: PipewiseOptions } | null,
  fallbackRoot: string | null,
): EffectiveConfig {
  const p = project?.options ?? {};
  const s = settings ?? {};
  const root = project ? path.dirname(project.file) : fallbackRoot;
  // An empty select list means "all rules", in the project file as in settings.
  const select = p.select?.length ? p.select : s.select?.length ? s.select : undefined;
  const ignore = p.ignore ?? s.ignore ?? [];
  const severity = { ...(s.severity ?? {}), ...(p.severity ?? {}) };
  const exclude = p.exclude ?? s.exclude ?? [];
  const excludeMatcher = exclude.length ? picomatch(exclude, { dot: true }) : null;
  const baseline = p.baseline ?? (s.baseline ? s.baseline : undefined);
  // Like Ruff's `exclude`/`extend-exclude`: `dormant-code` replaces the defaults, `extend-dormant-code` adds to them.
  const dormantCode = [...(p.dormantCode ?? s.dormantCode ?? DEFAULT_DORMANT_CODE), ...(p.extendDormantCode ?? s.extendDormantCode ?? [])];
  const isDormantCode = dormantCodeMatcher(dormantCode, root);
  return {
    root,
    configFile: project?.file ?? null,
    isRuleEnabled(ruleId, slug) {
      if (ignore.some((sel) => matchesSelector(sel, ruleId, slug))) return false;
      return !select || select.some((sel) => matchesSelector(sel, ruleId, slug));
    },
    severityOverride: (ruleId) => severity[ruleId],
    isExcluded(filePath) {
      if (!excludeMatcher) return false;
      const relative = root ? path.relative(root, path.resolve(filePath)) : filePath;
      const posix = relative.split(path.sep).join('/');
      return excludeMatcher(posix) || posix.split('/').some((_, i, parts) => excludeMatcher(parts.slice(0, i + 1).join('/')));
    },
    isDormantCode,
    extraCredentialNames: p.extraCredentialNames ?? s.extraCredentialNames ?? [],
    credentialPatterns: (p.credentialPatterns ?? s.credentialPatterns ?? []).map(compileUserPattern),
    fullExtractAllowlist: new Set((p.fullExtractAllowlist ?? s.fullExtractAllowlist ?? []).map((t) => t.toLowerCase())),
    baseline: baseline ? (root ? path.resolve(root, baseline) : baseline) : null,
  };
}

export const DEFAULT_CONFIG: EffectiveConfig = resolveConfig(undefined, null, null);
