// A call's callee in the forms the catalogue matches on, computed once per call and kept while
// the call's statement and the module's name resolution are unchanged. The one place that
// splits dotted callees: rules use methodOf/receiverOf from here.

import type { ArgFact, CallFact } from '../python/facts';
import { latestFactsOf, VersionedCache, type PythonFacts } from '../python/python-facts';
import type { ArgSpec, CallSite } from './types';

/** The last attribute of a dotted callee (`execute` for `cur.execute`). */
export function methodOf(callee: string): string {
  const dot = callee.lastIndexOf('.');
  return dot < 0 ? callee : callee.slice(dot + 1);
}

/** A dotted callee without its last attribute (`self.cur` for `self.cur.execute`), '' for a bare name. */
export function receiverOf(callee: string): string {
  const dot = callee.lastIndexOf('.');
  return dot < 0 ? '' : callee.slice(0, dot);
}

/** The last segment of a dotted expression, without a trailing call (`cursor` for `conn.cursor()`). */
export function lastSegment(dotted: string): string {
  const cleaned = dotted.replace(/\(\)$/, '');
  return cleaned.slice(cleaned.lastIndexOf('.') + 1);
}

/** The first segment of a dotted expression (`cursor` in `cursor.execute`, `conn` in `conn.cursor().execute`). */
export function rootOf(dotted: string): string {
  const end = dotted.search(/[.([]/);
  return end < 0 ? dotted : dotted.slice(0, end);
}

const sites = new VersionedCache<CallFact, CallSite>();

export function callSiteOf(call: CallFact, py: PythonFacts): CallSite {
  let site = sites.get(call, py.resolutionVersion);
  if (site) return site;
  const resolved = py.resolveCall(call);
  const receiver = receiverOf(call.callee);
  const documentMemo = py.documentMemo;
  site = {
    call,
    // The document's newest facts, not `py`: a cached site lives across edits (python-facts.ts, latestFactsOf).
    get py() {
      return latestFactsOf(documentMemo);
    },
    resolved,
    plain: resolved.replace(/\(\)/g, ''),
    root: rootOf(resolved),
    method: methodOf(resolved),
    receiver,
    receiverName: lastSegment(receiver),
  };
  sites.set(call, py.resolutionVersion, site);
  return site;
}

/** The argument a spec names: a keyword it lists, else the positional argument at its index. */
export function argumentOf(call: CallFact, spec: ArgSpec): ArgFact | undefined {
  const keyword = call.args.find((a) => a.kind === 'keyword' && a.name !== null && spec.keywords.includes(a.name));
  if (keyword || spec.index === undefined) return keyword;
  return call.args.filter((a) => a.kind === 'positional')[spec.index];
}

/** The plain string value of the first positional argument, null when it is not a literal. */
export function firstStringArgument(call: CallFact): string | null {
  const first = call.args.find((a) => a.kind === 'positional');
  return first?.string && first.string.interpolations.length === 0 ? first.string.value : null;
}

/** A URL-like path on remote storage (`s3://`, `gs://`, `abfss://`, `https://`). */
export function isRemotePath(path: string | null): boolean {
  return path !== null && /^(s3a?|gs|gcs|abfss?|az|wasbs?|hdfs|https?):\/\//i.test(path);
}
