// Where each spliced value sits in the SQL: a value (right of a comparison, in quotes, VALUES,
// IN, LIMIT…) or an identifier (a table, a column list), with the look-alikes that are neither:
// placeholder lists handed parameters, MERGE column lists. Also which calls are worth a template.

import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { slotKind, statementKind, tablesRead } from '../../server/src/engine/sql';
import { sqlDialectOf, type SqlCall } from '../../server/src/engine/knowledge';
import { extendedBetween, SqlSources, type SlotPiece, type SqlTemplate } from '../support/sql-sources';
import { isReported, isValidated } from './policy';
import type { Resolver } from './resolve';
import type { Classified } from './types';
import type { SourceText } from '../../server/src/engine/source-text';

const CANDIDATE_SHAPES = new Set(['fstring', 'percent-format', 'format-call', 'concat', 'name', 'call', 'other']);
const SIMPLE_NAME = /^[A-Za-z_]\w*$/;

/** BigQuery, Spark SQL and MySQL read "…" as a string literal. */
export function doubleQuotedStrings(sink: SqlCall, py: PythonFacts): boolean {
  if (sink.kind === 'bigquery' || sink.kind === 'spark') return true;
  const dialect = sqlDialectOf(sink.call, py);
  return dialect === 'mysql' || dialect === 'bigquery' || dialect === 'spark';
}

/** The call passes parameters besides the SQL (`execute(sql, row)`, `params=`, `parameters=`). */
export function passesParameters(sink: SqlCall): boolean {
  const positional = sink.call.args.filter((a) => a.kind === 'positional');
  if (sink.kind === 'pandas') return sink.call.args.some((a) => a.name === 'params');
  if (sink.kind === 'airflow-hook') return sink.call.args.some((a) => a.name === 'parameters') || positional.length >= 3;
  return positional.length >= 2 || sink.call.args.some((a) => a.kind !== 'positional' && a !== sink.arg);
}

/**
 * A whole `VALUES (…)` tuple or `IN (…)` list spliced in while the call passes parameters: the
 * common `VALUES ({placeholders})` built by a helper elsewhere, not values.
 */
const WHOLE_LIST_BEFORE = /\b(values|in)(?:\s*\()?\s*$/i;
const WHOLE_LIST_AFTER = /^\s*(\)|;|$|on\s+conflict\b|returning\b)/i;

/**
 * `MERGE … WHEN NOT MATCHED THEN INSERT (…) VALUES ({insert_values_sql})` with the list built by
 * `", ".join(…)`: a MERGE inserts expressions over its source (`new_data.col`), generated from
 * column names — identifiers, not values.
 */
export function isMergeColumnList(slot: SlotPiece, template: SqlTemplate, sink: SqlCall, py: PythonFacts, before: string): boolean {
  if (!SIMPLE_NAME.test(slot.expr) || !WHOLE_LIST_BEFORE.test(before)) return false;
  const built = py.lastAssignment(slot.expr, slot.site.assignment ? slot.site.assignment.fn : sink.call.fn, slot.rawStart);
  return built?.shape.kind === 'join' && statementKind(template.text) === 'merge';
}

/** `", ".join([f":{col}" for col in columns])`, `", ".join(["%s"] * n)`, `"?, " * n`: text made only of bind markers. */
// Matched against the value with its whitespace removed (`", ".join(` reads `",".join(`), which keeps them linear.
const BIND_MARKER_ELEMENT = /^["'][^"']*["']\.join\([[(]?f?(["'])(:\{?\w+\}?|%s|\?|%\(\{?\w+\}?\)s|\$\{?\w+\}?)\1/;
const REPEATED_MARKER = /^(?:["'][^"']*["']\.join\()?[[(]?(["'])(%s|\?),?\1[\])]?\*/;

/**
 * `VALUES ({placeholders})` with `placeholders` built in the same function from bind markers
 * only: the statement binds its values (the rows are handed to `execute` later); nothing is spliced.
 */
export function isBindMarkerList(slot: SlotPiece, sink: SqlCall, py: PythonFacts, text: SourceText): boolean {
  if (!SIMPLE_NAME.test(slot.expr)) return false;
  const built = py.lastAssignment(slot.expr, slot.site.assignment ? slot.site.assignment.fn : sink.call.fn, slot.rawStart);
  if (!built) return false;
  const value = text.slice(built.valueStart, built.valueEnd).replace(/\s+/g, '');
  return BIND_MARKER_ELEMENT.test(value) || REPEATED_MARKER.test(value);
}

/** The database's own catalog: `information_schema.*`, PostgreSQL's `pg_*`, Redshift's `svv_*`, DuckDB's `duckdb_*`, SQLite's and SQL Server's. */
const CATALOG_PART = /^(information_schema|pg_catalog|sys|pg_namespace|pg_class|pg_tables|pg_views|pg_indexes|pg_attribute|pg_table_def|sqlite_master|sqlite_schema|svv_\w+|svl_\w+|stv_\w+|duckdb_\w+)$/i;

/**
 * A query that only reads the database's catalog (`… FROM information_schema.columns WHERE
 * table_name = '{table}'`): what it is given are names of the pipeline's own tables and schemas,
 * looked up, not data written into the warehouse.
 */
export function readsOnlyCatalog(template: SqlTemplate): boolean {
  if (statementKind(template.text) !== 'select') return false;
  const read = tablesRead(template.text);
  return read.length > 0 && read.every((ref) => ref.parts.some((part) => CATALOG_PART.test(part.replace(/[`"[\]]/g, ''))));
}

/**
 * The spliced values worth reporting, each placed by the SQL around it (value or identifier) and
 * traced to where it comes from (see policy.ts).
 */
export function classify(template: SqlTemplate, sink: SqlCall, py: PythonFacts, text: SourceText, resolver: Resolver, unbindable: string | null): { reported: Classified[]; quiet: Classified[] } {
  const out: Classified[] = [];
  // Values not worth a finding of their own (a clock reading, the run date): the fix binds them too.
  const quiet: Classified[] = [];
  const options = { doubleQuotedStrings: doubleQuotedStrings(sink, py) };
  const withParameters = passesParameters(sink);
  if (readsOnlyCatalog(template)) return { reported: out, quiet };
  for (const slot of SqlSources.variableSlots(template)) {
    const offset = template.offsets.get(slot) ?? -1;
    if (offset < 0) continue;
    const before = template.text.slice(0, offset);
    const after = template.text.slice(offset + 1);
    let kind = slotKind(before, after, options);
    if (kind === 'value' && withParameters && WHOLE_LIST_BEFORE.test(before) && WHOLE_LIST_AFTER.test(after)) continue;
    if (kind === 'value' && isMergeColumnList(slot, template, sink, py, before)) kind = 'identifier';
    if (kind === 'value' && WHOLE_LIST_BEFORE.test(before) && isBindMarkerList(slot, sink, py, text)) continue;
    if (kind !== 'value' && kind !== 'identifier') continue;
    const origin = slot.source ? resolver.expression(slot.source.start, slot.source.end, slot.source.fn) : { rank: 1, via: 'a value passed by keyword' };
    if (!isReported(kind, origin, unbindable) || isValidated(slot, sink.call, py, text)) {
      if (kind === 'value') quiet.push({ slot, kind, offset, origin });
      continue;
    }
    out.push({ slot, kind, offset, origin });
  }
  return { reported: out, quiet };
}

export function isCandidate(sink: SqlCall, py: PythonFacts, text: SourceText): boolean {
  const { shape } = sink.arg;
  if (!CANDIDATE_SHAPES.has(shape.kind)) return false;
  if (shape.kind === 'name') {
    // The usual `cur.execute(query)` with `query = "…"`: a literal has nothing spliced in, unless `query += …` follows.
    const name = text.slice(sink.arg.start, sink.arg.end);
    if (!SIMPLE_NAME.test(name)) return false;
    const assignment = py.lastAssignment(name, sink.call.fn, sink.arg.start);
    return assignment?.shape.kind !== 'literal' || extendedBetween(text, name, assignment.valueEnd, sink.arg.start);
  }
  if (shape.kind === 'call') return /\.format\s*\(/.test(text.slice(sink.arg.start, sink.arg.end));
  if (shape.kind === 'other') return /^[A-Za-z_]\w*\s*%/.test(text.slice(sink.arg.start, sink.arg.end));
  return true;
}
