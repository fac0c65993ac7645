// Calls that start work on a server and return before it is done: the work's failure reaches the
// program only when it waits for the job (BigQuery `job.result()`).

import type { CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { callSiteOf } from './call-site';
import { ioOf } from './io';
import { BIGQUERY_ASYNC_JOB_METHODS } from './libraries/warehouses';

const ASYNC_JOB_METHODS: ReadonlySet<string> = new Set(BIGQUERY_ASYNC_JOB_METHODS);

/** The call starts a BigQuery job that fails unseen unless something waits for it. */
export function startsUnawaitedJob(call: CallFact, py: PythonFacts): boolean {
  const io = ioOf(call, py);
  return io !== null && io.library.id === 'bigquery' && !io.spark && ASYNC_JOB_METHODS.has(callSiteOf(call, py).method);
}
