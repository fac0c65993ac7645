// Baselines record today's findings by rule, file and a fingerprint of the offending code (a hash
// of text the rule chose, which never holds a secret), so later runs report only new findings.

import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Finding } from './types';
import { ConfigError } from './config';
import { MB, readLimitedText } from './limited-read';

/** Larger baselines are refused (a baseline holds about 150 bytes per finding). */
export const MAX_BASELINE_BYTES = 16 * MB;

export interface BaselineEntry {
  rule: string;
  path: string;
  fingerprint: string;
  count: number;
}

export interface BaselineFile {
  version: 1;
  tool: 'pipewise';
  findings: BaselineEntry[];
}

export interface LocatedFinding {
  /** Absolute or cwd-relative file path. */
  file: string;
  finding: Finding;
}

export function fingerprintOf(finding: Finding): string {
  const normalized = finding.fingerprintText.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${finding.ruleId}\u0000${normalized}`).digest('hex').slice(0, 20);
}

function relativeTo(baselineFile: string, file: string): string {
  return path.relative(path.dirname(path.resolve(baselineFile)), path.resolve(file)).split(path.sep).join('/');
}

function keyOf(rule: string, file: string, fingerprint: string): string {
  return `${rule}\u0000${file}\u0000${fingerprint}`;
}

export function createBaseline(baselineFile: string, located: readonly LocatedFinding[]): BaselineFile {
  const counts = new Map<string, BaselineEntry>();
  for (const { file, finding } of located) {
    const entry = { rule: finding.ruleId, path: relativeTo(baselineFile, file), fingerprint: fingerprintOf(finding), count: 1 };
    const key = keyOf(entry.rule, entry.path, entry.fingerprint);
    const existing = counts.get(key);
    if (existing) existing.count++;
    else counts.set(key, entry);
  }
  const findings = [...counts.values()].sort((a, b) => a.path.localeCompare(b.path) || a.rule.localeCompare(b.rule) || a.fingerprint.localeCompare(b.fingerprint));
  return { version: 1, tool: 'pipewise', findings };
}

export class Baseline {
  private constructor(private readonly file: string, private readonly data: BaselineFile) {}

  /**
   * Throws ConfigError when the file is missing, not a regular file, larger than
   * MAX_BASELINE_BYTES, outside `root` (the project folder, for a baseline named by a repository's
   * configuration) or not a baseline.
   */
  static load(file: string, root: string | null = null): Baseline {
    const read = readLimitedText(file, { maxBytes: MAX_BASELINE_BYTES, root });
    if (!read.ok) throw new ConfigError(`baseline ${file}: ${read.reason}`);
    let data: BaselineFile;
    try {
      data = JSON.parse(read.text) as BaselineFile;
    } catch {
      throw new ConfigError(`baseline ${file}: not valid JSON`);
    }
    if (data?.version !== 1 || !Array.isArray(data.findings)) throw new ConfigError(`baseline ${file}: not a pipewise baseline (version 1)`);
    return new Baseline(file, data);
  }

  /** Findings of `file` not covered by the baseline (each entry absorbs up to `count` findings). */
  filterNew(file: string, findings: readonly Finding[]): Finding[] {
    const relative = relativeTo(this.file, file);
    const remaining = new Map<string, number>();
    for (const entry of this.data.findings) if (entry.path === relative) remaining.set(keyOf(entry.rule, entry.path, entry.fingerprint), entry.count);
    if (remaining.size === 0) return [...findings];
    return findings.filter((finding) => {
      const key = keyOf(finding.ruleId, relative, fingerprintOf(finding));
      const left = remaining.get(key) ?? 0;
      if (left <= 0) return true;
      remaining.set(key, left - 1);
      return false;
    });
  }
}
