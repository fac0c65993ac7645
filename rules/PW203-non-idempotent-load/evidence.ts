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
import { createdTable } from './load-scope';
import { summaryOf, type FunctionSummary } from './summaries';
import { escapeRegExp, interpolationText, tableBaseName, sameTarget, type Target } from './targets';
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
    const alias = this.boundExpression(target, call);
    if (this.summaryHandles(summaryOf(this.py, this.text, call.fn), call.fn, call.start, target, source, alias)) return true;
    if (target.kind === 'name') {
      const graph = graphOf(this.py, this.text);
      const table = tableBaseName(target.name);
      if (graph.mergedFrom.has(table)) return true;
      // Cleared by its bare name only, while the module's DDL names its schema: another table.
      if (graph.cleared.has(table) && (graph.clearedQualified.has(target.name.toLowerCase()) || !this.missesSchema({ kind: 'name', name: table }, target))) return true;
    }
    return this.handledIn(call.fn, call.start, target, source, alias, 0);
  }

  /**
   * The expression a loaded variable was bound to in the load's function (`table_ref =
   * self.get_table_ref(self.table_name)`): a helper reading the target writes that expression.
   */
  private boundExpression(target: Target, call: CallFact): Target | null {
    if (target.kind !== 'expr' || !/^[A-Za-z_]\w*$/.test(target.text)) return null;
    const bound = this.py.lastAssignment(target.text, call.fn, call.start);
    if (!bound || bound.fn !== call.fn) return null;
    const expression = this.text.slice(bound.valueStart, bound.valueEnd).replace(/\s+/g, '');
    if (/^[A-Za-z_][\w.]*(\([\w.,]*\))?$/.test(expression)) return { kind: 'expr', text: expression };
    // `table_id = f"{self.project}.{self.dataset}.{self.table_name}"`: its last field names the table,
    // as in a read of `` `{self.project}.{self.dataset}.{self.table_name}` ``.
    const str = bound.shape.kind === 'fstring' ? this.py.stringsIn(bound.valueStart, bound.valueEnd)[0] : undefined;
    if (!str || str.interpolations.length === 0 || !str.value.endsWith('\u0000')) return null;
    const last = interpolationText(str, this.text, str.interpolations.length - 1);
    return last && /^[A-Za-z_][\w.]*$/.test(last) ? { kind: 'expr', text: last } : null;
  }

  private handledIn(fn: FunctionFact | null, at: number, target: Target, source: string | null, alias: Target | null, depth: number): boolean {
    const summary = summaryOf(this.py, this.text, fn);
    if (this.summaryHandles(summary, fn, at, target, source, alias)) return true;
    for (const { call, helper: helperFn, summary: helper } of helpersOf(this.py, this.text, summary, fn)) {
      if (helper.clears.some((c) => this.clearsTarget(c, target)) || this.upserts(helper, target)) return true;
      // `clear(engine, schema, table)` then `load(frame, engine, schema, table)`: the same argument reaches both.
      if (depth > 0 && call.start < at && helper.clears.some((c) => !c.drop && this.sameKindAndTable(this.passedTarget(c.target, helperFn, call), target))) return true;
      if (call.start < at && (this.reads(helper, Number.MAX_SAFE_INTEGER, target, false) || (alias !== null && this.reads(helper, Number.MAX_SAFE_INTEGER, alias, false)))) return true;
    }
    if (!fn || depth >= CALLER_DEPTH) return false;
    const callers = graphOf(this.py, this.text).callers.get(fn) ?? [];
    return callers.length > 0 && callers.every((caller) => this.handledIn(caller.fn, caller.start, this.passedTarget(target, fn, caller) ?? target, null, alias, depth + 1));
  }

  /**
   * A target named by a parameter of `fn` (`{table}` in `TRUNCATE TABLE {schema}.{table}`), as the
   * argument `call` passes for it (`value.get("write_table")`); null when it is no parameter or
   * the call passes nothing for it.
   */
  /** A clearing statement names the target; a replacing write only a target written the same way. */
  private clearsTarget(clear: FunctionSummary['clears'][number], target: Target): boolean {
    if (this.missesSchema(clear.target, target)) return false;
    return clear.replaced ? this.sameKindAndTable(clear.target, target) : sameTarget(clear.target, target);
  }

  /**
   * `DROP TABLE aisles` beside `COPY raw.aisles …` in a module whose CREATE TABLE names `raw.aisles`:
   * the code qualifies the table everywhere but in the clearing statement, whose bare name the
   * search path resolves to another schema's table, so the loaded table is never cleared.
   */
  private missesSchema(cleared: Target, loaded: Target): boolean {
    if (cleared.kind !== 'name' || loaded.kind !== 'name' || cleared.name.includes('.') || !loaded.name.includes('.')) return false;
    if (tableBaseName(cleared.name) !== tableBaseName(loaded.name)) return false;
    const qualified = loaded.name.toLowerCase();
    // Module-level DDL only: it is the module context every statement is checked against.
    return this.py.strings.some((str) => {
      if (str.fn !== null || !/\bcreate\b/i.test(str.value)) return false;
      const created = createdTable(str, this.text);
      return created?.kind === 'name' && created.name.toLowerCase() === qualified;
    });
  }

  private sameKindAndTable(a: Target | null, b: Target): boolean {
    return a !== null && a.kind !== 'unknown' && a.kind === b.kind && sameTarget(a, b);
  }

  private passedTarget(target: Target, fn: FunctionFact, call: CallFact): Target | null {
    if (target.kind !== 'expr' || !fn.params.includes(target.text)) return null;
    const keyword = call.args.find((a) => a.kind === 'keyword' && a.name === target.text);
    // A method called through its instance (`self.load(…)`) does not pass `self`.
    const params = fn.className !== null && call.callee.includes('.') ? fn.params.filter((p) => p !== 'self' && p !== 'cls') : fn.params;
    const positional = call.args.filter((a) => a.kind === 'positional')[params.indexOf(target.text)];
    const arg = keyword ?? (call.args.some((a) => a.kind === 'list-splat') ? undefined : positional);
    if (!arg) return null;
    if (arg.string && arg.string.interpolations.length === 0) return { kind: 'name', name: arg.string.value };
    return { kind: 'expr', text: this.text.slice(arg.start, arg.end).replace(/\s+/g, '') };
  }

  private summaryHandles(summary: FunctionSummary, fn: FunctionFact | null, at: number, target: Target, source: string | null, alias: Target | null = null): boolean {
    if (summary.clears.some((c) => this.clearsTarget(c, target) || this.namedFrom(c.target, target, fn, at))) return true;
    if (this.upserts(summary, target)) return true;
    if (this.reads(summary, at, target, true) || (alias !== null && this.reads(summary, at, alias, true))) return true;
    if (summary.handedSql.length > 0) return true;
    // The rows loaded are selected only while unstamped and stamped in the same function: a re-run selects none of them again.
    if (summary.stamps.some((m) => !(target.kind === 'name' && sameTarget({ kind: 'name', name: m.table }, target)))) return true;
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
    if (cleared.kind !== 'expr' || loaded.kind !== 'expr') return false;
    // Either name may be built from the other: `qualified = f"{schema}.{table}"` cleared and `table`
    // loaded, or `table_name` cleared and `table_str = table_name.split(".")[-1]` loaded.
    return this.builtFrom(cleared.text, loaded.text, fn, at) || this.builtFrom(loaded.text, cleared.text, fn, at);
  }

  /** `variable` is assigned in `fn` (before `at`) from an expression naming `source`. */
  private builtFrom(variable: string, source: string, fn: FunctionFact | null, at: number): boolean {
    if (!/^[A-Za-z_]\w*$/.test(variable) || !/^[A-Za-z_][\w.]*$/.test(source)) return false;
    const built = this.py.lastAssignment(variable, fn, at);
    if (!built || built.fn !== fn) return false;
    return new RegExp(`(^|[^\\w.])${escapeRegExp(source)}(?![\\w(])`).test(this.text.slice(built.valueStart, built.valueEnd));
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
