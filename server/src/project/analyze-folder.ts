// Discover and lint a folder into the reports' input, workspace rules and pipeline graph included.
// The language server's report requests go through here, and `pipewise review` / `pipewise
// checklist` can too, so the editor and the CLI report the same findings.

import path from 'node:path';
import type { DocumentFacts } from '../engine/document';
import { Engine } from '../engine/engine';
import type { WorkspaceGraph } from '../engine/workspace/model';
import type { WorkspaceView } from '../engine/workspace/types';
import { codeEvidenceOf, type FileCodeEvidence } from '../reports/code-evidence';
import type { ReportInput } from '../reports/types';
import { ALL_RULES } from '../../../rules';
import { ConfigResolver } from './configs';
import { discoverFiles } from './discover';
import { RULE_METAS } from './engine';
import { lintFiles, type LintedFile } from './lint-files';
import { relativePosix } from './paths';
import { toReportInput } from './report-input';
import { addWorkspaceFindings, analyzeWithEngine, prepareWorkspace } from './workspace';

export interface AnalyzeFolderOptions {
  /** `--config FILE`, relative to `cwd`. */
  configFile?: string;
  /** The folder paths are typed from (default: `root`); rules see file paths relative to it. */
  cwd?: string;
  /** What to discover (default: `[root]`); a file here is linted even when ignored. */
  paths?: readonly string[];
  warn?(message: string): void;
  /** Yield to the event loop between files, so a language server keeps answering meanwhile. */
  yieldBetweenFiles?: boolean;
  /** Asked between files; true stops the analysis with a `FolderAnalysisCancelled`. */
  isCancelled?(): boolean;
  /** Each file's facts right after it is linted (the engine reuses facts objects on the next parse). */
  onDocument?(doc: DocumentFacts, absolutePath: string): void;
}

export interface AnalyzedFolder {
  /** Absolute folder the report is about. */
  root: string;
  input: ReportInput;
  files: LintedFile[];
  /** The pipelines found in the folder: steps, schedule, artifacts read and written. */
  graph: WorkspaceGraph;
  /** Where the workspace rules read stages from (validations, schemas of each script). */
  view: WorkspaceView;
  /** Per Python file: where it does what the checklist items are about. */
  codeEvidence: FileCodeEvidence[];
  /** Rule crashes; the findings are incomplete when non-zero. */
  ruleErrors: number;
}

export class FolderAnalysisCancelled extends Error {
  constructor() {
    super('folder analysis cancelled');
    this.name = 'FolderAnalysisCancelled';
  }
}

const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Throws UsageError for a path that does not exist and ConfigError for a bad configuration. */
export async function analyzeFolder(root: string, options: AnalyzeFolderOptions = {}): Promise<AnalyzedFolder> {
  const absoluteRoot = path.resolve(root);
  const cwd = options.cwd ?? absoluteRoot;
  const paths = options.paths ?? [absoluteRoot];
  const warn = options.warn ?? (() => undefined);
  const configs = new ConfigResolver(cwd, { configFile: options.configFile });
  const targets = discoverFiles(paths, { cwd, configs, respectGitignore: true, warn });
  const engine = await Engine.create(ALL_RULES);
  try {
    const analyzed = new Map<string, { text: string; doc: DocumentFacts }>();
    const workspace = await prepareWorkspace(analyzeWithEngine(engine, absoluteRoot, analyzed), paths, targets, { cwd, root: absoluteRoot, configs, respectGitignore: true });
    const files: LintedFile[] = [];
    const codeEvidence: FileCodeEvidence[] = [];
    let ruleErrors = 0;
    for (const target of targets) {
      if (options.isCancelled?.()) throw new FolderAnalysisCancelled();
      const linted = lintFiles(engine, [target], {
        cwd,
        fix: false,
        configFor: (t) => configs.forFile(t.path),
        warn,
        project: workspace.project,
        analyzed,
        onAnalyzed: (doc, absolutePath) => {
          workspace.model.updateDocument(doc, absolutePath);
          if (doc.python) codeEvidence.push(codeEvidenceOf(relativePosix(absoluteRoot, absolutePath), doc.python, doc.text, doc.lines));
          options.onDocument?.(doc, absolutePath);
        },
      });
      files.push(...linted.files);
      for (const file of linted.files) for (const gap of file.gaps) warn(`${path.relative(cwd, file.path) || file.path}: ${gap.message}`);
      ruleErrors += linted.ruleErrors;
      if (options.yieldBetweenFiles) await yieldNow();
    }
    ruleErrors += addWorkspaceFindings(engine.rules, workspace, files, configs.forDirectory(absoluteRoot), warn);
    return { root: absoluteRoot, input: toReportInput(files, absoluteRoot, RULE_METAS), files, graph: workspace.model.graph(), view: workspace.model, codeEvidence, ruleErrors };
  } finally {
    engine.dispose();
  }
}
