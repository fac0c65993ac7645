// PW103's fix: a retry decorator above `def` (tenacity when the module already uses it, else the
// stdlib `pw-retry` helper inserted once after the imports).

import type { Fix, TextEdit } from '../../server/src/engine/types';
import type { FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { renderSnippet } from '../../server/src/engine/snippets';
import { indentAt, lineStart, ModuleEdits, nextLineStart } from '../support/module-edits';
import type { IoSite } from './io-sites';

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
function decoratorEdit(text: string, fn: FunctionFact, decorator: string): TextEdit {
  const indent = indentAt(text, fn.nameStart);
  const at = lineStart(text, fn.nameStart) + indent.length;
  return { start: at, end: at, newText: `${decorator}\n${indent}` };
}

function isAsync(text: string, fn: FunctionFact): boolean {
  return /^\s*async\s+def\b/.test(text.slice(lineStart(text, fn.nameStart), fn.nameStart));
}

function tenacityFix(module: ModuleEdits, fn: FunctionFact): Fix | null {
  const { py, text } = module;
  const missing: string[] = [];
  for (const name of TENACITY_NAMES) {
    const bound = module.binding(name);
    if (bound === `tenacity.${name}`) continue;
    if (bound !== null) return null; // the name means something else here
    missing.push(name);
  }
  const edits: TextEdit[] = [];
  if (missing.length > 0) {
    const lastTenacity = py.imports.filter((i) => i.topLevel && (i.module === 'tenacity' || i.module.startsWith('tenacity.'))).reduce((end, i) => Math.max(end, i.end), -1);
    if (lastTenacity < 0) return null;
    const at = nextLineStart(text, module.chunkAt(lastTenacity)?.end ?? lastTenacity);
    const needsBreak = at === text.length && !text.endsWith('\n');
    edits.push({ start: at, end: at, newText: `${needsBreak ? '\n' : ''}from tenacity import ${missing.join(', ')}\n` });
  }
  edits.push(decoratorEdit(text, fn, snippet('pw-retry-tenacity')));
  return { title: `${TITLE_PREFIX} Retry ${fn.name}() with tenacity (exponential backoff, 5 attempts)`, edits, safe: false, preferred: true };
}

/**
 * The helper's default `retry_on` (ConnectionError, TimeoutError, OSError) covers requests and
 * urllib failures; database drivers, pandas, cloud SDKs and httpx raise their own exception
 * classes, so for those the decorator retries any exception (as tenacity's default does).
 */
function stdlibDecorator(py: PythonFacts, sites: IoSite[]): string {
  const osErrorsOnly = sites.every(({ call, kind }) => kind === 'http' && /^(requests|urllib)\b/.test(py.resolveCall(call)));
  return osErrorsOnly ? '@retry()' : '@retry(retry_on=(Exception,))';
}

function stdlibFix(module: ModuleEdits, fn: FunctionFact, sites: IoSite[]): Fix | null {
  const { py, text } = module;
  if (isAsync(text, fn)) return null; // the helper wraps plain functions only
  const edits: TextEdit[] = [];
  // The module may already hold the `pw-retry` helper (a top-level `def retry(attempts=…)`).
  const hasHelper = module.topLevelFunction('retry')?.params.includes('attempts') ?? false;
  if (!hasHelper) {
    if (module.binding('retry') !== null) return null;
    const imports = module.importEdits(['functools', 'random', 'time']);
    if (!imports) return null;
    const helper = module.helperEdit(fn.start, snippet('pw-retry'), imports);
    if (!helper) return null;
    edits.push(...imports, helper);
  }
  edits.push(decoratorEdit(text, fn, stdlibDecorator(py, sites)));
  return { title: `${TITLE_PREFIX} Retry ${fn.name}() with a small backoff helper (5 attempts)`, edits, safe: false, preferred: true };
}

export function fixesFor(module: ModuleEdits, fn: FunctionFact, sites: IoSite[]): Fix[] {
  if (fn.decorators.some((d) => GENERATOR_WRAPPERS.test(module.py.resolveName(d)))) return [];
  const fix = (module.py.importsModule('tenacity') ? tenacityFix(module, fn) : null) ?? stdlibFix(module, fn, sites);
  return fix ? [fix] : [];
}
