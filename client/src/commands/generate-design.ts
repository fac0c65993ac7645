import * as vscode from 'vscode';
import {
  DESIGN_HINTS_REQUEST,
  GENERATE_DESIGN_REQUEST,
  type DesignHintsResult,
  type GenerateDesignParams,
  type GenerateDesignResult,
  type InvalidAnswersData,
} from '../../../server/src/features/report-protocol';
import { showMarkdownBeside } from '../documents';
import { defaultFolder } from '../folders';
import type { ServerController } from '../server-controller';
import { invalidParamsOf, requestWithProgress } from '../server-requests';
import { askDesignAnswers } from './design-wizard';
import { reportFailure } from './report-failure';

export const GENERATE_DESIGN_COMMAND = 'pipewise.generateDesign';

/**
 * The pipeline design document: from a short wizard pre-filled with what Pipewise sees in the
 * folder, or, for automation, from an answers object passed as the command's argument
 * (`executeCommand('pipewise.generateDesign', answers)`), which skips the wizard.
 */
export function registerGenerateDesign(controller: ServerController): vscode.Disposable {
  return vscode.commands.registerCommand(GENERATE_DESIGN_COMMAND, async (argument?: unknown) => {
    const folder = argument instanceof vscode.Uri ? argument : defaultFolder();
    const folderUri = folder?.scheme === 'file' ? folder.toString() : undefined;
    try {
      let answers: unknown = isAnswers(argument) ? argument : undefined;
      if (answers === undefined) {
        const hints = folderUri ? await requestWithProgress<DesignHintsResult>(controller, 'Pipewise: reading the pipeline…', DESIGN_HINTS_REQUEST, { folderUri }) : {};
        if (!hints) return undefined;
        answers = await askDesignAnswers(hints, folder?.path.split('/').pop());
        if (!answers) return undefined;
      }
      const params: GenerateDesignParams = folderUri ? { answers, folderUri } : { answers };
      const result = await requestWithProgress<GenerateDesignResult>(controller, 'Pipewise: generating the pipeline design…', GENERATE_DESIGN_REQUEST, params);
      if (!result) return undefined;
      const document = await showMarkdownBeside(result.markdown, 'pipeline-design.md', folder);
      return document.uri;
    } catch (error) {
      const invalid = invalidParamsOf(error);
      const problems = (invalid?.data as InvalidAnswersData | undefined)?.problems;
      if (problems?.length) {
        const listed = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
        void vscode.window.showErrorMessage(`Pipewise: the design answers have ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${listed}`);
      } else {
        reportFailure('generate the design', error);
      }
      return undefined;
    }
  });
}

function isAnswers(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof vscode.Uri);
}
