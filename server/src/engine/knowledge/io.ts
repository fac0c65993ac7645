// What I/O a call performs, from the catalogue: its kind, the library doing it, whether Spark
// runs it, whether it leaves the machine, whether the client retries transient errors itself.

import type { CallFact } from '../python/facts';
import { VersionedCache, type PythonFacts } from '../python/python-facts';
import { argumentOf, callSiteOf } from './call-site';
import { knowledgeOf, libraryOfModule } from './catalogue';
import type { ArgFact } from '../python/facts';
import type { CallRole, IoKind, Library, SourcedFact } from './types';
import { isSparkWriteChain, isSparkWriterChain } from './libraries/spark';

export interface IoFact {
  kind: IoKind;
  library: Library;
  role: CallRole | null;
  /** Spark runs it (spark.sql, DataFrameReader/Writer): retried and scheduled by Spark itself. */
  spark: boolean;
  /** It leaves the machine (a database server, an API, a warehouse, object storage), so it can fail transiently. */
  remote: boolean;
  /** The client retries transient errors by itself, and where that is documented. */
  retriesByDefault: SourcedFact | null;
  /** A client constructor that connects lazily (creating it does no I/O). */
  lazy: boolean;
  /** The argument naming the table, path or URL, when the call has one. */
  target: ArgFact | null;
  /** The argument holding the connection or engine the call runs on, when it takes one. */
  connection: ArgFact | null;
  /** The keyword that makes this call retry by itself when non-zero (`num_retries=`), when it has one. */
  retryKeyword: string | null;
}

const ioFacts = new VersionedCache<CallFact, IoFact | null>();

/** The I/O a call performs, or null when it is not I/O Pipewise knows. */
export function ioOf(call: CallFact, py: PythonFacts): IoFact | null {
  let fact = ioFacts.get(call, py.resolutionVersion);
  if (fact !== undefined) return fact;
  fact = null;
  const site = callSiteOf(call, py);
  const known = knowledgeOf(call, py, (entry) => {
    if (entry.io === undefined) return false;
    return typeof entry.io === 'function' ? entry.io(site) !== null : true;
  });
  if (known) {
    const { entry, library } = known;
    const kind = typeof entry.io === 'function' ? entry.io(site)! : entry.io!;
    fact = {
      kind,
      library,
      role: entry.role ?? null,
      spark: library.id === 'spark',
      remote: isRemoteIo(kind) && !library.inProcess && !(library.id === 'dbapi' && onlyInProcessDatabases(py)),
      retriesByDefault: library.retriesByDefault ?? null,
      lazy: entry.lazy ?? false,
      target: entry.target ? argumentOf(call, entry.target) ?? null : null,
      connection: entry.connection ? argumentOf(call, entry.connection) ?? null : null,
      retryKeyword: entry.retryArgument?.keyword ?? null,
    };
  }
  ioFacts.set(call, py.resolutionVersion, fact);
  return fact;
}

const inProcessOnly = new WeakMap<PythonFacts, { version: number; only: boolean }>();

/**
 * The module's database libraries are all in-process (it imports sqlite3 or DuckDB and no other
 * driver or SQLAlchemy): a cursor of unknown driver there (`conn = get_db(); conn.cursor()`)
 * touches a local file, not a server.
 */
export function onlyInProcessDatabases(py: PythonFacts): boolean {
  const known = inProcessOnly.get(py);
  if (known?.version === py.resolutionVersion) return known.only;
  let inProcess = 0;
  let only = true;
  for (const i of py.imports) {
    const library = libraryOfModule(i.target) ?? libraryOfModule(i.module);
    if (!library || !(library.paramStyle || library.calls.some((e) => e.io === 'db-connect'))) continue;
    if (library.inProcess) inProcess++;
    else only = false;
  }
  only = only && inProcess > 0;
  inProcessOnly.set(py, { version: py.resolutionVersion, only });
  return only;
}

/** The kind of I/O a call performs, or null when it is not I/O Pipewise knows. */
export function classifyIo(call: CallFact, py: PythonFacts): IoKind | null {
  return ioOf(call, py)?.kind ?? null;
}

/**
 * The call is I/O that Spark runs (`spark.sql`, `spark.read…csv()`, `df.write…saveAsTable()`):
 * Spark retries failed tasks and distributes the work, so retry and per-row advice do not apply.
 */
export function isSparkIo(call: CallFact, py: PythonFacts): boolean {
  return ioOf(call, py)?.spark ?? false;
}

/** I/O that leaves the machine (databases, HTTP, warehouses, object storage): what can fail transiently. */
export function isRemoteIo(kind: IoKind | null): boolean {
  return kind !== null && kind !== 'file-read' && kind !== 'file-write';
}

/**
 * Roles of calls that run a statement inside a session someone else opened: on a cursor, a
 * connection or a hook (`cur.execute`, `cur.copy_expert`, `cur.fetchall`, `hook.run`). A retry
 * belongs around the code that opens the session, not around one statement in the middle of it.
 */
export const SESSION_STATEMENT_ROLES: ReadonlySet<CallRole> = new Set<CallRole>(['execute', 'copy', 'fetch', 'hook-read', 'hook-run']);

/**
 * The call writes data somewhere: a file, a table, a warehouse load, an upload to object storage
 * (a boto3/GCS/Azure upload, a pandas writer to an `s3://` path), a Spark write chain.
 */
export function writesData(call: CallFact, py: PythonFacts): boolean {
  const fact = ioOf(call, py);
  // A writer chain on a frame whose session the module does not show is still a write.
  if (!fact) return isSparkWriterChain(call.callee);
  if (fact.kind === 'file-write' || fact.kind === 'db-write' || fact.kind === 'warehouse-load') return true;
  if (fact.kind !== 'object-storage') return false;
  return fact.role === 'upload' || fact.role === 'write-file' || (fact.spark && isSparkWriteChain(callSiteOf(call, py).resolved));
}

/** The call's role in its library (`fetch`, `load-job`, `copy`…), null when the catalogue has none. */
export function roleOf(call: CallFact, py: PythonFacts): CallRole | null {
  return knowledgeOf(call, py, (entry) => entry.role !== undefined)?.entry.role ?? null;
}

/** The library a call belongs to, by the first catalogue entry it matches. */
export function libraryOf(call: CallFact, py: PythonFacts): Library | null {
  return knowledgeOf(call, py, () => true)?.library ?? null;
}

/** The client behind the call retries transient errors by itself (google-cloud, boto3, Azure SDKs). */
export function defaultRetryOf(call: CallFact, py: PythonFacts): SourcedFact | null {
  return ioOf(call, py)?.retriesByDefault ?? null;
}

/** The resolved callee of a call in the catalogue's terms (for messages and for rules' own matching). */
export function resolvedCallee(call: CallFact, py: PythonFacts): string {
  return callSiteOf(call, py).resolved;
}
