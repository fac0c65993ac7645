// Executed SQL `INSERT INTO` — passed to an execute-style call, `text()`, `client.query`,
// `spark.sql`, `hook.run` or an Airflow operator's `sql=`, directly or through a variable, a class
// attribute or a `head + rows` concatenation — without ON CONFLICT/MERGE/an anti-join, and with no
// DELETE of the same table before it. Fix: `ON CONFLICT (<key>) DO UPDATE` for PostgreSQL/SQLite.

import type { CallFact, StringFact } from '../../server/src/engine/python/facts';
import type { Fix } from '../../server/src/engine/types';
import { renderSnippet } from '../../server/src/engine/snippets';
import { tablesWritten, tokenizeSql, type SqlToken } from '../../server/src/engine/sql';
import { dialectOfName } from './dialect';
import { clearedTables, EXEC_METHODS, isUpsertSql, sqlArguments, sqlHolder } from './evidence';
import { TITLE_PREFIX } from './edits';
import { inferKey } from './keys';
import type { LoadScope } from './load-scope';
import { displayTarget, isAppendOnlyLog, isStagingName, isStagingTarget, sameTarget, targetFromSql, UNKNOWN, type Target } from './targets';

const CONCAT_HEAD = /^([A-Za-z_]\w*)\s*\+/;

type Pieces = Array<{ str: StringFact; offset: number }>;

export function isSqlRunner(method: string): boolean {
  return EXEC_METHODS.has(method) || /Operator$/.test(method);
}

export function checkExecutedSql(scope: LoadScope, call: CallFact, method: string): void {
  const { py, text } = scope;
  // Strings reported for this call. Another call running the same string reports it again, and
  // the linter keeps one: each call decides on its own, so statements stay independent.
  const reported = new Set<StringFact>();
  for (const arg of sqlArguments(call, method)) {
    const holder = sqlHolder(py, text, arg, call);
    if (!holder) continue;
    let strings = py.stringsIn(holder.start, holder.end).filter((s) => !s.isDocstring);
    if (!strings.some((s) => /insert/i.test(s.value))) {
      // `statement = head + rows_sql` with `head = "INSERT INTO t VALUES "`: the statement's head.
      const head = CONCAT_HEAD.exec(text.slice(holder.start, holder.end))?.[1];
      const bound = head ? py.lastAssignment(head, call.fn, holder.start) : undefined;
      if (bound?.shape.kind === 'literal') strings = [...py.stringsIn(bound.valueStart, bound.valueEnd).filter((s) => !s.isDocstring), ...strings];
    }
    if (strings.length === 0 || !strings.some((s) => /insert/i.test(s.value))) continue;
    checkInsertText(scope, call, strings, reported);
  }
}

function checkInsertText(scope: LoadScope, call: CallFact, strings: StringFact[], reported: Set<StringFact>): void {
  const { text } = scope;
  // Implicit concatenation and `+` pieces form one statement: analyse them joined.
  let joined = '';
  const pieces: Pieces = [];
  for (const s of strings) {
    pieces.push({ str: s, offset: joined.length });
    joined += s.value;
  }
  const tokens = tokenizeSql(joined);
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    if (depth !== 0 || t.type !== 'word' || t.upper !== 'INSERT' || tokens[k + 1]?.upper !== 'INTO') continue;
    const prev = tokens[k - 1];
    if (prev && prev.text !== ';' && prev.text !== ')') continue;
    let end = k + 1;
    let endDepth = 0;
    while (end < tokens.length && !(endDepth === 0 && tokens[end].text === ';')) {
      if (tokens[end].text === '(') endDepth++;
      else if (tokens[end].text === ')') endDepth--;
      end++;
    }
    const statement = tokens.slice(k, end);
    // `INSERT INTO {} …` (str.format) names no table the SQL lexer can read: the target is unknown.
    const ref = tablesWritten(joined.slice(t.start))[0];
    const piece = pieceAt(pieces, t.start);
    if (!piece || reported.has(piece.str)) continue;
    const target = ref ? targetAt(pieces, ref.name, t.start + ref.start, text) : UNKNOWN;
    if (ref && (isStagingTarget(target) || isStagingName(ref.name.replace(/\u0000/g, '')) || (target.kind === 'name' && isAppendOnlyLog(target.name)))) continue;
    if (isUpsertSql(statement) || isAntiJoin(statement)) continue;
    if (scope.evidence.handles(call.fn, target, null)) continue;
    // The slice may be cleared by another statement in the same string (`DELETE …; INSERT …`).
    if (clearedTables(joined, tokens).some((c) => sameTarget(c.name ? targetAt(pieces, c.name, c.start, text) : UNKNOWN, target))) continue;
    reported.add(piece.str);
    const shown = displayTarget(target);
    const range = insertRange(piece, t.start, ref ? t.start + ref.end : tokens[k + 1].end);
    // `head` run by two executes of one statement (`base + rows` in both branches): once.
    const rangeKey = `${range.start}:${range.end}`;
    const statements = scope.insertRanges.get(rangeKey) ?? new Set<unknown>();
    const owner = scope.py.statementAt(call.start);
    if (statements.has(owner)) continue;
    statements.add(owner);
    scope.insertRanges.set(rangeKey, statements);
    scope.ctx.report({
      start: range.start,
      end: range.end,
      // The SQL may be a constant elsewhere: the finding belongs to the call that runs it.
      origin: call.start,
      message: `Insert into ${shown} has no ON CONFLICT/MERGE and no DELETE of the run's slice before it, so re-running the job duplicates rows; upsert on a key or delete the slice first`,
      fixes: onConflictFix(scope, call, statement, pieces, tokens.slice(end).every((x) => x.text === ';'), target),
      fingerprintText: `insert|${shown}`,
    });
  }
}

/** Appends `ON CONFLICT (<key>) DO UPDATE SET …` (rendered from pw-upsert) to an `INSERT … VALUES` statement. */
function onConflictFix(scope: LoadScope, call: CallFact, statement: readonly SqlToken[], pieces: Pieces, lastStatement: boolean, target: Target): Fix[] {
  const { text } = scope;
  if (!lastStatement || target.kind !== 'name') return [];
  const dialect = dialectOfName(scope.py.resolveCall(call)) ?? scope.moduleDialect();
  if (dialect !== 'pg' && dialect !== 'unknown') return [];
  if (!statement.some((t) => t.upper === 'VALUES') || statement.some((t) => t.upper === 'RETURNING' || t.upper === 'SELECT')) return [];
  const columns = columnList(statement);
  if (!columns) return [];
  const key = inferKey(columns, target.name);
  if (!key) return [];
  const updates = columns.filter((c) => c !== key);
  if (updates.length === 0) return [];
  const clause = conflictClause(target.name, key, updates);
  if (!clause) return [];
  const last = pieces[pieces.length - 1];
  if (!last || last.str.isBytes || statement[statement.length - 1].end > last.offset + last.str.value.length) return [];
  const content = text.slice(last.str.contentStart, last.str.contentEnd);
  const trailing = /[\s;]*$/.exec(content)![0];
  const at = last.str.contentStart + content.length - trailing.length;
  const body = content.slice(0, content.length - trailing.length);
  let insertion = ` ${clause}`;
  if (last.str.quote.length === 3 && body.includes('\n')) {
    const lines = body.split('\n');
    const lastLine = [...lines].reverse().find((l) => l.trim() !== '') ?? '';
    insertion = `\n${/^[ \t]*/.exec(lastLine)![0]}${clause}`;
  }
  return [{ title: `${TITLE_PREFIX} Upsert on ${key} with ON CONFLICT … DO UPDATE (needs a unique constraint on ${key})`, edits: [{ start: at, end: at, newText: insertion }], safe: false, preferred: true }];
}

/** The target named at `offset` of the joined pieces, mapped back to its piece's f-string fields. */
function targetAt(pieces: Pieces, name: string, offset: number, text: string): Target {
  const piece = pieceAt(pieces, offset);
  return targetFromSql(name, piece?.str ?? null, offset - (piece?.offset ?? 0), text);
}

function pieceAt(pieces: Pieces, offset: number): { str: StringFact; offset: number } | undefined {
  let found: { str: StringFact; offset: number } | undefined;
  for (const p of pieces) if (p.offset <= offset) found = p;
  return found;
}

/** The `INSERT INTO table` words in the source, or the whole literal when escapes break the mapping. */
function insertRange(piece: { str: StringFact; offset: number }, start: number, end: number): { start: number; end: number } {
  const localStart = start - piece.offset;
  const localEnd = end - piece.offset;
  if (localEnd <= piece.str.identityUntil && localEnd <= piece.str.value.length) return { start: piece.str.contentStart + localStart, end: piece.str.contentStart + localEnd };
  return { start: piece.str.start, end: piece.str.end };
}

/** `INSERT … SELECT … LEFT JOIN t … WHERE t.key IS NULL` (or `NOT EXISTS`/`EXCEPT`): only new rows are inserted. */
function isAntiJoin(tokens: readonly SqlToken[]): boolean {
  const words = tokens.filter((t) => t.type === 'word').map((t) => t.upper);
  const text = words.join(' ');
  return /\bNOT EXISTS\b|\bEXCEPT\b|\bNOT IN SELECT\b|\bMINUS\b/.test(text) || (/\bLEFT (OUTER )?JOIN\b/.test(text) && /\bWHERE\b.*\bIS NULL\b/.test(text)) || tokens.some((t, k) => t.upper === 'NOT' && tokens[k + 1]?.upper === 'IN' && tokens[k + 2]?.text === '(' && tokens[k + 3]?.upper === 'SELECT');
}

/** The column list of `INSERT INTO t (a, b, c) …`, or null when absent or not plain names. */
function columnList(statement: readonly SqlToken[]): string[] | null {
  const open = statement.findIndex((t, k) => t.text === '(' && k > 2);
  if (open < 0 || statement.slice(0, open).some((t) => t.upper === 'VALUES' || t.upper === 'SELECT')) return null;
  const columns: string[] = [];
  for (let k = open + 1; k < statement.length; k += 2) {
    const name = statement[k];
    if (!name || !(name.type === 'word' || name.type === 'qident') || /\u0000/.test(name.text)) return null;
    columns.push(name.type === 'qident' ? name.text.slice(1, -1) : name.text);
    const next = statement[k + 1];
    if (next?.text === ')') return columns;
    if (next?.text !== ',') return null;
  }
  return null;
}

/** `ON CONFLICT (key) DO UPDATE SET a = EXCLUDED.a, b = EXCLUDED.b`, built from the pw-upsert snippet's last line. */
function conflictClause(table: string, key: string, updates: string[]): string | null {
  const lines = updates.map((column) => renderSnippet('pw-upsert', { sales_fact: table, order_id: key, total_amount: column }).split('\n').pop() ?? '');
  const marker = ' DO UPDATE SET ';
  if (!lines.every((l) => l.startsWith('ON CONFLICT') && l.includes(marker))) return null;
  const head = lines[0].slice(0, lines[0].indexOf(marker) + marker.length);
  return head + lines.map((l) => l.slice(l.indexOf(marker) + marker.length)).join(', ');
}
