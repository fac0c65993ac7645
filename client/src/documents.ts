import * as vscode from 'vscode';

/** File names of the documents the report commands open; one group holds them all. */
export const REPORT_FILE_NAMES = ['pipeline-review.md', 'pipeline-design.md', 'production-checklist.md'];

/**
 * Shows generated Markdown beside the code, rendered by the built-in Markdown preview. The text is
 * an untitled document named after `fileName` in `folder`: nothing is written into the user's
 * repository unless they save it, and Save proposes that name. Running a command again replaces
 * the text of the document it opened before.
 */
export async function showMarkdownBeside(markdown: string, fileName: string, folder: vscode.Uri | undefined): Promise<vscode.TextDocument> {
  const uri = untitledUri(fileName, folder);
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), markdown);
  await vscode.workspace.applyEdit(edit);
  if (document.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(document, 'markdown');
  await vscode.window.showTextDocument(document, { viewColumn: reportColumn(), preview: false });
  try {
    // Opens the preview in the group the text was just shown in, in front of it.
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // Without the built-in Markdown extension the text editor is what the user gets.
  }
  return document;
}

/** The group already showing a report, so reports do not push the code into ever more columns. */
function reportColumn(): vscode.ViewColumn {
  const group = vscode.window.tabGroups.all.find((g) => g.tabs.some(isReportTab));
  if (group) return group.viewColumn;
  // Not activeTextEditor: it is undefined while focus is outside the editors (palette, panel).
  return vscode.window.tabGroups.activeTabGroup.tabs.length > 0 ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
}

function isReportTab(tab: vscode.Tab): boolean {
  const input = tab.input;
  if (!(input instanceof vscode.TabInputText) || input.uri.scheme !== 'untitled') return false;
  return REPORT_FILE_NAMES.includes(input.uri.path.split('/').pop() ?? '');
}

function untitledUri(fileName: string, folder: vscode.Uri | undefined): vscode.Uri {
  if (folder?.scheme === 'file') return vscode.Uri.joinPath(folder, fileName).with({ scheme: 'untitled' });
  return vscode.Uri.from({ scheme: 'untitled', path: fileName });
}
