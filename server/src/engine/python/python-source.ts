// One Python document: its syntax tree (edited with `tree.edit()` and re-parsed incrementally)
// and the facts of its top-level statements ("chunks").
//
// Facts are all the rules read, and Python's top-level statements parse independently, so a
// keystroke inside one statement takes a fast path: only that statement's text is parsed and
// re-extracted, and the other chunks are shifted. The full tree still receives every edit and is
// re-parsed incrementally when the fast path does not apply (an edit that spans statements, adds
// or removes one, or leaves a syntax error) or when someone asks for the tree.

import type { Edit, Parser, Tree } from 'web-tree-sitter';
import { createPythonParser } from './parser';
import { extractChunkFacts, moveChunk, shiftChunkFacts, type ChunkFacts } from './facts';
import { ownCopy, ownStrings } from './own-strings';
import { nextContextVersion, PythonFacts, type StatementEdit } from './python-facts';
import type { SourceText } from '../source-text';

/** How much text the parser reads per call when the text is in blocks (web-tree-sitter copies at most 10 kB, 5,119 UTF-16 units). */
const PARSE_READ = 5119;

/** An edit in UTF-16 offsets and {row, column} points (web-tree-sitter parses UTF-16 text). */
export interface TreeEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: { row: number; column: number };
  oldEndPosition: { row: number; column: number };
  newEndPosition: { row: number; column: number };
}

/** The rest of the statement's line, then blank lines, then a line that starts indented. */
const INDENTED_NEXT_LINE = /^[^\n]*\n(?:[ \t]*\r?\n)*[ \t]+\S/;

export class PythonSource {
  private readonly parser: Parser;
  private tree: Tree | null = null;
  /** The text `tree` was last parsed from, and the text `chunks` describe. */
  private treeText: SourceText = '';
  private text: SourceText = '';
  private chunks: ChunkFacts[] = [];
  private hasError = false;
  private contextVersion = nextContextVersion();
  /** Changes only when what names resolve to may change (see PythonFacts.resolutionVersion). */
  private resolutionVersion = nextContextVersion();
  private resolutionSignature = '';
  private readonly documentMemo = new Map<string, unknown>();
  /** Edits applied to `tree` since it was last parsed. */
  private editsSinceParse: TreeEdit[] = [];
  /** Edits received since the last `update`. */
  private editsSinceUpdate: TreeEdit[] = [];
  /** The tree was freed (releaseTree) while the facts of `text` stand. */
  private released = false;

  constructor() {
    this.parser = createPythonParser();
  }

  /** Records an edit (offsets in the text before it) ahead of the next `update`. */
  edit(edit: TreeEdit): void {
    if (this.tree) {
      // Tree.edit only reads these fields; the Edit class adds helper methods we do not need.
      this.tree.edit(edit as Edit);
      this.editsSinceParse.push(edit);
    } else if (!this.released) {
      return; // nothing parsed yet: the next update parses the whole text
    }
    this.editsSinceUpdate.push(edit);
  }

  /**
   * Frees the syntax tree (its memory in the parser's heap, which never shrinks, so trees of
   * documents nobody edits must not pile up). The facts stay: typing inside a statement still
   * takes the fast path, and the first update that needs a tree parses the text afresh, reusing
   * the facts of every unchanged statement.
   */
  releaseTree(): void {
    if (!this.tree) return;
    this.tree.delete();
    this.tree = null;
    this.treeText = '';
    this.editsSinceParse = [];
    this.released = true;
  }

  /** Whether a syntax tree is held (see releaseTree). */
  get holdsTree(): boolean {
    return this.tree !== null;
  }

  /** The facts of `text`: re-extracted for the edited statement only when that is enough. */
  update(text: SourceText): PythonFacts {
    const edits = this.editsSinceUpdate;
    this.editsSinceUpdate = [];
    const parsed = this.tree !== null || this.released;
    const previous = this.chunks;
    if (edits.length === 1 && parsed && !this.hasError) {
      const index = this.updateOneChunk(text, edits[0]);
      if (index >= 0) return this.facts(false, { previous, index });
    }
    // The same text again (the CLI analyses a file for the workspace model, then to lint it): the
    // facts stand, and a second parse would only cost time and a second tree's memory.
    if (edits.length === 0 && parsed && text === this.text) return this.facts(this.hasError);
    return this.reparse(text);
  }

  /** The full syntax tree of the latest text (re-parsed now if fast-path updates left it behind). */
  get currentTree(): Tree | null {
    if ((this.tree || this.released) && this.treeText !== this.text) this.parseTree(this.text);
    return this.tree;
  }

  /** Where the first syntax error of the latest text is (an ERROR or MISSING node), or null. */
  firstSyntaxErrorOffset(): number | null {
    const tree = this.currentTree;
    if (!tree || !tree.rootNode.hasError) return null;
    // Down the first branch holding an error; a loop, as the tree may be deep.
    let node = tree.rootNode;
    for (;;) {
      if (node.isError || node.isMissing) return node.startIndex;
      const next = node.children.find((child) => child !== null && (child.hasError || child.isError || child.isMissing));
      if (!next) return node.startIndex;
      node = next;
    }
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
    this.parser.delete();
    this.chunks = [];
  }

  private parseTree(text: SourceText): Tree | null {
    // No time budget: whether a file is analysed must not depend on how busy the machine is. The
    // size limit (size-limits.ts, checked before analysis) bounds the work instead.
    const previous = this.editsSinceParse.length > 0 ? this.tree : null;
    const input = typeof text === 'string' ? text : (index: number) => text.slice(index, index + PARSE_READ);
    const tree = this.parser.parse(input, previous);
    this.editsSinceParse = [];
    if (this.tree && this.tree !== tree) this.tree.delete();
    this.tree = tree;
    this.treeText = text;
    this.released = false;
    return tree;
  }

  /**
   * Fast path: the edit lies inside one top-level statement, and that statement's new text
   * parses on its own as exactly one statement without errors. The statement's index, or -1
   * when the fast path does not apply.
   */
  private updateOneChunk(text: SourceText, edit: TreeEdit): number {
    const index = this.chunkIndexContaining(edit.startIndex, edit.oldEndIndex);
    if (index < 0) return -1;
    const old = this.chunks[index];
    // Indentation is relative to the line start: a statement that does not begin a line (odd,
    // error-recovered code) parses differently on its own.
    if (old.start > 0 && text.charCodeAt(old.start - 1) !== 10) return -1;
    const delta = edit.newEndIndex - edit.oldEndIndex;
    // Its own copy: the facts read from it must not keep this version of the whole text alive (own-strings.ts).
    const chunkText = ownCopy(text.slice(old.start, old.end + delta));
    // An indented line after the statement could join it in the full parse (a body that was empty).
    if (INDENTED_NEXT_LINE.test(text.slice(old.end + delta, old.end + delta + 400))) return -1;
    const tree = this.parser.parse(chunkText);
    if (!tree) return -1;
    try {
      const root = tree.rootNode;
      const statements = root.namedChildren.filter((n) => n !== null && n.type !== 'comment');
      const only = statements[0];
      if (root.hasError || statements.length !== 1 || !only || only.startIndex !== 0 || only.endIndex !== chunkText.length) return -1;
      const fresh = extractChunkFacts(chunkText, only);
      shiftChunkFacts(fresh, old.start);
      for (let i = index + 1; i < this.chunks.length; i++) moveChunk(this.chunks[i], delta);
      this.chunks = this.chunks.slice();
      this.chunks[index] = fresh;
      // Imports bind names for the whole module, even inside a function.
      if (!(old.definition && fresh.definition) || importsOf([old]) !== importsOf([fresh])) this.contextChanged();
      this.markModuleDocstring();
      this.text = text;
      return index;
    } finally {
      tree.delete();
    }
  }

  private chunkIndexContaining(start: number, end: number): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const chunk = this.chunks[mid];
      if (end < chunk.start) high = mid - 1;
      else if (start > chunk.end) low = mid + 1;
      else return chunk.start <= start && end <= chunk.end ? mid : -1;
    }
    return -1;
  }

  /** Full path: incremental re-parse of the whole tree; unchanged statements reuse their facts. */
  private reparse(text: SourceText): PythonFacts {
    const tree = this.parseTree(text);
    if (!tree) {
      this.chunks = [];
      this.text = text;
      this.hasError = true;
      this.contextChanged();
      return this.facts(true);
    }
    const importsBefore = importsOf(this.chunks);
    const reusable = new Map<string, ChunkFacts[]>();
    for (const chunk of this.chunks) {
      const key = this.text.slice(chunk.start, chunk.end);
      const bucket = reusable.get(key);
      if (bucket) bucket.push(chunk);
      else reusable.set(key, [chunk]);
    }
    const chunks: ChunkFacts[] = [];
    const freshChunks: ChunkFacts[] = [];
    let contextChanged = this.chunks.length === 0;
    const root = tree.rootNode;
    const oldIndex = new Map(this.chunks.map((chunk, i) => [chunk, i]));
    let lastReusedIndex = -1;
    for (const node of root.children) {
      if (!node || node.type === 'comment') continue;
      const start = node.startIndex;
      // Text with a syntax error can parse differently in another context (error recovery reads
      // what surrounds it), so only error-free statements are reused for their text alone.
      const bucket = node.hasError ? undefined : reusable.get(text.slice(start, node.endIndex));
      const at = bucket ? bucket.findIndex((candidate) => !candidate.hasError) : -1;
      const chunk = at >= 0 ? bucket!.splice(at, 1)[0] : undefined;
      if (chunk) {
        // Statements that changed order (a cut and paste in one edit): answers about what comes
        // before what, such as the first write of a function, must be computed again.
        const index = oldIndex.get(chunk) ?? -1;
        if (index < lastReusedIndex) contextChanged = true;
        lastReusedIndex = index;
        moveChunk(chunk, start - chunk.start);
        chunks.push(chunk);
      } else {
        const fresh = extractChunkFacts(text, node);
        if (!fresh.definition) contextChanged = true;
        chunks.push(fresh);
        freshChunks.push(fresh);
      }
    }
    // Fresh facts beside reused ones would keep this whole text alive as long as they live.
    if (chunks.length > 0 && freshChunks.length < chunks.length) for (const chunk of freshChunks) ownStrings(chunk);
    // A removed module-level statement (an import, a constant) changes how names resolve too.
    for (const bucket of reusable.values()) if (bucket.some((c) => !c.definition)) contextChanged = true;
    this.chunks = chunks;
    if (contextChanged || importsOf(chunks) !== importsBefore) this.contextChanged();
    this.text = text;
    this.hasError = root.hasError;
    this.markModuleDocstring();
    return this.facts(root.hasError);
  }

  private facts(hasError: boolean, statementEdit?: StatementEdit): PythonFacts {
    return new PythonFacts(this.chunks, hasError, this.contextVersion, this.resolutionVersion, this.documentMemo, statementEdit);
  }

  /** After `this.chunks` changed at module level: a new context, and a new resolution if names may resolve differently. */
  private contextChanged(): void {
    this.contextVersion = nextContextVersion();
    const signature = resolutionSignatureOf(this.chunks);
    if (signature !== this.resolutionSignature) {
      this.resolutionSignature = signature;
      this.resolutionVersion = nextContextVersion();
    }
  }

  private markModuleDocstring(): void {
    const first = this.chunks[0];
    for (const chunk of this.chunks) if (chunk.bareString) chunk.bareString.isDocstring = chunk === first;
  }
}

/** The imports of the statements, in order: what they bind, wherever they are (a function's imports bind module-wide names). */
function importsOf(chunks: readonly ChunkFacts[]): string {
  let signature = '';
  for (const chunk of chunks) for (const i of chunk.imports) signature += `${i.local}=${i.target}:${i.module};`;
  return signature;
}

/**
 * What name resolution reads of the module: every import, and the module-level assignments in
 * order (a name bound to a call resolves through that call's callee). Typing inside a module-level
 * string or comment leaves it unchanged.
 */
function resolutionSignatureOf(chunks: readonly ChunkFacts[]): string {
  let signature = importsOf(chunks);
  for (const chunk of chunks) {
    if (chunk.definition) continue;
    for (const a of chunk.assignments) if (a.fn === null) signature += `${a.target}=${a.call ? a.call.callee : ''}|${a.className ?? ''};`;
  }
  return signature;
}
