// The editor's report commands as custom requests: the pipeline review, the production checklist,
// the design document and the design wizard's pre-filled answers. Each builds on the same folder
// analysis as the CLI (project/analyze-folder.ts), so the editor and `pipewise review` agree. Folder
// analysis yields between files, so diagnostics keep flowing while a report is made.

import { statSync } from 'node:fs';
import path from 'node:path';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { analyzeFolder, FolderAnalysisCancelled, type AnalyzedFolder, type AnalyzeFolderOptions } from '../project/analyze-folder';
import { UsageError } from '../project/errors';
import { gatherFolderEvidence } from '../project/folder-evidence';
import { relativePosix } from '../project/paths';
import { AnswersError, generateDesign } from '../design';
import { HintsCollector } from '../design/hints-from-files';
import { ConfigError } from '../engine/config';
import { buildChecklist, renderChecklistMarkdown } from '../reports/checklist';
import { toReviewGraph } from '../reports/pipeline-graph';
import { buildReview } from '../reports/review';
import { renderReviewMarkdown } from '../reports/review-markdown';
import { describeError, type Logger } from './logger';
import {
  DESIGN_HINTS_REQUEST,
  GENERATE_CHECKLIST_REQUEST,
  GENERATE_DESIGN_REQUEST,
  REVIEW_PIPELINE_REQUEST,
  type DesignHintsResult,
  type FolderParams,
  type GenerateChecklistResult,
  type GenerateDesignParams,
  type GenerateDesignResult,
  type InvalidAnswersData,
  type ReviewPipelineResult,
} from './report-protocol';
import { filePathOf } from './workspace-folders';

/**
 * Links relative to the workspace folder: the client shows a report as an untitled document named in
 * that folder, whose relative links VS Code's preview resolves against the folder (and saving it there
 * keeps them right), while it does not render `file:` links at all (markdown-it refuses the scheme).
 */
const EDITOR_LINK_BASE = '';

export class ReportRequests {
  constructor(private readonly logger: Logger) {}

  register(connection: Connection): void {
    connection.onRequest(REVIEW_PIPELINE_REQUEST, (params: FolderParams, token) => this.answer(REVIEW_PIPELINE_REQUEST, () => this.review(params, token)));
    connection.onRequest(GENERATE_CHECKLIST_REQUEST, (params: FolderParams, token) => this.answer(GENERATE_CHECKLIST_REQUEST, () => this.checklist(params, token)));
    connection.onRequest(GENERATE_DESIGN_REQUEST, (params: GenerateDesignParams, token) => this.answer(GENERATE_DESIGN_REQUEST, () => this.design(params, token)));
    connection.onRequest(DESIGN_HINTS_REQUEST, (params: FolderParams, token) => this.answer(DESIGN_HINTS_REQUEST, () => this.hints(params, token)));
  }

  async review(params: FolderParams, token?: CancellationToken): Promise<ReviewPipelineResult> {
    const root = folderOf(params);
    const { input, graph } = await this.analyze(root, token);
    const review = buildReview(input, { name: path.basename(root), path: root, graph: toReviewGraph(graph, root) });
    return { markdown: renderReviewMarkdown(review, EDITOR_LINK_BASE), summary: { ...review.summary, verdict: review.verdict, files: review.fileCount } };
  }

  async checklist(params: FolderParams, token?: CancellationToken): Promise<GenerateChecklistResult> {
    const root = folderOf(params);
    const analyzed = await this.analyze(root, token);
    const items = buildChecklist(analyzed.input, gatherFolderEvidence(root, analyzed));
    return { markdown: renderChecklistMarkdown(path.basename(root), items, EDITOR_LINK_BASE) };
  }

  async design(params: GenerateDesignParams, token?: CancellationToken): Promise<GenerateDesignResult> {
    const hints = params?.folderUri ? await this.hints({ folderUri: params.folderUri }, token) : undefined;
    try {
      const { markdown, json } = generateDesign(params?.answers, hints);
      return { markdown, json };
    } catch (error) {
      if (!(error instanceof AnswersError)) throw error;
      const data: InvalidAnswersData = { problems: error.problems };
      throw new ResponseError(ErrorCodes.InvalidParams, `The design answers have ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}`, data);
    }
  }

  async hints(params: FolderParams, token?: CancellationToken): Promise<DesignHintsResult> {
    const root = folderOf(params);
    const collector = new HintsCollector();
    await this.analyze(root, token, { onDocument: (doc, absolutePath) => collector.add(doc, relativePosix(root, absolutePath)) });
    return collector.result();
  }

  private analyze(root: string, token: CancellationToken | undefined, extra: Pick<AnalyzeFolderOptions, 'onDocument'> = {}): Promise<AnalyzedFolder> {
    return analyzeFolder(root, {
      ...extra,
      yieldBetweenFiles: true,
      isCancelled: () => token?.isCancellationRequested === true,
      warn: (message) => this.logger.warn(`${path.basename(root)}: ${message}`),
    });
  }

  /** Runs a request, turning what a user can act on into a ResponseError and logging the rest. */
  private async answer<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      if (error instanceof FolderAnalysisCancelled) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      if (error instanceof UsageError || error instanceof ConfigError) throw new ResponseError(ErrorCodes.InvalidParams, error.message.split('\n')[0]);
      this.logger.error(`${method} failed: ${describeError(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `${method} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function folderOf(params: FolderParams | undefined): string {
  const uri = params?.folderUri;
  if (typeof uri !== 'string' || !uri.startsWith('file:')) throw new ResponseError(ErrorCodes.InvalidParams, 'folderUri must be a file: URI of a folder');
  const folder = filePathOf(uri);
  let isDirectory = false;
  try {
    isDirectory = statSync(folder).isDirectory();
  } catch {
    // Reported below.
  }
  if (!isDirectory) throw new ResponseError(ErrorCodes.InvalidParams, `not a folder: ${folder}`);
  return folder;
}
