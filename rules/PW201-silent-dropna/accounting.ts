// Whether the function accounts for the rows a dropna removes: row counts of the frame before and
// after that reach a log line, metric, assert/raise or reporting branch, or a null count of the
// frame used that way, or a rejects write.

import { isAccountingUse, measuresFrame, type Scope } from '../support/data-accounting';
import type { DropSite } from './dropna-site';
import type { ResultFlow } from './result-flow';

export function isAccounted(scope: Scope, site: DropSite, flow: ResultFlow, target: string | null): boolean {
  const { call } = site;
  const source = site.name;
  const frames = new Set<string>([source, target].filter((n): n is string => n !== null));
  const before = (s: { end: number }) => s.end <= call.start;
  const after = (s: { start: number }) => s.start >= flow.chainEnd;
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
  return candidates.some((s) => isAccountingUse(scope, s.start, frames));
}
