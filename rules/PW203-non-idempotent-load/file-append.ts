// Appending files: `to_csv`/`to_json`/`to_parquet` with `mode="a"` (or fastparquet's
// `append=True`), or a data file opened with `open(path, "a")`, at a fixed path — a literal, a
// constant, `Path("…")` or `os.path.join` of literals. Run-scoped paths, rejects/log/state files
// and files removed or first written with "w" in the same function are left alone.

import type { ArgFact, CallFact } from '../../server/src/engine/python/facts';
import { ioOf, methodOf, writeModeOf, type WriteMode } from '../../server/src/engine/knowledge';
import { keywordArg, positionalArg } from '../support/call-arguments';
import type { LoadScope } from './load-scope';
import { literalValue } from './targets';

export function checkFileAppend(scope: LoadScope, call: CallFact, write: WriteMode): void {
  if (write.effect !== 'append' || !call.callee.includes('.')) return;
  const method = methodOf(call.callee);
  const path = fixedPath(scope, write.target ?? undefined, call);
  if (!path || /(reject|dead_?letter|dlq|quarantine|error|log|audit|history|archive)/i.test(path.value)) return;
  if (pathResetInFunction(scope, call, path.source)) return;
  const shown = path.value.length > 60 ? `…${path.value.slice(-58)}` : path.value;
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `${method} with mode "a" appends to the fixed path ${shown} on every run, so a re-run duplicates its rows; write a run-scoped file or overwrite it`,
    fingerprintText: `${method}|append|${path.value}`,
  });
}

/** Files that hold data rows (what a re-run would duplicate), by extension. */
const DATA_FILE = /\.(csv|tsv|psv|json|jsonl|ndjson|sql|dat)$/i;
/** Files whose lines are meant to accumulate, or that record what was done (so a re-run can skip it). */
const ACCUMULATING_FILE = /(reject|dead_?letter|dlq|quarantine|error|log|audit|history|archive|processed|seen|state|checkpoint|manifest|done)/i;

/** `open("/data/orders.csv", "a")`: rows written through the handle go after last run's. */
export function checkOpenAppend(scope: LoadScope, call: CallFact, write: WriteMode): void {
  if (write.effect !== 'append') return;
  const path = fixedPath(scope, write.target ?? undefined, call);
  if (!path || !DATA_FILE.test(path.value) || ACCUMULATING_FILE.test(path.value)) return;
  if (pathResetInFunction(scope, call, path.source)) return;
  const shown = path.value.length > 60 ? `…${path.value.slice(-58)}` : path.value;
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: `open(…, "${write.value}") appends to the fixed file ${shown} on every run, so a re-run writes its rows again; write a run-scoped file or open it with "w" once per run`,
    fingerprintText: `open|append|${path.value}`,
  });
}

/** A path the run cannot vary: a literal, a name bound to one, or `Path`/`os.path.join` of literals. */
function fixedPath(scope: LoadScope, arg: ArgFact | undefined, call: CallFact): { value: string; source: string } | null {
  const { py, text } = scope;
  if (!arg) return null;
  const source = text.slice(arg.start, arg.end);
  const literal = literalValue(arg, call, py, text);
  if (literal) return { value: literal.value, source };
  let start = arg.start;
  let end = arg.end;
  if (/^[A-Za-z_]\w*$/.test(source)) {
    const assignment = py.lastAssignment(source, call.fn, call.start);
    if (!assignment) return null;
    start = assignment.valueStart;
    end = assignment.valueEnd;
  }
  const inner = text.slice(start, end);
  if (!/^(pathlib\.)?Path\(|^os\.path\.join\(/.test(inner)) return null;
  const strings = py.stringsIn(start, end);
  if (strings.length === 0 || strings.some((s) => s.interpolations.length > 0)) return null;
  const withoutStrings = inner.length > 10_000 ? inner : inner.replace(/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, '');
  if (/(?<!\w)[A-Za-z_]\w*\s*[,)]|\/\s*[A-Za-z_]/.test(withoutStrings.replace(/^(pathlib\.)?Path\(|^os\.path\.join\(/, ''))) return null;
  return { value: strings.map((s) => s.value).join('/'), source };
}

/** The function removes or rewrites the path before appending (`os.remove(path)`, a first write that truncates it). */
function pathResetInFunction(scope: LoadScope, call: CallFact, pathSource: string): boolean {
  const { py, text } = scope;
  const calls = call.fn ? py.callsIn(call.fn.start, call.start) : py.callsIn(0, call.start).filter((c) => c.fn === null);
  for (const c of calls) {
    const resolved = py.resolveCall(c);
    if (/^(os\.(remove|unlink)|shutil\.rmtree)$/.test(resolved) || methodOf(c.callee) === 'unlink') {
      if (text.slice(c.start, c.end).includes(pathSource)) return true;
      continue;
    }
    const first = c.args[0];
    if (!first || text.slice(first.start, first.end) !== pathSource) continue;
    if (writeModeOf(c, py)?.effect === 'replace') return true;
    const io = ioOf(c, py);
    if (io?.role === 'open' && io.kind === 'file-write') {
      const m = literalValue(keywordArg(c, 'mode') ?? positionalArg(c, 1), c, py, text);
      if (!m || m.value.startsWith('w')) return true;
    }
  }
  return false;
}
