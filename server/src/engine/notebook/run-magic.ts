// `%run ./helper` runs another notebook in the notebook's own namespace: what the helper defines
// (functions, connections, paths) is the notebook's, and its top-level code runs as part of it.
// Databricks exports write it as a `# MAGIC %run ./helper` cell; Jupyter as a `%run helper.ipynb`
// line. This lists the paths as written; workspace/code-refs.ts resolves them to the project's files.

import type { DocumentFacts } from '../document';
import { isDatabricksNotebook } from './databricks';

/** `# MAGIC %run ./helpers/io` (a Databricks cell of its own; the path may be quoted). */
const DATABRICKS_RUN = /^# MAGIC[ \t]+%run[ \t]+(?:"([^"\n]+)"|'([^'\n]+)'|(\S+))[ \t]*\r?$/gm;
/** `%run helper.ipynb` or `%run -i helper.py` in a Jupyter code cell (options before the path). */
const JUPYTER_RUN = /^[ \t]*%run[ \t]+(?:-\w+[ \t]+)*(?:"([^"\n]+)"|'([^'\n]+)'|([^\s-]\S*))/gm;

/** The notebook paths a notebook runs with `%run`, in order, as written (no duplicates). */
export function notebookRunTargets(doc: DocumentFacts): string[] {
  const found: string[] = [];
  const collect = (text: string, pattern: RegExp) => {
    for (const m of text.matchAll(pattern)) {
      const written = m[1] ?? m[2] ?? m[3];
      if (written && !found.includes(written)) found.push(written);
    }
  };
  if (doc.notebook) {
    for (const cell of doc.notebook.notebook.cells) if (cell.kind === 'code') collect(cell.source, JUPYTER_RUN);
  } else if (doc.databricks || isDatabricksNotebook(doc.text)) {
    collect(doc.text, DATABRICKS_RUN);
  }
  return found;
}
