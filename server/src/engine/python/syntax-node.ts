// The part of a syntax node the facts walk reads, and a light implementation of it over
// web-tree-sitter's wasm exports. web-tree-sitter's own `Node` costs more than the wasm call behind
// it: each is a class instance with an indexed field and a position object, and each call copies
// the node into the transfer buffer through `setValue`'s type switch. A walk over a 10,000-line
// module makes ≈ 90,000 of them; these nodes are plain objects written straight into the heap.
// A node's type and end are read from its subtree in the wasm heap without a call (≈ 440,000 type
// and 140,000 end reads per such walk), once a sample parsed at start has shown the layout is the expected one.

import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { SourceText } from '../source-text';

/** What facts.ts reads of a node (web-tree-sitter's `Node` has all of it too). */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly text: string;
  readonly hasError: boolean;
  readonly children: Array<SyntaxNode | null>;
  readonly namedChildren: Array<SyntaxNode | null>;
  childForFieldName(fieldName: string): SyntaxNode | null;
  childrenForFieldName(fieldName: string): Array<SyntaxNode | null>;
}

/** The Emscripten module web-tree-sitter runs on: the object handed to `Parser.init` becomes it. */
export interface WasmBinding {
  HEAP32: Int32Array;
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAPU32: Uint32Array;
  _ts_init(): number;
  _free(address: number): void;
  _ts_node_symbol_wasm(tree: number): number;
  _ts_node_end_index_wasm(tree: number): number;
  _ts_node_has_error_wasm(tree: number): number;
  _ts_node_children_wasm(tree: number): void;
  _ts_node_named_children_wasm(tree: number): void;
  _ts_node_child_by_field_id_wasm(tree: number, fieldId: number): void;
  _ts_node_children_by_field_id_wasm(tree: number, fieldId: number): void;
}

const REQUIRED: Array<keyof WasmBinding> = [
  '_ts_init', '_free', '_ts_node_symbol_wasm', '_ts_node_end_index_wasm', '_ts_node_has_error_wasm', '_ts_node_children_wasm',
  '_ts_node_named_children_wasm', '_ts_node_child_by_field_id_wasm', '_ts_node_children_by_field_id_wasm',
];

/** A node in the transfer buffer is five 32-bit words: id, start (UTF-16 units), row, column, alias. */
const NODE_WORDS = 5;

let binding: WasmBinding | null = null;
let transferWord = 0;

/** Called once the runtime is initialised; without every export needed, `syntaxNodeOf` hands out web-tree-sitter's nodes. */
export function useWasmBinding(candidate: unknown): void {
  const module = candidate as Partial<WasmBinding> | null;
  if (!module || !(module.HEAP32 instanceof Int32Array) || !(module.HEAPU8 instanceof Uint8Array) || !(module.HEAPU16 instanceof Uint16Array) || !(module.HEAPU32 instanceof Uint32Array)) return;
  if (REQUIRED.some((name) => typeof module[name] !== 'function')) return;
  binding = module as WasmBinding;
  // ts_init returns the static transfer buffer's address (writing the two version words it held at start).
  transferWord = binding._ts_init() >> 2;
}

/**
 * Where a node's subtree keeps its symbol and size (tree-sitter's subtree.h for 32-bit
 * little-endian wasm): a subtree is 8 bytes, inline when its lowest bit is set (symbol in byte 1,
 * size in byte 7), else a pointer to its heap data (size in bytes at 16, symbol at 40).
 */
const INLINE_SYMBOL = 1;
const INLINE_SIZE = 7;
const HEAP_SIZE = 16;
const HEAP_SYMBOL = 40;

/** Whether the heap layout above was confirmed against the runtime's own answers (`confirmSubtreeLayout`). */
let subtreeReads = false;

/** By language: the node type of each internal symbol (alias or subtree symbol), learned from the runtime's answer once each. */
const typesByInternalSymbol = new WeakMap<object, Array<string | undefined>>();

/** One parsed tree as the light nodes read it. */
class TreeView {
  readonly address: number;
  readonly types: readonly string[];
  readonly typeOfInternal: Array<string | undefined>;
  private readonly fieldIds = new Map<string, number>();

  constructor(tree: Tree, readonly text: SourceText) {
    this.address = (tree as unknown as { 0: number })[0];
    this.types = (tree.language as unknown as { types: string[] }).types;
    let learned = typesByInternalSymbol.get(tree.language);
    if (!learned) typesByInternalSymbol.set(tree.language, (learned = []));
    this.typeOfInternal = learned;
    const fields = (tree.language as unknown as { fields: Array<string | null> }).fields;
    fields.forEach((name, id) => {
      if (name !== null) this.fieldIds.set(name, id);
    });
  }

  fieldId(name: string): number {
    return this.fieldIds.get(name) ?? -1;
  }

  /** The node the last call left at word `at` of the heap, or null (id 0). */
  nodeAt(heap: Int32Array, at: number): LightNode | null {
    const id = heap[at];
    if (id === 0) return null;
    return new LightNode(this, id, heap[at + 1], heap[at + 2], heap[at + 3], heap[at + 4]);
  }

  /** The list a children call left (count and buffer address in the transfer buffer); frees the buffer. */
  nodeList(wasm: WasmBinding): LightNode[] {
    const heap = wasm.HEAP32;
    const count = heap[transferWord];
    const buffer = heap[transferWord + 1];
    const nodes = new Array<LightNode>(count);
    if (count === 0) return nodes;
    for (let i = 0, at = buffer >> 2; i < count; i++, at += NODE_WORDS) nodes[i] = this.nodeAt(heap, at)!;
    wasm._free(buffer);
    return nodes;
  }
}

class LightNode implements SyntaxNode {
  private cachedType: string | undefined = undefined;
  private cachedEnd = -1;
  private cachedChildren: LightNode[] | undefined = undefined;
  private cachedNamedChildren: LightNode[] | undefined = undefined;

  constructor(
    private readonly view: TreeView,
    private readonly id: number,
    readonly startIndex: number,
    private readonly row: number,
    private readonly column: number,
    readonly alias: number,
  ) {}

  /** Writes this node into the transfer buffer for the next call; the heap may have grown since the last. */
  private marshal(): WasmBinding {
    const wasm = binding!;
    const heap = wasm.HEAP32;
    const at = transferWord;
    heap[at] = this.id;
    heap[at + 1] = this.startIndex;
    heap[at + 2] = this.row;
    heap[at + 3] = this.column;
    heap[at + 4] = this.alias;
    return wasm;
  }

  get type(): string {
    if (this.cachedType === undefined) {
      if (!subtreeReads) this.cachedType = this.typeFromRuntime();
      else {
        // The public symbol is a function of the internal one (the grammar's symbol map): asked once per symbol.
        const internal = this.alias || this.subtreeSymbol();
        this.cachedType = this.view.typeOfInternal[internal] ??= this.typeFromRuntime();
      }
    }
    return this.cachedType;
  }

  get endIndex(): number {
    if (this.cachedEnd < 0) this.cachedEnd = subtreeReads ? this.startIndex + (this.subtreeSizeBytes() >>> 1) : this.endFromRuntime();
    return this.cachedEnd;
  }

  typeFromRuntime(): string {
    return this.view.types[this.marshal()._ts_node_symbol_wasm(this.view.address)] || 'ERROR';
  }

  endFromRuntime(): number {
    return this.marshal()._ts_node_end_index_wasm(this.view.address);
  }

  subtreeSymbol(): number {
    const wasm = binding!;
    const bytes = wasm.HEAPU8;
    if (bytes[this.id] & 1) return bytes[this.id + INLINE_SYMBOL];
    return wasm.HEAPU16[(wasm.HEAPU32[this.id >>> 2] + HEAP_SYMBOL) >>> 1];
  }

  /** The size in bytes (two per UTF-16 unit), padding excluded. */
  subtreeSizeBytes(): number {
    const wasm = binding!;
    const bytes = wasm.HEAPU8;
    if (bytes[this.id] & 1) return bytes[this.id + INLINE_SIZE];
    return wasm.HEAPU32[(wasm.HEAPU32[this.id >>> 2] + HEAP_SIZE) >>> 2];
  }

  get text(): string {
    return this.view.text.slice(this.startIndex, this.endIndex);
  }

  get hasError(): boolean {
    return this.marshal()._ts_node_has_error_wasm(this.view.address) === 1;
  }

  get children(): LightNode[] {
    if (!this.cachedChildren) {
      const wasm = this.marshal();
      wasm._ts_node_children_wasm(this.view.address);
      this.cachedChildren = this.view.nodeList(wasm);
    }
    return this.cachedChildren;
  }

  get namedChildren(): LightNode[] {
    if (!this.cachedNamedChildren) {
      const wasm = this.marshal();
      wasm._ts_node_named_children_wasm(this.view.address);
      this.cachedNamedChildren = this.view.nodeList(wasm);
    }
    return this.cachedNamedChildren;
  }

  childForFieldName(fieldName: string): LightNode | null {
    const fieldId = this.view.fieldId(fieldName);
    if (fieldId < 0) return null;
    const wasm = this.marshal();
    wasm._ts_node_child_by_field_id_wasm(this.view.address, fieldId);
    return this.view.nodeAt(wasm.HEAP32, transferWord);
  }

  childrenForFieldName(fieldName: string): LightNode[] {
    const fieldId = this.view.fieldId(fieldName);
    if (fieldId <= 0) return [];
    const wasm = this.marshal();
    wasm._ts_node_children_by_field_id_wasm(this.view.address, fieldId);
    return this.view.nodeList(wasm);
  }
}

/**
 * Code whose tree holds every kind of subtree: inline leaves, heap leaves (a name over 255 bytes, a
 * long string), nodes with children, aliased nodes, errors and a missing token, non-ASCII text.
 */
const LAYOUT_SAMPLE = `import os, pandas as pd
from .x import (a as b)
${'n'.repeat(300)} = f"{os.environ['K']!r:>{w}} é 😀" + r'\\d' + """long ${'s'.repeat(300)}"""
@dec(1, k=[2, 3.5], **kw)
async def f(self, *a, b: int = None) -> "T":
    with open(p) as h, g() as (x, y):
        try:
            yield from h
        except (E, F) as e:
            raise G() from e
    match c:
        case [1, *r] | {"k": v}: pass
    return lambda q: q[1:2, ...] if q is not None else -q
class C(B, metaclass=M): x: int = 1
print(a >> b << [c, d]
def broken(:
    pass
`;

/**
 * Parses a sample with `parser` and compares the subtree reads with the runtime's answers on every
 * node: only a layout that matches everywhere is read (another runtime build leaves every read to the runtime).
 */
export function confirmSubtreeLayout(parser: Parser): void {
  if (!binding) return;
  const tree = parser.parse(LAYOUT_SAMPLE);
  if (!tree) return;
  try {
    subtreeReads = layoutMatches(lightNode(new TreeView(tree, LAYOUT_SAMPLE), tree.rootNode));
  } finally {
    tree.delete();
  }
}

function layoutMatches(root: LightNode): boolean {
  const seen = new Map<number, string>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const type = node.typeFromRuntime();
    const internal = node.alias || node.subtreeSymbol();
    if (seen.has(internal) && seen.get(internal) !== type) return false;
    seen.set(internal, type);
    if (node.startIndex + (node.subtreeSizeBytes() >>> 1) !== node.endFromRuntime()) return false;
    stack.push(...node.children);
  }
  return true;
}

/** Views already made, per tree: a full parse's statements share one. */
const views = new WeakMap<Tree, TreeView>();

/**
 * `node` as a light node reading `text` (the text its tree was parsed from), or `node` itself when
 * the runtime's exports were not found.
 */
export function syntaxNodeOf(node: Node, text: SourceText): SyntaxNode {
  if (!binding) return node;
  let view = views.get(node.tree);
  if (!view || view.text !== text) views.set(node.tree, (view = new TreeView(node.tree, text)));
  return lightNode(view, node);
}

function lightNode(view: TreeView, node: Node): LightNode {
  return new LightNode(view, node.id, node.startIndex, node.startPosition.row, node.startPosition.column, (node as unknown as { 0: number })[0]);
}

/** Whether types and ends are read from the subtrees (the layout was confirmed), for the tests. */
export function readsSubtrees(): boolean {
  return subtreeReads;
}
