// Rows a write rejected and handed back instead of raising: BigQuery's streaming inserts
// (`insert_rows_json` and its siblings, knowledge `returnsRejectedRows`) load the rows they accept
// and return an error for each row they refuse, so the call succeeds with rows missing. Reported
// when the result is dropped (the call is a statement of its own, or its name is never read) or
// only logged, printed or counted. Not reported when something acts on it: a raise, assert,
// `sys.exit` or a returned value in the branch that tests it, `return errors`, the errors handed
// to another function (a rejects writer, a retry) or stored on an object or in a collection.

import type { RuleContext } from '../../server/src/engine/types';
import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { methodOf, returnsRejectedRows } from '../../server/src/engine/knowledge';
import type { SourceText } from '../../server/src/engine/source-text';
import { assignmentHolding, codeOccurrences, type Scope, type ScopeCache } from '../support/data-accounting';
import { isBareStatement, lineEndOf, lineStartOf } from '../support/statement-edits';

type ResultUse = 'dropped' | 'logged' | 'handled';

/** Calls that only measure or show a value: the line around them decides what happens to it. */
const TRANSPARENT_CALLS: ReadonlySet<string> = new Set(['len', 'str', 'repr', 'bool', 'any', 'all', 'list', 'json.dumps', 'pprint.pformat']);
const EXITS = /\b(sys\.exit|exit|os\._exit)\s*\(/;
const CONDITION = /^[ \t]*(if|elif|while)\b/;
const BRANCH = /^[ \t]*(elif\b|else\s*:)/;

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)?.[0].length ?? 0;
}

/** End of the `if`/`while` statement whose header line starts at `lineStart`: its block and any `elif`/`else` branches. */
function statementEnd(text: SourceText, lineStart: number, limit: number): number {
  const indent = indentOf(text.slice(lineStart, lineEndOf(text, lineStart)));
  let cursor = lineEndOf(text, lineStart) + 1;
  let end = lineEndOf(text, lineStart);
  while (cursor < limit && cursor < text.length) {
    const lineEnd = lineEndOf(text, cursor);
    const line = text.slice(cursor, lineEnd);
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      const own = indentOf(line);
      if (own < indent || (own === indent && !BRANCH.test(line))) break;
      end = lineEnd;
    }
    cursor = lineEnd + 1;
  }
  return Math.min(end, limit);
}

/** The branch acts on the rejects: it raises, exits, returns a value, or writes them somewhere. */
function branchActs(scope: Scope, from: number, to: number): boolean {
  const { text } = scope;
  if (scope.guards.some((g) => g.start >= from && g.start < to)) return true;
  if (scope.writes.some((w) => w.start >= from && w.start < to)) return true;
  if (EXITS.test(text.slice(from, to))) return true;
  return scope.returns.some((r) => r.start >= from && r.start < to && !/^return\s*(None\s*)?$/.test(text.slice(r.start, r.end).trim()));
}

/** The innermost call whose arguments hold `pos`. */
function callAround(scope: Scope, pos: number): CallFact | undefined {
  let inner: CallFact | undefined;
  for (const call of scope.calls) {
    if (call.argsStart <= pos && pos < call.end && (!inner || call.argsStart >= inner.argsStart)) inner = call;
  }
  return inner;
}

function useOf(scope: Scope, py: PythonFacts, name: string, from: number, depth: number): ResultUse {
  const { text } = scope;
  const occurrences = codeOccurrences(scope, name, from, scope.end);
  if (occurrences.length === 0) return 'dropped';
  for (const at of occurrences) {
    if (scope.reports.some((r) => r.start <= at && at < r.end)) continue;
    const lineStart = lineStartOf(text, at);
    const line = text.slice(lineStart, lineEndOf(text, at));
    if (/^[ \t]*(return|raise|assert|yield)\b/.test(line)) return 'handled';
    if (CONDITION.test(line)) {
      if (branchActs(scope, lineStart, statementEnd(text, lineStart, scope.end))) return 'handled';
      continue;
    }
    const call = callAround(scope, at);
    if (call && !TRANSPARENT_CALLS.has(py.resolveCall(call)) && !TRANSPARENT_CALLS.has(call.callee)) return 'handled';
    const holder = assignmentHolding(scope, at);
    if (!holder) return 'handled';
    if (depth >= 2 || !/^[A-Za-z_]\w*$/.test(holder.target)) return 'handled';
    if (useOf(scope, py, holder.target, holder.valueEnd, depth + 1) === 'handled') return 'handled';
  }
  return 'logged';
}

/** What the function does with the call's result. */
function resultUseOf(call: CallFact, scope: Scope, py: PythonFacts): ResultUse {
  const { text } = scope;
  const lineStart = lineStartOf(text, call.start);
  const awaited = text.slice(lineStart, call.start).trim() === 'await';
  if (isBareStatement(text, awaited ? lineStart : call.start, call.end)) return 'dropped';
  const holder = assignmentHolding(scope, call.start);
  if (!holder || !/^[A-Za-z_]\w*$/.test(holder.target)) return 'handled';
  const value = text.slice(holder.valueStart, holder.valueEnd).trim().replace(/^await\s+/, '');
  if (value !== text.slice(call.start, call.end)) return 'handled';
  return useOf(scope, py, holder.target, holder.valueEnd, 0);
}

export function checkRejectedRows(ctx: RuleContext, py: PythonFacts, scopes: () => ScopeCache): void {
  for (const call of ctx.statement?.calls ?? py.calls) {
    const method = methodOf(call.callee);
    if (!method.startsWith('insert_rows') || !returnsRejectedRows(call, py)) continue;
    const use = resultUseOf(call, scopes().get(call.fn), py);
    if (use === 'handled') continue;
    const where = use === 'dropped' ? 'its result is discarded' : 'they are only logged';
    ctx.report({
      start: call.start,
      end: call.end,
      message: `${method}() loads the rows BigQuery accepts and returns the ones it rejects; ${where}, so rejected rows disappear while the run succeeds; raise (or write the rejects aside) when the result is not empty`,
      fixes: [],
      fingerprintText: `rejected-rows|${call.callee}`,
    });
  }
}
