// A document's text as analysis reads it: in parts. A JavaScript string is one of these, so the CLI
// passes its file text unchanged; an open document in the editor is a `ChunkedText`, changed per
// keystroke without building a new string of the whole document: in V8 every new string over
// 128 kB is allocated whole in the large-object space when first read, 2–4 ms for a 600 kB module
// (docs/benchmarks.md), more than the rest of a keystroke. Readers ask for the slices they need.

import { lastAtOrBefore } from './line-index';

/** The string methods analysis reads a text with; `toString()` joins the whole text (a copy: not per keystroke). */
export interface SourceText {
  readonly length: number;
  slice(start?: number, end?: number): string;
  charCodeAt(index: number): number;
  charAt(index: number): string;
  endsWith(search: string): boolean;
  indexOf(search: string, position?: number): number;
  lastIndexOf(search: string, position?: number): number;
  includes(search: string): boolean;
  toString(): string;
}

/** Characters per block: edits copy one block, and 64 kB texts stay under V8's large-object size. */
const BLOCK_SIZE = 8192;

/** The part of `length` that `index` means for String.prototype.slice (negative counts from the end). */
function sliceIndex(index: number | undefined, length: number, fallback: number): number {
  if (index === undefined) return fallback;
  const whole = Math.trunc(index) || 0;
  return whole < 0 ? Math.max(length + whole, 0) : Math.min(whole, length);
}

/**
 * An immutable text in blocks of about BLOCK_SIZE characters. `replace` returns a new text sharing
 * every block but the edited ones; `toString` joins the blocks once per text. Offsets are UTF-16
 * code units, as in strings (a block may end between the halves of a surrogate pair: slices join them).
 */
export class ChunkedText implements SourceText {
  private joined: string | undefined;
  /** The block `charCodeAt` read last: readers walk characters in order. */
  private lastBlock = 0;
  /** Per string searched with `includes`, per block: unknown (0), found in it (1), not (2). Shared blocks keep theirs through `replace`. */
  private readonly blockHits = new Map<string, Uint8Array>();

  private constructor(
    private readonly blocks: readonly string[],
    /** Where each block starts. */
    private readonly starts: readonly number[],
    readonly length: number,
    private readonly blockSize: number,
  ) {}

  /** `blockSize`: tests use small blocks, so that reads cross block boundaries often. */
  static of(text: string, blockSize = BLOCK_SIZE): ChunkedText {
    const blocks: string[] = [];
    const starts: number[] = [];
    for (let at = 0; at < text.length; at += blockSize) {
      blocks.push(text.slice(at, at + blockSize));
      starts.push(at);
    }
    const chunked = new ChunkedText(blocks, starts, text.length, blockSize);
    chunked.joined = text;
    return chunked;
  }

  /**
   * The text the parts make one after another (a notebook module from its cells), consecutive
   * parts joined into blocks of about `blockSize`: hundreds of tiny blocks would make every read
   * that crosses them (a search for the next line break) walk block by block.
   */
  static ofParts(parts: readonly string[], blockSize = BLOCK_SIZE): ChunkedText {
    const blocks: string[] = [];
    const starts: number[] = [];
    let at = 0;
    let pending: string[] = [];
    let pendingStart = 0;
    let pendingLength = 0;
    const flush = () => {
      if (pendingLength === 0) return;
      blocks.push(pending.length === 1 ? pending[0] : pending.join(''));
      starts.push(pendingStart);
      pending = [];
      pendingLength = 0;
    };
    for (const part of parts) {
      if (part.length === 0) continue;
      if (pendingLength > 0 && pendingLength + part.length > blockSize) flush();
      if (pendingLength === 0) pendingStart = at;
      pending.push(part);
      pendingLength += part.length;
      at += part.length;
    }
    flush();
    return new ChunkedText(blocks, starts, at, blockSize);
  }

  /** The text with [start, end) replaced by `insert`. */
  replace(start: number, end: number, insert: string): ChunkedText {
    start = sliceIndex(start, this.length, 0);
    end = Math.max(start, sliceIndex(end, this.length, this.length));
    if (this.blocks.length === 0) return ChunkedText.of(insert, this.blockSize);
    const first = this.blockAt(start);
    const last = end <= this.starts[first] + this.blocks[first].length ? first : this.blockAt(end);
    const middle = this.blocks[first].slice(0, start - this.starts[first]) + insert + this.blocks[last].slice(end - this.starts[last]);
    const blocks = this.blocks.slice(0, first);
    const starts = this.starts.slice(0, first);
    let at = this.starts[first];
    // A block that grew past twice the size is split, so no edit copies much.
    const size = this.blockSize;
    const pieces = middle.length > 2 * size ? Math.ceil(middle.length / size) : 1;
    for (let i = 0; i < pieces; i++) {
      const piece = pieces === 1 ? middle : middle.slice(i * size, (i + 1) * size);
      if (piece.length === 0) continue;
      blocks.push(piece);
      starts.push(at);
      at += piece.length;
    }
    const delta = insert.length - (end - start);
    const rewritten = blocks.length;
    for (let i = last + 1; i < this.blocks.length; i++) {
      blocks.push(this.blocks[i]);
      starts.push(this.starts[i] + delta);
    }
    const replaced = new ChunkedText(blocks, starts, this.length + delta, size);
    for (const [search, hits] of this.blockHits) {
      const kept = new Uint8Array(blocks.length);
      kept.set(hits.subarray(0, first));
      kept.set(hits.subarray(last + 1), rewritten);
      replaced.blockHits.set(search, kept);
    }
    return replaced;
  }

  slice(start?: number, end?: number): string {
    const from = sliceIndex(start, this.length, 0);
    const to = sliceIndex(end, this.length, this.length);
    if (to <= from) return '';
    if (this.joined !== undefined) return this.joined.slice(from, to);
    let index = this.blockAt(from);
    const offset = from - this.starts[index];
    let block = this.blocks[index];
    if (to <= this.starts[index] + block.length) return block.slice(offset, to - this.starts[index]);
    let out = block.slice(offset);
    while (++index < this.blocks.length) {
      block = this.blocks[index];
      const blockEnd = this.starts[index] + block.length;
      if (to <= blockEnd) return out + block.slice(0, to - this.starts[index]);
      out += block;
    }
    return out;
  }

  charCodeAt(index: number): number {
    if (!(index >= 0 && index < this.length)) return NaN;
    let block = this.lastBlock;
    if (!(this.starts[block] <= index && index < this.starts[block] + this.blocks[block].length)) this.lastBlock = block = this.blockAt(index);
    return this.blocks[block].charCodeAt(index - this.starts[block]);
  }

  charAt(index: number): string {
    return index >= 0 && index < this.length ? this.slice(index, index + 1) : '';
  }

  endsWith(search: string): boolean {
    return search.length <= this.length && this.slice(this.length - search.length) === search;
  }

  indexOf(search: string, position = 0): number {
    const from = Math.min(Math.max(Math.trunc(position) || 0, 0), this.length);
    if (search.length === 0) return from;
    if (this.joined !== undefined) return this.joined.indexOf(search, from);
    let offset = from - this.starts[this.blockAt(from)];
    for (let index = this.blockAt(from); index < this.blocks.length; index++, offset = 0) {
      const block = this.blocks[index];
      const found = block.indexOf(search, offset);
      if (found >= 0) return this.starts[index] + found;
      // A match that starts here and ends in a later block starts after any match inside this one.
      if (search.length > 1 && index + 1 < this.blocks.length) {
        const tail = Math.max(offset, block.length - search.length + 1);
        const next = this.starts[index + 1];
        const across = (block.slice(tail) + this.slice(next, next + search.length - 1)).indexOf(search);
        if (across >= 0) return this.starts[index] + tail + across;
      }
    }
    return -1;
  }

  lastIndexOf(search: string, position = Infinity): number {
    const from = Number.isNaN(position) ? Infinity : Math.trunc(position);
    const last = Math.min(Math.max(from, 0), this.length - search.length);
    if (last < 0) return -1;
    if (search.length === 0) return last;
    if (this.joined !== undefined) return this.joined.lastIndexOf(search, last);
    for (let index = this.blockAt(last); index >= 0; index--) {
      const block = this.blocks[index];
      const start = this.starts[index];
      const limit = Math.min(last - start, block.length - 1);
      // Matches that start here and end in a later block start after any match inside this one.
      const across = Math.max(0, block.length - search.length + 1);
      if (search.length > 1 && across <= limit) {
        const found = this.slice(start + across, start + limit + search.length).lastIndexOf(search);
        if (found >= 0) return start + across + found;
      }
      const found = block.lastIndexOf(search, limit);
      if (found >= 0) return start + found;
    }
    return -1;
  }

  /**
   * Whether `search` occurs in the text. What each block holds is remembered for the texts
   * `replace` makes from this one, so after an edit only the rewritten blocks and the boundaries
   * between blocks are searched (a keystroke reads no whole text).
   */
  includes(search: string): boolean {
    if (search.length === 0) return true;
    let hits = this.blockHits.get(search);
    if (!hits) this.blockHits.set(search, (hits = new Uint8Array(this.blocks.length)));
    for (let index = 0; index < this.blocks.length; index++) {
      if (hits[index] === 0) hits[index] = this.blocks[index].includes(search) ? 1 : 2;
      if (hits[index] === 1) return true;
    }
    // A match across a boundary holds its first character before it and its last after it.
    for (let index = 1; index < this.blocks.length && search.length > 1; index++) {
      const boundary = this.starts[index];
      if (this.slice(boundary - search.length + 1, boundary + search.length - 1).includes(search)) return true;
    }
    return false;
  }

  toString(): string {
    this.joined ??= this.blocks.join('');
    return this.joined;
  }

  /** The block holding `index` (the last block for the end of the text). */
  private blockAt(index: number): number {
    return lastAtOrBefore(this.starts, index);
  }
}
