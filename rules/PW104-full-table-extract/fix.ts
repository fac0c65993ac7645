// The fix: a pandas read_sql of one table becomes an incremental extract with a file-backed
// watermark (WHERE <column> > %s, the last watermark read before the query, the new one saved
// after the stage writes its output).

import type { CallFact, FunctionFact, StringFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { connectionLibrary, methodOf, sqlCallOf } from '../../server/src/engine/knowledge';
import { renderSnippet } from '../../server/src/engine/snippets';
import { findTopLevelClause, selectItems, tokenizeSql } from '../../server/src/engine/sql';
import type { Fix, RuleContext, TextEdit } from '../../server/src/engine/types';
import { appendArgumentEdits } from '../support/call-arguments';
import { indentAt, lineStart, nextLineStart, topLevelStart } from '../support/module-edits';
import type { Extract } from './extract';
import type { Read } from './read';
import type { Scopes } from './scopes';
import { isWrite } from './stage';
import type { SourceText } from '../../server/src/engine/source-text';

const TITLE_PREFIX = 'Pipewise (PW104):';
const WATERMARK_COLUMNS = ['updated_at', 'modified_at', 'last_modified', 'last_modified_at', 'updated', 'modified', 'last_updated', 'updated_on', 'modified_on', 'update_time', 'updated_time', 'changed_at', 'ingested_at', 'loaded_at', 'inserted_at', 'created_at'];
const DEFAULT_WATERMARK = 'updated_at';

let storeSource: string | undefined;

/** The WatermarkStore class from the `pw-watermark-state` snippet (rendered once). */
export function watermarkStoreSource(): string {
  storeSource ??= renderSnippet('pw-watermark-state');
  return storeSource;
}

interface ParamStyle {
  placeholder: '%s' | '?';
}

/** The placeholder of the connection given to read_sql: its driver's DB-API paramstyle. */
function connectionStyle(call: CallFact, py: PythonFacts, text: SourceText): ParamStyle | null {
  const con = call.args.find((a) => a.kind === 'keyword' && a.name === 'con') ?? call.args.filter((a) => a.kind === 'positional')[1];
  if (!con) return null;
  const name = text.slice(con.start, con.end);
  if (!/^[A-Za-z_]\w*$/.test(name)) return null;
  const assignment = py.lastAssignment(name, call.fn, call.start);
  if (!assignment?.call) return null;
  const style = connectionLibrary(assignment.call, py)?.paramStyle;
  return style === 'pyformat' || style === 'format' ? { placeholder: '%s' } : style === 'qmark' ? { placeholder: '?' } : null;
}

export function watermarkColumn(sql: string): string | null {
  const items = selectItems(sql);
  if (!items) return null;
  const bare = items.map((item) => item.trim().replace(/^[\w"`]+\./, '').replace(/["`]/g, '').toLowerCase());
  const named = WATERMARK_COLUMNS.find((c) => bare.includes(c));
  if (named) return named;
  return bare.some((b) => b === '*') ? DEFAULT_WATERMARK : null;
}

export /** pandas `read_sql`/`read_sql_query` (not read_gbq or polars): what the fix knows how to rewrite. */
function isPandasReadSql(call: CallFact, py: PythonFacts): boolean {
  return sqlCallOf(call, py)?.library.id === 'pandas' && /^read_sql(_query)?$/.test(methodOf(py.resolveCall(call)));
}

function occurrences(text: SourceText, name: string, start: number, end: number): number {
  return [...text.slice(start, end).matchAll(new RegExp(`(?<![\\w.])${name}\\b`, 'g'))].length;
}

/** The single plain string literal that holds the query, and whether it sits in a variable. */
export function queryLiteral(read: Read, extract: Extract, text: SourceText): StringFact | null {
  const template = extract.template;
  if (!template || template.root.kind !== 'literal' || template.root.foreignTemplate) return null;
  if (template.pieces.length !== 1 || template.pieces[0].type !== 'text') return null;
  const str = template.pieces[0].str;
  if (str.isBytes || str.isFString || str.start !== template.root.start || str.end !== template.root.end) return null;
  const assignment = template.root.assignment;
  if (assignment) {
    const fn = read.call.fn;
    if (!fn || assignment.fn !== fn || occurrences(text, assignment.target, fn.bodyStart, fn.bodyEnd) !== 2) return null;
  } else if (template.root.start !== read.arg?.start) {
    return null;
  }
  return str;
}

/** Where the new watermark is saved: after the last write of the frame at the read's level, else right after the read. */
export function saveOffset(read: Read, statementEnd: number, indent: string, py: PythonFacts, scopes: Scopes, text: SourceText, fn: FunctionFact): number {
  const writes = scopes.callsOf(fn).filter((c) => c.start > read.call.end && isWrite(c, py));
  const last = writes[writes.length - 1];
  if (!last || indentAt(text, lineStart(text, last.start) + indentAt(text, last.start).length).length < indent.length) return statementEnd;
  let at = nextLineStart(text, last.end);
  while (at < fn.end && at < text.length) {
    const lineEnd = nextLineStart(text, at);
    const line = text.slice(at, lineEnd);
    if (line.trim() !== '' && (/^[ \t]*/.exec(line)?.[0].length ?? 0) <= indent.length) break;
    at = lineEnd;
  }
  return Math.min(at, fn.end === text.length ? text.length : nextLineStart(text, fn.end - 1));
}

export function buildFix(ctx: RuleContext, py: PythonFacts, scopes: Scopes, read: Read, extract: Extract): Fix | null {
  const text = ctx.doc.sourceText;
  const fn = read.call.fn;
  if (!fn || read.kind !== 'query' || !isPandasReadSql(read.call, py) || !extract.sql) return null;
  if (read.call.args.some((a) => a.name === 'params' || a.kind === 'dict-splat') || read.call.args.filter((a) => a.kind === 'positional').length > 2) return null;
  if (extract.tables.length !== 1 || /\u0000|pw_constant|pw_fragment/.test(extract.tables[0].name)) return null;
  const sql = extract.sql;
  for (const clause of ['ORDER BY', 'GROUP BY', 'HAVING', 'UNION', 'EXCEPT', 'INTERSECT', 'QUALIFY', 'WINDOW']) if (findTopLevelClause(sql, clause) >= 0) return null;
  if (tokenizeSql(sql).some((t) => t.type === 'placeholder' || t.text === '%' || t.text === '%%')) return null;
  const column = watermarkColumn(sql);
  if (!column) return null;
  const str = queryLiteral(read, extract, text);
  if (!str) return null;
  const style = connectionStyle(read.call, py, text);
  if (!style) return null;

  // The read must be a statement of its own: `frame = pd.read_sql(…)` on its line.
  const assignment = scopes.assignmentOf(read.call);
  if (!assignment || !/^[A-Za-z_]\w*$/.test(assignment.target) || assignment.fn !== fn) return null;
  const statementStart = lineStart(text, assignment.targetStart);
  const indent = indentAt(text, assignment.targetStart);
  if (text.slice(statementStart, assignment.targetStart) !== indent) return null;
  const statementEnd = nextLineStart(text, read.call.end);
  if (!/^[ \t]*(#.*)?\r?\n?$/.test(text.slice(read.call.end, statementEnd))) return null;
  const functionText = text.slice(fn.bodyStart, fn.bodyEnd);
  if (/\b(last_watermark|watermark_store)\b/.test(functionText)) return null;

  // The query literal: the predicate goes before LIMIT, else at the end of the statement.
  const value = str.value;
  const limit = findTopLevelClause(value, 'LIMIT');
  const at = limit >= 0 ? limit : value.replace(/(?<![\s;])[\s;]+$/, '').length;
  if (at > str.identityUntil) return null;
  const predicate = renderSnippet('pw-incremental-predicate', { updated_at: column, '%s': style.placeholder });
  const queryEdit: TextEdit = limit >= 0
    ? { start: str.contentStart + at, end: str.contentStart + at, newText: `${predicate} ` }
    : { start: str.contentStart + at, end: str.contentStart + at, newText: `${/\s$/.test(value.slice(0, at)) ? '' : ' '}${predicate}` };

  const table = extract.tables[0].name;
  const frame = assignment.target;
  const edits: TextEdit[] = [];
  const bound = scopes.watermarkStoreBinding;
  if (bound === null) {
    const imports = scopes.storeImports(text);
    if (!imports) return null;
    const helper = scopes.storeHelper(text, topLevelStart(py, fn.start), imports);
    if (!helper) return null;
    edits.push(...imports, helper);
  } else if (bound !== 'class') {
    return null;
  }
  const readLines = renderSnippet('pw-watermark-read', { orders: table }, indent);
  edits.push({ start: statementStart, end: statementStart, newText: `${indent}${readLines}\n` });
  edits.push(queryEdit);
  const params = appendArgumentEdits(text, read.call, 'params=[last_watermark]');
  if (!params) return null;
  edits.push(...params);
  const saveAt = saveOffset(read, statementEnd, indent, py, scopes, text, fn);
  const saveLines = renderSnippet('pw-watermark-save', { frame, orders: table, updated_at: column }, indent);
  const needsBreak = saveAt === text.length && !text.endsWith('\n');
  edits.push({ start: saveAt, end: saveAt, newText: `${needsBreak ? '\n' : ''}${indent}${saveLines}\n` });
  return {
    title: `${TITLE_PREFIX} Extract ${table} incrementally on watermark column ${column}`,
    edits,
    safe: false,
    preferred: true,
  };
}
