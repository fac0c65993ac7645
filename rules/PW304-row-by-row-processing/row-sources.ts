// Which loops iterate rows: `df.iterrows()`/`itertuples()`, `cursor.fetchall()`, a cursor, CSV
// readers, BigQuery results, `records`/`rows` lists, `range(len(df))` (not `range(0, n, step)`),
// loop variables named `row`/`record`; and loops over a decoded JSON payload.

import type { FunctionFact, LoopFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import {
  CSV_READERS, isDataFrameExpression, isFrameName, isRowResultExpression, methodOf, ROW_ITERATORS, ROW_VALUE_METHODS, yieldsRows,
} from '../../server/src/engine/knowledge';
import type { SourceText } from '../../server/src/engine/source-text';

/** Conversions that iterate a frame's (or a column's) rows: `df.to_numpy()`, `df["id"].tolist()`, `df.values`. */
const VALUE_ITERATORS = new RegExp(`^(.+?)\\.(values\\.(?:${ROW_VALUE_METHODS.join('|')})\\(\\)|(?:${ROW_VALUE_METHODS.join('|')})\\(\\)|values)$`);
const CURSOR_NAME = /^(cur|cursor|curs|\w+_cursor|\w+_cur)$/i;
const ROWS_NAME = /^(rows|records|recs|\w+_rows|\w+_records)$/i;
const ROW_TARGET = /^(row|record|rec|line|\w+_row|\w+_record)$/i;
/** Loop variables that name tables, files or objects (`for table_name in has_new_rows`): one item per table, not per row. */
const NON_ROW_TARGET = /^(tables?|tbl|files?|file_?names?|paths?|file_?paths?|keys?|blobs?|buckets?|prefix(es)?|urls?|endpoints?|sheets?|(table|file|sheet|blob|object|s3)_(name|key|id|path))$/i;

/** Whether the expression holds a DataFrame (by flow, or by a frame name). */
export function isFrame(expression: string, fn: FunctionFact | null, offset: number, py: PythonFacts, text: SourceText): boolean {
  return isDataFrameExpression(expression, fn, offset, py) || (/^[A-Za-z_]\w*$/.test(expression) && isFrameName(py, text, expression, fn, offset));
}

/** The iterated expression as written (`tqdm(df.iterrows(), total=n)`), whitespace collapsed. */
export function iterableText(header: string): string | null {
  const match = header.length > 4_000 ? null : /^for\s+[\s\S]+?\s+in\s+([\s\S]+?)\s*:\s*(#[^\n]*)?\s*$/.exec(header.trim());
  return match ? match[1].replace(/\s+/g, ' ') : null;
}

const FRAME_SIZE = /\blen\(\s*([A-Za-z_][\w.]*)\s*\)|(?<![\w.])([A-Za-z_][\w.]*)\.shape\[\s*0\s*\]/;

/**
 * `range(len(df))` / `range(df.shape[0])` / `range(n_rows)` after `n_rows = len(df)`: one
 * iteration per row. `range(0, len(df), chunk_size)` steps over chunks: not a row loop.
 */
function rangeOverRows(loop: LoopFact, py: PythonFacts, text: SourceText, header: string): string | null {
  const range = py.callsIn(loop.start, loop.bodyStart).find((c) => c.callee === 'range');
  if (range && range.args.length >= 3 && text.slice(range.args[2].start, range.args[2].end).trim() !== '1') return null;
  let sized = FRAME_SIZE.exec(header);
  if (!sized && range && range.args.length === 1) {
    const bound = text.slice(range.args[0].start, range.args[0].end).trim();
    const assignment = /^[A-Za-z_]\w*$/.test(bound) ? py.lastAssignment(bound, loop.fn, loop.start) : undefined;
    if (assignment) sized = FRAME_SIZE.exec(text.slice(assignment.valueStart, assignment.valueEnd));
  }
  const frame = sized?.[1] ?? sized?.[2];
  return frame && isFrame(frame, loop.fn, loop.start, py, text) ? `range(len(${frame}))` : null;
}

/** The loop's header calls a frame's iterrows()/itertuples() (also wrapped: `tqdm(df.iterrows(), total=n)`). */
function iteratesFrameRows(loop: LoopFact, py: PythonFacts): boolean {
  return py.callsIn(loop.start, loop.bodyStart).some((c) => ROW_ITERATORS.has(methodOf(c.callee)));
}

export interface RowSource {
  /** The iterated expression as the message names it. */
  text: string;
  /** Known only by names (`for record in event["Records"]`, `for row in rows`): the items may be files or messages, not rows of data. */
  byName: boolean;
}

/** What the loop iterates when it iterates rows (`orders.iterrows()`, `cur.fetchall()`, `rows`), else null. */
export function rowSource(loop: LoopFact, py: PythonFacts, text: SourceText): RowSource | null {
  if (loop.kind !== 'for') return null;
  const it = loop.iterable;
  const header = text.slice(loop.start, loop.bodyStart);
  const evidence = (found: string | null): RowSource | null => (found === null ? null : { text: found, byName: false });
  if (iteratesFrameRows(loop, py)) return evidence(iterableText(header) ?? it);
  if (isRowResultExpression(it)) return evidence(it);
  if (/\.to_dict\(\)$/.test(it) && /records/.test(header)) return evidence(it);
  const values = VALUE_ITERATORS.exec(it);
  if (values) {
    // `df.columns.tolist()` iterates column names, not rows.
    const receiver = values[1];
    const column = /^(.+)\[\]$/.exec(receiver)?.[1];
    if (!/\.(columns|dtypes|keys\(\))$/.test(receiver) && isFrame(column ?? receiver, loop.fn, loop.start, py, text)) return evidence(it);
  }
  if (/\.index$/.test(it) && isFrame(it.slice(0, -'.index'.length), loop.fn, loop.start, py, text)) return evidence(it);
  if (CSV_READERS.has(py.resolveName(it).replace(/\(\)$/, ''))) return evidence(it);
  if (it === 'range()') return evidence(rangeOverRows(loop, py, text, header));
  if (/^[A-Za-z_]\w*$/.test(it)) {
    const assignment = py.lastAssignment(it, loop.fn, loop.start);
    if (assignment?.call && yieldsRows(assignment.call, py)) return evidence(it);
    if (CURSOR_NAME.test(it)) return evidence(it);
    if (ROWS_NAME.test(it) && !NON_ROW_TARGET.test(loop.target.split(',').pop()?.replace(/[()[\]\s]/g, '') ?? '')) return { text: it, byName: true };
  }
  const lastTarget = loop.target.split(',').pop()?.replace(/[()[\]\s]/g, '') ?? '';
  if (ROW_TARGET.test(lastTarget)) return { text: iterableText(header) ?? (it || 'the rows'), byName: true };
  return null;
}

/** A name bound to, or an expression that is, a decoded JSON payload: `resp.json()`, `json.load(f)`, `json.loads(text)`. */
const JSON_PAYLOAD = /(^|\.)json\(\)$|^json\.loads?\(\)$/;

export function payloadSource(loop: LoopFact, py: PythonFacts): string | null {
  const it = loop.iterable;
  if (JSON_PAYLOAD.test(it)) return it;
  if (!/^[A-Za-z_]\w*$/.test(it)) return null;
  const assignment = py.lastAssignment(it, loop.fn, loop.start);
  if (!assignment?.call) return null;
  const callee = assignment.call.callee;
  return JSON_PAYLOAD.test(`${callee}()`) || py.resolveCall(assignment.call).replace(/\(\)/g, '').match(/^json\.loads?$/) ? it : null;
}

