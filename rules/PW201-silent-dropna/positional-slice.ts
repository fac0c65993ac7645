// A hard-coded positional cut of a frame's rows: `df = df.iloc[1:1001]`, `df = df.head(5000)`.
// The frame keeps its first N rows and whatever the source holds beyond them is dropped without a
// count — the file grows past N and the load silently stops at N. A top-N after a sort is a
// deliberate ranking, and a small N (a preview, a sample for a chart) is not a cap on the data.

import type { AssignmentFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { isDataFrameExpression, isFrameName } from '../../server/src/engine/knowledge';
import type { Scope } from '../support/data-accounting';
import type { SourceText } from '../../server/src/engine/source-text';

/** Below this a cut is a preview or a top-N, not a cap on the data. */
const MIN_CAP = 100;
const ILOC_SLICE = /^([A-Za-z_]\w*)\s*\.\s*iloc\s*\[\s*(\d*)\s*:\s*(\d+)\s*(?:,\s*(?::\s*)?)?\]$/;
const HEAD = /^([A-Za-z_]\w*)\s*\.\s*head\s*\(\s*(?:n\s*=\s*)?(\d+)\s*\)$/;
/** Orderings that make the first rows the chosen ones (a top-N). */
const ORDERING = /\.\s*(sort_values|sort_index|nlargest|nsmallest|orderBy|sort)\s*\(/;

export interface PositionalSlice {
  assignment: AssignmentFact;
  frame: string;
  /** How many rows the cut keeps at most. */
  kept: number;
  written: string;
}

export function positionalSliceOf(assignment: AssignmentFact, py: PythonFacts, text: SourceText, scope: Scope): PositionalSlice | null {
  const written = text.slice(assignment.valueStart, assignment.valueEnd);
  const iloc = ILOC_SLICE.exec(written);
  const head = iloc ? null : HEAD.exec(written);
  const match = iloc ?? head;
  if (!match || match[1] !== assignment.target) return null;
  const kept = iloc ? Number(iloc[3]) - Number(iloc[2] || 0) : Number(match[2]);
  if (!(kept >= MIN_CAP)) return null;
  const frame = match[1];
  if (!isFrameName(py, text, frame, assignment.fn, assignment.valueStart) && !isDataFrameExpression(frame, assignment.fn, assignment.valueStart, py)) return null;
  if (ORDERING.test(text.slice(scope.start, assignment.valueStart))) return null;
  return { assignment, frame, kept, written: written.replace(/\s+/g, ' ') };
}

export function sliceMessage(slice: PositionalSlice): string {
  return `${slice.written} keeps only the first ${slice.kept} rows of ${slice.frame} and drops the rest without counting them; remove the hard-coded cut or log how many rows it leaves out`;
}
