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

/**
 * A class rather than an object literal with a getter: V8 keeps such a literal's properties in a
 * dictionary (≈ 450 bytes per site, a closure each, slower reads); one site per call is kept.
 */
class KeptCallSite implements CallSite {
  readonly plain: string;
  readonly root: string;
  readonly method: string;
  readonly receiver: string;
  readonly receiverName: string;

  constructor(
    readonly call: CallFact,
    private readonly documentMemo: Map<string, unknown>,
    readonly resolved: string,
  ) {
    this.plain = resolved.replace(/\(\)/g, '');
    this.root = rootOf(resolved);
    this.method = methodOf(resolved);
    this.receiver = receiverOf(call.callee);
    this.receiverName = lastSegment(this.receiver);
  }

  /** The document's newest facts, not those the site was made from: a cached site lives across edits (python-facts.ts, latestFactsOf). */
  get py(): PythonFacts {
    return latestFactsOf(this.documentMemo);
  }
}

export function callSiteOf(call: CallFact, py: PythonFacts): CallSite {
  let site = sites.get(call, py.resolutionVersion);
  if (site) return site;
  site = new KeptCallSite(call, py.documentMemo, py.resolveCall(call));
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

/** A URL read over HTTP(S): `https://…`. */
const HTTP_URL = /^https?:\/\//i;
/** A name that holds a URL (`url`, `dataset_url`, `CSV_URI`). */
const URL_NAME = /(^|_)(url|uri)$/i;

/**
 * Where the path a reader or writer gets as its first argument lives: `'http'` for an `http(s)://`
 * URL, `'storage'` for an object-store URL (`s3://`, `gs://`), null for a local path or what cannot
 * be told. The URL may be a literal, an f-string starting with one, a name last assigned one in the
 * same function, or a name that says it holds a URL (`dataset_url`).
 */
export function remotePathKind(site: CallSite): 'http' | 'storage' | null {
  const first = site.call.args.find((a) => a.kind === 'positional') ?? site.call.args.find((a) => a.kind === 'keyword' && /^(filepath_or_buffer|io)$/.test(a.name ?? ''));
  if (!first) return null;
  let value: string | null = first.string ? first.string.value : null;
  if (value === null && first.nodeType === 'identifier') {
    const name = first.shape.inserted[0] ?? null;
    if (name) {
      const assigned = site.py.lastAssignment(name, site.call.fn, site.call.start);
      const str = assigned ? site.py.stringsIn(assigned.valueStart, assigned.valueEnd)[0] : undefined;
      if (str && str.start === assigned?.valueStart) value = str.value;
      else if (URL_NAME.test(name)) return 'http';
    }
  }
  if (value === null) return null;
  if (HTTP_URL.test(value)) return 'http';
  return isRemotePath(value) ? 'storage' : null;
}
