// Module-level edits shared by PW103, PW204 and PW206: insert a helper function once after the
// imports, add `import m` / `from m import a, b`, get (or create) the module logger without
// clobbering a name the module already uses, and find the `if __name__ == "__main__":` block.
// One ModuleEdits per check: lookups are indexed once, so a rule can build fixes for every
// finding of a large file without rescanning it. Candidates for server/src/engine/python/edits.ts.

import type { ChunkFacts, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { addImportEdit, ensureModuleLogger, findModuleLogger } from '../../server/src/engine/python/edits';
import { renderSnippet } from '../../server/src/engine/snippets';
import type { TextEdit } from '../../server/src/engine/types';
import type { SourceText } from '../../server/src/engine/source-text';

export function lineStart(text: SourceText, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function nextLineStart(text: SourceText, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** The leading whitespace of the line holding `offset`. */
export function indentAt(text: SourceText, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, Math.max(offset, start)))?.[0] ?? '';
}

export interface ModuleLogger {
  name: string;
  /** Edits that create it (`import logging`, `logger = logging.getLogger(__name__)`); empty when it exists. */
  edits: TextEdit[];
  /** A standard-library logger (lazy `%s` arguments) rather than loguru/structlog (other formatting). */
  stdlib: boolean;
}

const MAIN_GUARD = /^[ \t]*if\s+(__name__\s*==\s*(['"])__main__\2|(['"])__main__\3\s*==\s*__name__)\s*:[ \t]*(#.*)?$/;

export class ModuleEdits {
  private logger: ModuleLogger | null | undefined;
  private importPoint: number | undefined;

  constructor(readonly py: PythonFacts, readonly text: SourceText) {}

  /** What a name is bound to at module level: an import target, or 'function' / 'class' / 'assignment'; null when free. */
  binding(name: string): string | null {
    const imported = this.py.bindings.get(name);
    if (imported) return imported;
    return localNamesOf(this.py).get(name) ?? null;
  }

  /** The first module-level function named `name`: only the statements defining one are read. */
  topLevelFunction(name: string): FunctionFact | undefined {
    return this.py.functionsNamed(name).find((f) => f.parent === null && f.className === null);
  }

  /** The top-level statement holding `offset`. */
  chunkAt(offset: number): ChunkFacts | undefined {
    const chunks = this.py.rawChunks;
    let low = 0;
    let high = chunks.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (chunks[mid].end < offset) low = mid + 1;
      else if (chunks[mid].start > offset) high = mid - 1;
      else return this.py.settled(chunks[mid]);
    }
    return undefined;
  }

  /** `import <module>` edits; null when a name is bound to something else. */
  importEdits(modules: string[]): TextEdit[] | null {
    const edits: TextEdit[] = [];
    for (const module of modules) {
      const bound = this.binding(module);
      if (bound === module) continue;
      if (bound !== null) return null;
      const edit = addImportEdit(this.py, this.text, module);
      if (edit) edits.push(edit);
    }
    return edits;
  }

  /**
   * The edit that makes `names` of `module` available (`from datetime import datetime, timezone`)
   * where isort would put a new import, `[]` when they already are, or null when a name is taken.
   */
  fromImportEdits(module: string, names: string[]): TextEdit[] | null {
    const missing: string[] = [];
    for (const name of names) {
      const bound = this.binding(name);
      if (bound === `${module}.${name}`) continue;
      if (bound !== null) return null;
      missing.push(name);
    }
    if (missing.length === 0) return [];
    // addImportEdit knows where isort puts a new import; ask it for a module no file imports.
    this.importPoint ??= addImportEdit(this.py, this.text, '__pipewise_probe__')?.start ?? 0;
    const at = this.importPoint;
    const needsBreak = at === this.text.length && this.text.length > 0 && !this.text.endsWith('\n');
    return [{ start: at, end: at, newText: `${needsBreak ? '\n' : ''}from ${module} import ${missing.join(', ')}\n` }];
  }

  /**
   * Inserts a module-level helper (rendered snippet text ending in a newline) before the top-level
   * statement holding `offset`: after the last import statement preceding it (the whole
   * statement, so a try/except import block stays intact) with PEP 8 blank lines, or right above
   * that statement when the module has no imports before it. `importEditsFirst` are the import
   * edits of the same fix (they may land at the same offset). Null when imports only come later.
   */
  helperEdit(offset: number, helper: string, importEditsFirst: TextEdit[]): TextEdit | null {
    const before = this.chunkAt(offset)?.start ?? offset;
    let after = -1;
    let later = false;
    for (const i of this.py.imports) {
      if (!i.topLevel) continue;
      if (i.start < before) after = Math.max(after, i.end);
      else if (i.module !== '__future__') later = true;
    }
    const text = this.text;
    if (after < 0) {
      if (later) return null;
      const at = lineStart(text, before);
      const importsHere = importEditsFirst.some((e) => e.start === at);
      return { start: at, end: at, newText: `${importsHere ? '\n\n' : ''}${helper}\n\n` };
    }
    const at = nextLineStart(text, this.chunkAt(after)?.end ?? after);
    const needsBreak = at === text.length && !text.endsWith('\n');
    const { blanks, atEnd } = blankLinesAt(text, at);
    const trailing = atEnd ? '' : '\n'.repeat(Math.max(0, 2 - blanks));
    return { start: at, end: at, newText: `${needsBreak ? '\n' : ''}\n\n${helper}${trailing}` };
  }

  /**
   * The module logger, created from the `pw-logger` snippet when missing. Null when creating it
   * would clash with what the module already binds (`logger = something_else`, a non-stdlib `logging`).
   */
  moduleLogger(): ModuleLogger | null {
    if (this.logger !== undefined) return this.logger;
    const py = this.py;
    const existing = findModuleLogger(py);
    if (existing) {
      const target = py.bindings.get(existing) ?? '';
      const structlog = (py.moduleAssignmentsNamed(existing) ?? []).some((a) => a.call !== null && py.resolveCall(a.call).startsWith('structlog.'));
      this.logger = { name: existing, edits: [], stdlib: !/^(loguru|structlog|logbook)\b/.test(target) && !structlog };
    } else {
      const logging = this.binding('logging');
      if ((logging !== null && logging !== 'logging') || this.binding('logger') !== null) this.logger = null;
      else this.logger = { ...ensureModuleLogger(py, this.text, renderSnippet('pw-logger')), stdlib: true };
    }
    return this.logger;
  }

  /** The first statement of the `if __name__ == "__main__":` block (offset and indent), when the block has one on its own line. */
  mainBlockStart(): { at: number; indent: string } | null {
    const text = this.text;
    for (const str of this.py.strings) {
      if (str.value !== '__main__' || str.fn !== null) continue;
      const start = lineStart(text, str.start);
      const end = nextLineStart(text, str.start);
      if (!MAIN_GUARD.test(text.slice(start, end).replace(/\r?\n$/, ''))) continue;
      let cursor = end;
      while (cursor < text.length) {
        const lineEnd = nextLineStart(text, cursor);
        const line = text.slice(cursor, lineEnd);
        const trimmed = line.trim();
        if (trimmed !== '' && !trimmed.startsWith('#')) {
          const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
          return indent.length > indentAt(text, str.start).length ? { at: cursor + indent.length, indent } : null;
        }
        cursor = lineEnd;
      }
      return null;
    }
    return null;
  }
}

function blankLinesAt(text: SourceText, offset: number): { blanks: number; atEnd: boolean } {
  let blanks = 0;
  let cursor = offset;
  while (cursor < text.length) {
    const end = nextLineStart(text, cursor);
    if (text.slice(cursor, end).trim() !== '') return { blanks, atEnd: false };
    blanks++;
    cursor = end;
  }
  return { blanks, atEnd: true };
}

// Function forms (one-off use; rules building many fixes per check should keep one ModuleEdits).

/** What a name is bound to at module level: an import target, or 'function' / 'class' / 'assignment'; null when free. */
export function moduleBinding(py: PythonFacts, name: string): string | null {
  return new ModuleEdits(py, '').binding(name);
}

const LOCAL_NAMES = new WeakMap<PythonFacts, Map<string, string>>();

/** Per document version (fixes ask once per finding): the names the module's own statements bind at module level. */
function localNamesOf(py: PythonFacts): Map<string, string> {
  let names = LOCAL_NAMES.get(py);
  if (names) return names;
  names = new Map();
  // Names only: the statements need not be settled.
  const chunks = py.rawChunks;
  for (const chunk of chunks) for (const f of chunk.functions) if (f.parent === null && f.className === null) names.set(f.name, 'function');
  for (const chunk of chunks) for (const c of chunk.classes) names.set(c.name, 'class');
  for (const chunk of chunks) for (const a of chunk.assignments) if (a.fn === null && a.className === null && !names.has(a.target)) names.set(a.target, 'assignment');
  LOCAL_NAMES.set(py, names);
  return names;
}

export function topLevelFunction(py: PythonFacts, name: string): FunctionFact | undefined {
  return new ModuleEdits(py, '').topLevelFunction(name);
}

/** The start of the top-level statement holding `offset`. */
export function topLevelStart(py: PythonFacts, offset: number): number {
  return new ModuleEdits(py, '').chunkAt(offset)?.start ?? offset;
}

/** `import <module>` edits; null when a name is bound to something else. */
export function importEdits(py: PythonFacts, text: SourceText, modules: string[]): TextEdit[] | null {
  return new ModuleEdits(py, text).importEdits(modules);
}

/** `from <module> import <names>` for the missing names; null when a name is bound to something else. */
export function fromImportEdits(py: PythonFacts, text: string, module: string, names: string[]): TextEdit[] | null {
  return new ModuleEdits(py, text).fromImportEdits(module, names);
}

/** See ModuleEdits.helperEdit. */
export function helperEdit(py: PythonFacts, text: SourceText, before: number, helper: string, importEditsFirst: TextEdit[]): TextEdit | null {
  return new ModuleEdits(py, text).helperEdit(before, helper, importEditsFirst);
}

/** See ModuleEdits.moduleLogger. */
export function moduleLogger(py: PythonFacts, text: SourceText): ModuleLogger | null {
  return new ModuleEdits(py, text).moduleLogger();
}

/** See ModuleEdits.mainBlockStart. */
export function mainBlockStart(py: PythonFacts, text: SourceText): { at: number; indent: string } | null {
  return new ModuleEdits(py, text).mainBlockStart();
}
