// Where each spliced value sits in the SQL: a value (right of a comparison, in quotes, VALUES,
// IN, LIMIT…) or an identifier (a table, a column list), with the look-alikes that are neither:
// placeholder lists handed parameters, MERGE column lists. Also which calls are worth a template.

import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { slotKind, statementKind } from '../../server/src/engine/sql';
import { sqlDialectOf, type SqlCall } from '../../server/src/engine/knowledge';
import { extendedBetween, SqlSources, type SlotPiece, type SqlTemplate } from '../support/sql-sources';
import { isReported, isValidated } from './policy';
import type { Resolver } from './resolve';
import type { Classified } from './types';

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

/**
 * The spliced values worth reporting, each placed by the SQL around it (value or identifier) and
 * traced to where it comes from (see policy.ts).
 */
export function classify(template: SqlTemplate, sink: SqlCall, py: PythonFacts, text: string, resolver: Resolver, unbindable: string | null): { reported: Classified[]; quiet: Classified[] } {
  const out: Classified[] = [];
  // Values not worth a finding of their own (a clock reading, the run date): the fix binds them too.
  const quiet: Classified[] = [];
  const options = { doubleQuotedStrings: doubleQuotedStrings(sink, py) };
  const withParameters = passesParameters(sink);
  for (const slot of SqlSources.variableSlots(template)) {
    const offset = template.offsets.get(slot) ?? -1;
    if (offset < 0) continue;
    const before = template.text.slice(0, offset);
    const after = template.text.slice(offset + 1);
    let kind = slotKind(before, after, options);
    if (kind === 'value' && withParameters && WHOLE_LIST_BEFORE.test(before) && WHOLE_LIST_AFTER.test(after)) continue;
    if (kind === 'value' && isMergeColumnList(slot, template, sink, py, before)) kind = 'identifier';
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

export function isCandidate(sink: SqlCall, py: PythonFacts, text: string): boolean {
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
