// PW204 no-logging: a pipeline stage (a module that reads or writes data) that reports only with
// print() or not at all. One finding per module: on the first print() call, else on the first
// I/O call. The fix turns the prints into calls on a module logger.
// What counts as a stage is judged as a reviewer would (support/stage-shape.ts): prints are not
// reported in scripts whose console output is their interface (interactive, diagnostic, or a
// script that only reads and shows what it read, set-up tooling, command-line tools), in code a
// platform that keeps prints as the run's log runs (an Airflow task, a Dagster op, a Databricks or
// Glue job, a Lambda handler, a Prefect flow with `log_prints=True`: support/stage-shape-runs.ts), or in dashboards and web
// apps; code no pipeline of the project runs, configuration modules, code generators and
// illustrative skeletons are no stages; a module that reports nothing is reported where it moves
// data, not where it only looks up metadata, nor in data-access classes, thin read wrappers or
// helper modules whose callers report. Not in Jupyter notebooks: a notebook's cell outputs are the
// record of its run (Papermill writes them into the executed notebook, Databricks keeps them per job run).

import type { Fix, Rule, RuleContext, TextEdit } from '../server/src/engine/types';
import type { ArgFact, CallFact, StringFact } from '../server/src/engine/python/facts';
import { VersionedCache, type PythonFacts } from '../server/src/engine/python/python-facts';
import type { ChunkFacts } from '../server/src/engine/python/facts';
import { appKindOf, isDeclarativePipelineDecorator, looksUpMetadata, methodOf, recordsDagsterRunMetadata } from '../server/src/engine/knowledge';
import { isJupyterNotebookPath } from '../server/src/engine/notebook/notebook-facts';
import { ModuleEdits, type ModuleLogger } from './support/module-edits';
import { isLogCall, isLoggerFactoryCall, isLoggingConfiguration } from './support/logging-calls';
import { isCommandLineTool, isUserFacingScript, sendsMessagesToStderr } from './support/script-audience';
import {
  definesSchemaOnly, generatesCodeOnly, hasOrchestratedUnits, isConfigurationModule, isDataAccessOnly, isNonStageDefinition, isScript, isSkeleton, isThinReader,
  onlyReads, stageIoCalls, startsOnItsOwn,
} from './support/stage-shape';
import { pipelineRoleOf, printsLoggedIn } from './support/stage-shape-runs';
import type { SourceText } from '../server/src/engine/source-text';

const ID = 'PW204';
const TITLE_PREFIX = `Pipewise (${ID}):`;

const STRING_SHAPES = new Set(['literal', 'fstring', 'percent-format', 'format-call', 'concat', 'join']);
const SIMPLE_FIELD = /^\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*(?:!([rsa])\s*)?$/;

const statementLogs = new VersionedCache<ChunkFacts, boolean>();

/** The module logs: a call that writes a log record, a logger it creates, or the logging set-up of the program it starts. */
function usesLogging(py: PythonFacts): boolean {
  // Per statement, kept while it and the imports are unchanged: most modules answer at their top.
  for (const chunk of py.rawChunks) {
    let logs = statementLogs.get(chunk, py.resolutionVersion);
    if (logs === undefined) statementLogs.set(chunk, py.resolutionVersion, (logs = callsLog(py.settled(chunk).calls, py)));
    if (logs) return true;
  }
  return false;
}

function callsLog(calls: readonly CallFact[], py: PythonFacts): boolean {
  return calls.some((call) => isLogCall(call, py) || isLoggerFactoryCall(call) || isLoggingConfiguration(call, py) || recordsRunMetadata(call, py));
}

/** Dagster output metadata (`context.add_output_metadata`, `MaterializeResult(metadata=…)`): kept with every materialization. */
function recordsRunMetadata(call: CallFact, py: PythonFacts): boolean {
  const keywords = call.args.flatMap((arg) => (arg.kind === 'keyword' && arg.name ? [arg.name] : []));
  return recordsDagsterRunMetadata(py.resolveCall(call), methodOf(call.callee), keywords);
}

function isBuiltinPrint(call: CallFact, py: PythonFacts): boolean {
  return call.callee === 'print' && !py.bindings.has('print');
}

/** `print(..., file=handle)` writes a file; only prints to the console (or stdout/stderr) report progress. */
function printsToConsole(call: CallFact, text: SourceText): boolean {
  const file = call.args.find((a) => a.kind === 'keyword' && a.name === 'file');
  return !file || /^(sys\.)?(stdout|stderr)$/.test(text.slice(file.start, file.end).trim());
}

function baseName(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() || path;
}

// ---------------------------------------------------------------------------------------------
// print(...) → logger.info(...)

interface Piece {
  literal?: string;
  argument?: string;
  placeholder?: string;
}

/** An f-string whose fields are plain names/attributes (optionally `!r`): `f"Extracted {count} rows"`. */
function simpleFString(str: StringFact, text: SourceText): Piece[] | null {
  if (!str.isFString || str.isBytes) return null;
  const pieces: Piece[] = [];
  let cursor = str.contentStart;
  for (const field of str.interpolations) {
    const match = SIMPLE_FIELD.exec(text.slice(field.start + 1, field.end - 1));
    if (!match) return null;
    pieces.push({ literal: unbrace(text.slice(cursor, field.start)) });
    pieces.push({ placeholder: `%${match[2] ?? 's'}`, argument: match[1] });
    cursor = field.end;
  }
  pieces.push({ literal: unbrace(text.slice(cursor, str.contentEnd)) });
  return pieces;
}

function unbrace(literal: string): string {
  return literal.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
}

function render(pieces: Piece[]): { format: string; args: string[] } {
  const args = pieces.filter((p) => p.argument !== undefined).map((p) => p.argument!);
  const format = pieces.map((p) => (p.literal !== undefined ? (args.length > 0 ? p.literal.replace(/%/g, '%%') : p.literal) : p.placeholder)).join('');
  return { format, args };
}

function isLiteralValue(arg: ArgFact, value: string): boolean {
  return arg.string !== null && !arg.string.isFString && arg.string.value === value;
}

/** `logger.info(...)` text for a print call, or null when the print does something logging would change (end="", sep="-", file=handle). */
function convertPrint(call: CallFact, text: SourceText, py: PythonFacts, logger: ModuleLogger): string | null {
  let level = 'info';
  const positional: ArgFact[] = [];
  let sep: ArgFact | null = null;
  for (const arg of call.args) {
    if (arg.kind === 'list-splat' || arg.kind === 'dict-splat') return null;
    if (arg.kind === 'positional') {
      positional.push(arg);
      continue;
    }
    const value = text.slice(arg.start, arg.end).trim();
    if (arg.name === 'flush') continue;
    if (arg.name === 'end' && isLiteralValue(arg, '\n')) continue;
    if (arg.name === 'sep') {
      sep = arg;
      continue;
    }
    if (arg.name === 'file' && /^(sys\.)?stderr$/.test(value)) level = 'error';
    else if (!(arg.name === 'file' && /^(sys\.)?stdout$/.test(value))) return null;
  }
  if (positional.length === 0) return null;
  if (sep && positional.length > 1 && !isLiteralValue(sep, ' ')) return null;
  const head = `${logger.name}.${level}(`;
  if (positional.length === 1) {
    const only = positional[0];
    const str = only.string;
    if (logger.stdlib && str) {
      const pieces = simpleFString(str, text);
      if (pieces) {
        const { format, args } = render(pieces);
        const prefix = str.prefix.replace(/[fF]/g, '');
        return `${head}${prefix}${str.quote}${format}${str.quote}${args.map((a) => `, ${a}`).join('')})`;
      }
    }
    const percent = logger.stdlib ? percentFormat(only, py, text) : null;
    if (percent) return `${head}${percent})`;
    const argText = text.slice(only.start, only.end);
    if (only.nodeType === 'string' || only.nodeType === 'concatenated_string' || STRING_SHAPES.has(only.shape.kind)) return `${head}${argText})`;
    return logger.stdlib ? `${head}"%s", ${argText})` : null;
  }
  if (!logger.stdlib) return null;
  const firstLiteral = positional.map((a) => a.string).find((s) => s !== null && !s.isFString);
  const quote = firstLiteral && firstLiteral.quote.length === 1 ? firstLiteral.quote : '"';
  const pieces: Piece[] = [];
  positional.forEach((arg, index) => {
    if (index > 0) pieces.push({ literal: ' ' });
    const str = arg.string;
    const inlinable = str !== null && str.quote === quote && str.prefix.replace(/[fFuU]/g, '') === '' && !str.value.includes('\n');
    if (inlinable && !str.isFString) {
      pieces.push({ literal: text.slice(str.contentStart, str.contentEnd) });
      return;
    }
    const fields = inlinable ? simpleFString(str, text) : null;
    if (fields) pieces.push(...fields);
    else pieces.push({ placeholder: '%s', argument: text.slice(arg.start, arg.end) });
  });
  const { format, args } = render(pieces);
  return `${head}${quote}${format}${quote}${args.map((a) => `, ${a}`).join('')})`;
}

/** `"Loaded %d rows" % count` → `"Loaded %d rows", count` (lazy formatting) when only names are spliced in. */
function percentFormat(arg: ArgFact, py: PythonFacts, text: SourceText): string | null {
  if (arg.shape.kind !== 'percent-format' || arg.shape.insertsExpression || arg.shape.inserted.length === 0) return null;
  const literal = py.stringsIn(arg.start, arg.end)[0];
  if (!literal || literal.start !== arg.start || literal.isFString) return null;
  return `${text.slice(literal.start, literal.end)}, ${arg.shape.inserted.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------

function loggingFixes(ctx: RuleContext, py: PythonFacts, prints: CallFact[]): Fix[] {
  const text = ctx.doc.sourceText;
  const module = new ModuleEdits(py, text);
  const logger = module.moduleLogger();
  if (!logger) return [];
  const edits: TextEdit[] = [...logger.edits];
  let converted = 0;
  for (const call of prints) {
    const replacement = convertPrint(call, text, py, logger);
    if (replacement === null) continue;
    edits.push({ start: call.start, end: call.end, newText: replacement });
    converted++;
  }
  // Run as a script, INFO records need a handler: configure one where the script starts.
  const main = logger.stdlib && logger.edits.length > 0 ? module.mainBlockStart() : null;
  const configured = py.calls.some((c) => /^logging\.(basicConfig|config\.dictConfig|config\.fileConfig)$/.test(py.resolveCall(c)));
  if (main && !configured) edits.push({ start: main.at, end: main.at, newText: `logging.basicConfig(level=logging.INFO)\n${main.indent}` });
  const title = converted > 0 ? `${TITLE_PREFIX} Log with ${logger.name}.info instead of print() (${converted} call${converted === 1 ? '' : 's'})` : `${TITLE_PREFIX} Add a module logger`;
  if (edits.length === 0) return [];
  return [{ title, edits, safe: false, preferred: true }];
}

/** Prints are this module's interface or become logs: not a stage reporting with print(). */
function printsAreFine(ctx: RuleContext, py: PythonFacts, ios: readonly CallFact[], prints: readonly CallFact[]): boolean {
  if (isUserFacingScript(ctx.doc.path, py) || isCommandLineTool(prints, ctx.doc.sourceText) || sendsMessagesToStderr(py, ctx.doc.sourceText)) return true;
  // A flow that runs them keeps prints as run logs (Prefect's log_prints).
  const logged = printsLoggedIn(ctx);
  if (prints.every((call) => logged(call.fn))) return true;
  // A script that only reads and prints what it read is a report for the person running it.
  return isScript(py, ctx.doc.sourceText, ios) && !hasOrchestratedUnits(py, ctx.doc.sourceText) && onlyReads(py, ios);
}

/**
 * A module that reports nothing is a finding where it moves data: not where it only looks up
 * metadata (a sensor or a lookup task listing keys), in data-access classes or thin read wrappers
 * whose callers report, or in sensors and schedules.
 */
function isSilentStage(py: PythonFacts, ios: readonly CallFact[], helper: boolean): boolean {
  if (helper) return false;
  const staged = ios.filter((call) => !(call.fn && isNonStageDefinition(call.fn, py)) && !looksUpMetadata(call, py));
  return staged.length > 0 && !isDataAccessOnly(staged) && !isThinReader(staged, py);
}

/**
 * A Databricks notebook that is no stage: one that only reads and displays (setting up a mount,
 * listing a folder, showing a sample file: someone looking around), or a helper notebook other
 * notebooks include with `%run`, which only defines functions and runs none of its own; the
 * notebooks that run those functions are the stages that report.
 */
function isNotebookNoStage(py: PythonFacts, ios: readonly CallFact[]): boolean {
  if (onlyReads(py, ios)) return true;
  if (ios.some((call) => call.fn === null)) return false;
  const own = new Set(py.functions.filter((fn) => fn.parent === null && fn.className === null).map((fn) => fn.name));
  return !py.ownFacts(null).calls.some((call) => own.has(call.callee));
}

/** The module defines datasets of a Databricks declarative pipeline (`@dlt.table`, `@dp.materialized_view`). */
function definesDeclarativeDatasets(py: PythonFacts): boolean {
  return py.functions.some((fn) => fn.decorators.some((d) => isDeclarativePipelineDecorator(py.resolveName(d.replace(/\(.*$/s, '').trim()))));
}

function check(ctx: RuleContext): void {
  const py = ctx.doc.python;
  if (!py || ctx.doc.isTestFile || isJupyterNotebookPath(ctx.doc.path)) return;
  if (usesLogging(py)) return;
  const ios = stageIoCalls(py);
  if (ios.length === 0 || appKindOf(py) !== null) return;
  const text = ctx.doc.sourceText;
  // Code no pipeline of the project runs (a helper nothing calls, a task no flow runs) is no stage;
  // a helper module that pipelines only call through their own code reports through its callers.
  const role = pipelineRoleOf(ctx);
  const ownStart = role === 'started' || startsOnItsOwn(py, text, ios);
  // Imported by run code but called by none of it that the project's reach sees: no stage either.
  if (!ownStart && (role === 'unrun' || role === 'imported')) return;
  if (ctx.doc.databricks && isNotebookNoStage(py, ios)) return;
  // A declarative pipeline's datasets: its event log records every update (knowledge/orchestration.ts).
  if (definesDeclarativeDatasets(py)) return;
  // Not stages either: configuration modules, code generators, schema set-up, documentation snippets and skeletons.
  if (isConfigurationModule(ctx.doc.path) || generatesCodeOnly(py, ios) || definesSchemaOnly(py, ios) || isSkeleton(py, text)) return;
  const prints = py.calls.filter((call) => isBuiltinPrint(call, py) && printsToConsole(call, text));
  const stage = baseName(ctx.doc.path);
  if (prints.length > 0) {
    if (printsAreFine(ctx, py, ios, prints)) return;
    const first = prints[0];
    ctx.report({
      start: first.start,
      end: first.end,
      message: `Stage ${stage} reports only with print(); log through a module logger (logger.info) so every run leaves levelled, timestamped records`,
      fixes: loggingFixes(ctx, py, prints),
      fingerprintText: `print|${stage}`,
    });
    return;
  }
  if (!isSilentStage(py, ios, !ownStart && !hasOrchestratedUnits(py, text))) return;
  const io = ios[0];
  ctx.report({
    start: io.start,
    end: io.end,
    message: `Stage ${stage} reads or writes data but never logs; add a module logger and log what the stage reads and writes`,
    fixes: loggingFixes(ctx, py, []),
    fingerprintText: `io|${stage}`,
  });
}

export const noLogging: Rule = {
  meta: {
    id: ID,
    slug: 'no-logging',
    title: 'Pipeline stage without logging',
    priority: 'P2',
    dialects: ['python'],
    rationale: 'print() output has no level, timestamp or logger name and is lost or interleaved under an orchestrator, so nobody can tell afterwards what a failed run read, wrote or skipped.',
    recommendation: 'Create a module logger (logging.getLogger(__name__)) and log what each stage reads, writes and drops instead of printing.',
    fixable: true,
  },
  check,
};
