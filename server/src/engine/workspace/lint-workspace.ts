// Runs the enabled workspace rules (`checkWorkspace`) over the model and returns their findings by
// file, with the files' suppression comments honoured like per-file findings.

import path from 'node:path';
import type { EffectiveConfig } from '../config';
import { LineIndex } from '../line-index';
import type { RuleErrorHandler } from '../linter';
import { isSuppressed, parseSuppressions, type Suppressions } from '../suppression';
import type { Finding, Rule, WorkspaceFindingInput } from '../types';
import type { WorkspaceModel } from './model';
import { reportsInDormantCode } from '../dormant-code';
import { silentWhereNothingRuns } from '../reach-gate';

export interface LintWorkspaceOptions {
  onRuleError?: RuleErrorHandler;
  /** The text a finding's offsets refer to, when the model does not hold it (defaults to the model's). */
  textOf?(filePath: string): string | undefined;
}

/** Findings of the workspace rules keyed by absolute file path, each list sorted by position. */
export function lintWorkspace(model: WorkspaceModel, rules: readonly Rule[], config: EffectiveConfig, options: LintWorkspaceOptions = {}): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  const project = model.projectView();
  for (const rule of rules) {
    const { meta } = rule;
    if (!rule.checkWorkspace) continue;
    if (!config.isRuleEnabled(meta.id, meta.slug) || config.severityOverride(meta.id) === 'off') continue;
    const report = (input: WorkspaceFindingInput) => {
      const file = path.resolve(model.root, input.path);
      if (config.isExcluded(file)) return;
      if (!reportsInDormantCode(meta) && config.isDormantCode(file)) return;
      if (silentWhereNothingRuns(meta, project, file)) return;
      const text = options.textOf?.(file) ?? model.text(file) ?? '';
      const finding: Finding = {
        ruleId: meta.id,
        priority: input.priority ?? meta.priority,
        message: input.message,
        start: input.start,
        end: input.end,
        fixes: input.fixes ?? [],
        fingerprintText: input.fingerprintText ?? text.slice(input.start, input.end),
        related: input.related,
      };
      const list = byFile.get(file);
      if (list) list.push(finding);
      else byFile.set(file, [finding]);
    };
    try {
      rule.checkWorkspace({ workspace: model, config, report });
    } catch (error) {
      if (options.onRuleError) options.onRuleError(meta.id, error);
      else throw error;
    }
  }
  const result = new Map<string, Finding[]>();
  for (const [file, findings] of byFile) {
    const text = options.textOf?.(file) ?? model.text(file) ?? '';
    let suppressions: Suppressions | undefined;
    let lines: LineIndex | undefined;
    const kept = findings.filter((f) => {
      suppressions ??= parseSuppressions(text);
      if (!suppressions.file && suppressions.lines.size === 0) return true;
      lines ??= new LineIndex(text);
      return !isSuppressed(suppressions, f.ruleId, lines.positionAt(f.start).line);
    });
    if (kept.length) result.set(file, kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId)));
  }
  return result;
}
