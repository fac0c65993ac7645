// Finds lists of library calls kept outside the engine's library model: module-level constants in
// rules/ (Sets, arrays, regular expressions) that name calls the catalogue describes
// (`read_sql`, `saveAsTable`, `execute`…), and DataFrame tests of their own (frame-name patterns).
// Used by test/knowledge/boundary.test.ts; run directly to list what is left:
//   node --import tsx scripts/library-lists.ts

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { catalogueNames, LIBRARIES, NULL_TEST_METHODS, ROW_PRESERVING_METHODS, STATISTIC_METHODS } from '../server/src/engine/knowledge';

/** Catalogue names too generic to say "this is a library call" on their own (`get`, `run`, `text`). */
const GENERIC_WORDS = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'run', 'text', 'query', 'table', 'load', 'save',
  'start', 'create', 'replace', 'append', 'overwrite', 'json', 'csv', 'sql', 'scan', 'open', 'merge', 'concat', 'DataFrame',
  'xml', 'orc', 'parquet', 'read_table', 'from_dict', 'from_records', 'createOrReplace', 'overwritePartitions', 'toTable', 'insertInto',
  'insert', 'crosstab', 'pivot_table', 'json_normalize', 'from_url', 'Redis', 'StrictRedis', 'Client', 'get_item', 'put_item', 'connect', 'exists', 'reload',
  'update', 'index', 'count', 'search', 'bulk', 'scroll',
]);

export interface ListFinding {
  file: string;
  line: number;
  name: string;
  words: string[];
}

function walk(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (entry.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** Module-level `const NAME = <Set | array | regex>` declarations, with the text of their initializer. */
function constants(source: string): Array<{ name: string; line: number; body: string }> {
  const out: Array<{ name: string; line: number; body: string }> = [];
  const declaration = /^(?:export )?const ([A-Z][A-Z0-9_]*)(?::[^=]+)? = /gm;
  for (let m = declaration.exec(source); m; m = declaration.exec(source)) {
    const start = m.index + m[0].length;
    const end = source.indexOf(';\n', start);
    const body = source.slice(start, end < 0 ? source.length : end);
    if (!/^(new Set|\[|\/|new RegExp)/.test(body.trimStart())) continue;
    out.push({ name: m[1], line: source.slice(0, m.index).split('\n').length, body });
  }
  return out;
}

/** Library modules (`psycopg2`, `google.cloud.bigquery`) and their roots. */
function libraryModules(): string[] {
  const out = new Set<string>();
  for (const library of LIBRARIES) for (const m of library.modules) {
    out.add(m);
    out.add(m.split('.')[0]);
  }
  for (const generic of ['builtins', 'io', 'google', 'azure', 'urllib']) out.delete(generic);
  return [...out];
}

/** pandas API vocabulary: a constant holding three or more of these is a list of frame methods. */
const FRAME_API = new Set<string>([...STATISTIC_METHODS, ...ROW_PRESERVING_METHODS, ...NULL_TEST_METHODS]);

function wordsIn(body: string, candidates: readonly string[]): string[] {
  return candidates.filter((n) => new RegExp(`(^|[^A-Za-z0-9_])${n.replace(/\./g, '\\.')}($|[^A-Za-z0-9_])`).test(body));
}

/** The library lists among one file's module-level constants. */
export function findLibraryListsIn(file: string, source: string): ListFinding[] {
  const names = [...catalogueNames()].filter((n) => !GENERIC_WORDS.has(n));
  const modules = libraryModules();
  const findings: ListFinding[] = [];
  for (const constant of constants(source)) {
    const words = wordsIn(constant.body, names);
    const moduleWords = wordsIn(constant.body, modules);
    if (moduleWords.length >= 2) words.push(...moduleWords);
    const dotted = modules.filter((m) => new RegExp(`['"/^|(]${m.replace(/\./g, '\\\\?\\.')}\\\\?\\.[A-Za-z_]`).test(constant.body));
    if (dotted.length > 0 && moduleWords.length < 2) words.push(...dotted.map((m) => `${m}.…`));
    const frameApi = wordsIn(constant.body, [...FRAME_API]);
    if (frameApi.length >= 3) words.push(`(pandas API: ${frameApi.slice(0, 3).join(', ')}…)`);
    if (/\bdf\b.*\bframe\b|\bframe\b.*\bdf\b/.test(constant.body)) words.push('(DataFrame names)');
    if (words.length > 0) findings.push({ file, line: constant.line, name: constant.name, words });
  }
  return findings;
}

export function findLibraryLists(root: string): ListFinding[] {
  return walk(path.join(root, 'rules'), []).flatMap((file) => findLibraryListsIn(path.relative(root, file), readFileSync(file, 'utf8')));
}

if (require.main === module) {
  const findings = findLibraryLists(path.join(__dirname, '..'));
  for (const f of findings) console.log(`${f.file}:${f.line} ${f.name}: ${f.words.join(', ')}`);
  console.log(`${findings.length} list(s) of library calls outside server/src/engine/knowledge`);
}
