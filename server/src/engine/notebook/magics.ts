// IPython syntax in a code cell is not Python: line magics (`%matplotlib inline`), cell magics
// (`%%sql` … the whole cell), shell escapes (`!pip install x`), assignments from them
// (`files = !ls`), help (`df?`). Each is turned into a comment or a harmless value of exactly the
// same length, so the cell parses and every other offset stays where it was. A `%%sql` cell is
// kept as SQL, the string of a call the module adds around it (see NeutralisedCell.lead).

export interface NeutralisedCell {
  text: string;
  /** The cell's own language when a cell magic says so (`%%sql` → sql), else null. */
  cellMagic: string | null;
  /**
   * A `%%sql` cell (ipython-sql, jupysql) is read as SQL: the module holds `lead` before the cell's
   * text and `trail` after it, making the cell the string a SQL call runs, its magic line a SQL
   * comment (`--sql postgresql://…`: the connection string stays where it is written).
   */
  lead?: string;
  trail?: string;
}

/** What a `%%sql` cell becomes: the string of the call Databricks `%sql` cells become too. */
export const SQL_CELL_LEAD = 'jupysql.sql("""';
export const SQL_CELL_TRAIL = '""")';

const MAGIC_CHARACTER = /[%!?]/;
const CELL_MAGIC = /^%%(\w+)/;
const LINE_MAGIC = /^([ \t]*)([%!])/;
const ASSIGNED_MAGIC = /^([ \t]*[A-Za-z_][\w.,\s]*=[ \t]*)([%!])(\S)/;
const HELP = /^([ \t]*[A-Za-z_][\w.]*)(\?{1,2})[ \t]*$/;

/**
 * What a `%sql SELECT …` line magic becomes: a call of this name with the statement as its string
 * (`%sql ` is five characters, `ʂ("` and `")` five too, so the line keeps its length; the statement
 * sits two characters to the left of where it is written). One character no one writes as a
 * function name; the knowledge catalogue reads it as a call that takes SQL.
 */
export const SQL_LINE_CALL = 'ʂ';

/** `%sql SELECT …` at a statement's start or after `rows = `: indent/assignment, the spaces after `%sql`, the statement. */
const SQL_LINE_MAGIC = /^([ \t]*(?:[A-Za-z_][\w.,\s]*=[ \t]*)?)%sql([ \t]+)(\S.*)$/;

/** `%sql postgresql://…` (ipython-sql, jupysql): a line magic that only connects. */
const SQL_CONNECTION_MAGIC = /^[ \t]*%sql[ \t]+[a-z][\w+.-]*:\/\/[^\s"'\\]+[ \t]*$/i;

/**
 * `%sql postgresql://u:pw@db/x` → `_="postgresql://u:pw@db/x"` padded to the same length: the line
 * keeps its length (every other offset stays), the URL a value a credential check reads, two
 * characters to the left of where it is written. No fix edits it (notebook-edits.ts).
 */
function connectionAssignment(line: string): string {
  const [, indent, url] = /^([ \t]*)%sql[ \t]+(\S+)/.exec(line)!;
  return `${indent}_="${url}"`.padEnd(line.length, ' ');
}

/**
 * `%sql INSERT INTO t …` → `ʂ("INSERT INTO t …")` at the same length, so the SQL-aware rules read
 * the statement as a `%%sql` cell's; null when the line is not such a magic or its statement could
 * not be a plain one-line string (options such as `--save`, quotes of both kinds, backslashes).
 */
function sqlLineCall(line: string): string | null {
  const cr = line.endsWith('\r') ? '\r' : '';
  const match = SQL_LINE_MAGIC.exec(cr ? line.slice(0, -1) : line);
  if (!match) return null;
  const [, before, , statement] = match;
  if (statement.startsWith('-') || statement.includes('\\')) return null;
  const quote = !statement.includes('"') ? '"' : !statement.includes("'") ? "'" : null;
  if (!quote) return null;
  return `${before}${SQL_LINE_CALL}(${quote}${statement}${quote})`.padEnd(line.length - cr.length, ' ') + cr;
}

/** Replaces every line of `text` by a comment of the same length (empty lines stay empty). */
export function commentOut(text: string): string {
  return text.replace(/^[^\n\r]/gm, '#');
}

/**
 * A Databricks notebook saved as .ipynb marks a cell's language with one `%` on a line of its own
 * (`%sql`, `%md`, `%scala`) followed by the cell's text: the whole cell is in that language.
 */
const DATABRICKS_CELL_LANGUAGE = /^%(sql|md|md-sandbox|scala|r|sh|fs)[ \t]*\r?\n(?=[\s\S]*\S)/i;

export function neutraliseMagics(source: string): NeutralisedCell {
  // Every magic, shell escape and help form has one of these (most cells: none; a keystroke neutralises its cell).
  if (!MAGIC_CHARACTER.test(source)) return { text: source, cellMagic: null };
  const databricks = DATABRICKS_CELL_LANGUAGE.exec(source);
  if (databricks) {
    const language = databricks[1].toLowerCase();
    // `%sql` → `--ql`: the line a SQL comment of the same length, as a `%%sql` cell's.
    if (language === 'sql' && !source.includes('"""')) return { text: `--${source.slice(2)}`, cellMagic: language, lead: SQL_CELL_LEAD, trail: SQL_CELL_TRAIL };
    return { text: commentOut(source), cellMagic: language };
  }
  const cell = CELL_MAGIC.exec(source);
  if (cell) {
    const language = cell[1].toLowerCase();
    // A body that would end the string early stays commented out.
    if (language === 'sql' && !source.includes('"""')) return { text: `--${source.slice(2)}`, cellMagic: language, lead: SQL_CELL_LEAD, trail: SQL_CELL_TRAIL };
    return { text: commentOut(source), cellMagic: language };
  }
  const lines = source.split('\n');
  // Inside brackets or after a backslash, a leading `%` is the modulo operator, not a magic.
  let depth = 0;
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const statementStart = depth === 0 && !continued;
    const sqlCall = statementStart ? sqlLineCall(line) : null;
    const assigned = statementStart ? ASSIGNED_MAGIC.exec(line) : null;
    const magic = statementStart ? LINE_MAGIC.exec(line) : null;
    const help = statementStart ? HELP.exec(line) : null;
    if (sqlCall !== null && !SQL_CONNECTION_MAGIC.test(line)) {
      lines[i] = sqlCall;
    } else if (assigned) {
      // `files = !ls -la` → `files = 0#ls -la`: a value, then a comment.
      const at = assigned[1].length;
      lines[i] = `${line.slice(0, at)}0#${line.slice(at + 2)}`;
    } else if (magic && SQL_CONNECTION_MAGIC.test(line)) {
      lines[i] = connectionAssignment(line);
    } else if (magic) {
      lines[i] = `${magic[1]}#${line.slice(magic[1].length + 1)}`;
    } else if (help) {
      lines[i] = help[1] + '#'.repeat(line.length - help[1].length);
    }
    const code = lines[i].replace(/#.*$/, '');
    for (const ch of code) {
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    }
    continued = code.trimEnd().endsWith('\\');
  }
  return { text: lines.join('\n'), cellMagic: null };
}
