// Commented-out Python that holds a credential (`# DB_PASSWORD = "…"`, `# engine =
// create_engine("postgresql://u:pw@h/db")`). Comments are not statements, so each top-level
// statement owns the comment lines inside it, those between the previous statement and it, and
// (the last one) those after it: its findings come from it (origin), which keeps the rule
// incremental. Module-level comments change no statement's text, so the rule's key carries what
// they hold: a credential added to or removed from such a comment re-checks the module.

import type { RuleContext } from '../../server/src/engine/types';
import type { ChunkFacts } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { DocumentFacts } from '../../server/src/engine/document';
import type { EffectiveConfig } from '../../server/src/engine/config';
import { classifyCommented, commentedValues, reportCommented, type CommentedValue } from './comments';
import type { Detection } from './detect';
import type { SourceText } from '../../server/src/engine/source-text';

interface Found {
  entry: CommentedValue;
  detection: Detection;
}

/** The lines a statement owns outside itself: from the line after the previous statement to its start (and to the end for the last). */
function ownedGaps(py: PythonFacts, index: number, text: SourceText): Array<[number, number]> {
  const chunks = py.rawChunks;
  const lineAfter = (offset: number) => {
    const newline = text.indexOf('\n', offset);
    return newline < 0 ? text.length : newline + 1;
  };
  const gaps: Array<[number, number]> = [[index === 0 ? 0 : lineAfter(chunks[index - 1].end), chunks[index].start]];
  if (index === chunks.length - 1) gaps.push([lineAfter(chunks[index].end), text.length]);
  return gaps.filter(([start, end]) => end > start);
}

/** Whether `text[start, end)` holds a '#', looking no further than `end`. */
function hasHash(text: SourceText, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 35) return true;
  return false;
}

function credentialsIn(ctx: Pick<RuleContext, 'doc' | 'config'>, start: number, end: number): Found[] {
  const found: Found[] = [];
  if (!hasHash(ctx.doc.sourceText, start, end)) return found;
  for (const entry of commentedValues(ctx.doc.sourceText, start, end, 'python')) {
    const detection = classifyCommented(entry, ctx as RuleContext);
    if (detection) found.push({ entry, detection });
  }
  return found;
}

/** A statement's own comment lines, kept per statement object (offsets relative to its start). */
const insideCache = new WeakMap<ChunkFacts, { config: EffectiveConfig; testFile: boolean; found: Found[] }>();

function credentialsInside(ctx: RuleContext, chunk: ChunkFacts): Found[] {
  const cached = insideCache.get(chunk);
  let relative: Found[];
  if (cached && cached.config === ctx.config && cached.testFile === ctx.doc.isTestFile) relative = cached.found;
  else {
    relative = credentialsIn(ctx, chunk.start, chunk.end).map(({ entry, detection }) => ({ detection, entry: { ...entry, lineStart: entry.lineStart - chunk.start, lineEnd: entry.lineEnd - chunk.start } }));
    insideCache.set(chunk, { config: ctx.config, testFile: ctx.doc.isTestFile, found: relative });
  }
  return relative.map(({ entry, detection }) => ({ detection, entry: { ...entry, lineStart: entry.lineStart + chunk.start, lineEnd: entry.lineEnd + chunk.start } }));
}

function indexOfChunk(py: PythonFacts, chunk: ChunkFacts): number {
  const chunks = py.rawChunks;
  let low = 0;
  let high = chunks.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (chunks[mid].start < chunk.start) low = mid + 1;
    else if (chunks[mid].start > chunk.start) high = mid - 1;
    else return mid;
  }
  return -1;
}

/** Reports the commented-out credentials a statement owns (every statement when none is given). */
export function checkPythonComments(ctx: RuleContext, py: PythonFacts): void {
  const chunks = py.rawChunks;
  const indexes = ctx.statement ? [indexOfChunk(py, ctx.statement)] : chunks.map((_, i) => i);
  for (const index of indexes) {
    if (index < 0) continue;
    const chunk = chunks[index];
    const found = credentialsInside(ctx, chunk);
    for (const [start, end] of ownedGaps(py, index, ctx.doc.sourceText)) found.push(...credentialsIn(ctx, start, end));
    for (const { entry, detection } of found) reportCommented(ctx, entry, detection, chunk.start);
  }
}

/** The module comment key as last computed for a document, with what it was computed over. */
interface ModuleComments {
  config: EffectiveConfig;
  testFile: boolean;
  /** What each gap's text holds (one line per credential): a keystroke looks its gaps up here. */
  byGap: Map<string, string>;
  chunks: readonly ChunkFacts[];
  key: string;
}

/**
 * What the module-level comments hold, for the rule's key: one line per credential found. Gap
 * texts are remembered per document, so a keystroke inside a statement costs a lookup per gap;
 * none when the facts come from the last key's by an edit inside one statement, which leaves
 * every gap's text as it was.
 */
export function moduleCommentKey(doc: DocumentFacts, config: EffectiveConfig): string {
  const py = doc.python;
  if (!py || py.rawChunks.length === 0) return '';
  const memoKey = 'PW101:module-comments';
  const previous = py.documentMemo.get(memoKey) as ModuleComments | undefined;
  const sameSettings = previous !== undefined && previous.config === config && previous.testFile === doc.isTestFile;
  if (sameSettings && (previous.chunks === py.rawChunks || py.statementEdit?.previous === previous.chunks)) {
    if (previous.chunks !== py.rawChunks) py.documentMemo.set(memoKey, { ...previous, chunks: py.rawChunks });
    return previous.key;
  }
  const reuse = sameSettings ? previous.byGap : new Map<string, string>();
  const byGap = new Map<string, string>();
  const parts: string[] = [];
  const { sourceText: text } = doc;
  for (let i = 0; i < py.rawChunks.length; i++) {
    for (const [start, end] of ownedGaps(py, i, text)) {
      if (!hasHash(text, start, end)) continue;
      const gap = text.slice(start, end);
      let part = reuse.get(gap) ?? byGap.get(gap);
      if (part === undefined) part = credentialsIn({ doc, config }, start, end).map(({ entry }) => text.slice(entry.lineStart, entry.lineEnd)).join('\n');
      byGap.set(gap, part);
      if (part) parts.push(part);
    }
  }
  const key = parts.join('\n');
  py.documentMemo.set(memoKey, { config, testFile: doc.isTestFile, byGap, chunks: py.rawChunks, key } satisfies ModuleComments);
  return key;
}
