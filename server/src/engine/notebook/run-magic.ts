// `%run ./helper` runs another notebook in the notebook's own namespace: what the helper defines
// (functions, connections, paths) is the notebook's, and its top-level code runs as part of it.
// Databricks exports write it as a `# MAGIC %run ./helper` cell; Jupyter as a `%run helper.ipynb`
// line. This lists the paths as written; workspace/code-refs.ts resolves them to the project's files.

import type { DocumentFacts } from '../document';
import { isDatabricksNotebook } from './databricks';

/**
 * `# MAGIC %run ./helpers/io` (a Databricks cell of its own; the path may be quoted). Newer exports
 * leave out `# MAGIC `: the analysis text holds that `%run` neutralised as `#run` (in a range it rewrote).
 */
const DATABRICKS_RUN = /^(?:# MAGIC[ \t]+%|#)run[ \t]+(?:"([^"\n]+)"|'([^'\n]+)'|(\S+))[ \t]*\r?$/gm;
/** `%run helper.ipynb` or `%run -i helper.py` in a Jupyter code cell (options before the path). */
const JUPYTER_RUN = /^[ \t]*%run[ \t]+(?:-\w+[ \t]+)*(?:"([^"\n]+)"|'([^'\n]+)'|([^\s-]\S*))/gm;

/** The notebook paths a notebook runs with `%run`, in order, as written (no duplicates). */
export function notebookRunTargets(doc: DocumentFacts): string[] {
  const found: string[] = [];
  const collect = (text: string, pattern: RegExp, keep: (at: number, line: string) => boolean = () => true) => {
    for (const m of text.matchAll(pattern)) {
      if (!keep(m.index ?? 0, m[0])) continue;
      const written = m[1] ?? m[2] ?? m[3];
      if (written && !found.includes(written)) found.push(written);
    }
  };
  if (doc.notebook) {
    for (const cell of doc.notebook.notebook.cells) if (cell.kind === 'code') collect(cell.source, JUPYTER_RUN);
  } else if (doc.databricks || isDatabricksNotebook(doc.text)) {
    const rewritten = doc.databricks?.rewritten ?? [];
    collect(doc.text, DATABRICKS_RUN, (at, line) => line.startsWith('# MAGIC') || rewritten.some((r) => r.start <= at && at < r.end));
  }
  return found;
}
