// Which spliced values are worth a finding: a value (where a literal goes) that can carry text from
// outside the program — read from outside, a command-line or job argument, an environment
// variable, or a parameter whose callers are not in the module; in a statement that cannot take
// bound parameters (DDL, COPY) only data read from outside, which needs validating. An identifier only
// when it comes from data or an argument: names the pipeline lists itself (constants, the
// database's catalog, its configuration) are not reported. A value checked by the code first
// (an allow-list test, a validation helper) is left alone.

import type { CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { methodOf } from '../../server/src/engine/knowledge';
import { statementKind } from '../../server/src/engine/sql';
import type { SlotPiece } from '../support/sql-sources';
import type { Origin } from './resolve';
import type { SourceText } from '../../server/src/engine/source-text';

const DATA = 4;
const ARGUMENT = 3;
const PARAMETER = 1;
/** Statements that cannot take bound parameters, by kind. */
const UNBINDABLE: Readonly<Record<string, string>> = { create: 'CREATE', alter: 'ALTER', drop: 'DROP', copy: 'COPY', truncate: 'TRUNCATE' };
/** Calls that vouch for a name before it is formatted in: `_assert_sql_safety(table)`, `validate_identifier(col)`, `table.isidentifier()`. */
const VALIDATION = /(valid|safe|saniti[sz]|assert|verify|allow|whitelist|quote|escape|identifier|isalnum|isdigit|isnumeric|fullmatch|^match$)/i;

/** The statement kind when parameters cannot be bound in it (`CREATE`, `COPY`…), else null. */
export function unbindableKind(analysis: string): string | null {
  const kind = statementKind(analysis);
  return kind ? UNBINDABLE[kind] ?? null : null;
}

export function isReported(kind: 'value' | 'identifier', origin: Origin, unbindable: string | null): boolean {
  if (kind === 'identifier') return origin.rank >= ARGUMENT;
  // DDL and COPY values are the job's own settings (a bucket, a location from a job argument): only data needs validating there.
  if (unbindable) return origin.rank >= DATA;
  return origin.rank >= PARAMETER;
}

/**
 * The slot's value was checked before the call in the call's function: passed to a validation
 * helper, tested for membership (`if table not in ALLOWED: raise`, `assert col in COLUMNS`).
 */
export function isValidated(slot: SlotPiece, call: CallFact, py: PythonFacts, text: SourceText): boolean {
  const root = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)?/.exec(slot.expr)?.[0];
  if (!root || root === 'self') return false;
  const fn: FunctionFact | null = call.fn;
  for (const c of py.ownFacts(fn).calls) {
    if (c.start >= call.start || !VALIDATION.test(methodOf(c.callee))) continue;
    if (c.callee.startsWith(`${root}.`) || c.args.some((a) => text.slice(a.start, a.end) === root)) return true;
  }
  const from = fn ? fn.bodyStart : 0;
  const before = text.slice(Math.max(from, call.start - 4000), call.start);
  const escaped = root.replace(/\./g, '\\.');
  return new RegExp(`\\b(if|assert|elif)\\s+(not\\s+)?${escaped}\\s+(not\\s+)?in\\s`).test(before);
}
