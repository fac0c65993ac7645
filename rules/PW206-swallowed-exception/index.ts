// PW206 swallowed-exception: a broad handler (`except:`, `except Exception:`,
// `except BaseException:`, or a tuple holding one) whose whole body drops the error — `pass`,
// `...`, `continue`, `return None`/a constant — in pipeline code. The finding sits on the
// statement that drops the error. A handler that only print()s the error (and then passes,
// resets unread names to a constant, continues or returns a default) drops it too: the message
// goes to stdout, the run stays green.
// Fixes: log and re-raise, log and keep going, or send the record to a dead-letter store.

import type { Fix, Rule, RuleContext, TextEdit } from '../../server/src/engine/types';
import type { ArgFact, CallFact, FunctionFact, HandlerFact, LoopFact, StatementFact, TryFact } from '../../server/src/engine/python/facts';
import { groupByFunction, type PythonFacts } from '../../server/src/engine/python/python-facts';
import { classifyIo } from '../../server/src/engine/knowledge';
import { renderSnippet } from '../../server/src/engine/snippets';
import { indentAt, lineStart, ModuleEdits } from '../support/module-edits';
import { wordOccurrences } from '../../server/src/engine/python/words';

const ID = 'PW206';
const TITLE_PREFIX = `Pipewise (${ID}):`;

const BROAD = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);
type Dropping = 'pass' | 'ellipsis' | 'continue' | 'return-none' | 'return-constant';
type Printing = 'print' | 'print-continue' | 'print-return';
type Kind = Dropping | Printing;
const DROPPING = new Set<HandlerFact['body']>(['pass', 'ellipsis', 'continue', 'return-none', 'return-constant']);
/** Modules whose import makes a file pipeline code (besides doing I/O Pipewise recognises). */
const PIPELINE_MODULES = [
  'pandas', 'polars', 'pyspark', 'dask', 'pyarrow', 'duckdb', 'sqlite3', 'sqlalchemy', 'psycopg2', 'psycopg', 'pymysql', 'pymongo', 'redis',
  'snowflake', 'google.cloud', 'boto3', 'requests', 'httpx', 'airflow', 'dagster', 'prefect', 'luigi', 'great_expectations', 'kafka', 'confluent_kafka',
];
/** Best effort: swallowing a failure to close/remove something, or to print/log a warning, is the accepted idiom. */
const BEST_EFFORT_METHODS = new Set([
  'close', 'rollback', 'remove', 'unlink', 'rmtree', 'rmdir', 'dispose', 'shutdown', 'terminate', 'kill', 'cancel', 'stop', 'disconnect', 'quit',
  'cleanup', 'release', 'delete', 'drop_table', 'drop_tables',
  'print', 'debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical',
]);
const CLEANUP_FUNCTIONS = new Set(['__del__', '__exit__', '__aexit__']);
/** Calls that only print: the error reaches a console nobody reads, never the logs or the scheduler. */
const PRINT_CALLS = new Set(['print', 'traceback.print_exc', 'traceback.print_exception']);
/** What may follow the prints in a printing handler: nothing, `pass`, `continue`, `return`, `return <constant>`. */
const PRINT_TAIL = /^(pass|continue|return(\s+(None|True|False|-?\d[\d_.]*|""|''|"[^"\\\n]*"|'[^'\\\n]*'|\[\s*\]|\{\s*\}|\(\s*\)))?)$/;
/** `conn = None` after the prints: resetting a name to a constant, which hides the error only when nothing reads the name afterwards. */
const CONSTANT_ASSIGNMENT = /^([A-Za-z_]\w*)\s*=\s*(None|True|False|-?\d[\d_.]*|""|''|\[\s*\]|\{\s*\})$/;

function isPipelineCode(py: PythonFacts): boolean {
  if (PIPELINE_MODULES.some((module) => py.importsModule(module))) return true;
  return py.calls.some((call) => classifyIo(call, py) !== null);
}

function isBroad(handler: HandlerFact, py: PythonFacts): boolean {
  return handler.types.length === 0 || handler.types.some((t) => BROAD.has(t) || BROAD.has(py.resolveName(t)));
}

function methodOf(callee: string): string {
  return callee.slice(callee.lastIndexOf('.') + 1);
}

/** `try: import x` / `try: conn.close()` / `try: print(warning)`: optional dependencies and best-effort cleanup or reporting. */
function isAcceptedIdiom(t: TryFact, py: PythonFacts): boolean {
  if (t.fn && CLEANUP_FUNCTIONS.has(t.fn.name)) return true;
  const calls = py.callsIn(t.bodyStart, t.bodyEnd);
  if (calls.length === 0) return py.imports.some((i) => i.start >= t.bodyStart && i.start < t.bodyEnd);
  return calls.every((call) => BEST_EFFORT_METHODS.has(methodOf(call.callee)));
}

interface PrintingBody {
  /** The top-level print calls, in order. */
  prints: CallFact[];
  /** What the body does after printing. */
  kind: 'print' | 'print-continue' | 'print-return';
  /** From the first print to the end of the last statement. */
  span: { start: number; end: number };
}

function isPrintCall(call: CallFact, py: PythonFacts): boolean {
  if (call.callee === 'print') return !py.bindings.has('print');
  return PRINT_CALLS.has(py.resolveCall(call));
}

/**
 * A handler body made only of print() calls, optionally followed by `pass`, `continue` or a
 * constant return: `except Exception as e: print(e)`. Null for anything else (a raise, a log
 * call, an assignment, `break`, a nested try…).
 */
function printingBody(handler: HandlerFact, fn: FunctionFact | null, py: PythonFacts, text: string): PrintingBody | null {
  if (handler.body !== 'other') return null;
  const calls = py.callsIn(handler.bodyStart, handler.bodyEnd);
  if (calls.length === 0) return null;
  const printing = calls.filter((call) => isPrintCall(call, py));
  const prints = printing.filter((call) => !printing.some((p) => p !== call && p.start <= call.start && call.end <= p.end));
  if (prints.length === 0) return null;
  // Every other call must sit inside a print's arguments (`print(f"{datetime.now()}: {e}")`).
  if (!calls.every((call) => prints.some((p) => p.start <= call.start && call.end <= p.end))) return null;
  prints.sort((a, b) => a.start - b.start);
  // What is left once the prints and comments are blanked out must be trivial statements.
  let rest = '';
  let cursor = handler.bodyStart;
  for (const p of prints) {
    rest += text.slice(cursor, p.start) + '\u0000';
    cursor = p.end;
  }
  rest += text.slice(cursor, handler.bodyEnd);
  const statements = rest.replace(/#[^\n]*/g, '').split(/[\n;]/).map((s) => s.trim()).filter((s) => s !== '');
  let tail: string | null = null;
  let resets = false;
  const scopeEnd = fn ? fn.bodyEnd : text.length;
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    if (statement === '\u0000') {
      if (tail !== null || resets) return null;
      continue;
    }
    const reset = CONSTANT_ASSIGNMENT.exec(statement);
    if (reset && tail === null) {
      // `conn = None` that a later `if conn is None:` reads is a sentinel the code checks: not swallowed.
      if (wordOccurrences(text, reset[1], handler.bodyEnd, scopeEnd).length > 0) return null;
      resets = true;
      continue;
    }
    if (i !== statements.length - 1 || !PRINT_TAIL.test(statement)) return null;
    tail = statement;
  }
  const last = prints[prints.length - 1];
  let end = last.end;
  const final = statements[statements.length - 1];
  if (final !== '\u0000') {
    const at = text.lastIndexOf(final, handler.bodyEnd - final.length);
    if (at < last.end) return null;
    end = at + final.length;
  }
  const kind = tail === 'continue' ? 'print-continue' : tail !== null && tail.startsWith('return') ? 'print-return' : 'print';
  return { prints, kind, span: { start: prints[0].start, end } };
}

/** The statement that drops the error: `pass`, `continue`, `...` or the return statement. */
function droppingStatement(handler: HandlerFact, returns: readonly StatementFact[], text: string): { start: number; end: number } | null {
  const body = text.slice(handler.bodyStart, handler.bodyEnd);
  const lead = /^\s*/.exec(body)?.[0].length ?? 0;
  const start = handler.bodyStart + lead;
  switch (handler.body) {
    case 'pass': return { start, end: start + 4 };
    case 'continue': return { start, end: start + 8 };
    case 'ellipsis': return { start, end: start + 3 };
    case 'return-none':
    case 'return-constant': {
      const statement = returns.find((s) => s.start >= handler.bodyStart && s.start < handler.bodyEnd);
      return statement ? { start: statement.start, end: statement.end } : null;
    }
    default: return null;
  }
}

function ownerName(fn: FunctionFact | null): string {
  if (!fn) return '';
  return fn.className ? `${fn.className}.${fn.name}` : fn.name;
}

function handlerLabel(handler: HandlerFact, text: string): string {
  if (handler.types.length === 0) return 'A bare except';
  const header = text.slice(handler.start, handler.bodyStart);
  const colon = headerColon(header);
  const clause = header.slice(0, colon < 0 ? header.length : colon).replace(/\s+as\s+\w+\s*$/, '').replace(/\s+/g, ' ').trim();
  return `"${clause}"`;
}

function messageFor(kind: Kind, handler: HandlerFact, fn: FunctionFact | null, text: string): string {
  const where = fn ? ` in ${ownerName(fn)}()` : ' at module level';
  const label = handlerLabel(handler, text);
  switch (kind) {
    case 'print':
      return `${label}${where} only prints the error and carries on, so the run still succeeds; log it with logger.exception() and re-raise, or send the record to a dead-letter store`;
    case 'print-continue':
      return `${label}${where} only prints the error and skips the record; log it with logger.exception() or send the record to a dead-letter store before moving on`;
    case 'print-return':
      return `${label}${where} only prints the error and returns a default value; log it with logger.exception() and re-raise, or catch only the errors you expect`;
    case 'continue':
      return `${label}${where} skips the record without a trace; log the error with logger.exception() or send the record to a dead-letter store before moving on`;
    case 'return-none':
    case 'return-constant':
      return `${label}${where} turns every error into a default return value; log it with logger.exception() and re-raise, or catch only the errors you expect`;
    default:
      return `${label}${where} swallows every error; log it with logger.exception() and re-raise, or send the record to a dead-letter store`;
  }
}

// ---------------------------------------------------------------------------------------------
// Fixes

/** Offset of the `:` that ends an except header (`except (A, B) as e:`), relative to the header. */
function headerColon(header: string): number {
  let depth = 0;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ':' && depth === 0) return i;
  }
  return -1;
}

interface Site {
  handler: HandlerFact;
  statement: { start: number; end: number };
  fn: FunctionFact | null;
  text: string;
}

/** Replaces the dropping statement with `lines`, on their own lines at the body's indentation (also for `except Exception: pass`). */
function replaceStatement(site: Site, lines: string[]): TextEdit {
  const { text, statement, handler } = site;
  const ownLine = text.slice(lineStart(text, statement.start), statement.start).trim() === '';
  if (ownLine) {
    const indent = indentAt(text, statement.start);
    return { start: statement.start, end: statement.end, newText: lines.join(`\n${indent}`) };
  }
  const handlerIndent = indentAt(text, handler.start);
  const indent = handlerIndent + (handlerIndent.includes('\t') ? '\t' : '    ');
  const colon = handler.start + headerColon(text.slice(handler.start, statement.start));
  return { start: colon + 1, end: statement.end, newText: lines.map((line) => `\n${indent}${line}`).join('') };
}

function logMessage(kind: Dropping, fn: FunctionFact | null, reraise: boolean): string {
  const where = fn ? ` in ${ownerName(fn)}` : '';
  if (reraise) return `Unexpected error${where}`;
  switch (kind) {
    case 'continue': return `Skipping an item after an error${where}`;
    case 'return-none':
    case 'return-constant': return `Error${where}; returning a default`;
    default: return `Ignoring an error${where}`;
  }
}

function logFixes(site: Site, kind: Dropping, module: ModuleEdits): Fix[] {
  const logger = module.moduleLogger();
  if (!logger) return [];
  const statementText = site.text.slice(site.statement.start, site.statement.end);
  const log = (reraise: boolean) => `${logger.name}.exception("${logMessage(kind, site.fn, reraise)}")`;
  const reraise: Fix = {
    title: `${TITLE_PREFIX} Log the error and re-raise it`,
    edits: [...logger.edits, replaceStatement(site, [log(true), 'raise'])],
    safe: false,
    preferred: kind !== 'continue',
  };
  const keepGoing: Fix = {
    title: `${TITLE_PREFIX} Log the error and keep going`,
    edits: [...logger.edits, replaceStatement(site, kind === 'pass' || kind === 'ellipsis' ? [log(false)] : [log(false), statementText])],
    safe: true,
    preferred: kind === 'continue',
  };
  return kind === 'continue' ? [keepGoing, reraise] : [reraise, keepGoing];
}

/** The log call that replaces a handler's prints: the one printed message when there is one, else a generated one. */
function printLogCall(site: Site, body: PrintingBody, loggerName: string, reraise: boolean): string {
  const only = body.prints.length === 1 ? body.prints[0] : null;
  const args = only ? only.args.filter((a: ArgFact) => !(a.kind === 'keyword' && a.name === 'file')) : [];
  if (only && only.callee === 'print' && args.length === 1 && args[0].kind === 'positional') {
    return `${loggerName}.exception(${site.text.slice(args[0].start, args[0].end)})`;
  }
  const kind: Dropping = body.kind === 'print-continue' ? 'continue' : body.kind === 'print-return' ? 'return-constant' : 'pass';
  return `${loggerName}.exception("${logMessage(kind, site.fn, reraise)}")`;
}

function printFixes(site: Site, body: PrintingBody, module: ModuleEdits): Fix[] {
  const logger = module.moduleLogger();
  if (!logger) return [];
  const last = body.prints[body.prints.length - 1];
  const tail = site.text.slice(last.end, body.span.end).trim();
  const reraise: Fix = {
    title: `${TITLE_PREFIX} Log the error instead of printing it and re-raise it`,
    edits: [...logger.edits, replaceStatement(site, [printLogCall(site, body, logger.name, true), 'raise'])],
    safe: false,
    preferred: body.kind !== 'print-continue',
  };
  const keepGoing: Fix = {
    title: `${TITLE_PREFIX} Log the error instead of printing it and keep going`,
    edits: [...logger.edits, replaceStatement(site, [printLogCall(site, body, logger.name, false), ...(tail === '' || tail === 'pass' ? [] : [tail])])],
    safe: true,
    preferred: body.kind === 'print-continue',
  };
  return body.kind === 'print-continue' ? [keepGoing, reraise] : [reraise, keepGoing];
}

/** The `for` loop over records around the try, in the same function: `for row in rows:` → `row`. */
function recordLoop(t: TryFact, loops: readonly LoopFact[]): { loop: LoopFact; record: string } | null {
  let best: LoopFact | null = null;
  for (const loop of loops) {
    if (loop.kind !== 'for' || t.start < loop.bodyStart || t.end > loop.bodyEnd) continue;
    if (!best || loop.start > best.start) best = loop;
  }
  if (!best || best.iterable === 'range()') return null;
  const record = /([A-Za-z_]\w*)\s*\)?\s*$/.exec(best.target)?.[1];
  return record && record !== '_' ? { loop: best, record } : null;
}

function freeAlias(py: PythonFacts, fn: FunctionFact | null): string {
  const taken = (name: string) => (fn?.params.includes(name) ?? false) || py.lastAssignment(name, fn, Number.MAX_SAFE_INTEGER) !== undefined;
  return ['exc', 'error', 'dead_letter_error'].find((name) => !taken(name)) ?? 'dead_letter_error';
}

let deadLetterHelper: string | undefined;

/** The helper and its imports, computed once per check (null when a name it needs is taken). */
function deadLetterSetup(module: ModuleEdits, offset: number): TextEdit[] | null {
  if (module.topLevelFunction('write_dead_letter')) return [];
  const json = module.importEdits(['json']);
  const clock = module.fromImportEdits('datetime', ['datetime', 'timezone']);
  if (!json || !clock) return null;
  const imports = [...json, ...clock];
  const helper = module.helperEdit(offset, (deadLetterHelper ??= renderSnippet('pw-dead-letter')), imports);
  return helper ? [...imports, helper] : null;
}

function deadLetterFix(site: Site, kind: Dropping, t: TryFact, index: CheckIndex): Fix | null {
  if (kind !== 'pass' && kind !== 'continue') return null;
  const loop = recordLoop(t, index.loopsOf(t.fn));
  if (!loop) return null;
  const { text, handler } = site;
  const setup = index.deadLetterSetup(handler.start);
  if (!setup) return null;
  const edits: TextEdit[] = [...setup];
  let alias = handler.alias;
  if (!alias) {
    alias = freeAlias(index.module.py, site.fn);
    const colon = handler.start + headerColon(text.slice(handler.start, handler.bodyStart));
    if (handler.types.length === 0) edits.push({ start: handler.start + 'except'.length, end: colon, newText: ` BaseException as ${alias}` });
    else {
      const typesEnd = handler.start + text.slice(handler.start, colon).trimEnd().length;
      edits.push({ start: typesEnd, end: typesEnd, newText: ` as ${alias}` });
    }
  }
  const call = `write_dead_letter(${loop.record}, ${alias})`;
  edits.push(replaceStatement(site, kind === 'continue' ? [call, 'continue'] : [call]));
  return { title: `${TITLE_PREFIX} Send the failed record to a dead-letter file`, edits, safe: false };
}

// ---------------------------------------------------------------------------------------------

/** Per-check lookups: loops and return statements by function, the logger, the dead-letter helper. */
class CheckIndex {
  readonly module: ModuleEdits;
  private loops: Map<FunctionFact | null, LoopFact[]> | undefined;
  private returns: Map<FunctionFact | null, StatementFact[]> | undefined;
  private setup: { before: number; edits: TextEdit[] | null } | undefined;

  constructor(readonly py: PythonFacts, text: string) {
    this.module = new ModuleEdits(py, text);
  }

  loopsOf(fn: FunctionFact | null): LoopFact[] {
    this.loops ??= groupByFunction(this.py.loops);
    return this.loops.get(fn) ?? [];
  }

  returnsOf(fn: FunctionFact | null): StatementFact[] {
    this.returns ??= groupByFunction(this.py.statements.filter((s) => s.kind === 'return'));
    return this.returns.get(fn) ?? [];
  }

  deadLetterSetup(offset: number): TextEdit[] | null {
    // The helper goes before the first statement that needs it; one placement serves every handler after it.
    const before = this.module.chunkAt(offset)?.start ?? offset;
    if (!this.setup || before < this.setup.before) this.setup = { before, edits: deadLetterSetup(this.module, offset) };
    return this.setup.edits;
  }
}


function check(ctx: RuleContext): void {
  const py = ctx.doc.python;
  if (!py || ctx.doc.isTestFile || py.tries.length === 0) return;
  const text = ctx.doc.text;
  let index: CheckIndex | undefined;
  let pipeline: boolean | undefined;
  for (const t of py.tries) {
    for (const handler of t.handlers) {
      const dropping = DROPPING.has(handler.body);
      if (!(dropping || handler.body === 'other') || !isBroad(handler, py)) continue;
      const printing = dropping ? null : printingBody(handler, t.fn, py, text);
      if (!dropping && !printing) continue;
      pipeline ??= isPipelineCode(py);
      if (!pipeline) return;
      if (isAcceptedIdiom(t, py)) continue;
      index ??= new CheckIndex(py, text);
      if (printing) {
        const site: Site = { handler, statement: printing.span, fn: t.fn, text };
        ctx.report({
          start: printing.span.start,
          end: printing.span.end,
          message: messageFor(printing.kind, handler, t.fn, text),
          fixes: printFixes(site, printing, index.module),
          fingerprintText: `${ownerName(t.fn)}|${handlerLabel(handler, text)}|${printing.kind}`,
        });
        continue;
      }
      const statement = droppingStatement(handler, index.returnsOf(t.fn), text);
      if (!statement) continue;
      const kind = handler.body as Dropping;
      const site: Site = { handler, statement, fn: t.fn, text };
      const fixes = logFixes(site, kind, index.module);
      const deadLetter = deadLetterFix(site, kind, t, index);
      if (deadLetter) fixes.push(deadLetter);
      ctx.report({
        start: statement.start,
        end: statement.end,
        message: messageFor(kind, handler, t.fn, text),
        fixes,
        fingerprintText: `${ownerName(t.fn)}|${handlerLabel(handler, text)}|${handler.body}`,
      });
    }
  }
}

export const swallowedException: Rule = {
  meta: {
    id: ID,
    slug: 'swallowed-exception',
    title: 'Swallowed exception',
    priority: 'P2',
    dialects: ['python'],
    rationale: 'A broad handler that passes, continues or returns a default turns failed loads, bad records and outages into silently missing data that nobody notices until a report is wrong.',
    recommendation: 'Log the error with logger.exception() and re-raise, or log and skip the record, or send it to a dead-letter store; catch only the exceptions you expect.',
    fixable: true,
  },
  check,
};
