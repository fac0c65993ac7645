// Executed SQL that adds rows: `INSERT INTO` and `COPY … FROM` (COPY INTO only when forced) run by a
// call that takes SQL (see sql-holders.ts) — directly, through a variable, a class attribute, a
// `head + rows` concatenation or a module-level list the call loops over — without ON CONFLICT/
// MERGE/an anti-join and with nothing around it that clears, merges or guards the slice. Rows
// that are all literals (seeds, demo rows) are not loaded data, nor is one aggregate row
// stamped with the wall clock (a run's measurement). Fix: `ON CONFLICT (<key>) DO
// UPDATE` where the database takes it.

import type { CallFact, StringFact } from '../../server/src/engine/python/facts';
import type { Fix } from '../../server/src/engine/types';
import { upsertSyntaxOfCall, type WriteMode } from '../../server/src/engine/knowledge';
import { renderSnippet } from '../../server/src/engine/snippets';
import { tablesRead, tablesWritten, tokenizeSql, type SqlToken } from '../../server/src/engine/sql';
import { TITLE_PREFIX } from './edits';
import { inferKey } from './keys';
import { createdTable, type LoadScope } from './load-scope';
import { sqlArgumentsOf, sqlHolders } from './sql-holders';
import { additiveUpsertColumn, addingStatements, clearedTables, columnList, insertsOnlyLiterals, isAntiJoin, isUpsertSql, recordsMeasurement, type AddingStatement } from './sql-text';
import { displayTarget, isStagingName, tableBaseName, sameTarget, targetFromSql, targetOfArg, UNKNOWN, type Target } from './targets';
import type { SourceText } from '../../server/src/engine/source-text';

const CONCAT_HEAD = /^([A-Za-z_]\w*)\s*\+/;

type Pieces = Array<{ str: StringFact; offset: number }>;

/** SQL keywords of statements that add rows (a cheap test before tokenizing). */
const ADDS = /\b(INSERT|COPY)\b/i;

export function checkExecutedSql(scope: LoadScope, call: CallFact): void {
  const { py, text } = scope;
  // Strings reported for this call. Another call running the same string reports it again, and
  // the linter keeps one: each call decides on its own, so statements stay independent.
  const reported = new Set<StringFact>();
  for (const arg of sqlArgumentsOf(call, py, text)) {
    for (const holder of sqlHolders(py, text, arg, call)) {
      let strings = py.stringsIn(holder.start, holder.end).filter((s) => !s.isDocstring);
      if (!strings.some((s) => ADDS.test(s.value))) {
        // `statement = head + rows_sql` with `head = "INSERT INTO t VALUES "`: the statement's head.
        const head = CONCAT_HEAD.exec(text.slice(holder.start, holder.end))?.[1];
        const bound = head ? py.lastAssignment(head, call.fn, holder.start) : undefined;
        if (bound?.shape.kind === 'literal') strings = [...py.stringsIn(bound.valueStart, bound.valueEnd).filter((s) => !s.isDocstring), ...strings];
      }
      if (strings.length === 0 || !strings.some((s) => ADDS.test(s.value))) continue;
      checkStatementText(scope, call, strings, reported);
    }
  }
}

function checkStatementText(scope: LoadScope, call: CallFact, strings: StringFact[], reported: Set<StringFact>): void {
  const { text } = scope;
  // Implicit concatenation and `+` pieces form one statement: analyse them joined.
  let joined = '';
  const pieces: Pieces = [];
  for (const s of strings) {
    pieces.push({ str: s, offset: joined.length });
    joined += s.value;
  }
  const tokens = tokenizeSql(joined);
  for (const found of addingStatements(tokens)) {
    const t = tokens[found.first];
    const statement = tokens.slice(found.first, found.end);
    // `INSERT INTO {} …` (str.format) names no table the SQL lexer can read: the target is unknown.
    const ref = tablesWritten(joined.slice(t.start))[0];
    const piece = pieceAt(pieces, t.start);
    if (!piece || reported.has(piece.str)) continue;
    const target = ref ? targetAt(pieces, ref.name, t.start + ref.start, text) : UNKNOWN;
    if (ref && isStagingName(ref.name.replace(/\u0000/g, ''))) continue;
    // SQL Server `INSERT INTO #keys` / `##keys`: a session temporary table, gone after the run.
    if (tokens[found.first + 2]?.text === '#') continue;
    const additive = found.kind === 'insert' ? additiveUpsertColumn(statement) : null;
    if ((isUpsertSql(statement) && !additive) || isAntiJoin(statement) || insertsOnlyLiterals(statement) || recordsMeasurement(statement, tableStampsRows(scope, call, statement, target))) continue;
    if (found.kind === 'insert' && registersOneRow(scope, call, statement, target)) continue;
    if (scope.isSafe(call, target, null)) continue;
    // The slice may be cleared by another statement in the same string (`DELETE …; INSERT …`).
    if (clearedTables(joined, tokens).some((c) => sameTarget(c.name ? targetAt(pieces, c.name, c.start, text) : UNKNOWN, target))) continue;
    reported.add(piece.str);
    const shown = displayTarget(target);
    const nameEnd = ref ? t.start + ref.end : tokens[found.first + 1].end;
    const range = insertRange(piece, t.start, nameEnd);
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
      message: additive ? additiveMessage(shown, additive) : messageFor(found, shown),
      fixes: found.kind === 'insert' && !additive ? onConflictFix(scope, call, statement, pieces, tokens.slice(found.end).every((x) => x.text === ';'), target) : [],
      fingerprintText: `${found.kind}|${shown}`,
    });
  }
}

/** `cursor.copy_from(file, "orders")`: COPY FROM STDIN into a fixed table, adding the file's rows. */
export function checkCopyFrom(scope: LoadScope, call: CallFact, write: WriteMode): void {
  const { py, text } = scope;
  const { target, source } = targetOfArg(write.target ?? undefined, call, py, text);
  if (target.kind !== 'name' || scope.isSafe(call, target, source)) return;
  const shown = displayTarget(target);
  scope.ctx.report({
    start: call.start,
    end: call.end,
    message: messageFor({ kind: 'copy', first: 0, end: 0 }, shown),
    fingerprintText: `copy|${shown}`,
  });
}

/**
 * One row inserted once per run whose generated key the run reads back (`RETURNING id`,
 * `cursor.lastrowid`, `SELECT MAX(id) FROM` the table right after): the run registers its own
 * batch, audit entry or key, and the row is meant to be new each time.
 */
function registersOneRow(scope: LoadScope, call: CallFact, statement: readonly SqlToken[], target: Target): boolean {
  const { py, text } = scope;
  const values = statement.findIndex((t) => t.upper === 'VALUES');
  if (values < 0 || statement[values + 1]?.text !== '(') return false;
  let depth = 0;
  for (const t of statement.slice(values + 1)) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.text === ',') return false; // several rows
  }
  if (py.ownFacts(call.fn).loops.some((l) => l.bodyStart <= call.start && call.end <= l.bodyEnd)) return false;
  // The rows handed with the statement: one tuple or dict, not a list of them.
  if (call.args.some((a, i) => i > 0 && a.kind === 'positional' && !['tuple', 'dictionary', 'string', 'concatenated_string'].includes(a.nodeType))) return false;
  if (statement.some((t) => t.upper === 'RETURNING')) return true;
  const after = call.fn ? text.slice(call.end, call.fn.end) : text.slice(call.end, Math.min(text.length, call.end + 2000));
  if (/\.lastrowid\b/.test(after)) return true;
  const readBack = (call.fn ? py.stringsIn(call.end, call.fn.end) : py.stringsIn(call.end, call.end + 2000)).find((str) => /\b(max|currval|last_insert_id|scope_identity)\s*\(/i.test(str.value));
  if (!readBack) return false;
  const read = tablesRead(readBack.value)[0];
  return !read || target.kind !== 'name' || tableBaseName(read.name) === tableBaseName(target.name);
}

/** The target's CREATE TABLE (in the call's function or at module level) stamps each row: `… DEFAULT CURRENT_TIMESTAMP`. */
function tableStampsRows(scope: LoadScope, call: CallFact, statement: readonly SqlToken[], target: Target): boolean {
  // Only asked of aggregate rows that lack a clock of their own: a rare statement.
  if (target.kind === 'unknown' || recordsMeasurement(statement) || !recordsMeasurement(statement, true)) return false;
  const { py } = scope;
  const candidates = [...(call.fn ? py.stringsIn(call.fn.start, call.fn.end) : []), ...py.strings.filter((str) => str.fn === null)];
  return candidates.some((str) => {
    const created = STAMPED_COLUMN.test(str.value) ? createdTable(str, scope.text) : null;
    return created !== null && sameTarget(created, target);
  });
}

const STAMPED_COLUMN = /\b(TIMESTAMP|DATETIME)\s+(NOT\s+NULL\s+)?DEFAULT\s+(CURRENT_TIMESTAMP|NOW\s*\(|GETDATE\s*\(|SYSDATE)/i;

function additiveMessage(shown: string, column: string): string {
  return `Upsert into ${shown} adds the incoming ${column} onto the stored one, so re-running the job counts the same rows again; write the recomputed total instead of adding to it, or load only rows not counted yet`;
}

function messageFor(found: AddingStatement, shown: string): string {
  if (found.kind === 'copy') return `COPY into ${shown} adds the files' rows again on every run, so re-running the load duplicates them; truncate or delete the slice first, or COPY into a staging table and MERGE`;
  return `Insert into ${shown} has no ON CONFLICT/MERGE and no DELETE of the run's slice before it, so re-running the job duplicates rows; upsert on a key or delete the slice first`;
}

/** Appends `ON CONFLICT (<key>) DO UPDATE SET …` (rendered from pw-upsert) to an `INSERT … VALUES` statement. */
function onConflictFix(scope: LoadScope, call: CallFact, statement: readonly SqlToken[], pieces: Pieces, lastStatement: boolean, target: Target): Fix[] {
  const { text } = scope;
  if (!lastStatement || target.kind !== 'name') return [];
  const syntax = upsertSyntaxOfCall(call, scope.py) ?? scope.moduleUpsertSyntax();
  if (syntax !== 'on-conflict' && syntax !== null) return [];
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
  const trailing = /(?<![\s;])[\s;]*$/.exec(content)![0];
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
function targetAt(pieces: Pieces, name: string, offset: number, text: SourceText): Target {
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

/** `ON CONFLICT (key) DO UPDATE SET a = EXCLUDED.a, b = EXCLUDED.b`, built from the pw-upsert snippet's last line. */
function conflictClause(table: string, key: string, updates: string[]): string | null {
  const lines = updates.map((column) => renderSnippet('pw-upsert', { sales_fact: table, order_id: key, total_amount: column }).split('\n').pop() ?? '');
  const marker = ' DO UPDATE SET ';
  if (!lines.every((l) => l.startsWith('ON CONFLICT') && l.includes(marker))) return null;
  const head = lines[0].slice(0, lines[0].indexOf(marker) + marker.length);
  return head + lines.map((l) => l.slice(l.indexOf(marker) + marker.length)).join(', ');
}
