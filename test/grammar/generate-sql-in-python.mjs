// Source of syntaxes/sql-in-python.tmLanguage.json. The grammar repeats the same rules for four
// quote styles and four string kinds, so it is generated rather than written by hand:
//   node test/grammar/generate-sql-in-python.mjs          rewrite the JSON
//   node test/grammar/generate-sql-in-python.mjs --check  fail if the JSON is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const OUTPUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../syntaxes/sql-in-python.tmLanguage.json');

// Functions whose first argument is SQL. `sql` only as a method (`spark.sql(...)`): a bare
// `sql(...)` is too often something else.
const SQL_CALLS = ['execute', 'executemany', 'read_sql', 'read_sql_query', 'text', 'query', 'mogrify'];
const UPPER_KEYWORDS = ['SELECT', 'WITH', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'COPY'];
// Lower-case keywords only count when followed by what makes them SQL: "update the docs" stays a string.
const LOWER_PHRASES = [
  String.raw`select\s+(?:\*|distinct\b|[\w."]+\s*(?:,|\bfrom\b|\bas\b))`,
  String.raw`insert\s+into\b`,
  String.raw`delete\s+from\b`,
  String.raw`update\s+[\w."]+\s+set\b`,
  String.raw`create\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?(?:table|view|index|schema|database)\b`,
  String.raw`drop\s+(?:table|view|index|schema)\b`,
  String.raw`alter\s+table\b`,
  String.raw`truncate\s+(?:table\s+)?[\w."]`,
  String.raw`merge\s+into\b`,
  String.raw`with\s+[\w"]+\s+as\s*\(`,
  String.raw`copy\s+[\w."]+\s+(?:from|to)\b`,
];
// A keyword must be followed by whitespace: "DELETE" alone or "SELECT-free" are not statements.
const SQL_START = String.raw`(?:(?:${UPPER_KEYWORDS.join('|')})(?=\s)|(?i:${LOWER_PHRASES.join('|')}))`;

const QUOTES = {
  dq3: { quote: '"""', multi: true },
  sq3: { quote: "'''", multi: true },
  dq: { quote: '"', multi: false },
  sq: { quote: "'", multi: false },
};
const KINDS = {
  plain: { prefix: String.raw`(\b[uU])?`, raw: false, f: false },
  raw: { prefix: String.raw`\b([rR])`, raw: true, f: false },
  f: { prefix: String.raw`\b([fF])`, raw: false, f: true },
  rawf: { prefix: String.raw`\b([rR][fF]|[fF][rR])`, raw: true, f: true },
};

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function stringScope(q, k) {
  const shape = `${KINDS[k].raw ? 'raw.' : ''}${QUOTES[q].multi ? 'multi' : 'single'}`;
  return `${KINDS[k].f ? 'string.interpolated.python ' : ''}string.quoted.${shape}.python`;
}

/** Lookahead that ends any construct nested in the SQL: the Python string's closing quote. */
function stop(q) {
  const { quote, multi } = QUOTES[q];
  return multi ? `(?=${quote})` : `(?=${escapeRegex(quote)}|\\n)`;
}

function endOfString(q) {
  const { quote, multi } = QUOTES[q];
  return multi ? `(${quote})` : String.raw`(${quote})|((?<!\\)\n)`;
}

function stringRegion(q, k, gate) {
  const { quote } = QUOTES[q];
  const scope = stringScope(q, k);
  return {
    begin: `${KINDS[k].prefix}(${quote})${gate ? `(?=\\s*${SQL_START})` : ''}`,
    beginCaptures: {
      1: { name: 'storage.type.string.python' },
      2: { name: 'punctuation.definition.string.begin.python' },
    },
    end: endOfString(q),
    endCaptures: {
      1: { name: 'punctuation.definition.string.end.python' },
      2: { name: 'invalid.illegal.newline.python' },
    },
    name: `${scope} meta.sql-string.python`,
    contentName: 'meta.embedded.sql',
    patterns: [{ include: `#sql-${q}-${k}` }],
  };
}

/**
 * A triple-quoted string that ends its first line (`sql = """` ⏎ `    SELECT …`). Its begin
 * consumes the line end, so `\G` matches at the start of the next line, where the SQL check runs.
 */
function nextLineRegion(q, k) {
  const { quote } = QUOTES[q];
  const scope = stringScope(q, k);
  return {
    // Only after `=`, `(`, `,`, `[`, `{`, `:` or `return`, so docstrings are left alone.
    begin: `(?<=[=(,\\[{:]|[=(,\\[{:] |\\breturn )${KINDS[k].prefix}(${quote})[ \\t]*\\n`,
    beginCaptures: {
      1: { name: 'storage.type.string.python' },
      2: { name: 'punctuation.definition.string.begin.python' },
    },
    end: `(${quote})`,
    endCaptures: { 1: { name: 'punctuation.definition.string.end.python' } },
    name: `${scope} meta.sql-string.python`,
    patterns: [
      {
        begin: `\\G(?=\\s*${SQL_START})`,
        end: stop(q),
        contentName: 'meta.embedded.sql',
        patterns: [{ include: `#sql-${q}-${k}` }],
      },
      { include: `#python-guts-${k}` },
    ],
  };
}

/** Escapes, %-placeholders and (f-strings) interpolations: the Python inside the string. */
function pythonGuts(k, q) {
  const { raw, f } = KINDS[k];
  const patterns = [];
  if (f) patterns.push({ match: String.raw`\{\{|\}\}`, name: 'constant.character.escape.python' });
  if (raw) patterns.push({ include: 'source.python#string-consume-escape' });
  else patterns.push({ include: 'source.python#escape-sequence-unicode' }, { include: 'source.python#escape-sequence' }, { include: 'source.python#string-line-continuation' });
  if (f) patterns.push({ include: `#interpolation-${QUOTES[q].multi ? 'multi' : 'single'}` });
  else patterns.push({ include: 'source.python#string-formatting' }, { include: 'source.python#string-brace-formatting' });
  return patterns;
}

/**
 * SQL strings, identifiers, comments and brackets, re-declared so that none of them can run
 * past the Python string's closing quote (the SQL grammar's own would, when unbalanced).
 */
function sqlGuards(q, k) {
  const { quote, multi } = QUOTES[q];
  const end = stop(q);
  const guts = { include: `#python-guts-${q}-${k}` };
  const quoted = (char, name) => {
    const lone = multi && char === quote[0] ? `${escapeRegex(char)}(?!${escapeRegex(char)}{2})` : escapeRegex(char);
    return {
      begin: lone,
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.sql' } },
      end: `${end}|(${escapeRegex(char)})`,
      endCaptures: { 1: { name: 'punctuation.definition.string.end.sql' } },
      name,
      patterns: [guts],
    };
  };
  const patterns = [];
  // In a single-line string the other quote cannot appear unescaped, so there is nothing to guard.
  if (multi || quote !== "'") patterns.push(quoted("'", 'string.quoted.single.sql'));
  if (multi || quote !== '"') patterns.push(quoted('"', 'string.quoted.double.sql'));
  patterns.push(
    quoted('`', 'string.quoted.other.backtick.sql'),
    {
      begin: '--',
      beginCaptures: { 0: { name: 'punctuation.definition.comment.sql' } },
      end: `${end}|$`,
      name: 'comment.line.double-dash.sql',
      patterns: [guts],
    },
    {
      begin: String.raw`/\*`,
      beginCaptures: { 0: { name: 'punctuation.definition.comment.sql' } },
      end: `${end}|(\\*/)`,
      endCaptures: { 1: { name: 'punctuation.definition.comment.sql' } },
      name: 'comment.block.sql',
      patterns: [guts],
    },
    {
      begin: String.raw`\[`,
      end: `${end}|(\\])`,
      patterns: [guts],
    },
  );
  return patterns;
}

function interpolation(multi) {
  return {
    begin: String.raw`(\{)`,
    beginCaptures: { 1: { name: 'constant.character.format.placeholder.other.python' } },
    end: multi ? String.raw`(\})` : String.raw`(\})|(?=\n)`,
    endCaptures: { 1: { name: 'constant.character.format.placeholder.other.python' } },
    name: 'meta.fstring.python',
    patterns: [{ include: `source.python#fstring-terminator-${multi ? 'multi' : 'single'}` }, { include: 'source.python#f-expression' }],
  };
}

function buildGrammar() {
  const repository = {};
  const combos = Object.keys(QUOTES).flatMap((q) => Object.keys(KINDS).map((k) => [q, k]));
  const callStrings = [];
  const keywordStrings = [];
  for (const [q, k] of combos) {
    repository[`python-guts-${q}-${k}`] = { patterns: pythonGuts(k, q) };
    repository[`sql-${q}-${k}`] = {
      patterns: [{ include: `#python-guts-${q}-${k}` }, ...sqlGuards(q, k), { include: 'source.sql' }],
    };
    callStrings.push(stringRegion(q, k, false));
    keywordStrings.push(stringRegion(q, k, true));
  }
  for (const k of Object.keys(KINDS)) {
    repository[`python-guts-${k}`] = { patterns: pythonGuts(k, 'dq3') };
  }
  repository['interpolation-multi'] = interpolation(true);
  repository['interpolation-single'] = interpolation(false);
  // Longer quotes first so `"""` is never read as an empty `""` followed by `"`.
  repository['sql-string-any'] = { patterns: callStrings };
  repository['sql-string-by-keyword'] = {
    patterns: [...['dq3', 'sq3'].flatMap((q) => Object.keys(KINDS).map((k) => nextLineRegion(q, k))), ...keywordStrings],
  };
  repository['sql-call'] = {
    begin: String.raw`(?:\b(${SQL_CALLS.join('|')})|(?<=\.)(sql))\s*(\()`,
    beginCaptures: {
      1: { name: 'meta.function-call.generic.python' },
      2: { name: 'meta.function-call.generic.python' },
      3: { name: 'punctuation.definition.arguments.begin.python' },
    },
    end: String.raw`(\))`,
    endCaptures: { 1: { name: 'punctuation.definition.arguments.end.python' } },
    name: 'meta.function-call.python',
    contentName: 'meta.function-call.arguments.python',
    patterns: [{ include: '#sql-string-any' }, { include: '#later-arguments' }, { include: '#argument-parts' }],
  };
  repository['later-arguments'] = {
    begin: '(,)',
    beginCaptures: { 1: { name: 'punctuation.separator.arguments.python' } },
    end: String.raw`(?=\))`,
    patterns: [{ include: '#argument-parts' }],
  };
  repository['argument-parts'] = {
    patterns: [
      { match: '(,)', name: 'punctuation.separator.arguments.python' },
      {
        match: String.raw`\b([_[:alpha:]]\w*)\s*(=)(?!=)`,
        captures: { 1: { name: 'variable.parameter.function-call.python' }, 2: { name: 'keyword.operator.assignment.python' } },
      },
      { include: 'source.python#expression' },
    ],
  };
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'SQL in Python strings',
    scopeName: 'pipewise.sql-in-python.injection',
    comment: 'Generated by test/grammar/generate-sql-in-python.mjs; edit that file, not this one.',
    // -string and -meta.sql-string: never inside a Python string (ours or another), so the
    // patterns below only start strings. -meta.function: leave `def execute(...)` alone.
    injectionSelector: 'L:source.python -comment -string -meta.function.python -meta.sql-string.python',
    patterns: [{ include: '#sql-call' }, { include: '#sql-string-by-keyword' }],
    repository,
  };
}

const text = `${JSON.stringify(buildGrammar(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUTPUT, 'utf8');
  } catch {
    // A missing file is reported below like an outdated one.
  }
  if (current !== text) {
    console.error(`${path.relative(process.cwd(), OUTPUT)} is out of date: run node test/grammar/generate-sql-in-python.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(OUTPUT, text);
}
