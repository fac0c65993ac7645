// Calls that take SQL text, and which argument holds it: DB-API cursors, SQLAlchemy text() and
// execute, pandas read_sql*, spark.sql, BigQuery client.query, Airflow hooks.

import type { ArgFact, CallFact } from '../python/facts';
import { VersionedCache, type PythonFacts } from '../python/python-facts';
import { argumentOf, callSiteOf, firstStringArgument, receiverOf } from './call-site';
import { knowledgeOf, LIBRARIES, libraryOfModule } from './catalogue';
import { DIALECT_DEFAULT_DRIVERS, URL_DRIVERS } from './libraries/sqlalchemy';
import { DRIVER_ROOTS } from './libraries/db-drivers';
import type { Library, ParamStyle, SqlCallKind, SqlDialect } from './types';

export interface SqlCall {
  call: CallFact;
  kind: SqlCallKind;
  /** The argument holding the SQL. */
  arg: ArgFact;
  /** How the call reads in messages (`cur.execute`, `pd.read_sql`). */
  label: string;
  library: Library;
}

const sqlCalls = new VersionedCache<CallFact, SqlCall | null>();

/** The call as a consumer of SQL text, or null when it takes no SQL Pipewise knows of. */
export function sqlCallOf(call: CallFact, py: PythonFacts): SqlCall | null {
  let found = sqlCalls.get(call, py.resolutionVersion);
  if (found !== undefined) return found;
  found = null;
  const known = knowledgeOf(call, py, (entry) => entry.sql !== undefined);
  if (known) {
    const spec = known.entry.sql!;
    const arg = argumentOf(call, spec.arg);
    if (arg) {
      const kind = typeof spec.kind === 'function' ? spec.kind(callSiteOf(call, py)) : spec.kind;
      found = { call, kind, arg, label: call.callee, library: known.library };
    }
  }
  sqlCalls.set(call, py.resolutionVersion, found);
  return found;
}

/**
 * How the statements of a call take bound parameters: the library's PEP 249 paramstyle when the
 * call resolves to a known driver or client, null when it does not say.
 */
export function paramStyleOf(call: CallFact, py: PythonFacts): ParamStyle | null {
  const sql = sqlCallOf(call, py);
  if (!sql) return null;
  const byCall = knowledgeOf(call, py, (entry) => entry.paramStyle !== undefined)?.entry.paramStyle?.(callSiteOf(call, py));
  return byCall ?? sql.library.paramStyle ?? null;
}

/** The SQL dialect a call's statements are written in, when the call resolves to a library that says. */
export function sqlDialectOf(call: CallFact, py: PythonFacts): SqlDialect | null {
  const sql = sqlCallOf(call, py);
  if (!sql) return null;
  const byCall = knowledgeOf(call, py, (entry) => entry.sqlDialect !== undefined)?.entry.sqlDialect?.(callSiteOf(call, py));
  return byCall ?? sql.library.sqlDialect ?? null;
}

/** The DB-API driver library behind a SQLAlchemy engine URL (`postgresql+psycopg2://…`, `sqlite:///x.db`). */
export function engineUrlDriver(url: string): Library | null {
  const scheme = /^([a-z][a-z0-9]*)(?:\+([a-z0-9_]+))?:\/\//i.exec(url);
  if (!scheme) return null;
  const id = scheme[2] ? URL_DRIVERS[scheme[2].toLowerCase()] : DIALECT_DEFAULT_DRIVERS[scheme[1].toLowerCase()];
  return LIBRARIES.find((library) => library.id === id) ?? null;
}

/**
 * The library of the connection a call creates (`psycopg2.connect(…)`, `sqlite3.connect(…)`,
 * `create_engine("postgresql://…")`: the driver its URL names), null when it creates none Pipewise knows.
 */
export function connectionLibrary(call: CallFact, py: PythonFacts): Library | null {
  const known = knowledgeOf(call, py, (entry) => entry.role === 'connect');
  const site = callSiteOf(call, py);
  // In-process drivers (sqlite3, DuckDB) have no connect I/O entry: the module they come from says.
  if (!known) return site.method === 'connect' && DRIVER_ROOTS.includes(site.root) ? libraryOfModule(receiverOf(site.plain)) : null;
  if (known.library.id !== 'sqlalchemy') return known.library;
  const url = firstStringArgument(call);
  return url ? engineUrlDriver(url) : null;
}

/** The DB-API driver libraries a module imports (a cursor handed in may come from any of them). */
export function importedDrivers(py: PythonFacts): Library[] {
  const out = new Set<Library>();
  for (const i of py.imports) {
    if (!DRIVER_ROOTS.includes(i.module.split('.')[0])) continue;
    const library = libraryOfModule(i.module);
    if (library) out.add(library);
  }
  return [...out];
}
