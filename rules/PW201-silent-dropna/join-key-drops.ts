// A drop of the rows whose join key is null, right before a join on that key
// (`child = child.dropna(subset=[key])` … `pd.merge(parent, child, how="left", on=key)`): a row
// with a null key can never match, so the join leaves it out whether or not it is dropped first.
// Only joins that discard unmatched rows of the dropped side count (inner, or the side a left or
// right join does not keep); an outer join keeps them, so dropping them there loses rows.

import type { CallFact } from '../../server/src/engine/python/facts';
import type { SourceText } from '../../server/src/engine/source-text';
import { keywordArg } from '../support/call-arguments';
import { codeOccurrences, type Scope } from '../support/data-accounting';

/** The items of a `subset=` or `on=` argument as written: `[key]`, `["a", "b"]`, `key`. */
function itemsOf(written: string): string[] | null {
  const trimmed = written.trim();
  const inner = /^[[(]([\s\S]*)[\])]$/.exec(trimmed)?.[1] ?? trimmed;
  const items = inner.split(',').map((item) => item.trim().replace(/^'([^']*)'$/, '"$1"')).filter(Boolean);
  return items.length > 0 && items.every((item) => /^("[^"]*"|[A-Za-z_][\w.]*)$/.test(item)) ? items : null;
}

function keyword(call: CallFact, name: string, text: SourceText): string | null {
  const arg = keywordArg(call, name);
  return arg ? text.slice(arg.start, arg.end) : null;
}

/** Which operand of a merge or join `name` is: `pd.merge(left, right)`, `left.merge(right)`, `left.join(right)`. */
function sideOf(call: CallFact, name: string, text: SourceText): 'left' | 'right' | null {
  const positional = call.args.filter((a) => a.kind === 'positional').map((a) => text.slice(a.start, a.end).trim());
  if (/^(pd\.|pandas\.)?merge$/.test(call.callee)) return positional[0] === name ? 'left' : positional[1] === name ? 'right' : null;
  if (!/\.(merge|join)$/.test(call.callee)) return null;
  const receiver = call.callee.slice(0, call.callee.lastIndexOf('.'));
  if (receiver === name) return 'left';
  return positional[0] === name ? 'right' : null;
}

/** Whether the join drops the unmatched rows of `side` on a key made of exactly `keys`. */
function joinDiscardsNullKeys(call: CallFact, side: 'left' | 'right', keys: string[], text: SourceText): boolean {
  const how = keyword(call, 'how', text)?.trim().replace(/^'([^']*)'$/, '"$1"') ?? (call.callee.endsWith('.join') ? '"left"' : '"inner"');
  const keeps = how === '"outer"' || how === `"${side}"` || how === '"cross"';
  if (keeps) return false;
  const on = keyword(call, 'on', text) ?? keyword(call, side === 'left' ? 'left_on' : 'right_on', text);
  const joinKeys = on === null ? null : itemsOf(on);
  return joinKeys !== null && keys.every((key) => joinKeys.includes(key));
}

/**
 * `target` (the frame the drop produced, after `from`) is used only as an operand of joins on the
 * dropped key columns that discard its unmatched rows.
 */
export function feedsJoinOnDroppedKey(drop: CallFact, target: string, from: number, scope: Scope): boolean {
  const { text } = scope;
  const subset = keywordArg(drop, 'subset');
  const keys = subset ? itemsOf(text.slice(subset.start, subset.end)) : null;
  if (!keys) return false;
  const uses = codeOccurrences(scope, target, from, scope.end);
  if (uses.length === 0) return false;
  return uses.every((at) =>
    scope.calls.some((c) => {
      if (!(c.start <= at && at < c.end && (c.calleeStart === at || c.argsStart < at))) return false;
      const side = sideOf(c, target, text);
      return side !== null && joinDiscardsNullKeys(c, side, keys, text);
    }),
  );
}
