// Whether a load is safe to re-run because of what surrounds it: the function that loads — or
// every caller of it in the module, or a helper of the module either runs — clears the slice
// (DELETE/TRUNCATE/DROP/CREATE OR REPLACE of the same table, a helper named for it), upserts or
// MERGEs from it, dedupes it afterwards, runs SQL its caller hands in for that (`pg_preoperator`),
// or reads the target before loading (an existence check of the keys, a watermark). A table some
// statement of the module MERGEs from is a staging table by use; one some function of the module
// truncates or deletes from has its clearing step kept beside the load.

import type { CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { graphOf, helpersOf } from './call-graph';
import { summaryOf, type FunctionSummary } from './summaries';
import { escapeRegExp, tableBaseName, sameTarget, type Target } from './targets';
import type { SourceText } from '../../server/src/engine/source-text';

// `merge_data(a, b)` and `replace_nulls(df)` are frame helpers: a verb alone is not enough, the
// name must also say what it clears (or the call must pass the loaded table).
const HELPER_OBJECTS = new Set(['table', 'tables', 'partition', 'partitions', 'rows', 'records', 'slice', 'day', 'days', 'date', 'dates', 'existing', 'old', 'batch', 'period', 'range', 'staging', 'duplicates', 'dupes']);
const DEDUPE_VERBS = new Set(['dedupe', 'dedup', 'deduplicate']);

/** How far up the callers go: the loader's caller and that caller's caller. */
const CALLER_DEPTH = 2;

export class Evidence {
  constructor(private readonly py: PythonFacts, private readonly text: SourceText) {}

  /** Whether the load `call` writing `target` (written as `source`) is cleared, merged, deduped or guarded around it. */
  handles(call: CallFact, target: Target, source: string | null): boolean {
    // The function's own evidence first: the module's graph is built only when that is not enough.
    if (this.summaryHandles(summaryOf(this.py, this.text, call.fn), call.fn, call.start, target, source)) return true;
    if (target.kind === 'name') {
      const graph = graphOf(this.py, this.text);
      const table = tableBaseName(target.name);
      if (graph.mergedFrom.has(table) || graph.cleared.has(table)) return true;
    }
    return this.handledIn(call.fn, call.start, target, source, 0);
  }

  private handledIn(fn: FunctionFact | null, at: number, target: Target, source: string | null, depth: number): boolean {
    const summary = summaryOf(this.py, this.text, fn);
    if (this.summaryHandles(summary, fn, at, target, source)) return true;
    for (const { call, summary: helper } of helpersOf(this.py, this.text, summary, fn)) {
      if (helper.clears.some((c) => sameTarget(c.target, target)) || this.upserts(helper, target)) return true;
      if (call.start < at && this.reads(helper, Number.MAX_SAFE_INTEGER, target, false)) return true;
    }
    if (!fn || depth >= CALLER_DEPTH) return false;
    const callers = graphOf(this.py, this.text).callers.get(fn) ?? [];
    return callers.length > 0 && callers.every((caller) => this.handledIn(caller.fn, caller.start, target, null, depth + 1));
  }

  private summaryHandles(summary: FunctionSummary, fn: FunctionFact | null, at: number, target: Target, source: string | null): boolean {
    if (summary.clears.some((c) => sameTarget(c.target, target) || this.namedFrom(c.target, target, fn, at))) return true;
    if (this.upserts(summary, target)) return true;
    if (this.reads(summary, at, target, true)) return true;
    if (summary.handedSql.length > 0) return true;
    for (const helper of summary.helpers) {
      if (helper.parts.some((p) => HELPER_OBJECTS.has(p))) return true;
      if (helper.parts.some((p) => DEDUPE_VERBS.has(p)) && helper.at > at) return true;
      if (target.kind === 'name' && helper.parts.join('_').includes(tableBaseName(target.name))) return true;
      if (source && helper.call.args.some((a) => this.text.slice(a.start, a.end) === source)) return true;
    }
    return false;
  }

  /**
   * The cleared table's name is a variable the function builds from the loaded table's name
   * (`qualified = f"{schema}.{table}"`, then `DELETE FROM {qualified} WHERE batch_id = …` and
   * `df.to_sql(table, engine, schema=schema, if_exists="append")`): the same table, qualified.
   */
  private namedFrom(cleared: Target, loaded: Target, fn: FunctionFact | null, at: number): boolean {
    if (cleared.kind !== 'expr' || loaded.kind !== 'expr' || !/^[A-Za-z_]\w*$/.test(cleared.text) || !/^[A-Za-z_][\w.]*$/.test(loaded.text)) return false;
    const built = this.py.lastAssignment(cleared.text, fn, at);
    if (!built || built.fn !== fn) return false;
    return new RegExp(`(^|[^\\w.])${escapeRegExp(loaded.text)}(?![\\w(])`).test(this.text.slice(built.valueStart, built.valueEnd));
  }

  private upserts(summary: FunctionSummary, target: Target): boolean {
    for (const upsert of summary.upserts) {
      if (target.kind === 'unknown') return true;
      if (target.kind === 'name' && new RegExp(`(^|[^a-z0-9_])${escapeRegExp(tableBaseName(target.name))}([^a-z0-9_]|$)`).test(upsert.text)) return true;
      if (target.kind === 'expr' && upsert.fields.includes(target.text)) return true;
    }
    return false;
  }

  /**
   * A SELECT of the target before the load: the keys already there (an existence check), or a
   * watermark. Tables of the same kind only (two names, two expressions); two tables named by
   * `str.format` placeholders only within one function, where they are the same template's.
   */
  private reads(summary: FunctionSummary, at: number, target: Target, sameFunction: boolean): boolean {
    return summary.reads.some((r) => {
      if (r.at >= at) return false;
      if (r.target.kind === 'unknown' || target.kind === 'unknown') return sameFunction && r.target.kind === target.kind;
      return r.target.kind === target.kind && sameTarget(r.target, target);
    });
  }
}
