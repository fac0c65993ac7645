// Code actions in notebook cells, from `Diagnostic.data` like every other Pipewise diagnostic:
// the finding's fixes, placed in cells now from the notebook's last lint (edits to other cells
// ride along at the versions that lint saw, refused once those cells changed),
// "Disable PWxxx for this line" in the cell, "Show documentation", and fix-all over the notebook's
// cells as one versioned edit per changed cell.

import path from 'node:path';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { fixNotebookCells } from '../engine/notebook/lint-cells';
import type { ClientFeatures } from './client-features';
import { FIX_ALL_KIND, isRequested, showDocumentationAction } from './code-actions';
import { companionChange } from './companions';
import { readDiagnosticData, type DiagnosticFix, type PipewiseDiagnosticData } from './diagnostic-data';
import { disableForLineEdit } from './disable-comment';
import type { DocumentStore } from './documents';
import { minimalEdit } from './fix-all';
import { describeError, type Logger } from './logger';
import { NotebookService, type OpenNotebook } from './notebooks';
import type { SettingsStore } from './settings';
import { buildWorkspaceEdit, type FileChange } from './workspace-edit';

type OpenCell = OpenNotebook['cells'][number];

export class NotebookCodeActions {
  constructor(
    private readonly notebooks: NotebookService,
    private readonly documents: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly features: ClientFeatures,
    private readonly logger: Logger,
  ) {}

  async provide(params: CodeActionParams): Promise<CodeAction[]> {
    const notebook = this.notebooks.notebookOfCell(params.textDocument.uri);
    const cell = notebook?.cells.find((c) => c.id === params.textDocument.uri);
    if (!notebook || !cell) return [];
    const { only } = params.context;
    const actions: CodeAction[] = [];
    if (isRequested(CodeActionKind.QuickFix, only, true)) actions.push(...(await this.quickFixes(notebook, cell, params.context.diagnostics)));
    if (isRequested(FIX_ALL_KIND, only, false)) {
      try {
        const fixAll = await this.fixAll(notebook);
        if (fixAll) actions.push(fixAll);
      } catch (error) {
        this.logger.error(`fix all for ${notebook.filePath} failed: ${describeError(error)}`);
      }
    }
    return actions;
  }

  private async quickFixes(notebook: OpenNotebook, cell: OpenCell, diagnostics: readonly Diagnostic[]): Promise<CodeAction[]> {
    const fixes: CodeAction[] = [];
    const disables = new Map<string, CodeAction>();
    const docs = new Map<string, CodeAction>();
    for (const diagnostic of diagnostics) {
      const data = readDiagnosticData(diagnostic);
      if (!data) continue;
      for (const fix of this.notebooks.fixesOf(cell.id, diagnostic, data)) {
        const action = await this.fixAction(notebook, cell, data, fix, diagnostic);
        if (action) fixes.push(action);
      }
      const line = diagnostic.range.start.line;
      const key = `${data.ruleId}:${line}`;
      if (data.version === cell.document.version && !disables.has(key)) {
        const edit = disableForLineEdit({ dialect: 'python', text: cell.document }, null, line, data.ruleId);
        if (edit) {
          disables.set(key, {
            title: `Pipewise (${data.ruleId}): Disable ${data.ruleId} for this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: buildWorkspaceEdit([{ uri: cell.id, version: cell.document.version, edits: [edit], create: false }], this.features),
          });
        }
      }
      if (!docs.has(data.ruleId)) docs.set(data.ruleId, showDocumentationAction(data.ruleId, diagnostic));
    }
    return [...fixes, ...disables.values(), ...docs.values()];
  }

  private async fixAction(notebook: OpenNotebook, cell: OpenCell, data: PipewiseDiagnosticData, fix: DiagnosticFix, diagnostic: Diagnostic): Promise<CodeAction | null> {
    const changes: FileChange[] = fix.edits.length ? [{ uri: cell.id, version: data.version, edits: fix.edits, create: false }] : [];
    for (const other of fix.fileEdits ?? []) {
      // Edits to another cell were placed in the text it had then.
      const target = notebook.cells.find((c) => c.id === other.uri);
      if (!target || target.document.version !== other.version) return null;
      changes.push({ uri: other.uri, version: other.version, edits: other.edits, create: false });
    }
    if (fix.companions.length) {
      const settings = await this.settings.get(notebook.uri);
      const baseDir = settings.workspaceRoot ?? settings.config.root ?? path.dirname(notebook.filePath);
      for (const companion of fix.companions) {
        const change = companionChange(companion, baseDir, this.documents, this.features.createFiles);
        if (change) changes.push(change);
      }
    }
    if (changes.length === 0) return null;
    const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: buildWorkspaceEdit(changes, this.features) };
    if (fix.preferred) action.isPreferred = true;
    return action;
  }

  private async fixAll(notebook: OpenNotebook): Promise<CodeAction | null> {
    const settings = await this.settings.get(notebook.uri);
    if (!settings.client.enable || settings.config.isExcluded(notebook.filePath)) return null;
    const engine = await this.notebooks.engineFor(notebook.uri);
    const changed = fixNotebookCells(engine, notebook.filePath, notebook.cells, settings.config, { keep: NotebookService.keep(settings, notebook.filePath) });
    if (changed.size === 0) return null;
    const changes: FileChange[] = notebook.cells
      .filter((cell) => changed.has(cell.id))
      .map((cell) => ({ uri: cell.id, version: cell.document.version, edits: [minimalEdit({ text: cell.document }, cell.source, changed.get(cell.id)!)], create: false }));
    return { title: 'Pipewise: Fix all safe problems', kind: FIX_ALL_KIND, edit: buildWorkspaceEdit(changes, this.features) };
  }
}
