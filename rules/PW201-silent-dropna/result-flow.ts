// Where a dropna's result goes: reduced to a statistic or displayed (nothing kept), discarded
// (a no-op statement), or kept — assigned, returned, passed on — and the chain of row-preserving
// calls after it (a count taken after them still measures the drop).

import type { AssignmentFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { ROW_PRESERVING_METHODS, STATISTIC_ATTRIBUTES, STATISTIC_METHODS } from '../../server/src/engine/knowledge';
import { isBareStatement } from '../support/statement-edits';
import type { Scope } from '../support/data-accounting';
import type { DropSite } from './dropna-site';
import { chainSummarises } from './summaries';
import type { SourceText } from '../../server/src/engine/source-text';

/** Methods that reduce the dropna result to a statistic or display it: nothing is kept. */
const STAT_METHODS: ReadonlySet<string> = new Set(STATISTIC_METHODS);
const STAT_ATTRIBUTE = new RegExp(`^\\s*\\.\\s*(${STATISTIC_ATTRIBUTES.join('|')})\\b(?!\\s*\\()`);
const STAT_WRAPPERS = new Set(['len', 'print', 'display', 'bool', 'repr', 'str']);
/** Methods after dropna that keep every row (the count after them still measures the drop). */
const ROW_PRESERVING: ReadonlySet<string> = new Set(ROW_PRESERVING_METHODS);

export type Use = 'stat' | 'noop' | 'kept';

export interface ResultFlow {
  use: Use;
  /** End of the dropna plus the row-preserving calls chained on it. */
  chainEnd: number;
  /** Whether only row-preserving calls follow dropna up to `chainEnd` (and nothing after). */
  chainComplete: boolean;
  assignment: AssignmentFact | null;
}

export function flowOf(site: DropSite, py: PythonFacts, text: SourceText, scope: Scope): ResultFlow {
  const { call } = site;
  const outer = py
    .callsIn(call.start, call.start + 1)
    .filter((c) => c !== call && c.end > call.end && c.callee.startsWith(`${call.callee}()`))
    .sort((a, b) => a.end - b.end);
  // `df.dropna().groupby("k").sum()`, `df.dropna(subset=["x"])["x"].mean()`: the chain ends in a summary.
  if (chainSummarises(outer.filter((c) => c.calleeStart === call.start), `${call.callee}()`).summary) return { use: 'stat', chainEnd: call.end, chainComplete: false, assignment: null };
  let current = call;
  let chainComplete = true;
  for (const link of outer) {
    const tail = link.callee.slice(current.callee.length + 2);
    const method = tail.slice(tail.lastIndexOf('.') + 1);
    if (tail !== `.${method}` && tail !== `[].${method}`) {
      chainComplete = false;
      break;
    }
    if (STAT_METHODS.has(method)) return { use: 'stat', chainEnd: current.end, chainComplete: false, assignment: null };
    if (tail === `.${method}` && ROW_PRESERVING.has(method)) {
      current = link;
      continue;
    }
    chainComplete = false;
    break;
  }
  const chainEnd = current.end;
  if (chainComplete && STAT_ATTRIBUTE.test(text.slice(chainEnd, chainEnd + 40))) return { use: 'stat', chainEnd, chainComplete: false, assignment: null };
  if (chainComplete && /^\s*[[.]/.test(text.slice(chainEnd, chainEnd + 10))) chainComplete = false;
  for (const c of scope.calls) {
    if (c.start >= call.start) break;
    if (c.end >= chainEnd && c.args.some((a) => a.start === call.start && a.end === chainEnd) && STAT_WRAPPERS.has(c.callee)) {
      return { use: 'stat', chainEnd, chainComplete: false, assignment: null };
    }
  }
  let assignment: AssignmentFact | null = null;
  for (const a of scope.assignments) {
    if (a.valueStart <= call.start && chainEnd <= a.valueEnd && (!assignment || a.valueStart >= assignment.valueStart)) assignment = a;
  }
  if (assignment && !(assignment.valueStart === call.start && assignment.valueEnd === chainEnd)) {
    // The dropna is part of a bigger expression (a call argument, a chain we do not follow).
    chainComplete = false;
  }
  if (site.inplace) return { use: 'kept', chainEnd, chainComplete: chainComplete && !assignment, assignment: null };
  if (!assignment && chainComplete && isBareStatement(text, call.start, chainEnd) && !insideCallArguments(scope, call.start, chainEnd)) {
    const returned = scope.returns.some((s) => s.start <= call.start && chainEnd <= s.end);
    if (!returned) return { use: 'noop', chainEnd, chainComplete, assignment: null };
  }
  return { use: 'kept', chainEnd, chainComplete, assignment };
}

function insideCallArguments(scope: Scope, start: number, end: number): boolean {
  return scope.calls.some((c) => c.argsStart < start && end < c.argsEnd);
}
