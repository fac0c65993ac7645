// What a call reads, if it is a read PW104 knows: the kind of read (a query, a whole table by
// name, a COPY, an UNLOAD/EXPORT), the argument holding the query or table, the call whose result carries the rows,
// and whether the read is lazy (Spark). Each kind of source has its own module.

import type { ArgFact, CallFact } from '../../server/src/engine/python/facts';
import { VersionedCache, type PythonFacts } from '../../server/src/engine/python/python-facts';
import { hasWhereClause, statementKind, type TableRef } from '../../server/src/engine/sql';
import { entriesOf } from '../../server/src/engine/knowledge';
import { dbapiReadOf } from './dbapi';
import { dynamoReadOf } from './dynamodb';
import { ormReadOf } from './sqlalchemy';
import { unloadReadOf } from './unload';
import { sparkReadOf } from './spark';
import { apiQueryReadOf } from './salesforce';
import type { Scopes } from './scopes';
import type { SourceText } from '../../server/src/engine/source-text';

export type ReadKind = 'query' | 'table' | 'copy' | 'unload';

export interface Read {
  call: CallFact;
  kind: ReadKind;
  /** The argument holding the query or table name (null: a DynamoDB scan of a table made elsewhere). */
  arg: ArgFact | null;
  /** What a read built in Python reads (an ORM model, a `select(…)`, a DynamoDB table): no SQL to parse. */
  tables?: TableRef[];
  limitOnly?: boolean;
  label: string;
  /** The call whose result carries the rows (the read itself, or the fetch after an execute). */
  result: CallFact;
  /** Spark reads are lazy: a later .filter()/.where() pushes a predicate down. */
  lazy: boolean;
  /** An API query (Salesforce SOQL): the change stamp every record of the API carries. */
  changeStamp?: string;
}

export function readOf(call: CallFact, py: PythonFacts, scopes: Scopes): Read | null {
  const orm = ormReadOf(call, py, scopes.text);
  if (orm) return orm;
  // Runs for every call: most calls match no catalogue entry at all.
  if (entriesOf(call, py).length === 0) return null;
  return apiQueryReadOf(call, py) ?? unloadReadOf(call, py, scopes.text) ?? sparkReadOf(call, py) ?? dynamoReadOf(call, py) ?? dbapiReadOf(call, py, scopes);
}

/**
 * Reads whose query visibly filters are settled per call, and stay settled while the call's
 * statement and the module context are unchanged (see VersionedCache): most reads in a module.
 */
const candidates = new VersionedCache<CallFact, Read | null>();

export function incrementalCandidate(call: CallFact, py: PythonFacts, scopes: Scopes, text: SourceText): Read | null {
  let read = candidates.get(call, py.contextVersion);
  if (read === undefined) {
    read = readOf(call, py, scopes);
    if (read && read.kind === 'query' && filtersAtSight(read, py, text)) read = null;
    candidates.set(call, py.contextVersion, read);
  }
  return read;
}

/**
 * The usual incremental read (`pd.read_sql(query, conn, params=…)` with `query = "… WHERE …"`):
 * a plain literal, in the call or bound to a name, that filters or is no select. Decided from the
 * literal alone, before a template is built.
 */
function filtersAtSight(read: Read, py: PythonFacts, text: SourceText): boolean {
  const { arg } = read;
  if (!arg) return false;
  let str = arg.string;
  if (!str && arg.shape.kind === 'name') {
    const assignment = py.lastAssignment(text.slice(arg.start, arg.end), read.call.fn, arg.start);
    if (assignment?.valueType === 'string') str = py.stringsIn(assignment.valueStart, assignment.valueEnd)[0] ?? null;
  }
  if (!str || str.isFString || str.isBytes) return false;
  const kind = statementKind(str.value);
  return kind !== null && (kind !== 'select' || hasWhereClause(str.value));
}
