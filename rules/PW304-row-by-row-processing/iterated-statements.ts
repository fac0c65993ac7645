// Loops that run one statement per table or per statement of a list, not per row of data:
// `for t in tables: cur.execute(f"SELECT COUNT(*) FROM {t}")`, `DROP TABLE {name}` per backup
// table, replaying DDL read from a catalogue (`for sql in rows: cur.execute(sql[0])`). Their
// statement changes with the iteration; a bulk call cannot replace them.

import type { ArgFact, CallFact, LoopFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { rootOf, sqlCallOf } from '../../server/src/engine/knowledge';
import { isMetadataTable, tablesRead } from '../../server/src/engine/sql';
import { wordOccurrences } from '../../server/src/engine/python/words';
import type { SourceText } from '../../server/src/engine/source-text';

const NAME = /^[A-Za-z_]\w*$/;

/** The names a loop binds: its targets (`_, row`), and also names assigned in its body before `before`. */
export interface LoopNames {
  targets: ReadonlySet<string>;
  bound: ReadonlySet<string>;
}

export function loopNames(loop: LoopFact, py: PythonFacts, before: number): LoopNames {
  const targets = new Set(loop.target.split(/[\s,()[\]]+/).filter((n) => NAME.test(n) && n !== '_'));
  const bound = new Set(targets);
  for (const a of py.assignments) {
    if (a.valueStart >= loop.bodyStart && a.valueEnd <= before && a.fn === loop.fn && NAME.test(a.target)) bound.add(a.target);
  }
  return { targets, bound };
}

/** The text before a spliced-in value ends where a table name goes: `FROM `, `JOIN schema.`, `INTO "`, `DROP TABLE IF EXISTS `. */
const TABLE_POSITION = /\b(FROM|JOIN|INTO|UPDATE|TABLE|EXISTS|TRUNCATE|ANALYZE|VACUUM|DESCRIBE|OPTIMIZE)\s+(["'`\[]?[\w\u0000]+["'`\]]?\.)*["'`\[]?$/i;

function isTableSlot(before: string): boolean {
  return TABLE_POSITION.test(before);
}

function mentionsAny(text: SourceText, names: ReadonlySet<string>, start: number, end: number): boolean {
  for (const name of names) if (wordOccurrences(text, name, start, end).length > 0) return true;
  return false;
}

/** An f-string whose interpolation, in a table or column position, uses a name the loop binds. */
function interpolatesIdentifier(arg: ArgFact | { string: ArgFact['string'] }, text: SourceText, bound: ReadonlySet<string>): boolean {
  const str = arg.string;
  if (!str || str.interpolations.length === 0) return false;
  const parts = str.value.split('\u0000');
  for (let i = 0; i < str.interpolations.length && i + 1 < parts.length; i++) {
    const { start, end } = str.interpolations[i];
    if (!mentionsAny(text, bound, start, end)) continue;
    if (isTableSlot(parts.slice(0, i + 1).join('\u0000'))) return true;
  }
  return false;
}

/** `"SELECT COUNT(*) FROM {}".format(table)`: a format string with a field in a table position, filled from the loop. */
function formatsIdentifier(arg: ArgFact, py: PythonFacts, text: SourceText, bound: ReadonlySet<string>): boolean {
  if (arg.nodeType !== 'call') return false;
  const template = py.stringsIn(arg.start, arg.end).find((s) => s.start === arg.start);
  if (!template || !/^\s*\.\s*format\s*\(/.test(text.slice(template.end, arg.end)) || !mentionsAny(text, bound, template.end, arg.end)) return false;
  const fields = template.value.split(/\{[^{}]*\}/);
  for (let i = 0; i + 1 < fields.length; i++) {
    if (isTableSlot(fields.slice(0, i + 1).join('\u0000'))) return true;
  }
  return false;
}

/**
 * The database call runs a statement that changes with the iteration: a table name spliced in from
 * the loop, or the statement itself taken from the loop (`cur.execute(ddl)`, `conn.execute(sql[0])`).
 */
export function runsIteratedStatement(call: CallFact, py: PythonFacts, text: SourceText, names: LoopNames): boolean {
  const { bound, targets } = names;
  if (bound.size === 0) return false;
  const sql = sqlCallOf(call, py)?.arg;
  if (!sql) return false;
  if (sql.string) return interpolatesIdentifier(sql, text, bound);
  if (formatsIdentifier(sql, py, text, bound)) return true;
  const expression = text.slice(sql.start, sql.end).trim();
  if (!bound.has(rootOf(expression))) return false;
  // The iterated item is the statement, or holds it: `for ddl in statements`, `conn.execute(sql[0])`.
  if (targets.has(rootOf(expression))) return true;
  if (!NAME.test(expression)) return false;
  // A name the loop assigns: a statement read from the item (`sql = row["ddl"]`) or built with a table spliced in.
  const assignment = py.lastAssignment(expression, call.fn, call.start);
  if (!assignment) return false;
  const value = py.stringsIn(assignment.valueStart, assignment.valueEnd).find((s) => s.start === assignment.valueStart && s.end === assignment.valueEnd);
  if (value) return interpolatesIdentifier({ string: value }, text, bound);
  const valueText = text.slice(assignment.valueStart, assignment.valueEnd).trim();
  return /^[A-Za-z_]\w*(\[[^\]]*\]|\.[A-Za-z_]\w*)+$/.test(valueText) && targets.has(rootOf(valueText));
}

/** The SQL text of an execute-like call: a literal, or a name bound to one before it in the same scope. */
export function sqlTextOf(call: CallFact, py: PythonFacts, text: SourceText): string | null {
  const arg = sqlCallOf(call, py)?.arg;
  if (!arg) return null;
  if (arg.string) return arg.string.value;
  if (arg.nodeType === 'call') {
    // `conn.execute(text("INSERT …"), params)`: the SQL inside the wrapper.
    const wrapper = py.callsIn(arg.start, arg.end).find((c) => c.start === arg.start && c.end === arg.end);
    return (wrapper ? sqlCallOf(wrapper, py)?.arg : undefined)?.string?.value ?? null;
  }
  if (arg.nodeType !== 'identifier') return null;
  const assignment = py.lastAssignment(text.slice(arg.start, arg.end), call.fn, call.start);
  if (!assignment) return null;
  return py.stringsIn(assignment.valueStart, assignment.valueEnd).find((s) => s.start === assignment.valueStart && s.end === assignment.valueEnd)?.value ?? null;
}

/** A query over the catalogue only (`information_schema`, `pg_tables`, `sqlite_master`): its rows are tables and columns. */
function readsCatalogue(sql: string | null): boolean {
  if (sql === null) return false;
  const tables = tablesRead(sql);
  return tables.length > 0 && tables.every(isMetadataTable);
}

/**
 * The loop iterates the rows of a catalogue query: `cur.execute("SELECT tablename FROM pg_tables")`
 * then `for t in cur.fetchall()` (or a name bound to it), `conn.execute("… sqlite_master").fetchall()`.
 * One statement per table is maintenance, not row-by-row processing.
 */
export function iteratesCatalogue(loop: LoopFact, py: PythonFacts, text: SourceText): boolean {
  let fetch = py.callsIn(loop.start, loop.bodyStart).find((c) => /\.(fetchall|fetchmany)$/.test(c.callee) || /\.execute$/.test(c.callee));
  if (!fetch && NAME.test(loop.iterable)) {
    const bound = py.lastAssignment(loop.iterable, loop.fn, loop.start);
    fetch = bound?.call ?? undefined;
  }
  if (!fetch) return false;
  // `conn.execute(sql).fetchall()`: the execute is inside the callee.
  const inner = py.callsIn(fetch.start, fetch.calleeEnd).find((c) => c !== fetch && c.start === fetch!.start && /\.execute$/.test(c.callee));
  if (/\.execute$/.test(fetch.callee)) return readsCatalogue(sqlTextOf(fetch, py, text));
  if (inner) return readsCatalogue(sqlTextOf(inner, py, text));
  const cursor = fetch.callee.slice(0, fetch.callee.lastIndexOf('.'));
  let execute: CallFact | undefined;
  for (const c of py.calls) {
    if (c.fn === fetch.fn && c.start < fetch.start && c.callee === `${cursor}.execute`) execute = c;
  }
  return execute !== undefined && readsCatalogue(sqlTextOf(execute, py, text));
}
