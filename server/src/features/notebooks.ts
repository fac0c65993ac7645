// Jupyter notebooks in the editor, over the LSP notebook document protocol (`notebookDocument/*`):
// the Python code cells of an open notebook are linted as one module (engine/notebook/lint-cells)
// and each cell's findings are published on the cell's own URI. Quick-fixes may edit other cells
// (`import os` goes into the first code cell); disable-for-line and fix-all work in cells.
// Everything notebook-specific in the server lives here and in notebook-actions.ts; the rest of
// the server only routes cell URIs to it.

import { DiagnosticSeverity, NotebookCellKind, NotebookDocuments, type Connection, type Diagnostic, type NotebookDocument } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine } from '../engine/engine';
import { lintNotebookCells, type CellFinding, type LiveCell } from '../engine/notebook/lint-cells';
import { severityOf } from '../engine/severity';
import type { Finding, Rule } from '../engine/types';
import { DIAGNOSTIC_SOURCE, type DiagnosticFix, type PipewiseDiagnosticData } from './diagnostic-data';
import type { DocumentLinter } from './lint';
import { describeError, type Logger } from './logger';
import type { DocumentSettings, SettingsStore } from './settings';
import { filePathOf } from './workspace-folders';

/** What the server registers: Python cells of Jupyter notebooks. */
export const NOTEBOOK_SELECTOR = [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }];

const LSP_SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

/** A notebook's code cells as the server sees them now. */
export interface OpenNotebook {
  uri: string;
  /** The .ipynb file path (settings, suppressions by path, messages). */
  filePath: string;
  cells: Array<LiveCell & { document: TextDocument }>;
}

export class NotebookService {
  readonly documents = new NotebookDocuments(TextDocument);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Cells diagnostics were last published on, per notebook (to clear removed cells). */
  private readonly published = new Map<string, Set<string>>();
  /** One engine per notebook: its Python source is re-parsed incrementally between keystrokes. */
  private readonly engines = new Map<string, Engine>();
  /** URIs of the open notebooks (NotebookDocuments does not list them). */
  private readonly open = new Set<string>();
  /** Told when a notebook opens or closes: while open, its cells carry its diagnostics, not its file. */
  onOpenChanged: (uri: string, filePath: string, open: boolean) => void = () => {};

  constructor(
    private readonly connection: Connection,
    private readonly settings: SettingsStore,
    private readonly linter: DocumentLinter,
    private readonly rules: readonly Rule[],
    private readonly createEngine: (rules: readonly Rule[]) => Promise<Engine>,
    private readonly logger: Logger,
  ) {}

  listen(): void {
    this.documents.listen(this.connection);
    this.documents.onDidOpen((notebook) => {
      this.open.add(notebook.uri);
      this.onOpenChanged(notebook.uri, filePathOf(notebook.uri), true);
      this.schedule(notebook.uri, false);
    });
    this.documents.onDidChange((event) => this.schedule(event.notebookDocument.uri, true));
    this.documents.onDidClose((notebook) => {
      this.forget(notebook.uri);
      this.onOpenChanged(notebook.uri, filePathOf(notebook.uri), false);
    });
  }

  /** Re-lints every open notebook (settings changed). */
  lintAll(): void {
    for (const uri of this.open) this.schedule(uri, false);
  }

  /** Whether `uri` is a cell of an open notebook (its requests are answered here). */
  handles(uri: string): boolean {
    return this.documents.findNotebookDocumentForCell(uri) !== undefined;
  }

  /** The open notebook holding the cell, with its Python code cells in order. */
  notebookOfCell(cellUri: string): OpenNotebook | null {
    const notebook = this.documents.findNotebookDocumentForCell(cellUri);
    return notebook ? this.openNotebook(notebook) : null;
  }

  openNotebook(notebook: NotebookDocument): OpenNotebook {
    const cells: OpenNotebook['cells'] = [];
    for (const cell of notebook.cells) {
      if (cell.kind !== NotebookCellKind.Code) continue;
      const document = this.documents.getCellTextDocument(cell);
      if (!document || document.languageId !== 'python') continue;
      cells.push({ id: cell.document, source: document.getText(), document });
    }
    return { uri: notebook.uri, filePath: filePathOf(notebook.uri), cells };
  }

  async engineFor(notebookUri: string): Promise<Engine> {
    let engine = this.engines.get(notebookUri);
    if (!engine) {
      engine = await this.createEngine(this.rules);
      const raced = this.engines.get(notebookUri);
      if (raced) {
        engine.dispose();
        return raced;
      }
      this.engines.set(notebookUri, engine);
    }
    return engine;
  }

  /** Which findings the user sees: the configured severity is not off, and the baseline does not know them. */
  static keep(settings: DocumentSettings, filePath: string): (finding: Finding) => boolean {
    return (finding) => severityOf(finding, settings.config) !== null && !(settings.baseline && settings.baseline.filterNew(filePath, [finding]).length === 0);
  }

  private schedule(uri: string, typing: boolean): void {
    clearTimeout(this.timers.get(uri));
    void this.settings.get(uri).then((settings) => {
      const delay = typing ? settings.client.lintDelayMs : 0;
      this.timers.set(uri, setTimeout(() => void this.lintAndPublish(uri), delay));
    });
  }

  private async lintAndPublish(uri: string): Promise<void> {
    this.timers.delete(uri);
    const notebook = this.documents.getNotebookDocument(uri);
    if (!notebook) return;
    try {
      const settings = await this.settings.get(uri);
      const engine = await this.engineFor(uri);
      // The notebook may have closed meanwhile; lint the cells as they are now.
      if (this.documents.getNotebookDocument(uri) !== notebook) return;
      const open = this.openNotebook(notebook);
      const active = settings.client.enable && !settings.config.isExcluded(open.filePath);
      const findings = active
        ? lintNotebookCells(engine, open.filePath, open.cells, settings.config, {
            keep: NotebookService.keep(settings, open.filePath),
            onRuleError: (ruleId, error) => this.logger.errorOnce(`rule ${ruleId} failed on ${open.filePath}: ${describeError(error)}`),
          })
        : [];
      this.publish(open, findings, settings);
    } catch (error) {
      this.logger.errorOnce(`linting notebook ${uri} failed: ${describeError(error)}`);
    }
  }

  private publish(open: OpenNotebook, findings: readonly CellFinding[], settings: DocumentSettings): void {
    const byCell = new Map<string, Diagnostic[]>(open.cells.map((cell) => [cell.id, []]));
    const documents = new Map(open.cells.map((cell) => [cell.id, cell.document]));
    for (const found of findings) {
      const diagnostic = this.toDiagnostic(found, documents, settings);
      if (diagnostic) byCell.get(found.cell)?.push(diagnostic);
    }
    const previous = this.published.get(open.uri) ?? new Set<string>();
    for (const uri of previous) if (!byCell.has(uri)) byCell.set(uri, []);
    this.published.set(open.uri, new Set(open.cells.map((cell) => cell.id)));
    for (const [uri, diagnostics] of byCell) {
      const version = documents.get(uri)?.version;
      this.connection.sendDiagnostics({ uri, version, diagnostics }).catch((error: unknown) => this.logger.error(`publishing diagnostics failed: ${describeError(error)}`));
    }
  }

  /** A cell finding as a diagnostic on its cell; edits to other cells travel as `fileEdits` at those cells' versions. */
  private toDiagnostic(found: CellFinding, documents: ReadonlyMap<string, TextDocument>, settings: DocumentSettings): Diagnostic | null {
    const severity = severityOf(found.finding, settings.config);
    const document = documents.get(found.cell);
    if (!severity || !document) return null;
    const fixes: DiagnosticFix[] = [];
    for (const fix of found.fixes) {
      const own = fix.edits.filter((edit) => edit.cell === found.cell);
      const others = new Map<string, typeof fix.edits>();
      for (const edit of fix.edits) if (edit.cell !== found.cell) others.set(edit.cell, [...(others.get(edit.cell) ?? []), edit]);
      const rangeIn = (doc: TextDocument, edit: { start: number; end: number; newText: string }) => ({ range: { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) }, newText: edit.newText });
      const fileEdits = [...others].map(([uri, edits]) => {
        const target = documents.get(uri)!;
        return { uri, version: target.version, edits: edits.map((edit) => rangeIn(target, edit)) };
      });
      fixes.push({ title: fix.title, safe: fix.safe, preferred: fix.preferred, edits: own.map((edit) => rangeIn(document, edit)), companions: fix.companions, ...(fileEdits.length ? { fileEdits } : {}) });
    }
    const data: PipewiseDiagnosticData = { ruleId: found.finding.ruleId, priority: found.finding.priority, version: document.version, fixes };
    const diagnostic: Diagnostic = {
      range: { start: document.positionAt(found.start), end: document.positionAt(found.end) },
      severity: LSP_SEVERITY[severity],
      source: DIAGNOSTIC_SOURCE,
      code: found.finding.ruleId,
      message: found.finding.message,
      data,
    };
    const href = this.linter.docsUrlOf(found.finding.ruleId, settings.client.docsBaseUrl);
    if (href) diagnostic.codeDescription = { href };
    return diagnostic;
  }

  private forget(uri: string): void {
    this.open.delete(uri);
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.engines.get(uri)?.dispose();
    this.engines.delete(uri);
    for (const cell of this.published.get(uri) ?? []) {
      this.connection.sendDiagnostics({ uri: cell, diagnostics: [] }).catch(() => undefined);
    }
    this.published.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const engine of this.engines.values()) engine.dispose();
    this.engines.clear();
  }
}
