// Hovering inside a finding explains it: rule, priority, message, why it matters, what the preferred
// fix inserts (its new text only: the replaced text may be the secret) and a link to the docs.
// Workspace findings (cross-file rules) explain themselves the same way, and a pipeline's schedule
// value shows the schedule in words with its next runs.

import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { docsUrl } from '../engine/docs';
import type { Dialect, Finding, RuleMeta } from '../engine/types';
import type { DiagnosticsService } from './diagnostics';
import type { DocumentStore } from './documents';
import type { DocumentLinter } from './lint';
import type { PublishedFindings } from './published-findings';
import type { PipelineEditing } from './yaml-pipeline';

const FENCE_LANGUAGE: Record<Dialect, string> = { python: 'python', yaml: 'yaml', ini: 'ini', dotenv: 'properties', toml: 'toml', pem: 'text' };

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}

function fenced(code: string, language: string): string {
  const longestRun = Math.max(2, ...[...code.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${code}\n${fence}`;
}

export function describeFinding(finding: Finding, meta: RuleMeta | undefined, dialect: Dialect, docsBaseUrl: string | null): string {
  const title = meta ? `${finding.ruleId} · ${meta.title}` : finding.ruleId;
  const parts = [`**${escapeMarkdown(title)}** (${finding.priority})`, escapeMarkdown(finding.message)];
  if (meta) parts.push(escapeMarkdown(meta.rationale), `**Recommendation:** ${escapeMarkdown(meta.recommendation)}`);
  const fix = finding.fixes.find((f) => f.preferred) ?? finding.fixes[0];
  if (fix) {
    const inserted = fix.edits.map((edit) => edit.newText.replace(/^\r?\n+|\r?\n+$/g, '')).filter((text) => text.trim() !== '');
    parts.push(`**Quick fix:** ${escapeMarkdown(fix.title)}${inserted.length ? `, inserting:\n\n${fenced(inserted.join('\n'), FENCE_LANGUAGE[dialect])}` : ''}`);
  }
  const url = meta ? docsUrl(meta, docsBaseUrl) : null;
  if (meta && url) parts.push(`[Documentation for ${meta.id}](${url})`);
  return parts.join('\n\n');
}

export class HoverProvider {
  constructor(
    private readonly documents: DocumentStore,
    private readonly diagnostics: DiagnosticsService,
    private readonly linter: DocumentLinter,
    private readonly published: PublishedFindings,
    private readonly pipelines?: PipelineEditing,
  ) {}

  async provide(params: HoverParams): Promise<Hover | null> {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const result = await this.diagnostics.resultFor(doc);
    if (result.version !== doc.version) return null; // changed while settings were fetched
    const offset = doc.text.offsetAt(params.position);
    // What the hub published for this version: the document's and the workspace rules' findings, baseline applied.
    const entries = this.published.entriesOf(doc.uri);
    const hits = entries.filter(({ finding }) => (finding.start <= offset && offset < finding.end) || finding.start === offset);
    const schedule = this.pipelines?.scheduleHover(doc, offset) ?? null;
    if (hits.length === 0 && !schedule) return null;
    const docsBaseUrl = result.settings.client.docsBaseUrl;
    const parts = hits.map(({ finding }) => describeFinding(finding, this.linter.metaOf(finding.ruleId), doc.dialect, docsBaseUrl));
    if (schedule) parts.push(schedule.value);
    return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: hits[0]?.diagnostic.range ?? schedule!.range };
  }
}
