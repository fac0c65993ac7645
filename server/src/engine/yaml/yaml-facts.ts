// YAML documents parsed with the `yaml` package: every scalar with its key path and source range.
// Aliases are never expanded here (visiting the syntax tree does not resolve them), and any
// conversion to plain data is bounded by MAX_ALIAS_COUNT, so an alias bomb cannot hang the server.

import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Scalar } from 'yaml';

export const MAX_ALIAS_COUNT = 100;
/**
 * The `yaml` package composes and visits recursively: about 1,000 levels exhaust the stack. Text
 * that may nest deeper than this is not parsed at all (`tooDeep`); real configurations nest a dozen.
 */
export const MAX_YAML_DEPTH = 250;

export interface YamlScalarFact {
  /** Keys from the document root down to this scalar (sequence indexes as numbers). */
  path: Array<string | number>;
  /** The key this scalar is the value of, or null (sequence item, root scalar, or a key itself). */
  key: string | null;
  isKey: boolean;
  value: string;
  /** Source range of the whole scalar, quotes included. */
  start: number;
  end: number;
  style: 'plain' | 'double' | 'single' | 'block';
}

export interface YamlFacts {
  documents: Document.Parsed[];
  scalars: YamlScalarFact[];
  errors: Array<{ message: string; start: number; end: number }>;
  lineCounter: LineCounter;
  /** The text nests deeper than MAX_YAML_DEPTH: nothing was analysed. */
  tooDeep: boolean;
}

const STYLES: Record<string, YamlScalarFact['style']> = {
  PLAIN: 'plain',
  QUOTE_DOUBLE: 'double',
  QUOTE_SINGLE: 'single',
  BLOCK_LITERAL: 'block',
  BLOCK_FOLDED: 'block',
};

export function parseYamlFacts(text: string): YamlFacts {
  if (estimateYamlDepth(text) > MAX_YAML_DEPTH) return tooDeepFacts();
  try {
    return parseWithinDepth(text);
  } catch (error) {
    // The estimate is an upper bound for what it knows; this catches what it does not.
    if (error instanceof RangeError) return tooDeepFacts();
    throw error;
  }
}

function tooDeepFacts(): YamlFacts {
  return { documents: [], scalars: [], errors: [], lineCounter: new LineCounter(), tooDeep: true };
}

function parseWithinDepth(text: string): YamlFacts {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: false });
  const docs = Array.isArray(documents) ? documents : [];
  const scalars: YamlScalarFact[] = [];
  const errors: YamlFacts['errors'] = [];
  for (const doc of docs) {
    for (const error of doc.errors) errors.push({ message: error.message, start: error.pos[0], end: error.pos[1] });
    const indexes = new SequenceIndexes();
    visit(doc, {
      Scalar(key, node, ancestors) {
        const fact = scalarFact(key, node, ancestors, indexes);
        if (fact) scalars.push(fact);
      },
    });
  }
  return { documents: docs, scalars, errors, lineCounter, tooDeep: false };
}

/**
 * An upper bound of how deeply the text nests, in one pass: open indentation levels, `- `
 * sequence entries starting a line, and open flow brackets outside quotes and comments. Block
 * scalars (`|`, `>`) are skipped: their content is text.
 */
export function estimateYamlDepth(text: string): number {
  const indents: number[] = [];
  let deepest = 0;
  let flow = 0;
  let blockScalarIndent = -1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let column = 0;
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) {
      i++;
      column++;
    }
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = n;
    const first = text[i];
    const blank = i >= lineEnd || first === '\r' || first === '#';
    if (blank || (blockScalarIndent >= 0 && column > blockScalarIndent)) {
      i = lineEnd + 1;
      continue;
    }
    blockScalarIndent = -1;
    if (flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1] >= column) indents.pop();
      indents.push(column);
    }
    let depth = indents.length + flow;
    let quote = '';
    let lastSignificant = '';
    for (let j = i; j < lineEnd; j++) {
      const c = text[j];
      if (quote) {
        if (c === '\\' && quote === '"') j++;
        else if (c === quote) quote = '';
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (j === i || text[j - 1] === ' ' || text[j - 1] === '\t')) break;
      else if (c === '[' || c === '{') depth = Math.max(depth, indents.length + ++flow);
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      else if (c === '-' && (j === i || text[j - 1] === ' ') && (text[j + 1] === ' ' || j + 1 === lineEnd)) depth++;
      if (c !== ' ' && c !== '\t' && c !== '\r') lastSignificant = c;
    }
    deepest = Math.max(deepest, depth);
    if (flow === 0 && (lastSignificant === '|' || lastSignificant === '>' || /[|>][-+0-9]*\s*(#.*)?\r?$/.test(text.slice(Math.max(i, lineEnd - 40), lineEnd)))) blockScalarIndent = column;
    i = lineEnd + 1;
  }
  return deepest;
}

/** Item positions in sequences, indexed once per sequence: `indexOf` per scalar is quadratic in a 10,000-step list. */
class SequenceIndexes {
  private readonly bySequence = new Map<unknown, Map<unknown, number>>();

  indexOf(sequence: { items: unknown[] }, item: unknown): number {
    let positions = this.bySequence.get(sequence);
    if (!positions) {
      positions = new Map();
      sequence.items.forEach((entry, i) => {
        if (!positions!.has(entry)) positions!.set(entry, i);
      });
      this.bySequence.set(sequence, positions);
    }
    return positions.get(item) ?? -1;
  }
}

function scalarFact(key: number | 'key' | 'value' | null, node: Scalar, ancestors: readonly unknown[], indexes: SequenceIndexes): YamlScalarFact | null {
  if (!node.range) return null;
  const path: Array<string | number> = [];
  for (let i = 0; i < ancestors.length; i++) {
    const ancestor = ancestors[i];
    if (isPair(ancestor) && isScalar(ancestor.key)) path.push(String(ancestor.key.value));
    else if (isSeq(ancestor)) {
      const child = ancestors[i + 1] ?? node;
      path.push(indexes.indexOf(ancestor, child));
    }
  }
  const parent = ancestors[ancestors.length - 1];
  const isKey = key === 'key';
  const pairKey = !isKey && isPair(parent) && isScalar(parent.key) ? String(parent.key.value) : null;
  if (isKey) path.pop();
  return {
    path,
    key: pairKey,
    isKey,
    value: node.value === null || node.value === undefined ? '' : String(node.value),
    start: node.range[0],
    end: node.range[1],
    style: STYLES[node.type ?? 'PLAIN'] ?? 'plain',
  };
}

/** Plain data of a document, with alias expansion bounded. Throws on alias bombs. */
export function yamlToData(doc: Document.Parsed): unknown {
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

export { isMap, isSeq };
