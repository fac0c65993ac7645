// Data-driven rule tests in the spirit of ESLint's RuleTester: flagged snippets mark the exact
// expected ranges with «…», not-flagged snippets must produce nothing, and fix cases are applied,
// compared with their exact output, re-parsed and re-linted.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../server/src/engine/engine';
import { DEFAULT_CONFIG, resolveConfig, type EffectiveConfig, type PipewiseOptions } from '../../server/src/engine/config';
import { applyEdits } from '../../server/src/engine/fixer';
import { detectDialect } from '../../server/src/engine/document';
import type { Finding, Priority } from '../../server/src/engine/types';
import { ALL_RULES } from '../../rules';

export interface FlaggedCase {
  name: string;
  /** File name deciding the dialect (default `pipeline.py`). */
  file?: string;
  /** Source with every expected finding range wrapped in «…». */
  code: string;
  priority?: Priority;
  message?: RegExp;
  options?: PipewiseOptions;
}

export interface NotFlaggedCase {
  name: string;
  file?: string;
  code: string;
  options?: PipewiseOptions;
}

export interface FixCase {
  name: string;
  file?: string;
  code: string;
  /** A substring of the fix title to apply (the first finding's fixes are searched). */
  fix: string;
  output: string;
  safe?: boolean;
  companions?: Array<{ path: string; appendLine: string }>;
}

export interface RuleCases {
  rule: string;
  flagged: FlaggedCase[];
  notFlagged: NotFlaggedCase[];
  fixes: FixCase[];
}

let enginePromise: Promise<Engine> | undefined;
export function sharedEngine(): Promise<Engine> {
  enginePromise ??= Engine.create(ALL_RULES);
  return enginePromise;
}

function configFor(options?: PipewiseOptions): EffectiveConfig {
  return options ? resolveConfig(options, null, null) : DEFAULT_CONFIG;
}

/** Strips «» markers; returns the clean text and the marked ranges. */
export function parseMarkers(marked: string): { text: string; ranges: Array<{ start: number; end: number }> } {
  let text = '';
  const ranges: Array<{ start: number; end: number }> = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === '«') open = text.length;
    else if (ch === '»') {
      ranges.push({ start: open, end: text.length });
      open = -1;
    } else text += ch;
  }
  return { text, ranges };
}

export async function lintWith(file: string, text: string, options?: PipewiseOptions): Promise<Finding[]> {
  const engine = await sharedEngine();
  return engine.lintText(file, text, configFor(options));
}

function describeFindings(text: string, findings: Finding[]): string {
  return findings.map((f) => `${f.ruleId} ${f.start}-${f.end} ${JSON.stringify(text.slice(f.start, f.end))}: ${f.message}`).join('\n') || '(none)';
}

export function runRuleCases(cases: RuleCases): void {
  const { rule } = cases;
  for (const c of cases.flagged) {
    test(`${rule} flags: ${c.name}`, async () => {
      const file = c.file ?? 'pipeline.py';
      const { text, ranges } = parseMarkers(c.code);
      assert.ok(ranges.length > 0, 'a flagged case must mark at least one range');
      const findings = (await lintWith(file, text, c.options)).filter((f) => f.ruleId === rule);
      assert.deepEqual(
        findings.map((f) => ({ start: f.start, end: f.end })),
        ranges,
        `expected ${rule} at the marked ranges; got:\n${describeFindings(text, findings)}`,
      );
      for (const f of findings) {
        if (c.priority) assert.equal(f.priority, c.priority, f.message);
        if (c.message) assert.match(f.message, c.message);
        // Secrets must never be echoed; other rules may name what they flag (a function, a call).
        if (rule === 'PW101') {
          const flagged = text.slice(f.start, f.end).replace(/^[a-zA-Z]*["']+|["']+$/g, '');
          if (flagged.length >= 4) assert.ok(!f.message.includes(flagged), `message prints the flagged value: ${f.message}`);
        }
      }
    });
  }
  for (const c of cases.notFlagged) {
    test(`${rule} does not flag: ${c.name}`, async () => {
      const file = c.file ?? 'pipeline.py';
      const findings = (await lintWith(file, c.code, c.options)).filter((f) => f.ruleId === rule);
      assert.equal(findings.length, 0, `unexpected:\n${describeFindings(c.code, findings)}`);
    });
  }
  for (const c of cases.fixes) {
    test(`${rule} fix: ${c.name}`, async () => {
      const engine = await sharedEngine();
      const file = c.file ?? 'pipeline.py';
      const before = await lintWith(file, c.code);
      const target = before.find((f) => f.ruleId === rule && f.fixes.some((x) => x.title.includes(c.fix)));
      assert.ok(target, `no ${rule} finding offers a fix containing "${c.fix}":\n${describeFindings(c.code, before)}`);
      const fix = target.fixes.find((x) => x.title.includes(c.fix))!;
      assert.match(fix.title, new RegExp(`^Pipewise \\(${rule}\\): `));
      if (c.safe !== undefined) assert.equal(fix.safe, c.safe, 'safe flag');
      if (c.companions) assert.deepEqual(fix.companions, c.companions);
      const output = applyEdits(c.code, fix.edits);
      assert.equal(output, c.output);
      const dialect = detectDialect(file)!;
      assert.ok(engine.parseErrors(file, dialect, output) <= engine.parseErrors(file, dialect, c.code), 'the fix introduced a syntax error');
      const after = await lintWith(file, output);
      const key = (f: Finding) => `${f.ruleId}: ${f.message}`;
      const remainingTarget = after.filter((f) => key(f) === key(target));
      assert.equal(remainingTarget.length, before.filter((f) => key(f) === key(target)).length - 1, `the finding is still there:\n${describeFindings(output, after)}`);
      const beforeKeys = new Set(before.map(key));
      const fresh = after.filter((f) => !beforeKeys.has(key(f)));
      assert.deepEqual(fresh.map(key), [], 'the fix produced new findings');
    });
  }
}
