// Prefect flows as pipelines: each top-level `@flow` function of a file, with the tasks it calls
// as its steps (local `@task` functions; calls of imported functions are candidate steps the
// workspace model confirms), in call order. A direct call blocks until the task is done, so what
// is called after it runs after it; `.submit()`/`.map()` does not block, so what follows runs after
// it only when given its result. The schedule is the one `flow.serve(cron=…)` or `.deploy(cron=…)` sets in the file.

import type { DocumentFacts } from '../document';
import type { CallFact, FunctionFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { iterationsAround, LiteralReader } from './literal-values';
import { isTemplatedSchedule, scheduleKind } from './schedule';
import { argumentsOfCall } from './step-arguments';
import type { PipelineFact, ScheduleFact, StepFact } from './types';

const FLOW = 'prefect.flow';
const TASK = 'prefect.task';
/** `extract.submit(…)`, `extract.map(…)`, `extract.with_options(…)(…)`, `extract.fn(…)`. */
const TASK_CALL = /^([A-Za-z_][\w.]*?)(?:\.(submit|map|fn)|\.with_options\(\))?$/;

const cache = new WeakMap<DocumentFacts, PipelineFact[]>();

export function importsPrefect(py: PythonFacts): boolean {
  return py.importsModule('prefect');
}

/** The first flow of a file, as a pipeline, or null. */
export function parsePrefectFlow(doc: DocumentFacts): PipelineFact | null {
  return parsePrefectFlows(doc)[0] ?? null;
}

export function parsePrefectFlows(doc: DocumentFacts): PipelineFact[] {
  const cached = cache.get(doc);
  if (cached) return cached;
  const py = doc.python;
  let flows: PipelineFact[] = [];
  if (py && importsPrefect(py)) {
    try {
      flows = new FlowReader(doc, py).read();
    } catch {
      flows = [];
    }
  }
  cache.set(doc, flows);
  return flows;
}

interface Decorated {
  fn: FunctionFact;
  /** The decorator's call when it has arguments (`@flow(name="orders")`). */
  call: CallFact | null;
}

class FlowReader {
  private readonly text: string;
  private readonly literals: LiteralReader;

  constructor(private readonly doc: DocumentFacts, private readonly py: PythonFacts) {
    this.text = doc.text;
    this.literals = new LiteralReader(py, doc.text);
  }

  read(): PipelineFact[] {
    const flows = this.decorated(FLOW);
    const tasks = new Map([...this.decorated(TASK), ...flows].map((d) => [d.fn.name, d]));
    return flows.map((flow) => this.pipeline(flow, tasks));
  }

  /** Top-level functions under a decorator resolving to `name`. */
  private decorated(name: string): Decorated[] {
    const out: Decorated[] = [];
    for (const fn of this.py.functions) {
      if (fn.parent || fn.className) continue;
      const decorator = fn.decorators.find((d) => this.py.resolveName(d.split('(')[0].trim()) === name);
      if (!decorator) continue;
      const call = this.py.callsIn(fn.start, fn.nameStart).find((c) => this.py.resolveCall(c) === name) ?? null;
      out.push({ fn, call });
    }
    return out;
  }

  private pipeline(flow: Decorated, tasks: Map<string, Decorated>): PipelineFact {
    const fn = flow.fn;
    const nameArg = flow.call?.args.find((a) => a.kind === 'keyword' && a.name === 'name');
    const retries = flow.call ? this.retriesOf(flow.call) : null;
    const anchor = flow.call ? { start: flow.call.calleeStart, end: flow.call.calleeEnd } : { start: fn.nameStart, end: fn.nameEnd };
    const pipeline: PipelineFact = {
      path: this.doc.path,
      kind: 'prefect',
      name: (nameArg?.string && !nameArg.string.isFString ? nameArg.string.value : null) ?? fn.name,
      nameRange: nameArg ? { start: nameArg.start, end: nameArg.end } : { start: fn.nameStart, end: fn.nameEnd },
      schedule: this.schedule(fn.name),
      defaultRetries: retries,
      defaultRetriesRange: null,
      startDate: null,
      catchupSet: null,
      anchor,
      steps: [],
      candidateSteps: [],
    };
    const names = new Set<string>();
    const byVariable = new Map<string, StepFact[]>();
    const byCall = new Map<CallFact, StepFact[]>();
    let blocking: StepFact[] = [];
    // In the order they run: arguments (inner calls) before the call they are passed to.
    const calls = this.py.callsIn(fn.bodyStart, fn.bodyEnd).filter((c) => c.fn === fn).sort((x, y) => x.end - y.end);
    for (const call of calls) {
      const match = TASK_CALL.exec(call.callee);
      if (!match || match[1] === fn.name) continue;
      const local = tasks.get(match[1]);
      const imported = !local && this.py.bindings.has(match[1].split('.')[0]) && !this.py.resolveName(match[1]).startsWith('prefect');
      if (!local && !imported) continue;
      const concurrent = match[2] === 'submit' || match[2] === 'map';
      // Whatever was called before without .submit() has finished when this call is made.
      const upstream = new Set<string>(blocking.map((s) => s.name));
      for (const arg of call.args) {
        const text = this.text.slice(arg.start, arg.end);
        for (const step of byVariable.get(text) ?? []) upstream.add(step.name);
        for (const inner of this.py.callsIn(arg.start, arg.end)) for (const step of byCall.get(inner) ?? []) upstream.add(step.name);
      }
      const base = local ? this.taskName(local) : match[1].slice(match[1].lastIndexOf('.') + 1);
      const { bindings } = iterationsAround(this.py, this.literals, call, (loop) => loop.start < fn.bodyStart);
      const steps = bindings.map((binding): StepFact => {
        const label = [...binding.values()].find((v): v is string => typeof v === 'string');
        let name = bindings.length > 1 && label ? `${base}[${label}]` : base;
        for (let n = 1; names.has(name); n++) name = `${base}-${n}`;
        names.add(name);
        return {
          name,
          nameRange: { start: call.calleeStart, end: call.calleeEnd },
          range: { start: call.start, end: call.end },
          target: null,
          targetRange: null,
          scriptPath: null,
          callable: local ? local.fn.name : match[1],
          arguments: argumentsOfCall(call, this.literals, binding),
          retries: local?.call ? this.retriesOf(local.call) : null,
          upstream: [...upstream],
          declaredInputs: [],
          declaredOutputs: [],
        };
      });
      (local ? pipeline.steps : pipeline.candidateSteps).push(...steps);
      byCall.set(call, steps);
      const assignment = this.py.assignments.find((a) => a.call === call);
      if (assignment) byVariable.set(assignment.target, steps);
      if (!concurrent) blocking = steps;
    }
    return pipeline;
  }

  private taskName(task: Decorated): string {
    const nameArg = task.call?.args.find((a) => a.kind === 'keyword' && a.name === 'name');
    return nameArg?.string && !nameArg.string.isFString ? nameArg.string.value : task.fn.name;
  }

  private retriesOf(call: CallFact): number | null {
    const arg = call.args.find((a) => a.kind === 'keyword' && a.name === 'retries');
    if (!arg) return null;
    const value = this.literals.valueAt(arg.start, arg.end, call.fn);
    return value !== null && /^\d+$/.test(value) ? Number(value) : 1;
  }

  /** `orders_flow.serve(cron="0 3 * * *")` / `.deploy(cron=…)` in the file. */
  private schedule(flowName: string): ScheduleFact | null {
    for (const call of this.py.calls) {
      if (call.callee !== `${flowName}.serve` && call.callee !== `${flowName}.deploy`) continue;
      const cron = call.args.find((a) => a.kind === 'keyword' && a.name === 'cron');
      if (cron?.string && !cron.string.isFString) {
        const value = cron.string.value;
        return { start: cron.start, end: cron.end, value, kind: isTemplatedSchedule(value) ? 'other' : scheduleKind(value) };
      }
      const interval = call.args.find((a) => a.kind === 'keyword' && a.name === 'interval');
      if (interval) return { start: interval.start, end: interval.end, value: this.text.slice(interval.start, interval.end), kind: 'timedelta' };
    }
    return null;
  }
}
