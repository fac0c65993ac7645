// The ordered catalogue of pipeline libraries and the lookup over it. Entries are indexed by
// method name; a call is checked against the entries listing its method, in catalogue order, and
// a question (its I/O, the SQL it takes, whether it yields a frame) is answered by the first
// matching entry that has an answer. Order matters only where two entries match one call: Spark
// chains come first, generic receiver-name fallbacks last.

import type { CallFact } from '../python/facts';
import { VersionedCache, type PythonFacts } from '../python/python-facts';
import { callSiteOf } from './call-site';
import type { CallEntry, CallKnowledge, CallSite, Library } from './types';
import { DRIVERS, GENERIC_DBAPI, SUPABASE } from './libraries/db-drivers';
import { FRAME_CLIENTS, PANDAS } from './libraries/pandas';
import { SQLALCHEMY } from './libraries/sqlalchemy';
import { BIGQUERY, SNOWFLAKE_PANDAS } from './libraries/warehouses';
import { AWS_GLUE, SPARK } from './libraries/spark';
import { AZURE_STORAGE, BOTO3, GCS, PREFECT_GCS_BLOCKS, PREFECT_S3_BLOCKS } from './libraries/cloud-storage';
import { DLT_REQUESTS, HTTP } from './libraries/http';
import { AIRFLOW_BIGQUERY_OPERATORS, AIRFLOW_HOOKS, AIRFLOW_REDSHIFT_OPERATORS, DLT, FILES } from './libraries/orchestrators';
import { PETL } from './libraries/petl';
import { SYNTHETIC_DATA } from './libraries/synthetic';
import { MLFLOW } from './libraries/mlflow';
import { JUPYTER_SQL_MAGIC } from './libraries/notebook-sql';
import { GOOGLE_API_CLIENT, SIMPLE_SALESFORCE, SPARQL_WRAPPER } from './libraries/api-clients';
import { ELASTICSEARCH } from './libraries/search-engines';

export const LIBRARIES: readonly Library[] = [
  SPARK,
  ...DRIVERS,
  SQLALCHEMY,
  DLT_REQUESTS,
  HTTP,
  PANDAS,
  SNOWFLAKE_PANDAS,
  BIGQUERY,
  BOTO3,
  GCS,
  AZURE_STORAGE,
  PREFECT_GCS_BLOCKS,
  PREFECT_S3_BLOCKS,
  AIRFLOW_HOOKS,
  DLT,
  // Before the generic cursor: a Google API request's `execute()` is not a statement on a cursor.
  SPARQL_WRAPPER,
  GOOGLE_API_CLIENT,
  // Before the generic query clients: `sf.query_all(soql)` asks Salesforce, not a database.
  SIMPLE_SALESFORCE,
  // Before the generic cursor and HTTP fallbacks: `es.search(…)`, `es.index(…)` ask the cluster.
  ELASTICSEARCH,
  GENERIC_DBAPI,
  FRAME_CLIENTS,
  FILES,
  PETL,
  SYNTHETIC_DATA,
  AIRFLOW_BIGQUERY_OPERATORS,
  AWS_GLUE,
  AIRFLOW_REDSHIFT_OPERATORS,
  SUPABASE,
  MLFLOW,
  JUPYTER_SQL_MAGIC,
];

interface Indexed {
  library: Library;
  entry: CallEntry;
}

const BY_NAME = new Map<string, Indexed[]>();
for (const library of LIBRARIES) {
  for (const entry of library.calls) {
    for (const name of entry.names) {
      const list = BY_NAME.get(name);
      if (list) list.push({ library, entry });
      else BY_NAME.set(name, [{ library, entry }]);
    }
  }
}

/** Every method or function name some entry lists (the vocabulary rules must not keep lists of). */
export function catalogueNames(): ReadonlySet<string> {
  return new Set(BY_NAME.keys());
}

function matches(entry: CallEntry, site: CallSite): boolean {
  const checks: boolean[] = [];
  if (entry.exact) checks.push(entry.exact.includes(site.plain));
  if (entry.roots) checks.push(entry.roots.includes(site.root));
  if (entry.receiver) checks.push(entry.receiver.test(site.receiverName));
  if (checks.length > 0 && !(entry.anyOf ? checks.some(Boolean) : checks.every(Boolean))) return false;
  return entry.when ? entry.when(site) : true;
}

const matched = new VersionedCache<CallFact, Indexed[]>();

/** The entries a call matches, in catalogue order (cached per call under the resolution version). */
export function entriesOf(call: CallFact, py: PythonFacts): readonly Indexed[] {
  let found = matched.get(call, py.resolutionVersion);
  if (found) return found;
  found = [];
  const site = callSiteOf(call, py);
  const candidates = BY_NAME.get(site.method);
  if (candidates) for (const candidate of candidates) if (matches(candidate.entry, site)) found.push(candidate);
  matched.set(call, py.resolutionVersion, found);
  return found;
}

/** The first matching entry that answers `has`. */
export function knowledgeOf(call: CallFact, py: PythonFacts, has: (entry: CallEntry) => boolean): CallKnowledge | null {
  for (const candidate of entriesOf(call, py)) if (has(candidate.entry)) return candidate;
  return null;
}

/** The library a module name belongs to (`google.cloud.bigquery.job` → BigQuery). */
export function libraryOfModule(module: string): Library | null {
  let best: Library | null = null;
  let bestLength = -1;
  for (const library of LIBRARIES) {
    for (const m of library.modules) {
      if ((module === m || module.startsWith(`${m}.`)) && m.length > bestLength) {
        best = library;
        bestLength = m.length;
      }
    }
  }
  return best;
}
