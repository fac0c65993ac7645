// PW102 sql-built-from-strings: SQL text assembled with an f-string, `%`, `.format()` or `+` from
// values that are not constants, reaching a call that runs SQL. A value spliced where a literal
// goes (`WHERE id = {user_id}`) is P1 and, for simple cases, rewritten to a placeholder plus
// parameters; a name spliced where an identifier goes (`FROM {table}`) is P2 and points to
// psycopg2.sql.Identifier or an allow-list, since identifiers cannot be bound as parameters.

import type { CallFact, FunctionFact } from '../server/src/engine/python/facts';
import type { PythonFacts } from '../server/src/engine/python/python-facts';
import { looksLikeSql, placeholderStyle, slotKind, statementKind, tokenizeSql } from '../server/src/engine/sql';
import type { Fix, RelatedLocation, Rule, RuleContext, TextEdit } from '../server/src/engine/types';
import { appendArgumentEdits } from './support/call-arguments';
import { analysisText, exportedTaskCallables, SqlSources, type Site, type SlotPiece, type SqlTemplate, type TextPiece } from './support/sql-sources';
import { connectionLibrary, importedDrivers, libraryOfModule, paramStyleOf, sqlCallOf, sqlDialectOf, type ParamStyle, type SqlCall } from '../server/src/engine/knowledge';

const ID = 'PW102';
const TITLE_PREFIX = `Pipewise (${ID}):`;

const CANDIDATE_SHAPES = new Set(['fstring', 'percent-format', 'format-call', 'concat', 'name', 'call', 'other']);
const SIMPLE_NAME = /^[A-Za-z_]\w*$/;
const DOTTED_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

interface Classified {
  slot: SlotPiece;
  kind: 'value' | 'identifier';
  offset: number;
}

interface Pending {
  site: Site;
  sink: SqlCall;
  template: SqlTemplate;
  slots: Classified[];
  related: RelatedLocation[];
}

// ---------------------------------------------------------------------------------------------
// Messages

function describe(slots: Classified[]): string {
  const names = [...new Set(slots.map((s) => s.slot.expr))];
  const shown = names.map((n) => (n.length <= 32 && !/\n/.test(n) ? n : 'a computed value'));
  const unique = [...new Set(shown)];
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
}

/** How many different expressions the slots splice (`{day}` twice is one value). */
function distinctNames(slots: Classified[]): number {
  return new Set(slots.map((s) => s.slot.expr)).size;
}

function valueAdvice(sink: SqlCall, py: PythonFacts, info: ModuleInfo): string {
  switch (sink.kind) {
    case 'sqlalchemy-text':
    case 'sqlalchemy-execute':
      return 'bind it as a parameter (:name in text() with a parameters dict)';
    case 'pandas':
      return 'use a placeholder and pass it in params=';
    case 'spark':
      return 'use a :name marker and pass it in args= (Spark 3.4+)';
    case 'bigquery':
      return 'use an @name parameter with bigquery.ScalarQueryParameter in the QueryJobConfig';
    case 'airflow-hook':
      return 'use a placeholder and pass it in parameters=';
    case 'dbapi': {
      const style = driverStyle(sink.call, py, info);
      return style ? `use a ${style.placeholder} placeholder and pass it as a query parameter` : 'use a placeholder and pass it as a query parameter';
    }
    default:
      return 'use a placeholder and pass it as a query parameter';
  }
}

function identifierAdvice(sink: SqlCall, py: PythonFacts, info: ModuleInfo, one: boolean): string {
  const it = one ? 'it' : 'them';
  const postgres = sqlDialectOf(sink.call, py) === 'postgres' || info.postgres;
  if (postgres && sink.kind !== 'bigquery' && sink.kind !== 'spark') return `compose ${it} with psycopg2.sql.Identifier (sql.SQL("… {}").format(sql.Identifier(name))) or check ${it} against an allow-list`;
  return `check ${it} against an allow-list of known names (identifiers cannot be bound as parameters)`;
}

// ---------------------------------------------------------------------------------------------
// Parameter styles

interface Style {
  placeholder: '%s' | '?' | ':name';
  /** The style comes from a driver the call resolves to, not from a guess over the imports. */
  certain: boolean;
}

/** The placeholder a DB-API parameter style writes (`%s` for pyformat and format, `?` for qmark). */
function placeholderOf(style: ParamStyle | null | undefined): '%s' | '?' | null {
  return style === 'pyformat' || style === 'format' ? '%s' : style === 'qmark' ? '?' : null;
}

/** What the module imports, computed once per lint and only when a finding needs it. */
class ModuleInfo {
  private driverPlaceholders: Set<'%s' | '?' | null> | undefined;
  private postgresImported: boolean | undefined;
  private sqlalchemyImported: boolean | undefined;

  constructor(readonly py: PythonFacts) {}

  /** The placeholders of the DB-API drivers the file imports. */
  get drivers(): Set<'%s' | '?' | null> {
    this.driverPlaceholders ??= new Set(importedDrivers(this.py).map((library) => placeholderOf(library.paramStyle)));
    return this.driverPlaceholders;
  }

  /** A connection passed in may be a SQLAlchemy one, whose execute() takes text(), not DB-API placeholders. */
  get sqlalchemy(): boolean {
    this.sqlalchemyImported ??= this.py.imports.some((i) => libraryOfModule(i.module)?.id === 'sqlalchemy');
    return this.sqlalchemyImported;
  }

  get postgres(): boolean {
    this.postgresImported ??= importedDrivers(this.py).some((library) => library.sqlDialect === 'postgres');
    return this.postgresImported;
  }
}

/** The paramstyle of a DB-API call, from the driver its receiver was created by. */
function driverStyle(call: CallFact, py: PythonFacts, info: ModuleInfo): Style | null {
  const known = placeholderOf(paramStyleOf(call, py));
  if (known) return { placeholder: known, certain: true };
  // A cursor passed in as a parameter: the style of the drivers the module imports, if they agree.
  if (info.drivers.size !== 1 || info.sqlalchemy) return null;
  const [only] = info.drivers;
  return only ? { placeholder: only, certain: false } : null;
}

/** The paramstyle of the connection given to pandas.read_sql. */
function connectionStyle(sink: SqlCall, py: PythonFacts, text: string): Style | null {
  const con = sink.call.args.find((a) => a.kind === 'keyword' && a.name === 'con') ?? sink.call.args.filter((a) => a.kind === 'positional')[1];
  if (!con) return null;
  const name = text.slice(con.start, con.end);
  if (!SIMPLE_NAME.test(name)) return null;
  const assignment = py.lastAssignment(name, sink.call.fn, sink.call.start);
  if (!assignment?.call) return null;
  const placeholder = placeholderOf(connectionLibrary(assignment.call, py)?.paramStyle);
  return placeholder ? { placeholder, certain: true } : null;
}

interface ParamsTarget {
  style: Style;
  /** Edits that pass the values, given their expressions (and names for `:name`). */
  edits(values: Array<{ expr: string; name: string }>): TextEdit[] | null;
}

function paramsTarget(sink: SqlCall, py: PythonFacts, text: string, info: ModuleInfo): ParamsTarget | null {
  const { call } = sink;
  const positional = call.args.filter((a) => a.kind === 'positional');
  const keywords = call.args.filter((a) => a.kind !== 'positional');
  const method = call.callee.slice(call.callee.lastIndexOf('.') + 1);
  const tuple = (values: Array<{ expr: string }>) => (values.length === 1 ? `(${values[0].expr},)` : `(${values.map((v) => v.expr).join(', ')})`);
  switch (sink.kind) {
    case 'dbapi': {
      if (!['execute', 'mogrify'].includes(method) || positional.length !== 1 || keywords.length > 0 || positional[0] !== sink.arg) return null;
      const style = driverStyle(call, py, info);
      if (!style) return null;
      return { style, edits: (values) => [{ start: sink.arg.end, end: sink.arg.end, newText: `, ${tuple(values)}` }] };
    }
    case 'sqlalchemy-text': {
      if (call.args.length !== 1 || /^\s*\.\s*bindparams\b/.test(text.slice(call.end, call.end + 40))) return null;
      return {
        style: { placeholder: ':name', certain: true },
        edits: (values) => {
          const seen = new Set<string>();
          const binds = values.filter((v) => !seen.has(v.name) && seen.add(v.name)).map((v) => `${v.name}=${v.expr}`);
          return [{ start: call.end, end: call.end, newText: `.bindparams(${binds.join(', ')})` }];
        },
      };
    }
    case 'pandas': {
      if (call.args.some((a) => a.name === 'params' || a.kind === 'dict-splat') || positional.length > 2 || !/read_sql(_query)?$/.test(method)) return null;
      const style = connectionStyle(sink, py, text);
      if (!style) return null;
      return { style, edits: (values) => appendArgumentEdits(text, call, `params=[${values.map((v) => v.expr).join(', ')}]`) };
    }
    case 'airflow-hook': {
      if (call.args.some((a) => a.name === 'parameters' || a.kind === 'dict-splat') || positional.length !== 1) return null;
      const placeholder = placeholderOf(paramStyleOf(call, py));
      if (!placeholder) return null;
      return { style: { placeholder, certain: true }, edits: (values) => appendArgumentEdits(text, call, `parameters=${tuple(values)}`) };
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The fix: placeholders in a plain string, values as parameters

function occurrences(text: string, name: string, start: number, end: number): number {
  const pattern = new RegExp(`(?<![\\w.])${name}\\b`, 'g');
  return [...text.slice(start, end).matchAll(pattern)].length;
}

function buildFix(ctx: RuleContext, py: PythonFacts, pending: Pending, info: ModuleInfo): Fix | null {
  const { site, sink, template, slots } = pending;
  const text = ctx.doc.text;
  if (site !== template.root || site.foreignTemplate || site.kind === 'literal') return null;
  if (slots.some((s) => s.kind !== 'value' || s.slot.site !== site || !DOTTED_NAME.test(s.slot.expr))) return null;
  if (template.pieces.some((p) => p.site !== site)) return null;
  // Existing placeholders would need merging with the new ones.
  if (placeholderStyle(template.text.replace(/\u0000/g, 'pw_value')) !== null) return null;
  // The construction must reach only this call: an argument, or a variable used once, by it.
  if (site.assignment) {
    const fn: FunctionFact | null = site.assignment.fn;
    if (!fn || fn !== sink.call.fn || text.slice(sink.arg.start, sink.arg.end) !== site.assignment.target) return null;
    if (occurrences(text, site.assignment.target, fn.bodyStart, fn.bodyEnd) !== 2) return null;
  } else if (site.start !== sink.arg.start || site.end !== sink.arg.end) {
    return null;
  }
  const target = paramsTarget(sink, py, text, info);
  if (!target) return null;
  const strings = template.pieces.filter((p): p is TextPiece => p.type === 'text').map((p) => p.str);
  if (strings.length === 0) return null;
  const first = strings[0];
  const otherPrefix = (s: { prefix: string }) => s.prefix.replace(/[fF]/g, '').toLowerCase();
  if (strings.some((s) => s.quote !== first.quote || otherPrefix(s) !== otherPrefix(first) || s.isBytes)) return null;

  const parameterized = new Set(slots.map((s) => s.slot));
  const keptSlots = template.pieces.filter((p): p is SlotPiece => p.type === 'slot' && !parameterized.has(p));
  const keepF = keptSlots.length > 0;
  if (keepF && (site.kind !== 'fstring' || keptSlots.some((s) => !s.fstringField))) return null;

  const names = new Map<string, string>();
  const used = new Set<string>();
  const nameFor = (expr: string) => {
    let name = names.get(expr);
    if (name) return name;
    const base = expr.slice(expr.lastIndexOf('.') + 1);
    name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    names.set(expr, name);
    return name;
  };

  const out: string[] = [];
  const values: Array<{ expr: string; name: string }> = [];
  let allQuoted = true;
  const pieces = template.pieces;
  const pieceTexts: string[] = pieces.map((p) => (p.type === 'text' ? convertText(p, keepF, target.style.placeholder) : ''));
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece.type === 'text') {
      out.push(pieceTexts[i]);
      continue;
    }
    if (!parameterized.has(piece)) {
      out.push(text.slice(piece.rawStart, piece.rawEnd));
      continue;
    }
    const offset = template.offsets.get(piece) ?? -1;
    const before = template.text.slice(0, offset);
    if (/\bin\s*\([^()]*$/i.test(before)) return null;
    const tokens = tokenizeSql(before);
    const last = tokens[tokens.length - 1];
    if (last?.open) {
      // Only a value that is the whole quoted literal: `'{name}'` → placeholder.
      const prev = out.length - 1;
      const next = pieces[i + 1];
      if (last.text !== "'" || prev < 0 || !out[prev].endsWith("'") || out[prev].endsWith("\\'") || next?.type !== 'text' || !next.raw.startsWith("'")) return null;
      out[prev] = out[prev].slice(0, -1);
      pieceTexts[i + 1] = pieceTexts[i + 1].slice(1);
    } else {
      allQuoted = false;
    }
    const name = nameFor(piece.expr);
    values.push({ expr: piece.expr, name });
    out.push(target.style.placeholder === ':name' ? `:${name}` : target.style.placeholder);
  }
  const prefix = first.prefix.replace(/[fF]/g, '') + (keepF ? 'f' : '');
  const literal = `${prefix}${first.quote}${out.join('')}${first.quote}`;
  const paramEdits = target.edits(values);
  if (!paramEdits) return null;
  const edits: TextEdit[] = [{ start: site.start, end: site.end, newText: literal }, ...paramEdits];
  const shown = [...new Set(values.map((v) => v.expr))];
  const title = `${TITLE_PREFIX} Pass ${shown.join(', ')} as ${shown.length === 1 ? 'a query parameter' : 'query parameters'}`;
  // Unquoted values may be SQL fragments on purpose; a guessed driver may use another style.
  return { title, edits, safe: allQuoted && target.style.certain, preferred: true };
}

function convertText(piece: TextPiece, keepF: boolean, placeholder: Style['placeholder']): string {
  let t = piece.raw;
  if ((piece.origin === 'fstring' && !keepF) || piece.origin === 'format') t = t.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  if (piece.origin === 'percent') t = t.replace(/%%/g, '%');
  if (piece.origin === 'plain' && keepF) t = t.replace(/[{}]/g, (m) => m + m);
  if (placeholder === '%s') t = t.replace(/%/g, '%%');
  return t;
}

// ---------------------------------------------------------------------------------------------
// The rule

/** BigQuery, Spark SQL and MySQL read "…" as a string literal. */
function doubleQuotedStrings(sink: SqlCall, py: PythonFacts): boolean {
  if (sink.kind === 'bigquery' || sink.kind === 'spark') return true;
  const dialect = sqlDialectOf(sink.call, py);
  return dialect === 'mysql' || dialect === 'bigquery' || dialect === 'spark';
}

/** The call passes parameters besides the SQL (`execute(sql, row)`, `params=`, `parameters=`). */
function passesParameters(sink: SqlCall): boolean {
  const positional = sink.call.args.filter((a) => a.kind === 'positional');
  if (sink.kind === 'pandas') return sink.call.args.some((a) => a.name === 'params');
  if (sink.kind === 'airflow-hook') return sink.call.args.some((a) => a.name === 'parameters') || positional.length >= 3;
  return positional.length >= 2 || sink.call.args.some((a) => a.kind !== 'positional' && a !== sink.arg);
}

/**
 * A whole `VALUES (…)` tuple or `IN (…)` list spliced in while the call passes parameters: the
 * common `VALUES ({placeholders})` built by a helper elsewhere, not values.
 */
const WHOLE_LIST_BEFORE = /\b(values|in)\s*\(?\s*$/i;
const WHOLE_LIST_AFTER = /^\s*(\)|;|$|on\s+conflict\b|returning\b)/i;

/**
 * `MERGE … WHEN NOT MATCHED THEN INSERT (…) VALUES ({insert_values_sql})` with the list built by
 * `", ".join(…)`: a MERGE inserts expressions over its source (`new_data.col`), generated from
 * column names — identifiers, not values.
 */
function isMergeColumnList(slot: SlotPiece, template: SqlTemplate, sink: SqlCall, py: PythonFacts, before: string): boolean {
  if (!SIMPLE_NAME.test(slot.expr) || !WHOLE_LIST_BEFORE.test(before)) return false;
  const built = py.lastAssignment(slot.expr, slot.site.assignment ? slot.site.assignment.fn : sink.call.fn, slot.rawStart);
  return built?.shape.kind === 'join' && statementKind(template.text) === 'merge';
}

function classify(template: SqlTemplate, sink: SqlCall, py: PythonFacts): Classified[] {
  const out: Classified[] = [];
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
    if (kind === 'value' || kind === 'identifier') out.push({ slot, kind, offset });
  }
  return out;
}

function isCandidate(sink: SqlCall, py: PythonFacts, text: string): boolean {
  const { shape } = sink.arg;
  if (!CANDIDATE_SHAPES.has(shape.kind)) return false;
  if (shape.kind === 'name') {
    // The usual `cur.execute(query)` with `query = "…"`: a literal has nothing spliced in.
    const name = text.slice(sink.arg.start, sink.arg.end);
    return SIMPLE_NAME.test(name) && py.lastAssignment(name, sink.call.fn, sink.arg.start)?.shape.kind !== 'literal';
  }
  if (shape.kind === 'call') return /\.format\s*\(/.test(text.slice(sink.arg.start, sink.arg.end));
  if (shape.kind === 'other') return /^[A-Za-z_]\w*\s*%/.test(text.slice(sink.arg.start, sink.arg.end));
  return true;
}

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
  },
  check(ctx) {
    const py = ctx.doc.python;
    if (!py) return;
    const text = ctx.doc.text;
    let sources: SqlSources | undefined;
    const pending = new Map<string, Pending>();
    for (const call of ctx.statement?.calls ?? py.calls) {
      const sink = sqlCallOf(call, py);
      if (!sink || !isCandidate(sink, py, text)) continue;
      sources ??= new SqlSources(py, text);
      const template = sources.templateOfArg(sink.arg, call.fn);
      if (!template || !looksLikeSql(analysisText(template))) continue;
      const slots = classify(template, sink, py);
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
        pending.set(key, { site, sink, template, slots: siteSlots, related });
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
        message = `${one ? 'Value' : 'Values'} ${describe(values)} ${one ? 'is' : 'are'} formatted into the SQL text passed to ${p.sink.label}; ${valueAdvice(p.sink, py, info)}`;
        if (identifiers.length > 0) message += `, and check identifier ${describe(identifiers)} against an allow-list`;
        if (identifiers.length === 0) {
          const fix = buildFix(ctx, py, { ...p, slots: values }, info);
          if (fix) fixes.push(fix);
        }
      } else {
        const one = distinctNames(identifiers) === 1;
        message = `${one ? 'Identifier' : 'Identifiers'} ${describe(identifiers)} ${one ? 'is' : 'are'} formatted into the SQL text passed to ${p.sink.label}; ${identifierAdvice(p.sink, py, info, one)}`;
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
  incremental: { exports: exportedTaskCallables },
};
