// Front door of the design generator: answers (raw, from a YAML/JSON file) plus optional
// workspace hints → the design as Markdown and JSON. Throws AnswersError listing every problem.

import { AnswersError, parseAnswersText, validateAnswers } from './answers';
import { buildDesign, type Design } from './design';
import { renderDesignJson, renderDesignMarkdown } from './document';
import { applyWorkspaceHints, type WorkspaceHints } from './hints';

export interface GeneratedDesign {
  markdown: string;
  json: string;
  design: Design;
}

export function generateDesign(answers: unknown, workspaceHints?: WorkspaceHints): GeneratedDesign {
  const { raw, filledFromWorkspace } = applyWorkspaceHints(answers, workspaceHints);
  const result = validateAnswers(raw);
  if (!result.ok) throw new AnswersError(result.problems);
  const design = buildDesign(result.answers, filledFromWorkspace);
  return { markdown: renderDesignMarkdown(design), json: renderDesignJson(design), design };
}

/** Reads an answers file's text (YAML or JSON) and generates the design. */
export function generateDesignFromText(text: string, workspaceHints?: WorkspaceHints): GeneratedDesign {
  return generateDesign(parseAnswersText(text), workspaceHints);
}

export { AnswersError, formatProblem, parseAnswersText, validateAnswers } from './answers';
export type { AnswerProblem, DesignAnswers } from './answers';
export type { Design } from './design';
export { renderDesignJson, renderDesignMarkdown, SECTION_HEADINGS } from './document';
export type { WorkspaceHints, WorkspaceSourceHint } from './hints';
