// A JSON reader that remembers where every value sits in the text, so a notebook can be
// rewritten by replacing one cell's `source` and keeping every other byte (metadata, outputs,
// execution counts, indentation, key order). Depth and size are bounded: a notebook is a
// shallow document, and a hostile file must not exhaust the stack.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonNode {
  start: number;
  end: number;
  value: JsonValue;
  /** Object members by key (objects only). */
  members?: Map<string, JsonNode>;
  /** Array items (arrays only). */
  items?: JsonNode[];
}

export class JsonRangeError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'JsonRangeError';
  }
}

const MAX_DEPTH = 64;

export function parseJsonWithRanges(text: string): JsonNode {
  const reader = new Reader(text);
  reader.skipSpace();
  const node = reader.value(0);
  reader.skipSpace();
  if (reader.at < text.length) throw new JsonRangeError('unexpected text after the JSON value', reader.at);
  return node;
}

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    const t = this.text;
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.at++;
      else break;
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new JsonRangeError('JSON nested too deeply', this.at);
    const start = this.at;
    const c = this.text[this.at];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { start, end: this.afterString(), value: JSON.parse(this.text.slice(start, this.at)) as string };
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.at, this.at + 64));
    if (!literal) throw new JsonRangeError('invalid JSON value', this.at);
    this.at += literal[0].length;
    return { start, end: this.at, value: JSON.parse(literal[0]) as JsonValue };
  }

  private afterString(): number {
    const t = this.text;
    let i = this.at + 1;
    while (i < t.length) {
      const c = t[i];
      if (c === '\\') i += 2;
      else if (c === '"') {
        this.at = i + 1;
        return this.at;
      } else i++;
    }
    throw new JsonRangeError('unterminated string', this.at);
  }

  private object(depth: number): JsonNode {
    const start = this.at++;
    const members = new Map<string, JsonNode>();
    const value: { [key: string]: JsonValue } = {};
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at++;
      return { start, end: this.at, value, members };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] !== '"') throw new JsonRangeError('expected a key', this.at);
      const keyStart = this.at;
      this.afterString();
      const key = JSON.parse(this.text.slice(keyStart, this.at)) as string;
      this.skipSpace();
      if (this.text[this.at] !== ':') throw new JsonRangeError('expected ":"', this.at);
      this.at++;
      this.skipSpace();
      const node = this.value(depth + 1);
      members.set(key, node);
      value[key] = node.value;
      this.skipSpace();
      const next = this.text[this.at++];
      if (next === '}') return { start, end: this.at, value, members };
      if (next !== ',') throw new JsonRangeError('expected "," or "}"', this.at - 1);
    }
  }

  private array(depth: number): JsonNode {
    const start = this.at++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at++;
      return { start, end: this.at, value: [], items };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.at++];
      if (next === ']') return { start, end: this.at, value: items.map((i) => i.value), items };
      if (next !== ',') throw new JsonRangeError('expected "," or "]"', this.at - 1);
    }
  }
}
