// The calls a range of code makes itself: the outermost ones, not the calls nested in their arguments
// (`log.info(len(rows))` is one call here, the log line). What a try body or a branch does is read
// from these.

import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { isLogCall } from '../support/logging-calls';
import { isPrintCall } from './handler-outcome';

export function outerCallsIn(py: PythonFacts, start: number, end: number): CallFact[] {
  const calls = py.callsIn(start, end);
  return calls.filter((call) => !calls.some((other) => other !== call && other.start <= call.start && call.end <= other.end));
}

/** A log or print line: what a range may do besides its work and still only report. */
export function isReportLine(call: CallFact, py: PythonFacts): boolean {
  return isLogCall(call, py) || isPrintCall(call, py);
}
