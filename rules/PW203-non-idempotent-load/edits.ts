// Text helpers the fixes share: where a load's statement starts and ends, whether a name is taken,
// and adding an import.

import type { CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { addImportEdit } from '../../server/src/engine/python/edits';
import type { TextEdit } from '../../server/src/engine/types';
import type { SourceText } from '../../server/src/engine/source-text';

export const TITLE_PREFIX = 'Pipewise (PW203):';

/** The line the call starts (as a statement, an assignment or a return), and its indentation. */
export function statementPrefixOk(text: SourceText, call: CallFact): { lineStart: number; indent: string } | null {
  const lineStart = text.lastIndexOf('\n', call.start - 1) + 1;
  const prefix = text.slice(lineStart, call.start);
  if (!/^[ \t]*([A-Za-z_][\w.]*(\s*:\s*[\w.[\], ]+)?\s*=\s*|return\s+)?$/.test(prefix)) return null;
  return { lineStart, indent: /^[ \t]*/.exec(prefix)![0] };
}

/** The end of the call's line when nothing but a comment follows the call on it. */
export function statementEndsAfter(text: SourceText, call: CallFact): number | null {
  const newline = text.indexOf('\n', call.end);
  const rest = text.slice(call.end, newline < 0 ? text.length : newline);
  if (!/^\s*(#.*)?$/.test(rest)) return null;
  return newline < 0 ? text.length : newline;
}

export function namesUsedIn(fn: FunctionFact | null, py: PythonFacts, text: SourceText, name: string): boolean {
  const scope = fn ? text.slice(fn.start, fn.end) : text.toString();
  return new RegExp(`\\b${name}\\b`).test(scope) || (fn?.params.includes(name) ?? false) || py.bindings.has(name);
}

export function addImportEditList(py: PythonFacts, text: SourceText, module: string): TextEdit[] {
  const edit = addImportEdit(py, text, module);
  return edit ? [edit] : [];
}
