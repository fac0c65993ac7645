// Findings kept for a document whose analysis state was dropped (documents.ts, evict): what a
// diagnostic shows, without what reaches into the facts. A remembered finding holds its statement
// and, through the lint context, the whole document's facts; a fix's edits are computed from them.
// A detached copy keeps each fix's title and flags but no edits: code actions and hover analyse
// such a document again first (DiagnosticsService.resultFor), so they never read these edits.

import type { Finding, Fix } from '../engine/types';

function detachedFix(fix: Fix): Fix {
  const copy = {} as Record<string, unknown>;
  // Key by key: reading a remembered fix's `edits` would compute them.
  for (const key of Object.keys(fix)) copy[key] = key === 'edits' ? [] : (fix as unknown as Record<string, unknown>)[key];
  return copy as unknown as Fix;
}

/** A copy of `finding` that refers to no analysis state. */
export function detachedFinding(finding: Finding): Finding {
  const copy: Finding = { ...finding, fixes: finding.fixes.map(detachedFix) };
  if (finding.related) copy.related = finding.related.map((related) => ({ ...related }));
  return copy;
}
