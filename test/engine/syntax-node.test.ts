// The facts walk reads light nodes (syntax-node.ts) instead of web-tree-sitter's own: every read
// it makes must answer what web-tree-sitter's node answers, on every node of real and odd code.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pythonFilesUnder } from '../helpers/python-files';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { createPythonParser, initPythonParser } from '../../server/src/engine/python/parser';
import { readsSubtrees, syntaxNodeOf, type SyntaxNode } from '../../server/src/engine/python/syntax-node';
import { ChunkedText } from '../../server/src/engine/source-text';
import { generatePipeline } from '../../bench/generate-pipeline';

const ODD = `def f(:
    x = [1, 2
    return f"{x!r:>{width}} \\N{BULLET}" 'b' rb"\\d"
class C(Base, metaclass=M):
    a: int = 1
    @property
    def g(self, *args, k=1, **kw) -> "T": ...
é = "ünïcode 😀" + """multi
line"""
with open(p) as a, open(q) as b: pass
try:
    pass
except (ValueError, TypeError) as e:
    raise RuntimeError() from e
finally:
    del a[0], b.c
lambda x: (yield)
match command.split():
    case [action, obj]: pass
print(*a, **k, sep='')
t1 >> [t2, t3] << t4
`;

/** Compares every read facts.ts makes, on `light` and `node` and all their descendants. */
function assertSameTree(light: SyntaxNode, node: Node, fields: readonly string[], where: string): void {
  const stack: Array<[SyntaxNode, Node]> = [[light, node]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const at = `${where} @${b.startIndex} ${b.type}`;
    assert.equal(a.type, b.type, at);
    assert.equal(a.startIndex, b.startIndex, at);
    assert.equal(a.endIndex, b.endIndex, at);
    assert.equal(a.text, b.text, at);
    assert.equal(a.hasError, b.hasError, at);
    assert.deepEqual(a.namedChildren.map((c) => c?.startIndex), b.namedChildren.map((c) => c?.startIndex), at);
    for (const field of fields) {
      assert.equal(a.childForFieldName(field)?.endIndex, b.childForFieldName(field)?.endIndex, `${at} .${field}`);
      assert.deepEqual(a.childrenForFieldName(field).map((c) => c?.type), b.childrenForFieldName(field).map((c) => c?.type), `${at} .${field}[]`);
    }
    const lightChildren = a.children;
    const children = b.children;
    assert.equal(lightChildren.length, children.length, at);
    for (let i = 0; i < children.length; i++) stack.push([lightChildren[i]!, children[i]!]);
  }
}

test('light nodes read what web-tree-sitter nodes read: types, offsets, text, errors, children, fields', async () => {
  const language = await initPythonParser();
  const fields = language.fields.filter((name): name is string => name !== null);
  const parser = createPythonParser();
  const examples = pythonFilesUnder(path.resolve(__dirname, '../../examples')).slice(0, 12);
  const sources: Array<[string, string]> = [['odd', ODD], ['generated', generatePipeline(400, 7, 'typical').text], ...examples.map((file): [string, string] => [file, readFileSync(file, 'utf8')])];
  try {
    for (const [name, source] of sources) {
      // The editor's text in blocks, read through the input callback, as the server parses it.
      for (const text of [source, ChunkedText.of(source)]) {
        const tree = parser.parse(typeof text === 'string' ? text : (index: number) => text.slice(index, index + 5119))!;
        const light = syntaxNodeOf(tree.rootNode, text);
        assert.notEqual(light, tree.rootNode, 'the runtime exports were found');
        assert.ok(readsSubtrees(), 'types and ends are read from the subtrees');
        assertSameTree(light, tree.rootNode, fields, name);
        tree.delete();
      }
    }
  } finally {
    parser.delete();
  }
});
