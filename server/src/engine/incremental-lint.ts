// Incremental rules (`Rule.incremental`) on Python documents: what a statement yielded (often
// nothing) is remembered under the rule's key (module context, settings, what the statements
// export), and only the other statements (the edited one, those whose findings reach outside
// them) are checked again. See docs/architecture.md, "Incremental rules".

import type { DocumentFacts } from './document';
import type { EffectiveConfig } from './config';
import { reporter } from './rule-report';
import { settleChunk, type ChunkFacts } from './python/facts';
import { latestFactsOf, VersionedCache, type PythonFacts } from './python/python-facts';
import { RememberedFinding, setLintContext } from './remembered-findings';
import type { Finding, ProjectView, Rule, RuleContext } from './types';

/** Above this share of statements to re-check, one whole-module run is cheaper than many small ones. */
const WHOLE_RUN_SHARE = 0.25;
const WHOLE_RUN_MIN = 16;

interface RuleCaches {
  /** What a statement yielded under a key (a serial, see KeyState); [] when nothing. */
  yielded: VersionedCache<ChunkFacts, readonly RememberedFinding[]>;
  /** What a statement exports (Rule.incremental.exports), by resolution version and settings. */
  exports: VersionedCache<ChunkFacts, string>;
}

/** What a document's key for one rule was made of last time; a new serial whenever any part changes. */
interface KeyState {
  context: number;
  settings: string;
  lint: string;
  /** The statements `exports` were read from, and under which export key. */
  exportKey: string;
  chunks: readonly ChunkFacts[];
  exports: readonly string[];
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

/**
 * What each statement exports for the rule ('' for most). Against the last lint's key (same
 * export key, as many statements): the statements that are the same objects export what they did,
 * so only the replaced ones are asked, and the last array is handed back when none of them changed.
 */
function exportsOf(rule: Rule, chunks: readonly ChunkFacts[], cache: VersionedCache<ChunkFacts, string>, exportKey: string, last: KeyState | undefined, context: Omit<RuleContext, 'report' | 'statement'>): readonly string[] {
  const exports = rule.incremental?.exports;
  if (!exports) return NO_EXPORTS;
  const exportOf = (chunk: ChunkFacts) => {
    let exported = cache.get(chunk, exportKey);
    if (exported === undefined) cache.set(chunk, exportKey, (exported = exports(settleChunk(chunk), context)));
    return exported;
  };
  if (last && last.exportKey === exportKey && last.chunks.length === chunks.length) {
    if (last.chunks === chunks) return last.exports;
    let out = last.exports;
    for (let i = 0; i < chunks.length; i++) {
      if (chunks[i] === last.chunks[i]) continue;
      const exported = exportOf(chunks[i]);
      if (exported === out[i]) continue;
      if (out === last.exports) out = out.slice();
      (out as string[])[i] = exported;
    }
    return out;
  }
  const out = new Array<string>(chunks.length);
  for (let i = 0; i < chunks.length; i++) out[i] = exportOf(chunks[i]);
  return out;
}

const NO_EXPORTS: readonly string[] = Object.freeze([]);

/** The rule's key for the document now: the last serial when nothing it is made of changed. */
function keySerial(py: PythonFacts, ruleId: string, last: KeyState | undefined, context: number, settings: string, lint: string, exportKey: string, exports: readonly string[]): number {
  const chunks = py.rawChunks;
  if (last && last.context === context && last.settings === settings && last.lint === lint && sameStrings(last.exports, exports)) {
    // The same key over these statements: the next lint compares against them.
    if (last.chunks !== chunks || last.exportKey !== exportKey) py.documentMemo.set(`lint-key:${ruleId}`, { ...last, chunks, exportKey, exports });
    return last.serial;
  }
  const state: KeyState = { context, settings, lint, exportKey, chunks, exports, serial: ++lastKeySerial };
  py.documentMemo.set(`lint-key:${ruleId}`, state);
  return state.serial;
}

/**
 * The rule's key for the document whose facts are `py`, once this lint has worked it out; undefined
 * before, and when the document is not linted incrementally (the CLI's single lints, a first lint
 * that defers its bookkeeping). Under one key the module context, the settings and what every
 * statement exports stay the same: what a rule derives from a statement that is the same object
 * and from what the others export holds for as long as the key does (key serials never repeat).
 */
export function currentKeyOf(py: PythonFacts, ruleId: string): number | undefined {
  const state = py.documentMemo.get(`lint-key:${ruleId}`) as KeyState | undefined;
  return state?.chunks === py.rawChunks ? state.serial : undefined;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  // Unchanged statements hand back the very same string objects: mostly pointer comparisons.
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Bookkeeping put off by a document's first lint (`deferBookkeeping`), kept in its document memo. */
const DEFERRED = '\u0000deferred lint bookkeeping';

/** Whether the first lint of `py`'s document left bookkeeping for `completeDeferredBookkeeping`. */
export function hasDeferredBookkeeping(py: PythonFacts): boolean {
  return py.documentMemo.has(DEFERRED);
}

/**
 * Completes the bookkeeping that the first lint of `py`'s document put off (what each statement
 * exports, what each yielded), exactly as that lint would have done it. Dropped when the document
 * has newer facts since: its statements moved on, and the next lint starts over.
 */
export function completeDeferredBookkeeping(py: PythonFacts): void {
  const pending = py.documentMemo.get(DEFERRED) as Deferred | undefined;
  if (!pending) return;
  py.documentMemo.delete(DEFERRED);
  if (latestFactsOf(py.documentMemo) !== pending.facts) return;
  for (const complete of pending.tasks) {
    try {
      complete();
    } catch {
      // A rule that fails here fails again in the next lint, which reports it; until then its
      // statements are only not remembered.
    }
  }
}

/**
 * `deferBookkeeping`: the first lint of a document of more than WHOLE_RUN_MIN statements is a whole
 * run either way (only the first: later lints never defer); it reports its findings first and leaves what makes the next lint incremental
 * (every statement's exports, the key, what each statement yielded) to
 * `completeDeferredBookkeeping`, which the server calls once the diagnostics are out.
 */
export function checkIncrementally(rule: Rule, doc: DocumentFacts, py: PythonFacts, config: EffectiveConfig, project: ProjectView | undefined, out: Finding[], deferBookkeeping = false): void {
  const check = rule.check!;
  let caches = ruleCaches.get(rule.meta.id);
  if (!caches) ruleCaches.set(rule.meta.id, (caches = { yielded: new VersionedCache(), exports: new VersionedCache() }));
  const { yielded } = caches;
  const exportCache = caches.exports;
  setLintContext(py.documentMemo, doc, config, project);
  // Unsettled: most statements are only looked up here, their facts never read.
  const chunks = py.rawChunks;
  const settingsKey = `${configSerial(config)}|${doc.isTestFile}`;
  const lintKey = rule.incremental?.key?.({ doc, config, project }) ?? '';
  const keyOf = () => {
    // Exports read their own statement and name resolution only, so they outlive edits to module-level strings.
    const exportKey = `${py.resolutionVersion}|${settingsKey}`;
    const last = py.documentMemo.get(`lint-key:${rule.meta.id}`) as KeyState | undefined;
    const exported = exportsOf(rule, chunks, exportCache, exportKey, last, { doc, config, project });
    return keySerial(py, rule.meta.id, last, py.contextVersion, settingsKey, lintKey, exportKey, exported);
  };
  const yieldsKey = `lint-yields:${rule.meta.id}`;
  const deduplicated = new Deduplicated(out);
  const findings: Finding[] = [];
  const origins: number[] = [];
  const report = reporter(rule, doc, findings, origins);
  /** Keeps what the statement yielded under `key`; undefined when it is not kept (checked every time). */
  const remember = (chunk: ChunkFacts, own: readonly Finding[], key: number): Yield => {
    // A bare string's meaning depends on its position (the module docstring): never kept.
    if (chunk.bareString) return undefined;
    const entries = own.length === 0 ? NOTHING : RememberedFinding.rememberAll(rule, chunk, doc, py.documentMemo, own);
    if (!entries) return undefined;
    yielded.set(chunk, key, entries);
    return entries;
  };
  const wholeRun = (rememberLater: boolean, key = 0) => {
    check({ doc, config, project, statement: null, report });
    const byChunk = new Map<ChunkFacts, Finding[]>();
    let unplaced = false;
    for (let i = 0; i < findings.length; i++) {
      const chunk = py.statementAt(origins[i]);
      if (!chunk) unplaced = true;
      else if (byChunk.has(chunk)) byChunk.get(chunk)!.push(findings[i]);
      else byChunk.set(chunk, [findings[i]]);
    }
    // A finding from outside every statement could not be found again by statement: stay whole.
    const rememberAll = (under: number) => chunks.map((chunk) => remember(chunk, byChunk.get(chunk) ?? NOTHING_FOUND, under));
    py.documentMemo.delete(yieldsKey);
    if (!unplaced && !rememberLater) keepYields(py, yieldsKey, key, chunks, rememberAll(key));
    if (!unplaced && rememberLater) deferredOf(py).push(() => rememberAll(keyOf()));
    // Remembered later from these very objects: merging duplicates must copy them, not extend them.
    for (const finding of findings) deduplicated.add(finding, rememberLater);
  };
  const deferredOnce = `\u0000deferred:${rule.meta.id}`;
  if (deferBookkeeping && chunks.length > WHOLE_RUN_MIN && !py.documentMemo.has(`lint-key:${rule.meta.id}`) && !py.documentMemo.has(deferredOnce)) {
    // No key yet for this document: nothing is remembered under the key it will get. Once per
    // document: if an edit comes before the bookkeeping (dropped then), the next lints do it.
    py.documentMemo.set(deferredOnce, true);
    wholeRun(true);
    return;
  }
  const key = keyOf();
  const yields = new Yields(py.documentMemo.get(yieldsKey) as LastYields | undefined, key, chunks, yielded);
  let stale = 0;
  for (let i = 0; i < chunks.length; i++) if (yields.at(i) === undefined) stale++;
  if (stale > Math.max(WHOLE_RUN_MIN, chunks.length * WHOLE_RUN_SHARE)) {
    wholeRun(false, key);
    return;
  }
  for (let i = 0; i < chunks.length; i++) {
    const known = yields.at(i);
    if (known) {
      for (const entry of known) deduplicated.add(entry.materialize(), true);
      continue;
    }
    const chunk = py.settled(chunks[i]);
    const before = findings.length;
    check({ doc, config, project, statement: chunk, report });
    const own: Finding[] = [];
    // Only what the statement itself causes: its findings appear again when it is checked.
    for (let j = before; j < findings.length; j++) if (origins[j] >= chunk.start && origins[j] < chunk.end) own.push(findings[j]);
    yields.set(i, remember(chunk, own, key));
    for (const finding of own) deduplicated.add(finding, false);
  }
  keepYields(py, yieldsKey, key, chunks, yields.all());
}

/** What a statement yielded under a key: its remembered findings, or undefined when not kept. */
type Yield = readonly RememberedFinding[] | undefined;

/** What each statement yielded in the rule's last lint of the document, and under which key. */
interface LastYields {
  key: number;
  chunks: readonly ChunkFacts[];
  yields: readonly Yield[];
}

function keepYields(py: PythonFacts, memoKey: string, key: number, chunks: readonly ChunkFacts[], yields: readonly Yield[]): void {
  py.documentMemo.set(memoKey, { key, chunks, yields } satisfies LastYields);
}

/**
 * What each statement yielded, for this lint. Against the rule's last lint under the same key and
 * as many statements: a statement that is the same object yielded what it did then (nothing else
 * remembers under this key: key serials never repeat), so only the replaced ones are looked up in
 * their memo, and the last array is reused until a statement yields something else.
 */
class Yields {
  private readonly last: LastYields | undefined;
  private yields: Yield[] | readonly Yield[];
  private copied: boolean;

  constructor(
    last: LastYields | undefined,
    private readonly key: number,
    private readonly chunks: readonly ChunkFacts[],
    private readonly cache: VersionedCache<ChunkFacts, readonly RememberedFinding[]>,
  ) {
    this.last = last && last.key === key && last.chunks.length === chunks.length ? last : undefined;
    this.yields = this.last ? this.last.yields : new Array<Yield>(chunks.length);
    this.copied = !this.last;
  }

  at(i: number): Yield {
    const { last } = this;
    if (last && this.chunks[i] === last.chunks[i]) return this.yields[i];
    const known = this.cache.get(this.chunks[i], this.key);
    // Unknown: the statement is checked, and what it yields is set then.
    if (known !== undefined) this.set(i, known);
    return known;
  }

  set(i: number, value: Yield): void {
    if (this.yields[i] === value) return;
    if (!this.copied) {
      this.yields = this.yields.slice();
      this.copied = true;
    }
    (this.yields as Yield[])[i] = value;
  }

  all(): readonly Yield[] {
    return this.yields;
  }
}

interface Deferred {
  /** The facts the deferred lint read: the tasks hold only while they are the document's latest. */
  facts: PythonFacts;
  tasks: Array<() => void>;
}

function deferredOf(py: PythonFacts): Array<() => void> {
  let pending = py.documentMemo.get(DEFERRED) as Deferred | undefined;
  if (pending?.facts !== py) py.documentMemo.set(DEFERRED, (pending = { facts: py, tasks: [] }));
  return pending.tasks;
}

const NOTHING: readonly RememberedFinding[] = Object.freeze([]);
const NOTHING_FOUND: readonly Finding[] = Object.freeze([]);

/**
 * Two statements may lead to the same finding (one SQL constant run from two functions): a
 * whole-module run of an incremental rule reports it once, at the first, with the others as
 * related locations, and so does a run statement by statement. Findings handed out again
 * (remembered) are shared across lints: merging into one copies it first.
 */
const RANGE_KEY_SPAN = 2 ** 24;

class Deduplicated {
  private readonly seen = new Map<number | string, { index: number; shared: boolean }>();

  constructor(private readonly out: Finding[]) {}

  add(finding: Finding, shared: boolean): void {
    // The range as one number (no string per finding per rule per keystroke) while it fits exactly.
    const key = finding.end < RANGE_KEY_SPAN ? finding.start * RANGE_KEY_SPAN + finding.end : `${finding.start}:${finding.end}`;
    const first = this.seen.get(key);
    if (!first) {
      this.seen.set(key, { index: this.out.length, shared });
      this.out.push(finding);
      return;
    }
    for (const related of finding.related ?? []) {
      let target = this.out[first.index];
      if (target.related?.some((r) => r.start === related.start && r.path === related.path)) continue;
      if (first.shared) {
        target = this.out[first.index] = { ...target, related: [...(target.related ?? [])] };
        first.shared = false;
      }
      if (!target.related) target.related = [related];
      else target.related.push(related);
    }
  }
}
