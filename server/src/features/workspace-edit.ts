// Builds WorkspaceEdits: versioned TextDocumentEdits when the client supports them (so an edit
// computed for an older version is rejected instead of corrupting the text), plain `changes` else.

import { CreateFile, TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { ClientFeatures } from './client-features';

export interface FileChange {
  uri: string;
  /** The document version the edits apply to; null for a file that is not open. */
  version: number | null;
  edits: TextEdit[];
  /** Create the file first (ignored when it exists). */
  create: boolean;
}

export function buildWorkspaceEdit(changes: readonly FileChange[], features: Pick<ClientFeatures, 'documentChanges' | 'createFiles'>): WorkspaceEdit {
  if (features.documentChanges) {
    const documentChanges: WorkspaceEdit['documentChanges'] = [];
    for (const change of changes) {
      if (change.create && features.createFiles) documentChanges.push(CreateFile.create(change.uri, { ignoreIfExists: true }));
      documentChanges.push(TextDocumentEdit.create({ uri: change.uri, version: change.version }, change.edits));
    }
    return { documentChanges };
  }
  const byUri: Record<string, TextEdit[]> = {};
  for (const change of changes) byUri[change.uri] = [...(byUri[change.uri] ?? []), ...change.edits];
  return { changes: byUri };
}
