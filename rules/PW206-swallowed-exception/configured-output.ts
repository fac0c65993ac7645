// An output the configuration turns on, switched off by a set-up failure nobody hears about:
// inside `if config.s3.enabled:`, a try that only creates the output's client or uploader
// (`self.s3_uploader = create_s3_uploader()`) and a handler that reports and falls through. The
// handle stays unset, later code tests it (`if self.s3_uploader:`) and skips the output: the run
// is green and what the configuration asked to be written never is. Creating a client outside
// such a branch (an optional convenience, a lazy client) is not this shape.

import type { TryFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { lineStart } from '../support/module-edits';
import { isReportLine, outerCallsIn } from './outer-calls';
import type { GuardedIo } from './stage-io';
import type { SourceText } from '../../server/src/engine/source-text';

const IF_HEADER = /^if\s/;
/** An enable flag of the configuration: `cfg.s3.enabled`, `settings.upload_enabled`, `enable_s3`. */
const ENABLE_WORD = /enabled?\b|\benable_/i;
/** How many lines above the try its `if` header may sit (comments and blank lines between). */
const MAX_LINES_UP = 20;

function indentAt(text: SourceText, start: number): number {
  let i = start;
  while (text.charAt(i) === ' ' || text.charAt(i) === '\t') i++;
  return i - start;
}

/** The condition of the `if` whose block the try opens, when it tests an enable flag. */
function enablingCondition(t: TryFact, text: SourceText): string | null {
  const tryLine = lineStart(text, t.start);
  const indent = indentAt(text, tryLine);
  const floor = t.fn ? t.fn.bodyStart : 0;
  let end = tryLine - 1;
  for (let lines = 0; end > floor && lines < MAX_LINES_UP; lines++) {
    const start = lineStart(text, end);
    const content = text.slice(start, end).trim();
    end = start - 1;
    if (content === '' || content.startsWith('#')) continue;
    if (indentAt(text, start) >= indent) continue;
    const header = content.replace(/#.*$/, '').trim();
    if (!IF_HEADER.test(header) || !header.endsWith(':')) return null;
    const condition = header.slice(2, -1).trim();
    return ENABLE_WORD.test(condition) && !condition.startsWith('not ') ? condition : null;
  }
  return null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The output a swallowed set-up failure disables: the try, in an enable-flag branch, only binds
 * handles to what calls create (and reports), and code outside the try tests one of those handles.
 */
export function configuredOutputOf(t: TryFact, py: PythonFacts, text: SourceText): GuardedIo | null {
  const bindings = py.assignments.filter((a) => a.call !== null && a.valueStart >= t.bodyStart && a.valueEnd <= t.bodyEnd);
  if (bindings.length === 0) return null;
  const outer = outerCallsIn(py, t.bodyStart, t.bodyEnd);
  if (!outer.every((call) => bindings.some((a) => a.call === call) || isReportLine(call, py))) return null;
  const condition = enablingCondition(t, text);
  if (!condition) return null;
  for (const binding of bindings) {
    const handle = escapeRegExp(binding.target);
    const tested = new RegExp(`\\b(if|elif|and|or)\\s+(not\\s+)?${handle}\\b(?!\\.)|\\b${handle}\\s+is\\s+(not\\s+)?None\\b`, 'g');
    const whole = text.toString();
    for (let m = tested.exec(whole); m; m = tested.exec(whole)) {
      if (m.index < t.start || m.index >= t.end) return { call: binding.call!, via: null, disables: condition };
    }
  }
  return null;
}
