// Airflow DAG files: the DAGs a Python file declares (`DAG(...)`, `with DAG(...) as dag:`,
// `@dag(...)`), their schedule, start date, catchup and default_args, and their tasks (operator
// and sensor calls, `@task` functions called in the DAG) with retries, callables and what they
// pass them, the script a BashOperator runs and the dependencies `a >> b`, `[a, b] >> c`, `a << b`,
// `a.set_downstream(b)`, `chain(a, b)` and TaskFlow data passing (`load(transform(extract()))`).
// Operators built in a loop over literal values are one step per value (`extract_emea`, …);
// calls of imported functions in the DAG body are candidate steps the workspace model confirms.
// Everything is read from the Python facts (no tree walks) and cached per document.

import path from 'node:path';
import type { DocumentFacts } from '../document';
import type { ArgFact, AssignmentFact, CallFact, FunctionFact, LoopFact, StringFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { iterationsAround, LiteralReader, type Bindings } from './literal-values';
import { isTemplatedSchedule, scheduleKind } from './schedule';
import { argumentsOfCall, noArguments, operatorCallable } from './step-arguments';
import type { PipelineFact, ScheduleFact, SourceRange, StepFact } from './types';
import { scanTopLevel } from './top-level-scan';

/** A dict literal's top-level entry (`"retries": 3`); `key` is null for `**base`. */
export interface DictEntry {
  key: string | null;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** A dict literal in the source: `{...}` (braces included in start/end). */
export interface DictLiteral extends SourceRange {
  entries: DictEntry[];
  /** Has `**other` entries: keys may come from elsewhere. */
  hasSplat: boolean;
}

/** Where a DAG's default_args come from. */
export type DefaultArgsSource =
  | { kind: 'dict'; dict: DictLiteral; variable: string | null }
  | { kind: 'dict-call'; call: CallFact; variable: string | null }
  /** Built some other way (`BASE.copy()`, another module's name); `variable` is the local name it is bound to. */
  | { kind: 'unknown'; range: SourceRange; variable?: string | null };

export interface AirflowTask {
  /** An operator/sensor call, or a call of a `@task`-decorated function. */
  kind: 'operator' | 'taskflow';
  /** The task's step (the first when a loop builds several). */
  step: StepFact;
  /** One step per value of the loop that builds the task (`for region in REGIONS:`), else `[step]`. */
  steps: StepFact[];
  /** That loop, when the task is built once per value of one. */
  loop: LoopFact | null;
  /** The operator call, or the call of the @task function (null for tasks only declared). */
  call: CallFact;
  /** The retries keyword's value range on the operator / @task decorator, when set. */
  retriesRange: SourceRange | null;
  /** For @task functions: the decorator call (`@task(retries=2)`) or null for a bare `@task`. */
  decoratorCall: CallFact | null;
  /** For @task functions with a bare decorator (`@task`, `@task.python`): the decorator's end, where `(retries=3)` goes. */
  bareDecoratorEnd: number | null;
  /** The task's retries are set in a way we cannot read (`**kwargs`, non-literal). */
  retriesUnknown: boolean;
}

export interface AirflowDag {
  pipeline: PipelineFact;
  /** The `DAG(...)` call or the `@dag(...)` decorator call. */
  call: CallFact;
  /** Range of the callee (`DAG`, `dag`): where DAG-level findings are shown. */
  calleeRange: SourceRange;
  defaultArgs: DefaultArgsSource | null;
  /** default_args sets retries in a way we cannot read (`**base`, a function call). */
  defaultRetriesUnknown: boolean;
  /** The start_date expression's source (the DAG keyword, or the default_args entry). */
  startDateSource: 'dag' | 'default_args' | null;
  /** `catchup` written in default_args, where the DAG ignores it. */
  catchupInDefaultArgs: boolean;
  /** For `schedule="..."` literals (or constants bound to one): the string fact. */
  scheduleString: StringFact | null;
  tasks: AirflowTask[];
  /** Calls of imported functions in the DAG body: tasks if those functions are `@task`s (pipeline.candidateSteps). */
  candidates: AirflowTask[];
}

const NON_DETERMINISTIC = new Set([
  'datetime.datetime.now',
  'datetime.datetime.utcnow',
  'datetime.datetime.today',
  'datetime.date.today',
  'airflow.utils.dates.days_ago',
  'airflow.utils.timezone.utcnow',
  'airflow.utils.timezone.now',
  'pendulum.now',
  'pendulum.today',
  'pendulum.yesterday',
  'pendulum.tomorrow',
  'time.time',
  'arrow.now',
  'arrow.utcnow',
]);
const NON_DETERMINISTIC_TAIL = /(^|\.)(now|utcnow|today|days_ago|yesterday)$/;

const TASK_DECORATOR = /^airflow\.(decorators|sdk)\.task(\.\w+)*$/;
const DAG_DECORATOR = /^airflow\.(decorators|sdk)\.dag$/;
const CHAIN = /^airflow\.(models\.baseoperator|utils\.helpers|sdk|models)\.(chain|chain_linear)$/;
const PYTHON_SCRIPT_IN_COMMAND =
  /(?:^|[\s;&|(])(?:(?:[\w./-]*\/)?python[\d.]*\s+(?:-[uOB]+\s+)*|(?:[\w./-]*\/)?spark-submit\s+(?:--[\w.-]+(?:[ =](?![^\s;&|]*\.py\b)[^\s;&|]+)?\s+)*)([^\s;&|<>'"]+\.py)(?=[\s;&|)'"]|$)/;
/** `{os.path.join(DAG_DIR, 'load.py')}` in an f-string command: a script next to the DAG file. */
const JOINED_SCRIPT = /^\{\s*os\.path\.join\(\s*([A-Za-z_]\w*)\s*,\s*(['"])([\w./-]+\.py)\2\s*\)\s*\}$/;
const SHELL_SCRIPT_IN_COMMAND = /(?:^|[\s;&|])(?:bash|sh)\s+([^\s;&|<>'"]+\.sh)(?=[\s;&|'"]|$)/;

const cache = new WeakMap<DocumentFacts, AirflowDag[]>();

/** Whether the Python file imports Airflow at all (cheap pre-check). */
export function importsAirflow(py: PythonFacts): boolean {
  return py.imports.some((i) => i.module === 'airflow' || i.module.startsWith('airflow.') || i.target === 'airflow');
}

/** The first DAG the file declares, as a pipeline, or null. */
export function parseAirflowDag(doc: DocumentFacts): PipelineFact | null {
  return analyzeAirflowDags(doc)[0]?.pipeline ?? null;
}

/** Every DAG the file declares, as pipelines (files may declare several). */
export function parseAirflowDags(doc: DocumentFacts): PipelineFact[] {
  return analyzeAirflowDags(doc).map((dag) => dag.pipeline);
}

/** The DAGs of a file with the details fixes need (calls, default_args source). Cached per document. */
export function analyzeAirflowDags(doc: DocumentFacts): AirflowDag[] {
  const cached = cache.get(doc);
  if (cached) return cached;
  let dags: AirflowDag[] = [];
  const py = doc.python;
  if (py && importsAirflow(py)) {
    try {
      dags = new DagReader(doc, py).read();
    } catch {
      dags = [];
    }
  }
  cache.set(doc, dags);
  return dags;
}

interface TaskFunction {
  fn: FunctionFact;
  decoratorCall: CallFact | null;
  bareEnd: number | null;
}

interface DagScope {
  dag: AirflowDag;
  /** Variable names bound to the DAG (`dag = DAG(...)`, `with DAG(...) as dag`). */
  variables: string[];
  scope: SourceRange | null;
  /** The @dag function, whose body holds the tasks. */
  fn: FunctionFact | null;
}

class DagReader {
  private readonly text: string;
  private readonly dir: string;
  private readonly operatorCalls: CallFact[] = [];
  private readonly streamCalls: CallFact[] = [];
  private readonly chainCalls: CallFact[] = [];
  private readonly otherCalls: CallFact[] = [];
  private readonly literals: LiteralReader;
  /** The DAG calls: a loop around one builds DAGs, not tasks. */
  private dagCalls: CallFact[] = [];

  constructor(private readonly doc: DocumentFacts, private readonly py: PythonFacts) {
    this.text = doc.text;
    this.dir = path.dirname(doc.path);
    this.literals = new LiteralReader(py, doc.text);
  }

  read(): AirflowDag[] {
    const scopes: DagScope[] = [];
    // One pass sorts the calls the later steps look at, so big files are walked once.
    for (const call of this.py.calls) {
      const resolved = this.py.resolveCall(call);
      if (resolved.endsWith('Operator') || resolved.endsWith('Sensor')) {
        if (isOperator(resolved, call)) this.operatorCalls.push(call);
        continue;
      }
      if (call.callee.endsWith('_downstream') || call.callee.endsWith('_upstream')) this.streamCalls.push(call);
      else if (resolved.endsWith('chain') || resolved.endsWith('chain_linear')) {
        if (CHAIN.test(resolved)) this.chainCalls.push(call);
      } else this.otherCalls.push(call);
      if (isDagClass(resolved)) scopes.push(this.dagFromCall(call));
      else if (DAG_DECORATOR.test(resolved) || (resolved === 'dag' && this.py.bindings.get('dag')?.startsWith('airflow'))) {
        const fn = this.py.functions.find((f) => f.start <= call.start && call.end <= f.nameStart);
        if (fn) scopes.push(this.dagFromDecorator(call, fn));
      }
    }
    // A bare `@dag` (no parentheses) has no call: stand in a call without arguments.
    for (const fn of this.py.functions) {
      for (const decorator of fn.decorators) {
        if (decorator.includes('(') || !DAG_DECORATOR.test(this.py.resolveName(decorator))) continue;
        const at = /@\s*([\w.]+)/.exec(this.text.slice(fn.start, fn.nameStart));
        if (!at) continue;
        const calleeStart = fn.start + at.index + at[0].length - at[1].length;
        const calleeEnd = calleeStart + at[1].length;
        const call: CallFact = { start: calleeStart, end: calleeEnd, callee: at[1], calleeStart, calleeEnd, argsStart: calleeEnd, argsEnd: calleeEnd, args: [], fn: fn.parent, memo: null };
        scopes.push(this.dagFromDecorator(call, fn));
      }
    }
    if (scopes.length === 0) return [];
    this.dagCalls = scopes.map((s) => s.dag.call);
    this.collectTasks(scopes);
    for (const scope of scopes) this.collectDependencies(scope, scopes.length === 1);
    return scopes.map((s) => s.dag);
  }

  // ---- DAG level ----

  private dagFromCall(call: CallFact): DagScope {
    const idArg = keyword(call, 'dag_id') ?? call.args.find((a) => a.kind === 'positional') ?? null;
    const variables: string[] = [];
    const assignment = this.assignmentOf(call);
    if (assignment) variables.push(assignment.target);
    let scope: SourceRange | null = null;
    const withStatement = this.enclosingWithHeader(call);
    if (withStatement) {
      scope = { start: withStatement.start, end: withStatement.end };
      const alias = /\bas\s+([A-Za-z_]\w*)\s*[:)]?/.exec(this.text.slice(call.end, Math.min(withStatement.end, call.end + 80)));
      if (alias) variables.push(alias[1]);
    }
    const name = idArg ? this.stringValue(idArg) ?? this.text.slice(idArg.start, idArg.end) : assignment?.target ?? 'dag';
    const dag = this.makeDag(call, name, idArg ? { start: idArg.start, end: idArg.end } : null);
    return { dag, variables, scope, fn: null };
  }

  private dagFromDecorator(call: CallFact, fn: FunctionFact): DagScope {
    const idArg = keyword(call, 'dag_id');
    const name = idArg ? this.stringValue(idArg) ?? fn.name : fn.name;
    const dag = this.makeDag(call, name, idArg ? { start: idArg.start, end: idArg.end } : { start: fn.nameStart, end: fn.nameEnd });
    return { dag, variables: [], scope: { start: fn.start, end: fn.end }, fn };
  }

  private makeDag(call: CallFact, name: string, nameRange: SourceRange | null): AirflowDag {
    const defaultArgs = this.defaultArgs(call);
    const defaults = this.defaultRetries(defaultArgs);
    const start = this.startDate(call, defaultArgs);
    const schedule = this.schedule(call);
    const catchup = keyword(call, 'catchup');
    const catchupSet = catchup !== null || this.splatMaySet(call, 'catchup');
    const pipeline: PipelineFact = {
      path: this.doc.path,
      kind: 'airflow',
      name,
      nameRange,
      schedule: schedule.fact,
      defaultRetries: defaults.retries,
      defaultRetriesRange: defaults.range,
      startDate: start.fact,
      catchupSet,
      anchor: { start: call.calleeStart, end: call.calleeEnd },
      steps: [],
      candidateSteps: [],
    };
    return {
      pipeline,
      call,
      calleeRange: { start: call.calleeStart, end: call.calleeEnd },
      defaultArgs,
      defaultRetriesUnknown: defaults.unknown,
      startDateSource: start.source,
      catchupInDefaultArgs: defaultArgs?.kind === 'dict' ? defaultArgs.dict.entries.some((e) => e.key === 'catchup') : defaultArgs?.kind === 'dict-call' ? keyword(defaultArgs.call, 'catchup') !== null : false,
      scheduleString: schedule.string,
      tasks: [],
      candidates: [],
    };
  }

  /** The `with` statement whose header holds `call` (`with DAG(...) as dag:`). */
  private enclosingWithHeader(call: CallFact): { start: number; end: number } | null {
    let best: { start: number; end: number } | null = null;
    for (const st of this.py.statements) {
      if (st.kind !== 'with' || st.start > call.start || call.end > st.end) continue;
      const header = this.text.slice(st.start, call.start);
      if (/:\s*(#[^\n]*)?\n/.test(header)) continue;
      if (!best || st.start >= best.start) best = st;
    }
    return best;
  }

  /**
   * Whether a `**kwargs` argument of the call may pass `name`: a dict it resolves to that has the
   * key, or one it cannot read (`DAG("id", **dag_args)` with `dag_args = {"catchup": False, …}`).
   */
  private splatMaySet(call: CallFact, name: string): boolean {
    return call.args.some((arg) => {
      if (arg.kind !== 'dict-splat') return false;
      const inner = this.text.slice(arg.start, arg.end).replace(/^\*\*\s*/, '');
      const innerStart = arg.end - inner.length;
      const nodeType = /^[A-Za-z_]\w*$/.test(inner) ? 'identifier' : inner.startsWith('{') ? 'dictionary' : 'other';
      const source = this.dictSource(innerStart, arg.end, nodeType, null, call);
      if (source.kind === 'dict') return source.dict.hasSplat || source.dict.entries.some((e) => e.key === name);
      if (source.kind === 'dict-call') return source.call.args.some((a) => a.kind === 'dict-splat' || a.kind === 'positional') || keyword(source.call, name) !== null;
      return true;
    });
  }

  private defaultArgs(call: CallFact): DefaultArgsSource | null {
    const arg = keyword(call, 'default_args');
    if (!arg) return null;
    return this.dictSource(arg.start, arg.end, arg.nodeType, null, call);
  }

  private dictSource(start: number, end: number, nodeType: string, variable: string | null, at: CallFact, depth = 0): DefaultArgsSource {
    if (nodeType === 'dictionary') return { kind: 'dict', dict: this.parseDict(start, end), variable };
    if (nodeType === 'call') {
      const inner = this.callAt(start);
      if (inner && (this.py.resolveCall(inner) === 'dict' || inner.callee === 'dict')) return { kind: 'dict-call', call: inner, variable };
    }
    if (nodeType === 'identifier' && depth < 3) {
      const name = this.text.slice(start, end);
      const assignment = this.py.lastAssignment(name, at.fn, at.start) ?? this.py.lastAssignment(name, null, at.start);
      if (assignment) {
        const valueType = assignment.valueType;
        return this.dictSource(assignment.valueStart, assignment.valueEnd, valueType, name, at, depth + 1);
      }
    }
    return { kind: 'unknown', range: { start, end }, variable };
  }

  private defaultRetries(source: DefaultArgsSource | null): { retries: number | null; range: SourceRange | null; unknown: boolean } {
    if (!source) return { retries: null, range: null, unknown: false };
    if (source.kind === 'unknown') {
      // `dag_args = DEFAULT_DAG_ARGS.copy(); dag_args["retries"] = 1`: the override is what the DAG gets.
      const entry = source.variable ? this.retriesSetOn(source.variable) : null;
      return entry ? { retries: this.intValue(entry) ?? 1, range: entry, unknown: false } : { retries: null, range: null, unknown: true };
    }
    let entry: SourceRange | null = null;
    if (source.kind === 'dict') {
      const e = source.dict.entries.find((x) => x.key === 'retries');
      if (e) entry = { start: e.valueStart, end: e.valueEnd };
    } else {
      const arg = keyword(source.call, 'retries');
      if (arg) entry = { start: arg.start, end: arg.end };
    }
    // `default_args["retries"] = 2` after the literal.
    if (!entry && source.variable) entry = this.retriesSetOn(source.variable);
    if (entry) return { retries: this.intValue(entry) ?? 1, range: entry, unknown: false };
    const splat = source.kind === 'dict' ? source.dict.hasSplat : source.call.args.some((a) => a.kind === 'dict-splat' || a.kind === 'positional');
    return { retries: null, range: null, unknown: splat };
  }

  /** The value of a `variable["retries"] = …` assignment in this file. */
  private retriesSetOn(variable: string): SourceRange | null {
    const target = `${variable}[]`;
    const a = this.py.assignments.find((x) => x.target === target && /\[\s*(["'])retries\1\s*\]$/.test(this.text.slice(x.targetStart, x.targetEnd)));
    return a ? { start: a.valueStart, end: a.valueEnd } : null;
  }

  private startDate(call: CallFact, defaults: DefaultArgsSource | null): { fact: PipelineFact['startDate']; source: AirflowDag['startDateSource'] } {
    let range: SourceRange | null = null;
    let source: AirflowDag['startDateSource'] = null;
    const arg = keyword(call, 'start_date');
    if (arg) {
      range = { start: arg.start, end: arg.end };
      source = 'dag';
    } else if (defaults?.kind === 'dict') {
      const entry = defaults.dict.entries.find((e) => e.key === 'start_date');
      if (entry) range = { start: entry.valueStart, end: entry.valueEnd };
      source = range ? 'default_args' : null;
    } else if (defaults?.kind === 'dict-call') {
      const entry = keyword(defaults.call, 'start_date');
      if (entry) range = { start: entry.start, end: entry.end };
      source = range ? 'default_args' : null;
    }
    if (!range) return { fact: null, source: null };
    // Follow one constant: `START_DATE = days_ago(1)` … `start_date=START_DATE`.
    const name = this.text.slice(range.start, range.end);
    if (/^[A-Za-z_]\w*$/.test(name)) {
      const assignment = this.py.lastAssignment(name, call.fn, call.start) ?? this.py.lastAssignment(name, null, call.start);
      if (assignment) range = { start: assignment.valueStart, end: assignment.valueEnd };
    }
    const deterministic = !this.py.callsIn(range.start, range.end).some((c) => isNonDeterministic(this.py.resolveCall(c)));
    return { fact: { text: this.text.slice(range.start, range.end), range, deterministic }, source };
  }

  private schedule(call: CallFact): { fact: ScheduleFact | null; string: StringFact | null } {
    const arg = keyword(call, 'schedule') ?? keyword(call, 'schedule_interval') ?? keyword(call, 'timetable');
    if (!arg) return { fact: null, string: null };
    let start = arg.start;
    let end = arg.end;
    let nodeType = arg.nodeType;
    let string = arg.string;
    if (nodeType === 'identifier') {
      const assignment = this.py.lastAssignment(this.text.slice(start, end), call.fn, call.start) ?? this.py.lastAssignment(this.text.slice(start, end), null, call.start);
      if (assignment && (assignment.valueType === 'string' || assignment.valueType === 'none' || assignment.valueType === 'call')) {
        start = assignment.valueStart;
        end = assignment.valueEnd;
        nodeType = assignment.valueType;
        string = nodeType === 'string' ? this.py.stringsIn(start, end).find((s) => s.start === start) ?? null : null;
      }
    }
    const source = this.text.slice(start, end);
    if (nodeType === 'none') return { fact: { start, end, value: '', kind: 'none' }, string: null };
    if (nodeType === 'string' && string) {
      if (string.isFString || string.interpolations.length > 0) return { fact: { start, end, value: source, kind: 'other' }, string: null };
      const value = string.value;
      return { fact: { start, end, value, kind: isTemplatedSchedule(value) ? 'other' : scheduleKind(value) }, string };
    }
    if (nodeType === 'call') {
      const inner = this.callAt(start);
      const resolved = inner ? this.py.resolveCall(inner) : '';
      if (/(^|\.)timedelta$/.test(resolved) || /(^|\.)(duration|relativedelta)$/.test(resolved)) return { fact: { start, end, value: source, kind: 'timedelta' }, string: null };
      // Cron timetables carry a cron string: validate it like a schedule string.
      // Bounded: the pattern scans from every `Cron`, quadratic on a (hostile) 20,000-character name.
      if (inner && resolved.length <= 1_000 && /Cron\w*Timetable$/.test(resolved)) {
        const first = inner.args.find((a) => a.kind === 'positional') ?? keyword(inner, 'cron');
        if (first?.string && !first.string.isFString) {
          const value = first.string.value;
          return { fact: { start: first.start, end: first.end, value, kind: isTemplatedSchedule(value) ? 'other' : scheduleKind(value) }, string: first.string };
        }
      }
    }
    return { fact: { start, end, value: source, kind: 'other' }, string: null };
  }

  // ---- tasks ----

  private collectTasks(scopes: DagScope[]): void {
    const taskFunctions = this.taskFunctions();
    const tasks: AirflowTask[] = [];
    for (const call of this.operatorCalls) tasks.push(this.operatorTask(call, this.py.resolveCall(call)));
    if (taskFunctions.size > 0) {
      for (const call of this.otherCalls) {
        const task = this.decoratedTask(call, taskFunctions);
        if (task) tasks.push(task);
      }
      tasks.sort((a, b) => a.call.start - b.call.start);
    }
    for (const task of tasks) {
      const owner = this.ownerOf(task.call, scopes);
      if (!owner) continue;
      owner.dag.tasks.push(task);
      owner.dag.pipeline.steps.push(...task.steps);
    }
    for (const scope of scopes) this.collectCandidates(scope, taskFunctions, tasks);
  }

  /** Calls in a DAG's body of functions imported from elsewhere (TaskFlow tasks defined in the project's modules). */
  private collectCandidates(scope: DagScope, local: Map<string, TaskFunction>, tasks: AirflowTask[]): void {
    const body = scope.scope;
    if (!body) return;
    const call = scope.dag.call;
    for (const candidate of this.otherCalls) {
      if (candidate.start < body.start || candidate.end > body.end || (candidate.start >= call.start && candidate.end <= call.end)) continue;
      if (candidate.fn !== (scope.fn ?? call.fn) || tasks.some((t) => t.call.start <= candidate.start && candidate.end <= t.call.end)) continue;
      if (candidate.callee.endsWith('.override')) continue; // the `.override(…)` inside `task.override(…)()`
      const override = /^([A-Za-z_][\w.]*)\.override\(\)$/.exec(candidate.callee);
      const name = override ? override[1] : /^[A-Za-z_][\w.]*$/.test(candidate.callee) ? candidate.callee : null;
      if (!name || local.has(name) || !this.py.bindings.has(name.split('.')[0]) || this.py.resolveName(name).startsWith('airflow')) continue;
      const overrideCall = override ? this.py.callsIn(candidate.start, candidate.end).find((c) => c !== candidate && c.callee === `${name}.override`) ?? null : null;
      const idArg = overrideCall && keyword(overrideCall, 'task_id');
      const retries = overrideCall && keyword(overrideCall, 'retries') ? this.retriesOf(overrideCall) : { value: null, range: null, unknown: false };
      const expanded = this.expand(candidate, (bindings) => ({
        name: idArg ? this.nameOf(idArg, candidate.fn, bindings) : name.slice(name.lastIndexOf('.') + 1),
        nameRange: { start: candidate.calleeStart, end: candidate.calleeEnd },
        range: { start: candidate.start, end: candidate.end },
        target: null,
        targetRange: null,
        scriptPath: null,
        callable: name,
        arguments: argumentsOfCall(candidate, this.literals, bindings),
        retries: retries.value,
        upstream: [],
        declaredInputs: [],
        declaredOutputs: [],
      }));
      const task: AirflowTask = { kind: 'taskflow', step: expanded.steps[0], ...expanded, call: candidate, retriesRange: retries.range, decoratorCall: null, bareDecoratorEnd: null, retriesUnknown: retries.unknown };
      scope.dag.candidates.push(task);
      scope.dag.pipeline.candidateSteps.push(...task.steps);
    }
  }

  /** One step per value of the literal loop that builds `call` (a DAG's own loop), or one step. */
  private expand(call: CallFact, make: (bindings: Bindings) => StepFact): { steps: StepFact[]; loop: LoopFact | null } {
    const { bindings, loop } = iterationsAround(this.py, this.literals, call, (l) => this.dagCalls.some((d) => l.start <= d.start && d.end <= l.end));
    return { steps: bindings.map(make), loop };
  }

  /** A task id as Airflow will name the task: its value, or an f-string with the fields it cannot know (`extract_{region}`). */
  private nameOf(arg: ArgFact, fn: FunctionFact | null, bindings: Bindings): string {
    if (arg.string) return this.literals.stringValue(arg.string, fn, bindings) ?? this.literals.readableString(arg.string, fn, bindings);
    return this.literals.valueAt(arg.start, arg.end, fn, bindings) ?? this.text.slice(arg.start, arg.end);
  }

  private ownerOf(call: CallFact, scopes: DagScope[]): DagScope | null {
    const dagArg = keyword(call, 'dag');
    if (dagArg) {
      const name = this.text.slice(dagArg.start, dagArg.end);
      const named = scopes.find((s) => s.variables.includes(name));
      if (named) return named;
    }
    let best: DagScope | null = null;
    for (const s of scopes) {
      if (s.scope && s.scope.start <= call.start && call.end <= s.scope.end && (!best?.scope || s.scope.start >= best.scope.start)) best = s;
    }
    if (best) return best;
    return scopes.length === 1 ? scopes[0] : null;
  }

  private operatorTask(call: CallFact, resolved: string): AirflowTask {
    const idArg = keyword(call, 'task_id');
    const assignment = this.assignmentOf(call);
    const nameRange = idArg ? { start: idArg.start, end: idArg.end } : { start: call.calleeStart, end: call.calleeEnd };
    const retries = this.retriesOf(call);
    const bash = keyword(call, 'bash_command');
    const script = bash ? this.scriptOfCommand(bash) : null;
    const notebookArg = script ? null : notebookArgOfOperator(call, resolved, this.py);
    const jobName = notebookArg || script ? null : this.jobNameOfOperator(call, resolved);
    const expanded = this.expand(call, (bindings): StepFact => {
      const runs = operatorCallable(call, this.py, this.text, this.literals, bindings);
      const notebook = notebookArg ? this.notebookAt(notebookArg, call.fn, bindings) : runs ? this.notebookRunBy(runs.callable) : null;
      return {
        name: idArg ? this.nameOf(idArg, call.fn, bindings) : assignment?.target ?? resolved.split('.').pop()!,
        nameRange,
        range: { start: call.start, end: call.end },
        target: script?.target ?? notebook?.written ?? null,
        targetRange: script?.range ?? notebook?.range ?? null,
        scriptPath: script ? path.resolve(this.dir, script.target) : null,
        ...(notebook ? { notebook: { written: notebook.written, dir: this.dir } } : {}),
        ...(jobName ? { jobName } : {}),
        callable: runs?.callable ?? null,
        arguments: runs?.arguments ?? noArguments(),
        retries: retries.value,
        upstream: [],
        declaredInputs: [],
        declaredOutputs: [],
      };
    });
    return { kind: 'operator', step: expanded.steps[0], ...expanded, call, retriesRange: retries.range, decoratorCall: null, bareDecoratorEnd: null, retriesUnknown: retries.unknown };
  }

  /** `@task`-decorated functions by name, with their decorator call when it has arguments. */
  private taskFunctions(): Map<string, TaskFunction> {
    const out = new Map<string, TaskFunction>();
    for (const fn of this.py.functions) {
      if (fn.decorators.length === 0) continue;
      for (const decorator of fn.decorators) {
        const head = decorator.split('(')[0];
        if (!TASK_DECORATOR.test(this.py.resolveName(head))) continue;
        const decoratorCall = this.py.callsIn(fn.start, fn.nameStart).find((c) => TASK_DECORATOR.test(this.py.resolveCall(c))) ?? null;
        let bareEnd: number | null = null;
        if (!decoratorCall) {
          const header = this.text.slice(fn.start, fn.nameStart);
          const pattern = /@[ \t]*([\w.]+)[ \t]*(?=\r?\n|#)/g;
          for (let m = pattern.exec(header); m; m = pattern.exec(header)) {
            if (m[1].replace(/\s+/g, '') === head) bareEnd = fn.start + m.index + m[0].length;
          }
        }
        out.set(fn.name, { fn, decoratorCall, bareEnd });
      }
    }
    return out;
  }

  private decoratedTask(call: CallFact, functions: Map<string, TaskFunction>): AirflowTask | null {
    let name = call.callee;
    let override: CallFact | null = null;
    const overridden = /^([A-Za-z_]\w*)\.override\(\)$/.exec(call.callee);
    if (overridden) {
      name = overridden[1];
      override = this.py.callsIn(call.start, call.end).find((c) => c !== call && c.callee === `${name}.override`) ?? null;
    }
    const entry = functions.get(name);
    if (!entry || !/^[A-Za-z_]\w*$/.test(name)) return null;
    if (call.start >= entry.fn.start && call.end <= entry.fn.end) return null;
    const idArg = (override && keyword(override, 'task_id')) ?? (entry.decoratorCall && keyword(entry.decoratorCall, 'task_id'));
    const retries = override && keyword(override, 'retries') ? this.retriesOf(override) : entry.decoratorCall ? this.retriesOf(entry.decoratorCall) : { value: null, range: null, unknown: false };
    const notebook = this.notebookRunBy(entry.fn.name);
    const expanded = this.expand(call, (bindings): StepFact => ({
      name: idArg ? this.nameOf(idArg, call.fn, bindings) : name,
      nameRange: { start: call.calleeStart, end: call.calleeEnd },
      range: { start: call.start, end: call.end },
      target: notebook?.written ?? null,
      targetRange: notebook?.range ?? null,
      scriptPath: null,
      ...(notebook ? { notebook: { written: notebook.written, dir: this.dir } } : {}),
      callable: entry.fn.name,
      arguments: argumentsOfCall(call, this.literals, bindings),
      retries: retries.value,
      upstream: [],
      declaredInputs: [],
      declaredOutputs: [],
    }));
    return { kind: 'taskflow', step: expanded.steps[0], ...expanded, call, retriesRange: retries.range, decoratorCall: entry.decoratorCall, bareDecoratorEnd: entry.bareEnd, retriesUnknown: retries.unknown };
  }

  private retriesOf(call: CallFact): { value: number | null; range: SourceRange | null; unknown: boolean } {
    const arg = keyword(call, 'retries');
    if (arg) {
      const range = { start: arg.start, end: arg.end };
      // A non-literal count (a constant, a Variable) still configures retries.
      return { value: this.intValue(range) ?? 1, range, unknown: false };
    }
    return { value: null, range: null, unknown: call.args.some((a) => a.kind === 'dict-splat') };
  }

  /** The notebook path an argument holds (a literal, a constant, a loop's value), with the range to point at. */
  private notebookAt(range: SourceRange, fn: FunctionFact | null, bindings: Bindings): { written: string; range: SourceRange } | null {
    const value = this.literals.valueAt(range.start, range.end, fn, bindings);
    return typeof value === 'string' && value.trim() !== '' ? { written: value, range } : null;
  }

  /** The notebook a module function (a task's callable) runs with `papermill.execute_notebook(path, …)`. */
  private notebookRunBy(callable: string | null): { written: string; range: SourceRange } | null {
    if (!callable || !/^[A-Za-z_]\w*$/.test(callable)) return null;
    const fn = this.py.functions.find((f) => f.name === callable && f.className === null);
    if (!fn) return null;
    for (const call of this.py.callsIn(fn.start, fn.end)) {
      if (!/^papermill\.execute_notebook$/.test(this.py.resolveCall(call))) continue;
      const arg = keyword(call, 'input_path') ?? call.args.find((a) => a.kind === 'positional');
      if (arg) return this.notebookAt(arg, call.fn, new Map());
    }
    return null;
  }

  private scriptOfCommand(arg: ArgFact): { target: string; range: SourceRange } | null {
    const str = arg.string;
    if (!str) return null;
    if (str.isFString) return this.scriptOfFStringCommand(str);
    const value = str.value;
    const match = PYTHON_SCRIPT_IN_COMMAND.exec(value) ?? SHELL_SCRIPT_IN_COMMAND.exec(value);
    if (!match || /\{\{|\$/.test(match[1])) return null;
    const at = match.index + match[0].lastIndexOf(match[1]);
    const range = at + match[1].length <= str.identityUntil ? { start: str.contentStart + at, end: str.contentStart + at + match[1].length } : { start: str.start, end: str.end };
    return { target: match[1], range };
  }

  /** `f"spark-submit {os.path.join(DAG_DIR, 'load.py')}"` where `DAG_DIR` is the DAG file's own folder. */
  private scriptOfFStringCommand(str: StringFact): { target: string; range: SourceRange } | null {
    let i = 0;
    const value = str.value.replace(/\0/g, () => {
      const at = str.interpolations[i++];
      const joined = at ? JOINED_SCRIPT.exec(this.text.slice(at.start, at.end)) : null;
      return joined && this.isOwnFolder(joined[1]) ? joined[3] : '\0';
    });
    const match = PYTHON_SCRIPT_IN_COMMAND.exec(value);
    if (!match || /[\0{$]/.test(match[1])) return null;
    return { target: match[1], range: { start: str.start, end: str.end } };
  }

  /** A module-level name set to the folder of this file (`os.path.dirname(os.path.abspath(__file__))`). */
  private isOwnFolder(name: string): boolean {
    return this.py.assignments.some((a) => a.fn === null && a.target === name && /^os\.path\.dirname\((?:os\.path\.(?:abspath|realpath)\()?__file__\)?\)$/.test(this.text.slice(a.valueStart, a.valueEnd).replace(/\s+/g, '')));
  }

  // ---- dependencies ----

  private collectDependencies(scope: DagScope, only: boolean): void {
    const dag = scope.dag;
    const inScope = (start: number) => only || !scope.scope || (scope.scope.start <= start && start < scope.scope.end);
    const tasks = [...dag.tasks, ...dag.candidates];
    const byCall = new Map<CallFact, AirflowTask>();
    for (const task of tasks) byCall.set(task.call, task);
    const byVariable = new Map<string, AirflowTask>();
    for (const task of tasks) {
      const assignment = this.assignmentOf(task.call);
      if (assignment) byVariable.set(assignment.target, task);
    }
    const resolveOperand = (text: string, start: number): AirflowTask | null => {
      const direct = this.callAt(start);
      if (direct && byCall.has(direct)) return byCall.get(direct)!;
      return byVariable.get(text) ?? null;
    };
    // Tasks built in the same loop are linked iteration by iteration (extract_emea >> clean_emea).
    const link = (upstream: AirflowTask | null, downstream: AirflowTask | null) => {
      if (!upstream || !downstream || upstream === downstream) return;
      const sameLoop = upstream.loop !== null && upstream.loop === downstream.loop;
      downstream.steps.forEach((down, i) => {
        upstream.steps.forEach((up, j) => {
          if ((!sameLoop || i === j) && !down.upstream.includes(up.name)) down.upstream.push(up.name);
        });
      });
    };
    for (const dep of this.py.dependencies) {
      if (!inScope(dep.start)) continue;
      for (let i = 0; i < dep.operators.length; i++) {
        const left = dep.groups[i].map((o) => resolveOperand(o.text, o.start));
        const right = dep.groups[i + 1].map((o) => resolveOperand(o.text, o.start));
        for (const l of left) for (const r of right) if (dep.operators[i] === '>>') link(l, r);
        else link(r, l);
      }
    }
    for (const call of this.streamCalls) {
      if (!inScope(call.start)) continue;
      const method = /^([A-Za-z_]\w*)\.(set_downstream|set_upstream)$/.exec(call.callee);
      if (!method) continue;
      const self = byVariable.get(method[1]) ?? null;
      for (const target of this.operandsOf(call.args[0], resolveOperand)) {
        if (method[2] === 'set_downstream') link(self, target);
        else link(target, self);
      }
    }
    for (const call of this.chainCalls) {
      if (!inScope(call.start)) continue;
      const groups = call.args.filter((a) => a.kind === 'positional').map((a) => this.operandsOf(a, resolveOperand));
      for (let i = 0; i + 1 < groups.length; i++) for (const l of groups[i]) for (const r of groups[i + 1]) link(l, r);
    }
    // TaskFlow: a task called with another task's result runs after it.
    for (const task of tasks) {
      if (task.kind !== 'taskflow') continue;
      for (const arg of task.call.args) {
        if (arg.kind === 'dict-splat' || arg.kind === 'list-splat') continue;
        link(resolveOperand(this.text.slice(arg.start, arg.end), arg.start), task);
      }
    }
  }

  /** Tasks named by an argument: a variable, a task call, or a list/tuple of them. */
  private operandsOf(arg: ArgFact | undefined, resolve: (text: string, start: number) => AirflowTask | null): AirflowTask[] {
    if (!arg) return [];
    if (arg.nodeType === 'list' || arg.nodeType === 'tuple') {
      const out: AirflowTask[] = [];
      const inner = this.text.slice(arg.start + 1, arg.end - 1);
      const pattern = /[A-Za-z_][\w.]*/g;
      for (let m = pattern.exec(inner); m; m = pattern.exec(inner)) {
        const task = resolve(m[0], arg.start + 1 + m.index);
        if (task) out.push(task);
      }
      return out;
    }
    const task = resolve(this.text.slice(arg.start, arg.end), arg.start);
    return task ? [task] : [];
  }

  // ---- values ----

  /**
   * The assignment whose value is `call` (`extract = BashOperator(...)`). Assignments are in
   * document order by target (chained `a = b = f()` only swaps neighbours), so a binary search
   * plus a small window finds it without indexing every assignment of a large file.
   */
  private assignmentOf(call: CallFact): AssignmentFact | undefined {
    const list = this.py.assignments;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid].targetStart < call.start) low = mid + 1;
      else high = mid;
    }
    for (let i = Math.max(0, low - 8); i < Math.min(list.length, low + 8); i++) if (list[i].call === call) return list[i];
    return undefined;
  }

  private callAt(start: number): CallFact | null {
    const calls = this.py.callsIn(start, start + 1);
    return calls[0] ?? null;
  }

  /** The job a `DatabricksRunNowOperator` triggers by name: `job_name="orders"`, or `json={"job_name": …}`. */
  private jobNameOfOperator(call: CallFact, resolved: string): string | null {
    if (!/(^|\.)DatabricksRunNowOperator$/.test(resolved)) return null;
    const direct = keyword(call, 'job_name');
    if (direct) return this.stringValue(direct);
    const str = this.py.stringsIn(call.argsStart, call.argsEnd).find((s) => s.role.kind === 'dict-value' && s.role.key === 'job_name');
    return str ? this.literals.stringValue(str, call.fn, new Map()) : null;
  }

  private stringValue(arg: ArgFact): string | null {
    return arg.string && !arg.string.isFString ? arg.string.value : null;
  }

  /** An integer literal, or a module constant bound to one. */
  private intValue(range: SourceRange): number | null {
    const source = this.text.slice(range.start, range.end).trim();
    if (/^\d+$/.test(source)) return Number(source);
    if (/^[A-Za-z_]\w*$/.test(source)) {
      const assignment = this.py.lastAssignment(source, null, range.start);
      if (assignment && assignment.valueType === 'integer') return Number(this.text.slice(assignment.valueStart, assignment.valueEnd).replace(/_/g, ''));
    }
    return null;
  }

  /** Top-level entries of the dict literal spanning [start, end) (braces included). */
  parseDict(start: number, end: number): DictLiteral {
    const entries: DictEntry[] = [];
    const strings = this.py.stringsIn(start, end);
    let itemStart = start + 1;
    let colon = -1;
    let hasSplat = false;
    const finish = (itemEnd: number) => {
      const raw = this.text.slice(itemStart, itemEnd);
      if (raw.trim() === '' || /^\s*(#[^\n]*\n\s*)*$/.test(raw)) return;
      const lead = skipSpaceAndComments(this.text, itemStart, itemEnd);
      if (this.text.startsWith('**', lead)) {
        hasSplat = true;
        entries.push({ key: null, keyStart: lead, keyEnd: lead, valueStart: lead + 2, valueEnd: trimEnd(this.text, lead, itemEnd) });
        return;
      }
      if (colon < 0) return;
      const keyEnd = trimEnd(this.text, lead, colon);
      const keyString = strings.find((x) => x.start === lead && x.end === keyEnd);
      const valueStart = skipSpaceAndComments(this.text, colon + 1, itemEnd);
      entries.push({
        key: keyString && !keyString.isFString ? keyString.value : null,
        keyStart: lead,
        keyEnd,
        valueStart,
        valueEnd: trimEnd(this.text, valueStart, itemEnd),
      });
    };
    scanTopLevel(this.text, strings, start + 1, end - 1, (separator, at) => {
      if (separator === ':') {
        if (colon < 0) colon = at;
        return;
      }
      finish(at);
      itemStart = at + 1;
      colon = -1;
    });
    finish(end - 1);
    return { start, end, entries, hasSplat };
  }
}

function skipSpaceAndComments(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    if (/\s/.test(text[i])) i++;
    else if (text[i] === '#') {
      const newline = text.indexOf('\n', i);
      i = newline < 0 || newline > to ? to : newline + 1;
    } else break;
  }
  return i;
}

/** End of [from, to) without trailing whitespace and comments. */
function trimEnd(text: string, from: number, to: number): number {
  const lines = text.slice(from, to).split('\n');
  let end = from;
  let offset = from;
  for (const line of lines) {
    const hash = line.indexOf('#');
    const code = (hash < 0 ? line : line.slice(0, hash)).trimEnd();
    if (code.length > 0) end = offset + code.length;
    offset += line.length + 1;
  }
  return end;
}

function keyword(call: CallFact, name: string): ArgFact | null {
  for (const arg of call.args) if (arg.kind === 'keyword' && arg.name === name) return arg;
  return null;
}

/**
 * Where an operator names the notebook it runs: Papermill's `input_nb`, a Databricks operator's
 * `notebook_path` (in `notebook_task={…}`, `json={…}` or a `tasks=[…]` entry).
 */
function notebookArgOfOperator(call: CallFact, resolved: string, py: PythonFacts): SourceRange | null {
  if (/(^|\.)PapermillOperator$/.test(resolved)) return keyword(call, 'input_nb');
  if (!/(^|\.)Databricks\w*Operator$/.test(resolved)) return null;
  const direct = keyword(call, 'notebook_path');
  if (direct) return direct;
  const str = py.stringsIn(call.argsStart, call.argsEnd).find((s) => s.role.kind === 'dict-value' && s.role.key === 'notebook_path');
  return str ? { start: str.start, end: str.end } : null;
}

function isDagClass(resolved: string): boolean {
  return resolved.startsWith('airflow') && /(^|\.)DAG$/.test(resolved);
}

function isOperator(resolved: string, call: CallFact): boolean {
  if (!/(Operator|Sensor)$/.test(resolved)) return false;
  if (resolved.startsWith('airflow.')) return true;
  // Custom operators (imported from the project's plugins) are tasks when they name a task_id.
  return keyword(call, 'task_id') !== null;
}

export function isNonDeterministic(resolved: string): boolean {
  if (NON_DETERMINISTIC.has(resolved)) return true;
  const bare = resolved.replace(/\(\)/g, '');
  return NON_DETERMINISTIC.has(bare) || (NON_DETERMINISTIC_TAIL.test(bare) && /^(datetime|pendulum|airflow|arrow)\b/.test(bare));
}
