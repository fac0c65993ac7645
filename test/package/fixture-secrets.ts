// Fake secrets that live in test fixtures and examples: none of them may ship in a package.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const root = path.join(__dirname, '..', '..');

/** Strings the rule tests and the example use as credentials (any shipped file but docs). */
export const FIXTURE_STRINGS = ['hunter2', 'user:pass@', 'secretpw', 'postgresql://user:pass@localhost:5432/sales'];

// Token formats the tests use: every full token found under test/ and examples/ is a sentinel
// that no shipped file, documentation included, may contain.
const TOKEN = /\b(?:AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|sk_(?:live|test)_[A-Za-z0-9]{10,}|xox[abpr]-[A-Za-z0-9-]{10,})\b/g;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

export function fixtureTokens(): string[] {
  const tokens = new Set<string>();
  for (const dir of ['test', 'examples']) {
    for (const file of walk(path.join(root, dir))) {
      if (file.startsWith(path.join(root, 'test', 'package'))) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(TOKEN)) tokens.add(match[0]);
    }
  }
  return [...tokens].sort();
}

/** Which of `needles` occur in `text`. */
export function found(text: string, needles: readonly string[]): string[] {
  return needles.filter((needle) => text.includes(needle));
}

/** Files under `dir` (relative to the repository, forward slashes), recursively; [] if absent. */
export function filesUnder(dir: string): string[] {
  const full = path.join(root, dir);
  try {
    return walk(full).map((file) => path.relative(root, file).split(path.sep).join('/'));
  } catch {
    return [];
  }
}
