// PW206's fixes. Every variant stops the handler from swallowing the error, so the fixed code
// re-lints clean: re-raise after logging (the run fails where it failed), log and count the
// records a loop skips (with a summary after the loop), or send the failed record to a
// dead-letter file. Printed messages become `logger.exception(...)` calls on the module logger
// (reused, or created with `import logging`).

import type { Fix, TextEdit } from '../../server/src/engine/types';
import type { ArgFact, FunctionFact, HandlerFact, LoopFact, TryFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { renderSnippet } from '../../server/src/engine/snippets';
import { wordOccurrences } from '../../server/src/engine/python/words';
import { indentAt, lineStart, nextLineStart, ModuleEdits, type ModuleLogger } from '../support/module-edits';
import { headerColon, ownerName } from './messages';
import type { Swallowing } from './handler-outcome';
import type { SourceText } from '../../server/src/engine/source-text';

const TITLE_PREFIX = 'Pipewise (PW206):';

export interface Site {
  t: TryFact;
  handler: HandlerFact;
  swallowing: Swallowing;
  fn: FunctionFact | null;
  text: SourceText;
}

/** How a fix rewrites the handler: lines added before the carrying-on statement, and what replaces it. */
interface BodyPlan {
  /** Lines inserted where the handler carries on (before `continue`/`pass`/the return, or after the last statement). */
  insert: string[];
  /** What replaces `pass`/`continue`/the return; null keeps it. */
  tail: string[] | null;
  /** Turn the prints into one `logger.exception(...)` call. */
  printsToLog: boolean;
  /** Add a `logger.exception(...)` call when the handler reports nothing. */
  logIfSilent: boolean;
}

function generatedMessage(site: Site, purpose: 'reraise' | 'count'): string {
  const where = site.fn ? ` in ${ownerName(site.fn)}` : '';
  return purpose === 'reraise' ? `Unexpected error${where}` : `Skipping a record after an error${where}`;
}

/** `logger.exception(<the printed message>)` for a single `print(message)`, else a generated message. */
function logLine(site: Site, logger: ModuleLogger, purpose: 'reraise' | 'count'): string {
  const prints = site.swallowing.prints;
  const only = prints.length === 1 ? prints[0] : null;
  const args = only ? only.args.filter((a: ArgFact) => !(a.kind === 'keyword' && (a.name === 'file' || a.name === 'flush'))) : [];
  if (only && only.callee === 'print' && args.length === 1 && args[0].kind === 'positional') {
    return `${logger.name}.exception(${site.text.slice(args[0].start, args[0].end)})`;
  }
  return `${logger.name}.exception("${generatedMessage(site, purpose)}")`;
}

function isOneLiner(site: Site): boolean {
  const first = site.swallowing.statements[0];
  return site.text.slice(lineStart(site.text, first.start), first.start).trim() !== '';
}

function bodyIndent(site: Site): string {
  if (!isOneLiner(site)) return indentAt(site.text, site.swallowing.statements[0].start);
  const handlerIndent = indentAt(site.text, site.handler.start);
  return handlerIndent + (handlerIndent.includes('\t') ? '\t' : '    ');
}

/** The edits that rewrite the handler's body by `plan`, keeping comments and the statements it does not touch. */
function bodyEdits(site: Site, plan: BodyPlan, logger: ModuleLogger, purpose: 'reraise' | 'count'): TextEdit[] {
  const { text, swallowing } = site;
  const indent = bodyIndent(site);
  const firstPrint = swallowing.prints[0];
  const insert = [...(plan.logIfSilent && swallowing.report === 'none' ? [logLine(site, logger, purpose)] : []), ...plan.insert];
  const tail = swallowing.tail;
  const tailLines = tail ? plan.tail ?? [text.slice(tail.start, tail.end)] : plan.tail ?? [];
  if (isOneLiner(site)) {
    const lines: string[] = [];
    for (const statement of swallowing.statements) {
      if (statement === tail) continue;
      const printed = plan.printsToLog && swallowing.prints.find((p) => p.start === statement.exprStart);
      if (printed) {
        if (printed === firstPrint) lines.push(logLine(site, logger, purpose));
        continue;
      }
      lines.push(text.slice(statement.start, statement.end));
    }
    lines.push(...insert, ...tailLines);
    const colon = site.handler.start + headerColon(text.slice(site.handler.start, site.handler.bodyStart));
    const last = swallowing.statements[swallowing.statements.length - 1];
    return [{ start: colon + 1, end: last.end, newText: lines.map((line) => `\n${indent}${line}`).join('') }];
  }
  const edits: TextEdit[] = [];
  if (plan.printsToLog) {
    for (const p of swallowing.prints) {
      if (p === firstPrint) edits.push({ start: p.start, end: p.end, newText: logLine(site, logger, purpose) });
      else edits.push({ start: lineStart(text, p.start), end: nextLineStart(text, p.end), newText: '' });
    }
  }
  const added = [...insert, ...tailLines];
  if (tail) {
    // A lone `pass` with nothing added in its place stays (the block needs a statement).
    edits.push({ start: tail.start, end: tail.end, newText: added.length > 0 ? added.join(`\n${indent}`) : text.slice(tail.start, tail.end) });
  } else {
    const last = swallowing.statements[swallowing.statements.length - 1];
    edits.push({ start: last.end, end: last.end, newText: added.map((line) => `\n${indent}${line}`).join('') });
  }
  return edits;
}

/** Log (unless it already does) and re-raise: the run fails where the error happened. */
function reraiseFix(site: Site, logger: ModuleLogger): Fix {
  const converts = site.swallowing.report === 'print';
  return {
    title: `${TITLE_PREFIX} ${site.swallowing.report === 'log' ? 'Re-raise the error after logging it' : converts ? 'Log the error instead of printing it and re-raise it' : 'Log the error and re-raise it'}`,
    edits: [...logger.edits, ...bodyEdits(site, { insert: [], tail: ['raise'], printsToLog: converts, logIfSilent: true }, logger, 'reraise')],
    safe: false,
    preferred: site.swallowing.carry !== 'continue',
  };
}

/** The innermost `for` loop of the same function around the try. */
function enclosingLoop(t: TryFact, loops: readonly LoopFact[]): LoopFact | null {
  let best: LoopFact | null = null;
  for (const loop of loops) {
    if (loop.kind !== 'for' || t.start < loop.bodyStart || t.end > loop.bodyEnd) continue;
    if (!best || loop.start > best.start) best = loop;
  }
  return best;
}

function isTaken(py: PythonFacts, text: SourceText, fn: FunctionFact | null, name: string): boolean {
  if (fn?.params.includes(name)) return true;
  const [from, to] = fn ? [fn.bodyStart, fn.bodyEnd] : [0, text.length];
  return wordOccurrences(text, name, from, to).length > 0 || py.bindings.has(name);
}

/** Log and count the records the loop skips, with a summary after the loop: control flow stays the same. */
function countFix(site: Site, loop: LoopFact, py: PythonFacts, logger: ModuleLogger): Fix | null {
  if (site.swallowing.carry === 'return-default') return null;
  const counter = ['skipped_records', 'failed_records', 'skipped_count'].find((name) => !isTaken(py, site.text, site.fn, name));
  if (!counter) return null;
  const { text } = site;
  const loopIndent = indentAt(text, loop.start);
  const summary = logger.stdlib
    ? `${logger.name}.warning("Skipped %d records after errors", ${counter})`
    : `${logger.name}.warning(f"Skipped {${counter}} records after errors")`;
  const tail = site.swallowing.carry === 'continue' ? ['continue'] : [];
  return {
    title: `${TITLE_PREFIX} Log and count the skipped records`,
    edits: [
      ...logger.edits,
      { start: loop.start, end: loop.start, newText: `${counter} = 0\n${loopIndent}` },
      ...bodyEdits(site, { insert: [`${counter} += 1`], tail, printsToLog: site.swallowing.report === 'print', logIfSilent: true }, logger, 'count'),
      { start: loop.end, end: loop.end, newText: `\n${loopIndent}if ${counter}:\n${loopIndent}    ${summary}` },
    ],
    safe: true,
    preferred: site.swallowing.carry === 'continue',
  };
}

function freeAlias(py: PythonFacts, text: SourceText, fn: FunctionFact | null): string {
  return ['exc', 'error', 'dead_letter_error'].find((name) => !isTaken(py, text, fn, name)) ?? 'dead_letter_error';
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

/** Send the failed record to a dead-letter file before moving on (a `for` loop over records). */
function deadLetterFix(site: Site, loop: LoopFact, index: FixIndex): Fix | null {
  if (site.swallowing.carry === 'return-default' || loop.iterable === 'range()') return null;
  const record = /(?<!\w)([A-Za-z_]\w*)\s*(?:\)\s*)?$/.exec(loop.target)?.[1];
  if (!record || record === '_') return null;
  const { text, handler } = site;
  const setup = index.deadLetterSetup(handler.start);
  if (!setup) return null;
  const edits: TextEdit[] = [...setup];
  let alias = handler.alias;
  if (!alias) {
    alias = freeAlias(index.module.py, text, site.fn);
    const colon = handler.start + headerColon(text.slice(handler.start, handler.bodyStart));
    if (handler.types.length === 0) edits.push({ start: handler.start + 'except'.length, end: colon, newText: ` BaseException as ${alias}` });
    else {
      const typesEnd = handler.start + text.slice(handler.start, colon).trimEnd().length;
      edits.push({ start: typesEnd, end: typesEnd, newText: ` as ${alias}` });
    }
  }
  const tail = site.swallowing.carry === 'continue' ? ['continue'] : [];
  const plan: BodyPlan = { insert: [`write_dead_letter(${record}, ${alias})`], tail, printsToLog: false, logIfSilent: false };
  edits.push(...bodyEdits(site, plan, index.logger, 'count'));
  return { title: `${TITLE_PREFIX} Send the failed record to a dead-letter file`, edits, safe: false };
}

/** Per-check lookups for fixes: the module's edits, loops by function, the dead-letter helper. */
export class FixIndex {
  readonly module: ModuleEdits;
  /** For plans that log nothing new: never rendered. */
  readonly logger: ModuleLogger = { name: 'logger', edits: [], stdlib: true };
  private loops: Map<FunctionFact | null, LoopFact[]> | undefined;
  private setup: { before: number; edits: TextEdit[] | null } | undefined;

  constructor(readonly py: PythonFacts, text: SourceText) {
    this.module = new ModuleEdits(py, text);
  }

  loopsOf(fn: FunctionFact | null): LoopFact[] {
    if (!this.loops) {
      this.loops = new Map();
      for (const loop of this.py.loops) {
        const list = this.loops.get(loop.fn);
        if (list) list.push(loop);
        else this.loops.set(loop.fn, [loop]);
      }
    }
    return this.loops.get(fn) ?? [];
  }

  deadLetterSetup(offset: number): TextEdit[] | null {
    // The helper goes before the first statement that needs it; one placement serves every handler after it.
    const before = this.module.chunkAt(offset)?.start ?? offset;
    if (!this.setup || before < this.setup.before) this.setup = { before, edits: deadLetterSetup(this.module, offset) };
    return this.setup.edits;
  }
}

export function fixesFor(site: Site, index: FixIndex): Fix[] {
  const logger = index.module.moduleLogger();
  if (!logger) return [];
  const fixes: Fix[] = [reraiseFix(site, logger)];
  const loop = site.swallowing.carry === 'return-default' ? null : enclosingLoop(site.t, index.loopsOf(site.fn));
  if (loop) {
    const count = countFix(site, loop, index.py, logger);
    if (count) fixes.push(count);
    const deadLetter = deadLetterFix(site, loop, index);
    if (deadLetter) fixes.push(deadLetter);
  }
  return fixes.sort((a, b) => Number(b.preferred ?? false) - Number(a.preferred ?? false));
}
