// PW103 no-retry-on-io: functions that talk to a database, an HTTP API, a warehouse or object
// storage with nothing that retries a transient failure. One finding per function, on its name.
// A function counts as retried when a retry decorator wraps it, a retry loop (`while`/`for
// attempt in range(…)` with a try) surrounds its I/O, its HTTP session mounts a retrying adapter,
// every caller is itself retried, or the orchestrator retries the step (Airflow retries in the
// same DAG module, `@task(retries=…)`, or the pipeline config through ctx.project).

import type { Fix, Rule, RuleContext, TextEdit } from '../server/src/engine/types';
import type { CallFact, ChunkFacts, FunctionFact, LoopFact, TryFact } from '../server/src/engine/python/facts';
import { VersionedCache, groupByFunction, type PythonFacts } from '../server/src/engine/python/python-facts';
import { classifyIo, isRemoteIo, isSparkIo, type IoKind } from '../server/src/engine/knowledge';
import { renderSnippet } from '../server/src/engine/snippets';
import { indentAt, lineStart, ModuleEdits, nextLineStart } from './support/module-edits';

const ID = 'PW103';
const TITLE_PREFIX = `Pipewise (${ID}):`;

/** Names that say "retry" (`retry`, `tenacity.retry`, `with_retries`, `backoff.on_exception`, `api_retry`). */
const RETRY_NAME = /retr(y|ies|ying)|backoff/i;
const RETRY_LIBRARIES = new Set(['tenacity', 'backoff', 'retrying', 'retry', 'retry2', 'stamina', 'opnieuw', 'redo']);
/** Orchestrator decorators that retry the function (Prefect/Airflow `@task(retries=3)`, Dagster `retry_policy=`, Celery `autoretry_for=`). */
const ORCHESTRATED_RETRY = /\b(retries|max_retries)=(?!0[,)])|\b(retry_policy|op_retry_policy|autoretry_for)=/;
const RETRY_LOOP_TARGET = /attempt|retr|tries|\btry/i;
/** Web request handlers (`@app.get("/orders")`, `@router.post(...)`, `@bp.route(...)`): the client retries, not the handler. */
const WEB_ROUTE = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*\.(route|get|post|put|patch|delete|head|options|websocket|api_route)\(["'\/]/;
/** Decorators whose wrapped function returns a generator/context manager: a retry decorator around it would not see the I/O. */
const GENERATOR_WRAPPERS = /^(contextlib\.)?(contextmanager|asynccontextmanager)$/;
/** Client constructors that connect lazily: creating one does no I/O. */
const LAZY_CONNECT = new Set([
  'sqlalchemy.create_engine', 'sqlalchemy.ext.asyncio.create_async_engine', 'redis.Redis', 'redis.StrictRedis', 'redis.from_url', 'pymongo.MongoClient',
]);

interface IoSite {
  call: CallFact;
  kind: IoKind;
}

interface ModuleRetries {
  /** Receivers (`session`, `self.session`) that mount an `HTTPAdapter(max_retries=…)`. */
  httpReceivers: Set<string>;
  /** An httpx `HTTPTransport(retries=n)` exists: the module's httpx clients retry connects. */
  httpAnyClient: boolean;
  /** A botocore `Config(retries=…)` exists: boto3 clients of the module retry. */
  objectStorage: boolean;
}

// ---------------------------------------------------------------------------------------------
// What counts as I/O here

/**
 * What the rule needs to know about one call, computed once and kept while the call's statement
 * and the module's imports are unchanged: the rule scans every call of the file per keystroke.
 */
interface CallInfo {
  /** The remote I/O the call performs, after the lazy-connect and Spark exceptions. */
  io: IoKind | null;
  /** Names handed to a retry wrapper by this call (`retry(...)(extract)`). */
  wrapped: string[];
  /** The local function name this call invokes (`extract()`, `self.extract()`), or null. */
  localName: string | null;
  method: string;
  receiver: string;
}

const callInfos = new VersionedCache<CallFact, CallInfo>();

function callInfo(call: CallFact, py: PythonFacts, text: string): CallInfo {
  let info = callInfos.get(call, py.resolutionVersion);
  if (info) return info;
  const kind = classifyIo(call, py);
  let io: IoKind | null = isRemoteIo(kind) ? kind : null;
  if (io !== null) {
    const resolved = py.resolveCall(call).replace(/\(\)/g, '');
    if (io === 'db-connect' && LAZY_CONNECT.has(resolved)) io = null;
    // Spark retries failed tasks itself; a driver-side spark.sql() or reader is not where retries go.
    else if (isSparkIo(call, py)) io = null;
  }
  const wrapped: string[] = [];
  if (call.callee && call.args.some((a) => a.kind === 'positional' && a.nodeType === 'identifier') && isRetryName(py.resolveCall(call))) {
    for (const arg of call.args) if (arg.kind === 'positional' && arg.nodeType === 'identifier') wrapped.push(text.slice(arg.start, arg.end));
  }
  const callee = call.callee;
  const local = callee.startsWith('self.') ? callee.slice(5) : callee.startsWith('cls.') ? callee.slice(4) : callee;
  info = { io, wrapped, localName: local && !/[.()[\]]/.test(local) ? local : null, method: methodOf(callee), receiver: receiverOf(callee) };
  callInfos.set(call, py.resolutionVersion, info);
  return info;
}

/** Remote I/O calls by function, skipping functions a retry decorator already wraps (no need to classify their calls). */
function ioSites(py: PythonFacts, calls: readonly CallFact[], analysis: RetryAnalysis, text: string): Map<FunctionFact, IoSite[]> {
  const byFunction = new Map<FunctionFact, IoSite[]>();
  for (const call of calls) {
    if (!call.fn) continue;
    const kind = callInfo(call, py, text).io;
    if (kind === null || analysis.isDecorated(call.fn)) continue;
    const list = byFunction.get(call.fn);
    if (list) list.push({ call, kind });
    else byFunction.set(call.fn, [{ call, kind }]);
  }
  return byFunction;
}

function receiverOf(callee: string): string {
  const dot = callee.lastIndexOf('.');
  return dot < 0 ? '' : callee.slice(0, dot);
}

function methodOf(callee: string): string {
  return callee.slice(callee.lastIndexOf('.') + 1);
}

function keywordValue(text: string, call: CallFact, name: string): string | null {
  const arg = call.args.find((a) => a.kind === 'keyword' && a.name === name);
  return arg ? text.slice(arg.start, arg.end).trim() : null;
}

function isZero(value: string | null): boolean {
  return value !== null && /^(0|None|False)$/.test(value);
}

/** What one statement contributes to ModuleRetries; kept while the statement is unchanged. */
interface StatementRetries {
  mounts: string[];
  retryingAdapter: boolean;
  httpAnyClient: boolean;
  objectStorage: boolean;
  /** A call or dict sets a non-zero `retries` (an Airflow DAG's default_args or an operator). */
  setsRetries: boolean;
}

const statementRetries = new VersionedCache<ChunkFacts, StatementRetries>();

function retriesOfStatement(statement: ChunkFacts, py: PythonFacts, text: string): StatementRetries {
  let found = statementRetries.get(statement, py.resolutionVersion);
  if (found) return found;
  found = { mounts: [], retryingAdapter: false, httpAnyClient: false, objectStorage: false, setsRetries: false };
  for (const call of statement.calls) {
    if (call.args.length === 0) continue;
    const { method, receiver } = callInfo(call, py, text);
    if (method === 'mount') found.mounts.push(receiver);
    else if (method === 'HTTPAdapter') {
      const value = keywordValue(text, call, 'max_retries');
      if (value !== null && !isZero(value)) found.retryingAdapter = true;
    } else if (method === 'HTTPTransport' || method === 'AsyncHTTPTransport') {
      const value = keywordValue(text, call, 'retries');
      if (value !== null && !isZero(value)) found.httpAnyClient = true;
    } else if (method === 'Config' && call.args.some((a) => a.kind === 'keyword' && a.name === 'retries')) {
      found.objectStorage = true;
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

function moduleRetries(py: PythonFacts, text: string): ModuleRetries {
  const result: ModuleRetries = { httpReceivers: new Set(), httpAnyClient: false, objectStorage: false };
  let retryingAdapter = false;
  const mounts: string[] = [];
  for (const statement of py.chunks) {
    const found = retriesOfStatement(statement, py, text);
    mounts.push(...found.mounts);
    if (found.retryingAdapter) retryingAdapter = true;
    if (found.httpAnyClient) result.httpAnyClient = true;
    if (found.objectStorage) result.objectStorage = true;
  }
  if (retryingAdapter) for (const receiver of mounts) result.httpReceivers.add(receiver);
  return result;
}

/** Airflow DAG modules whose default_args or operators set retries: the orchestrator retries every task. */
function airflowRetriesConfigured(py: PythonFacts, text: string): boolean {
  if (!py.importsModule('airflow')) return false;
  return py.chunks.some((statement) => retriesOfStatement(statement, py, text).setsRetries);
}

// ---------------------------------------------------------------------------------------------
// Retry mechanisms

function isRetryName(dotted: string): boolean {
  const dot = dotted.search(/[.(]/);
  return RETRY_LIBRARIES.has(dot < 0 ? dotted : dotted.slice(0, dot)) || RETRY_NAME.test(dotted);
}

/** A module-level function whose body loops around a try: a hand-written retry decorator. */
function isLocalRetryHelper(helper: FunctionFact, py: PythonFacts, flow: ControlFlow): boolean {
  for (const f of py.statementAt(helper.start)?.functions ?? []) {
    if (f.start < helper.start || f.end > helper.end) continue;
    const loops = flow.loopsOf(f);
    const tries = flow.triesOf(f);
    if (loops.some((loop) => tries.some((t) => t.start >= loop.bodyStart && t.end <= loop.bodyEnd))) return true;
  }
  return false;
}

const STATEMENT_FLOW = new WeakMap<ChunkFacts, { loops: Map<FunctionFact | null, LoopFact[]>; tries: Map<FunctionFact | null, TryFact[]> }>();

/** Loops and tries by function: from the function's own statement (kept across keystrokes), or module-wide for module level. */
class ControlFlow {
  private moduleLevel: { loops: Map<FunctionFact | null, LoopFact[]>; tries: Map<FunctionFact | null, TryFact[]> } | undefined;

  constructor(private readonly py: PythonFacts) {}

  loopsOf(fn: FunctionFact | null): LoopFact[] {
    return this.groupsOf(fn).loops.get(fn) ?? [];
  }

  triesOf(fn: FunctionFact | null): TryFact[] {
    return this.groupsOf(fn).tries.get(fn) ?? [];
  }

  /** Module-level loops and tries, settling only the statements that hold some. */
  private moduleLevelGroups(): { loops: Map<FunctionFact | null, LoopFact[]>; tries: Map<FunctionFact | null, TryFact[]> } {
    const loops: LoopFact[] = [];
    const tries: TryFact[] = [];
    for (const chunk of this.py.rawChunks) {
      if (!chunk.loops.some((l) => l.fn === null) && !chunk.tries.some((t) => t.fn === null)) continue;
      this.py.settled(chunk);
      for (const loop of chunk.loops) if (loop.fn === null) loops.push(loop);
      for (const t of chunk.tries) if (t.fn === null) tries.push(t);
    }
    return { loops: groupByFunction(loops), tries: groupByFunction(tries) };
  }

  private groupsOf(fn: FunctionFact | null): { loops: Map<FunctionFact | null, LoopFact[]>; tries: Map<FunctionFact | null, TryFact[]> } {
    const owner = fn ? this.py.statementAt(fn.start) : undefined;
    if (!owner) return (this.moduleLevel ??= this.moduleLevelGroups());
    let groups = STATEMENT_FLOW.get(owner);
    if (!groups) STATEMENT_FLOW.set(owner, (groups = { loops: groupByFunction(owner.loops), tries: groupByFunction(owner.tries) }));
    return groups;
  }
}

function isRetryLoop(loop: LoopFact, py: PythonFacts): 'with-try' | 'self' | false {
  if (loop.iterable && isRetryName(py.resolveName(loop.iterable))) return 'self';
  if (loop.kind === 'while' || loop.iterable === 'range()' || RETRY_LOOP_TARGET.test(loop.target)) return 'with-try';
  return false;
}

/** The call sits in a retry loop of its own function (or of the module level): `for attempt in range(n): try: …` or tenacity's `for attempt in Retrying(…)`. */
function inRetryLoop(call: CallFact, py: PythonFacts, flow: ControlFlow): boolean {
  for (const loop of flow.loopsOf(call.fn)) {
    if (call.start < loop.bodyStart || call.start >= loop.bodyEnd) continue;
    const shape = isRetryLoop(loop, py);
    if (shape === 'self') return true;
    if (!shape) continue;
    for (const t of flow.triesOf(call.fn)) {
      if (t.start >= loop.bodyStart && t.end <= loop.bodyEnd && call.start >= t.bodyStart && call.start < t.bodyEnd && t.handlers.length > 0) return true;
    }
  }
  return false;
}


/** Per document version: calls by the local name they call, and names handed to retry wrappers. */
const CALL_NAMES = new WeakMap<PythonFacts, { callsByName: Map<string, CallFact[]>; wrapped: Set<string> }>();

function callNames(py: PythonFacts, text: string): { callsByName: Map<string, CallFact[]>; wrapped: Set<string> } {
  let names = CALL_NAMES.get(py);
  if (names) return names;
  names = { callsByName: new Map(), wrapped: new Set() };
  for (const call of py.calls) {
    const info = callInfo(call, py, text);
    for (const name of info.wrapped) names.wrapped.add(name);
    if (!info.localName) continue;
    const list = names.callsByName.get(info.localName);
    if (list) list.push(call);
    else names.callsByName.set(info.localName, [call]);
  }
  CALL_NAMES.set(py, names);
  return names;
}

/** One analysis per document version serves every statement's exports. */
const ANALYSES = new WeakMap<PythonFacts, RetryAnalysis>();

function analysisOf(py: PythonFacts, text: string): RetryAnalysis {
  let analysis = ANALYSES.get(py);
  if (!analysis) ANALYSES.set(py, (analysis = new RetryAnalysis(py, new ModuleEdits(py, text))));
  return analysis;
}

class RetryAnalysis {
  private readonly flow: ControlFlow;
  private readonly memo = new Map<FunctionFact, boolean>();
  private readonly decorated = new Map<FunctionFact, boolean>();
  private readonly localHelpers = new Map<string, boolean>();

  constructor(private readonly py: PythonFacts, private readonly module: ModuleEdits) {
    this.flow = new ControlFlow(py);
  }

  /** Calls of a function by its name: `extract()`, `self.extract()`. */
  private callSites(name: string): CallFact[] {
    return callNames(this.py, this.module.text).callsByName.get(name) ?? [];
  }

  /** Names handed to a retry wrapper: `retry(stop=…)(extract)`, `retry_call(extract, tries=3)`. */
  private isWrapped(name: string): boolean {
    return callNames(this.py, this.module.text).wrapped.has(name);
  }

  /** The function itself (not a function nested in it) does remote I/O and no retry decorator wraps it. */
  doesOwnIo(fn: FunctionFact): boolean {
    return !this.isDecorated(fn) && this.py.ownFacts(fn).calls.some((call) => callInfo(call, this.py, this.module.text).io !== null);
  }

  /** What other statements' results read of this one (see Rule.incremental): its own facts and name resolution only. */
  exportsOf(statement: ChunkFacts): string {
    const parts: string[] = [];
    for (const fn of statement.functions) {
      const helper = fn.parent === null && fn.className === null && isLocalRetryHelper(fn, this.py, this.flow);
      // Whether a decorator retries depends on other statements; they export what it reads.
      const ownIo = this.py.ownFacts(fn).calls.some((call) => callInfo(call, this.py, this.module.text).io !== null);
      parts.push(`def ${fn.className ?? ''}.${fn.name}|${fn.parent === null}|${helper}|${ownIo}|${fn.decorators.join(',')}`);
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

// ---------------------------------------------------------------------------------------------
// Messages

const KIND_ORDER: IoKind[] = ['db-connect', 'db-read', 'db-query', 'db-write', 'http', 'warehouse-query', 'warehouse-load', 'object-storage'];

function displayName(call: CallFact, py: PythonFacts): string {
  const resolved = py.resolveCall(call);
  return resolved.includes('()') ? call.callee : resolved;
}

function describeKind(kind: IoKind, name: string): string {
  switch (kind) {
    case 'db-connect': return 'connects to the database';
    case 'db-read': return `reads with ${name}`;
    case 'db-query': return `queries the database with ${name}`;
    case 'db-write': return `writes to the database with ${name}`;
    case 'http': return `calls an HTTP API with ${name}`;
    case 'warehouse-query': return `queries the warehouse with ${name}`;
    case 'warehouse-load': return `loads into the warehouse with ${name}`;
    case 'object-storage': return `uses object storage with ${name}`;
    default: return `does I/O with ${name}`;
  }
}

function joinPhrases(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function messageFor(fn: FunctionFact, sites: IoSite[], py: PythonFacts): string {
  const firstByKind = new Map<IoKind, CallFact>();
  for (const site of sites) if (!firstByKind.has(site.kind)) firstByKind.set(site.kind, site.call);
  const phrases = KIND_ORDER.filter((k) => firstByKind.has(k)).slice(0, 3).map((k) => describeKind(k, displayName(firstByKind.get(k)!, py)));
  const owner = fn.className ? `${fn.className}.${fn.name}` : fn.name;
  return `${owner}() ${joinPhrases(phrases)} without any retry; wrap it in a retry with backoff`;
}

// ---------------------------------------------------------------------------------------------
// Fix: a retry decorator (tenacity when the module already uses it, else the stdlib helper)

const TENACITY_NAMES = ['retry', 'stop_after_attempt', 'wait_exponential'];

const rendered = new Map<string, string>();
/** Snippets render the same text every time: once per process. */
function snippet(prefix: string): string {
  let text = rendered.get(prefix);
  if (text === undefined) rendered.set(prefix, (text = renderSnippet(prefix)));
  return text;
}

/** Where the decorator goes: on its own line right above `def` (inside existing decorators, so it wraps the plain function). */
function decoratorEdit(text: string, fn: FunctionFact, decorator: string): TextEdit {
  const indent = indentAt(text, fn.nameStart);
  const at = lineStart(text, fn.nameStart) + indent.length;
  return { start: at, end: at, newText: `${decorator}\n${indent}` };
}

function isAsync(text: string, fn: FunctionFact): boolean {
  return /^\s*async\s+def\b/.test(text.slice(lineStart(text, fn.nameStart), fn.nameStart));
}

function tenacityFix(module: ModuleEdits, fn: FunctionFact): Fix | null {
  const { py, text } = module;
  const missing: string[] = [];
  for (const name of TENACITY_NAMES) {
    const bound = module.binding(name);
    if (bound === `tenacity.${name}`) continue;
    if (bound !== null) return null; // the name means something else here
    missing.push(name);
  }
  const edits: TextEdit[] = [];
  if (missing.length > 0) {
    const lastTenacity = py.imports.filter((i) => i.topLevel && (i.module === 'tenacity' || i.module.startsWith('tenacity.'))).reduce((end, i) => Math.max(end, i.end), -1);
    if (lastTenacity < 0) return null;
    const at = nextLineStart(text, module.chunkAt(lastTenacity)?.end ?? lastTenacity);
    const needsBreak = at === text.length && !text.endsWith('\n');
    edits.push({ start: at, end: at, newText: `${needsBreak ? '\n' : ''}from tenacity import ${missing.join(', ')}\n` });
  }
  edits.push(decoratorEdit(text, fn, snippet('pw-retry-tenacity')));
  return { title: `${TITLE_PREFIX} Retry ${fn.name}() with tenacity (exponential backoff, 5 attempts)`, edits, safe: false, preferred: true };
}

/**
 * The helper's default `retry_on` (ConnectionError, TimeoutError, OSError) covers requests and
 * urllib failures; database drivers, pandas, cloud SDKs and httpx raise their own exception
 * classes, so for those the decorator retries any exception (as tenacity's default does).
 */
function stdlibDecorator(py: PythonFacts, sites: IoSite[]): string {
  const osErrorsOnly = sites.every(({ call, kind }) => kind === 'http' && /^(requests|urllib)\b/.test(py.resolveCall(call)));
  return osErrorsOnly ? '@retry()' : '@retry(retry_on=(Exception,))';
}

function stdlibFix(module: ModuleEdits, fn: FunctionFact, sites: IoSite[]): Fix | null {
  const { py, text } = module;
  if (isAsync(text, fn)) return null; // the helper wraps plain functions only
  const edits: TextEdit[] = [];
  // The module may already hold the `pw-retry` helper (a top-level `def retry(attempts=…)`).
  const hasHelper = module.topLevelFunction('retry')?.params.includes('attempts') ?? false;
  if (!hasHelper) {
    if (module.binding('retry') !== null) return null;
    const imports = module.importEdits(['functools', 'random', 'time']);
    if (!imports) return null;
    const helper = module.helperEdit(fn.start, snippet('pw-retry'), imports);
    if (!helper) return null;
    edits.push(...imports, helper);
  }
  edits.push(decoratorEdit(text, fn, stdlibDecorator(py, sites)));
  return { title: `${TITLE_PREFIX} Retry ${fn.name}() with a small backoff helper (5 attempts)`, edits, safe: false, preferred: true };
}

function fixesFor(module: ModuleEdits, fn: FunctionFact, sites: IoSite[]): Fix[] {
  if (fn.decorators.some((d) => GENERATOR_WRAPPERS.test(module.py.resolveName(d)))) return [];
  const fix = (module.py.importsModule('tenacity') ? tenacityFix(module, fn) : null) ?? stdlibFix(module, fn, sites);
  return fix ? [fix] : [];
}

/**
 * A helper that only runs statements on a cursor or connection it is handed
 * (`def create_temp_table(cursor, name): cursor.execute(…)`), called only from functions of the
 * module that do I/O of their own: it is a step of their transaction, and the retry belongs
 * around the caller (reported there), not around one statement in the middle of it.
 */
function isStepOfCallers(fn: FunctionFact, sites: IoSite[], analysis: RetryAnalysis): boolean {
  if (fn.params.length === 0 || !sites.every(({ call }) => STATEMENT_METHOD.test(methodOf(call.callee)) && fn.params.includes(rootName(call.callee)))) return false;
  const callers = analysis.callersOf(fn);
  return callers.length > 0 && callers.every((c) => c.fn !== null && analysis.doesOwnIo(c.fn));
}

/** Methods of a cursor or connection that run a statement within the caller's session. */
const STATEMENT_METHOD = /^(execute\w*|exec_driver_sql|executemany|executescript|mogrify|callproc|copy_expert|copy_from|copy_to|query|run|get_records|get_first|get_pandas_df)$/;

/** `cursor` in `cursor.execute`, `conn` in `conn.cursor().execute`. */
function rootName(callee: string): string {
  const end = callee.search(/[.([]/);
  return end < 0 ? '' : callee.slice(0, end);
}

// ---------------------------------------------------------------------------------------------

function check(ctx: RuleContext): void {
  const py = ctx.doc.python;
  if (!py || ctx.doc.isTestFile) return;
  const text = ctx.doc.text;
  const moduleEdits = new ModuleEdits(py, text);
  const analysis = new RetryAnalysis(py, moduleEdits);
  const sitesByFn = ioSites(py, ctx.statement?.calls ?? py.calls, analysis, text);
  if (sitesByFn.size === 0) return;
  const retries = ctx.project?.retriesForScript(ctx.doc.path);
  if (retries !== undefined && retries !== null && retries > 0) return;
  if (airflowRetriesConfigured(py, text)) return;
  let clients: ModuleRetries | undefined;
  const retryingClients = () => (clients ??= moduleRetries(py, text));
  const airflowModule = py.importsModule('airflow');
  for (const [fn, allSites] of sitesByFn) {
    // Operator/sensor methods run as Airflow tasks: their retries are set where the task is declared (PW403).
    if (airflowModule && fn.className && (fn.name === 'execute' || fn.name === 'poke') && fn.params.includes('context')) continue;
    if (fn.decorators.some((d) => WEB_ROUTE.test(d))) continue;
    const sites = allSites.filter(({ call, kind }) => {
      if (call.args.some((a) => a.kind === 'keyword' && a.name === 'retry' && !isZero(text.slice(a.start, a.end).trim()))) return false;
      if (kind === 'http') {
        const { httpReceivers, httpAnyClient } = retryingClients();
        if (httpReceivers.has(receiverOf(call.callee)) || (httpAnyClient && !/^(requests|httpx)$/.test(receiverOf(py.resolveCall(call))))) return false;
      }
      if (kind === 'object-storage' && retryingClients().objectStorage) return false;
      return true;
    });
    if (sites.length === 0) continue;
    if (allSites.some((site) => analysis.callInRetryLoop(site.call))) continue;
    if (analysis.isRetried(fn)) continue;
    if (isStepOfCallers(fn, allSites, analysis)) continue;
    ctx.report({
      start: fn.nameStart,
      end: fn.nameEnd,
      message: messageFor(fn, sites, py),
      fixes: fixesFor(moduleEdits, fn, sites),
      fingerprintText: `${fn.className ?? ''}.${fn.name}`,
    });
  }
}

export const noRetryOnIo: Rule = {
  meta: {
    id: ID,
    slug: 'no-retry-on-io',
    title: 'External I/O without retries',
    priority: 'P1',
    dialects: ['python'],
    rationale: 'Databases, APIs, warehouses and object stores fail transiently (restarts, throttling, network blips); without a retry one blip fails the whole run and pages someone at 3 AM.',
    recommendation: 'Wrap the function doing I/O in a retry with exponential backoff (tenacity, or a small stdlib helper), or let the orchestrator retry the step.',
    fixable: true,
  },
  check,
  incremental: {
    // Retried-ness crosses statements: callers, wrappers, decorators defined elsewhere, adapters.
    exports: (statement, { doc }) => (doc.python ? analysisOf(doc.python, doc.text).exportsOf(statement) : ''),
    key: ({ doc, project }) => String(project?.retriesForScript(doc.path) ?? null),
  },
};
