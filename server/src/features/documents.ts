// Open documents with incremental text sync. Each Python document keeps its own PythonSource: every
// LSP change is recorded on its tree before the text changes, and the next analysis re-parses
// incrementally. Analysis is lazy, so debounced keystrokes cost one re-parse, not one each.

import type { DidChangeTextDocumentParams, DidOpenTextDocumentParams, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { analyzeNonPython, createDocumentFacts, detectDialect, type DocumentFacts } from '../engine/document';
import { databricksSource, isDatabricksNotebook } from '../engine/notebook/databricks';
import { PythonSource } from '../engine/python/python-source';
import type { SourceText } from '../engine/source-text';
import { diffEdit } from '../engine/python/text-diff-edit';
import { formatBytes } from '../engine/limited-read';
import { describeLimit, maxBytesForDialect } from '../engine/size-limits';
import type { Dialect } from '../engine/types';
import { DEFAULT_ANALYSIS_STATE_LIMITS, type AnalysisStateLimits } from './client-settings';
import { LiveTextDocument } from './live-text-document';
import type { Logger } from './logger';
import { treeEditOf } from './tree-edit';
import { filePathOf } from './workspace-folders';

/** Why a text is not analysed (too large for its dialect, binary), or null. */
export function skipReasonOf(text: string, dialect: Dialect | null, bytes?: number): string | null {
  return sizeReasonOf(text, dialect, bytes) ?? (text.includes('\u0000') ? 'binary content (NUL bytes)' : null);
}

function sizeReasonOf(text: SourceText, dialect: Dialect | null, bytes = utf8Length(text, dialect)): string | null {
  const limit = maxBytesForDialect(dialect);
  return bytes > limit ? `${formatBytes(bytes)} is over ${describeLimit(dialect)}` : null;
}

/** The text's UTF-8 length, or a lower bound when that is already known to be within the dialect's limit. */
function utf8Length(text: SourceText, dialect: Dialect | null): number {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short texts need no byte count.
  return text.length * 3 > maxBytesForDialect(dialect) ? Buffer.byteLength(text.toString(), 'utf8') : text.length;
}

/**
 * Why the text is skipped after `changes`: the whole text is scanned for NUL bytes only when it
 * was skipped before, was replaced whole, or a change inserts one; otherwise no keystroke scans it
 * (its UTF-8 length is kept up to date from the changes).
 */
function skipReasonAfter(text: LiveTextDocument, dialect: Dialect, bytes: number, before: string | null, changes: readonly TextDocumentContentChangeEvent[]): string | null {
  if (before || changes.some((change) => !('range' in change) || change.text.includes('\u0000'))) return skipReasonOf(text.getText(), dialect, bytes);
  return sizeReasonOf(text.source, dialect, bytes);
}

const isSurrogate = (code: number) => code >= 0xd800 && code <= 0xdfff;

/**
 * How many UTF-8 bytes replacing `range` with `text` adds (counting the whole text on every
 * keystroke would read all of it), or null when an end of the change touches a surrogate (a pair
 * may be split or joined, so only a recount is exact).
 */
function utf8Delta(doc: LiveTextDocument, range: Range, text: string): number | null {
  const [start, end] = [doc.offsetAt(range.start), doc.offsetAt(range.end)].sort((a, b) => a - b);
  const whole = doc.source;
  const replaced = whole.slice(start, end);
  const ends = [whole.charCodeAt(start - 1), whole.charCodeAt(end), replaced.charCodeAt(0), replaced.charCodeAt(replaced.length - 1), text.charCodeAt(0), text.charCodeAt(text.length - 1)];
  if (ends.some(isSurrogate)) return null;
  return Buffer.byteLength(text, 'utf8') - Buffer.byteLength(replaced, 'utf8');
}

/**
 * YAML and config files larger than this are analysed when opened and saved, not on every
 * keystroke: they are parsed whole, so each edit would cost time proportional to the file.
 */
export const ANALYSE_ON_SAVE_BYTES = 256 * 1024;

/** Whether edits to the document wait for a save before it is analysed again (see ANALYSE_ON_SAVE_BYTES). */
export function analysedOnSaveOnly(doc: OpenDocument): boolean {
  return doc.dialect !== 'python' && doc.text.source.length > ANALYSE_ON_SAVE_BYTES;
}

export class OpenDocument {
  private source: PythonSource | null = null;
  /**
   * A Databricks source notebook is parsed as its analysis text (SQL cells made readable, as the
   * CLI reads it): the tree is then brought to each new analysis text by their difference, not by
   * the client's edits. `analysed` is the text the tree was last updated to.
   */
  private databricks = false;
  private analysed: SourceText | null = null;
  private cached: { version: number; facts: DocumentFacts } | null = null;
  private evicted = false;
  skipReason: string | null;
  /** The text's length in UTF-8 bytes (what the size limits count), kept current by applyChanges. */
  utf8Bytes: number;

  constructor(
    readonly uri: string,
    readonly filePath: string,
    readonly dialect: Dialect,
    readonly text: LiveTextDocument,
  ) {
    this.utf8Bytes = Buffer.byteLength(text.getText(), 'utf8');
    this.skipReason = skipReasonOf(text.getText(), dialect, this.utf8Bytes);
  }

  get version(): number {
    return this.text.version;
  }

  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    // Checked before applying any, so that a malformed notification leaves the document intact.
    if (changes.some((change) => typeof change.text !== 'string')) throw new Error(`malformed change to ${this.uri}: no text`);
    for (const change of changes) {
      if ('range' in change) {
        if (!this.databricks) this.source?.edit(treeEditOf(this.text, change.range, change.text));
        const delta = utf8Delta(this.text, change.range, change.text);
        this.text.update([change], version);
        this.utf8Bytes = delta === null ? Buffer.byteLength(this.text.getText(), 'utf8') : this.utf8Bytes + delta;
      } else {
        this.resetSource();
        this.text.update([change], version);
        this.utf8Bytes = Buffer.byteLength(change.text, 'utf8');
      }
    }
    if (changes.length === 0) this.text.update([], version);
    this.skipReason = skipReasonAfter(this.text, this.dialect, this.utf8Bytes, this.skipReason, changes);
    if (this.skipReason) this.resetSource();
  }

  /** The facts of the current text (cached per version); null when the document is skipped. */
  facts(): DocumentFacts | null {
    if (this.skipReason) return null;
    if (this.cached?.version === this.version) return this.cached.facts;
    const facts = this.dialect === 'python' ? this.analyzePython(this.text.source) : analyzeNonPython(this.filePath, this.dialect, this.text.getText());
    this.cached = { version: this.version, facts };
    return facts;
  }

  /** The facts of the current text if they were computed already (nothing is parsed). */
  analysedFacts(): DocumentFacts | null {
    return !this.skipReason && this.cached?.version === this.version ? this.cached.facts : null;
  }

  dispose(): void {
    this.resetSource();
  }

  /** Whether the document holds analysis state (a tree, facts): false once evicted, until analysed again. */
  get hasAnalysisState(): boolean {
    return this.source !== null || this.cached !== null;
  }

  /**
   * Drops the tree, the facts and everything cached on them (the rules' answers, the incremental
   * lint's bookkeeping), keeping the text: the next `facts()` parses it afresh.
   */
  evict(): void {
    this.resetSource();
    this.evicted = true;
  }

  /** Whether the analysis state was dropped (evict) and not rebuilt since; false for a document not analysed yet. */
  get isEvicted(): boolean {
    return this.evicted && this.cached === null;
  }

  private analyzePython(text: SourceText): DocumentFacts {
    const notebook = isDatabricksNotebook(text) ? databricksSource(text.toString()) : null;
    const analysed = notebook ? notebook.analysisText : text;
    if (this.source && this.analysed !== null && (this.databricks || notebook)) {
      // The tree holds `analysed` (Databricks: the client's edits were not applied) or, with the
      // client's edits, the new text: either way one diff brings it to the new analysis text.
      const edit = diffEdit((this.databricks ? this.analysed : text).toString(), analysed.toString());
      if (edit) this.source.edit(edit);
    }
    this.databricks = notebook !== null;
    this.source ??= new PythonSource();
    try {
      const python = this.source.update(analysed);
      this.analysed = analysed;
      return createDocumentFacts(this.filePath, 'python', analysed, { python, ...(notebook ? { databricks: notebook.facts } : {}) });
    } catch (error) {
      // A failed parse leaves the tree unusable for later incremental edits: start afresh.
      this.resetSource();
      throw error;
    }
  }

  private resetSource(): void {
    this.source?.dispose();
    this.source = null;
    this.cached = null;
    this.analysed = null;
    this.databricks = false;
  }
}

type Listener = (doc: OpenDocument) => void;

export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();
  /** Open documents, least recently opened, edited or asked about first. */
  private readonly recent = new Set<OpenDocument>();
  private limits: AnalysisStateLimits = DEFAULT_ANALYSIS_STATE_LIMITS;
  private readonly openListeners: Listener[] = [];
  private readonly changeListeners: Listener[] = [];
  private readonly closeListeners: Listener[] = [];
  private readonly saveListeners: Listener[] = [];
  private readonly evictListeners: Listener[] = [];

  constructor(private readonly logger: Logger) {}

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }

  onDidOpen(listener: Listener): void {
    this.openListeners.push(listener);
  }

  onDidChange(listener: Listener): void {
    this.changeListeners.push(listener);
  }

  onDidClose(listener: Listener): void {
    this.closeListeners.push(listener);
  }

  onDidSave(listener: Listener): void {
    this.saveListeners.push(listener);
  }

  /** Called before a document's analysis state is dropped (its facts can still be read). */
  onWillEvict(listener: Listener): void {
    this.evictListeners.push(listener);
  }

  setLimits(limits: AnalysisStateLimits): void {
    this.limits = limits;
    this.evictBeyondLimits();
  }

  /**
   * Marks the document as the most recently used (a hover, a code action, a pull: it is likely
   * visible); documents beyond the limits lose their analysis state.
   */
  touch(doc: OpenDocument): void {
    if (this.docs.get(doc.uri) !== doc) return;
    this.recent.delete(doc);
    this.recent.add(doc);
    this.evictBeyondLimits();
  }

  save(uri: string): void {
    const doc = this.docs.get(uri);
    if (doc) for (const listener of this.saveListeners) listener(doc);
  }

  open(params: DidOpenTextDocumentParams): void {
    const { uri, languageId, version, text } = params.textDocument;
    this.close(uri);
    const filePath = filePathOf(uri);
    const dialect = detectDialect(filePath, languageId);
    if (!dialect) return;
    const doc = new OpenDocument(uri, filePath, dialect, new LiveTextDocument(uri, languageId, version, text));
    this.docs.set(uri, doc);
    this.touch(doc);
    this.logSkip(doc, null);
    for (const listener of this.openListeners) listener(doc);
  }

  change(params: DidChangeTextDocumentParams): void {
    const doc = this.docs.get(params.textDocument.uri);
    if (!doc) return;
    const wasSkipped = doc.skipReason;
    doc.applyChanges(params.contentChanges, params.textDocument.version);
    this.touch(doc);
    this.logSkip(doc, wasSkipped);
    for (const listener of this.changeListeners) listener(doc);
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    this.docs.delete(uri);
    this.recent.delete(doc);
    doc.dispose();
    for (const listener of this.closeListeners) listener(doc);
  }

  dispose(): void {
    for (const doc of this.docs.values()) doc.dispose();
    this.docs.clear();
    this.recent.clear();
  }

  /**
   * Drops the analysis state of the least recently used documents beyond the limits (also after a
   * lint that analysed such a document again, e.g. for a workspace change).
   */
  evictBeyondLimits(): void {
    const newestFirst = [...this.recent].reverse();
    let kept = 0;
    let chars = 0;
    for (const doc of newestFirst) {
      chars += doc.text.source.length;
      if (kept === 0 || (kept < this.limits.documents && chars <= this.limits.textChars)) {
        kept++;
        continue;
      }
      if (!doc.hasAnalysisState) continue;
      for (const listener of this.evictListeners) listener(doc);
      doc.evict();
    }
  }

  /** One line when a document starts being skipped, not one per keystroke. */
  private logSkip(doc: OpenDocument, before: string | null): void {
    if (doc.skipReason && doc.skipReason !== before) this.logger.info(`skipped ${doc.filePath}: ${doc.skipReason}`);
  }
}
