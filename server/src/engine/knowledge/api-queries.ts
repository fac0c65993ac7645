// Queries an API answers in its own query language (Salesforce SOQL through simple_salesforce):
// the argument holding the query and the change stamp every record carries, from the catalogue.

import type { ArgFact, CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { argumentOf } from './call-site';
import { knowledgeOf } from './catalogue';
import type { ApiQuerySpec } from './types';

export interface ApiQuery {
  language: ApiQuerySpec['language'];
  /** The argument holding the query text. */
  arg: ArgFact;
  changeStamp: ApiQuerySpec['changeStamp'];
}

/** The API query a call runs (`sf.query_all("SELECT … FROM Contact")`), or null when it runs none. */
export function apiQueryOf(call: CallFact, py: PythonFacts): ApiQuery | null {
  const spec = knowledgeOf(call, py, (entry) => entry.apiQuery !== undefined)?.entry.apiQuery;
  if (!spec) return null;
  const arg = argumentOf(call, spec.arg);
  return arg ? { language: spec.language, arg, changeStamp: spec.changeStamp } : null;
}
