// A document ready for the rules: its text, dialect and the facts of that dialect.

import path from 'node:path';
import { LineIndex } from './line-index';
import type { Dialect } from './types';
import type { PythonFacts } from './python/python-facts';
import { parseYamlFacts, type YamlFacts } from './yaml/yaml-facts';
import { parseKeyValues, type KeyValueFacts } from './config-files/key-values';
import { isJupyterNotebookPath, type NotebookFacts } from './notebook/notebook-facts';
import type { DatabricksFacts } from './notebook/databricks';
import type { SourceText } from './source-text';

export interface DocumentFacts {
  /** File system path (absolute in the server, as given on the command line in the CLI). */
  readonly path: string;
  readonly dialect: Dialect;
  /**
   * The whole text as one string. In the editor it is built on first read, a copy of the whole
   * document per version: what runs per keystroke reads `sourceText` instead.
   */
  readonly text: string;
  /** The same text, read in parts (source-text.ts): the text itself in the CLI, blocks in the editor. */
  readonly sourceText: SourceText;
  readonly lines: LineIndex;
  readonly isTestFile: boolean;
  readonly python?: PythonFacts;
  readonly yaml?: YamlFacts;
  readonly keyValues?: KeyValueFacts;
  /** A Jupyter notebook: `text` is its code cells joined into one module (see notebook/notebook-facts.ts). */
  readonly notebook?: NotebookFacts;
  /** A Databricks source notebook: `text` is its analysis text (SQL cells made readable, same offsets; see notebook/databricks.ts). */
  readonly databricks?: DatabricksFacts;
}

const LANGUAGE_IDS: Record<string, Dialect> = {
  python: 'python',
  yaml: 'yaml',
  ini: 'ini',
  properties: 'ini',
  toml: 'toml',
  dotenv: 'dotenv',
};

/** Template suffixes of rendered config (`values.yaml.j2`, `airflow.cfg.tpl`): the file is read as what it renders to. */
const TEMPLATE_SUFFIX = /\.(?:j2|jinja2?|tpl|tmpl|template)$/;
const TEMPLATED_CONFIG = /\.(?:ya?ml|ini|cfg|toml|env)$|^\.env$/;
/** Private keys and certificates by their usual names: PEM files, Snowflake's `rsa_key.p8`, OpenSSH keys. */
const KEY_FILE = /\.(?:pem|key|p8)$|^id_(?:rsa|dsa|ecdsa|ed25519)$/;

/** Whether the file is rendered from a template (`values.yaml.j2`): its Jinja tags are masked before parsing. */
export function isTemplatedConfig(filePath: string): boolean {
  const base = path.basename(filePath).toLowerCase();
  return TEMPLATE_SUFFIX.test(base) && TEMPLATED_CONFIG.test(base.replace(TEMPLATE_SUFFIX, ''));
}

// One-line Jinja tags, bounded so the scan stays linear on unclosed tags.
const TEMPLATE_TAG = /\{%[^\n]{0,500}?%\}|\{#[^\n]{0,500}?#\}|\{\{[^\n]{0,500}?\}\}/g;

/**
 * Jinja tags masked at the same length, so offsets stay true: statements and comments become
 * blanks, expressions a `${xx}` placeholder (what an unrendered value is).
 */
export function maskTemplateTags(text: string): string {
  return text.replace(TEMPLATE_TAG, (tag) => (tag[1] === '{' ? `\${${'x'.repeat(tag.length - 3)}}` : ' '.repeat(tag.length)));
}

/** The dialect of a file from its name, falling back to the editor's language id; null if none. */
export function detectDialect(filePath: string, languageId?: string): Dialect | null {
  let base = path.basename(filePath).toLowerCase();
  const rendered = base.replace(TEMPLATE_SUFFIX, '');
  if (rendered !== base && TEMPLATED_CONFIG.test(rendered)) base = rendered;
  if (KEY_FILE.test(base)) return 'pem';
  if (base.endsWith('.py') || base.endsWith('.pyi')) return 'python';
  if (base.endsWith('.yaml') || base.endsWith('.yml')) return 'yaml';
  if (base.endsWith('.ini') || base.endsWith('.cfg')) return 'ini';
  if (base.endsWith('.toml')) return 'toml';
  if (base === '.env' || base === 'env' || base.startsWith('.env.') || base.endsWith('.env')) return 'dotenv';
  return (languageId && LANGUAGE_IDS[languageId]) || null;
}

/**
 * The dialect of a file found on disk: `detectDialect`, and Jupyter notebooks (`.ipynb`), whose
 * code cells are analysed as Python. Editors send notebook cells, not the .ipynb text, so the
 * server keeps to `detectDialect`.
 */
export function detectFileDialect(filePath: string): Dialect | null {
  return detectDialect(filePath) ?? (isJupyterNotebookPath(filePath) ? 'python' : null);
}

export function isTestPath(filePath: string): boolean {
  const normalized = filePath.replace(/\\/g, '/');
  const base = path.posix.basename(normalized);
  return /(^|\/)tests?\//.test(normalized) || /^test_.*\.py$/.test(base) || /_test\.py$/.test(base) || base === 'conftest.py';
}

class LazyLines {
  private index: LineIndex | undefined;
  constructor(private readonly text: SourceText) {}
  get(): LineIndex {
    this.index ??= new LineIndex(this.text.toString());
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
  text: SourceText,
  facts: { python?: PythonFacts; yaml?: YamlFacts; keyValues?: KeyValueFacts; notebook?: NotebookFacts; databricks?: DatabricksFacts },
  root?: string | null,
): DocumentFacts {
  const lines = new LazyLines(text);
  const projectPath = root && path.isAbsolute(filePath) ? path.relative(root, filePath) : filePath;
  return {
    path: filePath,
    dialect,
    sourceText: text,
    get text() {
      return text.toString();
    },
    get lines() {
      return lines.get();
    },
    isTestFile: isTestPath(projectPath),
    ...facts,
  };
}

/** Facts for the dialects parsed synchronously in one step (everything but Python). */
export function analyzeNonPython(filePath: string, dialect: Exclude<Dialect, 'python'>, text: string, root?: string | null): DocumentFacts {
  if (dialect === 'yaml') return createDocumentFacts(filePath, dialect, text, { yaml: parseYamlFacts(isTemplatedConfig(filePath) ? maskTemplateTags(text) : text) }, root);
  if (dialect === 'pem') return createDocumentFacts(filePath, dialect, text, {}, root);
  return createDocumentFacts(filePath, dialect, text, { keyValues: parseKeyValues(text, dialect) }, root);
}
