// Small, pure helpers over SQL text as pipelines write it in Python strings: is this SQL, what
// kind of statement, does it filter (WHERE), which tables it reads and writes, which placeholder
// style it uses, and what an interpolated slot stands for (an identifier or a value). A light
// lexer (strings, quoted identifiers, comments, placeholders) keeps keywords inside literals and
// comments from counting. Templates may contain U+0000 where Python splices a value in: it lexes
// as part of a word, so `FROM \0` reads a table and `id = \0` compares with a value.

export type SqlTokenType = 'word' | 'qident' | 'string' | 'number' | 'placeholder' | 'punct';

export interface SqlToken {
  type: SqlTokenType;
  text: string;
  /** Upper-cased text for words (keyword comparisons), the text itself otherwise. */
  upper: string;
  start: number;
  end: number;
  /** A string or quoted identifier that runs to the end of the text without its closing quote. */
  open?: boolean;
}

export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'merge' | 'create' | 'drop' | 'alter' | 'truncate' | 'copy' | 'call';

/** DB-API paramstyles plus BigQuery's `@name`: `format` %s, `pyformat` %(name)s, `named` :name, `qmark` ?, `numeric` $1. */
export type PlaceholderStyle = 'format' | 'pyformat' | 'named' | 'qmark' | 'numeric' | 'at';

export type SlotKind = 'identifier' | 'value' | 'clause' | 'unknown';

export interface TableRef {
  /** Dotted name as written, without quotes (`analytics.Orders`, `proj.ds.events`). */
  name: string;
  parts: string[];
  /** Offsets of the reference in the analysed text. */
  start: number;
  end: number;
}

const WORD_START = /[A-Za-z_\u0000\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$#\u0000\u0080-\uffff]/;
const MULTI_PUNCT = ['->>', '<=', '>=', '<>', '!=', '==', '||', '::', '->'];

// Rules ask several questions about the same query on every lint; the token lists are immutable,
// so the most recent texts are remembered (bounded, cleared when full).
const TOKEN_CACHE = new Map<string, readonly SqlToken[]>();
const TOKEN_CACHE_LIMIT = 1024;

/** Splits SQL into tokens; comments and whitespace are dropped, strings and quoted names kept whole. */
export function tokenizeSql(text: string): readonly SqlToken[] {
  let tokens = TOKEN_CACHE.get(text);
  if (!tokens) {
    if (TOKEN_CACHE.size >= TOKEN_CACHE_LIMIT) TOKEN_CACHE.clear();
    tokens = lex(text);
    TOKEN_CACHE.set(text, tokens);
  }
  return tokens;
}

function lex(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const n = text.length;
  let i = 0;
  const push = (type: SqlTokenType, start: number, end: number, open?: boolean) => {
    const t = text.slice(start, end);
    tokens.push({ type, text: t, upper: type === 'word' ? t.toUpperCase() : t, start, end, ...(open ? { open } : {}) });
  };
  while (i < n) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v') {
      i++;
      continue;
    }
    if (ch === '-' && next === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      const start = i;
      i++;
      let closed = false;
      while (i < n) {
        if (text[i] === ch) {
          if (ch !== '`' && text[i + 1] === ch) {
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        i++;
      }
      push(ch === "'" ? 'string' : 'qident', start, i, !closed);
      continue;
    }
    if (ch === '[') {
      const prev = tokens[tokens.length - 1];
      const close = text.indexOf(']', i);
      const inner = close < 0 ? '' : text.slice(i + 1, close);
      if (close > i + 1 && !/[\]\n]/.test(inner) && (!prev || (prev.type === 'punct' && prev.text !== ')' && prev.text !== ']') || (prev.type === 'word' && isKeyword(prev.upper)))) {
        push('qident', i, close + 1);
        i = close + 1;
        continue;
      }
    }
    if (ch === '$') {
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? n : close + tag[0].length;
        push('string', i, end, close < 0);
        i = end;
        continue;
      }
      const numeric = /^\$\d+/.exec(text.slice(i, i + 12));
      if (numeric) {
        push('placeholder', i, i + numeric[0].length);
        i += numeric[0].length;
        continue;
      }
    }
    if (ch === '%') {
      if (next === '%') {
        push('punct', i, i + 2);
        i += 2;
        continue;
      }
      const format = /^%(\([A-Za-z_]\w*\))?[sdifb]/.exec(text.slice(i, i + 72));
      if (format) {
        push('placeholder', i, i + format[0].length);
        i += format[0].length;
        continue;
      }
    }
    if (ch === '?') {
      push('placeholder', i, i + 1);
      i++;
      continue;
    }
    if (ch === ':' && next !== undefined && /[A-Za-z_]/.test(next) && text[i - 1] !== ':' && !(i > 0 && WORD_CHAR.test(text[i - 1]))) {
      let j = i + 1;
      while (j < n && /\w/.test(text[j])) j++;
      push('placeholder', i, j);
      i = j;
      continue;
    }
    if (ch === '@' && next !== undefined && /[A-Za-z_]/.test(next)) {
      let j = i + 1;
      while (j < n && /\w/.test(text[j])) j++;
      push('placeholder', i, j);
      i = j;
      continue;
    }
    if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < n && WORD_CHAR.test(text[j])) j++;
      push('word', i, j);
      i = j;
      continue;
    }
    if (/\d/.test(ch) || (ch === '.' && next !== undefined && /\d/.test(next))) {
      let j = i + 1;
      while (j < n && /[\d.]/.test(text[j])) j++;
      if ((text[j] === 'e' || text[j] === 'E') && /[\d+-]/.test(text[j + 1] ?? '')) {
        j += 2;
        while (j < n && /\d/.test(text[j])) j++;
      }
      // `1\0` (a number glued to a spliced value) stays one value-like token.
      while (j < n && WORD_CHAR.test(text[j])) j++;
      push('number', i, j);
      i = j;
      continue;
    }
    const multi = MULTI_PUNCT.find((p) => text.startsWith(p, i));
    const len = multi ? multi.length : 1;
    push('punct', i, i + len);
    i += len;
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Statement recognition

const KEYWORDS = new Set([
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'ILIKE', 'BETWEEN', 'JOIN', 'INNER', 'LEFT', 'RIGHT',
  'FULL', 'OUTER', 'CROSS', 'ON', 'USING', 'GROUP', 'ORDER', 'BY', 'HAVING', 'LIMIT', 'OFFSET', 'UNION', 'ALL', 'DISTINCT', 'AS',
  'INSERT', 'INTO', 'VALUES', 'UPDATE', 'SET', 'DELETE', 'MERGE', 'CREATE', 'DROP', 'ALTER', 'TABLE', 'TRUNCATE', 'COPY', 'CALL',
  'WITH', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'EXISTS', 'IF', 'QUALIFY', 'WINDOW', 'PARTITION', 'OVER', 'FETCH', 'FIRST', 'ROWS',
  'ONLY', 'OVERWRITE', 'RETURNING', 'CONFLICT', 'DO', 'NOTHING', 'INTERVAL', 'TOP', 'EXCEPT', 'INTERSECT', 'LATERAL', 'NATURAL',
]);

function isKeyword(upper: string): boolean {
  return KEYWORDS.has(upper);
}

const OBJECT_TYPES = new Set([
  'TABLE', 'VIEW', 'INDEX', 'SCHEMA', 'DATABASE', 'SEQUENCE', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'TYPE', 'EXTENSION', 'STAGE',
  'STREAM', 'TASK', 'ROLE', 'USER', 'WAREHOUSE', 'PIPE', 'MATERIALIZED', 'EXTERNAL', 'TEMP', 'TEMPORARY', 'COLUMN', 'PARTITION',
  'CONSTRAINT', 'DATASET', 'SESSION', 'SYSTEM', 'FILE', 'FOREIGN', 'POLICY', 'PUBLICATION', 'SUBSCRIPTION', 'UNLOGGED', 'TRANSIENT',
]);

const STATEMENT_STARTS = new Set(['SELECT', 'WITH', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'COPY', 'CALL']);

/** The first keyword of the text (after whitespace, comments and opening parentheses), upper-cased, or null. */
export function leadingKeyword(text: string): string | null {
  const tokens = tokenizeSql(text);
  let i = 0;
  while (tokens[i]?.text === '(') i++;
  const first = tokens[i];
  return first?.type === 'word' ? first.upper : null;
}

function isNameToken(t: SqlToken | undefined): boolean {
  return !!t && (t.type === 'qident' || (t.type === 'word' && !isKeyword(t.upper)) || t.type === 'placeholder');
}

/** Index just past a dotted name starting at `i` (`a.b."c"`), or `i` when there is none. */
function skipName(tokens: readonly SqlToken[], i: number): number {
  if (!isNameToken(tokens[i]) && !(tokens[i]?.type === 'word' && /\u0000/.test(tokens[i].text))) return i;
  let j = i + 1;
  while (tokens[j]?.text === '.' && tokens[j + 1] && (tokens[j + 1].type === 'word' || tokens[j + 1].type === 'qident' || tokens[j + 1].text === '*')) j += 2;
  return j;
}

/** The token `k` places after `i`. */
function tokenAt(tokens: readonly SqlToken[], i: number, k: number): SqlToken | undefined {
  return tokens[i + k];
}

/** The upper-cased word `k` places after `i`, or '' when that token is not a word. */
function wordAt(tokens: readonly SqlToken[], i: number, k: number): string {
  const t = tokens[i + k];
  return t?.type === 'word' ? t.upper : '';
}

/** Whether a statement-start keyword is followed by the structure that makes it SQL rather than prose. */
function looksLikeStatementAt(tokens: readonly SqlToken[], i: number): boolean {
  const t = tokens[i];
  if (!t || t.type !== 'word') return false;
  switch (t.upper) {
    case 'SELECT': {
      if (tokens.some((x, k) => k > i && x.type === 'word' && x.upper === 'FROM')) return true;
      let k = 1;
      if (wordAt(tokens, i, k) === 'DISTINCT' || wordAt(tokens, i, k) === 'ALL') k++;
      if (wordAt(tokens, i, k) === 'TOP') k += 2;
      const first = tokenAt(tokens, i, k);
      if (!first) return false;
      if (first.type === 'number' || first.type === 'string' || first.type === 'placeholder' || first.text === '*' || first.text === '(' || first.text === '-') return true;
      if (first.type === 'word' || first.type === 'qident') {
        const after = tokenAt(tokens, i, k + 1);
        return !after || after.text === '(' || after.text === ',' || after.text === '.' || after.text === ';' || after.text === '::' || (after.type === 'word' && ['AS', 'FROM'].includes(after.upper)) || /\u0000/.test(first.text);
      }
      return false;
    }
    case 'WITH': {
      let k = 1;
      if (wordAt(tokens, i, k) === 'RECURSIVE') k++;
      const name = tokenAt(tokens, i, k);
      if (!name || (name.type !== 'word' && name.type !== 'qident')) return false;
      k++;
      if (tokenAt(tokens, i, k)?.text === '(') {
        const close = matchParen(tokens, i + k);
        if (close < 0) return false;
        k = close - i + 1;
      }
      return wordAt(tokens, i, k) === 'AS' && (tokenAt(tokens, i, k + 1)?.text === '(' || ['NOT', 'MATERIALIZED'].includes(wordAt(tokens, i, k + 1)));
    }
    case 'INSERT':
      return ['INTO', 'OVERWRITE', 'IGNORE', 'OR', 'ALL', 'FIRST'].includes(wordAt(tokens, i, 1));
    // MySQL/SQLite `REPLACE INTO t …` (an insert that replaces rows with the same key).
    case 'REPLACE': {
      if (wordAt(tokens, i, 1) !== 'INTO') return false;
      const end = skipName(tokens, i + 2);
      const after = tokens[end];
      return end > i + 2 && !!after && (after.text === '(' || ['VALUES', 'VALUE', 'SELECT', 'SET'].includes(after.upper));
    }
    case 'UPDATE': {
      let k = 1;
      if (wordAt(tokens, i, k) === 'ONLY') k++;
      const end = skipName(tokens, i + k);
      return end > i + k && tokens.slice(end, end + 4).some((x) => x.type === 'word' && x.upper === 'SET');
    }
    case 'DELETE':
      return wordAt(tokens, i, 1) === 'FROM' || (isNameToken(tokenAt(tokens, i, 1)) && tokens.slice(i + 2, i + 8).some((x) => x.type === 'word' && x.upper === 'FROM'));
    case 'MERGE':
      return wordAt(tokens, i, 1) === 'INTO' || (isNameToken(tokenAt(tokens, i, 1)) && tokens.some((x, k) => k > i && x.type === 'word' && x.upper === 'USING'));
    case 'CREATE': {
      for (let k = 1; k <= 6 && tokenAt(tokens, i, k); k++) if (OBJECT_TYPES.has(wordAt(tokens, i, k))) return true;
      return false;
    }
    case 'DROP':
    case 'ALTER':
      return OBJECT_TYPES.has(wordAt(tokens, i, 1));
    case 'TRUNCATE': {
      let k = 1;
      if (wordAt(tokens, i, k) === 'TABLE') return true;
      if (wordAt(tokens, i, k) === 'ONLY') k++;
      const end = skipName(tokens, i + k);
      if (end === i + k) return false;
      const after = tokens[end];
      return !after || after.text === ';' || after.text === ',' || ['CASCADE', 'RESTRICT', 'RESTART', 'CONTINUE'].includes(after.upper);
    }
    case 'COPY': {
      if (wordAt(tokens, i, 1) === 'INTO') return true;
      if (tokenAt(tokens, i, 1)?.text === '(' && ['SELECT', 'WITH'].includes(wordAt(tokens, i, 2))) return true;
      let end = skipName(tokens, i + 1);
      if (end === i + 1) return false;
      if (tokens[end]?.text === '(') {
        const close = matchParen(tokens, end);
        if (close < 0) return false;
        end = close + 1;
      }
      const dir = tokens[end];
      const source = tokens[end + 1];
      if (!dir || dir.type !== 'word' || (dir.upper !== 'FROM' && dir.upper !== 'TO') || !source) return false;
      return source.type === 'string' || source.type === 'placeholder' || /\u0000/.test(source.text) || ['STDIN', 'STDOUT', 'PROGRAM'].includes(source.upper) || source.text === '@';
    }
    case 'CALL':
      return isNameToken(tokenAt(tokens, i, 1)) && tokens[skipName(tokens, i + 1)]?.text === '(';
    default:
      return false;
  }
}

/** Whether the text is a SQL statement: a statement keyword first (case-insensitive, after whitespace and comments) with SQL structure after it. */
export function looksLikeSql(text: string): boolean {
  const tokens = tokenizeSql(text);
  let i = 0;
  while (tokens[i]?.text === '(') i++;
  return !!tokens[i] && STATEMENT_STARTS.has(tokens[i].upper) && looksLikeStatementAt(tokens, i);
}

/** Index of the `)` matching the `(` at `open`, or -1. */
function matchParen(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (tokens[k].text === '(') depth++;
    else if (tokens[k].text === ')' && --depth === 0) return k;
  }
  return -1;
}

/**
 * The kind of the main statement, or null when the text is not SQL. `WITH … SELECT` is a select,
 * `WITH … INSERT` an insert (the common table expressions are skipped).
 */
export function statementKind(text: string): StatementKind | null {
  const tokens = tokenizeSql(text);
  let i = 0;
  while (tokens[i]?.text === '(') i++;
  if (!tokens[i] || !STATEMENT_STARTS.has(tokens[i].upper) || !looksLikeStatementAt(tokens, i)) return null;
  if (tokens[i].upper !== 'WITH') return tokens[i].upper.toLowerCase() as StatementKind;
  let k = i + 1;
  if (tokens[k]?.upper === 'RECURSIVE') k++;
  for (;;) {
    k++; // past the CTE name
    if (tokens[k]?.text === '(') k = matchParen(tokens, k) + 1;
    if (k <= 0 || tokens[k]?.upper !== 'AS') return null;
    k++;
    while (tokens[k] && (tokens[k].upper === 'NOT' || tokens[k].upper === 'MATERIALIZED')) k++;
    if (tokens[k]?.text !== '(') return null;
    k = matchParen(tokens, k);
    if (k < 0) return null;
    k++;
    if (tokens[k]?.text !== ',') break;
    k++;
  }
  while (tokens[k]?.text === '(') k++;
  const main = tokens[k]?.upper;
  return main && ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(main) ? (main.toLowerCase() as StatementKind) : null;
}

/** Whether the statement filters rows anywhere: a WHERE (or ClickHouse PREWHERE) outside strings and comments. */
export function hasWhereClause(text: string): boolean {
  return tokenizeSql(text).some((t) => t.type === 'word' && (t.upper === 'WHERE' || t.upper === 'PREWHERE'));
}

/**
 * Start offset of the first occurrence of a keyword sequence (`ORDER BY`, `LIMIT`) outside
 * parentheses, strings and comments, or -1.
 */
export function findTopLevelClause(text: string, clause: string): number {
  const words = clause.toUpperCase().split(/\s+/);
  const tokens = tokenizeSql(text);
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && words.every((w, j) => tokens[k + j]?.type === 'word' && tokens[k + j].upper === w)) return t.start;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Tables

const TABLE_FUNCTIONS = new Set(['UNNEST', 'LATERAL', 'GENERATE_SERIES', 'TABLE', 'JSON_TABLE', 'FLATTEN', 'OPENJSON', 'OPENROWSET', 'VALUES', 'EXTERNAL_QUERY', 'READ_PARQUET', 'READ_CSV', 'READ_CSV_AUTO', 'READ_JSON', 'RANGE']);

function unquote(part: string): string {
  if (/^["`[]/.test(part)) return part.slice(1, -1).replace(/""/g, '"');
  return part;
}

/** Reads a dotted table name at `i`; BigQuery's `project.dataset.table` in one pair of backticks is split. */
function readTable(tokens: readonly SqlToken[], i: number, columnListMayFollow = false): { ref: TableRef; next: number } | null {
  const t = tokens[i];
  if (!t || t.text === '(' || !(t.type === 'qident' || t.type === 'placeholder' || (t.type === 'word' && (!isKeyword(t.upper) || /\u0000/.test(t.text))))) return null;
  if (t.type === 'word' && TABLE_FUNCTIONS.has(t.upper)) return null;
  const end = skipName(tokens, i);
  if (tokens[end]?.text === '(' && !columnListMayFollow) return null; // a table function
  const parts: string[] = [];
  for (let k = i; k < end; k += 2) {
    const raw = tokens[k].text;
    if (raw.startsWith('`')) parts.push(...unquote(raw).split('.'));
    else parts.push(unquote(raw));
  }
  return { ref: { name: parts.join('.'), parts, start: t.start, end: tokens[end - 1].end }, next: end };
}

/** Skips an optional alias (`AS o`, `o`) after a table reference. */
function skipAlias(tokens: readonly SqlToken[], i: number): number {
  if (tokens[i]?.upper === 'AS') return i + 2;
  if (tokens[i]?.type === 'word' && !isKeyword(tokens[i].upper)) return i + 1;
  if (tokens[i]?.type === 'qident') return i + 1;
  return i;
}

/** Tables named after FROM and JOIN, at any depth except inside function calls (`EXTRACT(YEAR FROM ts)`), in order. */
export function tablesRead(text: string): TableRef[] {
  const tokens = tokenizeSql(text);
  const refs: TableRef[] = [];
  const stack: boolean[] = []; // true: a parenthesis that holds a query
  let inExpression = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.text === '(') {
      const query = tokens[k + 1]?.type === 'word' && ['SELECT', 'WITH'].includes(tokens[k + 1].upper);
      stack.push(query);
      if (!query) inExpression++;
      continue;
    }
    if (t.text === ')') {
      if (stack.pop() === false) inExpression--;
      continue;
    }
    if (t.type !== 'word' || inExpression > 0) continue;
    if (t.upper === 'FROM') {
      const prev = tokens[k - 1]?.upper;
      if (prev === 'DELETE' || prev === 'DISTINCT' || (prev && tokens[k - 2]?.upper === 'DELETE' && isNameToken(tokens[k - 1]))) continue;
      if (['STDIN', 'PROGRAM'].includes(tokens[k + 1]?.upper ?? '')) continue;
      let j = k + 1;
      for (;;) {
        const read = readTable(tokens, j);
        if (!read) break;
        refs.push(read.ref);
        j = skipAlias(tokens, read.next);
        if (tokens[j]?.text !== ',') break;
        j++;
      }
    } else if (t.upper === 'JOIN') {
      const read = readTable(tokens, k + 1);
      if (read) refs.push(read.ref);
    } else if (t.upper === 'USING' && tokens.slice(0, k).some((x) => x.upper === 'MERGE')) {
      const read = readTable(tokens, k + 1);
      if (read) refs.push(read.ref);
    }
  }
  return refs;
}

/** Tables a statement writes: INSERT INTO/OVERWRITE, UPDATE, MERGE INTO, DELETE FROM, TRUNCATE, COPY … FROM/INTO, CREATE/DROP/ALTER TABLE. */
export function tablesWritten(text: string): TableRef[] {
  const tokens = tokenizeSql(text);
  const refs: TableRef[] = [];
  const add = (k: number) => {
    const read = readTable(tokens, k, true);
    if (read) refs.push(read.ref);
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== 'word') continue;
    const next = tokens[k + 1]?.upper;
    switch (t.upper) {
      case 'INSERT':
      case 'REPLACE': {
        let j = k + 1;
        while (tokens[j] && ['INTO', 'OVERWRITE', 'IGNORE', 'TABLE', 'OR', 'REPLACE'].includes(tokens[j].upper)) j++;
        if (j > k + 1) add(j);
        break;
      }
      case 'UPDATE':
        if (tokens[k - 1]?.upper !== 'DO' && tokens[k - 1]?.upper !== 'THEN' && tokens[k - 1]?.upper !== 'FOR') add(next === 'ONLY' ? k + 2 : k + 1);
        break;
      case 'MERGE':
        add(next === 'INTO' ? k + 2 : k + 1);
        break;
      case 'DELETE':
        if (next === 'FROM') add(k + 2);
        break;
      case 'TRUNCATE':
        add(next === 'TABLE' ? k + 2 : next === 'ONLY' ? k + 2 : k + 1);
        break;
      case 'COPY':
        if (next === 'INTO') add(k + 2);
        else if (tokens[skipName(tokens, k + 1)]?.upper === 'FROM' || (tokens[skipName(tokens, k + 1)]?.text === '(' && tokens[matchParen(tokens, skipName(tokens, k + 1)) + 1]?.upper === 'FROM')) add(k + 1);
        break;
      case 'CREATE':
      case 'DROP':
      case 'ALTER': {
        let j = k + 1;
        while (tokens[j] && tokens[j].type === 'word' && tokens[j].upper !== 'TABLE' && j < k + 6) j++;
        if (tokens[j]?.upper !== 'TABLE') break;
        j++;
        while (tokens[j] && ['IF', 'NOT', 'EXISTS'].includes(tokens[j].upper)) j++;
        add(j);
        break;
      }
      default:
        break;
    }
  }
  return refs;
}

const METADATA_SCHEMAS = new Set(['information_schema', 'pg_catalog', 'sys', 'mysql', 'performance_schema', 'system', '__table__', 'snowflake']);

/** Catalog and metadata tables (`information_schema.tables`, `pg_catalog.pg_class`, `pg_stat_activity`, `sqlite_master`). */
export function isMetadataTable(ref: TableRef): boolean {
  const parts = ref.parts.map((p) => p.toLowerCase());
  if (parts.slice(0, -1).some((p) => METADATA_SCHEMAS.has(p)) || parts.includes('information_schema')) return true;
  const last = parts[parts.length - 1];
  return /^(pg_|sqlite_master$|sqlite_schema$|sqlite_sequence$|dual$)/.test(last) || /^__tables__$/.test(last);
}

// ---------------------------------------------------------------------------------------------
// Select lists

/** Index of the main statement's SELECT token (after CTEs), or -1. */
function mainSelectIndex(tokens: readonly SqlToken[]): number {
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.type === 'word' && t.upper === 'SELECT') return k;
  }
  return tokens.findIndex((t) => t.type === 'word' && t.upper === 'SELECT');
}

/** The items of the main query's select list as written (`["id", "COUNT(*) AS n"]`), or null. */
export function selectItems(text: string): string[] | null {
  const tokens = tokenizeSql(text);
  const select = mainSelectIndex(tokens);
  if (select < 0) return null;
  const items: string[] = [];
  let depth = 0;
  let itemStart = select + 1;
  if (tokens[itemStart]?.upper === 'DISTINCT' || tokens[itemStart]?.upper === 'ALL') itemStart++;
  for (let k = itemStart; k <= tokens.length; k++) {
    const t = tokens[k];
    const atEnd = !t || (depth === 0 && t.type === 'word' && ['FROM', 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'INTO', 'HAVING', 'WINDOW', 'QUALIFY'].includes(t.upper)) || (depth === 0 && t.text === ';');
    if (atEnd || (depth === 0 && t.text === ',')) {
      if (k > itemStart) items.push(text.slice(tokens[itemStart].start, tokens[k - 1].end));
      if (atEnd) break;
      itemStart = k + 1;
      continue;
    }
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
  }
  return items;
}

const AGGREGATES = /^(count|count_big|sum|min|max|avg|approx_count_distinct|any_value|stddev|stddev_pop|stddev_samp|variance|bool_and|bool_or|every|median)\s*\(/i;

/** A single-row aggregate (`SELECT COUNT(*) FROM t`, `SELECT MAX(updated_at) FROM t`): every select item is an aggregate call and there is no GROUP BY. */
export function isScalarAggregate(text: string): boolean {
  const items = selectItems(text);
  if (!items || items.length === 0) return false;
  if (findTopLevelClause(text, 'GROUP BY') >= 0) return false;
  return items.every((item) => AGGREGATES.test(item.trim()));
}

// ---------------------------------------------------------------------------------------------
// Placeholders and interpolation slots

/** The placeholder style the text uses (the first placeholder outside strings), or null when it has none. */
export function placeholderStyle(text: string): PlaceholderStyle | null {
  for (const t of tokenizeSql(text)) {
    if (t.type !== 'placeholder') continue;
    if (t.text === '?') return 'qmark';
    if (t.text.startsWith('%(')) return 'pyformat';
    if (t.text.startsWith('%')) return 'format';
    if (t.text.startsWith(':')) return 'named';
    if (t.text.startsWith('@')) return 'at';
    if (t.text.startsWith('$')) return 'numeric';
  }
  return null;
}

const COMPARISON = new Set(['=', '==', '<', '>', '<=', '>=', '<>', '!=']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '||', '%']);
const VALUE_KEYWORDS = new Set(['LIKE', 'ILIKE', 'BETWEEN', 'LIMIT', 'OFFSET', 'TOP', 'INTERVAL', 'IS', 'THEN', 'ELSE', 'DEFAULT', 'ESCAPE', 'REGEXP', 'RLIKE', 'SIMILAR', 'VALUES']);
const IDENTIFIER_KEYWORDS = new Set([
  'FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'EXISTS', 'TRUNCATE', 'ONLY', 'DESCRIBE', 'ANALYZE', 'VACUUM', 'SELECT', 'DISTINCT', 'BY',
  'AS', 'OVERWRITE', 'SCHEMA', 'DATABASE', 'VIEW', 'INDEX', 'COPY', 'MERGE', 'DATASET', 'STAGE', 'SEQUENCE', 'COLUMN', 'RENAME', 'TO',
]);
const CLAUSE_KEYWORDS = new Set(['WHERE', 'AND', 'OR', 'HAVING', 'ON', 'WHEN', 'NOT', 'QUALIFY', 'PREWHERE', 'CASE', 'UNION', 'ALL']);
const LIST_OWNERS = new Set(['SELECT', 'DISTINCT', 'BY', 'SET', 'VALUES', 'FROM', 'RETURNING', 'USING']);

/** Whether the tokens after a slot put it on the left of a comparison (`{col} = %s`, `{col} IS NULL`). */
function startsComparison(after: readonly SqlToken[]): boolean {
  const first = after[0];
  if (!first) return false;
  if (first.type === 'punct' && (COMPARISON.has(first.text) || first.text === '::')) return true;
  return first.type === 'word' && ['IS', 'IN', 'LIKE', 'ILIKE', 'BETWEEN', 'NOT', 'AS', 'ASC', 'DESC', 'NULLS'].includes(first.upper);
}

/** For a slot right after `(` or `,`: the kind implied by the list or call the parenthesis opens. */
function listContext(before: readonly SqlToken[], after: readonly SqlToken[]): SlotKind {
  let depth = 0;
  for (let k = before.length - 1; k >= 0; k--) {
    const t = before[k];
    if (t.text === ')') depth++;
    else if (t.text === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const owner = before[k - 1];
      if (!owner) return 'unknown';
      if (owner.upper === 'VALUES' || owner.upper === 'IN') return 'value';
      if (owner.text === ')' || owner.text === ',') {
        // `VALUES (…), (\0…)`: walk back over earlier tuples to the VALUES keyword.
        for (let j = k - 1; j >= 0; j--) if (before[j].type === 'word' && before[j].upper === 'VALUES') return 'value';
        return 'unknown';
      }
      // `INSERT INTO t (\0, …)` or `PARTITION BY (…)`: a column list.
      if (isNameToken(owner) || owner.type === 'qident') {
        const ownerStart = (() => {
          let j = k - 1;
          while (j >= 2 && before[j - 1].text === '.') j -= 2;
          return j;
        })();
        const keyword = before[ownerStart - 1]?.upper;
        if (keyword === 'INTO' || keyword === 'TABLE' || keyword === 'EXISTS' || keyword === 'OVERWRITE') return 'identifier';
        // A function call: `COALESCE(\0, 0)`, `DATE(\0)` — the argument may be a column or a value.
        return startsComparison(after) ? 'identifier' : 'unknown';
      }
      if (owner.type === 'word' && (owner.upper === 'BY' || owner.upper === 'USING')) return 'identifier';
      return 'unknown';
    } else if (depth === 0 && t.type === 'word' && LIST_OWNERS.has(t.upper)) {
      if (t.upper === 'VALUES') return 'value';
      if (t.upper === 'SET') return startsComparison(after) ? 'identifier' : 'unknown';
      return 'identifier';
    } else if (depth === 0 && t.type === 'word' && (CLAUSE_KEYWORDS.has(t.upper) || t.upper === 'LIMIT')) {
      return 'unknown';
    }
  }
  return 'unknown';
}

export interface SlotOptions {
  /** The dialect reads "double quotes" as a string literal (BigQuery, Spark SQL, MySQL), not an identifier. */
  doubleQuotedStrings?: boolean;
}

/**
 * What a spliced-in value stands for, from the SQL text before and after it:
 * `identifier` (a table or column name: after FROM/JOIN/INTO/UPDATE/TABLE, in a select or column
 * list, left of a comparison, inside "double quotes"), `value` (right of a comparison, inside
 * 'single quotes', in VALUES/IN lists, after LIMIT/LIKE/BETWEEN), `clause` (a whole condition
 * or clause: after WHERE/AND, at the start, after a complete expression), or `unknown`.
 */
export function slotKind(textBefore: string, textAfter = '', options: SlotOptions = {}): SlotKind {
  const before = tokenizeSql(textBefore);
  const after = tokenizeSql(textAfter);
  const last = before[before.length - 1];
  if (last?.open) return last.type === 'string' || (options.doubleQuotedStrings && last.text.startsWith('"')) ? 'value' : 'identifier';
  const glued = /[A-Za-z_\u0000]$/.test(textBefore) || /^[A-Za-z_]/.test(textAfter);
  if (glued && last && last.end === textBefore.length) return last.type === 'number' ? 'value' : 'identifier';
  if (glued && !last && /^[A-Za-z_]/.test(textAfter)) return 'identifier';
  if (after[0]?.text === '.' || last?.text === '.') return 'identifier';
  if (!last) return startsComparison(after) ? 'identifier' : 'clause';
  if (last.type === 'punct') {
    if (COMPARISON.has(last.text) || ARITHMETIC.has(last.text)) return 'value';
    if (last.text === '(' || last.text === ',') {
      const kind = listContext(before, after);
      if (kind !== 'unknown') return kind;
      return startsComparison(after) ? 'identifier' : last.text === '(' && before[before.length - 2]?.type === 'word' && CLAUSE_KEYWORDS.has(before[before.length - 2].upper) ? 'clause' : 'unknown';
    }
    if (last.text === ')') return 'clause';
    return 'unknown';
  }
  if (last.type === 'word') {
    if (last.upper === 'AND' && isBetweenBound(before)) return 'value';
    if (startsComparison(after) && !VALUE_KEYWORDS.has(last.upper)) return 'identifier';
    if (VALUE_KEYWORDS.has(last.upper)) return 'value';
    if (last.upper === 'IN') return 'value';
    if (IDENTIFIER_KEYWORDS.has(last.upper)) return 'identifier';
    if (CLAUSE_KEYWORDS.has(last.upper)) return 'clause';
    if (!isKeyword(last.upper)) return 'clause'; // after a complete name: `FROM t \0`
    return 'unknown';
  }
  if (last.type === 'qident' || last.type === 'string' || last.type === 'number' || last.type === 'placeholder') return 'clause';
  return 'unknown';
}

/** `x BETWEEN a AND \0`: the AND belongs to BETWEEN. */
function isBetweenBound(before: readonly SqlToken[]): boolean {
  for (let k = before.length - 2; k >= 0 && k >= before.length - 6; k--) {
    if (before[k].upper === 'BETWEEN') return true;
    if (before[k].type === 'word' && (before[k].upper === 'AND' || before[k].upper === 'OR' || before[k].upper === 'WHERE')) return false;
  }
  return false;
}

/** Whether a value spliced in after `textBefore` (and before `textAfter`) lands where an identifier goes. */
export function isIdentifierSlot(textBefore: string, textAfter = '', options: SlotOptions = {}): boolean {
  return slotKind(textBefore, textAfter, options) === 'identifier';
}
