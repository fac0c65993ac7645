// Rows skipped by a warehouse bulk load: Snowflake `COPY INTO … ON_ERROR = 'CONTINUE'` (or
// `SKIP_FILE…`) loads what parses and skips the rest, Redshift `COPY … MAXERROR n` tolerates up to
// n bad rows. The load succeeds; the skipped rows are reported only in the COPY's own result
// (Snowflake's `errors_seen`/`first_error` per file) or in a system table (Redshift
// `STL_LOAD_ERRORS`). A stage that never reads either loses them without a count.
// Not reported: `VALIDATION_MODE` (a dry run that loads nothing), a stage that reads the COPY's
// result right after running it (`cur.execute(copy); results = cur.fetchall()`), or one that
// looks at the rejects (`VALIDATE(…)`, the load-error tables, the `errors_seen` column).

import type { RuleContext } from '../../server/src/engine/types';
import type { StringFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { EXECUTE_METHODS, FETCH_METHODS, methodOf } from '../../server/src/engine/knowledge';
import type { SourceText } from '../../server/src/engine/source-text';

const COPY = /\bCOPY\s+(INTO\s+)?[\w."{}@$`]+/i;
/** The clause that tolerates bad rows: Snowflake ON_ERROR CONTINUE / SKIP_FILE, Redshift MAXERROR above 0. */
const TOLERANCE = /\bON_ERROR\s*=\s*'?(CONTINUE|SKIP_FILE(?:_\d+%?)?)'?|\bMAXERROR\s+(?:AS\s+)?([1-9]\d*|\{)/i;
/** A dry run: the COPY only reports the errors it would meet. */
const DRY_RUN = /\bVALIDATION_MODE\b/i;
/** Reading what the load rejected: Snowflake's COPY result columns and VALIDATE(), Redshift's load-error tables. */
const REJECTS_READ = /errors_seen|first_error|\bVALIDATE\s*\(|stl_load_errors|sys_load_error_detail|load_errors/i;

const EXECUTES: ReadonlySet<string> = new Set(EXECUTE_METHODS);
const FETCHES: ReadonlySet<string> = new Set(FETCH_METHODS);

export interface CopySkip {
  start: number;
  end: number;
  clause: string;
}

/** The tolerating clause of a COPY statement written in this string, or null. */
export function copySkipOf(str: StringFact, text: SourceText): CopySkip | null {
  if (str.contentEnd - str.contentStart < 20) return null;
  // The source text of the literal: offsets map one to one, f-string fields stay as written.
  const written = text.slice(str.contentStart, str.contentEnd);
  if (!COPY.test(written) || DRY_RUN.test(written)) return null;
  const m = TOLERANCE.exec(written);
  if (!m) return null;
  const start = str.contentStart + m.index;
  return { start, end: start + m[0].length, clause: m[0].replace(/\s+/g, ' ') };
}

/**
 * The function (or script) reads what the COPY skipped: the rejects by name, or the COPY's own
 * result, fetched before any other statement runs on a cursor.
 */
function readsRejects(str: StringFact, py: PythonFacts, text: SourceText): boolean {
  const fn = py.functionAt(str.start);
  const end = fn ? fn.end : text.length;
  if (REJECTS_READ.test(text.slice(str.end, end))) return true;
  let executed = false;
  // The call running the COPY holds the literal or comes after it; calls in the order they finish.
  const later = py.ownFacts(fn).calls.filter((c) => c.end >= str.end).sort((a, b) => a.end - b.end);
  for (const call of later) {
    const method = methodOf(call.callee);
    if (FETCHES.has(method)) return executed;
    if (EXECUTES.has(method)) {
      if (executed) return false;
      executed = true;
    }
  }
  return false;
}

export function checkCopySkips(ctx: RuleContext, py: PythonFacts, text: SourceText): void {
  for (const str of ctx.statement?.strings ?? py.strings) {
    if (str.isBytes) continue;
    const skip = copySkipOf(str, text);
    if (!skip || readsRejects(str, py, text)) continue;
    ctx.report({
      start: skip.start,
      end: skip.end,
      message: `COPY with ${skip.clause} skips the rows it cannot load without counting them; read the COPY result (errors_seen, first_error) or the load-error table and log or fail on the rejects`,
      fixes: [],
      fingerprintText: `copy|${skip.clause}`,
    });
  }
}
