// Incremental rules (`Rule.incremental`) on Python documents: a statement that yielded no
// findings is remembered as clean under the rule's key (module context, settings, what the
// statements export), and only the other statements (the edited one, those with findings) are
// checked again. See docs/architecture.md, "Incremental rules".

import type { DocumentFacts } from './document';
import type { EffectiveConfig } from './config';
import { reporter } from './rule-report';
import { settleChunk, type ChunkFacts } from './python/facts';
import { VersionedCache, type PythonFacts } from './python/python-facts';
import type { Finding, ProjectView, Rule, RuleContext } from './types';

/** Above this share of statements to re-check, one whole-module run is cheaper than many small ones. */
const WHOLE_RUN_SHARE = 0.25;
const WHOLE_RUN_MIN = 16;

interface RuleCaches {
  /** The key (a serial, see KeyState) under which a statement last yielded no findings. */
  clean: VersionedCache<ChunkFacts, true>;
  /** What a statement exports (Rule.incremental.exports), by resolution version and settings. */
  exports: VersionedCache<ChunkFacts, string>;
}

/** What a document's key for one rule was made of last time; a new serial whenever any part changes. */
interface KeyState {
  context: number;
  settings: string;
  lint: string;
  exports: string[];
  serial: number;
}

const ruleCaches = new Map<string, RuleCaches>();
let lastKeySerial = 0;

const configSerials = new WeakMap<EffectiveConfig, number>();
let lastConfigSerial = 0;

function configSerial(config: EffectiveConfig): number {
  let serial = configSerials.get(config);
  if (serial === undefined) configSerials.set(config, (serial = ++lastConfigSerial));
  return serial;
}

/** What each statement exports for the rule ('' for most). */
function exportsOf(rule: Rule, chunks: readonly ChunkFacts[], cache: VersionedCache<ChunkFacts, string>, exportKey: string, context: Omit<RuleContext, 'report' | 'statement'>): string[] {
  const exports = rule.incremental?.exports;
  if (!exports) return [];
  const out = new Array<string>(chunks.length);
  for (let i = 0; i < chunks.length; i++) {
    let exported = cache.get(chunks[i], exportKey);
    if (exported === undefined) cache.set(chunks[i], exportKey, (exported = exports(settleChunk(chunks[i]), context)));
    out[i] = exported;
  }
  return out;
}

/** The rule's key for the document now: the last serial when nothing it is made of changed. */
function keySerial(py: PythonFacts, ruleId: string, context: number, settings: string, lint: string, exports: string[]): number {
  const memoKey = `lint-key:${ruleId}`;
  const last = py.documentMemo.get(memoKey) as KeyState | undefined;
  if (last && last.context === context && last.settings === settings && last.lint === lint && sameStrings(last.exports, exports)) return last.serial;
  const state: KeyState = { context, settings, lint, exports, serial: ++lastKeySerial };
  py.documentMemo.set(memoKey, state);
  return state.serial;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  // Unchanged statements hand back the very same string objects: mostly pointer comparisons.
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function checkIncrementally(rule: Rule, doc: DocumentFacts, py: PythonFacts, config: EffectiveConfig, project: ProjectView | undefined, out: Finding[]): void {
  const check = rule.check!;
  let caches = ruleCaches.get(rule.meta.id);
  if (!caches) ruleCaches.set(rule.meta.id, (caches = { clean: new VersionedCache(), exports: new VersionedCache() }));
  const { clean } = caches;
  // Unsettled: most statements are only looked up here, their facts never read.
  const chunks = py.rawChunks;
  const settingsKey = `${configSerial(config)}|${doc.isTestFile}`;
  const lintKey = rule.incremental?.key?.({ doc, config, project }) ?? '';
  // Exports read their own statement and name resolution only, so they outlive edits to module-level strings.
  const exported = exportsOf(rule, chunks, caches.exports, `${py.resolutionVersion}|${settingsKey}`, { doc, config, project });
  const key = keySerial(py, rule.meta.id, py.contextVersion, settingsKey, lintKey, exported);
  const stale: number[] = [];
  for (let i = 0; i < chunks.length; i++) if (clean.get(chunks[i], key) === undefined) stale.push(i);
  if (stale.length === 0) return;

  const findings: Finding[] = [];
  const origins: number[] = [];
  const report = reporter(rule, doc, findings, origins);
  if (stale.length > Math.max(WHOLE_RUN_MIN, chunks.length * WHOLE_RUN_SHARE)) {
    check({ doc, config, project, statement: null, report });
    const withFindings = new Set<ChunkFacts>();
    let unplaced = false;
    for (const origin of origins) {
      const chunk = py.statementAt(origin);
      if (chunk) withFindings.add(chunk);
      else unplaced = true;
    }
    // A finding from outside every statement could not be found again by statement: stay whole.
    if (!unplaced) for (const chunk of chunks) if (!withFindings.has(chunk) && !chunk.bareString) clean.set(chunk, key, true);
    const seen = new Map<string, Finding>();
    for (const finding of findings) if (firstOfItsKind(finding, seen)) out.push(finding);
    return;
  }
  const seen = new Map<string, Finding>();
  for (const index of stale) {
    const chunk = py.settled(chunks[index]);
    const before = findings.length;
    check({ doc, config, project, statement: chunk, report });
    let yielded = false;
    for (let i = before; i < findings.length; i++) {
      // Only what the statement itself causes: its findings appear again when it is checked.
      if (origins[i] < chunk.start || origins[i] >= chunk.end) continue;
      yielded = true;
      if (firstOfItsKind(findings[i], seen)) out.push(findings[i]);
    }
    // A bare string's meaning depends on its position (the module docstring): never kept.
    if (!yielded && !chunk.bareString) clean.set(chunk, key, true);
  }
}

/**
 * Two statements may lead to the same finding (one SQL constant run from two functions): a
 * whole-module run of an incremental rule reports it once, at the first, with the others as
 * related locations, and so does a run statement by statement.
 */
function firstOfItsKind(finding: Finding, seen: Map<string, Finding>): boolean {
  const key = `${finding.start}:${finding.end}`;
  const first = seen.get(key);
  if (!first) {
    seen.set(key, finding);
    return true;
  }
  for (const related of finding.related ?? []) {
    if (!first.related) first.related = [related];
    else if (!first.related.some((r) => r.start === related.start && r.path === related.path)) first.related.push(related);
  }
  return false;
}
