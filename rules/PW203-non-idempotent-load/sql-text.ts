// What SQL text says about re-running it: which statements add rows (INSERT INTO, COPY … FROM,
// COPY INTO … FORCE; not Delta's INSERT INTO … REPLACE WHERE/USING), which clear a table (DELETE,
// TRUNCATE, DROP, CREATE OR REPLACE, INSERT OVERWRITE), which upsert or keep only new rows (MERGE, ON CONFLICT, NOT EXISTS, anti-joins).

import { tablesWritten, type SqlToken } from '../../server/src/engine/sql';

export function isUpsertSql(tokens: readonly SqlToken[]): boolean {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== 'word') continue;
    const next = tokens[k + 1]?.upper;
    if (t.upper === 'MERGE' && (next === 'INTO' || tokens.some((x) => x.upper === 'USING'))) return true;
    if (t.upper === 'ON' && (next === 'CONFLICT' || (next === 'DUPLICATE' && tokens[k + 2]?.upper === 'KEY'))) return true;
    if (t.upper === 'INSERT' && (next === 'IGNORE' || (next === 'OR' && ['REPLACE', 'IGNORE'].includes(tokens[k + 2]?.upper ?? '')))) return true;
    if (t.upper === 'REPLACE' && next === 'INTO' && (k === 0 || tokens[k - 1].text === ';')) return true;
  }
  return false;
}

/** `INSERT … SELECT … LEFT JOIN t … WHERE t.key IS NULL` (or `NOT EXISTS`/`EXCEPT`/`NOT IN (SELECT …)`): only new rows are inserted. */
export function isAntiJoin(tokens: readonly SqlToken[]): boolean {
  const words = tokens.filter((t) => t.type === 'word').map((t) => t.upper);
  const text = words.join(' ');
  return /\bNOT EXISTS\b|\bEXCEPT\b|\bNOT IN SELECT\b|\bMINUS\b/.test(text) || (/\bLEFT (OUTER )?JOIN\b/.test(text) && text.length <= 10_000 && /\bWHERE\b.*\bIS NULL\b/.test(text)) || tokens.some((t, k) => t.upper === 'NOT' && tokens[k + 1]?.upper === 'IN' && tokens[k + 2]?.text === '(' && tokens[k + 3]?.upper === 'SELECT');
}

/** Tables a statement clears or replaces: DELETE FROM, TRUNCATE, DROP TABLE, CREATE OR REPLACE TABLE, INSERT OVERWRITE. */
export function clearedTables(value: string, tokens: readonly SqlToken[]): Array<{ name: string; start: number; drop: boolean }> {
  const out: Array<{ name: string; start: number; drop: boolean }> = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== 'word') continue;
    const next = tokens[k + 1]?.upper;
    const clears =
      (t.upper === 'DELETE' && next === 'FROM') ||
      (t.upper === 'TRUNCATE' && (k === 0 || tokens[k - 1].text === ';' || tokens[k - 1].text === '(')) ||
      (t.upper === 'DROP' && next === 'TABLE') ||
      (t.upper === 'CREATE' && next === 'OR' && tokens[k + 2]?.upper === 'REPLACE') ||
      (t.upper === 'INSERT' && next === 'OVERWRITE');
    if (!clears) continue;
    const ref = tablesWritten(value.slice(t.start))[0];
    const drop = t.upper === 'DROP';
    if (ref) out.push({ name: ref.name, start: t.start + ref.start, drop });
    // `DELETE FROM {}` clears a table named later; `CREATE OR REPLACE FILE FORMAT` clears none.
    else if (t.upper === 'DELETE' || t.upper === 'TRUNCATE') out.push({ name: '', start: t.start, drop });
  }
  return out;
}

/** A statement that adds rows to a table when run: its kind, where its tokens start and end. */
export interface AddingStatement {
  kind: 'insert' | 'copy';
  /** Index of the first token (INSERT or COPY) and one past the last (the `;` or the end). */
  first: number;
  end: number;
}

/**
 * The top-level statements of `tokens` that add rows: `INSERT INTO t …`, PostgreSQL/Redshift
 * `COPY t FROM …`, and Snowflake/Databricks `COPY INTO t …`
 * only with `FORCE`: without it both skip files they loaded before, so a re-run adds nothing.
 */
export function addingStatements(tokens: readonly SqlToken[]): AddingStatement[] {
  const out: AddingStatement[] = [];
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    if (depth !== 0 || t.type !== 'word') continue;
    const prev = tokens[k - 1];
    if (prev && prev.text !== ';' && prev.text !== ')') continue;
    const end = statementEnd(tokens, k);
    if (t.upper === 'INSERT' && tokens[k + 1]?.upper === 'INTO' && !isSelectiveOverwrite(tokens.slice(k, end))) out.push({ kind: 'insert', first: k, end });
    else if (t.upper === 'COPY' && isCopyLoad(tokens.slice(k, end))) out.push({ kind: 'copy', first: k, end });
  }
  return out;
}

/**
 * Delta's selective overwrite, `INSERT INTO t REPLACE WHERE …` / `REPLACE USING (…)` / `REPLACE ON …`:
 * the rows it matches are replaced, so a re-run writes the same rows again rather than adding them.
 */
function isSelectiveOverwrite(statement: readonly SqlToken[]): boolean {
  let depth = 0;
  for (let k = 2; k < statement.length; k++) {
    const t = statement[k];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    if (depth !== 0 || t.type !== 'word') continue;
    if (['SELECT', 'VALUES', 'WITH', 'FROM'].includes(t.upper)) return false;
    if (t.upper === 'REPLACE' && ['WHERE', 'USING', 'ON'].includes(statement[k + 1]?.upper ?? '')) return true;
  }
  return false;
}

function statementEnd(tokens: readonly SqlToken[], from: number): number {
  let end = from + 1;
  let depth = 0;
  while (end < tokens.length && !(depth === 0 && tokens[end].text === ';')) {
    if (tokens[end].text === '(') depth++;
    else if (tokens[end].text === ')') depth--;
    end++;
  }
  return end;
}

/** `COPY t FROM …` loads; `COPY t TO …`/`COPY (SELECT …) TO …` export; `COPY INTO` loads again only when forced. */
function isCopyLoad(statement: readonly SqlToken[]): boolean {
  if (statement[1]?.upper === 'INTO') {
    return statement.some((t, k) => (t.upper === 'FORCE' || /^'force'$/i.test(t.text)) && statement[k + 1]?.text === '=' && /^'?true'?$/i.test(statement[k + 2]?.text ?? ''));
  }
  if (statement[1]?.text === '(') return false;
  let depth = 0;
  for (let k = 1; k < statement.length; k++) {
    const t = statement[k];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.type === 'word' && (t.upper === 'FROM' || t.upper === 'TO')) return t.upper === 'FROM';
  }
  return false;
}

/**
 * `INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')`: every value a literal, nothing bound or
 * formatted in. Fixed rows (seeds, demo rows) rather than data the run loads.
 */
export function insertsOnlyLiterals(statement: readonly SqlToken[]): boolean {
  const values = statement.findIndex((t) => t.upper === 'VALUES');
  if (values < 0 || statement.slice(0, values).some((t) => t.upper === 'SELECT')) return false;
  const rest = statement.slice(values + 1);
  if (rest[0]?.text !== '(' || !rest.some((t) => t.type === 'number' || t.type === 'string')) return false;
  for (const t of rest) {
    // `'%s'` and `'{}'` are values formatted in later, not literals.
    if (t.type === 'placeholder' || t.text.includes('\u0000') || /%(\(\w+\))?[sdfr]|\{\w*\}/.test(t.text)) return false;
    if (t.type === 'word' && !['NULL', 'TRUE', 'FALSE', 'DEFAULT'].includes(t.upper)) return false;
  }
  return true;
}

/** The column list of `INSERT INTO t (a, b, c) …`, or null when absent or not plain names. */
export function columnList(statement: readonly SqlToken[]): string[] | null {
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

const AGGREGATES = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);
/** Functions and keywords that read the wall clock: each run stamps a different moment. */
const WALL_CLOCK = new Set(['NOW', 'CURRENT_TIMESTAMP', 'GETDATE', 'SYSDATE', 'SYSDATETIME', 'SYSTIMESTAMP', 'LOCALTIMESTAMP', 'GETUTCDATE', 'UTC_TIMESTAMP']);

/**
 * `INSERT INTO medal_counts (medal, n, taken_at) SELECT 'Gold', COUNT(*), NOW() FROM results …`
 * with no GROUP BY: one row per run, aggregates over the source stamped with the wall clock — a
 * measurement (a run's count, a metrics snapshot) meant to be added each time, not a reloaded
 * slice. Every selected item is a constant, an aggregate or the clock (or reads a `WITH` query
 * that is itself one aggregate row); a copied column makes it a load. `stampedByTable`: the target's
 * DDL stamps rows itself (`created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP`).
 */
export function recordsMeasurement(statement: readonly SqlToken[], stampedByTable = false): boolean {
  const singleRow = singleRowQueries(statement);
  const select = statement.findIndex((t, k) => t.upper === 'SELECT' && depthAt(statement, k) === 0);
  if (select < 0) return false;
  const from = statement.findIndex((t, k) => k > select && t.upper === 'FROM' && depthAt(statement, k) === 0);
  // `SELECT 'Gold', cnt FROM gold_count` where gold_count is one aggregate row: its columns count as aggregates.
  const sources = from < 0 ? [] : statement.slice(from + 1).filter((t, k, rest) => t.type === 'word' && (k === 0 || rest[k - 1].text === ','));
  const fromSingleRow = from >= 0 && sources.length > 0 && sources.every((t) => singleRow.has(t.upper)) && !statement.slice(from + 1).some((t) => t.upper === 'JOIN');
  const measured = selectItems(statement, select, fromSingleRow);
  if (!measured || measured.aggregates === 0 || !(measured.clock || stampedByTable)) return false;
  return !statement.some((t, j) => t.upper === 'GROUP' && statement[j + 1]?.upper === 'BY' && depthAt(statement, j) === 0);
}

/** Counts the aggregates and clock reads among the items after SELECT at `select`; null when an item copies data. */
function selectItems(tokens: readonly SqlToken[], select: number, columnsAreAggregates: boolean): { aggregates: number; clock: boolean } | null {
  let aggregates = 0;
  let clock = false;
  let k = select + 1;
  while (k < tokens.length) {
    const t = tokens[k];
    if ((t.type === 'word' && t.upper === 'FROM') || t.text === ';' || t.text === ')') break;
    const itemEnd = itemEndAt(tokens, k);
    const item = tokens.slice(k, itemEnd).filter((x) => !(x.type === 'word' && x.upper === 'AS'));
    const head = item[0];
    const bare = item.length === 1 || (item.length === 2 && item[1].type === 'word'); // aliased or not
    if (!head) return null;
    if (head.type === 'string' || head.type === 'number' || head.upper === 'NULL') {
      if (!bare) return null;
    } else if (head.type === 'word' && AGGREGATES.has(head.upper) && item[1]?.text === '(') aggregates++;
    else if (head.type === 'word' && WALL_CLOCK.has(head.upper)) clock = true;
    else if (columnsAreAggregates && head.type === 'word' && bare) aggregates++;
    else return null;
    k = tokens[itemEnd]?.text === ',' ? itemEnd + 1 : itemEnd;
  }
  return { aggregates, clock };
}

/** Names of the statement's `WITH name AS (SELECT <aggregates> FROM …)` queries that yield one row (no GROUP BY). */
function singleRowQueries(statement: readonly SqlToken[]): Set<string> {
  const out = new Set<string>();
  for (let k = 0; k + 3 < statement.length; k++) {
    const t = statement[k];
    if (t.type !== 'word' || statement[k + 1]?.upper !== 'AS' || statement[k + 2]?.text !== '(' || statement[k + 3]?.upper !== 'SELECT') continue;
    let depth = 0;
    let close = k + 2;
    for (; close < statement.length; close++) {
      if (statement[close].text === '(') depth++;
      else if (statement[close].text === ')' && --depth === 0) break;
    }
    const body = statement.slice(k + 3, close);
    const items = selectItems(body, 0, false);
    if (items && items.aggregates > 0 && !body.some((x, j) => x.upper === 'GROUP' && body[j + 1]?.upper === 'BY')) out.add(t.upper);
  }
  return out;
}

function depthAt(tokens: readonly SqlToken[], index: number): number {
  let depth = 0;
  for (let k = 0; k < index; k++) {
    if (tokens[k].text === '(') depth++;
    else if (tokens[k].text === ')') depth--;
  }
  return depth;
}

/** One past the select item that starts at `from`: the index of its `,`, FROM or `;`. */
function itemEndAt(tokens: readonly SqlToken[], from: number): number {
  let depth = 0;
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && (t.text === ',' || t.text === ';' || (t.type === 'word' && t.upper === 'FROM'))) return k;
  }
  return tokens.length;
}

/**
 * An upsert that adds the incoming value onto the stored one — `ON CONFLICT (…) DO UPDATE SET n =
 * t.n + EXCLUDED.n`, MySQL's `ON DUPLICATE KEY UPDATE n = n + VALUES(n)` — counts a re-run's rows a
 * second time: the key keeps rows unique, but the totals grow with every run. Returns the column.
 */
export function additiveUpsertColumn(statement: readonly SqlToken[]): string | null {
  const update = statement.findIndex((t, k) => t.upper === 'UPDATE' && (statement[k - 1]?.upper === 'DO' || statement[k - 1]?.upper === 'KEY'));
  if (update < 0) return null;
  const incoming = (k: number): string | null => {
    const t = statement[k];
    if (t?.upper === 'EXCLUDED' && statement[k + 1]?.text === '.') return bare(statement[k + 2]);
    if (t?.upper === 'VALUES' && statement[k + 1]?.text === '(') return bare(statement[k + 2]);
    return null;
  };
  // Each `col = <item> + <item>` of the SET list: one side the stored column, the other the incoming one.
  for (let k = update + 1; k < statement.length; k++) {
    if (statement[k].upper === 'WHERE' || statement[k].upper === 'RETURNING' || statement[k].text === ';') break;
    if (statement[k].text !== '=' || statement[k - 1]?.type === 'punct') continue;
    const column = bare(statement[k - 1]);
    if (!column) continue;
    let j = k + 1;
    let sawStored = false;
    let sawIncoming = false;
    let plus = false;
    for (; j < statement.length && statement[j].text !== ',' && statement[j].upper !== 'WHERE' && statement[j].text !== ';'; j++) {
      const t = statement[j];
      if (t.text === '+') plus = true;
      else if (t.text === '(' && !['VALUES', 'COALESCE', 'IFNULL', 'NVL', 'ISNULL'].includes(statement[j - 1]?.upper ?? '')) break;
      const came = incoming(j);
      if (came !== null) {
        if (came === column) sawIncoming = true;
        j += t.upper === 'VALUES' ? 3 : 2;
      } else if (bare(t) === column) sawStored = true;
    }
    if (plus && sawStored && sawIncoming) return column;
    k = j;
  }
  return null;
}

function bare(t: SqlToken | undefined): string | null {
  if (!t || (t.type !== 'word' && t.type !== 'qident')) return null;
  return t.text.replace(/^["`[]|["`\]]$/g, '').toLowerCase();
}
