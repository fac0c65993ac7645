// The custom requests behind the editor's report commands: method names and shapes, shared by the
// server (features/report-requests.ts) and the VS Code client (type-only imports, no code).

import type { AnswerProblem } from '../design/answers';
import type { WorkspaceHints } from '../design/hints';
import type { PriorityCounts } from '../reports/summary';

export const REVIEW_PIPELINE_REQUEST = 'pipewise/reviewPipeline';
export const GENERATE_CHECKLIST_REQUEST = 'pipewise/generateChecklist';
export const GENERATE_DESIGN_REQUEST = 'pipewise/generateDesign';
export const DESIGN_HINTS_REQUEST = 'pipewise/designHints';

export interface FolderParams {
  /** A `file:` URI of the folder to report on. */
  folderUri: string;
}

export interface ReviewPipelineResult {
  markdown: string;
  summary: PriorityCounts & { verdict: string; files: number };
}

export interface GenerateChecklistResult {
  markdown: string;
}

export interface GenerateDesignParams {
  /** The answers as in an answers file (docs/design-answers.md), snake_case keys. */
  answers: unknown;
  /** When given, what Pipewise detects in this folder fills what the answers leave out. */
  folderUri?: string;
}

export interface GenerateDesignResult {
  markdown: string;
  json: string;
}

/** `ResponseError.data` of a generateDesign request whose answers are invalid. */
export interface InvalidAnswersData {
  problems: AnswerProblem[];
}

export type DesignHintsResult = WorkspaceHints;
