// The `pipewise.*` editor settings, read defensively: clients other than VS Code answer
// `workspace/configuration` with null, [null] or partial objects (Neovim 0.7 does).

import type { PipewiseOptions } from '../engine/config';
import type { SeveritySetting } from '../engine/types';

export interface ClientSettings {
  enable: boolean;
  lintDelayMs: number;
  /** When set, diagnostics link to this URL + rule id instead of the bundled page. */
  docsBaseUrl: string | null;
  /** The keys shared with the project file. */
  options: PipewiseOptions;
  /** How much analysis state open documents keep (`pipewise.memory.*`; read from the window's settings). */
  memory: AnalysisStateLimits;
}

/**
 * How many open documents keep their full analysis state (syntax tree, facts, the rules' cached
 * answers): the most recently opened, edited or asked about, within a budget of text. The others
 * keep their text and published diagnostics and are analysed again when needed (≈ 5.6 MB of
 * state per 100 kB of Python; see docs/benchmarks.md).
 */
export interface AnalysisStateLimits {
  /** At most this many documents keep their analysis state (`pipewise.memory.analysedDocuments`). */
  documents: number;
  /** …while their texts add up to at most this many UTF-16 code units (`pipewise.memory.analysedTextKb` × 1024); the most recent document always keeps its state. */
  textChars: number;
}

export const DEFAULT_ANALYSED_DOCUMENTS = 8;
export const DEFAULT_ANALYSED_TEXT_KB = 1024;
export const DEFAULT_ANALYSIS_STATE_LIMITS: AnalysisStateLimits = Object.freeze({ documents: DEFAULT_ANALYSED_DOCUMENTS, textChars: DEFAULT_ANALYSED_TEXT_KB * 1024 });

/** No fixed delay by default: the server waits only when analyses are slower than typing (see adaptive-delay.ts). */
export const DEFAULT_LINT_DELAY_MS = 0;
const MAX_LINT_DELAY_MS = 10_000;

export const DEFAULT_CLIENT_SETTINGS: ClientSettings = Object.freeze({
  enable: true,
  lintDelayMs: DEFAULT_LINT_DELAY_MS,
  docsBaseUrl: null,
  options: Object.freeze({}),
  memory: DEFAULT_ANALYSIS_STATE_LIMITS,
});

const SEVERITIES = new Set<string>(['error', 'warning', 'information', 'hint', 'off']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const strings = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
  return strings.length ? strings : undefined;
}

function severityTable(value: unknown): Record<string, SeveritySetting> | undefined {
  if (!isRecord(value)) return undefined;
  const table: Record<string, SeveritySetting> = {};
  for (const [ruleId, level] of Object.entries(value)) {
    if (typeof level !== 'string') continue;
    const normalized = level.toLowerCase() === 'info' ? 'information' : level.toLowerCase();
    if (SEVERITIES.has(normalized)) table[ruleId.trim().toUpperCase()] = normalized as SeveritySetting;
  }
  return Object.keys(table).length ? table : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function positiveInteger(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.min(Math.floor(value), max) : fallback;
}

function readMemoryLimits(value: unknown): AnalysisStateLimits {
  if (!isRecord(value)) return DEFAULT_ANALYSIS_STATE_LIMITS;
  return {
    documents: positiveInteger(value.analysedDocuments, DEFAULT_ANALYSED_DOCUMENTS, 10_000),
    textChars: positiveInteger(value.analysedTextKb, DEFAULT_ANALYSED_TEXT_KB, 1024 * 1024) * 1024,
  };
}

/** Settings from whatever the client sent; anything missing or malformed takes its default. */
export function readClientSettings(raw: unknown): ClientSettings {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!isRecord(value)) return DEFAULT_CLIENT_SETTINGS;
  const delay = value.lintDelayMs;
  const options: PipewiseOptions = {};
  const assign = <K extends keyof PipewiseOptions>(key: K, option: PipewiseOptions[K] | undefined) => {
    if (option !== undefined) options[key] = option;
  };
  assign('select', stringList(value.select));
  assign('ignore', stringList(value.ignore));
  assign('exclude', stringList(value.exclude));
  assign('extraCredentialNames', stringList(value.extraCredentialNames));
  assign('extendDormantCode', stringList(value.extendDormantCode));
  assign('severity', severityTable(value.severity));
  assign('baseline', nonEmptyString(value.baseline));
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : true,
    lintDelayMs: typeof delay === 'number' && Number.isFinite(delay) ? Math.min(Math.max(0, delay), MAX_LINT_DELAY_MS) : DEFAULT_LINT_DELAY_MS,
    docsBaseUrl: nonEmptyString(value.docsBaseUrl) ?? null,
    options,
    memory: readMemoryLimits(value.memory),
  };
}
