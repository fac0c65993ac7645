// The edit behind "Disable PWxxx for this line": `  # pipewise: ignore[PWxxx]` at the end of the
// line, merged into a directive already there; or a directive line above it where an end-of-line
// comment would change the program or a value (INI/.env values, a line ending inside a multi-line
// string, a Python backslash continuation).

import type { TextEdit } from 'vscode-languageserver/node';
import type { DocumentFacts } from '../engine/document';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Dialect } from '../engine/types';

const END_DIRECTIVE = /([#;]\s*pipewise:\s*ignore)(\[[^\]]*\])?/;
const LINE_DIRECTIVE = /^(\s*[#;]\s*pipewise:\s*ignore)(\[[^\]]*\])?\s*$/;

interface Span {
  start: number;
  end: number;
}

/** Merges `ruleId` into a directive's id list; null when the directive already covers it. */
function mergedIds(list: string | undefined, ruleId: string): string | null {
  if (list === undefined) return null; // a bare `ignore` covers every rule
  const ids = list.slice(1, -1).split(',').map((id) => id.trim()).filter(Boolean);
  if (ids.includes(ruleId)) return null;
  return `[${[...ids, ruleId].join(', ')}]`;
}

function mergeInto(lineStart: number, match: RegExpExecArray, ruleId: string, doc: { text: TextDocument }): TextEdit | null {
  const merged = mergedIds(match[2], ruleId);
  if (merged === null) return null;
  const start = lineStart + match.index + match[1].length;
  const end = start + (match[2]?.length ?? 0);
  return { range: { start: doc.text.positionAt(start), end: doc.text.positionAt(end) }, newText: merged };
}

/** The multi-line string or scalar containing `offset` (strictly inside), if any. */
function multilineStringAt(facts: DocumentFacts, offset: number): Span | null {
  const inside = (span: Span) => span.start < offset && offset < span.end;
  if (facts.python) return facts.python.strings.find(inside) ?? null;
  if (facts.yaml) return facts.yaml.scalars.find(inside) ?? null;
  if (facts.dialect === 'toml') return tomlMultilineStringAt(facts.text, offset);
  return null;
}

const TOML_TOKEN = /"""|'''|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|#[^\n]*/g;

function tomlMultilineStringAt(text: string, offset: number): Span | null {
  TOML_TOKEN.lastIndex = 0;
  for (let match = TOML_TOKEN.exec(text); match && match.index < offset; match = TOML_TOKEN.exec(text)) {
    if (match[0] !== '"""' && match[0] !== "'''") continue;
    const close = text.indexOf(match[0], match.index + 3);
    const end = close < 0 ? text.length : close + 3;
    if (offset < end) return { start: match.index, end };
    TOML_TOKEN.lastIndex = end;
  }
  return null;
}

export function disableForLineEdit(doc: { dialect: Dialect; text: TextDocument }, facts: DocumentFacts | null, line: number, ruleId: string): TextEdit | null {
  // A key file has no comment syntax: a directive would corrupt the key (exclude the file instead).
  if (doc.dialect === 'pem') return null;
  const text = doc.text.getText();
  const lineStart = doc.text.offsetAt({ line, character: 0 });
  const lineEnd = doc.text.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
  // A Databricks SQL or `%python` MAGIC cell: a comment line in it would end the cell's magic.
  if (facts?.databricks?.rewritten.some((r) => r.start <= lineEnd && lineStart <= r.end)) return null;
  const lineText = text.slice(lineStart, lineEnd);
  const existing = END_DIRECTIVE.exec(lineText);
  if (existing) return mergeInto(lineStart, existing, ruleId, doc);

  const string = facts ? multilineStringAt(facts, lineEnd) : null;
  // A string that began on an earlier line holds the whole line: no comment can go there.
  if (string && string.start < lineStart) return null;
  const keyValue = doc.dialect === 'ini' || doc.dialect === 'dotenv';
  const continued = doc.dialect === 'python' && lineText.trimEnd().endsWith('\\');
  if (!keyValue && !string && !continued) {
    const contentEnd = lineStart + lineText.trimEnd().length;
    const position = doc.text.positionAt(contentEnd);
    return { range: { start: position, end: doc.text.positionAt(lineEnd) }, newText: `  # pipewise: ignore[${ruleId}]` };
  }
  if (line > 0) {
    const previous = doc.text.offsetAt({ line: line - 1, character: 0 });
    const previousText = text.slice(previous, lineStart).replace(/\r?\n$/, '');
    const directive = LINE_DIRECTIVE.exec(previousText);
    if (directive) return mergeInto(previous, directive, ruleId, doc);
  }
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const position = doc.text.positionAt(lineStart);
  return { range: { start: position, end: position }, newText: `${indent}# pipewise: ignore[${ruleId}]${eol}` };
}
