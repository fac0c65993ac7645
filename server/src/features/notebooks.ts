// Jupyter notebooks in the editor, over the LSP notebook document protocol (`notebookDocument/*`):
// the Python code cells of an open notebook are linted as one module (engine/notebook/lint-cells)
// and each cell's findings are published on the cell's own URI. Quick-fixes may edit other cells
// (`import os` goes into the first code cell); disable-for-line and fix-all work in cells.
// Everything notebook-specific in the server lives here and in notebook-actions.ts; the rest of
// the server only routes cell URIs to it.

import { DiagnosticSeverity, NotebookCellKind, NotebookDocuments, type Connection, type Diagnostic, type NotebookDocument } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine } from '../engine/engine';
import { NotebookLint, type CellFinding, type LiveCell } from '../engine/notebook/lint-cells';
import { LiveNotebook } from '../engine/notebook/live-notebook';
import { severityOf } from '../engine/severity';
import type { Finding, Rule } from '../engine/types';
import { AdaptiveDelay } from './adaptive-delay';
import { DIAGNOSTIC_SOURCE, type DiagnosticFix, type PipewiseDiagnosticData } from './diagnostic-data';
import type { DocumentLinter } from './lint';
import { describeError, type Logger } from './logger';
import type { DocumentSettings, SettingsStore } from './settings';
import { filePathOf } from './workspace-folders';

/** What the server registers: Python cells of Jupyter notebooks. */
export const NOTEBOOK_SELECTOR = [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }];

const LSP_SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

/** What a cell shows: the diagnostics last sent, the cell version and settings they were made at, and the findings behind them. */
interface PublishedCell {
  version: number | undefined;
  settings: DocumentSettings | null;
  findings: readonly CellFinding[];
  diagnostics: readonly Diagnostic[];
}

interface LastLint {
  lint: NotebookLint;
  versions: ReadonlyMap<string, number>;
}

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
  /** What each cell shows, per notebook: the diagnostics last sent and the cell version they were sent at. */
  private readonly published = new Map<string, Map<string, PublishedCell>>();
  /** One live module per notebook: its tree is re-parsed incrementally between keystrokes. */
  private readonly live = new Map<string, LiveNotebook>();
  /** The last lint of each notebook, with the cells' versions and texts it saw (code actions place fixes from it). */
  private readonly lastLint = new Map<string, LastLint>();
  private readonly generations = new Map<string, number>();
  private readonly delays = new Map<string, AdaptiveDelay>();
  /** One engine per notebook for fix-all (which lints the cells again after each pass). */
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

  /**
   * The fixes of a diagnostic published on a cell, placed in the cells they edit: computed now from
   * the notebook's last lint, which the diagnostic must come from (same rule, message, range and
   * cell version). Edits to other cells are at the versions those cells had then.
   */
  fixesOf(cellUri: string, diagnostic: Diagnostic, data: PipewiseDiagnosticData): DiagnosticFix[] {
    const notebook = this.documents.findNotebookDocumentForCell(cellUri);
    const last = notebook && this.lastLint.get(notebook.uri);
    if (!last || last.versions.get(cellUri) !== data.version) return [];
    // The cells as that lint saw them (open cell documents move on with the edits).
    const texts = new Map<string, TextDocument>();
    const documentOf = (uri: string) => {
      let document = texts.get(uri);
      if (!document) texts.set(uri, (document = TextDocument.create(uri, 'python', last.versions.get(uri) ?? 0, last.lint.cells.find((cell) => cell.id === uri)?.source ?? '')));
      return document;
    };
    const cell = documentOf(cellUri);
    const found = last.lint.findings.find(
      (f) =>
        f.cell === cellUri &&
        f.finding.ruleId === data.ruleId &&
        f.finding.message === diagnostic.message &&
        samePosition(cell.positionAt(f.start), diagnostic.range.start) &&
        samePosition(cell.positionAt(f.end), diagnostic.range.end),
    );
    if (!found) return [];
    const rangeIn = (doc: TextDocument, edit: { start: number; end: number; newText: string }) => ({ range: { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) }, newText: edit.newText });
    return last.lint.fixesOf(found).map((fix) => {
      const own = fix.edits.filter((edit) => edit.cell === cellUri);
      const others = new Map<string, typeof fix.edits>();
      for (const edit of fix.edits) if (edit.cell !== cellUri) others.set(edit.cell, [...(others.get(edit.cell) ?? []), edit]);
      const fileEdits = [...others].map(([uri, edits]) => {
        const target = documentOf(uri);
        return { uri, version: last.versions.get(uri) ?? null, edits: edits.map((edit) => rangeIn(target, edit)) };
      });
      return { title: fix.title, safe: fix.safe, preferred: fix.preferred, edits: own.map((edit) => rangeIn(cell, edit)), companions: fix.companions, ...(fileEdits.length ? { fileEdits } : {}) };
    });
  }

  /**
   * A change is analysed at once unless the last analysis was slower than the changes arrive
   * (adaptive-delay.ts) or `lintDelayMs` asks for a delay; a newer change supersedes pending work.
   */
  private schedule(uri: string, typing: boolean): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    const changedAt = performance.now();
    const run = (settings: DocumentSettings) => {
      if (this.generations.get(uri) !== generation) return;
      const delay = typing ? this.delayOf(uri).delayFor(changedAt, settings.client.lintDelayMs) : 0;
      if (delay <= 0) {
        this.lintAndPublish(uri, settings);
        return;
      }
      this.timers.set(
        uri,
        setTimeout(() => {
          this.timers.delete(uri);
          this.lintAndPublish(uri, this.settings.peek(uri) ?? settings);
        }, delay),
      );
    };
    const known = this.settings.peek(uri);
    if (known) run(known);
    else this.settings.get(uri).then(run, (error: unknown) => this.logger.error(`settings for ${uri}: ${describeError(error)}`));
  }

  private delayOf(uri: string): AdaptiveDelay {
    let delay = this.delays.get(uri);
    if (!delay) this.delays.set(uri, (delay = new AdaptiveDelay()));
    return delay;
  }

  private liveOf(uri: string, filePath: string): LiveNotebook {
    let live = this.live.get(uri);
    if (!live) this.live.set(uri, (live = new LiveNotebook(this.rules, filePath)));
    return live;
  }

  private lintAndPublish(uri: string, settings: DocumentSettings): void {
    const notebook = this.documents.getNotebookDocument(uri);
    if (!notebook) return;
    const started = performance.now();
    try {
      const open = this.openNotebook(notebook);
      const active = settings.client.enable && !settings.config.isExcluded(open.filePath);
      const lint = active
        ? this.liveOf(uri, open.filePath).lint(open.cells, settings.config, {
            keep: NotebookService.keep(settings, open.filePath),
            onRuleError: (ruleId, error) => this.logger.errorOnce(`rule ${ruleId} failed on ${open.filePath}: ${describeError(error)}`),
          })
        : new NotebookLint(open.cells, new Map(), { text: '', source: '', segments: [] }, []);
      this.lastLint.set(uri, { lint, versions: new Map(open.cells.map((cell) => [cell.id, cell.document.version])) });
      this.publish(open, lint.findings, settings);
    } catch (error) {
      // The live module starts afresh next time.
      this.live.get(uri)?.dispose();
      this.live.delete(uri);
      this.logger.errorOnce(`linting notebook ${uri} failed: ${describeError(error)}`);
    }
    this.delayOf(uri).analysed(performance.now() - started);
  }

  /**
   * Sends the diagnostics of the cells that need them: a cell whose text changed (its version), or
   * whose diagnostics differ from the ones it shows; a removed cell is cleared. The other cells
   * keep what they show, so a keystroke sends one cell, not the whole notebook. A cell at the same
   * version, settings and findings (compared field by field, not as diagnostics) is not converted
   * again: a keystroke converts the findings of the cells whose findings changed, not all 200.
   */
  private publish(open: OpenNotebook, findings: readonly CellFinding[], settings: DocumentSettings): void {
    const byCell = new Map<string, CellFinding[]>();
    for (const found of findings) {
      const list = byCell.get(found.cell);
      if (list) list.push(found);
      else byCell.set(found.cell, [found]);
    }
    const previous = this.published.get(open.uri) ?? new Map<string, PublishedCell>();
    const now = new Map<string, PublishedCell>();
    for (const cell of open.cells) {
      const { version } = cell.document;
      const cellFindings = byCell.get(cell.id) ?? NO_FINDINGS;
      const shown = previous.get(cell.id);
      if (shown && shown.version === version && shown.settings === settings && sameCellFindings(shown.findings, cellFindings)) {
        now.set(cell.id, shown.findings === cellFindings ? shown : { ...shown, findings: cellFindings });
        continue;
      }
      const diagnostics: Diagnostic[] = [];
      for (const found of cellFindings) {
        const diagnostic = this.toDiagnostic(found, cell.document, settings);
        if (diagnostic) diagnostics.push(diagnostic);
      }
      now.set(cell.id, { version, settings, findings: cellFindings, diagnostics });
      if (shown && shown.version === version && sameDiagnostics(shown.diagnostics, diagnostics)) continue;
      this.send(cell.id, version, diagnostics);
    }
    for (const uri of previous.keys()) if (!now.has(uri)) this.send(uri, undefined, []);
    this.published.set(open.uri, now);
  }

  private send(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    this.connection.sendDiagnostics({ uri, version, diagnostics }).catch((error: unknown) => this.logger.error(`publishing diagnostics failed: ${describeError(error)}`));
  }

  /** A cell finding as a diagnostic on its cell; its fixes are named, their edits computed on request (`fixesOf`). */
  private toDiagnostic(found: CellFinding, document: TextDocument, settings: DocumentSettings): Diagnostic | null {
    const severity = severityOf(found.finding, settings.config);
    if (!severity) return null;
    const data: PipewiseDiagnosticData = {
      ruleId: found.finding.ruleId,
      priority: found.finding.priority,
      version: document.version,
      fixes: found.finding.fixes.map((fix) => ({ title: fix.title, safe: fix.safe, preferred: fix.preferred === true })),
    };
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
    this.generations.delete(uri);
    this.delays.delete(uri);
    this.lastLint.delete(uri);
    this.engines.get(uri)?.dispose();
    this.engines.delete(uri);
    this.live.get(uri)?.dispose();
    this.live.delete(uri);
    for (const cell of this.published.get(uri)?.keys() ?? []) {
      this.connection.sendDiagnostics({ uri: cell, diagnostics: [] }).catch(() => undefined);
    }
    this.published.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const engine of this.engines.values()) engine.dispose();
    this.engines.clear();
    for (const live of this.live.values()) live.dispose();
    this.live.clear();
  }
}

function samePosition(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line === b.line && a.character === b.character;
}

const NO_FINDINGS: readonly CellFinding[] = Object.freeze([]);

/**
 * Whether two lists of a cell's findings make the same diagnostics at the same cell version and
 * settings: the same places in the cell and, finding by finding, the same object or the same
 * fields a diagnostic is made of (a statement after the edit hands out a new object for an
 * unchanged finding, as its module offsets moved).
 */
function sameCellFindings(a: readonly CellFinding[], b: readonly CellFinding[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.start !== y.start || x.end !== y.end) return false;
    if (x.finding !== y.finding && !sameDiagnosticFields(x.finding, y.finding)) return false;
  }
  return true;
}

function sameDiagnosticFields(a: Finding, b: Finding): boolean {
  if (a.ruleId !== b.ruleId || a.priority !== b.priority || a.message !== b.message || a.fixes.length !== b.fixes.length) return false;
  for (let i = 0; i < a.fixes.length; i++) {
    const x = a.fixes[i];
    const y = b.fixes[i];
    if (x.title !== y.title || x.safe !== y.safe || (x.preferred === true) !== (y.preferred === true)) return false;
  }
  return true;
}

/** Whether a cell's new diagnostics equal the ones it shows (only for the cells whose findings changed). */
function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
