// Fix-all for notebook cells: the fixer runs on the joined module text, its edits are applied to
// the cells they fall in, and the caller gets the new source of each changed cell. For an .ipynb
// file, only the changed cells' `source` values are rewritten.

import { fixAll, type FixAllOptions, type FixAllResult } from '../fixer';
import type { Finding } from '../types';
import { replaceCellSources } from './ipynb';
import { applyEditsToCells, moduleOfSources, type CellSources } from './notebook-edits';
import type { NotebookFacts } from './notebook-facts';

export interface CellsFixResult extends Omit<FixAllResult, 'text'> {
  /** The new source of each cell the fixes changed. */
  changed: Map<number, string>;
}

export function fixCells(
  sources: CellSources,
  lint: (moduleText: string) => Finding[],
  breaksParse: (before: string, after: string) => boolean,
  options: FixAllOptions = {},
): CellsFixResult {
  const start = moduleOfSources(sources).text;
  // The fixer deals in module texts; each text it may continue from remembers its cells.
  const cellsOf = new Map<string, CellSources>([[start, sources]]);
  const result = fixAll(start, lint, breaksParse, {
    ...options,
    apply: (text, edits) => {
      const next = applyEditsToCells(cellsOf.get(text) ?? sources, edits);
      if (!next) return text;
      const nextText = moduleOfSources(next).text;
      cellsOf.set(nextText, next);
      return nextText;
    },
  });
  const fixed = cellsOf.get(result.text) ?? sources;
  const changed = new Map([...fixed].filter(([cell, source]) => sources.get(cell) !== source));
  return { applied: result.applied, passes: result.passes, changed };
}

export function fixNotebook(
  facts: NotebookFacts,
  lint: (moduleText: string) => Finding[],
  breaksParse: (before: string, after: string) => boolean,
  options: FixAllOptions = {},
): FixAllResult {
  const sources = new Map(facts.module.segments.map((segment) => [segment.cell, facts.notebook.cells[segment.cell].source]));
  const { changed, ...result } = fixCells(sources, lint, breaksParse, options);
  return { ...result, text: changed.size === 0 ? facts.fileText : replaceCellSources(facts.fileText, facts.notebook, changed) };
}
