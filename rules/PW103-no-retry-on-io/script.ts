// Flat scripts are stages: the I/O of a module's top-level code and its `__main__` block is "the
// script" (one finding, at its first unretried I/O call, naming the script). Class bodies are not
// the script. A call in a retry loop of the module level is retried; the rest is reported
// together, and the fix wraps each of those calls in a retry (see fixes.ts).

import path from 'node:path';
import type { CallFact, ChunkFacts } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { RetryAnalysis } from './call-graph';
import { callInfo, sitesWithoutClientRetry, type IoSite, type ModuleRetries } from './io-sites';
import type { SourceText } from '../../server/src/engine/source-text';

/** Module-level calls doing remote I/O (outside class bodies), in document order. */
function moduleLevelIo(py: PythonFacts, text: SourceText): IoSite[] {
  const classes = py.classes;
  const sites: IoSite[] = [];
  for (const call of py.ownFacts(null).calls) {
    const io = callInfo(call, py, text).io;
    if (io === null || classes.some((c) => c.start <= call.start && call.end <= c.end)) continue;
    sites.push({ call, kind: io });
  }
  return sites;
}

/** The statement holds a module-level call that does remote I/O (a cheap test before the whole module is read). */
export function hasModuleLevelIo(statement: ChunkFacts, py: PythonFacts, text: SourceText): boolean {
  return statement.calls.some((call: CallFact) => call.fn === null && callInfo(call, py, text).io !== null);
}

export interface ScriptIo {
  /** The script's unretried I/O calls; the first is where the finding goes. */
  sites: IoSite[];
  name: string;
}

/** The script's I/O nothing retries, or null when there is none. */
export function unretriedScriptIo(py: PythonFacts, text: SourceText, filePath: string, analysis: RetryAnalysis, clients: () => ModuleRetries): ScriptIo | null {
  const candidates = moduleLevelIo(py, text).filter(({ call }) => !analysis.callInRetryLoop(call));
  const sites = sitesWithoutClientRetry(candidates, py, text, clients);
  return sites.length > 0 ? { sites, name: path.basename(filePath) } : null;
}
