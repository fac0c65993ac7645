// The engine's front door for whole texts (CLI, tests, fix-all): analyse, lint, fix. The language
// server keeps a PythonSource per open document instead, to re-parse incrementally.

import { analyzeNonPython, createDocumentFacts, detectDialect, detectFileDialect, type DocumentFacts } from './document';
import type { EffectiveConfig } from './config';
import { fixAll, type FixAllOptions, type FixAllResult } from './fixer';
import { lintDocument, type RuleErrorHandler } from './linter';
import { initPythonParser } from './python/parser';
import { PythonSource } from './python/python-source';
import { diffEdit } from './python/text-diff-edit';
import type { Dialect, Finding, ProjectView, Rule } from './types';
import { analyzeNotebookText, isJupyterNotebookPath, type NotebookFacts } from './notebook/notebook-facts';
import { fixNotebook } from './notebook/notebook-fix';
import { withPlaceableFixes } from './notebook/notebook-edits';
import { databricksAnalysisText, databricksSource, isDatabricksNotebook, rewrittenRanges, type DatabricksFacts } from './notebook/databricks';

export class Engine {
  private python: PythonSource | undefined;
  /** The text the Python source holds now (for `analyzePythonText`'s edits). */
  private lastPythonText: string | undefined;

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

  /**
   * A Jupyter notebook (`.ipynb`, dialect python) is analysed as its code cells joined into one
   * module: the facts' text is that module, not the file. A Databricks source notebook is analysed
   * with its SQL cells readable as SQL, at the file's own offsets.
   */
  analyzeAs(filePath: string, dialect: Dialect, text: string): DocumentFacts {
    if (dialect !== 'python') return analyzeNonPython(filePath, dialect, text);
    if (isJupyterNotebookPath(filePath)) {
      const notebook = analyzeNotebookText(text);
      return this.analyzePython(filePath, notebook.module.text, notebook);
    }
    if (!isDatabricksNotebook(text)) return this.analyzePython(filePath, text);
    const { analysisText, facts } = databricksSource(text);
    return this.analyzePython(filePath, analysisText, undefined, facts);
  }

  /**
   * Facts for Python text under a path of any name (a notebook's cells joined as one module). The
   * difference from the text analysed before is passed to the parser as an edit, so a keystroke in
   * one cell re-parses incrementally.
   */
  analyzePythonText(filePath: string, text: string): DocumentFacts {
    const edit = this.python && this.lastPythonText !== undefined ? diffEdit(this.lastPythonText, text) : null;
    if (edit) this.python?.edit(edit);
    return this.analyzePython(filePath, text);
  }

  private analyzePython(filePath: string, text: string, notebook?: NotebookFacts, databricks?: DatabricksFacts): DocumentFacts {
    this.python ??= new PythonSource();
    this.lastPythonText = undefined;
    try {
      const facts = createDocumentFacts(filePath, 'python', text, { python: this.python.update(text), notebook, ...(databricks ? { databricks } : {}) });
      this.lastPythonText = text;
      return facts;
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

  /** Findings of a document linted once (see LintOptions.once); `fix` re-lints incrementally. */
  lint(doc: DocumentFacts, config: EffectiveConfig, onRuleError?: RuleErrorHandler, project?: ProjectView): Finding[] {
    const findings = lintDocument(doc, this.rules, config, onRuleError, project, { once: true });
    // A notebook's fixes must land in cells they can change (not in a `%%sql` cell read as SQL).
    if (!doc.notebook) return findings;
    const { module, notebook } = doc.notebook;
    return withPlaceableFixes(module, new Map(module.segments.map((s) => [s.cell, notebook.cells[s.cell].source])), findings);
  }

  lintText(filePath: string, text: string, config: EffectiveConfig, languageId?: string): Finding[] {
    const doc = this.analyze(filePath, text, languageId);
    return doc ? this.lint(doc, config) : [];
  }

  /** Applies safe fixes (or with `unsafe` every preferred fix) repeatedly, re-linting after each pass; never makes a parseable file unparseable. */
  fix(filePath: string, text: string, config: EffectiveConfig, options: FixAllOptions & { project?: ProjectView } = {}): FixAllResult {
    const dialect = detectFileDialect(filePath);
    if (!dialect) return { text, applied: 0, passes: 0 };
    if (dialect === 'python' && isJupyterNotebookPath(filePath)) return this.fixNotebook(filePath, text, config, options);
    if (dialect === 'python' && isDatabricksNotebook(text)) return this.fixDatabricks(filePath, text, config, options);
    return fixAll(
      text,
      (current) => lintDocument(this.analyzeAs(filePath, dialect, current), this.rules, config, undefined, options.project),
      (before, after) => this.parseErrors(filePath, dialect, after) > this.parseErrors(filePath, dialect, before),
      options,
    );
  }

  private fixNotebook(filePath: string, text: string, config: EffectiveConfig, options: FixAllOptions & { project?: ProjectView }): FixAllResult {
    const facts = analyzeNotebookText(text);
    const lintModule = (moduleText: string) => this.lint(this.analyzePython(filePath, moduleText), config, undefined, options.project);
    const errors = (moduleText: string) => (this.analyzePython(filePath, moduleText).python?.hasError ? 1 : 0);
    return fixNotebook(facts, lintModule, (before, after) => errors(after) > errors(before), options);
  }

  /** Fixes in the file's Python; never in the cells its analysis text rewrites (SQL, `%python` MAGIC). */
  private fixDatabricks(filePath: string, text: string, config: EffectiveConfig, options: FixAllOptions & { project?: ProjectView }): FixAllResult {
    const lint = (current: string) => {
      const analysis = databricksAnalysisText(current);
      const rewritten = rewrittenRanges(current, analysis);
      const outside = (edit: { start: number; end: number }) => edit.end <= current.length && !rewritten.some((r) => edit.start <= r.end && r.start <= edit.end);
      return this.lint(this.analyzePython(filePath, analysis), config, undefined, options.project).map((finding) => ({ ...finding, fixes: finding.fixes.filter((fix) => fix.edits.every(outside)) }));
    };
    return fixAll(text, lint, (before, after) => this.parseErrors(filePath, 'python', after) > this.parseErrors(filePath, 'python', before), options);
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
    this.lastPythonText = undefined;
  }
}
