// The library model is the one place that knows what library calls do (issue 10): no rule keeps
// a list of library calls, modules or DataFrame names of its own, and none re-declares the
// callee helpers the model exports.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { findLibraryLists } from '../../scripts/library-lists';

const ROOT = path.resolve(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

test('no rule keeps its own list of library calls, library modules or DataFrame names', () => {
  const lists = findLibraryLists(ROOT).map((f) => `${f.file}:${f.line} ${f.name}: ${f.words.join(', ')}`);
  assert.deepEqual(lists, [], 'move these into server/src/engine/knowledge and query them from there');
});

test('the checker finds such a list (it can fail)', () => {
  const sample = "const LOADS = new Set(['load_table_from_dataframe', 'to_sql']);\nconst FRAMES = /^(df|frame)$/;\n";
  const { findLibraryListsIn } = require('../../scripts/library-lists') as typeof import('../../scripts/library-lists');
  const found = findLibraryListsIn('rules/PWxxx-sample.ts', sample).map((f) => f.name);
  assert.deepEqual(found, ['LOADS', 'FRAMES']);
});

test('callee helpers are declared once, in the library model', () => {
  const declared = [...tsFiles(path.join(ROOT, 'rules')), ...tsFiles(path.join(ROOT, 'server', 'src'))]
    .filter((file) => !file.endsWith(path.join('knowledge', 'call-site.ts')))
    .filter((file) => /\bfunction (methodOf|receiverOf)\(/.test(readFileSync(file, 'utf8')))
    .map((file) => path.relative(ROOT, file));
  assert.deepEqual(declared, []);
});
