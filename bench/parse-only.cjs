// The parse-only floor of `pipewise check`: a whole process that lists a folder's Python files the
// way a linter must (sorted, skipping the folders the CLI skips), reads each and parses it with
// the same web-tree-sitter and grammar (dist/'s wasm files), and does nothing else: no facts, no
// rules, no report. `node bench/parse-only.cjs DIR` prints the file, line and error counts.
// Plain CommonJS, so its time is Node's start plus the parse, as a linter's floor would be.

const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');
const { Parser, Language } = require('web-tree-sitter');

const SKIPPED = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pipewise_cache']);
const dist = path.join(__dirname, '..', 'dist');

function pythonFiles(dir, out = []) {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED.has(entry.name)) pythonFiles(full, out);
    else if (entry.isFile() && entry.name.endsWith('.py')) out.push(full);
  }
  return out;
}

async function main() {
  await Parser.init({ locateFile: () => path.join(dist, 'web-tree-sitter.wasm') });
  const parser = new Parser();
  parser.setLanguage(await Language.load(path.join(dist, 'tree-sitter-python.wasm')));
  let lines = 0;
  let errors = 0;
  const files = pythonFiles(path.resolve(process.argv[2] ?? '.'));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const tree = parser.parse(text);
    lines += tree.rootNode.endPosition.row + 1;
    if (tree.rootNode.hasError) errors++;
    tree.delete();
  }
  console.log(JSON.stringify({ files: files.length, lines, filesWithSyntaxErrors: errors }));
}

void main();
