// PW102 sql-built-from-strings: SQL text assembled with an f-string, `%`, `.format()` or `+` from
// values that are not constants, reaching a call that runs SQL. A value spliced where a literal
// goes (`WHERE id = {user_id}`) is P1 and, for simple cases, rewritten to a placeholder plus
// parameters; a name spliced where an identifier goes (`FROM {table}`) is P2 and points to
// psycopg2.sql.Identifier or an allow-list, since identifiers cannot be bound as parameters.
// The rule's parts: classify.ts (value or identifier), advice.ts (placeholders and parameters per
// driver), fix.ts (the parameter rewrite).

import { looksLikeSql } from '../../server/src/engine/sql';
import type { Fix, RelatedLocation, Rule } from '../../server/src/engine/types';
import { sqlCallOf } from '../../server/src/engine/knowledge';
import { analysisText, exportedTaskCallables, SqlSources, type Site } from '../support/sql-sources';
import { describe, distinctNames, identifierAdvice, isRowList, ModuleInfo, originNote, valueAdvice } from './advice';
import { unbindableKind } from './policy';
import { Resolver } from './resolve';
import { exportedSummary, hasSqlCalls } from './summaries';
import { classify, isCandidate } from './classify';
import { buildFix } from './fix';
import type { Classified, Pending } from './types';

const ID = 'PW102';

export const sqlBuiltFromStrings: Rule = {
  meta: {
    id: ID,
    slug: 'sql-built-from-strings',
    title: 'SQL built from strings',
    priority: 'P1',
    dialects: ['python'],
    rationale: 'SQL assembled with f-strings, %, .format() or + from runtime values breaks on quotes, mis-types dates and numbers, and lets a crafted value rewrite the query (SQL injection).',
    recommendation: 'Pass values as query parameters (placeholders plus params); compose table and column names with psycopg2.sql.Identifier or check them against an allow-list.',
    fixable: true,
    concern: 'security',
  },
  check(ctx) {
    const py = ctx.doc.python;
    // Test code splices its fixtures' names into throwaway databases: nothing outside reaches it.
    if (!py || ctx.doc.isTestFile) return;
    const text = ctx.doc.sourceText;
    let sources: SqlSources | undefined;
    let resolver: Resolver | undefined;
    const pending = new Map<string, Pending>();
    for (const call of ctx.statement?.calls ?? py.calls) {
      const sink = sqlCallOf(call, py);
      if (!sink || !isCandidate(sink, py, text)) continue;
      sources ??= new SqlSources(py, text);
      const template = sources.templateOfArg(sink.arg, call.fn);
      if (!template) continue;
      const analysis = analysisText(template);
      if (!looksLikeSql(analysis)) continue;
      const unbindable = unbindableKind(analysis);
      resolver ??= new Resolver(py, text);
      const { reported: slots, quiet } = classify(template, sink, py, text, resolver, unbindable);
      if (slots.length === 0) continue;
      const bySite = new Map<Site, Classified[]>();
      for (const s of slots) bySite.set(s.slot.site, [...(bySite.get(s.slot.site) ?? []), s]);
      for (const [site, siteSlots] of bySite) {
        const key = `${site.start}:${site.end}`;
        const existing = pending.get(key);
        const reachedLater = site.start !== sink.arg.start || site.end !== sink.arg.end;
        const related: RelatedLocation[] = reachedLater ? [{ path: ctx.doc.path, start: call.start, end: call.end, message: `The SQL runs here (${sink.label})` }] : [];
        if (existing) {
          existing.related.push(...related.filter((r) => !existing.related.some((e) => e.start === r.start)));
          continue;
        }
        pending.set(key, { site, sink, template, slots: siteSlots, quiet: quiet.filter((q) => q.slot.site === site), related, unbindable });
      }
    }
    const info = new ModuleInfo(py);
    for (const p of pending.values()) {
      const values = p.slots.filter((s) => s.kind === 'value');
      const identifiers = p.slots.filter((s) => s.kind === 'identifier');
      const fixes: Fix[] = [];
      let message: string;
      if (values.length > 0) {
        const one = distinctNames(values) === 1;
        const it = one ? 'it' : 'them';
        const advice = p.unbindable
          ? `a ${p.unbindable} statement cannot take bound parameters, so validate ${it} against an allow-list or a strict pattern first`
          : isRowList(values, p.template.text)
            ? 'pass the rows as parameters with executemany (or a bulk load) instead of formatting them into the statement'
            : valueAdvice(p.sink, py, info);
        message = `${one ? 'Value' : 'Values'} ${describe(values)}${originNote(values)} ${one ? 'is' : 'are'} formatted into the SQL text passed to ${p.sink.label}; ${advice}`;
        if (identifiers.length > 0) message += `, and check identifier ${describe(identifiers)} against an allow-list`;
        if (identifiers.length === 0 && !p.unbindable) {
          const fix = buildFix(ctx, py, { ...p, slots: [...values, ...p.quiet].sort((a, b) => a.offset - b.offset) }, info);
          if (fix) fixes.push(fix);
        }
      } else {
        const one = distinctNames(identifiers) === 1;
        message = `${one ? 'Identifier' : 'Identifiers'} ${describe(identifiers)}${originNote(identifiers)} ${one ? 'is' : 'are'} formatted into the SQL text passed to ${p.sink.label}; ${identifierAdvice(p.sink, py, info, one)}`;
      }
      ctx.report({
        start: p.site.start,
        end: p.site.end,
        message,
        priority: values.length > 0 ? 'P1' : 'P2',
        fixes,
        related: p.related.length > 0 ? p.related : undefined,
        // The SQL may be built in a module-level constant: the finding belongs to the call that runs it.
        origin: p.sink.call.start,
      });
    }
  },
  incremental: {
    // What templates read of task operators, and what origins read of other statements (summaries.ts).
    exports: (statement, context) => {
      const py = context.doc.python;
      return `${exportedTaskCallables(statement, context)}|${py && hasSqlCalls(py) ? exportedSummary(statement, py, context.doc.sourceText) : ''}`;
    },
  },
};
