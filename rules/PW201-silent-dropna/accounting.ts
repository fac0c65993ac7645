// Whether the function accounts for the rows a drop removes (a dropna, a null filter): row counts
// of the frame before and after that reach a log line, metric, assert/raise or reporting branch,
// or a null count of the frame (or of every column the drop tests) used that way, or a rejects write.

import { isAccountingUse, measuresFrame, type Scope } from '../support/data-accounting';

/** Rows removed from `source` by the expression [start, end), kept in `target`. */
export interface RowDrop {
  start: number;
  /** End of the drop and of the row-preserving calls chained on it. */
  end: number;
  source: string | null;
  target: string | null;
  /** The columns a `subset=` names, when written as literals. */
  columns?: readonly string[];
}

/** `geo["district"]`, `geo.district`: the subject is column `column` of some frame. */
function isColumnOf(subject: string, column: string): boolean {
  return subject.endsWith(`["${column}"]`) || subject.endsWith(`['${column}']`) || subject.endsWith(`.${column}`);
}

export function isAccounted(scope: Scope, drop: RowDrop): boolean {
  const { source, target } = drop;
  const frames = new Set<string>([source, target].filter((n): n is string => n !== null));
  const before = (s: { end: number }) => s.end <= drop.start;
  const after = (s: { start: number }) => s.start >= drop.end;
  const distinct = source !== null && target !== null && source !== target;
  const rowsOf = (name: string | null, where: (s: { start: number; end: number }) => boolean) =>
    name === null ? [] : scope.sites.filter((s) => s.kind === 'rows' && s.subject === name && where(s));
  const sourceRows = rowsOf(source, (s) => before(s) || (distinct && after(s)));
  const targetRows = rowsOf(target, after);
  if (sourceRows.length > 0 && targetRows.length > 0) return true;
  const candidates = [...targetRows, ...(distinct ? rowsOf(source, after) : [])];
  if (source !== null) {
    for (const s of scope.sites) {
      if (s.kind === 'nulls' && measuresFrame(s.subject, source) && (before(s) || (distinct && after(s)))) candidates.push(s);
    }
  }
  if (candidates.some((s) => isAccountingUse(scope, s.start, frames))) return true;
  // Every tested column's nulls counted and logged before (on the frame it came from, say before a merge).
  const columns = drop.columns ?? [];
  return columns.length > 0 && columns.every((column) => scope.sites.some((s) => s.kind === 'nulls' && before(s) && isColumnOf(s.subject, column) && isAccountingUse(scope, s.start, frames)));
}
