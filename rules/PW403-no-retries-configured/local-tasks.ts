// Tasks with nothing transient to retry: placeholders, branches, triggers and time or local-file
// sensors, shell commands that only echo or sleep, and Python callables (defined in the DAG file)
// that only compute, print and pass XComs. Anything we cannot see into — an imported helper, a
// module-level client, a class, a templated script — counts as external I/O, so the rule still
// asks for retries there.

import type { CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import {
  AIRFLOW_CALLABLE_OPERATORS,
  AIRFLOW_LOCAL_OPERATORS,
  AIRFLOW_SHELL_OPERATORS,
  IN_PROCESS_BUILTINS,
  ioOf,
  isInProcessModuleCall,
  lastSegment,
  libraryOfModule,
  LOCAL_SHELL_COMMANDS,
} from '../../server/src/engine/knowledge';
import type { AirflowTask } from '../../server/src/engine/workspace/airflow';

const MAX_DEPTH = 4;

export function doesNoExternalIo(task: AirflowTask, py: PythonFacts, text: string): boolean {
  if (task.kind === 'taskflow') {
    if (task.decoratorCall && /\.(bash|docker|kubernetes|virtualenv|external_python|sensor)$/.test(task.decoratorCall.callee)) return false;
    const fn = functionNamed(py, task.step.callable);
    return fn !== null && !/\.(bash|docker|kubernetes|virtualenv|external_python)$/.test(fn.decorators.join(' ')) && functionIsLocal(fn, py, new Set());
  }
  const operator = lastSegment(py.resolveCall(task.call));
  if (AIRFLOW_LOCAL_OPERATORS.has(operator)) return true;
  if (AIRFLOW_SHELL_OPERATORS.has(operator)) return shellCommandIsLocal(task.call);
  if (AIRFLOW_CALLABLE_OPERATORS.has(operator)) return callableIsLocal(task.call, py, text);
  return false;
}

function keyword(call: CallFact, name: string) {
  return call.args.find((a) => a.kind === 'keyword' && a.name === name) ?? null;
}

function shellCommandIsLocal(call: CallFact): boolean {
  const command = keyword(call, 'bash_command') ?? call.args.find((a) => a.kind === 'positional' && a.string) ?? null;
  if (!command) return call.args.every((a) => a.kind === 'keyword');
  if (!command.string || /\.sh\s*$/.test(command.string.value)) return false;
  return command.string.value
    .split(/&&|\|\||[;|\n]/)
    .map((part) => part.trim().split(/\s+/).filter((word) => !/^\w+=/.test(word))[0] ?? '')
    .every((word) => word === '' || LOCAL_SHELL_COMMANDS.has(word));
}

function callableIsLocal(call: CallFact, py: PythonFacts, text: string): boolean {
  const arg = keyword(call, 'python_callable');
  if (!arg) return false;
  if (arg.nodeType === 'lambda') return py.callsIn(arg.start, arg.end).every((c) => callIsLocal(c, null, py, new Set()));
  if (arg.nodeType !== 'identifier') return false;
  const name = text.slice(arg.start, arg.end);
  if (py.bindings.has(name)) return isInProcessModuleCall(py.resolveName(name));
  if (IN_PROCESS_BUILTINS.has(name)) return true;
  const fn = functionNamed(py, name);
  return fn !== null && functionIsLocal(fn, py, new Set());
}

function functionNamed(py: PythonFacts, name: string | null): FunctionFact | null {
  if (!name) return null;
  return py.functions.find((f) => f.name === name && f.className === null) ?? null;
}

function functionIsLocal(fn: FunctionFact, py: PythonFacts, seen: Set<FunctionFact>): boolean {
  if (seen.has(fn)) return true;
  if (seen.size >= MAX_DEPTH) return false;
  seen.add(fn);
  return py.callsIn(fn.bodyStart, fn.bodyEnd).every((call) => callIsLocal(call, fn, py, seen));
}

function callIsLocal(call: CallFact, fn: FunctionFact | null, py: PythonFacts, seen: Set<FunctionFact>): boolean {
  // An embedded database or a local file (DuckDB, SQLite, a CSV on disk) fails the same way on a retry.
  const io = ioOf(call, py);
  if (io) return !io.remote;
  // `context["ti"].xcom_push(...)`, `"-".join(...)`: a method of a value, not a name we could follow.
  if (call.callee === '') return true;
  const root = call.callee.split(/[.[(]/)[0];
  // An in-process module (`pathlib`, `json`) or database library (DuckDB, SQLite on a local file).
  if (py.bindings.has(root)) return isInProcessCall(py.resolveName(call.callee));
  // A method of a module constant built by an in-process module (`RAW_DIR = Path(…)`; `RAW_DIR.glob(…)`).
  const resolved = py.resolveCall(call);
  if (resolved !== call.callee && isInProcessModuleCall(resolved)) return true;
  // A method of a value the function (or a function around it) holds: a parameter or a local.
  if (isBoundInScope(root, call.fn ?? fn, py, call.start)) return true;
  if (call.callee === root) {
    if (IN_PROCESS_BUILTINS.has(root)) return true;
    const callee = functionNamed(py, root);
    return callee !== null && functionIsLocal(callee, py, seen);
  }
  return false;
}

function isInProcessCall(resolved: string): boolean {
  return isInProcessModuleCall(resolved) || libraryOfModule(resolved)?.inProcess === true;
}

function isBoundInScope(name: string, fn: FunctionFact | null, py: PythonFacts, offset: number): boolean {
  for (let f = fn; f; f = f.parent) {
    if (f.params.some((p) => p.replace(/^\*+/, '').split(/[:=]/)[0].trim() === name)) return true;
    if (py.lastAssignment(name, f, offset)?.fn === f) return true;
  }
  return false;
}
