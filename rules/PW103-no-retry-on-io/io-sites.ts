// What counts as I/O for PW103: remote calls (databases, HTTP, warehouses, object storage) after
// the lazy-connect and Spark exceptions, computed once per call and kept across keystrokes; and
// the clients of a module that retry by themselves (a session mounting a retrying HTTPAdapter, an
// httpx transport with retries, a botocore Config with retries).

import type { CallFact, ChunkFacts, FunctionFact } from '../../server/src/engine/python/facts';
import { VersionedCache, type PythonFacts } from '../../server/src/engine/python/python-facts';
import { clientRetrySettingOf, ioOf, methodOf, MOUNT_METHOD, receiverOf, type IoKind } from '../../server/src/engine/knowledge';
import { isRetryName } from './retry-names';
import type { SourceText } from '../../server/src/engine/source-text';

export interface IoSite {
  call: CallFact;
  kind: IoKind;
}

/**
 * What the rule needs to know about one call, computed once and kept while the call's statement
 * and the module's imports are unchanged: the rule scans every call of the file per keystroke.
 */
export interface CallInfo {
  /** The remote I/O the call performs, after the lazy-connect and Spark exceptions. */
  io: IoKind | null;
  /** The client retries transient errors by itself (google-cloud, boto3, Azure, dlt's requests). */
  retriesByDefault: boolean;
  /** The call's own retry keyword (`num_retries=` of a googleapiclient request), when it has one. */
  retryKeyword: string | null;
  /** Names handed to a retry wrapper by this call (`retry(...)(extract)`). */
  wrapped: string[];
  /** The local function name this call invokes (`extract()`, `self.extract()`), or null. */
  localName: string | null;
  method: string;
  receiver: string;
}

const callInfos = new VersionedCache<CallFact, CallInfo>();

export function callInfo(call: CallFact, py: PythonFacts, text: SourceText): CallInfo {
  let info = callInfos.get(call, py.resolutionVersion);
  if (info) return info;
  const fact = ioOf(call, py);
  let io: IoKind | null = fact?.remote ? fact.kind : null;
  // A client that connects lazily does no I/O yet; Spark retries failed tasks itself, so a
  // driver-side spark.sql() or reader is not where retries go.
  if (fact?.lazy || fact?.spark) io = null;
  const wrapped: string[] = [];
  if (call.callee && call.args.some((a) => a.kind === 'positional' && a.nodeType === 'identifier') && isRetryName(py.resolveCall(call))) {
    for (const arg of call.args) if (arg.kind === 'positional' && arg.nodeType === 'identifier') wrapped.push(text.slice(arg.start, arg.end));
  }
  const callee = call.callee;
  const local = callee.startsWith('self.') ? callee.slice(5) : callee.startsWith('cls.') ? callee.slice(4) : callee;
  info = { io, retriesByDefault: fact?.retriesByDefault != null, retryKeyword: fact?.retryKeyword ?? null, wrapped, localName: local && !/[.()[\]]/.test(local) ? local : null, method: methodOf(callee), receiver: receiverOf(callee) };
  callInfos.set(call, py.resolutionVersion, info);
  return info;
}

/** Remote I/O calls by function, skipping functions `skip` says are covered (no need to classify their calls). */
export function ioSites(py: PythonFacts, calls: readonly CallFact[], skip: (fn: FunctionFact) => boolean, text: SourceText): Map<FunctionFact, IoSite[]> {
  const byFunction = new Map<FunctionFact, IoSite[]>();
  for (const call of calls) {
    if (!call.fn) continue;
    const kind = callInfo(call, py, text).io;
    if (kind === null || skip(call.fn)) continue;
    const list = byFunction.get(call.fn);
    if (list) list.push({ call, kind });
    else byFunction.set(call.fn, [{ call, kind }]);
  }
  return byFunction;
}

export function keywordValue(text: SourceText, call: CallFact, name: string): string | null {
  const arg = call.args.find((a) => a.kind === 'keyword' && a.name === name);
  return arg ? text.slice(arg.start, arg.end).trim() : null;
}

export function isZero(value: string | null): boolean {
  return value !== null && /^(0|None|False)$/.test(value);
}

// ---------------------------------------------------------------------------------------------
// Clients that retry by themselves

export interface ModuleRetries {
  /** Receivers (`session`, `self.session`) that mount an `HTTPAdapter(max_retries=…)`. */
  httpReceivers: Set<string>;
  /** An httpx `HTTPTransport(retries=n)` exists: the module's httpx clients retry connects. */
  httpAnyClient: boolean;
  /** A botocore `Config(retries=…)` exists: boto3 clients of the module retry. */
  objectStorage: boolean;
}

/** What one statement contributes to ModuleRetries; kept while the statement is unchanged. */
export interface StatementRetries {
  mounts: string[];
  retryingAdapter: boolean;
  httpAnyClient: boolean;
  objectStorage: boolean;
  /** A call or dict sets a non-zero `retries` (an Airflow DAG's default_args or an operator). */
  setsRetries: boolean;
}

const statementRetries = new VersionedCache<ChunkFacts, StatementRetries>();

export function retriesOfStatement(statement: ChunkFacts, py: PythonFacts, text: SourceText): StatementRetries {
  let found = statementRetries.get(statement, py.resolutionVersion);
  if (found) return found;
  found = { mounts: [], retryingAdapter: false, httpAnyClient: false, objectStorage: false, setsRetries: false };
  for (const call of py.settled(statement).calls) {
    if (call.args.length === 0) continue;
    const { method, receiver } = callInfo(call, py, text);
    if (method === MOUNT_METHOD) found.mounts.push(receiver);
    const setting = clientRetrySettingOf(method);
    const value = setting ? keywordValue(text, call, setting.keyword) : null;
    if (setting && value !== null && !isZero(value)) {
      if (setting.scope === 'mounted-session') found.retryingAdapter = true;
      else if (setting.scope === 'http-clients') found.httpAnyClient = true;
      else found.objectStorage = true;
    }
    const retries = keywordValue(text, call, 'retries');
    if (retries !== null && !isZero(retries)) found.setsRetries = true;
  }
  for (const str of statement.strings) {
    if (str.value !== 'retries' || str.isFString) continue;
    // `{"retries": 3}` or `default_args["retries"] = 3`
    const after = /^\s*\]?\s*[:=]\s*([^,}\n]+)/.exec(text.slice(str.end, str.end + 80));
    if (after && !isZero(after[1].trim())) found.setsRetries = true;
  }
  statementRetries.set(statement, py.resolutionVersion, found);
  return found;
}

export function moduleRetries(py: PythonFacts, text: SourceText): ModuleRetries {
  const result: ModuleRetries = { httpReceivers: new Set(), httpAnyClient: false, objectStorage: false };
  let retryingAdapter = false;
  const mounts: string[] = [];
  // Unsettled: a statement's answer is kept while names resolve alike, so most are only looked up.
  for (const statement of py.rawChunks) {
    const found = retriesOfStatement(statement, py, text);
    mounts.push(...found.mounts);
    if (found.retryingAdapter) retryingAdapter = true;
    if (found.httpAnyClient) result.httpAnyClient = true;
    if (found.objectStorage) result.objectStorage = true;
  }
  if (retryingAdapter) for (const receiver of mounts) result.httpReceivers.add(receiver);
  return result;
}

/**
 * The sites whose client does not retry for them: no explicit `retry=` (`retry=None` turns a
 * client's default retry off), no client that retries by default, no retrying session or transport.
 */
export function sitesWithoutClientRetry(sites: readonly IoSite[], py: PythonFacts, text: SourceText, clients: () => ModuleRetries): IoSite[] {
  return sites.filter(({ call, kind }) => {
    const ownRetry = callInfo(call, py, text).retryKeyword;
    if (ownRetry !== null) {
      const value = keywordValue(text, call, ownRetry);
      if (value !== null && !isZero(value)) return false;
    }
    const retry = keywordValue(text, call, 'retry');
    if (retry !== null) {
      if (!isZero(retry)) return false;
    } else if (callInfo(call, py, text).retriesByDefault) return false;
    if (kind === 'http') {
      const { httpReceivers, httpAnyClient } = clients();
      if (httpReceivers.has(receiverOf(call.callee)) || (httpAnyClient && !/^(requests|httpx)$/.test(receiverOf(py.resolveCall(call))))) return false;
    }
    return !(kind === 'object-storage' && clients().objectStorage);
  });
}

/** Airflow DAG modules whose default_args or operators set retries: the orchestrator retries every task. */
export function airflowRetriesConfigured(py: PythonFacts, text: SourceText): boolean {
  if (!py.importsModule('airflow')) return false;
  return py.rawChunks.some((statement) => retriesOfStatement(statement, py, text).setsRetries);
}

/**
 * The call runs inside a lambda handed to a retry helper (`api_call_with_retry(lambda: req.execute())`,
 * `self._with_retries(lambda: cur.execute(sql))`): the helper retries it.
 */
export function inRetriedLambda(call: CallFact, py: PythonFacts): boolean {
  return py.ownFacts(call.fn).calls.some(
    (outer) => outer !== call && outer.start < call.start && call.end <= outer.end && outer.args.some((a) => a.nodeType === 'lambda' && a.start <= call.start && call.end <= a.end) && isRetryName(py.resolveCall(outer)),
  );
}
