// Which functions of the module call which: a load's clearing or merging step may live in its
// caller (a DELETE of the slice before calling the loader, a dedupe after it) or in a helper run
// first. Built once per document version from every statement's calls; what it reads of other
// statements is exported through summaries' digests (see index.ts).

import type { CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { moduleFunctionCalled } from './sql-holders';
import { summaryOf, type FunctionSummary } from './summaries';
import { tableBaseName } from './targets';
import type { SourceText } from '../../server/src/engine/source-text';

export interface ModuleGraph {
  /** Calls of each function of the module, from other functions or the script. */
  callers: Map<FunctionFact, CallFact[]>;
  /** Tables some statement of the module upserts or MERGEs from: staging tables by use. */
  mergedFrom: Set<string>;
  /**
   * Tables (by name) some function of the module deletes from or truncates: the module keeps the
   * clearing step beside the load (`truncate_animals()` next to `insert_animals()`), for the
   * script that imports both to run first. Not DROP TABLE, which setup scripts run once.
   */
  cleared: Set<string>;
  /** The cleared tables named with their schema (`raw.orders`), lower-cased. */
  clearedQualified: Set<string>;
}

const GRAPHS = new WeakMap<PythonFacts, ModuleGraph>();

export function graphOf(py: PythonFacts, text: SourceText): ModuleGraph {
  let graph = GRAPHS.get(py);
  if (graph) return graph;
  graph = { callers: new Map(), mergedFrom: new Set(), cleared: new Set(), clearedQualified: new Set() };
  const scopes: Array<FunctionFact | null> = [null, ...py.functions];
  for (const fn of scopes) {
    const summary = summaryOf(py, text, fn);
    for (const upsert of summary.upserts) for (const source of upsert.sources) graph.mergedFrom.add(source.split('.').pop()!);
    for (const clear of summary.clears) {
      if (clear.drop || clear.replaced || clear.target.kind !== 'name') continue;
      graph.cleared.add(tableBaseName(clear.target.name));
      if (clear.target.name.includes('.')) graph.clearedQualified.add(clear.target.name.toLowerCase());
    }
    for (const call of summary.calls) {
      const callee = moduleFunctionCalled(call, py);
      if (!callee || callee === fn) continue;
      const list = graph.callers.get(callee);
      if (list) list.push(call);
      else graph.callers.set(callee, [call]);
    }
  }
  GRAPHS.set(py, graph);
  return graph;
}

/** The summaries of the module's functions `fn` calls, with the calls. */
export function helpersOf(py: PythonFacts, text: SourceText, summary: FunctionSummary, fn: FunctionFact | null): Array<{ call: CallFact; helper: FunctionFact; summary: FunctionSummary }> {
  const out: Array<{ call: CallFact; helper: FunctionFact; summary: FunctionSummary }> = [];
  for (const call of summary.calls) {
    const helper = moduleFunctionCalled(call, py);
    if (helper && helper !== fn) out.push({ call, helper, summary: summaryOf(py, text, helper) });
  }
  return out;
}
