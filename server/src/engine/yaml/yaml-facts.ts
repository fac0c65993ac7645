// YAML documents parsed with the `yaml` package: every scalar with its key path and source range.
// Aliases are never expanded here (visiting the syntax tree does not resolve them), and any
// conversion to plain data is bounded by MAX_ALIAS_COUNT, so an alias bomb cannot hang the server.

import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Scalar } from 'yaml';

export const MAX_ALIAS_COUNT = 100;

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
}

const STYLES: Record<string, YamlScalarFact['style']> = {
  PLAIN: 'plain',
  QUOTE_DOUBLE: 'double',
  QUOTE_SINGLE: 'single',
  BLOCK_LITERAL: 'block',
  BLOCK_FOLDED: 'block',
};

export function parseYamlFacts(text: string): YamlFacts {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, keepSourceTokens: true, uniqueKeys: false, prettyErrors: false, strict: false });
  const docs = Array.isArray(documents) ? documents : [];
  const scalars: YamlScalarFact[] = [];
  const errors: YamlFacts['errors'] = [];
  for (const doc of docs) {
    for (const error of doc.errors) errors.push({ message: error.message, start: error.pos[0], end: error.pos[1] });
    visit(doc, {
      Scalar(key, node, ancestors) {
        const fact = scalarFact(key, node, ancestors);
        if (fact) scalars.push(fact);
      },
    });
  }
  return { documents: docs, scalars, errors, lineCounter };
}

function scalarFact(key: number | 'key' | 'value' | null, node: Scalar, ancestors: readonly unknown[]): YamlScalarFact | null {
  if (!node.range) return null;
  const path: Array<string | number> = [];
  for (let i = 0; i < ancestors.length; i++) {
    const ancestor = ancestors[i];
    if (isPair(ancestor) && isScalar(ancestor.key)) path.push(String(ancestor.key.value));
    else if (isSeq(ancestor)) {
      const child = ancestors[i + 1] ?? node;
      path.push(ancestor.items.indexOf(child as never));
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
