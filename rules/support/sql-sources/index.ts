// Where the SQL text of a call comes from: the calls that take SQL (DB-API cursors, SQLAlchemy
// text()/execute, pandas read_sql*, spark.sql, BigQuery client.query, Airflow hooks…), and the
// SQL *template* of an argument: the string pieces and the values spliced into them by f-strings,
// `%`, `.format()` and `+`, followed through local variables (`q = …; q2 = q + …`, two hops).
// Each spliced value is classified as constant (UPPER_CASE names, names only ever bound to
// literals, loops over literal lists, int()/len() results, placeholder lists) or not.
// Shared by PW102 (SQL built from strings) and PW104 (full-table extract); which calls take SQL
// is the library model's (engine/knowledge sqlCallOf).

import type { ArgFact, AssignmentFact, FunctionFact } from '../../../server/src/engine/python/facts';
import type { PythonFacts } from '../../../server/src/engine/python/python-facts';
import { AssignmentIndex, SIMPLE_NAME, type Builder } from './scope';
import { CALLABLES, CallableIndex } from './task-callables';
import { buildTemplate, extendedBetween, textAssignment } from './templates';
import { withExtensions } from './extensions';
import type { SlotPiece, SqlTemplate } from './types';
import type { SourceText } from '../../../server/src/engine/source-text';

export type { Piece, PieceOrigin, Site, SlotPiece, SlotSafety, SlotSource, SqlTemplate, TextPiece } from './types';
export { closingBracket, fieldExpression, splitTopLevel, topStrings, trimRange, unparenthesize } from './scanning';
export { analysisText, extendedBetween, textAssignment } from './templates';
export { exportedTaskCallables } from './task-callables';

export class SqlSources {
  private readonly byTarget: AssignmentIndex;
  private readonly callables: CallableIndex;
  private readonly cache = new Map<string, SqlTemplate | null>();

  constructor(readonly py: PythonFacts, readonly text: SourceText) {
    this.byTarget = new AssignmentIndex(py);
    let callables = CALLABLES.get(py);
    if (!callables) CALLABLES.set(py, (callables = new CallableIndex(py, text)));
    this.callables = callables;
  }

  /**
   * The SQL template of an argument: built in place, or held by a variable assigned (in the same
   * function, or at module level) from a literal or a string build. Null when unknown.
   */
  templateOfArg(arg: ArgFact, fn: FunctionFact | null): SqlTemplate | null {
    const b: Builder = { py: this.py, text: this.text, fn, byTarget: this.byTarget, callables: this.callables };
    if (arg.shape.kind === 'name' && SIMPLE_NAME.test(this.text.slice(arg.start, arg.end))) {
      const name = this.text.slice(arg.start, arg.end);
      const assignment = textAssignment(this.py, this.text, name, fn, arg.start);
      if (!assignment) return null;
      const template = this.templateOfAssignment(assignment, b);
      if (template && extendedBetween(this.text, name, assignment.valueEnd, arg.start)) return withExtensions(b, template, name, fn, assignment.valueEnd, arg.start);
      return template;
    }
    return this.cached(`a${arg.start}:${arg.end}`, () => buildTemplate(b, arg.shape, null, 0));
  }

  templateOfAssignment(assignment: AssignmentFact, b?: Builder): SqlTemplate | null {
    const builder = b ?? { py: this.py, text: this.text, fn: assignment.fn, byTarget: this.byTarget, callables: this.callables };
    return this.cached(`s${assignment.valueStart}:${assignment.valueEnd}`, () => buildTemplate({ ...builder, fn: assignment.fn }, assignment.shape, assignment, 1));
  }

  private cached(key: string, build: () => SqlTemplate | null): SqlTemplate | null {
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key) ?? null;
  }

  /** Non-inlined slots of a template whose value is not constant. */
  static variableSlots(template: SqlTemplate): SlotPiece[] {
    return [...template.offsets.keys()].filter((s) => s.safety === 'name' || s.safety === 'expression');
  }
}
