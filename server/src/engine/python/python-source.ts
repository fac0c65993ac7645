// One Python document: its syntax tree (edited and re-parsed incrementally) and the facts of its
// top-level statements, cached by statement text so an edit re-extracts only what it touched.

import type { Edit, ParseOptions, Parser, Tree } from 'web-tree-sitter';
import { createPythonParser } from './parser';
import { extractChunkFacts, shiftChunkFacts, type ChunkFacts } from './facts';
import { PythonFacts } from './python-facts';

/** An edit in UTF-16 offsets and {row, column} points (web-tree-sitter parses UTF-16 text). */
export interface TreeEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: { row: number; column: number };
  oldEndPosition: { row: number; column: number };
  newEndPosition: { row: number; column: number };
}

/** Parse time budget: beyond it tree-sitter gives up and the document is treated as unparsable. */
const PARSE_TIMEOUT_MS = 2_000;

export class PythonSource {
  private readonly parser: Parser;
  private tree: Tree | null = null;
  private chunkCache = new Map<string, ChunkFacts[]>();
  private pendingEdits = false;

  constructor() {
    this.parser = createPythonParser();
  }

  /** Records an edit on the current tree before the next `update` re-parses incrementally. */
  edit(edit: TreeEdit): void {
    if (!this.tree) return;
    // Tree.edit only reads these fields; the Edit class adds helper methods we do not need.
    this.tree.edit(edit as Edit);
    this.pendingEdits = true;
  }

  /** Parses `text` (incrementally when edits were recorded) and returns its facts. */
  update(text: string): PythonFacts {
    const started = performance.now();
    const previous = this.pendingEdits ? this.tree : null;
    // Returning true from the progress callback cancels the parse (the .d.ts types it as void).
    const giveUp = (() => performance.now() - started > PARSE_TIMEOUT_MS) as unknown as ParseOptions['progressCallback'];
    const tree = this.parser.parse(text, previous, { progressCallback: giveUp });
    this.pendingEdits = false;
    if (this.tree && this.tree !== tree) this.tree.delete();
    this.tree = tree;
    if (!tree) return new PythonFacts([], true);
    return this.collectFacts(text, tree);
  }

  get currentTree(): Tree | null {
    return this.tree;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
    this.parser.delete();
    this.chunkCache.clear();
  }

  private collectFacts(text: string, tree: Tree): PythonFacts {
    const nextCache = new Map<string, ChunkFacts[]>();
    const chunks: ChunkFacts[] = [];
    const root = tree.rootNode;
    for (const node of root.children) {
      if (!node || node.type === 'comment') continue;
      const start = node.startIndex;
      const key = text.slice(start, node.endIndex);
      let chunk = this.chunkCache.get(key)?.pop();
      if (chunk) shiftChunkFacts(chunk, start - chunk.start);
      else chunk = extractChunkFacts(text, node);
      chunks.push(chunk);
      const bucket = nextCache.get(key);
      if (bucket) bucket.push(chunk);
      else nextCache.set(key, [chunk]);
    }
    // Identical statements are popped from the end; keep reuse order stable.
    for (const bucket of nextCache.values()) bucket.reverse();
    this.chunkCache = nextCache;
    for (const chunk of chunks) if (chunk.bareString) chunk.bareString.isDocstring = chunk === chunks[0];
    return new PythonFacts(chunks, root.hasError);
  }
}
