// Retried-ness along the module's call graph: a function is retried when a retry decorator wraps
// it, it is handed to a retry wrapper (`retry(...)(fetch)`), or every call of it sits in retried
// code (a retry loop, a retried caller). One analysis per document version serves every
// statement's exports, which name exactly what other statements read of this one.

import type { CallFact, ChunkFacts, FunctionFact } from '../../server/src/engine/python/facts';
import { VersionedCache, type PythonFacts } from '../../server/src/engine/python/python-facts';
import { ModuleEdits } from '../support/module-edits';
import { callInfo, retriesOfStatement } from './io-sites';
import { ControlFlow, inRetryLoop, isLocalRetryHelper } from './retry-mechanisms';
import { isRetryName, ORCHESTRATED_RETRY } from './retry-names';
import type { SourceText } from '../../server/src/engine/source-text';

/** One statement's calls by the local name they call, and the names it hands to retry wrappers. */
interface StatementCallNames {
  callsByName: Map<string, CallFact[]>;
  wrapped: string[];
}

const statementCallNames = new VersionedCache<ChunkFacts, StatementCallNames>();

/** Kept per statement while names resolve alike, so a keystroke reads only the edited statement's calls. */
function callNamesOf(chunk: ChunkFacts, py: PythonFacts, text: SourceText): StatementCallNames {
  let names = statementCallNames.get(chunk, py.resolutionVersion);
  if (names) return names;
  names = { callsByName: new Map(), wrapped: [] };
  for (const call of py.settled(chunk).calls) {
    const info = callInfo(call, py, text);
    names.wrapped.push(...info.wrapped);
    if (!info.localName) continue;
    const list = names.callsByName.get(info.localName);
    if (list) list.push(call);
    else names.callsByName.set(info.localName, [call]);
  }
  statementCallNames.set(chunk, py.resolutionVersion, names);
  return names;
}

/**
 * Which statements (by position) call each local name, and how many hand each name to a retry
 * wrapper, as of `chunks`. The document's last one is kept in its memo: facts from an edit that
 * replaced statements in place get a copy with only those statements' names moved.
 */
interface CallNameIndex {
  readonly resolutionVersion: number;
  readonly chunks: readonly ChunkFacts[];
  readonly names: readonly StatementCallNames[];
  readonly positionsByName: Map<string, number[]>;
  readonly wrappedCount: Map<string, number>;
}

const CALL_NAME_INDEX = '\u0000PW103 call names';

function callNameIndexOf(py: PythonFacts, text: SourceText): CallNameIndex {
  const chunks = py.rawChunks;
  const last = py.documentMemo.get(CALL_NAME_INDEX) as CallNameIndex | undefined;
  if (last && last.chunks === chunks && last.resolutionVersion === py.resolutionVersion) return last;
  const index = last && last.resolutionVersion === py.resolutionVersion && last.chunks.length === chunks.length ? updatedIndex(last, chunks, py, text) : builtIndex(chunks, py, text);
  py.documentMemo.set(CALL_NAME_INDEX, index);
  return index;
}

const NO_NAMES: StatementCallNames = { callsByName: new Map(), wrapped: [] };

function builtIndex(chunks: readonly ChunkFacts[], py: PythonFacts, text: SourceText): CallNameIndex {
  const index: CallNameIndex = { resolutionVersion: py.resolutionVersion, chunks, names: [], positionsByName: new Map(), wrappedCount: new Map() };
  const names = index.names as StatementCallNames[];
  for (let i = 0; i < chunks.length; i++) {
    names.push(chunks[i].calls.length === 0 ? NO_NAMES : callNamesOf(chunks[i], py, text));
    for (const name of names[i].callsByName.keys()) {
      const list = index.positionsByName.get(name);
      if (list) list.push(i);
      else index.positionsByName.set(name, [i]);
    }
    for (const name of names[i].wrapped) index.wrappedCount.set(name, (index.wrappedCount.get(name) ?? 0) + 1);
  }
  return index;
}

/** `last` with the statements `chunks` replaced (at the same positions) read again; `last` itself is left as it was. */
function updatedIndex(last: CallNameIndex, chunks: readonly ChunkFacts[], py: PythonFacts, text: SourceText): CallNameIndex {
  const names = last.names.slice();
  const positionsByName = new Map(last.positionsByName);
  const wrappedCount = new Map(last.wrappedCount);
  const copied = new Set<string>();
  /** The name's positions, a copy of the last index's the first time (a name left without any is deleted). */
  const positionsOf = (name: string): number[] => {
    const list = positionsByName.get(name);
    if (list && copied.has(name)) return list;
    const own = list ? list.slice() : [];
    positionsByName.set(name, own);
    copied.add(name);
    return own;
  };
  for (let i = 0; i < chunks.length; i++) {
    if (chunks[i] === last.chunks[i]) continue;
    const before = names[i];
    const after = chunks[i].calls.length === 0 ? NO_NAMES : callNamesOf(chunks[i], py, text);
    names[i] = after;
    for (const name of before.callsByName.keys()) {
      if (after.callsByName.has(name)) continue;
      const list = positionsOf(name);
      list.splice(list.indexOf(i), 1);
      if (list.length === 0) positionsByName.delete(name);
    }
    for (const name of after.callsByName.keys()) {
      if (before.callsByName.has(name)) continue;
      const list = positionsOf(name);
      let at = list.length;
      while (at > 0 && list[at - 1] > i) at--;
      list.splice(at, 0, i);
    }
    for (const name of before.wrapped) wrappedCount.set(name, wrappedCount.get(name)! - 1);
    for (const name of after.wrapped) wrappedCount.set(name, (wrappedCount.get(name) ?? 0) + 1);
  }
  return { resolutionVersion: last.resolutionVersion, chunks, names, positionsByName, wrappedCount };
}

/** Per document version: which statements call each local name, and the names handed to retry wrappers. */
class ModuleCallNames {
  private readonly index: CallNameIndex;

  constructor(
    private readonly py: PythonFacts,
    private readonly text: SourceText,
  ) {
    this.index = callNameIndexOf(py, text);
  }

  /** Whether some statement hands `name` to a retry wrapper. */
  isWrapped(name: string): boolean {
    return (this.index.wrappedCount.get(name) ?? 0) > 0;
  }

  /** The calls of `name`, in document order (their statements settled). */
  callsOf(name: string): CallFact[] {
    const out: CallFact[] = [];
    for (const at of this.index.positionsByName.get(name) ?? []) {
      const chunk = this.py.settled(this.index.chunks[at]);
      out.push(...(callNamesOf(chunk, this.py, this.text).callsByName.get(name) ?? []));
    }
    return out;
  }
}

const CALL_NAMES = new WeakMap<PythonFacts, ModuleCallNames>();

function callNames(py: PythonFacts, text: SourceText): ModuleCallNames {
  let names = CALL_NAMES.get(py);
  if (!names) CALL_NAMES.set(py, (names = new ModuleCallNames(py, text)));
  return names;
}

/** One analysis per document version serves every statement's exports. */
const ANALYSES = new WeakMap<PythonFacts, RetryAnalysis>();

export function analysisOf(py: PythonFacts, text: SourceText): RetryAnalysis {
  let analysis = ANALYSES.get(py);
  if (!analysis) ANALYSES.set(py, (analysis = new RetryAnalysis(py, new ModuleEdits(py, text))));
  return analysis;
}

export class RetryAnalysis {
  private readonly flow: ControlFlow;
  private readonly memo = new Map<FunctionFact, boolean>();
  private readonly decorated = new Map<FunctionFact, boolean>();
  private readonly localHelpers = new Map<string, boolean>();

  constructor(readonly py: PythonFacts, private readonly module: ModuleEdits) {
    this.flow = new ControlFlow(py);
  }

  /** Calls of a function by its name: `extract()`, `self.extract()`. */
  private callSites(name: string): CallFact[] {
    return callNames(this.py, this.module.text).callsOf(name);
  }

  /** Names handed to a retry wrapper: `retry(stop=…)(extract)`, `retry_call(extract, tries=3)`. */
  private isWrapped(name: string): boolean {
    return callNames(this.py, this.module.text).isWrapped(name);
  }

  /** What other statements' results read of this one (see Rule.incremental): its own facts and name resolution only. */
  exportsOf(statement: ChunkFacts): string {
    const parts: string[] = [];
    for (const fn of statement.functions) {
      const helper = fn.parent === null && fn.className === null && isLocalRetryHelper(fn, this.py, this.flow);
      // Whether a decorator retries depends on other statements; they export what it reads.
      const ownIo = this.py.ownFacts(fn).calls.some((call) => callInfo(call, this.py, this.module.text).io !== null);
      // The fix reuses a top-level `def retry(attempts=…)` helper (fixes.ts): its parameters are read from other statements.
      const params = fn.parent === null && fn.className === null ? fn.params.join(',') : '';
      parts.push(`def ${fn.className ?? ''}.${fn.name}|${fn.parent === null}|${helper}|${ownIo}|${fn.decorators.join(',')}|${params}`);
    }
    for (const call of statement.calls) {
      const info = callInfo(call, this.py, this.module.text);
      if (info.wrapped.length > 0) parts.push(`wrap ${info.wrapped.join(',')}`);
      if (info.localName) parts.push(`call ${call.callee}|${call.fn ? `${call.fn.className ?? ''}.${call.fn.name}` : ''}|${this.callInRetryLoop(call)}`);
    }
    const retries = retriesOfStatement(statement, this.py, this.module.text);
    if (retries.mounts.length > 0 || retries.retryingAdapter || retries.httpAnyClient || retries.objectStorage || retries.setsRetries) parts.push(`retries ${JSON.stringify(retries)}`);
    return parts.join(';');
  }

  /** A retry (or orchestrator-retry) decorator wraps the function itself. */
  isDecorated(fn: FunctionFact): boolean {
    if (fn.decorators.length === 0) return false;
    let known = this.decorated.get(fn);
    if (known === undefined) this.decorated.set(fn, (known = this.decoratorRetries(fn)));
    return known;
  }

  callInRetryLoop(call: CallFact): boolean {
    return inRetryLoop(call, this.py, this.flow);
  }

  isRetried(fn: FunctionFact, depth = 0): boolean {
    const known = this.memo.get(fn);
    if (known !== undefined) return known;
    this.memo.set(fn, false); // recursion guard
    const retried = this.computeRetried(fn, depth);
    this.memo.set(fn, retried);
    return retried;
  }

  private decoratorRetries(fn: FunctionFact): boolean {
    for (const decorator of fn.decorators) {
      if (ORCHESTRATED_RETRY.test(decorator)) return true;
      const head = /^[A-Za-z_][\w.]*/.exec(decorator)?.[0];
      if (!head) continue;
      if (isRetryName(this.py.resolveName(head))) return true;
      if (head.includes('.')) continue;
      let local = this.localHelpers.get(head);
      if (local === undefined) {
        const helper = this.module.topLevelFunction(head);
        local = helper !== undefined && isLocalRetryHelper(helper, this.py, this.flow);
        this.localHelpers.set(head, local);
      }
      if (local) return true;
      // `resilient = tenacity.retry(stop=…)` at module level, then `@resilient`
      const bound = this.py.lastAssignment(head, null, fn.start);
      if (bound?.call && isRetryName(this.py.resolveCall(bound.call))) return true;
    }
    return false;
  }

  /** The calls of `fn` from other functions or the module: `extract()`, or `self.extract()` for a method. */
  callersOf(fn: FunctionFact): CallFact[] {
    return this.callSites(fn.name).filter((c) => (fn.className ? /^(self|cls)\./.test(c.callee) : !c.callee.includes('.')) && c.fn !== fn);
  }

  private computeRetried(fn: FunctionFact, depth: number): boolean {
    if (this.isDecorated(fn)) return true;
    if (fn.parent === null && this.isWrapped(fn.name)) return true;
    // `fetch = retry(stop=…)(fetch)` at module level
    const rebound = this.py.lastAssignment(fn.name, null, Number.MAX_SAFE_INTEGER);
    if (rebound?.call && rebound.valueStart > fn.end && isRetryName(this.py.resolveCall(rebound.call))) return true;
    if (depth >= 5) return false;
    // Called only from retried code: the caller's retry re-runs this function too.
    const sites = this.callersOf(fn);
    if (sites.length === 0) return false;
    return sites.every((site) => this.callInRetryLoop(site) || (site.fn !== null && this.isRetried(site.fn, depth + 1)));
  }
}
