// What an orchestrator step runs and what it passes: an Airflow operator's `python_callable`
// (a name, `functools.partial(fn, …)`, a lambda calling one function) with its `op_args` and
// `op_kwargs`, or the arguments of a TaskFlow / Prefect task call. Values are literals as
// LiteralReader reads them (loop variables bound); anything else is passed but unknown (null).

import type { ArgFact, CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import type { ArgumentValue } from './artifact-template';
import type { Bindings, LiteralReader } from './literal-values';

export interface StepArguments {
  positional: ArgumentValue[];
  keywords: Record<string, ArgumentValue>;
}

export interface StepCallable {
  /** The function as the orchestrator file names it (`load_orders`, `tasks.load_orders`), or the expression as written when it is none. */
  callable: string;
  arguments: StepArguments;
}

export function noArguments(): StepArguments {
  return { positional: [], keywords: {} };
}

/** The arguments a call passes (splats are left out: what they hold is unknown). */
export function argumentsOfCall(call: CallFact, reader: LiteralReader, bindings: Bindings, skipPositional = 0): StepArguments {
  const out = noArguments();
  let positional = 0;
  for (const arg of call.args) {
    if (arg.kind === 'positional') {
      if (positional++ >= skipPositional) out.positional.push(reader.valueAt(arg.start, arg.end, call.fn, bindings));
    } else if (arg.kind === 'keyword' && arg.name) out.keywords[arg.name] = reader.valueAt(arg.start, arg.end, call.fn, bindings);
  }
  return out;
}

/** An operator's python_callable and the arguments it is run with; null when the operator has none. */
export function operatorCallable(operator: CallFact, py: PythonFacts, text: string, reader: LiteralReader, bindings: Bindings): StepCallable | null {
  const callableArg = keywordArg(operator, 'python_callable');
  if (!callableArg) return null;
  const found = callableOf(callableArg, py, text, reader, bindings);
  const args = found.arguments;
  const opArgs = keywordArg(operator, 'op_args');
  if (opArgs) args.positional.push(...(reader.sequenceValues(opArgs.start, opArgs.end, operator.fn, bindings) ?? []));
  const opKwargs = keywordArg(operator, 'op_kwargs');
  if (opKwargs) for (const [key, value] of reader.dictEntries(opKwargs.start, opKwargs.end, operator.fn, bindings) ?? []) args.keywords[key] = value;
  return found;
}

function callableOf(arg: ArgFact, py: PythonFacts, text: string, reader: LiteralReader, bindings: Bindings): StepCallable {
  const written = text.slice(arg.start, arg.end);
  if (arg.nodeType === 'identifier' || arg.nodeType === 'attribute') return { callable: written, arguments: noArguments() };
  const calls = py.callsIn(arg.start, arg.end);
  if (arg.nodeType === 'call') {
    const outer = calls.find((c) => c.start === arg.start);
    const first = outer?.args.find((a) => a.kind === 'positional');
    if (outer && first && /(^|\.)partial$/.test(py.resolveCall(outer)) && (first.nodeType === 'identifier' || first.nodeType === 'attribute')) {
      return { callable: text.slice(first.start, first.end), arguments: argumentsOfCall(outer, reader, bindings, 1) };
    }
  }
  // `lambda **context: load(context["ds"])`: the one function the lambda calls.
  if (arg.nodeType === 'lambda' && calls.length > 0 && /^[A-Za-z_][\w.]*$/.test(calls[0].callee) && calls.every((c) => c === calls[0] || (c.start >= calls[0].argsStart && c.end <= calls[0].argsEnd))) {
    return { callable: calls[0].callee, arguments: argumentsOfCall(calls[0], reader, bindings) };
  }
  return { callable: written, arguments: noArguments() };
}

function keywordArg(call: CallFact, name: string): ArgFact | null {
  for (const arg of call.args) if (arg.kind === 'keyword' && arg.name === name) return arg;
  return null;
}
