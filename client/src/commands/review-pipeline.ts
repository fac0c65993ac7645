import * as vscode from 'vscode';
import { REVIEW_PIPELINE_REQUEST, type FolderParams, type ReviewPipelineResult } from '../../../server/src/features/report-protocol';
import { showMarkdownBeside } from '../documents';
import { chooseFolder } from '../folders';
import type { ServerController } from '../server-controller';
import { reportFailure } from './report-failure';
import { requestWithProgress } from '../server-requests';

export const REVIEW_PIPELINE_COMMAND = 'pipewise.reviewPipeline';

/** Reviews a folder (the explorer's, or a workspace folder) and shows the review beside the code. */
export function registerReviewPipeline(controller: ServerController): vscode.Disposable {
  return vscode.commands.registerCommand(REVIEW_PIPELINE_COMMAND, async (resource?: unknown) => {
    const folder = await chooseFolder(resource, 'review');
    if (!folder) return undefined;
    const name = folder.path.split('/').pop() ?? folder.fsPath;
    try {
      const params: FolderParams = { folderUri: folder.toString() };
      const result = await requestWithProgress<ReviewPipelineResult>(controller, `Pipewise: reviewing ${name}…`, REVIEW_PIPELINE_REQUEST, params);
      if (!result) return undefined;
      const document = await showMarkdownBeside(result.markdown, 'pipeline-review.md', folder);
      return document.uri;
    } catch (error) {
      reportFailure('review the pipeline', error);
      return undefined;
    }
  });
}
