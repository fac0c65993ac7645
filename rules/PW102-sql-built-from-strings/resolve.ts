// Where a spliced value comes from, across the module: parameters through the calls and Airflow
// operators that fill them (or how their function is run: a flow's parameters are the run's
// arguments, a Lambda handler's event is data, a helper nobody in the module calls takes whatever
// its callers pass), helpers through what they return, attributes through what the class sets
// them from, module-level names through their assignments. Reads other statements only through
// their summaries (summaries.ts).

import type { FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { AIRFLOW_CONTEXT_KEYS } from '../../server/src/engine/knowledge';
import { LocalOrigins, type Atom } from './local-origins';
import { summaryOf, type CallSummary, type FunctionSummary, type OperatorSummary } from './summaries';
import type { SourceText } from '../../server/src/engine/source-text';

/**
 * How far a value can carry text from outside the program: read from outside (4), a command-line
 * or job argument (3), an environment variable (2), a parameter of a function whose callers are
 * not in the module (1), nothing (0: constants, the program's own values, configuration).
 */
export interface Origin {
  rank: number;
  /** How the message names it (`read from XCom`, `a parameter of load_day()`). */
  via: string;
}

export const NO_ORIGIN: Origin = { rank: 0, via: '' };
const RANK = { data: 4, argument: 3, env: 2 } as const;
const MAX_DEPTH = 8;

export class Resolver {
  readonly local: LocalOrigins;
  private index: { functions: Map<string, FunctionSummary>; calls: Map<string, CallSummary[]>; operators: Map<string, OperatorSummary[]>; attrs: Map<string, Atom[]> } | undefined;
  private readonly memo = new Map<string, Origin>();
  private readonly visiting = new Set<string>();

  constructor(readonly py: PythonFacts, readonly text: SourceText) {
    this.local = new LocalOrigins(py, text);
  }

  /** Where the expression at [start, end) in `fn` comes from. */
  expression(start: number, end: number, fn: FunctionFact | null): Origin {
    return this.atoms(this.local.expression(start, end, fn), 0);
  }

  atoms(atoms: readonly Atom[], depth: number): Origin {
    let best = NO_ORIGIN;
    for (const atom of atoms) {
      const origin = this.atom(atom, depth);
      if (origin.rank > best.rank) best = origin;
      if (best.rank === RANK.data) break;
    }
    return best;
  }

  private atom(atom: Atom, depth: number): Origin {
    if (isCarrier(atom)) return { rank: RANK[atom.kind], via: atom.via };
    if (depth > MAX_DEPTH) return NO_ORIGIN;
    const key = refKey(atom);
    const known = this.memo.get(key);
    if (known) return known;
    if (this.visiting.has(key)) return NO_ORIGIN;
    this.visiting.add(key);
    let origin: Origin;
    if (atom.kind === 'param') origin = this.param(atom.fn, atom.name, depth);
    else if (atom.kind === 'return') origin = this.atoms(this.indexed().functions.get(atom.fn)?.returns ?? [], depth + 1);
    else if (atom.kind === 'module') origin = this.atoms(this.local.name(atom.name, null), depth + 1);
    else if (atom.kind === 'attr') origin = this.atoms(this.indexed().attrs.get(`${atom.cls}.${atom.name}`) ?? [], depth + 1);
    else origin = NO_ORIGIN;
    // An environment variable read into a setting elsewhere (an attribute, a module name, a caller's
    // argument) is the pipeline's configuration; only one read where the SQL is built is an input.
    if (origin.rank === RANK.env) origin = NO_ORIGIN;
    this.visiting.delete(key);
    this.memo.set(key, origin);
    return origin;
  }

  private param(key: string, name: string, depth: number): Origin {
    const fn = this.indexed().functions.get(key);
    if (!fn || fn.scalarParams.includes(name)) return NO_ORIGIN;
    const described = `a parameter of ${fn.name}()`;
    if (fn.entry === 'handler' && name === fn.params[0]) return { rank: RANK.data, via: 'the Lambda event' };
    if (fn.entry === 'flow') return { rank: RANK.argument, via: `a parameter of the flow ${fn.name}()` };
    if (fn.entry === 'route') return { rank: RANK.data, via: 'request data' };
    const { calls, operators } = this.indexed();
    const runs = key.startsWith('.') ? operators.get(fn.name) ?? [] : [];
    const callers = [...(calls.get(key) ?? []), ...(key.endsWith('.__init__') ? calls.get(`.${key.slice(0, -'.__init__'.length)}`) ?? [] : [])];
    const contextKind = runs.length > 0 || fn.airflowContext ? AIRFLOW_CONTEXT_KEYS[name] : undefined;
    if (runs.length === 0 && callers.length === 0) {
      if (contextKind === 'argument') return { rank: RANK.argument, via: "the run's configuration" };
      return contextKind === 'program' ? NO_ORIGIN : { rank: 1, via: described };
    }
    let best = NO_ORIGIN;
    const consider = (origin: Origin) => {
      if (origin.rank > best.rank) best = origin;
    };
    for (const run of runs) {
      if (run.kwargs === null) consider({ rank: 1, via: described });
      else if (name in run.kwargs) consider(this.atoms(run.kwargs[name], depth + 1));
      else if (contextKind === 'argument') consider({ rank: RANK.argument, via: "the run's configuration" });
    }
    // Methods take `self` (and constructors their instance) first.
    const offset = fn.params[0] === 'self' || fn.params[0] === 'cls' ? 1 : 0;
    const position = fn.params.indexOf(name) - offset;
    for (const call of callers) {
      if (call.splat) consider({ rank: 1, via: described });
      else if (name in call.keywords) consider(this.atoms(call.keywords[name], depth + 1));
      else if (position >= 0 && position < call.positional.length) consider(this.atoms(call.positional[position], depth + 1));
    }
    return best;
  }

  private indexed() {
    if (this.index) return this.index;
    const index = { functions: new Map<string, FunctionSummary>(), calls: new Map<string, CallSummary[]>(), operators: new Map<string, OperatorSummary[]>(), attrs: new Map<string, Atom[]>() };
    for (const chunk of this.py.chunks) {
      const summary = summaryOf(chunk, this.py, this.text);
      for (const f of summary.functions) if (!index.functions.has(f.key)) index.functions.set(f.key, f);
      for (const c of summary.calls) push(index.calls, c.callee, c);
      for (const o of summary.operators) push(index.operators, o.callable, o);
      for (const a of summary.attrs) {
        const list = index.attrs.get(`${a.cls}.${a.name}`);
        if (list) list.push(...a.atoms);
        else index.attrs.set(`${a.cls}.${a.name}`, [...a.atoms]);
      }
    }
    this.index = index;
    return index;
  }
}

function isCarrier(atom: Atom): atom is Extract<Atom, { via: string }> {
  return atom.kind === 'data' || atom.kind === 'argument' || atom.kind === 'env';
}

function refKey(atom: Atom): string {
  switch (atom.kind) {
    case 'param':
      return `p${atom.fn}:${atom.name}`;
    case 'return':
      return `r${atom.fn}`;
    case 'module':
      return `m${atom.name}`;
    case 'attr':
      return `a${atom.cls}.${atom.name}`;
    default:
      return '';
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
