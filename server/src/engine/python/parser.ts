// Loads web-tree-sitter and the Python grammar once. The wasm files sit beside the bundle in
// dist/; when running from source (tests, benchmarks) they are resolved from node_modules.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { Language, Node, Parser } from 'web-tree-sitter';
import { confirmSubtreeLayout, useWasmBinding } from './syntax-node';

let ready: Promise<Language> | undefined;
let python: Language | undefined;

function locateWasm(fileName: string, packagePath: string): string {
  const besideBundle = path.join(__dirname, fileName);
  if (existsSync(besideBundle)) return besideBundle;
  return require.resolve(packagePath);
}

/**
 * `Node.type` crosses into wasm (marshalling the node) on every read, and the facts walk reads a
 * node's type several times; a node's type never changes, so it is read once per node object.
 */
function memoizeNodeType(): void {
  const descriptor = Object.getOwnPropertyDescriptor(Node.prototype, 'type');
  const read = descriptor?.get;
  if (!read || (read as { memoized?: boolean }).memoized) return;
  const memoized = function (this: Node & { cachedType?: string }): string {
    return (this.cachedType ??= read.call(this) as string);
  };
  Object.defineProperty(memoized, 'memoized', { value: true });
  Object.defineProperty(Node.prototype, 'type', { ...descriptor, get: memoized });
}

/** Initialises the parser runtime and the Python grammar; safe to call many times. */
export function initPythonParser(): Promise<Language> {
  ready ??= (async () => {
    memoizeNodeType();
    const runtime = { locateFile: () => locateWasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm') };
    await Parser.init(runtime);
    // The options object is the Emscripten module itself from here on: the facts walk calls its exports.
    useWasmBinding(runtime);
    python = await Language.load(locateWasm('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    const parser = createPythonParser();
    try {
      confirmSubtreeLayout(parser);
    } finally {
      parser.delete();
    }
    return python;
  })();
  return ready;
}

/** A new parser for Python; `initPythonParser()` must have resolved first. */
export function createPythonParser(): Parser {
  if (!python) throw new Error('initPythonParser() must complete before parsing Python');
  const parser = new Parser();
  parser.setLanguage(python);
  return parser;
}
