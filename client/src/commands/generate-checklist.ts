import * as vscode from 'vscode';
import { GENERATE_CHECKLIST_REQUEST, type FolderParams, type GenerateChecklistResult } from '../../../server/src/features/report-protocol';
import { showMarkdownBeside } from '../documents';
import { chooseFolder } from '../folders';
import type { ServerController } from '../server-controller';
import { requestWithProgress } from '../server-requests';
import { reportFailure } from './report-failure';

export const GENERATE_CHECKLIST_COMMAND = 'pipewise.generateChecklist';

/** The production-readiness checklist of a folder, shown beside the code. */
export function registerGenerateChecklist(controller: ServerController): vscode.Disposable {
  return vscode.commands.registerCommand(GENERATE_CHECKLIST_COMMAND, async (resource?: unknown) => {
    const folder = await chooseFolder(resource, 'check');
    if (!folder) return undefined;
    const name = folder.path.split('/').pop() ?? folder.fsPath;
    try {
      const params: FolderParams = { folderUri: folder.toString() };
      const result = await requestWithProgress<GenerateChecklistResult>(controller, `Pipewise: checking ${name} for production…`, GENERATE_CHECKLIST_REQUEST, params);
      if (!result) return undefined;
      const document = await showMarkdownBeside(result.markdown, 'production-checklist.md', folder);
      return document.uri;
    } catch (error) {
      reportFailure('generate the checklist', error);
      return undefined;
    }
  });
}
