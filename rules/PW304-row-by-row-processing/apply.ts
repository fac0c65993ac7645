// `df.apply(f, axis=1)` / `df["col"].apply(f)` / `df.col.map(f)` where `f` (a lambda or a function
// of the module) does remote I/O: one round trip per row.

import type { RuleContext } from '../../server/src/engine/types';
import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { APPLY_METHODS, FRAME_ATTRIBUTES, isRequestHandler, methodOf } from '../../server/src/engine/knowledge';
import { keywordArg, positionalArg } from '../support/call-arguments';
import { advice, callbackIo, shortCallee } from './per-row-io';
import { isFrame } from './row-sources';
import type { SourceText } from '../../server/src/engine/source-text';

/** apply-like methods that call the function per row or value (`transform` passes whole columns). */
export const APPLY_CALLEE = new RegExp(`\\.(${APPLY_METHODS.filter((m) => m !== 'transform').join('|')})$`);
const FRAME_API: ReadonlySet<string> = new Set(FRAME_ATTRIBUTES);

export function checkApply(ctx: RuleContext, py: PythonFacts, text: SourceText, call: CallFact): void {
  if (isRequestHandler(call.fn)) return;
  const method = methodOf(call.callee);
  const receiver = call.callee.slice(0, -(method.length + 1));
  const axis = keywordArg(call, 'axis') ?? (method === 'apply' ? positionalArg(call, 1) : undefined);
  const axisValue = axis ? (axis.string ? axis.string.value : text.slice(axis.start, axis.end)) : null;
  let rows: boolean;
  if (axisValue === '1' || axisValue === 'columns') rows = isFrame(receiver, call.fn, call.start, py, text);
  else if (axis) return;
  else {
    // A column: `df["address"].apply(f)` / `df.address.map(f)`.
    const subscript = /^(.+)\[\]$/.exec(receiver);
    const attribute = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(receiver);
    rows = (subscript !== null && isFrame(subscript[1], call.fn, call.start, py, text))
      || (attribute !== null && !FRAME_API.has(attribute[2]) && isFrame(attribute[1], call.fn, call.start, py, text));
  }
  if (!rows) return;
  const callback = positionalArg(call, 0) ?? keywordArg(call, 'func') ?? keywordArg(call, 'arg');
  if (!callback) return;
  const found = callbackIo(py, text, callback);
  if (!found) return;
  const { io, where } = found;
  const { action, instead } = advice(io.kind);
  const frame = receiver.replace(/\[\]$/, '').replace(/\(\)/g, '');
  const inside = where ? ` (in ${where})` : '';
  ctx.report({
    start: call.start,
    end: call.end,
    message: `${method}() on ${frame.length <= 40 ? frame : 'a DataFrame'} calls ${shortCallee(io.call)}${inside} for every row, which ${action} per row; ${instead}`,
    fixes: [],
    fingerprintText: `apply|${frame}|${shortCallee(io.call)}`,
  });
}

