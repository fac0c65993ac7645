// A fix's companion edits (e.g. append `SALES_DB_URL=` to `.env.example`) as file changes: the line
// is appended at the end of the file as it is now (open in the editor, or on disk), or skipped
// when the file already has that key.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompanionEdit } from '../engine/types';
import type { DocumentStore } from './documents';
import type { FileChange } from './workspace-edit';

function keyOf(line: string): string {
  const equals = line.indexOf('=');
  return (equals >= 0 ? line.slice(0, equals) : line).replace(/^\s*export\s+/, '').trim();
}

function hasKey(text: string, line: string): boolean {
  const key = keyOf(line);
  return text.split(/\r?\n/).some((existing) => keyOf(existing) === key && existing.trim() !== '');
}

/** The change for a companion edit, or null when there is nothing to add. */
export function companionChange(companion: CompanionEdit, baseDir: string, documents: DocumentStore, canCreate: boolean): FileChange | null {
  const filePath = path.resolve(baseDir, companion.path);
  const open = documents.all().find((doc) => doc.filePath === filePath);
  const exists = open !== undefined || existsSync(filePath);
  if (!exists && !canCreate) return null;
  const uri = open?.uri ?? pathToFileURL(filePath).toString();
  const text = open ? open.text.getText() : exists ? readFileSync(filePath, 'utf8') : '';
  if (hasKey(text, companion.appendLine)) return null;
  const end = TextDocument.create(uri, 'plaintext', 0, text).positionAt(text.length);
  const separator = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
  return {
    uri,
    version: open?.version ?? null,
    edits: [{ range: { start: end, end }, newText: `${separator}${companion.appendLine}\n` }],
    create: open === undefined,
  };
}
