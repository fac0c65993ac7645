// PW103's fix: a retry decorator above `def` (tenacity when the module already uses it, else the
// stdlib `pw-retry` helper inserted once after the imports).

import type { Fix, TextEdit } from '../../server/src/engine/types';
import type { FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { renderSnippet } from '../../server/src/engine/snippets';
import { indentAt, lineStart, ModuleEdits, nextLineStart } from '../support/module-edits';
import type { IoSite } from './io-sites';
import type { SourceText } from '../../server/src/engine/source-text';

const TITLE_PREFIX = 'Pipewise (PW103):';
const TENACITY_NAMES = ['retry', 'stop_after_attempt', 'wait_exponential'];
/** Decorators whose wrapped function returns a generator/context manager: a retry decorator around it would not see the I/O. */
const GENERATOR_WRAPPERS = /^(contextlib\.)?(contextmanager|asynccontextmanager)$/;

const rendered = new Map<string, string>();
/** Snippets render the same text every time: once per process. */
function snippet(prefix: string): string {
  let text = rendered.get(prefix);
  if (text === undefined) rendered.set(prefix, (text = renderSnippet(prefix)));
  return text;
}

/** Where the decorator goes: on its own line right above `def` (inside existing decorators, so it wraps the plain function). */
function decoratorEdit(text: SourceText, fn: FunctionFact, decorator: string): TextEdit {
  const indent = indentAt(text, fn.nameStart);
  const at = lineStart(text, fn.nameStart) + indent.length;
  return { start: at, end: at, newText: `${decorator}\n${indent}` };
}

function isAsync(text: SourceText, fn: FunctionFact): boolean {
  return /^\s*async\s+def\b/.test(text.slice(lineStart(text, fn.nameStart), fn.nameStart));
}

/** `from tenacity import …` for the names the tenacity decorator needs; null when a name means something else here. */
function tenacityImports(module: ModuleEdits): TextEdit[] | null {
  const { py, text } = module;
  const missing: string[] = [];
  for (const name of TENACITY_NAMES) {
    const bound = module.binding(name);
    if (bound === `tenacity.${name}`) continue;
    if (bound !== null) return null; // the name means something else here
    missing.push(name);
  }
  if (missing.length === 0) return [];
  const lastTenacity = py.imports.filter((i) => i.topLevel && (i.module === 'tenacity' || i.module.startsWith('tenacity.'))).reduce((end, i) => Math.max(end, i.end), -1);
  if (lastTenacity < 0) return null;
  const at = nextLineStart(text, module.chunkAt(lastTenacity)?.end ?? lastTenacity);
  const needsBreak = at === text.length && !text.endsWith('\n');
  return [{ start: at, end: at, newText: `${needsBreak ? '\n' : ''}from tenacity import ${missing.join(', ')}\n` }];
}

function tenacityFix(module: ModuleEdits, fn: FunctionFact): Fix | null {
  const imports = tenacityImports(module);
  if (!imports) return null;
  const edits = [...imports, decoratorEdit(module.text, fn, snippet('pw-retry-tenacity'))];
  return { title: `${TITLE_PREFIX} Retry ${fn.name}() with tenacity (exponential backoff, 5 attempts)`, edits, safe: false, preferred: true };
}

/**
 * The helper's default `retry_on` (ConnectionError, TimeoutError, OSError) covers requests and
 * urllib failures; database drivers, pandas, cloud SDKs and httpx raise their own exception
 * classes, so for those the decorator retries any exception (as tenacity's default does).
 */
function stdlibDecorator(py: PythonFacts, sites: readonly IoSite[]): string {
  const osErrorsOnly = sites.every(({ call, kind }) => kind === 'http' && /^(requests|urllib)\b/.test(py.resolveCall(call)));
  return osErrorsOnly ? '@retry()' : '@retry(retry_on=(Exception,))';
}

/** The `pw-retry` helper and its imports, inserted after the imports above `before`; [] when the module already has it, null when `retry` is taken. */
function stdlibHelper(module: ModuleEdits, before: number): TextEdit[] | null {
  // The module may already hold the `pw-retry` helper (a top-level `def retry(attempts=…)`).
  if (module.topLevelFunction('retry')?.params.includes('attempts')) return [];
  if (module.binding('retry') !== null) return null;
  const imports = module.importEdits(['functools', 'random', 'time']);
  if (!imports) return null;
  const helper = module.helperEdit(before, snippet('pw-retry'), imports);
  return helper ? [...imports, helper] : null;
}

function stdlibFix(module: ModuleEdits, fn: FunctionFact, sites: IoSite[]): Fix | null {
  if (isAsync(module.text, fn)) return null; // the helper wraps plain functions only
  const helper = stdlibHelper(module, fn.start);
  if (!helper) return null;
  const edits = [...helper, decoratorEdit(module.text, fn, stdlibDecorator(module.py, sites))];
  return { title: `${TITLE_PREFIX} Retry ${fn.name}() with a small backoff helper (5 attempts)`, edits, safe: false, preferred: true };
}

/**
 * A flat script's fix: each unretried I/O call goes through the retry (`psycopg2.connect(dsn)` →
 * `retry(…)(psycopg2.connect)(dsn)`), with tenacity when the module uses it, else the stdlib helper
 * inserted after the imports. Not for awaited calls (the helper retries plain calls only).
 */
export function scriptFixes(module: ModuleEdits, sites: readonly IoSite[]): Fix[] {
  const { py, text } = module;
  if (sites.some(({ call }) => /\bawait\s*$/.test(text.slice(Math.max(0, call.start - 12), call.start)))) return [];
  let setup: TextEdit[] | null = null;
  let wrapper = '';
  let how = '';
  if (py.importsModule('tenacity')) {
    setup = tenacityImports(module);
    wrapper = snippet('pw-retry-tenacity').replace(/^@/, '');
    how = 'tenacity (exponential backoff, 5 attempts)';
  }
  if (!setup) {
    setup = stdlibHelper(module, sites[0].call.start);
    wrapper = stdlibDecorator(py, sites).replace(/^@/, '');
    how = 'a small backoff helper (5 attempts)';
  }
  if (!setup) return [];
  const edits: TextEdit[] = [...setup];
  for (const { call } of sites) {
    edits.push({ start: call.calleeStart, end: call.calleeStart, newText: `${wrapper}(` });
    edits.push({ start: call.calleeEnd, end: call.calleeEnd, newText: ')' });
  }
  return [{ title: `${TITLE_PREFIX} Retry the script's I/O calls with ${how}`, edits, safe: false, preferred: true }];
}

export function fixesFor(module: ModuleEdits, fn: FunctionFact, sites: IoSite[]): Fix[] {
  if (fn.decorators.some((d) => GENERATOR_WRAPPERS.test(module.py.resolveName(d)))) return [];
  const fix = (module.py.importsModule('tenacity') ? tenacityFix(module, fn) : null) ?? stdlibFix(module, fn, sites);
  return fix ? [fix] : [];
}
