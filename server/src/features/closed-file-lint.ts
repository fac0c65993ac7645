// Per-file findings of the files of a workspace folder that are not open, found as `pipewise check`
// finds them: the same files (the CLI's discovery: .gitignore, `exclude`, every dialect), read the
// same way, linted with the folder's configuration and the workspace model's view. The editor then
// shows the whole workspace's findings, not only those of the files opened so far.

import path from 'node:path';
import type { EffectiveConfig } from '../engine/config';
import { detectFileDialect } from '../engine/document';
import type { Engine } from '../engine/engine';
import type { Finding, ProjectView } from '../engine/types';
import { ConfigResolver } from '../project/configs';
import { discoverFiles, type DiscoveredFile } from '../project/discover';
import { lintFiles } from '../project/lint-files';
import { fileOffsetAt, type NotebookFacts } from '../engine/notebook/notebook-facts';
import type { FileFindings } from './diagnostics-hub';

interface Linted {
  findings: readonly Finding[];
  /** The text the offsets refer to; '' when there are no findings. */
  text: string;
  /** The project key (workspace.ts) the file was linted under: it is linted again when that changes. */
  projectKey: string;
}

export class ClosedFileLint {
  private readonly byPath = new Map<string, Linted>();

  constructor(
    private readonly root: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** The folder's files as `pipewise check <folder>` lists them. */
  discover(): DiscoveredFile[] {
    return discoverFiles([this.root], { cwd: this.root, configs: new ConfigResolver(this.root, {}), respectGitignore: true, warn: this.warn });
  }

  /** A file of the folder that changed on disk, as discovery would list it; null for a file Pipewise does not read. */
  targetOf(file: string): DiscoveredFile | null {
    // A Jupyter notebook on disk is linted as its code cells, like a Python file.
    const dialect = detectFileDialect(file);
    return dialect ? { path: file, dialect, explicit: false, root: this.root } : null;
  }

  findingsOf(file: string): FileFindings | undefined {
    const linted = this.byPath.get(file);
    return linted && linted.findings.length > 0 ? linted : undefined;
  }

  /** Files linted so far with the project key they were linted under. */
  projectKeys(): IterableIterator<[string, Linted]> {
    return this.byPath.entries();
  }

  lint(engine: Engine, target: DiscoveredFile, config: EffectiveConfig, project: ProjectView | undefined, projectKey: string): void {
    const { files } = lintFiles(engine, [target], { cwd: this.root, fix: false, configFor: () => config, warn: this.warn, project });
    // Rules saw paths relative to the folder, as the CLI's do; related locations go back to absolute ones.
    const findings = (files[0]?.findings ?? []).map((finding) =>
      finding.related?.some((related) => !path.isAbsolute(related.path))
        ? { ...finding, related: finding.related.map((related) => ({ ...related, path: path.resolve(this.root, related.path) })) }
        : finding,
    );
    const notebook = files[0]?.notebook;
    if (notebook) {
      // A notebook not open in the notebook editor is a JSON file: its findings point into that file,
      // as SARIF's do; their fixes wait for the notebook editor, where each cell is a document.
      const inFile = findings.map((finding) => inNotebookFile(finding, notebook, target.path));
      this.byPath.set(target.path, { findings: inFile, text: inFile.length ? notebook.fileText : '', projectKey });
      return;
    }
    this.byPath.set(target.path, { findings, text: findings.length ? files[0].text : '', projectKey });
  }

  /** Forgets a file, or every file under a folder; returns the paths forgotten. */
  forget(file: string): string[] {
    const prefix = file + path.sep;
    const forgotten = [...this.byPath.keys()].filter((listed) => listed === file || listed.startsWith(prefix));
    for (const listed of forgotten) this.byPath.delete(listed);
    return forgotten;
  }

  clear(): void {
    this.byPath.clear();
  }
}

/** A finding of a notebook's code as a finding in its .ipynb file (offsets in the JSON text). */
function inNotebookFile(finding: Finding, notebook: NotebookFacts, filePath: string): Finding {
  const start = fileOffsetAt(notebook, finding.start);
  const end = Math.max(start, fileOffsetAt(notebook, finding.end));
  const related = finding.related?.filter((r) => r.path !== filePath);
  return { ...finding, start, end, fixes: [], ...(finding.related ? { related } : {}) };
}
