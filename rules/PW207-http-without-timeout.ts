// PW207 http-without-timeout: HTTP calls that can wait forever. requests and urllib have no
// default timeout, so a call without `timeout=` (or with `timeout=None`) hangs the pipeline when a
// server stops answering, and `urlretrieve` cannot take a timeout at all; httpx, aiohttp and dlt's
// requests helper time out by default, so only an explicit `timeout=None` counts. What each client
// does comes from the library model (knowledge/libraries/http.ts). Sessions whose module gives them
// a default timeout (a mounted timeout adapter, a `functools.partial` over `session.request`) are
// trusted, and `**options` may carry a timeout. Test files are not pipeline code.

import type { Fix, Rule, RuleContext, TextEdit } from '../server/src/engine/types';
import type { ArgFact, CallFact, ChunkFacts, FunctionFact, StatementFact } from '../server/src/engine/python/facts';
import type { DocumentFacts } from '../server/src/engine/document';
import { VersionedCache, type PythonFacts } from '../server/src/engine/python/python-facts';
import {
  httpClientOfFunction, httpClientOfSession, importsHttpClient, mayBeHttpCall, methodOf, receiverOf, type HttpClient,
} from '../server/src/engine/knowledge';
import { appendArgumentEdits, argumentStart, hasDictSplat, keywordArg, positionalArg } from './support/call-arguments';
import type { SourceText } from '../server/src/engine/source-text';

const ID = 'PW207';
const TITLE_PREFIX = `Pipewise (${ID}):`;
const TIMEOUT_SECONDS = '30';

interface HttpCall {
  client: HttpClient;
  /** The module function called (`urllib.request.urlopen`), '' for session calls and constructors. */
  fn: string;
  /** A session or client constructor (`httpx.Client(timeout=None)`). */
  constructor: boolean;
  /** A call on a session/client object (not the module-level API). */
  onSession: boolean;
  /** The receiver's text for session calls (`session`, `self.http`). */
  receiver: string;
}

/** Names bound by `with requests.Session() as s:` / `async with httpx.AsyncClient() as c:`, per statement. */
interface WithBinding {
  name: string;
  constructor: string;
  start: number;
  end: number;
}

class ModuleView {
  private withBindings: WithBinding[] | undefined;
  private classSessions: Map<string, string> | undefined;
  private timeoutReceivers: Set<string> | undefined;

  /** `statements`: where `with` bindings can be (a binding only covers calls inside its statement). */
  constructor(private readonly py: PythonFacts, private readonly text: SourceText, private readonly statements: readonly StatementFact[]) {}

  /** What a session receiver was constructed from (`requests.Session`), or null. */
  sessionConstructor(call: CallFact): string | null {
    const resolved = this.py.resolveCall(call);
    const match = /^(.*)\(\)\.[A-Za-z_]\w*$/.exec(resolved);
    if (match) return match[1];
    const receiver = receiverOf(call.callee);
    if (!receiver) return null;
    for (const binding of this.withBindingsList()) {
      if (binding.name === receiver && binding.start <= call.start && call.start < binding.end) return binding.constructor;
    }
    if (receiver.startsWith('self.') && call.fn?.className) return this.classSessionMap().get(`${call.fn.className}|${receiver}`) ?? null;
    return null;
  }

  /** Receivers the module gives a default timeout: a mounted timeout adapter or a partial over `.request`. */
  hasDefaultTimeout(receiver: string): boolean {
    if (!this.timeoutReceivers) {
      this.timeoutReceivers = new Set();
      for (const call of this.py.calls) {
        if (methodOf(call.callee) !== 'mount') continue;
        const adapter = positionalArg(call, 1) ?? keywordArg(call, 'adapter');
        if (adapter && this.adapterSetsTimeout(adapter, call.fn, call.start)) this.timeoutReceivers.add(receiverOf(call.callee));
      }
      for (const a of this.py.assignments) {
        if (!a.target.endsWith('.request')) continue;
        if (/\btimeout\b/.test(this.text.slice(a.valueStart, a.valueEnd))) this.timeoutReceivers.add(a.target.slice(0, -'.request'.length));
      }
    }
    return this.timeoutReceivers.has(receiver);
  }

  private adapterSetsTimeout(adapter: ArgFact, fn: FunctionFact | null, offset: number): boolean {
    const source = this.text.slice(adapter.start, adapter.end);
    let call: CallFact | undefined = this.py.callsIn(adapter.start, adapter.end)[0];
    if (!call && /^[A-Za-z_]\w*$/.test(source)) call = this.py.lastAssignment(source, fn, offset)?.call ?? undefined;
    if (!call) return /timeout/i.test(source);
    if (keywordArg(call, 'timeout') || /timeout/i.test(call.callee)) return true;
    const className = methodOf(call.callee);
    const local = this.py.classes.find((c) => c.name === className);
    return local !== undefined && /\btimeout\b/.test(this.text.slice(local.start, local.end));
  }

  private classSessionMap(): Map<string, string> {
    if (!this.classSessions) {
      this.classSessions = new Map();
      for (const a of this.py.assignments) {
        if (!a.call || !a.fn?.className || !a.target.startsWith('self.')) continue;
        const resolved = this.py.resolveCall(a.call);
        if (httpClientOfSession(resolved)) this.classSessions.set(`${a.fn.className}|${a.target}`, resolved);
      }
    }
    return this.classSessions;
  }

  private withBindingsList(): WithBinding[] {
    if (this.withBindings) return this.withBindings;
    this.withBindings = [];
    for (const st of this.statements) {
      if (st.kind !== 'with') continue;
      const constructors = st.items.map((item) => this.py.resolveName(item.replace(/\(\)$/, '')));
      if (!constructors.some((c) => httpClientOfSession(c))) continue;
      const header = withHeader(this.text, st.start, st.end);
      const items = splitTopLevel(header.replace(/^\s*(async\s+)?with\s*/, '').replace(/^\((.*)\)\s*$/s, '$1'));
      items.forEach((item, index) => {
        const match = /^([\s\S]*?)(?<!\s)\s+as\s+([A-Za-z_]\w*)\s*$/.exec(item.trim());
        const constructor = constructors[index];
        if (!match || !constructor || !httpClientOfSession(constructor)) return;
        this.withBindings!.push({ name: match[2], constructor, start: st.start, end: st.end });
      });
    }
    return this.withBindings;
  }
}

/** Offsets in [start, end) that sit outside string literals and brackets, in order. */
function* topLevelOffsets(text: SourceText, start: number, end: number): Generator<number> {
  let depth = 0;
  let quote = '';
  for (let i = start; i < end; i++) {
    const ch = text.charAt(i);
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (depth === 0) yield i;
  }
}

/** The text of a `with` statement up to (not including) the colon that ends its header. */
function withHeader(text: SourceText, start: number, end: number): string {
  for (const i of topLevelOffsets(text, start, end)) if (text.charAt(i) === ':') return text.slice(start, i);
  return text.slice(start, end);
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const i of topLevelOffsets(list, 0, list.length)) {
    if (list[i] !== ',') continue;
    parts.push(list.slice(from, i));
    from = i + 1;
  }
  parts.push(list.slice(from));
  return parts.filter((p) => p.trim() !== '');
}

/**
 * Calls that are not HTTP or carry a timeout, remembered while their statement and the module
 * context are unchanged (see VersionedCache): most calls of a module, every keystroke.
 */
const settled = new VersionedCache<CallFact, boolean>();

function classify(call: CallFact, py: PythonFacts, view: ModuleView): HttpCall | null {
  if (!mayBeHttpCall(call.callee)) return null;
  const resolved = py.resolveCall(call);
  const byFunction = httpClientOfFunction(resolved);
  if (byFunction) return { client: byFunction, fn: resolved, constructor: false, onSession: false, receiver: '' };
  const made = httpClientOfSession(resolved);
  if (made) return { client: made, fn: '', constructor: true, onSession: false, receiver: '' };
  if (!call.callee.includes('.')) return null;
  const constructor = view.sessionConstructor(call);
  const client = constructor ? httpClientOfSession(constructor) : null;
  if (!client || !client.sessionMethods.includes(methodOf(call.callee))) return null;
  return { client, fn: '', constructor: false, onSession: true, receiver: receiverOf(call.callee) };
}

/** `None`, or `httpx.Timeout(None)` with nothing else set: every timeout disabled. */
function disablesTimeout(text: SourceText, arg: ArgFact): boolean {
  const source = text.slice(arg.start, arg.end).replace(/\s+/g, '');
  return source === 'None' || /^(httpx\.)?Timeout\((timeout=)?None\)$/.test(source);
}

function hasPositionalTimeout(call: CallFact, http: HttpCall): boolean {
  const index = http.client.timeoutPosition?.[http.fn];
  return index !== undefined && positionalArg(call, index) !== undefined;
}

function setsSocketDefaultTimeout(py: PythonFacts, text: SourceText): boolean {
  return py.calls.some((c) => py.resolveCall(c) === 'socket.setdefaulttimeout' && c.args[0] !== undefined && text.slice(c.args[0].start, c.args[0].end).trim() !== 'None');
}

function addTimeoutFix(ctx: RuleContext, call: CallFact, what: string): Fix[] {
  const edits = appendArgumentEdits(ctx.doc.sourceText, call, `timeout=${TIMEOUT_SECONDS}`);
  if (!edits) return [];
  return [{ title: `${TITLE_PREFIX} Add timeout=${TIMEOUT_SECONDS} to ${what}`, edits, safe: true, preferred: true }];
}

function replaceNoneFix(arg: ArgFact, what: string): Fix[] {
  const edits: TextEdit[] = [{ start: arg.start, end: arg.end, newText: TIMEOUT_SECONDS }];
  // The author chose "wait forever" explicitly (a long download?): offer, never apply blindly.
  return [{ title: `${TITLE_PREFIX} Use timeout=${TIMEOUT_SECONDS} instead of timeout=None in ${what}`, edits, safe: false, preferred: true }];
}

function check(ctx: RuleContext): void {
  const py = ctx.doc.python;
  if (!py || ctx.doc.isTestFile || !importsHttpClient(py)) return;
  const text = ctx.doc.sourceText;
  const view = new ModuleView(py, text, ctx.statement?.statements ?? py.statements);
  let socketDefault: boolean | undefined;
  const socketTimeout = () => (socketDefault ??= setsSocketDefaultTimeout(py, text));
  for (const call of ctx.statement?.calls ?? py.calls) {
    if (settled.get(call, py.resolutionVersion)) continue;
    const http = classify(call, py, view);
    const timeout = http ? keywordArg(call, 'timeout') : undefined;
    const untimed = http !== null && (http.client.untimed?.includes(http.fn) ?? false);
    if (!http || (timeout && !disablesTimeout(text, timeout)) || (http.constructor && !(timeout && http.client.sessionTimeout))) {
      settled.set(call, py.resolutionVersion, true);
      continue;
    }
    const what = call.callee;
    if (untimed) {
      if (socketTimeout()) continue;
      ctx.report({
        start: call.start,
        end: call.end,
        message: `${what} cannot take a timeout, so a server that stops responding hangs the pipeline forever; download with urllib.request.urlopen(url, timeout=${TIMEOUT_SECONDS}) or requests with timeout=${TIMEOUT_SECONDS}`,
        fixes: [],
        fingerprintText: `${what}|untimed`,
      });
      continue;
    }
    if (timeout) {
      const start = argumentStart(text, timeout);
      ctx.report({
        start,
        end: timeout.end,
        message: http.constructor
          ? `HTTP client ${what} is created with every timeout disabled (None), so a stalled server hangs the pipeline; pass timeout=${TIMEOUT_SECONDS} (seconds)`
          : `HTTP call ${what} is told to wait forever (timeout None), so a stalled server hangs the pipeline; pass timeout=${TIMEOUT_SECONDS} (seconds)`,
        fixes: replaceNoneFix(timeout, what),
        fingerprintText: `${what}|timeout=None`,
      });
      continue;
    }
    if (hasDictSplat(call) || call.args.some((a) => a.kind === 'list-splat')) continue;
    // httpx, aiohttp and dlt's helper time out by default; only an explicit None is reported (above).
    if (http.client.defaultTimeout) continue;
    if (hasPositionalTimeout(call, http) || (http.client.socketDefault && socketTimeout())) continue;
    if (http.onSession && view.hasDefaultTimeout(http.receiver)) continue;
    ctx.report({
      start: call.start,
      end: call.end,
      message: `HTTP call ${what} has no timeout, so a server that stops responding hangs the pipeline forever; pass timeout=${TIMEOUT_SECONDS} (seconds)`,
      fixes: addTimeoutFix(ctx, call, what),
      fingerprintText: `${what}|no-timeout`,
    });
  }
}

/**
 * What HTTP calls elsewhere read of a statement: session mounts and `.request` partials, sessions
 * kept on `self`, classes (a timeout adapter), socket.setdefaulttimeout.
 */
function exportedTimeoutSetup(statement: ChunkFacts, context: { doc: DocumentFacts }): string {
  const py = context.doc.python;
  if (!py) return '';
  const text = context.doc.sourceText;
  const parts: string[] = [];
  for (const call of statement.calls) {
    if (py.resolveCall(call) === 'socket.setdefaulttimeout') parts.push(text.slice(call.start, call.end));
    if (methodOf(call.callee) !== 'mount') continue;
    const adapter = positionalArg(call, 1) ?? keywordArg(call, 'adapter');
    const bound = adapter && /^[A-Za-z_]\w*$/.test(text.slice(adapter.start, adapter.end)) ? py.lastAssignment(text.slice(adapter.start, adapter.end), call.fn, call.start) : undefined;
    // A module-level adapter is module context already; a local one is in this statement.
    parts.push(`${text.slice(call.start, call.end)}|${bound && bound.fn !== null ? text.slice(bound.valueStart, bound.valueEnd) : ''}`);
  }
  for (const a of statement.assignments) {
    if (a.target.endsWith('.request')) parts.push(`${a.target}|${/\btimeout\b/.test(text.slice(a.valueStart, a.valueEnd))}`);
    else if (a.call && a.target.startsWith('self.') && a.fn?.className) parts.push(`${a.fn.className}|${a.target}=${py.resolveCall(a.call)}`);
  }
  for (const c of statement.classes) parts.push(`class ${c.name}|${/\btimeout\b/.test(text.slice(c.start, c.end))}`);
  return parts.join(';');
}

export const httpWithoutTimeout: Rule = {
  meta: {
    id: ID,
    slug: 'http-without-timeout',
    title: 'HTTP call without a timeout',
    priority: 'P2',
    dialects: ['python'],
    rationale: 'requests and urllib wait forever by default: one server that accepts the connection and never answers stalls the extract, holds the worker slot and blocks every downstream step.',
    recommendation: 'Pass timeout= on every requests/urllib call (or give the session a default timeout adapter); never pass timeout=None.',
    fixable: true,
  },
  check,
  incremental: { exports: exportedTimeoutSetup },
};
