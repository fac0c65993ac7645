// A document ready for the rules: its text, dialect and the facts of that dialect.

import path from 'node:path';
import { LineIndex } from './line-index';
import type { Dialect } from './types';
import type { PythonFacts } from './python/python-facts';
import { parseYamlFacts, type YamlFacts } from './yaml/yaml-facts';
import { parseKeyValues, type KeyValueFacts } from './config-files/key-values';

export interface DocumentFacts {
  /** File system path (absolute in the server, as given on the command line in the CLI). */
  readonly path: string;
  readonly dialect: Dialect;
  readonly text: string;
  readonly lines: LineIndex;
  readonly isTestFile: boolean;
  readonly python?: PythonFacts;
  readonly yaml?: YamlFacts;
  readonly keyValues?: KeyValueFacts;
}

const LANGUAGE_IDS: Record<string, Dialect> = {
  python: 'python',
  yaml: 'yaml',
  ini: 'ini',
  properties: 'ini',
  toml: 'toml',
  dotenv: 'dotenv',
};

/** The dialect of a file from its name, falling back to the editor's language id; null if none. */
export function detectDialect(filePath: string, languageId?: string): Dialect | null {
  const base = path.basename(filePath).toLowerCase();
  if (base.endsWith('.py') || base.endsWith('.pyi')) return 'python';
  if (base.endsWith('.yaml') || base.endsWith('.yml')) return 'yaml';
  if (base.endsWith('.ini') || base.endsWith('.cfg')) return 'ini';
  if (base.endsWith('.toml')) return 'toml';
  if (base === '.env' || base === 'env' || base.startsWith('.env.') || base.endsWith('.env')) return 'dotenv';
  return (languageId && LANGUAGE_IDS[languageId]) || null;
}

export function isTestPath(filePath: string): boolean {
  const normalized = filePath.replace(/\\/g, '/');
  const base = path.posix.basename(normalized);
  return /(^|\/)tests?\//.test(normalized) || /^test_.*\.py$/.test(base) || /_test\.py$/.test(base) || base === 'conftest.py';
}

class LazyLines {
  private index: LineIndex | undefined;
  constructor(private readonly text: string) {}
  get(): LineIndex {
    this.index ??= new LineIndex(this.text);
    return this.index;
  }
}

/**
 * `root` (the workspace or project folder) makes the test-file check look only at the path inside
 * the project: a workspace that itself lives under a `tests/` folder is not test code.
 */
export function createDocumentFacts(
  filePath: string,
  dialect: Dialect,
  text: string,
  facts: { python?: PythonFacts; yaml?: YamlFacts; keyValues?: KeyValueFacts },
  root?: string | null,
): DocumentFacts {
  const lines = new LazyLines(text);
  const projectPath = root && path.isAbsolute(filePath) ? path.relative(root, filePath) : filePath;
  return {
    path: filePath,
    dialect,
    text,
    get lines() {
      return lines.get();
    },
    isTestFile: isTestPath(projectPath),
    ...facts,
  };
}

/** Facts for the dialects parsed synchronously in one step (everything but Python). */
export function analyzeNonPython(filePath: string, dialect: Exclude<Dialect, 'python'>, text: string, root?: string | null): DocumentFacts {
  if (dialect === 'yaml') return createDocumentFacts(filePath, dialect, text, { yaml: parseYamlFacts(text) }, root);
  return createDocumentFacts(filePath, dialect, text, { keyValues: parseKeyValues(text, dialect) }, root);
}
