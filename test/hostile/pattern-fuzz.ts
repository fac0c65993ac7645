// Finds super-linear regular expressions: every regex literal in the engine and the rules is run
// on adversarial inputs built from its own source (long runs of each character it mentions, of
// its literal words, and of pairs of them, after each literal word as a prefix), with a time
// budget per input. A backtracking pattern that is quadratic or worse takes hundreds of
// milliseconds on 20,000 characters; a linear one takes well under one.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface PatternSite {
  file: string;
  line: number;
  source: string;
  flags: string;
}

export interface SlowCase {
  site: PatternSite;
  input: string;
  ms: number;
}

export function listTsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) listTsFiles(full, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Every regular expression literal in the files. */
export function findPatterns(files: readonly string[], root: string): PatternSite[] {
  const sites: PatternSite[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(source);
        const slash = literal.lastIndexOf('/');
        sites.push({ file: path.relative(root, file), line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, source: literal.slice(1, slash), flags: literal.slice(slash + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return sites;
}

const CLASS_SAMPLES: Record<string, string[]> = { w: ['a', '_', '0'], W: ['-', ' '], s: [' ', '\n', '\t'], S: ['x'], d: ['1'], D: ['x'], b: [], B: [], n: ['\n'], r: ['\r'], t: ['\t'] };

/** The characters and literal words a pattern mentions: what adversarial inputs are made of. */
export function alphabetOf(source: string): { chars: string[]; words: string[] } {
  const chars = new Set<string>(['a', 'A', '0', ' ', '\n', '_', '-', '.', ':', '/', '"', "'", '\\', '{', '}', '(', ')', '[', ']', '=', ',', '%', '#', '@', '$', '*', '+', '?', '|', '<', '>']);
  const words = new Set<string>();
  let word = '';
  const endWord = () => {
    if (word.length >= 2) words.add(word);
    word = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\' && i + 1 < source.length) {
      const next = source[++i];
      const samples = CLASS_SAMPLES[next];
      if (samples) {
        samples.forEach((s) => chars.add(s));
        endWord();
      } else if (next === 'x' || next === 'u') {
        endWord();
      } else {
        chars.add(next);
        word += next;
      }
      continue;
    }
    if (/[A-Za-z0-9_:/@=<>%$,;!~`&'" -]/.test(c)) {
      chars.add(c);
      word += c;
    } else {
      if (c !== '[' && c !== ']' && c !== '(' && c !== ')' && c !== '^' && c !== '*' && c !== '+' && c !== '?' && c !== '{' && c !== '}' && c !== '|' && c !== '.' && c !== '$') chars.add(c);
      endWord();
    }
  }
  endWord();
  return { chars: [...chars], words: [...words].slice(0, 12) };
}

/** Inputs of about `size` characters that make backtracking patterns show their worst. */
export function adversarialInputs(source: string, size: number): string[] {
  const { chars, words } = alphabetOf(source);
  const units = new Set<string>([...chars, ...words]);
  for (const a of chars.slice(0, 8)) for (const b of chars.slice(0, 8)) if (a !== b) units.add(a + b);
  for (const w of words) units.add(`${w} `);
  const inputs = new Set<string>();
  for (const unit of units) {
    const run = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    inputs.add(`${run}\u0001`);
    for (const w of [...words.slice(0, 2), 'a']) inputs.add(`${w}${run}\u0001`);
  }
  return [...inputs];
}

function runOnce(site: PatternSite, regex: RegExp, input: string): void {
  regex.lastIndex = 0;
  // replace() walks every match natively: a linear pattern with 20,000 matches stays cheap.
  if (site.flags.includes('g')) input.replace(regex, '');
  else regex.exec(input);
}

function timeOnce(site: PatternSite, regex: RegExp, input: string): number {
  const started = performance.now();
  runOnce(site, regex, input);
  return performance.now() - started;
}

/**
 * The inputs on which the pattern is super-linear: over `budgetMs` at `size` characters, and more
 * than 6 times slower than on a quarter of them (4x for linear, 16x for quadratic), so that a
 * busy machine alone does not make a linear pattern fail.
 */
export function slowInputs(site: PatternSite, size: number, budgetMs: number): SlowCase[] {
  let regex: RegExp;
  try {
    regex = new RegExp(site.source, site.flags);
  } catch {
    return [];
  }
  const slow: SlowCase[] = [];
  const quarter = adversarialInputs(site.source, Math.floor(size / 4));
  adversarialInputs(site.source, size).forEach((input, i) => {
    const ms = timeOnce(site, regex, input);
    if (ms <= budgetMs) return;
    const again = Math.min(ms, timeOnce(site, regex, input));
    const small = Math.max(0.05, timeOnce(site, regex, quarter[i] ?? input.slice(0, size / 4)));
    if (again > budgetMs && again / small > 6) slow.push({ site, input: describe(input), ms: again });
  });
  return slow;
}

function describe(input: string): string {
  const head = JSON.stringify(input.slice(0, 24));
  return `${head}… (${input.length} chars)`;
}

export interface PatternVerdict {
  site: PatternSite;
  /** Slow inputs, or 'hung' when one input ran past `hangMs` and the worker was stopped. */
  slow: Array<{ input: string; ms: number }> | 'hung';
}

/** Checks every site in a worker thread; a pattern that runs past `hangMs` is reported as hung. */
export async function checkPatterns(sites: readonly PatternSite[], options: { size: number; budgetMs: number; hangMs: number }): Promise<PatternVerdict[]> {
  const { Worker } = await import('node:worker_threads');
  const verdicts: PatternVerdict[] = [];
  let next = 0;
  while (next < sites.length) {
    const batch = sites.slice(next);
    const offset = next;
    next = await new Promise<number>((resolve, reject) => {
      // Workers do not inherit tsx's loader: register its CommonJS hook first.
      const script = `require('tsx/cjs'); require(${JSON.stringify(path.join(__dirname, 'pattern-fuzz-worker.ts'))});`;
      const worker = new Worker(script, { eval: true, workerData: { sites: batch, size: options.size, budgetMs: options.budgetMs } });
      let timer: NodeJS.Timeout | undefined;
      let current = 0;
      worker.on('message', (message: { kind: string; index: number; slow?: Array<{ input: string; ms: number }> }) => {
        if (timer) clearTimeout(timer);
        if (message.kind === 'start') {
          current = message.index;
          timer = setTimeout(() => {
            verdicts.push({ site: batch[current], slow: 'hung' });
            void worker.terminate();
            resolve(offset + current + 1);
          }, options.hangMs);
        } else if (message.kind === 'done') {
          if (message.slow?.length) verdicts.push({ site: batch[message.index], slow: message.slow });
        } else if (message.kind === 'finished') {
          void worker.terminate();
          resolve(sites.length);
        }
      });
      worker.on('error', reject);
    });
  }
  return verdicts;
}
