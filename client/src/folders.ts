import * as vscode from 'vscode';

/**
 * The folder a report is about: the one chosen in the explorer (`resource`), else the only
 * workspace folder, else the user's pick. Undefined when there is none or the pick is cancelled.
 */
export async function chooseFolder(resource: unknown, purpose: string): Promise<vscode.Uri | undefined> {
  if (resource instanceof vscode.Uri && resource.scheme === 'file') {
    const stat = await vscode.workspace.fs.stat(resource);
    return stat.type & vscode.FileType.Directory ? resource : vscode.Uri.joinPath(resource, '..');
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage(`Pipewise: open a folder to ${purpose}.`);
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: `Folder to ${purpose}` });
  return picked?.uri;
}

/** The workspace folder of the active editor, else the first one (for suggestions, not a choice). */
export function defaultFolder(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  return (folder ?? vscode.workspace.workspaceFolders?.[0])?.uri;
}
