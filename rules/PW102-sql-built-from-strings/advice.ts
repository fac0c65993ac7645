// What PW102 advises: how a call binds parameters (the driver's placeholder, SQLAlchemy binds,
// pandas params=, Airflow hook parameters=, BigQuery and Spark parameters), and how identifiers
// are composed (psycopg2.sql.Identifier for PostgreSQL, else an allow-list).

import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { TextEdit } from '../../server/src/engine/types';
import { connectionLibrary, importedDrivers, libraryOfModule, paramStyleOf, sqlDialectOf, type ParamStyle, type SqlCall } from '../../server/src/engine/knowledge';
import { appendArgumentEdits } from '../support/call-arguments';
import type { Classified } from './types';
import type { SourceText } from '../../server/src/engine/source-text';

const SIMPLE_NAME = /^[A-Za-z_]\w*$/;

const MAX_SHOWN = 3;

/** The spliced expressions, as the message names them (`day`, `row["id"]`, `a computed value`). */
export function describe(slots: Classified[]): string {
  const names = [...new Set(slots.map((s) => s.slot.expr))];
  const shown = names.map((n) => (n.length <= 32 && !/\n/.test(n) ? n : 'a computed value'));
  const unique = [...new Set(shown)];
  return unique.length <= MAX_SHOWN ? unique.join(', ') : `${unique.slice(0, MAX_SHOWN).join(', ')} and ${unique.length - MAX_SHOWN} more`;
}

/** Where the strongest of the values comes from: ` (a parameter of load())`, ` (day is read from XCom)`. */
export function originNote(slots: Classified[]): string {
  const strongest = slots.reduce((best, s) => (s.origin.rank > best.origin.rank ? s : best), slots[0]);
  if (!strongest?.origin.via) return '';
  if (distinctNames(slots) === 1) return ` (${strongest.origin.via})`;
  const name = strongest.slot.expr.length <= 32 && !/\n/.test(strongest.slot.expr) ? strongest.slot.expr : 'one';
  return ` (${name} is ${strongest.origin.via})`;
}

/** A whole row list spliced after VALUES (`VALUES {rows}`): rows built by hand from data. */
export function isRowList(slots: Classified[], text: string): boolean {
  return slots.some((s) => /\bvalues\s*$/i.test(text.slice(0, s.offset)));
}

/** How many different expressions the slots splice (`{day}` twice is one value). */
export function distinctNames(slots: Classified[]): number {
  return new Set(slots.map((s) => s.slot.expr)).size;
}

export function valueAdvice(sink: SqlCall, py: PythonFacts, info: ModuleInfo): string {
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

export function identifierAdvice(sink: SqlCall, py: PythonFacts, info: ModuleInfo, one: boolean): string {
  const it = one ? 'it' : 'them';
  const postgres = sqlDialectOf(sink.call, py) === 'postgres' || info.postgres;
  if (postgres && sink.kind !== 'bigquery' && sink.kind !== 'spark') return `compose ${it} with psycopg2.sql.Identifier (sql.SQL("… {}").format(sql.Identifier(name))) or check ${it} against an allow-list`;
  return `check ${it} against an allow-list of known names (identifiers cannot be bound as parameters)`;
}

// ---------------------------------------------------------------------------------------------
// Parameter styles

export interface Style {
  placeholder: '%s' | '?' | ':name';
  /** The style comes from a driver the call resolves to, not from a guess over the imports. */
  certain: boolean;
}

/** The placeholder a DB-API parameter style writes (`%s` for pyformat and format, `?` for qmark). */
export function placeholderOf(style: ParamStyle | null | undefined): '%s' | '?' | null {
  return style === 'pyformat' || style === 'format' ? '%s' : style === 'qmark' ? '?' : null;
}

/** What the module imports, computed once per lint and only when a finding needs it. */
export class ModuleInfo {
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
export function driverStyle(call: CallFact, py: PythonFacts, info: ModuleInfo): Style | null {
  const known = placeholderOf(paramStyleOf(call, py));
  if (known) return { placeholder: known, certain: true };
  // A cursor passed in as a parameter: the style of the drivers the module imports, if they agree.
  if (info.drivers.size !== 1 || info.sqlalchemy) return null;
  const [only] = info.drivers;
  return only ? { placeholder: only, certain: false } : null;
}

/** The paramstyle of the connection given to pandas.read_sql. */
export function connectionStyle(sink: SqlCall, py: PythonFacts, text: SourceText): Style | null {
  const con = sink.call.args.find((a) => a.kind === 'keyword' && a.name === 'con') ?? sink.call.args.filter((a) => a.kind === 'positional')[1];
  if (!con) return null;
  const name = text.slice(con.start, con.end);
  if (!SIMPLE_NAME.test(name)) return null;
  const assignment = py.lastAssignment(name, sink.call.fn, sink.call.start);
  if (!assignment?.call) return null;
  const placeholder = placeholderOf(connectionLibrary(assignment.call, py)?.paramStyle);
  return placeholder ? { placeholder, certain: true } : null;
}

export interface ParamsTarget {
  style: Style;
  /** Edits that pass the values, given their expressions (and names for `:name`). */
  edits(values: Array<{ expr: string; name: string }>): TextEdit[] | null;
}

export function paramsTarget(sink: SqlCall, py: PythonFacts, text: SourceText, info: ModuleInfo): ParamsTarget | null {
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
