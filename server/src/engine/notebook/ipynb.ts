// Jupyter notebooks (nbformat 4): the cells with their source and where that source sits in the
// file, the stored outputs' text (a secret printed in an output is in the repository too), and
// the rewrite of edited cells that keeps every other byte of the file.

import { JsonRangeError, parseJsonWithRanges, type JsonNode } from './json-ranges';

export type CellKind = 'code' | 'markdown' | 'raw';

export interface NotebookCell {
  /** Position in the notebook's `cells` array (what users call "cell N" is index + 1). */
  index: number;
  kind: CellKind;
  source: string;
  /** The source value's range in the file (a JSON string or an array of line strings). */
  sourceNode: JsonNode | null;
  /** Text of the stored outputs: stream text, `text/plain` results and error messages. */
  outputs: string[];
}

export interface Notebook {
  cells: NotebookCell[];
  /** The kernel's language (`python` unless the metadata says otherwise). */
  language: string;
}

export class NotebookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotebookError';
  }
}

function joinSource(node: JsonNode | undefined): string {
  if (!node) return '';
  if (typeof node.value === 'string') return node.value;
  if (Array.isArray(node.value)) return node.value.map((line) => (typeof line === 'string' ? line : '')).join('');
  return '';
}

function outputTexts(node: JsonNode | undefined): string[] {
  if (!node || !Array.isArray(node.value)) return [];
  const out: string[] = [];
  for (const output of node.value) {
    if (!output || typeof output !== 'object' || Array.isArray(output)) continue;
    const text = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) ? value.filter((v) => typeof v === 'string').join('') : '');
    if (output.text !== undefined) out.push(text(output.text));
    const data = output.data;
    if (data && typeof data === 'object' && !Array.isArray(data) && data['text/plain'] !== undefined) out.push(text(data['text/plain']));
    if (typeof output.evalue === 'string') out.push(output.evalue);
  }
  return out.filter((t) => t.length > 0);
}

export function parseNotebook(text: string): Notebook {
  let root: JsonNode;
  try {
    root = parseJsonWithRanges(text);
  } catch (error) {
    if (error instanceof JsonRangeError) throw new NotebookError(`not a valid notebook: ${error.message} at offset ${error.offset}`);
    throw error;
  }
  const cellsNode = root.members?.get('cells');
  if (!cellsNode?.items) throw new NotebookError('not a notebook: no "cells" list');
  const metadata = root.members?.get('metadata')?.value;
  const languageInfo = metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata.language_info : undefined;
  const language = languageInfo && typeof languageInfo === 'object' && !Array.isArray(languageInfo) && typeof languageInfo.name === 'string' ? languageInfo.name : 'python';
  const cells = cellsNode.items.map((cell, index): NotebookCell => {
    const type = cell.members?.get('cell_type')?.value;
    const sourceNode = cell.members?.get('source') ?? null;
    return {
      index,
      kind: type === 'code' || type === 'markdown' ? type : 'raw',
      source: joinSource(sourceNode ?? undefined),
      sourceNode,
      outputs: outputTexts(cell.members?.get('outputs')),
    };
  });
  return { cells, language };
}

/** nbformat stores multi-line sources as a list of lines, each but the last ending in "\n". */
function sourceLines(source: string): string[] {
  const lines = source.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

/** The indentation of the line `offset` is on. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * The notebook text with the sources of some cells replaced, everything else byte for byte: a
 * source written as a list of lines stays a list, laid out like the original (one line per item,
 * the original indentation); a source written as one string stays one string.
 */
export function replaceCellSources(text: string, notebook: Notebook, sources: ReadonlyMap<number, string>): string {
  const edits: Array<{ start: number; end: number; newText: string }> = [];
  for (const [index, source] of sources) {
    const cell = notebook.cells[index];
    if (!cell?.sourceNode || cell.source === source) continue;
    const node = cell.sourceNode;
    let newText: string;
    if (typeof node.value === 'string') {
      newText = JSON.stringify(source);
    } else {
      const lines = sourceLines(source).map((line) => JSON.stringify(line));
      const first = node.items?.[0];
      if (!first || lines.length === 0) {
        newText = `[${lines.join(', ')}]`;
      } else {
        const between = text.slice(node.start + 1, first.start);
        const multiline = between.includes('\n');
        const itemIndent = indentAt(text, first.start);
        const closeIndent = indentAt(text, node.end - 1);
        newText = multiline ? `[\n${lines.map((l) => itemIndent + l).join(',\n')}\n${closeIndent}]` : `[${lines.join(', ')}]`;
      }
    }
    edits.push({ start: node.start, end: node.end, newText });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}
