// Checks run by hand: a function (or script) whose I/O only reads — a connect, SELECT/SHOW/
// DESCRIBE queries, pandas reads, HTTP GET/HEAD — and that prints what it found, returning at most
// a flag (`verify_database()`, `check_timestamps()`, `describe_table.py`). Whoever runs it sees a
// transient failure at once and runs it again; no pipeline run fails, and a retry would only blur
// what the check reports. A function that hands the connection it opened to a helper doing the
// work is the owner of that work, not a check.

import type { CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { methodOf, resolvedCallee, sqlCallOf } from '../../server/src/engine/knowledge';
import { leadingKeyword, statementKind } from '../../server/src/engine/sql';
import type { IoSite } from './io-sites';
import type { SourceText } from '../../server/src/engine/source-text';

const READ_ONLY_KEYWORDS = new Set(['SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN']);
const FLAG_RETURN = /^(True|False|None)?$/;

/** The SQL a call runs, when it is a literal (or a name bound to one in the same function). */
function literalSql(call: CallFact, py: PythonFacts, text: SourceText): string | null {
  const arg = sqlCallOf(call, py)?.arg;
  if (!arg) return null;
  if (arg.string) return arg.string.value;
  if (arg.nodeType !== 'identifier') return null;
  const bound = py.lastAssignment(text.slice(arg.start, arg.end), call.fn, call.start);
  if (!bound || bound.fn !== call.fn || bound.valueType !== 'string') return null;
  return py.stringsIn(bound.valueStart, bound.valueEnd)[0]?.value ?? null;
}

function readsOnly({ call, kind }: IoSite, py: PythonFacts, text: SourceText): boolean {
  switch (kind) {
    case 'db-connect':
    case 'db-read':
      return true;
    case 'db-query':
    case 'warehouse-query': {
      const sql = literalSql(call, py, text);
      if (sql === null) return false;
      return statementKind(sql) === 'select' || READ_ONLY_KEYWORDS.has(leadingKeyword(sql) ?? '');
    }
    case 'http':
      return /^(get|head)$/.test(methodOf(resolvedCallee(call, py)));
    default:
      return false;
  }
}

/**
 * It hands a connection or client it opened to other code (`write_rows(frame, conn)`): the work
 * runs there, on its session, and a reachability print before it does not make it a check.
 */
function handsOnSession(fn: FunctionFact | null, sites: readonly IoSite[], py: PythonFacts, text: SourceText): boolean {
  const own = py.ownFacts(fn);
  const isSite = (call: CallFact) => sites.some((site) => site.call.start === call.start && site.call.end === call.end);
  const connects = sites.filter((site) => site.kind === 'db-connect');
  const opened = new Set(own.assignments.filter((a) => a.call !== null && connects.some((site) => site.call.start === a.call!.start && site.call.end === a.call!.end)).map((a) => a.target));
  if (opened.size === 0) return false;
  // A function of the module or one it imports (not a builtin such as len() or str()).
  const isProjectFunction = (call: CallFact) => !call.callee.includes('.') && (py.functionsNamed(call.callee).length > 0 || py.bindings.has(call.callee));
  return own.calls.some((call) => isProjectFunction(call) && !isSite(call) && call.args.some((arg) => arg.nodeType === 'identifier' && opened.has(text.slice(arg.start, arg.end))));
}

/** `fn` (null: the script) only reads and prints what it read. */
export function isPrintedCheck(fn: FunctionFact | null, sites: readonly IoSite[], py: PythonFacts, text: SourceText): boolean {
  const own = py.ownFacts(fn);
  if (!own.calls.some((call) => call.callee === 'print')) return false;
  if (handsOnSession(fn, sites, py, text)) return false;
  const returnsData = own.statements.some((st) => st.kind === 'return' && !FLAG_RETURN.test(text.slice(st.start, st.end).replace(/^return\b/, '').trim()));
  return !returnsData && sites.every((site) => readsOnly(site, py, text));
}
