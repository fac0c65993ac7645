// Lints one open document with its settings: rules and suppressions (in the engine). The baseline,
// severities and the conversion to diagnostics are the hub's (diagnostics-hub.ts).

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { depthGaps, failedGap, skippedGap, type AnalysisGap } from '../engine/analysis-gaps';
import { docsUrl } from '../engine/docs';
import { completeDeferredBookkeeping, hasDeferredBookkeeping, lintDocument } from '../engine/linter';
import type { Finding, ProjectView, Rule, RuleMeta } from '../engine/types';
import type { OpenDocument } from './documents';
import { describeError, type Logger } from './logger';
import type { DocumentSettings } from './settings';

export interface LintResult {
  readonly version: number;
  /** The rules' findings, suppressions applied (the baseline not yet). */
  readonly findings: readonly Finding[];
  /** Information diagnostics saying what could not be analysed (no finding behind them). */
  readonly notes: readonly Diagnostic[];
  readonly settings: DocumentSettings;
  /** The document's analysis state was dropped since (detached-findings.ts): its fixes carry no edits. */
  readonly detached?: boolean;
}

/** The information diagnostic for what could not be analysed: the editor must never keep stale findings silently. */
export function gapDiagnostic(doc: OpenDocument, gap: AnalysisGap): Diagnostic {
  const start = doc.text.positionAt(gap.start);
  const end = doc.text.positionAt(Math.max(gap.end, gap.start));
  return { range: { start, end }, severity: DiagnosticSeverity.Information, source: 'pipewise', message: `Pipewise: ${gap.message}` };
}

/**
 * A document's first lint puts off what only its next lint needs (what each statement exports and
 * yielded) until this long after its diagnostics: documents opened together (a restored session)
 * each get their diagnostics first. A lint that comes sooner does it first (`lint`).
 */
export const BOOKKEEPING_DELAY_MS = 150;

export class DocumentLinter {
  private readonly metas: Map<string, RuleMeta>;
  /** Deferred bookkeeping waiting for its pause, by document. */
  private readonly pendingBookkeeping = new Map<OpenDocument, { timer: NodeJS.Timeout; run: () => void }>();
  /** Documentation links by docs base + rule id: resolving one checks the file system. */
  private readonly docsUrls = new Map<string, string>();

  constructor(
    private readonly rules: readonly Rule[],
    private readonly logger: Logger,
  ) {
    this.metas = new Map(rules.map((rule) => [rule.meta.id, rule.meta]));
  }

  metaOf(ruleId: string): RuleMeta | undefined {
    return this.metas.get(ruleId);
  }

  /** Whether the document is linted at all with these settings. */
  isActive(doc: OpenDocument, settings: DocumentSettings): boolean {
    return settings.client.enable && !doc.skipReason && !settings.config.isExcluded(doc.filePath);
  }

  /** `project` (the workspace model's view) lets rules such as PW103 see the pipeline's retries. */
  lint(doc: OpenDocument, settings: DocumentSettings, project?: ProjectView): LintResult {
    const version = doc.version;
    if (!this.isActive(doc, settings)) {
      // Skipped for size or binary content: said once at the top, like the CLI's "not checked".
      const notes = doc.skipReason && settings.client.enable && !settings.config.isExcluded(doc.filePath) ? [gapDiagnostic(doc, skippedGap(doc.skipReason))] : [];
      return { version, findings: [], notes, settings };
    }
    // Before the new text's facts: the bookkeeping is of the statements the new facts reuse.
    this.completeBookkeeping(doc);
    let facts;
    try {
      facts = doc.facts();
    } catch (error) {
      this.logger.errorOnce(`analysing ${doc.filePath} failed: ${describeError(error)}`);
      return { version, findings: [], notes: [gapDiagnostic(doc, failedGap(error))], settings };
    }
    if (!facts) return { version, findings: [], notes: [], settings };
    const failedRules: string[] = [];
    const onRuleError = (ruleId: string, error: unknown) => {
      failedRules.push(ruleId);
      this.logger.errorOnce(`rule ${ruleId} failed on ${doc.filePath}: ${describeError(error)}`);
    };
    const findings = lintDocument(facts, this.rules, settings.config, onRuleError, project, { deferBookkeeping: true });
    const python = facts.python;
    if (python && hasDeferredBookkeeping(python)) this.deferBookkeeping(doc, () => doc.hasAnalysisState && completeDeferredBookkeeping(python));
    const gaps = depthGaps(facts);
    if (failedRules.length > 0) gaps.push(failedGap(new Error(`rule ${failedRules.join(', ')} failed; see the Pipewise output`)));
    return { version, findings, notes: gaps.map((gap) => gapDiagnostic(doc, gap)), settings };
  }

  /** What makes the next keystroke incremental, after a pause (BOOKKEEPING_DELAY_MS). */
  private deferBookkeeping(doc: OpenDocument, complete: () => void): void {
    const run = () => {
      this.pendingBookkeeping.delete(doc);
      complete();
    };
    this.pendingBookkeeping.set(doc, { timer: setTimeout(run, BOOKKEEPING_DELAY_MS), run });
  }

  private completeBookkeeping(doc: OpenDocument): void {
    const pending = this.pendingBookkeeping.get(doc);
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.run();
  }

  docsUrlOf(ruleId: string, docsBaseUrl: string | null): string | undefined {
    const key = `${docsBaseUrl ?? ''}\u0000${ruleId}`;
    let url = this.docsUrls.get(key);
    if (url === undefined) {
      const meta = this.metas.get(ruleId);
      if (!meta) return undefined;
      url = docsUrl(meta, docsBaseUrl) ?? '';
      this.docsUrls.set(key, url);
    }
    return url || undefined;
  }
}
