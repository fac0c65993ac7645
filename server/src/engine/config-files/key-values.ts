// Line-based reader for INI/.cfg, .env and TOML files: the key = value entries with the source
// range of each value. Only what PW101 needs; nested TOML structures are not interpreted.

export type KeyValueDialect = 'ini' | 'dotenv' | 'toml';

export interface KeyValueFact {
  section: string | null;
  key: string;
  value: string;
  /** Range of the value as written, quotes included. */
  start: number;
  end: number;
  quote: '"' | "'" | null;
}

export interface KeyValueFacts {
  entries: KeyValueFact[];
}

const DOTENV_ENTRY = /^(\s*)(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/;
const TOML_ENTRY = /^(\s*)((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*/;

export function parseKeyValues(text: string, dialect: KeyValueDialect): KeyValueFacts {
  const entries: KeyValueFact[] = [];
  let section: string | null = null;
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const sectionName = dialect !== 'dotenv' ? sectionOf(trimmed) : null;
    if (sectionName !== null) {
      section = sectionName;
      continue;
    }
    const match = dialect === 'ini' ? iniEntry(line) : (dialect === 'dotenv' ? DOTENV_ENTRY : TOML_ENTRY).exec(line);
    if (!match) continue;
    const key = match[2].trim().replace(/["']/g, '');
    const valueOffset = match[0].length;
    const entry = readValue(line.replace(/\r$/, ''), valueOffset, dialect);
    if (!entry) continue;
    entries.push({ section, key, value: entry.value, start: lineStart + entry.start, end: lineStart + entry.end, quote: entry.quote });
  }
  return { entries };
}

// Sections and INI entries are read without regular expressions: the patterns they replace
// backtracked over long runs of spaces (cubic on a line of `[` and 100,000 spaces).

/** `[name]` / `[[name]]` (then only a comment): the section name, else null. */
function sectionOf(trimmed: string): string | null {
  if (!trimmed.startsWith('[')) return null;
  const close = trimmed.indexOf(']');
  if (close < 0) return null;
  const name = trimmed.slice(trimmed.startsWith('[[') ? 2 : 1, close).trim();
  if (!name) return null;
  let rest = trimmed.slice(close + 1);
  if (rest.startsWith(']')) rest = rest.slice(1);
  rest = rest.trimStart();
  return rest === '' || rest.startsWith('#') || rest.startsWith(';') ? name : null;
}

/** `key = value` / `key: value` in INI: [whole prefix up to the value, indentation, key] like a RegExpExecArray, or null. */
function iniEntry(line: string): [string, string, string] | null {
  let separator = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 61 || c === 58) {
      separator = i;
      break;
    }
  }
  if (separator < 0) return null;
  const head = line.slice(0, separator);
  const indent = head.length - head.trimStart().length;
  const key = head.trim();
  if (!key || key.startsWith('#') || key.startsWith(';')) return null;
  const next = line[separator + 1];
  const valueOffset = separator + 1 + (next !== undefined && /\s/.test(next) ? 1 : 0);
  return [line.slice(0, valueOffset), head.slice(0, indent), key];
}

function readValue(line: string, from: number, dialect: KeyValueDialect): { value: string; start: number; end: number; quote: '"' | "'" | null } | null {
  const first = line[from];
  if (first === '"' || first === "'") {
    const close = line.indexOf(first, from + 1);
    if (close < 0) return null;
    return { value: line.slice(from + 1, close), start: from, end: close + 1, quote: first };
  }
  if (dialect === 'toml') return null; // numbers, booleans, arrays and tables are not secrets we can read here
  let end = line.length;
  // INI keeps '#' as part of the value; .env treats " #" as the start of a comment.
  if (dialect === 'dotenv') {
    // `KEY= # comment`: the entry's pattern ate the blank before '#', so the value is empty.
    if (line[from] === '#' && /\s/.test(line[from - 1] ?? '')) return null;
    const comment = line.slice(from).search(/\s#/);
    if (comment >= 0) end = from + comment;
  }
  const raw = line.slice(from, end).trimEnd();
  if (!raw) return null;
  return { value: raw, start: from, end: from + raw.length, quote: null };
}
