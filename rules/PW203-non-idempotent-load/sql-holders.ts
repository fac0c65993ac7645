// Which calls run SQL text, and where that text is written: a call the library model knows takes
// SQL (`cur.execute`, `hook.run`, `client.query`, `spark.sql`, `execute_values`), an Airflow
// operator's `sql=`/`configuration=`, or a helper of this module that hands one of its parameters
// to such a call (`self.execute_sql(copy_sql)`). The text is the argument itself, the assignment
// of the name it passes (also a class attribute, or one cleaned up in place), or each element of
// a module-level list the call loops over (`for query in insert_queries: cur.execute(query)`).

import type { ArgFact, AssignmentFact, CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { roleOf, sqlCallOf } from '../../server/src/engine/knowledge';
import { textAssignment } from '../support/sql-sources';
import { assignmentsIn } from './module-index';
import type { SourceText } from '../../server/src/engine/source-text';

/** The arguments of a call that may carry SQL it runs; empty when the call runs no SQL. */
export function sqlArgumentsOf(call: CallFact, py: PythonFacts, text: SourceText): ArgFact[] {
  if (isOperatorCall(call)) return call.args.filter((a) => a.kind === 'keyword' && (a.name === 'sql' || a.name === 'configuration'));
  const sql = sqlCallOf(call, py);
  // `text("…")` only wraps SQL; the call that runs it is the one to judge.
  if (sql) return roleOf(call, py) === 'sql-text' ? [] : [sql.arg];
  const index = sqlParameterOfHelper(call, py, text);
  const arg = index === null ? undefined : call.args.filter((a) => a.kind === 'positional')[index];
  return arg ? [arg] : [];
}

/** An Airflow operator instantiated with SQL (`SQLExecuteQueryOperator(sql=…)`, a custom `LoadOperator`). */
function isOperatorCall(call: CallFact): boolean {
  return /(^|\.)[A-Z]\w*Operator$/.test(call.callee);
}

/**
 * The position of the parameter a helper of this module runs as SQL (`def execute_sql(self, sql):
 * self.cur.execute(sql)` → 0 for `self.execute_sql(q)`), or null when the call is not such a helper.
 */
function sqlParameterOfHelper(call: CallFact, py: PythonFacts, text: SourceText): number | null {
  const helper = moduleFunctionCalled(call, py);
  if (!helper) return null;
  const params = helper.params.filter((p) => p !== 'self' && p !== 'cls');
  for (const inner of py.ownFacts(helper).calls) {
    const sql = sqlCallOf(inner, py);
    if (!sql) continue;
    const source = text.slice(sql.arg.start, sql.arg.end);
    const index = params.indexOf(source);
    if (index >= 0) return index;
  }
  return null;
}

/** The function of this module a call runs: `name(…)` for a top-level function, `self.name(…)` for a method of the caller's class. */
export function moduleFunctionCalled(call: CallFact, py: PythonFacts): FunctionFact | null {
  const dot = call.callee.lastIndexOf('.');
  const name = call.callee.slice(dot + 1);
  const candidates = py.functionsNamed(name);
  if (candidates.length === 0) return null;
  const receiver = dot < 0 ? '' : call.callee.slice(0, dot);
  if (receiver === '') return candidates.find((f) => f.parent === null && f.className === null) ?? null;
  if ((receiver === 'self' || receiver === 'cls') && call.fn?.className) return candidates.find((f) => f.className === call.fn!.className) ?? null;
  const instance = /^([A-Z]\w*)\(\)$/.exec(receiverClass(receiver, call, py) ?? '')?.[1];
  return instance ? candidates.find((f) => f.className === instance) ?? null : null;
}

/** `loader` bound to `SnowflakeLoader()` → `SnowflakeLoader()`, when the class is defined in this module. */
function receiverClass(receiver: string, call: CallFact, py: PythonFacts): string | null {
  if (!/^[A-Za-z_]\w*$/.test(receiver)) return null;
  const bound = py.lastAssignment(receiver, call.fn, call.start);
  if (!bound?.call || !py.classes.some((c) => c.name === bound.call!.callee)) return null;
  return `${bound.call.callee}()`;
}

/** Where the SQL passed as `arg` is written: ranges holding its string literals. */
export function sqlHolders(py: PythonFacts, text: SourceText, arg: ArgFact, call: CallFact): Array<{ start: number; end: number }> {
  if (arg.string || py.stringsIn(arg.start, arg.end).length > 0) return [{ start: arg.start, end: arg.end }];
  const source = text.slice(arg.start, arg.end);
  const name = /^([A-Za-z_][\w.]*)(\s*%[\s\S]*|\.format\([\s\S]*\))?$/.exec(source)?.[1] ?? /^[\w.]+\(\s*([A-Za-z_][\w.]*)\s*\)$/.exec(source)?.[1];
  if (!name) return [];
  let assignment: AssignmentFact | undefined;
  if (/^[A-Za-z_]\w*$/.test(name)) {
    assignment = textAssignment(py, text, name, call.fn, call.start) ?? undefined;
    if (!assignment) return listElements(py, text, name, call);
  } else if (/^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(name)) {
    // A class attribute: `self.sql_template`, `cls.SQL`, `LoadFactOperator.sql_template`.
    const [owner, attribute] = name.split('.');
    const className = owner === 'self' || owner === 'cls' ? call.fn?.className : py.classes.some((c) => c.name === owner) ? owner : undefined;
    if (className) assignment = assignmentsIn(py, null).find((a) => a.className === className && a.target === attribute);
  }
  return assignment ? [{ start: assignment.valueStart, end: assignment.valueEnd }] : [];
}

/**
 * `for query in INSERT_QUERIES: cur.execute(query)` with `INSERT_QUERIES = [orders_insert, …]` at
 * module level: each element, or the assignment of each name it lists.
 */
function listElements(py: PythonFacts, text: SourceText, name: string, call: CallFact): Array<{ start: number; end: number }> {
  const loop = py.ownFacts(call.fn).loops.find((l) => l.kind === 'for' && l.target === name && l.bodyStart <= call.start && call.end <= l.bodyEnd);
  if (!loop || !/^[A-Za-z_]\w*$/.test(loop.iterable)) return [];
  const list = py.moduleAssignmentsNamed(loop.iterable)?.at(-1);
  if (!list || !/^[[(]/.test(text.slice(list.valueStart, list.valueEnd))) return [];
  const out: Array<{ start: number; end: number }> = [];
  for (const element of text.slice(list.valueStart + 1, list.valueEnd - 1).split(',')) {
    const item = element.trim();
    if (!/^[A-Za-z_]\w*$/.test(item)) continue;
    const bound = py.moduleAssignmentsNamed(item)?.at(-1);
    if (bound) out.push({ start: bound.valueStart, end: bound.valueEnd });
  }
  if (out.length === 0 && py.stringsIn(list.valueStart, list.valueEnd).length > 0) out.push({ start: list.valueStart, end: list.valueEnd });
  return out;
}
