// What an except clause does with the error it caught. It swallows it when, after optionally
// reporting it (print, a log call), best-effort clean-up or resetting names nobody reads again,
// it carries on: `pass`, `continue`, returning a default (None, a constant, an empty collection
// or frame) or a failure-status result (`{"status_code": 500, "message": tb}`, which only its
// callers can act on), or falling through to the code after the try. Anything else — a raise, an exit, a
// counter (`failed += 1`), a call that records or forwards the error (`errors.append(...)`,
// `write_dead_letter(row, exc)`, `alert(...)`), `break`, a return that carries the error or a
// computed value, a branch — is a decision the rule leaves to the author.

import type { BlockStatementFact, CallFact, FunctionFact, HandlerFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { methodOf } from '../../server/src/engine/knowledge';
import { wordOccurrences } from '../../server/src/engine/python/words';
import { isLogCall } from '../support/logging-calls';
import type { SourceText } from '../../server/src/engine/source-text';

/** How the handler carries on after the error. */
export type Carry = 'pass' | 'continue' | 'return-default' | 'fall-through';
/** How the handler reports the error before carrying on. */
export type Report = 'none' | 'print' | 'log';

export interface Swallowing {
  carry: Carry;
  report: Report;
  /** The print() and traceback calls, in order. */
  prints: CallFact[];
  /** The log calls, in order. */
  logs: CallFact[];
  /** The statement that carries on (`pass`, `continue`, the return), null when the body falls through. */
  tail: BlockStatementFact | null;
  /** The handler's statements, comments left out. */
  statements: readonly BlockStatementFact[];
  /** The default returned is a failure status (`{"status_code": 500, "message": tb}`): the error travels as data its callers must test. */
  failureStatus?: boolean;
}

/** `"status_code": 500`, `'status': 'error'`, `"state": "failed"`: a key of the result that says the work failed. */
const FAILURE_STATUS = /["'](status|status_code|state)["']\s*:\s*(5\d\d|["'](error|failed|failure)["'])/i;

/** A dict literal carrying a failure status, whatever else it carries (the traceback, the job's names). */
export function isFailureStatus(source: string): boolean {
  const value = source.trim();
  return value.length <= MAX_DEFAULT_VALUE_LENGTH && value.startsWith('{') && FAILURE_STATUS.test(value);
}

/** Calls that only print: the error reaches a console nobody reads, never the logs or the scheduler. */
const PRINT_CALLS = new Set(['print', 'traceback.print_exc', 'traceback.print_exception']);
/** Best effort inside a handler: closing or rolling back before carrying on does not handle the error. */
const CLEANUP_METHODS = new Set(['close', 'rollback', 'dispose', 'disconnect', 'shutdown', 'cancel', 'stop', 'quit', 'release', 'cleanup', 'unlink', 'remove']);
/** String literals (not f-strings), replaced by a placeholder before LITERAL looks at the rest. */
const STRING_LITERAL = /(?<![A-Za-z_])[rbuRBU]?("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;
/** A literal with nothing computed in it: `None`, `False`, `0`, `""`, `[]`, `{}`, `()`, `{"rows": []}`. */
const LITERAL = /^(?:None|True|False|-?\d[\d_.]*(?![\d_.])|\u0000|[[\]{}(),:\s])*$/;
/** An empty value built by a call: `pd.DataFrame()`, `dict()`, `list()`, `set()`. */
const EMPTY_CONSTRUCTOR = /^(?:[A-Za-z_][\w.]*\.)?(?:DataFrame|Series|dict|list|set|tuple|defaultdict|OrderedDict)\(\s*\)$/;
/** `name = <literal>` after the report: a reset, which hides the error only when nothing reads the name afterwards. */
const RESET = /^([A-Za-z_]\w*)\s*=\s*([\s\S]*)$/;

export function isPrintCall(call: CallFact, py: PythonFacts): boolean {
  if (call.callee === 'print') return !py.bindings.has('print');
  return PRINT_CALLS.has(py.resolveCall(call));
}

/** Longer values are never empty defaults; the bound keeps STRING_LITERAL linear on hostile text. */
const MAX_DEFAULT_VALUE_LENGTH = 2_000;

function isDefaultValue(source: string): boolean {
  const value = source.trim();
  if (value.length > MAX_DEFAULT_VALUE_LENGTH) return false;
  return value === '' || LITERAL.test(value.replace(STRING_LITERAL, '\u0000')) || EMPTY_CONSTRUCTOR.test(value.replace(/\s+/g, ''));
}

/** The call a statement makes as a whole (`logger.error(...)`), or null. */
function statementCall(statement: BlockStatementFact, py: PythonFacts): CallFact | null {
  if (statement.type !== 'call') return null;
  return py.callsIn(statement.exprStart, statement.exprEnd).find((c) => c.start === statement.exprStart && c.end === statement.exprEnd) ?? null;
}

/**
 * How the handler swallows the error, or null when it does anything else with it. `scope` is the
 * function around the handler (null: the module), where a reset name could be read again.
 */
export function swallowingOf(handler: HandlerFact, scope: FunctionFact | null, py: PythonFacts, text: SourceText): Swallowing | null {
  const statements = handler.statements.filter((s) => s.type !== 'string');
  if (statements.length === 0) return null;
  const prints: CallFact[] = [];
  const logs: CallFact[] = [];
  let tail: BlockStatementFact | null = null;
  let failureStatus = false;
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    const last = i === statements.length - 1;
    switch (statement.type) {
      case 'pass_statement':
      case 'ellipsis':
        if (last) tail = statement;
        continue;
      case 'continue_statement':
        if (!last) return null;
        tail = statement;
        continue;
      case 'return_statement': {
        const value = text.slice(statement.exprStart, statement.exprEnd);
        if (last && isFailureStatus(value)) {
          tail = statement;
          failureStatus = true;
          continue;
        }
        if (!last || !isDefaultValue(value)) return null;
        if (handler.alias && wordOccurrences(value, handler.alias, 0, value.length).length > 0) return null;
        tail = statement;
        continue;
      }
      case 'call': {
        const call = statementCall(statement, py);
        if (!call) return null;
        if (isPrintCall(call, py)) prints.push(call);
        else if (isLogCall(call, py)) logs.push(call);
        else if (!(call.callee.includes('.') && CLEANUP_METHODS.has(methodOf(call.callee)))) return null;
        continue;
      }
      case 'augmented_assignment': {
        // `failed += 1` / `results["failed"] += 1`: a count only a print or a log line ever reads still ends green.
        const counted = COUNTER.exec(text.slice(statement.exprStart, statement.exprEnd).trim());
        if (!counted || countIsActedOn(counted[1], handler, scope, py, text)) return null;
        continue;
      }
      case 'assignment': {
        // `tb = traceback.format_exc()` read by a failure-status return below: the status carries it.
        if (formatsError(statement, statements[statements.length - 1], text)) continue;
        const reset = RESET.exec(text.slice(statement.exprStart, statement.exprEnd));
        if (!reset || !isDefaultValue(reset[2])) return null;
        // `conn = None` that a later `if conn is None:` reads is a sentinel the code checks: not swallowed.
        const scopeEnd = scope ? scope.bodyEnd : text.length;
        // `row_count = 0` that only `return row_count` reads again is a default return in two steps.
        if (wordOccurrences(text, reset[1], handler.bodyEnd, scopeEnd).some((at) => !onlyReturned(reset[1], at, text))) return null;
        continue;
      }
      default:
        return null;
    }
  }
  const carry: Carry = !tail
    ? 'fall-through'
    : tail.type === 'continue_statement' ? 'continue' : tail.type === 'return_statement' ? 'return-default' : 'pass';
  const report: Report = logs.length > 0 ? 'log' : prints.length > 0 ? 'print' : 'none';
  return { carry, report, prints, logs, tail, statements, failureStatus };
}

/** `failed += 1`, `stats["failed"] += 1`, `errors += len(batch)`: a plain name (or one key of it) counting failures. */
const COUNTER = /^([A-Za-z_]\w*)(?:\[\s*["'][\w ]+["']\s*\])?\s*\+=\s*(?:\d+|len\(\s*[\w.]+\s*\))$/;
/** `failed = 0`, `stats["failed"] += n`, `stats = {"failed": 0}`: the count being set up or kept, not read. */
const COUNT_KEEPING = /^(?:[ \t]*\[\s*["'][\w ]+["']\s*\])?\s*(?:\+=|=(?!=))/;

/**
 * The count is acted on when anything but a print or log call reads it in the scope: a test
 * (`if failed: raise …`), a return (`return stats`: the caller may test it), an argument passed on.
 */
function countIsActedOn(name: string, handler: HandlerFact, scope: FunctionFact | null, py: PythonFacts, text: SourceText): boolean {
  const start = scope ? scope.bodyStart : 0;
  const end = scope ? scope.bodyEnd : text.length;
  const reporting = py.callsIn(start, end).filter((call) => isPrintCall(call, py) || isLogCall(call, py));
  return wordOccurrences(text, name, start, end).some((at) => {
    if (at >= handler.bodyStart && at < handler.bodyEnd) return false;
    if (COUNT_KEEPING.test(text.slice(at + name.length, text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at)))) return false;
    return !reporting.some((call) => call.start < at && at < call.end);
  });
}

/** The name at `at` is a statement's whole returned value: `return row_count`. */
function onlyReturned(name: string, at: number, text: SourceText): boolean {
  const lineStartAt = text.lastIndexOf('\n', at - 1) + 1;
  const lineEndAt = text.indexOf('\n', at);
  const line = text.slice(lineStartAt, lineEndAt < 0 ? text.length : lineEndAt);
  return new RegExp(`^\\s*return\\s+${name}\\s*(#.*)?$`).test(line);
}

const ERROR_TEXT = /^([A-Za-z_]\w*)\s*=\s*(traceback\.format_exc\(\s*\)|str\(\s*\w+\s*\)|repr\(\s*\w+\s*\))$/;

/** `tb = traceback.format_exc()` / `msg = str(e)` whose name the failure-status return reads. */
function formatsError(statement: BlockStatementFact, last: BlockStatementFact, text: SourceText): boolean {
  const match = ERROR_TEXT.exec(text.slice(statement.exprStart, statement.exprEnd).trim());
  if (!match || last.type !== 'return_statement') return false;
  const returned = text.slice(last.exprStart, last.exprEnd);
  return isFailureStatus(returned) && wordOccurrences(returned, match[1], 0, returned.length).length > 0;
}
