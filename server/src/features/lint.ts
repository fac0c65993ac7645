// Lints one open document with its settings: rules, suppressions (in the engine), baseline, and
// the conversion of what is left to diagnostics.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { depthGaps, failedGap, type AnalysisGap } from '../engine/analysis-gaps';
import { docsUrl } from '../engine/docs';
import { lintDocument } from '../engine/linter';
import type { Finding, ProjectView, Rule, RuleMeta } from '../engine/types';
import type { DocumentStore, OpenDocument } from './documents';
import { describeError, type Logger } from './logger';
import type { DocumentSettings } from './settings';
import { toDiagnostic, type DiagnosticContext } from './to-diagnostic';

export interface LintResult {
  readonly version: number;
  /** Findings shown to the user, each with the diagnostic at the same index. */
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
  /** Information diagnostics saying what could not be analysed (no finding behind them). */
  readonly notes: readonly Diagnostic[];
  readonly settings: DocumentSettings;
  /** What the diagnostics were made with (code actions compute fixes' edits with it); absent when nothing was linted. */
  readonly context?: DiagnosticContext;
}

/** The information diagnostic for what could not be analysed: the editor must never keep stale findings silently. */
export function gapDiagnostic(doc: OpenDocument, gap: AnalysisGap): Diagnostic {
  const start = doc.text.positionAt(gap.start);
  const end = doc.text.positionAt(Math.max(gap.end, gap.start));
  return { range: { start, end }, severity: DiagnosticSeverity.Information, source: 'pipewise', message: `Pipewise: ${gap.message}` };
}

export class DocumentLinter {
  private readonly metas: Map<string, RuleMeta>;
  /** Documentation links by docs base + rule id: resolving one checks the file system. */
  private readonly docsUrls = new Map<string, string>();

  constructor(
    private readonly rules: readonly Rule[],
    private readonly documents: DocumentStore,
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
    if (!this.isActive(doc, settings)) return { version, findings: [], diagnostics: [], notes: [], settings };
    let facts;
    try {
      facts = doc.facts();
    } catch (error) {
      this.logger.errorOnce(`analysing ${doc.filePath} failed: ${describeError(error)}`);
      return { version, findings: [], diagnostics: [], notes: [gapDiagnostic(doc, failedGap(error))], settings };
    }
    if (!facts) return { version, findings: [], diagnostics: [], notes: [], settings };
    const failedRules: string[] = [];
    const onRuleError = (ruleId: string, error: unknown) => {
      failedRules.push(ruleId);
      this.logger.errorOnce(`rule ${ruleId} failed on ${doc.filePath}: ${describeError(error)}`);
    };
    let findings = lintDocument(facts, this.rules, settings.config, onRuleError, project);
    if (settings.baseline) findings = settings.baseline.filterNew(doc.filePath, findings);
    const context: DiagnosticContext = {
      document: doc.text,
      filePath: doc.filePath,
      config: settings.config,
      docsUrlOf: (ruleId: string) => this.docsUrlOf(ruleId, settings.client.docsBaseUrl),
      openText: (filePath: string) => this.documents.all().find((other) => other.filePath === filePath)?.text,
    };
    const shown: Finding[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const finding of findings) {
      const diagnostic = toDiagnostic(finding, context);
      if (!diagnostic) continue;
      shown.push(finding);
      diagnostics.push(diagnostic);
    }
    const gaps = depthGaps(facts);
    if (failedRules.length > 0) gaps.push(failedGap(new Error(`rule ${failedRules.join(', ')} failed; see the Pipewise output`)));
    return { version, findings: shown, diagnostics, notes: gaps.map((gap) => gapDiagnostic(doc, gap)), settings, context };
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
