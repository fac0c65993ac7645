// Edits rules share when they rewrite Python: adding an import once, in the place isort and Ruff
// would put it (after the module docstring and `__future__` imports, before the first import).

import type { TextEdit } from '../types';
import type { PythonFacts } from './python-facts';

/** The edit that adds `import <module>`, or null when the name is already bound to that module. */
export function addImportEdit(py: PythonFacts, text: string, module: string): TextEdit | null {
  if (py.bindings.get(module) === module) return null;
  const statement = `import ${module}\n`;
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
    return { start: lineEnd, end: lineEnd, newText: `${needsBreak ? '\n' : ''}${statement}` };
  }
  const start = leadingCommentEnd(text);
  return { start, end: start, newText: statement };
}

function moduleDocstringEnd(py: PythonFacts): number | null {
  const first = py.chunks[0];
  return first?.bareString?.isDocstring ? first.end : null;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** End of the shebang / encoding / comment lines at the top of the file. */
function leadingCommentEnd(text: string): number {
  let offset = 0;
  while (offset < text.length && text[offset] === '#') offset = nextLineStart(text, offset);
  return offset;
}

/** `os.environ["NAME"]` with the requested quote character. */
export function environLookup(name: string, quote: '"' | "'" = '"'): string {
  return `os.environ[${quote}${name}${quote}]`;
}
