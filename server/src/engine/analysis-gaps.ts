// What was not checked in a file, so that no output can pass by checking nothing: a file skipped
// (too large, binary, unreadable), one that does not parse, a statement nested too deeply to
// analyse, an analysis that failed. The CLI reports each in every format and exits 3; the
// language server shows one information diagnostic instead of leaving stale ones.

import type { DocumentFacts } from './document';

export type AnalysisGapKind = 'skipped' | 'syntax-error' | 'too-deep' | 'failed';

export interface AnalysisGap {
  kind: AnalysisGapKind;
  /** Says what was not checked and why, e.g. "not checked: larger than 5 MB". */
  message: string;
  /** Where (offsets in the file's text); 0/0 for the whole file. */
  start: number;
  end: number;
}

/** The report id of analysis gaps in JSON output, beside the rules' PW1xx–PW4xx. */
export const GAP_REPORT_ID = 'PW000';

export function skippedGap(reason: string): AnalysisGap {
  return { kind: 'skipped', message: `not checked: ${reason}`, start: 0, end: 0 };
}

export function failedGap(error: unknown): AnalysisGap {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return { kind: 'failed', message: `could not be fully analysed (${reason}); findings may be missing`, start: 0, end: 0 };
}

export function syntaxErrorGap(offset: number): AnalysisGap {
  return { kind: 'syntax-error', message: 'not fully checked: the file does not parse (syntax error here); findings may be missing', start: offset, end: offset };
}

/** Statements too deeply nested to analyse (their facts stop at MAX_VISIT_DEPTH). */
export function depthGaps(doc: DocumentFacts): AnalysisGap[] {
  const gaps: AnalysisGap[] = [];
  for (const chunk of doc.python?.rawChunks ?? []) {
    if (chunk.tooDeep) gaps.push({ kind: 'too-deep', message: 'not fully checked: this statement is too deeply nested to analyse; findings inside it may be missing', start: chunk.start, end: chunk.start });
  }
  if (doc.yaml?.tooDeep) gaps.push({ kind: 'too-deep', message: 'not checked: the YAML is too deeply nested to analyse', start: 0, end: 0 });
  return gaps;
}
