// Edits rules share when they rewrite Python: adding an import once, in the place isort and Ruff
// would put it (after the module docstring and `__future__` imports, before the first import).

import type { TextEdit } from '../types';
import type { PythonFacts } from './python-facts';
import type { SourceText } from '../source-text';

/** The file's line ending, so inserted lines match it (CRLF files stay CRLF). */
export function lineEnding(text: SourceText): string {
  const newline = text.indexOf('\n');
  return newline > 0 && text.charAt(newline - 1) === '\r' ? '\r\n' : '\n';
}

/** The edit that adds `import <module>`, or null when the name is already bound to that module. */
export function addImportEdit(py: PythonFacts, text: SourceText, module: string): TextEdit | null {
  if (py.bindings.get(module) === module) return null;
  const eol = lineEnding(text);
  const statement = `import ${module}${eol}`;
  const topImports = py.imports.filter((i) => i.topLevel && i.module !== '__future__');
  const futureImports = py.imports.filter((i) => i.module === '__future__');
  if (topImports.length > 0) {
    const first = topImports.reduce((a, b) => (a.start <= b.start ? a : b));
    return { start: lineStartOf(text, first.start), end: lineStartOf(text, first.start), newText: statement };
  }
  const after = futureImports.length > 0 ? Math.max(...futureImports.map((i) => i.end)) : moduleDocstringEnd(py);
  if (after !== null) {
    const lineEnd = nextLineStart(text, after);
    const needsBreak = lineEnd === text.length && !text.endsWith('\n');
    return { start: lineEnd, end: lineEnd, newText: `${needsBreak ? eol : ''}${statement}` };
  }
  const start = leadingCommentEnd(text);
  return { start, end: start, newText: statement };
}

function moduleDocstringEnd(py: PythonFacts): number | null {
  const first = py.rawChunks[0];
  return first?.bareString?.isDocstring ? first.end : null;
}

function lineStartOf(text: SourceText, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function nextLineStart(text: SourceText, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** End of the shebang / encoding / comment lines at the top of the file. */
function leadingCommentEnd(text: SourceText): number {
  let offset = 0;
  while (offset < text.length && text.charAt(offset) === '#') offset = nextLineStart(text, offset);
  return offset;
}

/** `os.environ["NAME"]` with the requested quote character. */
export function environLookup(name: string, quote: '"' | "'" = '"'): string {
  return `os.environ[${quote}${name}${quote}]`;
}

const LOGGER_FACTORIES = new Set(['logging.getLogger', 'structlog.get_logger', 'structlog.getLogger', 'logbook.Logger']);

/** The module's logger variable (`logger = logging.getLogger(__name__)`, `from loguru import logger`), if any. */
export function findModuleLogger(py: PythonFacts): string | null {
  for (const [local, target] of py.bindings) if (target === 'loguru.logger') return local;
  // Statement by statement: only those with a module-level assignment of a call are settled.
  for (const chunk of py.rawChunks) {
    for (const a of chunk.assignments) {
      if (a.fn !== null || a.className !== null || !a.call) continue;
      py.settled(chunk);
      if (LOGGER_FACTORIES.has(py.resolveCall(a.call)) && /^[A-Za-z_]\w*$/.test(a.target)) return a.target;
    }
  }
  return null;
}

/**
 * The name of the module logger and the edits that create it when missing: `import logging`
 * where isort puts it, and `logger = logging.getLogger(__name__)` after the last top-level import.
 */
export function ensureModuleLogger(py: PythonFacts, text: SourceText, loggerLine: string): { name: string; edits: TextEdit[] } {
  const existing = findModuleLogger(py);
  if (existing) return { name: existing, edits: [] };
  const eol = lineEnding(text);
  const importEdit = addImportEdit(py, text, 'logging');
  const topImports = py.imports.filter((i) => i.topLevel);
  if (topImports.length === 0) {
    const at = importEdit ? importEdit.start : 0;
    const prefix = importEdit ? importEdit.newText : '';
    return { name: 'logger', edits: [{ start: at, end: at, newText: `${prefix}${eol}${loggerLine}${eol}` }] };
  }
  const lastImportEnd = Math.max(...topImports.map((i) => i.end));
  const at = nextLineStart(text, lastImportEnd);
  const needsBreak = at === text.length && !text.endsWith('\n');
  const edits: TextEdit[] = [{ start: at, end: at, newText: `${needsBreak ? eol : ''}${eol}${loggerLine}${eol}` }];
  if (importEdit) edits.unshift(importEdit);
  return { name: 'logger', edits };
}
