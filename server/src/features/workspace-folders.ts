// Workspace folders from `initialize` and `workspace/didChangeWorkspaceFolders`, and file paths of
// document URIs. Relative paths in settings (baseline, exclude, companions) resolve from a folder.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InitializeParams, WorkspaceFolder, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';

/** The file system path of a `file:` URI; for other schemes (untitled:) the URI's path part. */
export function filePathOf(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // Malformed file URIs (e.g. a host on Linux) fall through to the generic form.
    }
  }
  const colon = uri.indexOf(':');
  return decodeURIComponent(colon >= 0 ? uri.slice(colon + 1) : uri);
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export class WorkspaceFolders {
  private roots: string[] = [];

  initialize(params: InitializeParams): void {
    if (params.workspaceFolders?.length) this.roots = params.workspaceFolders.map(rootOf);
    else if (params.rootUri) this.roots = [filePathOf(params.rootUri)];
    else if (params.rootPath) this.roots = [params.rootPath];
  }

  change(event: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(event.removed.map(rootOf));
    this.roots = [...this.roots.filter((root) => !removed.has(root)), ...event.added.map(rootOf)];
  }

  /** Every workspace folder's path. */
  list(): readonly string[] {
    return this.roots;
  }

  /** The innermost workspace folder holding `filePath`, or null. */
  rootFor(filePath: string): string | null {
    let best: string | null = null;
    for (const root of this.roots) if (isInside(filePath, root) && (!best || root.length > best.length)) best = root;
    return best;
  }
}

function rootOf(folder: WorkspaceFolder): string {
  return filePathOf(folder.uri);
}
