// What a write does to the rows already at its target: append, replace, merge, or refuse — read
// from the argument or chained call that chooses (`if_exists="append"`, `.mode("overwrite")`,
// `overwrite=True`, `write_disposition="merge"`), else the library's documented default.

import type { ArgFact, CallFact, StringFact } from '../python/facts';
import { VersionedCache, type PythonFacts } from '../python/python-facts';
import { argumentOf, methodOf } from './call-site';
import { knowledgeOf } from './catalogue';
import { ioOf } from './io';
import type { Library, WriteEffect, WriteModeSpec } from './types';

export interface WriteMode {
  /** What the write does; null when the choosing value is not a literal (a parameter, a config object). */
  effect: WriteEffect | null;
  /** The argument or chained call that chose; null when the default applies. */
  chosenBy: ArgFact | CallFact | null;
  /** The literal that chose (`append`, `True`), when there is one. */
  value: string | null;
  /** The string literal holding that value (a fix may rewrite it), when it is one. */
  valueString: StringFact | null;
  /** The argument naming the table or path written. */
  target: ArgFact | null;
  /** The chained call holding the target (`writeTo("t")`), when the spec says so. */
  targetCall: CallFact | null;
  spec: WriteModeSpec;
  library: Library;
}

const modes = new VersionedCache<CallFact, WriteMode | null>();

/** How the write call chooses between appending and replacing, or null when it is not such a write. */
export function writeModeOf(call: CallFact, py: PythonFacts): WriteMode | null {
  // Keyed by the context version, not the resolution version: the mode may be a module-level
  // constant (`MODE = "append"`), and typing in that string must change the answer.
  let found = modes.get(call, py.contextVersion);
  if (found !== undefined) return found;
  found = null;
  const known = knowledgeOf(call, py, (entry) => entry.writeMode !== undefined);
  if (known) {
    const spec = known.entry.writeMode!;
    const target = spec.target ? argumentOf(call, spec.target) ?? null : ioOf(call, py)?.target ?? null;
    const targetCall = spec.targetIn ? chainedCall(call, py, spec.targetIn) : null;
    found = { ...choice(call, py, spec), target, targetCall, spec, library: known.library };
  }
  modes.set(call, py.contextVersion, found);
  return found;
}

/** What `value` (as written) does under `spec`: `append`, `True`… are compared case-insensitively. */
export function effectOfValue(spec: WriteModeSpec, value: string): WriteEffect | null {
  const lower = value.toLowerCase();
  for (const [key, effect] of Object.entries(spec.values)) if (key.toLowerCase() === lower) return effect;
  return null;
}

type Choice = Pick<WriteMode, 'effect' | 'chosenBy' | 'value' | 'valueString'>;

function choice(call: CallFact, py: PythonFacts, spec: WriteModeSpec): Choice {
  const arg = spec.arg ? argumentOf(call, spec.arg) : undefined;
  if (arg) return chosenByValue(arg, spec, literalOf(arg, call, py));
  if (spec.config && argumentOf(call, spec.config)) return { effect: null, chosenBy: argumentOf(call, spec.config)!, value: null, valueString: null };
  const chained = spec.chain ? chainedCall(call, py, spec.chain) : null;
  if (chained) {
    const first = chained.args.find((a) => a.kind === 'positional');
    return chosenByValue(chained, spec, first ? literalOf(first, chained, py) : null);
  }
  return { effect: spec.default, chosenBy: null, value: null, valueString: null };
}

function chosenByValue(by: ArgFact | CallFact, spec: WriteModeSpec, literal: Literal | null): Choice {
  if (!literal) return { effect: null, chosenBy: by, value: null, valueString: null };
  return { effect: effectOfValue(spec, literal.value), chosenBy: by, value: literal.value, valueString: literal.string };
}

interface Literal {
  value: string;
  string: StringFact | null;
}

/** A string literal, `True`/`False`, or a plain name bound to one in the same scope. */
function literalOf(arg: ArgFact, call: CallFact, py: PythonFacts): Literal | null {
  if (arg.string) return arg.string.interpolations.length === 0 ? { value: arg.string.value, string: arg.string } : null;
  if (arg.nodeType === 'true' || arg.nodeType === 'false' || arg.nodeType === 'none') return { value: arg.nodeType === 'true' ? 'True' : arg.nodeType === 'false' ? 'False' : 'None', string: null };
  const name = arg.nodeType === 'identifier' ? arg.shape.inserted[0] : undefined;
  if (!name) return null;
  const assignment = py.lastAssignment(name, call.fn, call.start);
  if (!assignment || assignment.shape.kind !== 'literal') return null;
  const str = py.stringsIn(assignment.valueStart, assignment.valueEnd)[0];
  if (assignment.valueType === 'string' && str && str.interpolations.length === 0) return { value: str.value, string: str };
  const flag = assignment.valueType;
  return flag === 'true' || flag === 'false' ? { value: flag === 'true' ? 'True' : 'False', string: null } : null;
}

/**
 * The last call named `method` earlier in the call's chain (`.mode("append")` in
 * `df.write.mode("append").parquet(p)`), also through a name the chain head was bound to in the
 * same function (`writer = df.write.mode("append")`; `writer.parquet(p)`).
 */
function chainedCall(call: CallFact, py: PythonFacts, method: string, depth = 0): CallFact | null {
  let found: CallFact | null = null;
  for (const inner of py.callsIn(call.start, call.calleeEnd)) {
    if (inner !== call && inner.start === call.start && inner.end <= call.calleeEnd && methodOf(inner.callee) === method && (!found || inner.end > found.end)) found = inner;
  }
  if (found || depth > 2) return found;
  const head = /^[A-Za-z_]\w*/.exec(call.callee)?.[0];
  if (!head || head === call.callee) return null;
  const assignment = py.lastAssignment(head, call.fn, call.start);
  return assignment?.call && assignment.fn === call.fn ? (methodOf(assignment.call.callee) === method ? assignment.call : chainedCall(assignment.call, py, method, depth + 1)) : null;
}
