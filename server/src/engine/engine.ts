// The engine's front door for whole texts (CLI, tests, fix-all): analyse, lint, fix. The language
// server keeps a PythonSource per open document instead, to re-parse incrementally.

import { analyzeNonPython, createDocumentFacts, detectDialect, type DocumentFacts } from './document';
import type { EffectiveConfig } from './config';
import { fixAll, type FixAllOptions, type FixAllResult } from './fixer';
import { lintDocument, type RuleErrorHandler } from './linter';
import { initPythonParser } from './python/parser';
import { PythonSource } from './python/python-source';
import type { Dialect, Finding, ProjectView, Rule } from './types';

export class Engine {
  private python: PythonSource | undefined;

  private constructor(readonly rules: readonly Rule[]) {}

  static async create(rules: readonly Rule[]): Promise<Engine> {
    await initPythonParser();
    return new Engine(rules);
  }

  /** Facts for a file, or null when Pipewise does not read files of its kind. */
  analyze(filePath: string, text: string, languageId?: string): DocumentFacts | null {
    const dialect = detectDialect(filePath, languageId);
    if (!dialect) return null;
    return this.analyzeAs(filePath, dialect, text);
  }

  analyzeAs(filePath: string, dialect: Dialect, text: string): DocumentFacts {
    if (dialect !== 'python') return analyzeNonPython(filePath, dialect, text);
    this.python ??= new PythonSource();
    try {
      return createDocumentFacts(filePath, dialect, text, { python: this.python.update(text) });
    } catch (error) {
      // The next text must not be parsed against a tree left half-updated.
      this.python.dispose();
      this.python = undefined;
      throw error;
    }
  }

  /** Offset of the first syntax error in the Python text analysed last, or null. */
  syntaxErrorOffset(): number | null {
    return this.python?.firstSyntaxErrorOffset() ?? null;
  }

  lint(doc: DocumentFacts, config: EffectiveConfig, onRuleError?: RuleErrorHandler, project?: ProjectView): Finding[] {
    return lintDocument(doc, this.rules, config, onRuleError, project);
  }

  lintText(filePath: string, text: string, config: EffectiveConfig, languageId?: string): Finding[] {
    const doc = this.analyze(filePath, text, languageId);
    return doc ? this.lint(doc, config) : [];
  }

  /** Applies safe fixes (or with `unsafe` every preferred fix) repeatedly, re-linting after each pass; never makes a parseable file unparseable. */
  fix(filePath: string, text: string, config: EffectiveConfig, options: FixAllOptions & { project?: ProjectView } = {}): FixAllResult {
    const dialect = detectDialect(filePath);
    if (!dialect) return { text, applied: 0, passes: 0 };
    return fixAll(
      text,
      (current) => this.lint(this.analyzeAs(filePath, dialect, current), config, undefined, options.project),
      (before, after) => this.parseErrors(filePath, dialect, after) > this.parseErrors(filePath, dialect, before),
      options,
    );
  }

  /** Whether the text has syntax errors (1) or not (0), for the fixer's re-parse check. */
  parseErrors(filePath: string, dialect: Dialect, text: string): number {
    const doc = this.analyzeAs(filePath, dialect, text);
    if (doc.python) return doc.python.hasError ? 1 : 0;
    if (doc.yaml) return doc.yaml.errors.length;
    return 0;
  }

  dispose(): void {
    this.python?.dispose();
    this.python = undefined;
  }
}
