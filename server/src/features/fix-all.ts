// "Fix all": applies the safe fixes of the findings the user sees (settings and baseline applied)
// with the engine's fixer, and returns the change as one edit of the smallest changed region.

import type { TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine } from '../engine/engine';
import { fixAll } from '../engine/fixer';
import { lintDocument } from '../engine/linter';
import { severityOf } from '../engine/severity';
import type { Finding, Rule } from '../engine/types';
import type { OpenDocument } from './documents';
import { describeError, type Logger } from './logger';
import type { DocumentSettings } from './settings';

/** The edit turning `before` into `after`, covering only what differs. */
export function minimalEdit(doc: { text: TextDocument }, before: string, after: string): TextEdit {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Never split a surrogate pair between the kept and the replaced text.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return {
    range: { start: doc.text.positionAt(prefix), end: doc.text.positionAt(before.length - suffix) },
    newText: after.slice(prefix, after.length - suffix),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export function fixAllEdit(doc: OpenDocument, settings: DocumentSettings, engine: Engine, rules: readonly Rule[], logger: Logger): TextEdit | null {
  const { config, baseline } = settings;
  const onRuleError = (ruleId: string, error: unknown) => logger.errorOnce(`rule ${ruleId} failed on ${doc.filePath}: ${describeError(error)}`);
  const lint = (text: string): Finding[] => {
    const facts = engine.analyzeAs(doc.filePath, doc.dialect, text);
    let findings = lintDocument(facts, rules, config, onRuleError);
    if (baseline) findings = baseline.filterNew(doc.filePath, findings);
    return findings.filter((finding) => severityOf(finding, config) !== null);
  };
  const parseErrors = (text: string) => engine.parseErrors(doc.filePath, doc.dialect, text);
  const before = doc.text.getText();
  const result = fixAll(before, lint, (previous, next) => parseErrors(next) > parseErrors(previous));
  return result.text === before ? null : minimalEdit(doc, before, result.text);
}
