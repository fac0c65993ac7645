// Which functions of the module call which: a load's clearing or merging step may live in its
// caller (a DELETE of the slice before calling the loader, a dedupe after it) or in a helper run
// first. Built once per document version from every statement's part (its functions' summaries and
// its module-level code's); what it reads of other statements is exported through summaries'
// digests (see index.ts).

import { currentKeyOf } from '../../server/src/engine/incremental-lint';
import type { CallFact, ChunkFacts, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { moduleFunctionCalled } from './sql-holders';
import { moduleLevelSummaryIn, summaryOf, type FunctionSummary } from './summaries';
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

const RULE_ID = 'PW203';
const GRAPHS = new WeakMap<PythonFacts, ModuleGraph>();

/** What one top-level statement adds to the graph: from its functions' summaries and its module-level code's. */
interface StatementPart {
  mergedFrom: string[];
  cleared: string[];
  clearedQualified: string[];
  /** Calls that may reach another function of the module, and the name they call. */
  calls: Array<{ call: CallFact; name: string }>;
}

/**
 * Each statement's part under the rule's key: a keystroke builds the graph of the new facts from
 * the parts of the statements it did not replace, which hold while the key does (what a summary
 * reads of other statements, they export), and summarises only the replaced ones.
 */
const PARTS = new WeakMap<ChunkFacts, { key: number; part: StatementPart }>();

export function graphOf(py: PythonFacts, text: SourceText): ModuleGraph {
  let graph = GRAPHS.get(py);
  if (graph) return graph;
  graph = { callers: new Map(), mergedFrom: new Set(), cleared: new Set(), clearedQualified: new Set() };
  const key = currentKeyOf(py, RULE_ID);
  for (const chunk of py.rawChunks) {
    const kept = key === undefined ? undefined : PARTS.get(chunk);
    let part = kept?.key === key ? kept?.part : undefined;
    if (!part) {
      part = partOf(py, text, py.settled(chunk));
      if (key !== undefined) PARTS.set(chunk, { key, part });
    }
    addPart(graph, part, chunk, py);
  }
  GRAPHS.set(py, graph);
  return graph;
}

function partOf(py: PythonFacts, text: SourceText, statement: ChunkFacts): StatementPart {
  const part: StatementPart = { mergedFrom: [], cleared: [], clearedQualified: [], calls: [] };
  const summaries = [moduleLevelSummaryIn(py, text, statement), ...statement.functions.map((fn) => summaryOf(py, text, fn))];
  for (const summary of summaries) {
    for (const upsert of summary.upserts) for (const source of upsert.sources) part.mergedFrom.push(source.split('.').pop()!);
    for (const clear of summary.clears) {
      if (clear.drop || clear.replaced || clear.target.kind !== 'name') continue;
      part.cleared.push(tableBaseName(clear.target.name));
      if (clear.target.name.includes('.')) part.clearedQualified.push(clear.target.name.toLowerCase());
    }
    for (const call of summary.calls) part.calls.push({ call, name: call.callee.slice(call.callee.lastIndexOf('.') + 1) });
  }
  return part;
}

function addPart(graph: ModuleGraph, part: StatementPart, statement: ChunkFacts, py: PythonFacts): void {
  for (const table of part.mergedFrom) graph.mergedFrom.add(table);
  for (const table of part.cleared) graph.cleared.add(table);
  for (const table of part.clearedQualified) graph.clearedQualified.add(table);
  for (const { call, name } of part.calls) {
    // Most calls name no function of the module (`len`, `df.dropna`): their statement need not be settled.
    if (!py.definesFunctionNamed(name)) continue;
    py.settled(statement);
    const callee = moduleFunctionCalled(call, py);
    if (!callee || callee === call.fn) continue;
    const list = graph.callers.get(callee);
    if (list) list.push(call);
    else graph.callers.set(callee, [call]);
  }
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
