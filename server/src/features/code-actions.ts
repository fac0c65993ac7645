// Code actions for Pipewise diagnostics: the rule's fixes (the preferred one marked), their edits
// computed now from the finding the diagnostic was published for (published-findings.ts), "Disable
// PWxxx for this line", "Show documentation for PWxxx"; and, when asked for source actions, one
// "fix all" edit of the safe fixes.

import path from 'node:path';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { Engine } from '../engine/engine';
import type { Rule } from '../engine/types';
import type { ClientFeatures } from './client-features';
import { companionChange } from './companions';
import { readDiagnosticData, type DiagnosticFix, type PipewiseDiagnosticData } from './diagnostic-data';
import type { PublishedFindings } from './published-findings';
import { fixesOf } from './to-diagnostic';
import { disableForLineEdit } from './disable-comment';
import type { DocumentStore, OpenDocument } from './documents';
import { fixAllEdit } from './fix-all';
import type { DocumentLinter } from './lint';
import { describeError, type Logger } from './logger';
import type { SettingsStore } from './settings';
import { SHOW_DOCUMENTATION_COMMAND } from './show-documentation';
import { buildWorkspaceEdit, type FileChange } from './workspace-edit';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.pipewise`;
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND];

/** Whether an action of `kind` was asked for (`only` lists kinds or their parents). */
export function isRequested(kind: string, only: readonly string[] | undefined, byDefault: boolean): boolean {
  if (!only) return byDefault;
  return only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}

export class CodeActionProvider {
  constructor(
    private readonly documents: DocumentStore,
    private readonly published: PublishedFindings,
    private readonly settings: SettingsStore,
    private readonly linter: DocumentLinter,
    private readonly rules: readonly Rule[],
    private readonly engine: () => Promise<Engine>,
    private readonly features: ClientFeatures,
    private readonly logger: Logger,
    /** Analyses a document whose analysis state was dropped again (DiagnosticsService.reattach). */
    private readonly reattach: (doc: OpenDocument) => Promise<void> = async () => {},
  ) {}

  async provide(params: CodeActionParams): Promise<CodeAction[]> {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc) return [];
    await this.reattach(doc);
    if (this.documents.get(params.textDocument.uri) !== doc) return [];
    const { only } = params.context;
    const actions: CodeAction[] = [];
    if (isRequested(CodeActionKind.QuickFix, only, true)) actions.push(...(await this.quickFixes(doc, params.context.diagnostics)));
    // Source actions only on request: a lightbulb should not offer rewriting the whole file.
    if (isRequested(FIX_ALL_KIND, only, false)) {
      try {
        const fixAll = await this.fixAll(doc);
        if (fixAll) actions.push(fixAll);
      } catch (error) {
        // The quick fixes are still worth returning.
        this.logger.error(`fix all for ${doc.filePath} failed: ${describeError(error)}`);
      }
    }
    return actions;
  }

  private async quickFixes(doc: OpenDocument, diagnostics: readonly Diagnostic[]): Promise<CodeAction[]> {
    const fixes: CodeAction[] = [];
    const disables = new Map<string, CodeAction>();
    const docs = new Map<string, CodeAction>();
    for (const diagnostic of diagnostics) {
      const sent = readDiagnosticData(diagnostic);
      if (!sent) continue;
      const data = this.published.current(doc.uri, sent);
      const entry = this.published.find(doc.uri, diagnostic, data);
      const entryFixes = entry ? this.fixesOrNone(doc, () => fixesOf(entry.finding, entry.context, { workspaceFinding: entry.workspace })) : [];
      for (const fix of entryFixes) {
        const action = await this.fixAction(doc, data, fix, diagnostic);
        if (action) fixes.push(action);
      }
      const line = diagnostic.range.start.line;
      const disableKey = `${data.ruleId}:${line}`;
      // A stale diagnostic's line may no longer be the finding's line.
      if (data.version === doc.version && !disables.has(disableKey)) {
        const disable = this.disableAction(doc, data.ruleId, line, diagnostic);
        if (disable) disables.set(disableKey, disable);
      }
      if (!docs.has(data.ruleId)) docs.set(data.ruleId, showDocumentationAction(data.ruleId, diagnostic));
    }
    return [...fixes, ...disables.values(), ...docs.values()];
  }

  private async fixAction(doc: OpenDocument, data: PipewiseDiagnosticData, fix: DiagnosticFix, diagnostic: Diagnostic): Promise<CodeAction | null> {
    const changes: FileChange[] = fix.edits.length || !fix.fileEdits?.length ? [{ uri: doc.uri, version: data.version, edits: fix.edits, create: false }] : [];
    for (const other of fix.fileEdits ?? []) {
      // Edits to another file were placed in the text it had then: not offered once it changed.
      const open = this.documents.get(other.uri);
      if (open ? open.version !== other.version : other.version !== null) return null;
      changes.push({ uri: other.uri, version: other.version, edits: other.edits, create: false });
    }
    if (fix.companions.length) {
      const baseDir = await this.companionBaseDir(doc);
      for (const companion of fix.companions) {
        const change = companionChange(companion, baseDir, this.documents, this.features.createFiles);
        if (change) changes.push(change);
      }
    }
    const action: CodeAction = {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: buildWorkspaceEdit(changes, this.features),
    };
    if (fix.preferred) action.isPreferred = true;
    return action;
  }

  private disableAction(doc: OpenDocument, ruleId: string, line: number, diagnostic: Diagnostic): CodeAction | null {
    const edit = disableForLineEdit(doc, this.factsOrNull(doc), line, ruleId);
    if (!edit) return null;
    return {
      title: `Pipewise (${ruleId}): Disable ${ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: buildWorkspaceEdit([{ uri: doc.uri, version: doc.version, edits: [edit], create: false }], this.features),
    };
  }

  private async fixAll(doc: OpenDocument): Promise<CodeAction | null> {
    const settings = await this.settings.get(doc.uri);
    if (!this.linter.isActive(doc, settings)) return null;
    const edit = fixAllEdit(doc, settings, await this.engine(), this.rules, this.logger);
    if (!edit) return null;
    return {
      title: 'Pipewise: Fix all safe problems',
      kind: FIX_ALL_KIND,
      edit: buildWorkspaceEdit([{ uri: doc.uri, version: doc.version, edits: [edit], create: false }], this.features),
    };
  }

  /** Companion paths are relative to the workspace folder (else the project or the file's folder). */
  private async companionBaseDir(doc: OpenDocument): Promise<string> {
    const settings = await this.settings.get(doc.uri);
    return settings.workspaceRoot ?? settings.config.root ?? path.dirname(doc.filePath);
  }

  private fixesOrNone(doc: OpenDocument, compute: () => DiagnosticFix[]): DiagnosticFix[] {
    try {
      return compute();
    } catch (error) {
      this.logger.errorOnce(`computing fixes in ${doc.filePath} failed: ${describeError(error)}`);
      return [];
    }
  }

  private factsOrNull(doc: OpenDocument) {
    try {
      return doc.facts();
    } catch (error) {
      this.logger.errorOnce(`analysing ${doc.filePath} for a disable comment failed: ${describeError(error)}`);
      return null;
    }
  }
}

export function showDocumentationAction(ruleId: string, diagnostic: Diagnostic): CodeAction {
  const title = `Pipewise (${ruleId}): Show documentation for ${ruleId}`;
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title, command: SHOW_DOCUMENTATION_COMMAND, arguments: [ruleId] },
  };
}
