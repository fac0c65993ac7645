// Applies fixes as offset edits. Fix-all takes each finding's first safe fix, skips fixes that
// overlap one already taken, merges identical edits (two fixes adding the same `import os`),
// re-lints and repeats (at most MAX_PASSES), and never keeps a pass that breaks the parse.

import type { Finding, Fix, TextEdit } from './types';
import type { SourceText } from './source-text';

export const MAX_FIX_PASSES = 10;

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Insertions at the same offset do not overlap (they are applied in order); ranges that share text do. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Applies non-overlapping edits to `text`; throws if two edits overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((edit, order) => ({ edit, order })).sort((x, y) => x.edit.start - y.edit.start || x.edit.end - y.edit.end || x.order - y.order);
  let out = '';
  let cursor = 0;
  for (const { edit } of sorted) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/**
 * A fix's edits as valid LSP edits, whatever order a client applies them in: edits that start at
 * the same offset (an insertion and a replacement, or two insertions) become one edit, in the
 * order `applyEdits` gives them, so no two edits share an insertion point. An insertion at offset
 * 0 of a text that starts with a byte-order mark goes after it (before it, `import os` would make
 * the mark part of a line and the file a SyntaxError).
 */
export function normalizeEdits(text: SourceText, edits: readonly TextEdit[]): TextEdit[] {
  const bom = text.charCodeAt(0) === 0xfeff;
  const placed = edits.map((edit, order) => {
    const moved = bom && edit.start === 0 ? { start: 1, end: Math.max(edit.end, 1), newText: edit.newText } : edit;
    return { edit: moved, order };
  });
  placed.sort((x, y) => x.edit.start - y.edit.start || x.edit.end - y.edit.end || x.order - y.order);
  const out: TextEdit[] = [];
  for (const { edit } of placed) {
    const previous = out[out.length - 1];
    if (previous && previous.start === edit.start && previous.start === previous.end) {
      out[out.length - 1] = { start: previous.start, end: edit.end, newText: previous.newText + edit.newText };
    } else {
      out.push(edit);
    }
  }
  return out;
}

/** Collects the edits of several fixes, dropping fixes that conflict with ones chosen before. */
export function combineFixes(fixes: readonly Fix[]): { edits: TextEdit[]; applied: Fix[] } {
  const edits: TextEdit[] = [];
  const applied: Fix[] = [];
  for (const fix of fixes) {
    const fresh = fix.edits.filter((edit) => !edits.some((taken) => sameEdit(taken, edit)));
    if (fresh.some((edit) => edits.some((taken) => overlaps(taken, edit)))) continue;
    edits.push(...fresh);
    applied.push(fix);
  }
  return { edits, applied };
}

export function firstSafeFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((f) => f.safe && f.preferred) ?? finding.fixes.find((f) => f.safe);
}

/** The fix `--unsafe-fixes` applies: the preferred one, safe or not. */
export function preferredAnyFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((f) => f.preferred) ?? firstSafeFix(finding) ?? finding.fixes[0];
}

export interface FixAllOptions {
  /** Apply unsafe fixes too (each finding's preferred fix): `pipewise check --fix --unsafe-fixes`. */
  unsafe?: boolean;
  /** How edits are applied to the text (default `applyEdits`); a notebook applies them cell by cell. */
  apply?: (text: string, edits: readonly TextEdit[]) => string;
}

export interface FixAllResult {
  text: string;
  /** How many fixes were applied over all passes. */
  applied: number;
  passes: number;
}

/**
 * Applies fixes until none is left: safe ones, or with `unsafe` each finding's preferred fix.
 * `lint` analyses a text; `breaksParse(before, after)` tells whether the fixed text parses worse
 * than before. A pass that does is retried one fix at a time, keeping the fixes that do not; a
 * fix is never applied twice to the same finding (one that leaves its finding in place is not
 * repeated pass after pass).
 */
export function fixAll(text: string, lint: (text: string) => Finding[], breaksParse: (before: string, after: string) => boolean, options: FixAllOptions = {}): FixAllResult {
  const choose = options.unsafe ? preferredAnyFix : firstSafeFix;
  const apply = options.apply ?? applyEdits;
  const tried = new Set<string>();
  const keyOf = (finding: Finding, fix: Fix) => `${finding.ruleId}\u0000${finding.fingerprintText}\u0000${fix.title}`;
  let current = text;
  let applied = 0;
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const keys = new Map<Fix, string>();
    for (const finding of lint(current)) {
      const fix = choose(finding);
      if (!fix) continue;
      const key = keyOf(finding, fix);
      if (!tried.has(key)) keys.set(fix, key);
    }
    if (keys.size === 0) break;
    passes++;
    const combined = combineFixes([...keys.keys()]);
    const next = apply(current, combined.edits);
    if (next !== current && !breaksParse(current, next)) {
      current = next;
      applied += combined.applied.length;
      for (const fix of combined.applied) tried.add(keys.get(fix)!);
      continue;
    }
    // Together they change nothing or break the parse: one at a time, the others next pass.
    for (const fix of combined.applied) {
      tried.add(keys.get(fix)!);
      const single = apply(current, fix.edits);
      if (single === current || breaksParse(current, single)) continue;
      current = single;
      applied++;
      break;
    }
  }
  return { text: current, applied, passes };
}
