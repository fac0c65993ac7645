// A notebook someone reads and runs cell by cell: a Jupyter or Databricks notebook whose code is
// narrated by markdown cells (a course lesson, a walkthrough, an exploratory dashboard) and that
// no pipeline step of the project runs (no Databricks job `notebook_task`, Papermill or
// `notebook:` step; the workspace model links those). There the error a handler prints or logs
// shows in the cell's output, in front of the person running it: it is the report. A notebook
// a job runs is a stage like any script, and so is one without prose (a script kept as a
// notebook), whatever runs it.

import type { RuleContext } from '../../server/src/engine/types';
import { databricksCells } from '../../server/src/engine/notebook/databricks';

/** Markdown cells between the code: the notebook is written to be read, not only run. */
const MIN_MARKDOWN_CELLS = 2;

function markdownCells(ctx: RuleContext): number {
  const { doc } = ctx;
  if (doc.notebook) return doc.notebook.notebook.cells.filter((cell) => cell.kind === 'markdown').length;
  if (doc.databricks) return databricksCells(doc.text.slice(0, doc.databricks.fileLength)).filter((cell) => cell.language === 'markdown').length;
  return 0;
}

/** A narrated notebook that no known pipeline step runs. */
export function isReadAlongNotebook(ctx: RuleContext): boolean {
  if (!ctx.doc.notebook && !ctx.doc.databricks) return false;
  if (markdownCells(ctx) < MIN_MARKDOWN_CELLS) return false;
  return (ctx.project?.retriesForScript(ctx.doc.path) ?? null) === null;
}
