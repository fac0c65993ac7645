// Lints one open document with its settings: rules, suppressions (in the engine), baseline, and
// the conversion of what is left to diagnostics.

import type { Diagnostic } from 'vscode-languageserver/node';
import { docsUrl } from '../engine/docs';
import { lintDocument } from '../engine/linter';
import type { Finding, ProjectView, Rule, RuleMeta } from '../engine/types';
import type { DocumentStore, OpenDocument } from './documents';
import { describeError, type Logger } from './logger';
import type { DocumentSettings } from './settings';
import { toDiagnostic } from './to-diagnostic';

export interface LintResult {
  readonly version: number;
  /** Findings shown to the user, each with the diagnostic at the same index. */
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
  readonly settings: DocumentSettings;
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
    const facts = this.isActive(doc, settings) ? doc.facts() : null;
    if (!facts) return { version, findings: [], diagnostics: [], settings };
    const onRuleError = (ruleId: string, error: unknown) => this.logger.errorOnce(`rule ${ruleId} failed on ${doc.filePath}: ${describeError(error)}`);
    let findings = lintDocument(facts, this.rules, settings.config, onRuleError, project);
    if (settings.baseline) findings = settings.baseline.filterNew(doc.filePath, findings);
    const context = {
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
    return { version, findings: shown, diagnostics, settings };
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
