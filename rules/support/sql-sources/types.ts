// The shapes a SQL template is made of: the expression that builds the text (a site), the text
// pieces it is written with and the values spliced into it (slots), and the assembled template.

import type { AssignmentFact, FunctionFact, StringFact } from '../../../server/src/engine/python/facts';

export type PieceOrigin = 'plain' | 'fstring' | 'format' | 'percent';

/** One expression that builds SQL text (a literal, f-string, `%`, `.format()` or `+`). */
export interface Site {
  start: number;
  end: number;
  kind: 'literal' | 'fstring' | 'percent-format' | 'format-call' | 'concat';
  /** The assignment whose value this is (`query = f"…"`), null for an argument written in place. */
  assignment: AssignmentFact | null;
  /** The template text lives in another statement (`TEMPLATE.format(…)`, `TEMPLATE % x`). */
  foreignTemplate: boolean;
}

export interface TextPiece {
  type: 'text';
  /** Decoded for analysis (escapes resolved, `{{`/`%%` collapsed). */
  text: string;
  /** Source text of the piece inside its string literal. */
  raw: string;
  rawStart: number;
  rawEnd: number;
  origin: PieceOrigin;
  str: StringFact;
  site: Site;
}

export type SlotSafety = 'constant' | 'safe-expression' | 'placeholders' | 'name' | 'expression';

export interface SlotPiece {
  type: 'slot';
  /** Source text of the spliced expression (`user_id`, `str(x)`, `cfg["table"]`). */
  expr: string;
  /** Source range of the whole field: `{uid!r}` in an f-string, `%s` or `{}` in a template, the operand of `+`. */
  rawStart: number;
  rawEnd: number;
  safety: SlotSafety;
  /** Known text of a constant (`table = "orders"` → `orders`), used for analysis. */
  inline?: string;
  site: Site;
  /** The field is an f-string interpolation (`{…}` in the source), which a rewrite can keep as is. */
  fstringField: boolean;
  /**
   * Where the spliced expression is written (for `%` and `.format()`, the argument; for `{0.name}`,
   * the object) and the function it is in; null when no argument matches (`**kwargs`).
   */
  source: SlotSource | null;
}

export interface SlotSource {
  start: number;
  end: number;
  fn: FunctionFact | null;
}

export type Piece = TextPiece | SlotPiece;

export interface SqlTemplate {
  pieces: Piece[];
  /** Analysis text: text pieces, inlined constants, U+0000 for every other spliced value. */
  text: string;
  /** Offsets in `text` of the U+0000 of each non-inlined slot. */
  offsets: Map<SlotPiece, number>;
  root: Site;
  /**
   * The variable holding the text is extended with `+=` before it is used (`query += " WHERE …"`,
   * often under an `if`): the appended pieces follow the first assignment's, but which of them run
   * depends on the branches taken.
   */
  extended?: boolean;
}
