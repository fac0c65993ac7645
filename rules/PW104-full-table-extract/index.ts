// PW104 full-table-extract: a stage that reads a whole table on every run — a SELECT without
// WHERE (LIMIT only samples), read_sql_table, spark.read.jdbc/spark.table of a table — and writes
// or returns what it read. Metadata queries, single-row aggregates (COUNT(*), MAX(updated_at)),
// loads (INSERT … SELECT, CREATE … AS), allow-listed small tables, reference tables read into an
// id → name mapping and tables staged for a bulk sync are left alone. The fix turns
// a pandas read_sql of one table into an incremental extract: WHERE <watermark> > %s, the last
// watermark read before the query and the new one saved after the stage writes its output.
// One module per kind of source (dbapi.ts, spark.ts); what was read (extract.ts), whether the
// read is a stage (stage.ts), the fix (fix.ts).

import type { RelatedLocation, Rule } from '../../server/src/engine/types';
import { isMetadataTable } from '../../server/src/engine/sql';
import { exportedTaskCallables, SqlSources } from '../support/sql-sources';
import { allowListed, displayTable, extractOf } from './extract';
import { buildFix } from './fix';
import { incrementalCandidate, type Read } from './read';
import { Scopes } from './scopes';
import { exportedWriters, filteredLater, isIoManagerLoad, isJoinLookup, lookupCallsIn, passesToWriter, readsLookupForCallers, returnsRows } from './stage';
import { growthClause, growthOf } from './growth';
import { buildsLookup, isDisplayedOnly, isDumpScript, isNeverUsed, readsSyncStaging, readsLoadTarget, readsTempViews, tempViewsOf } from './not-extracts';

const ID = 'PW104';

/** What to do instead, in the terms of the source. */
function adviceFor(read: Read): string {
  if (read.changeStamp) return `select only records changed since the last run (WHERE ${read.changeStamp} > the saved watermark) and save the new watermark after the write`;
  if (read.label.endsWith('.scan')) return 'read only the items changed since the last run (the table\'s DynamoDB stream, or a query on an updated-at index) instead of scanning it';
  if (read.lazy) return 'read only rows changed since the last run (filter on a watermark column so Spark pushes it into the read, or read the Delta change data feed) and save the new watermark after the write';
  if (read.label.includes('.query(')) return 'filter on a watermark column (.filter(Model.updated_at > last_watermark)) and save the new watermark after the write';
  return 'extract only rows changed since the last run (WHERE updated_at > saved watermark) and save the new watermark after the write';
}

export const fullTableExtract: Rule = {
  meta: {
    id: ID,
    slug: 'full-table-extract',
    title: 'Full-table extract',
    priority: 'P1',
    dialects: ['python'],
    rationale: 'Re-reading a whole table on every run makes the job slower and costlier as the table grows, loads the source database, and re-ships rows that did not change.',
    recommendation: 'Extract incrementally: select only rows changed since the last run (WHERE updated_at > watermark) and save the new watermark after the write.',
    fixable: true,
  },
  check(ctx) {
    const py = ctx.doc.python;
    // Tests read fixtures whole on purpose.
    if (!py || ctx.doc.isTestFile) return;
    const text = ctx.doc.sourceText;
    let sources: SqlSources | undefined;
    const scopes = new Scopes(py, text);
    // One finding per query text; every read of it is a related location.
    const reported = new Map<string, RelatedLocation[]>();
    for (const call of ctx.statement?.calls ?? py.calls) {
      const read = incrementalCandidate(call, py, scopes, text);
      if (!read) continue;
      if (isIoManagerLoad(call.fn, py, text)) continue;
      sources ??= new SqlSources(py, text);
      const extract = extractOf(read, sources, py, text);
      if (!extract) continue;
      if (extract.tables.every((t) => isMetadataTable(t) || allowListed(t, ctx.config.fullExtractAllowlist))) continue;
      if (readsTempViews(extract.tables, py) || readsLoadTarget(extract.tables, call.fn, scopes) || readsSyncStaging(extract.tables) || isDumpScript(ctx.doc.path)) continue;
      const scope = scopes.callsOf(call.fn);
      if ((read.lazy && filteredLater(read, scopes, scope)) || isJoinLookup(read, scopes, text) || buildsLookup(read, scopes, text)) continue;
      // A display (a notebook's `%sql` cell, a bare `spark.sql(…)` whose frame is dropped), or a lazy frame nothing uses, extracts nothing.
      if (read.lazy && (isDisplayedOnly(call, scopes, text) || isNeverUsed(call, scopes, text))) continue;
      // Only a source that grows makes a full re-read worse every run; a current-state table is rebuilt whole by design.
      const growth = growthOf(extract, read, scopes);
      if (!growth) continue;
      const writes = read.kind === 'copy' || read.kind === 'unload' || scopes.writes(call.fn);
      if (!writes && !passesToWriter(read, scopes, text)) {
        // A reader of a table its caller names (`def load(table): … SELECT * FROM {table}`) hands the choice of table to the caller.
        if (!returnsRows(read, scopes, text) || extract.tables.every((t) => /\u0000/.test(t.name))) continue;
        // A reader whose callers only join or filter with the rows it returns: a reference table.
        if (readsLookupForCallers(call.fn, py, text)) continue;
      }
      // A query is reported at its text; a table read (read_sql_table, spark.table) at the call.
      const site = extract.sql !== null ? extract.template?.root : undefined;
      const start = site ? site.start : call.start;
      const end = site ? site.end : call.end;
      const key = `${start}:${end}`;
      const readHere: RelatedLocation = { path: ctx.doc.path, start: call.start, end: call.end, message: `The query is read here (${read.label})` };
      const earlier = reported.get(key);
      if (earlier) {
        if (!earlier.some((r) => r.start === readHere.start)) earlier.push(readHere);
        continue;
      }
      const tables = extract.tables.filter((t) => !isMetadataTable(t));
      const shown = displayTable(tables, extract.template);
      const what = extract.sql === null
        ? extract.limitOnly ? `${read.label} reads ${shown} with a limit but no filter (a sample, not an increment)` : `${read.label} reads all of ${shown}`
        : extract.limitOnly ? `Query reads ${shown} with LIMIT but no WHERE (a sample, not an increment)` : `Query reads all of ${shown} (SELECT without WHERE)`;
      const where = extract.sql === null ? '' : ` through ${read.label}`;
      const message = `${what}${where} on every run, ${growthClause(growth)}; ${adviceFor(read)}`;
      const related: RelatedLocation[] = start < call.start || end > call.end ? [readHere] : [];
      reported.set(key, related);
      const fix = buildFix(ctx, py, scopes, read, extract);
      // The query may be a module-level constant: the finding belongs to the call that reads it.
      ctx.report({ start, end, message, fixes: fix ? [fix] : [], related: related.length ? related : undefined, origin: call.start });
    }
  },
  incremental: {
    // Task callables (templates), which functions write (rows handed to them), temporary views
    // registered, and which readers' results the statement only joins or filters with.
    exports: (statement, context) => `${exportedTaskCallables(statement, context)}|${exportedWriters(statement, context.doc.python)}|${tempViewsOf(statement.calls, statement.strings).join(',')}|${context.doc.python ? lookupCallsIn(statement, context.doc.python, context.doc.sourceText).join(',') : ''}`,
  },
};
