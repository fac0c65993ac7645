// An open notebook linted on every keystroke, as a flat Python document is: one PythonSource per
// notebook keeps the joined module's tree, a change to one cell reaches it as one tree edit (cells
// are neutralised at the same length, so a cell offset maps linearly into the module), the
// incremental rules reuse what unchanged statements yielded, and fixes are placed in cells only
// when asked for (a code action), not for every finding on every keystroke.

import type { EffectiveConfig } from '../config';
import { createDocumentFacts, type DocumentFacts } from '../document';
import { lintDocument } from '../linter';
import { PythonSource, type TreeEdit } from '../python/python-source';
import { diffEdit } from '../python/text-diff-edit';
import type { Rule } from '../types';
import { NotebookLint, type CellFinding, type LintCellsOptions, type LiveCell } from './lint-cells';
import { moduleOfSources, type CellSources } from './notebook-edits';
import { withCellSource, type NotebookModule } from './notebook-module';

interface Analysed {
  ids: readonly string[];
  sources: readonly string[];
  module: NotebookModule;
}

/** The module text a cell takes, its separating newline included (slicing the module would copy it whole). */
function spanOf(module: NotebookModule, index: number): string {
  const { text } = module.segments[index];
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * The tree edit from the module analysed before to `module`: when the cells are the same but for
 * one, the difference inside that cell placed at the cell's offset and line; otherwise the
 * difference of the whole texts. null when nothing changed.
 */
export function moduleEdit(before: Analysed, ids: readonly string[], sources: readonly string[], module: NotebookModule): TreeEdit | null {
  let changed = -1;
  let sameCells = ids.length === before.ids.length;
  for (let i = 0; sameCells && i < ids.length; i++) {
    if (ids[i] !== before.ids[i]) sameCells = false;
    else if (sources[i] !== before.sources[i]) {
      if (changed >= 0) sameCells = false;
      changed = i;
    }
  }
  if (!sameCells) return diffEdit(before.module.text, module.text);
  if (changed < 0) return null;
  // A %%sql cell sits inside text the module adds around it (notebook-module.ts): not at a line start.
  if (before.module.segments[changed].leadStart !== undefined || module.segments[changed].leadStart !== undefined) return diffEdit(before.module.text, module.text);
  const inCell = diffEdit(spanOf(before.module, changed), spanOf(module, changed));
  if (!inCell) return null;
  // A cell starts a line, so columns inside it are module columns.
  const { start, row } = before.module.segments[changed];
  const at = (point: { row: number; column: number }) => ({ row: point.row + row, column: point.column });
  return {
    startIndex: inCell.startIndex + start,
    oldEndIndex: inCell.oldEndIndex + start,
    newEndIndex: inCell.newEndIndex + start,
    startPosition: at(inCell.startPosition),
    oldEndPosition: at(inCell.oldEndPosition),
    newEndPosition: at(inCell.newEndPosition),
  };
}

/** Whether the cells both lists hold are in another order (a cell was moved). */
export function reordered(before: readonly string[], after: readonly string[]): boolean {
  const kept = new Set(after);
  const order = new Map<string, number>();
  let next = 0;
  for (const id of before) if (kept.has(id)) order.set(id, next++);
  let last = -1;
  for (const id of after) {
    const at = order.get(id);
    if (at === undefined) continue;
    if (at < last) return true;
    last = at;
  }
  return false;
}

export class LiveNotebook {
  private source: PythonSource | null = null;
  private analysed: Analysed | null = null;

  constructor(
    private readonly rules: readonly Rule[],
    private readonly notebookPath: string,
  ) {}

  /** The code cells' findings (in notebook order), each placed in its cell; fixes on request. */
  lint(cells: readonly LiveCell[], config: EffectiveConfig, options: LintCellsOptions = {}): NotebookLint {
    const ids = cells.map((cell) => cell.id);
    const sourceList = cells.map((cell) => cell.source);
    const sources = new Map(sourceList.map((source, index) => [index, source]));
    const module = this.moduleOf(ids, sourceList, sources);
    const doc = this.analyze(ids, sourceList, module);
    const findings = lintDocument(doc, this.rules, config, options.onRuleError, options.project);
    const placed: CellFinding[] = [];
    for (const finding of findings) {
      if (options.keep && !options.keep(finding)) continue;
      const range = NotebookLint.placeInCell(module, sources, finding.start, Math.max(finding.start, finding.end));
      if (range) placed.push({ cell: ids[range.cell], start: range.start, end: range.end, finding });
    }
    return new NotebookLint(cells, sources, module, placed);
  }

  dispose(): void {
    this.source?.dispose();
    this.source = null;
    this.analysed = null;
  }

  /** The module of the cells: the one analysed last when nothing changed, that one with the edited cell's text replaced when one cell changed, else joined afresh. */
  private moduleOf(ids: readonly string[], sources: readonly string[], bySource: CellSources): NotebookModule {
    const before = this.analysed;
    if (before && before.ids.length === ids.length) {
      let changed = -1;
      for (let i = 0; i < ids.length && changed !== -2; i++) {
        if (ids[i] !== before.ids[i]) changed = -2;
        else if (sources[i] !== before.sources[i]) changed = changed === -1 ? i : -2;
      }
      if (changed === -1) return before.module;
      const edited = changed >= 0 ? withCellSource(before.module, changed, sources[changed]) : null;
      if (edited) return edited;
    }
    return moduleOfSources(bySource);
  }

  private analyze(ids: readonly string[], sources: readonly string[], module: NotebookModule): DocumentFacts {
    // Statements moved with their cell would keep what rules remembered about their old place
    // (which write comes first, what is defined above them): a moved cell is analysed afresh.
    if (this.analysed && reordered(this.analysed.ids, ids)) this.dispose();
    if (this.source && this.analysed) {
      const edit = moduleEdit(this.analysed, ids, sources, module);
      if (edit) this.source.edit(edit);
    }
    this.source ??= new PythonSource();
    this.analysed = null;
    try {
      const facts = createDocumentFacts(this.notebookPath, 'python', module.source, { python: this.source.update(module.source) });
      this.analysed = { ids, sources, module };
      return facts;
    } catch (error) {
      // The next text must not be parsed against a tree left half-updated.
      this.dispose();
      throw error;
    }
  }
}
