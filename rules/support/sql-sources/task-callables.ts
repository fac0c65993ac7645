// Airflow task callables: the operators that run a function (`python_callable=`), whether every
// one of them fills a parameter from a constant (`op_kwargs={"table": "orders"}`), and what a
// statement exports to other statements' analyses about them (see Rule.incremental).

import type { CallFact, ChunkFacts, FunctionFact } from '../../../server/src/engine/python/facts';
import type { PythonFacts } from '../../../server/src/engine/python/python-facts';
import { BARE_NAME, SIMPLE_NAME, UPPER_NAME, type Builder } from './scope';
import { splitTopLevel, trimRange } from './scanning';
import { loopOverConstants } from './constant-values';
import type { SourceText } from '../../../server/src/engine/source-text';

/**
 * Functions handed to Airflow operators (`PythonOperator(python_callable=export, op_kwargs={…})`)
 * and the names called directly, built on first use.
 */
export class CallableIndex {
  private operators: Map<string, CallFact[]> | undefined;
  private called: Set<string> | undefined;

  constructor(private readonly py: PythonFacts, private readonly text: SourceText) {}

  private build(): void {
    this.operators = new Map();
    this.called = new Set();
    for (const call of this.py.calls) {
      if (BARE_NAME.test(call.callee)) this.called.add(call.callee);
      const callable = call.args.find((a) => a.kind === 'keyword' && a.name === 'python_callable');
      if (!callable) continue;
      const name = this.text.slice(callable.start, callable.end);
      const list = this.operators.get(name);
      if (list) list.push(call);
      else this.operators.set(name, [call]);
    }
  }

  /** The operator calls that run `name` as their python_callable (none when the module also calls it directly). */
  operatorsRunning(name: string): CallFact[] {
    if (!this.operators) this.build();
    return this.called!.has(name) ? [] : this.operators!.get(name) ?? [];
  }
}

/** Per document version: one index serves every analysis of a keystroke. */
export const CALLABLES = new WeakMap<PythonFacts, CallableIndex>();

/**
 * What SQL templates elsewhere read of a statement (see Rule.incremental): the operators here
 * that run a task callable (their text, and the loops of their function that may bind constants)
 * and the names it calls directly.
 */
export function exportedTaskCallables(statement: ChunkFacts, context: { doc: { sourceText: SourceText } }): string {
  const { sourceText: text } = context.doc;
  const parts: string[] = [];
  for (const call of statement.calls) {
    if (BARE_NAME.test(call.callee)) parts.push(call.callee);
    if (!call.args.some((a) => a.kind === 'keyword' && a.name === 'python_callable')) continue;
    parts.push(`op ${text.slice(call.start, call.end)}`);
    for (const loop of statement.loops) if (loop.fn === call.fn) parts.push(`for ${text.slice(loop.start, loop.bodyStart)}`);
  }
  return parts.join(';');
}

/**
 * A parameter of an Airflow task callable that every operator running it fills from a constant:
 * `for table in TABLES: PythonOperator(python_callable=export, op_kwargs={"table_name": table})`.
 */
export function paramOfConstants(b: Builder, fn: FunctionFact, name: string): boolean {
  if (fn.parent !== null || fn.className !== null) return false;
  const operators = b.callables.operatorsRunning(fn.name);
  if (operators.length === 0) return false;
  return operators.every((call) => {
    const kwargs = call.args.find((a) => a.kind === 'keyword' && a.name === 'op_kwargs');
    const value = kwargs ? dictEntry(b, kwargs.start, kwargs.end, name) : null;
    return value !== null && isConstantAt(b, value.start, value.end, call.fn);
  });
}

/** The value range of `"key": value` in a dict literal written at [start, end). */
function dictEntry(b: Builder, start: number, end: number, key: string): { start: number; end: number } | null {
  const { text, py } = b;
  if (text.charAt(start) !== '{' || text.charAt(end - 1) !== '}') return null;
  const strings = py.stringsIn(start, end);
  for (const pair of splitTopLevel(text, start + 1, end - 1, ',', strings)) {
    const k = strings.find((s) => s.start === pair.start);
    if (!k || k.value !== key || k.isFString) continue;
    const colon = /^\s*:\s*/.exec(text.slice(k.end, pair.end));
    return colon ? trimRange(text, k.end + colon[0].length, pair.end) : null;
  }
  return null;
}

/** A string literal, an UPPER_CASE name, or a loop variable over constants in the scope `fn`. */
function isConstantAt(b: Builder, start: number, end: number, fn: FunctionFact | null): boolean {
  const expr = b.text.slice(start, end);
  const strings = b.py.stringsIn(start, end);
  if (strings.length === 1 && strings[0].start === start && strings[0].end === end && !strings[0].isFString) return true;
  if (UPPER_NAME.test(expr)) return true;
  return SIMPLE_NAME.test(expr) && loopOverConstants({ ...b, fn }, expr);
}
