// Walks Python source text between two offsets at bracket depth 0, skipping string literals (by
// their facts) and comments: how a literal's items (`,`) and a dict entry's key (`:`) are found
// without a parse tree.

/**
 * Calls `visit` with each `,` or `:` at depth 0 in [from, to), in order; a `true` return stops.
 * `strings`: the string facts in that span, sorted by start.
 */
export function scanTopLevel(text: string, strings: readonly { start: number; end: number }[], from: number, to: number, visit: (separator: ',' | ':', at: number) => boolean | void): void {
  let s = 0;
  let depth = 0;
  for (let i = from; i < to; i++) {
    while (s < strings.length && strings[s].end <= i) s++;
    if (s < strings.length && strings[s].start <= i) {
      i = strings[s].end - 1;
      continue;
    }
    const ch = text[i];
    if (ch === '#') {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? to : newline;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (depth === 0 && (ch === ',' || ch === ':') && visit(ch, i) === true) return;
  }
}
