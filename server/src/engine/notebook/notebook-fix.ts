// Fix-all for a Jupyter notebook: the fixer runs on the module text, its edits are applied to the
// cells they fall in, and the .ipynb is rewritten with only the changed cells' `source` replaced.

import { fixAll, type FixAllOptions, type FixAllResult } from '../fixer';
import type { Finding } from '../types';
import { replaceCellSources } from './ipynb';
import { applyEditsToCells, moduleOfSources } from './notebook-edits';
import type { NotebookFacts } from './notebook-facts';

export function fixNotebook(
  facts: NotebookFacts,
  lint: (moduleText: string) => Finding[],
  breaksParse: (before: string, after: string) => boolean,
  options: FixAllOptions = {},
): FixAllResult {
  const original = new Map(facts.module.segments.map((segment) => [segment.cell, facts.notebook.cells[segment.cell].source]));
  // The fixer deals in module texts; each text it may continue from remembers its cells.
  const cellsOf = new Map<string, ReadonlyMap<number, string>>([[facts.module.text, original]]);
  const result = fixAll(facts.module.text, lint, breaksParse, {
    ...options,
    apply: (text, edits) => {
      const next = applyEditsToCells(cellsOf.get(text) ?? original, edits);
      if (!next) return text;
      const nextText = moduleOfSources(next).text;
      cellsOf.set(nextText, next);
      return nextText;
    },
  });
  const fixed = cellsOf.get(result.text) ?? original;
  const changed = new Map([...fixed].filter(([cell, source]) => original.get(cell) !== source));
  if (changed.size === 0) return { ...result, text: facts.fileText };
  return { ...result, text: replaceCellSources(facts.fileText, facts.notebook, changed) };
}
