// Linted files → the reports' input, with paths relative to the folder the report is about.

import { LineIndex } from '../engine/line-index';
import type { RuleMeta } from '../engine/types';
import type { ReportInput } from '../reports/types';
import type { LintedFile } from './lint-files';
import { relativePosix } from './paths';
import { isDatabricksNotebook } from '../engine/notebook/databricks';
import { DatabricksLocator, NotebookLocator } from '../reports/notebook-locate';

export function toReportInput(files: readonly LintedFile[], root: string, rules: readonly RuleMeta[]): ReportInput {
  return {
    root,
    rules,
    files: files.map((file) => {
      const lines = new LineIndex(file.text);
      const notebook = file.notebook ? new NotebookLocator(file.notebook) : file.dialect === 'python' && isDatabricksNotebook(file.text) ? new DatabricksLocator(file.text, lines) : null;
      return {
        path: relativePosix(root, file.path),
        dialect: file.dialect,
        lines,
        config: file.config,
        findings: file.findings,
        gaps: file.gaps,
        ...(notebook ? { notebook } : {}),
      };
    }),
  };
}
