// Strings of facts that must not keep a whole document text alive. V8 makes a slice of 13 or more
// characters (and web-tree-sitter's `node.text` is one) a view into its parent string, so the name
// `orders` taken from a 60 kB text keeps all 60 kB. Facts of a statement outlive the text they were
// read from when later edits reuse them, and per-fact caches of live facts point at older facts: an
// editing session then kept one document text per edit (35 MB of strings after 600 edits of four
// 2,000-line modules). Statements parsed on their own read from a copy of their own text; facts
// extracted from a whole text next to older facts get their strings copied here.

/** A copy of `text` that shares no storage with any other string (so it keeps no parent alive). */
export function ownCopy(text: string): string {
  // Concatenating makes a new string; slicing it flattens that into fresh storage of its own.
  return text.length < 13 ? text : (` ${text}`).slice(1);
}

/** Replaces every string held by the facts (objects and arrays, walked once each) by its own copy. */
export function ownStrings(root: object): void {
  const seen = new Set<object>();
  const stack: object[] = [root];
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string') {
          if (item.length >= 13 && !Object.isFrozen(value)) value[i] = ownCopy(item);
        }
        else if (item !== null && typeof item === 'object') stack.push(item);
      }
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'string') {
        if (item.length >= 13 && !Object.isFrozen(record)) record[key] = ownCopy(item);
      }
      else if (item !== null && typeof item === 'object' && key !== 'memo') stack.push(item);
    }
  }
}
