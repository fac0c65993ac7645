// One walk over a Python syntax tree extracts the facts rules query: imports, calls with their
// arguments, string literals with the role they play, assignments and functions. The walk runs
// per top-level statement ("chunk") so that an edit re-extracts only the chunks it touched
// (see python-document.ts); offsets are absolute and shifted when a chunk moves.

import type { Node } from 'web-tree-sitter';
import { syntaxNodeOf, type SyntaxNode } from './syntax-node';
import type { SourceText } from '../source-text';

export interface FunctionFact {
  name: string;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  bodyStart: number;
  bodyEnd: number;
  decorators: string[];
  hasDocstring: boolean;
  className: string | null;
  parent: FunctionFact | null;
  params: string[];
}

export interface ClassFact {
  name: string;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  hasDocstring: boolean;
}

export interface ImportFact {
  /** Dotted module path (`google.cloud`), with leading dots for relative imports. */
  module: string;
  /** The imported name for `from m import name`, null for `import m`. */
  imported: string | null;
  /** The name bound locally (`pd` for `import pandas as pd`). */
  local: string;
  /** What the local name stands for, fully dotted (`pandas`, `google.cloud.bigquery`). */
  target: string;
  start: number;
  end: number;
  isFrom: boolean;
  topLevel: boolean;
}

export interface ArgFact {
  kind: 'positional' | 'keyword' | 'list-splat' | 'dict-splat';
  name: string | null;
  start: number;
  end: number;
  nodeType: string;
  string: StringFact | null;
  shape: ValueShape;
}

export interface CallFact {
  start: number;
  end: number;
  /** Dotted text of the called expression without whitespace (`psycopg2.connect`,
   * `bigquery.Client().query`); empty when the callee is not a name/attribute chain. */
  callee: string;
  calleeStart: number;
  calleeEnd: number;
  argsStart: number;
  argsEnd: number;
  args: ArgFact[];
  fn: FunctionFact | null;
  /** Per-fact cache slots (see VersionedCache); null until something is cached. */
  memo: unknown[] | null;
}

export type StringRole =
  | { kind: 'assignment'; target: string }
  | { kind: 'keyword'; name: string; call: CallFact }
  | { kind: 'argument'; index: number; call: CallFact }
  | { kind: 'dict-value'; key: string }
  | { kind: 'subscript-assignment'; key: string; target: string }
  | { kind: 'default-parameter'; name: string }
  | { kind: 'element'; index: number; count: number; container: StringRole }
  | { kind: 'none' };

export interface StringFact {
  start: number;
  end: number;
  /** Offset where the content starts (after prefix and opening quotes). */
  contentStart: number;
  contentEnd: number;
  prefix: string;
  quote: string;
  isFString: boolean;
  isRaw: boolean;
  isBytes: boolean;
  /** Decoded content; each f-string interpolation is replaced by U+0000. */
  value: string;
  /** `value[i]` is the character at `contentStart + i` for every `i` below this. */
  identityUntil: number;
  interpolations: Array<{ start: number; end: number }>;
  isDocstring: boolean;
  role: StringRole;
  fn: FunctionFact | null;
  memo: unknown[] | null;
}

export interface AssignmentFact {
  target: string;
  targetStart: number;
  targetEnd: number;
  valueStart: number;
  valueEnd: number;
  valueType: string;
  shape: ValueShape;
  call: CallFact | null;
  fn: FunctionFact | null;
  className: string | null;
}

/** How an expression builds its value; what PW102-style rules need to see string building. */
export interface ValueShape {
  kind: 'literal' | 'fstring' | 'percent-format' | 'format-call' | 'concat' | 'join' | 'name' | 'call' | 'other';
  start: number;
  end: number;
  /** Names (dotted) whose values are spliced into the text: f-string fields, `%`/format args, `+` operands. */
  inserted: string[];
  /** Something other than a plain name is spliced in (a call, subscript, arithmetic…). */
  insertsExpression: boolean;
}

export interface LoopFact {
  kind: 'for' | 'while';
  start: number;
  end: number;
  bodyStart: number;
  bodyEnd: number;
  /** Dotted text of the iterated expression (`df.iterrows()`), '' for `while` or complex expressions. */
  iterable: string;
  /** Loop variable(s) as written (`_, row`). */
  target: string;
  fn: FunctionFact | null;
}

export interface HandlerFact {
  start: number;
  end: number;
  bodyStart: number;
  bodyEnd: number;
  /** Dotted exception names; empty for a bare `except:`. */
  types: string[];
  alias: string | null;
  /** What the body does when it is a single trivial statement, else 'other'. */
  body: 'pass' | 'continue' | 'break' | 'ellipsis' | 'return-constant' | 'return-none' | 'other';
  /** The body's top-level statements in order, comments left out. */
  statements: BlockStatementFact[];
}

/** One top-level statement of a block (an except clause's body). */
export interface BlockStatementFact {
  /**
   * The statement's node type (`pass_statement`, `return_statement`, `raise_statement`, `if_statement`…);
   * for an expression statement, its expression's (`call`, `assignment`, `augmented_assignment`, `string`).
   */
  type: string;
  start: number;
  end: number;
  /** The expression it evaluates or returns; an empty range at `end` when there is none (`return`). */
  exprStart: number;
  exprEnd: number;
}

export interface TryFact {
  start: number;
  end: number;
  bodyStart: number;
  bodyEnd: number;
  handlers: HandlerFact[];
  hasFinally: boolean;
  fn: FunctionFact | null;
}

export interface StatementFact {
  kind: 'assert' | 'raise' | 'return' | 'with' | 'delete';
  start: number;
  end: number;
  /** For `with`: the dotted context expressions; for others: empty. */
  items: string[];
  fn: FunctionFact | null;
}

/** One operand of a `>>`/`<<` chain: a task expression (`extract`, `extract()`, `tasks[0]`). */
export interface DependencyOperand {
  /** Dotted text (`extract`, `load_task`, `extract()`); '' for other expressions. */
  text: string;
  start: number;
  end: number;
}

/**
 * An expression statement chaining tasks with `>>`/`<<` (Airflow dependencies):
 * `a >> [b, c] >> d` has groups [[a], [b, c], [d]] and operators ['>>', '>>'].
 */
export interface DependencyFact {
  start: number;
  end: number;
  /** The chain's operands left to right; a list/tuple operand is one group of several tasks. */
  groups: DependencyOperand[][];
  /** The operator between groups[i] and groups[i + 1]. */
  operators: Array<'>>' | '<<'>;
  fn: FunctionFact | null;
}

export interface ChunkFacts {
  start: number;
  end: number;
  imports: ImportFact[];
  calls: CallFact[];
  strings: StringFact[];
  assignments: AssignmentFact[];
  functions: FunctionFact[];
  classes: ClassFact[];
  loops: LoopFact[];
  tries: TryFact[];
  statements: StatementFact[];
  dependencies: DependencyFact[];
  /** The chunk is a bare string expression (a docstring when it is the module's first statement). */
  bareString: StringFact | null;
  /** A function or class definition: editing it does not change how names elsewhere resolve. */
  definition: boolean;
  hasError: boolean;
  /** Part of the statement is nested deeper than MAX_VISIT_DEPTH: the facts below that depth are missing. */
  tooDeep: boolean;
  /**
   * How far the facts' offsets lag behind `start`/`end` (always current): a keystroke earlier in
   * the file moves the following statements lazily; `settleChunk` applies it before facts are read.
   */
  pending: number;
  memo: unknown[] | null;
}

const NONE: StringRole = { kind: 'none' };

/** Named nodes that never have children (node-types.json): the walk does not ask for them, a call into wasm each. */
const LEAF_TYPES = new Set(['identifier', 'integer', 'float', 'true', 'false', 'none', 'comment', 'ellipsis', 'escape_sequence', 'type_conversion']);

/**
 * How deep the walk goes into one statement. Valid Python can nest far deeper (a method chain of
 * 900 calls, an `and` of 10,000 terms); past this the subtree's facts are left out and the chunk
 * says so (`tooDeep`), rather than exhausting the stack and losing the whole file.
 */
export const MAX_VISIT_DEPTH = 400;
/** Longer name chains have no dotted name: no rule knows a callee that long, and each call would walk it again. */
const MAX_DOTTED_PARTS = 200;

/** Dotted text of a name/attribute/call chain, '' when the expression is something else. */
export function dottedName(node: SyntaxNode): string {
  // Iterative: a chain is as deep as it is long. Walk down to the base name, then build outwards.
  const suffixes: string[] = [];
  let current: SyntaxNode | null = node;
  for (;;) {
    if (!current || suffixes.length > MAX_DOTTED_PARTS) return '';
    if (current.type === 'identifier') break;
    if (current.type === 'attribute') {
      const attribute = current.childForFieldName('attribute');
      if (!attribute) return '';
      suffixes.push(`.${attribute.text}`);
      current = current.childForFieldName('object');
    } else if (current.type === 'call') {
      suffixes.push('()');
      current = current.childForFieldName('function');
    } else if (current.type === 'subscript') {
      suffixes.push('[]');
      current = current.childForFieldName('value');
    } else if (current.type === 'parenthesized_expression') {
      current = current.namedChildren[0];
    } else {
      return '';
    }
  }
  let dotted = current.text;
  for (let i = suffixes.length - 1; i >= 0; i--) dotted += suffixes[i];
  return dotted;
}

function decodeEscapes(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\r?\n|.)/g, (_m, esc: string) => {
    switch (esc[0]) {
      case 'n': return esc.length === 1 ? '\n' : esc;
      case 't': return '\t';
      case 'r': return '\r';
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        return String.fromCharCode(parseInt(esc, 8));
      case 'x': case 'u': case 'U': return String.fromCodePoint(parseInt(esc.slice(1), 16));
      case '\r': case '\n': return '';
      case 'N': return '?';
      default: return esc;
    }
  });
}

class ChunkExtractor {
  readonly facts: ChunkFacts;
  private fn: FunctionFact | null = null;
  private className: string | null = null;
  private depth = 0;

  constructor(private readonly text: SourceText, root: SyntaxNode) {
    this.facts = {
      start: root.startIndex,
      end: root.endIndex,
      imports: [],
      calls: [],
      strings: [],
      assignments: [],
      functions: [],
      classes: [],
      loops: [],
      tries: [],
      statements: [],
      dependencies: [],
      bareString: null,
      definition: root.type === 'function_definition' || root.type === 'class_definition' || root.type === 'decorated_definition',
      hasError: root.hasError,
      tooDeep: false,
      pending: 0,
      memo: null,
    };
  }

  run(root: SyntaxNode): void {
    if (root.type === 'expression_statement' && root.namedChildren.length === 1 && root.namedChildren[0]?.type === 'string') {
      this.visit(root, NONE);
      this.facts.bareString = this.facts.strings[this.facts.strings.length - 1] ?? null;
      return;
    }
    this.visit(root, NONE);
  }

  private visit(node: SyntaxNode, role: StringRole): void {
    if (this.depth >= MAX_VISIT_DEPTH) {
      this.facts.tooDeep = true;
      return;
    }
    this.depth++;
    try {
      this.visitNode(node, role);
    } finally {
      this.depth--;
    }
  }

  private visitNode(node: SyntaxNode, role: StringRole): void {
    switch (node.type) {
      case 'string':
        this.addString(node, role);
        return;
      case 'concatenated_string':
        for (const child of node.namedChildren) if (child) this.visit(child, role);
        return;
      case 'parenthesized_expression':
      case 'boolean_operator':
      case 'conditional_expression':
        for (const child of node.namedChildren) if (child) this.visit(child, child.type === 'string' || child.type === 'parenthesized_expression' ? role : NONE);
        return;
      case 'tuple':
      case 'list':
      case 'set': {
        const items = node.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
        items.forEach((item, index) => this.visit(item, role.kind === 'none' ? NONE : { kind: 'element', index, count: items.length, container: role }));
        return;
      }
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        this.addImports(node);
        return;
      case 'call':
        this.addCall(node);
        return;
      case 'assignment':
        this.addAssignment(node);
        return;
      case 'dictionary':
        this.addDictionary(node);
        return;
      case 'decorated_definition':
        this.addDecorated(node);
        return;
      case 'function_definition':
        this.addFunction(node, []);
        return;
      case 'class_definition':
        this.addClass(node);
        return;
      case 'for_statement':
      case 'while_statement':
        this.addLoop(node);
        return;
      case 'try_statement':
        this.addTry(node);
        return;
      case 'assert_statement':
      case 'raise_statement':
      case 'return_statement':
      case 'delete_statement':
        this.facts.statements.push({ kind: node.type.replace('_statement', '') as StatementFact['kind'], start: node.startIndex, end: node.endIndex, items: [], fn: this.fn });
        for (const child of node.namedChildren) if (child) this.visit(child, NONE);
        return;
      case 'expression_statement': {
        const only = node.namedChildren.length === 1 ? node.namedChildren[0] : null;
        if (only?.type === 'binary_operator') this.addDependency(only);
        for (const child of node.namedChildren) if (child) this.visit(child, NONE);
        return;
      }
      case 'with_statement': {
        const items: string[] = [];
        for (const clause of node.namedChildren) {
          if (clause?.type !== 'with_clause') continue;
          for (const item of clause.namedChildren) {
            const value = item?.childForFieldName('value');
            const expression = value?.type === 'as_pattern' ? value.namedChildren[0] : value;
            if (expression) items.push(dottedName(expression));
          }
        }
        this.facts.statements.push({ kind: 'with', start: node.startIndex, end: node.endIndex, items, fn: this.fn });
        for (const child of node.namedChildren) if (child) this.visit(child, NONE);
        return;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        if (value) this.visit(value, name ? { kind: 'default-parameter', name: name.text } : NONE);
        return;
      }
      default:
        if (LEAF_TYPES.has(node.type)) return;
        for (const child of node.namedChildren) if (child) this.visit(child, NONE);
    }
  }

  /** Records `a >> b >> [c, d]` / `a << b` chains (Airflow task dependencies). */
  private addDependency(node: SyntaxNode): void {
    const operands: SyntaxNode[] = [];
    const operators: Array<'>>' | '<<'> = [];
    let current: SyntaxNode | null = node;
    while (current?.type === 'binary_operator') {
      const operator = current.childForFieldName('operator')?.type;
      if (operator !== '>>' && operator !== '<<') break;
      const right = current.childForFieldName('right');
      if (!right) return;
      operands.push(right);
      operators.push(operator);
      current = current.childForFieldName('left');
    }
    if (!current || operators.length === 0) return;
    operands.push(current);
    operands.reverse();
    operators.reverse();
    const operand = (n: SyntaxNode): DependencyOperand => ({ text: dottedName(n), start: n.startIndex, end: n.endIndex });
    const groups = operands.map((n) => {
      const inner = n.type === 'parenthesized_expression' && n.namedChildren[0] ? n.namedChildren[0] : n;
      if (inner.type === 'list' || inner.type === 'tuple' || inner.type === 'set') {
        return inner.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment').map(operand);
      }
      return [operand(inner)];
    });
    this.facts.dependencies.push({ start: node.startIndex, end: node.endIndex, groups, operators, fn: this.fn });
  }

  private addString(node: SyntaxNode, role: StringRole): void {
    const children = node.children.filter((c): c is SyntaxNode => c !== null);
    const startToken = children[0];
    const endToken = children[children.length - 1];
    const opening = startToken?.type === 'string_start' ? this.text.slice(startToken.startIndex, startToken.endIndex) : '"';
    const quoteMatch = /("""|'''|"|')$/.exec(opening);
    const quote = quoteMatch ? quoteMatch[1] : '"';
    const prefix = opening.slice(0, opening.length - quote.length);
    const lower = prefix.toLowerCase();
    const isFString = lower.includes('f') || lower.includes('t');
    const isRaw = lower.includes('r');
    const contentStart = startToken?.type === 'string_start' ? startToken.endIndex : node.startIndex;
    const contentEnd = endToken?.type === 'string_end' ? endToken.startIndex : node.endIndex;
    const interpolations: Array<{ start: number; end: number }> = [];
    let value = '';
    let identityUntil = -1;
    let cursor = contentStart;
    const appendLiteral = (literal: string) => {
      if (identityUntil < 0) {
        const stop = this.identityLength(literal, isRaw, isFString);
        if (stop >= 0) identityUntil = value.length + stop;
      }
      value += this.decodeLiteral(literal, isRaw, isFString);
    };
    for (const child of children) {
      if (child.type !== 'interpolation') continue;
      appendLiteral(this.text.slice(cursor, child.startIndex));
      if (identityUntil < 0) identityUntil = value.length;
      interpolations.push({ start: child.startIndex, end: child.endIndex });
      value += '\u0000';
      cursor = child.endIndex;
    }
    appendLiteral(this.text.slice(cursor, contentEnd));
    if (identityUntil < 0) identityUntil = value.length;
    const fact: StringFact = {
      start: node.startIndex,
      end: node.endIndex,
      contentStart,
      contentEnd,
      prefix,
      quote,
      isFString,
      isRaw,
      isBytes: lower.includes('b'),
      value,
      identityUntil,
      interpolations,
      isDocstring: false,
      role,
      fn: this.fn,
      memo: null,
    };
    this.facts.strings.push(fact);
    for (const child of children) {
      if (child.type === 'interpolation') for (const inner of child.namedChildren) if (inner) this.visit(inner, NONE);
    }
  }

  private decodeLiteral(literal: string, isRaw: boolean, isFString: boolean): string {
    let out = isRaw || !literal.includes('\\') ? literal : decodeEscapes(literal);
    if (isFString) out = out.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    return out;
  }

  /** How far a literal piece maps 1:1 onto the source; -1 when all of it does. */
  private identityLength(literal: string, isRaw: boolean, isFString: boolean): number {
    let stop = literal.length;
    if (!isRaw) {
      const backslash = literal.indexOf('\\');
      if (backslash >= 0) stop = Math.min(stop, backslash);
    }
    if (isFString) {
      const brace = literal.search(/\{\{|\}\}/);
      if (brace >= 0) stop = Math.min(stop, brace);
    }
    return stop < literal.length ? stop : -1;
  }

  private addImports(node: SyntaxNode): void {
    const topLevel = this.fn === null && this.className === null;
    const push = (module: string, imported: string | null, local: string, target: string) =>
      this.facts.imports.push({ module, imported, local, target, start: node.startIndex, end: node.endIndex, isFrom: imported !== null, topLevel });
    if (node.type === 'import_statement') {
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text ?? '';
          const alias = child.childForFieldName('alias')?.text ?? name;
          push(name, null, alias, name);
        } else {
          const name = child.text;
          const first = name.split('.')[0];
          push(name, null, first, first);
        }
      }
      return;
    }
    if (node.type === 'future_import_statement') {
      for (const child of node.childrenForFieldName('name')) if (child) push('__future__', child.text, child.text, `__future__.${child.text}`);
      return;
    }
    const moduleNode = node.childForFieldName('module_name');
    const module = moduleNode ? moduleNode.text.replace(/\s+/g, '') : '';
    for (const child of node.childrenForFieldName('name')) {
      if (!child) continue;
      if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text ?? '';
        const alias = child.childForFieldName('alias')?.text ?? name;
        push(module, name, alias, `${module}.${name}`);
      } else {
        push(module, child.text, child.text, `${module}.${child.text}`);
      }
    }
  }

  private addCall(node: SyntaxNode): void {
    const fnNode = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    const call: CallFact = {
      start: node.startIndex,
      end: node.endIndex,
      callee: fnNode ? dottedName(fnNode) : '',
      calleeStart: fnNode?.startIndex ?? node.startIndex,
      calleeEnd: fnNode?.endIndex ?? node.startIndex,
      argsStart: argsNode?.startIndex ?? node.endIndex,
      argsEnd: argsNode?.endIndex ?? node.endIndex,
      args: [],
      fn: this.fn,
      memo: null,
    };
    this.facts.calls.push(call);
    if (fnNode) this.visit(fnNode, NONE);
    if (!argsNode) return;
    if (argsNode.type !== 'argument_list') {
      this.visit(argsNode, NONE);
      return;
    }
    let index = 0;
    for (const arg of argsNode.namedChildren) {
      if (!arg || arg.type === 'comment') continue;
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name')?.text ?? null;
        const value = arg.childForFieldName('value');
        if (!value) continue;
        const before = this.facts.strings.length;
        this.visit(value, name ? { kind: 'keyword', name, call } : NONE);
        call.args.push({ kind: 'keyword', name, start: value.startIndex, end: value.endIndex, nodeType: value.type, string: this.directString(value, before), shape: shapeOf(value) });
      } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
        this.visit(arg, NONE);
        call.args.push({ kind: arg.type === 'list_splat' ? 'list-splat' : 'dict-splat', name: null, start: arg.startIndex, end: arg.endIndex, nodeType: arg.type, string: null, shape: shapeOf(arg) });
      } else {
        const before = this.facts.strings.length;
        this.visit(arg, { kind: 'argument', index, call });
        call.args.push({ kind: 'positional', name: null, start: arg.startIndex, end: arg.endIndex, nodeType: arg.type, string: this.directString(arg, before), shape: shapeOf(arg) });
        index++;
      }
    }
  }

  /** The StringFact recorded for `node` itself when it is a plain string literal. */
  private directString(node: SyntaxNode, firstNew: number): StringFact | null {
    if (node.type !== 'string') return null;
    const fact = this.facts.strings[firstNew];
    return fact && fact.start === node.startIndex ? fact : null;
  }

  private addAssignment(node: SyntaxNode): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const typeNode = node.childForFieldName('type');
    if (typeNode) this.visit(typeNode, NONE);
    if (!left) return;
    if (!right) {
      this.visit(left, NONE);
      return;
    }
    let role: StringRole = NONE;
    let target = '';
    if (left.type === 'identifier' || left.type === 'attribute') {
      target = dottedName(left);
      role = target ? { kind: 'assignment', target } : NONE;
    } else if (left.type === 'subscript') {
      const object = left.childForFieldName('value');
      const key = left.childForFieldName('subscript');
      const container = object ? dottedName(object) : '';
      if (key?.type === 'string') role = { kind: 'subscript-assignment', key: this.plainStringValue(key), target: container };
      // `df["x"] = …` mutates df; it does not rebind it (lastAssignment("df") must skip it).
      target = container ? `${container}[]` : '';
      this.visit(left, NONE);
    } else {
      this.visit(left, NONE);
    }
    const callsBefore = this.facts.calls.length;
    // Through visit (not addAssignment directly): `a = b = … = 1` chains count towards the depth.
    if (right.type === 'assignment') this.visit(right, NONE);
    else this.visit(right, role);
    if (!target) return;
    const firstCall = this.facts.calls[callsBefore];
    this.facts.assignments.push({
      target,
      targetStart: left.startIndex,
      targetEnd: left.endIndex,
      valueStart: right.startIndex,
      valueEnd: right.endIndex,
      valueType: right.type,
      shape: shapeOf(right),
      call: right.type === 'call' && firstCall && firstCall.start === right.startIndex ? firstCall : null,
      fn: this.fn,
      className: this.fn ? null : this.className,
    });
  }

  private plainStringValue(node: SyntaxNode): string {
    const content = node.children.filter((c): c is SyntaxNode => c !== null && c.type === 'string_content');
    return content.map((c) => c.text).join('');
  }

  private addLoop(node: SyntaxNode): void {
    const body = node.childForFieldName('body');
    const right = node.type === 'for_statement' ? node.childForFieldName('right') : null;
    const left = node.type === 'for_statement' ? node.childForFieldName('left') : null;
    this.facts.loops.push({
      kind: node.type === 'for_statement' ? 'for' : 'while',
      start: node.startIndex,
      end: node.endIndex,
      bodyStart: body?.startIndex ?? node.endIndex,
      bodyEnd: body?.endIndex ?? node.endIndex,
      iterable: right ? dottedName(right) : '',
      target: left ? this.text.slice(left.startIndex, left.endIndex) : '',
      fn: this.fn,
    });
    for (const child of node.namedChildren) if (child) this.visit(child, NONE);
  }

  private addTry(node: SyntaxNode): void {
    const body = node.childForFieldName('body');
    const fact: TryFact = {
      start: node.startIndex,
      end: node.endIndex,
      bodyStart: body?.startIndex ?? node.endIndex,
      bodyEnd: body?.endIndex ?? node.endIndex,
      handlers: [],
      hasFinally: false,
      fn: this.fn,
    };
    this.facts.tries.push(fact);
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'finally_clause') fact.hasFinally = true;
      if (child.type === 'except_clause' || child.type === 'except_group_clause') fact.handlers.push(this.handlerFact(child));
      this.visit(child, NONE);
    }
  }

  private handlerFact(clause: SyntaxNode): HandlerFact {
    const block = clause.namedChildren.find((c): c is SyntaxNode => c?.type === 'block') ?? null;
    let types: string[] = [];
    let alias: string | null = null;
    for (const child of clause.namedChildren) {
      if (!child || child === block || child.type === 'comment') continue;
      if (child.type === 'as_pattern') {
        const target = child.childForFieldName('alias') ?? child.namedChildren[child.namedChildren.length - 1];
        alias = target?.type === 'as_pattern_target' ? target.text : target?.text ?? null;
        const caught = child.namedChildren[0];
        if (caught) types = exceptionNames(caught);
      } else {
        types = exceptionNames(child);
      }
    }
    return {
      start: clause.startIndex,
      end: clause.endIndex,
      bodyStart: block?.startIndex ?? clause.endIndex,
      bodyEnd: block?.endIndex ?? clause.endIndex,
      types,
      alias,
      body: block ? trivialBody(block) : 'other',
      statements: block ? blockStatements(block) : [],
    };
  }

  private addDictionary(node: SyntaxNode): void {
    for (const item of node.namedChildren) {
      if (!item) continue;
      if (item.type !== 'pair') {
        this.visit(item, NONE);
        continue;
      }
      const key = item.childForFieldName('key');
      const value = item.childForFieldName('value');
      if (key) this.visit(key, NONE);
      if (!value) continue;
      const keyText = key?.type === 'string' ? this.plainStringValue(key) : '';
      this.visit(value, keyText ? { kind: 'dict-value', key: keyText } : NONE);
    }
  }

  private addDecorated(node: SyntaxNode): void {
    const decorators: string[] = [];
    for (const child of node.namedChildren) {
      if (child?.type !== 'decorator') continue;
      decorators.push(this.text.slice(child.startIndex, child.endIndex).replace(/^@\s*/, '').replace(/\s+/g, ''));
      this.visit(child, NONE);
    }
    const definition = node.childForFieldName('definition');
    if (definition?.type === 'function_definition') this.addFunction(definition, decorators, node.startIndex);
    else if (definition) this.visit(definition, NONE);
  }

  private addFunction(node: SyntaxNode, decorators: string[], start = node.startIndex): void {
    const nameNode = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const parameters = node.childForFieldName('parameters');
    const params: string[] = [];
    for (const p of parameters?.namedChildren ?? []) {
      if (!p) continue;
      const name = p.type === 'identifier' ? p.text : p.childForFieldName('name')?.text ?? p.namedChildren[0]?.text;
      if (name) params.push(name);
    }
    const fact: FunctionFact = {
      name: nameNode?.text ?? '',
      start,
      end: node.endIndex,
      nameStart: nameNode?.startIndex ?? node.startIndex,
      nameEnd: nameNode?.endIndex ?? node.startIndex,
      bodyStart: body?.startIndex ?? node.endIndex,
      bodyEnd: body?.endIndex ?? node.endIndex,
      decorators,
      hasDocstring: false,
      className: this.className,
      parent: this.fn,
      params,
    };
    this.facts.functions.push(fact);
    if (parameters) this.visit(parameters, NONE);
    const outerFn = this.fn;
    const outerClass = this.className;
    this.fn = fact;
    this.className = null;
    if (body) fact.hasDocstring = this.visitBody(body);
    this.fn = outerFn;
    this.className = outerClass;
  }

  private addClass(node: SyntaxNode): void {
    const nameNode = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const superclasses = node.childForFieldName('superclasses');
    if (superclasses) this.visit(superclasses, NONE);
    const fact: ClassFact = {
      name: nameNode?.text ?? '',
      start: node.startIndex,
      end: node.endIndex,
      nameStart: nameNode?.startIndex ?? node.startIndex,
      nameEnd: nameNode?.endIndex ?? node.startIndex,
      hasDocstring: false,
    };
    this.facts.classes.push(fact);
    const outerClass = this.className;
    const outerFn = this.fn;
    this.className = fact.name;
    this.fn = null;
    if (body) fact.hasDocstring = this.visitBody(body);
    this.className = outerClass;
    this.fn = outerFn;
  }

  /** Visits a block; returns whether its first statement is a docstring. */
  private visitBody(body: SyntaxNode): boolean {
    let first = true;
    let hasDocstring = false;
    for (const statement of body.namedChildren) {
      if (!statement || statement.type === 'comment') continue;
      const isDocstring = first && statement.type === 'expression_statement' && statement.namedChildren.length === 1 && statement.namedChildren[0]?.type === 'string';
      const before = this.facts.strings.length;
      this.visit(statement, NONE);
      if (isDocstring && this.facts.strings[before]) {
        this.facts.strings[before].isDocstring = true;
        hasDocstring = true;
      }
      first = false;
    }
    return hasDocstring;
  }
}

function exceptionNames(node: SyntaxNode): string[] {
  // An explicit stack: tuples and parentheses may nest as deep as the input likes.
  const names: string[] = [];
  const stack: SyntaxNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'tuple' || current.type === 'parenthesized_expression') {
      const children = current.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) if (children[i]) stack.push(children[i]!);
      continue;
    }
    const name = dottedName(current);
    if (name) names.push(name);
  }
  return names;
}

function trivialBody(block: SyntaxNode): HandlerFact['body'] {
  const statements = block.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  if (statements.length !== 1) return 'other';
  const only = statements[0];
  switch (only.type) {
    case 'pass_statement':
      return 'pass';
    case 'continue_statement':
      return 'continue';
    case 'break_statement':
      return 'break';
    case 'expression_statement':
      return only.namedChildren[0]?.type === 'ellipsis' ? 'ellipsis' : 'other';
    case 'return_statement': {
      const value = only.namedChildren[0];
      if (!value || value.type === 'none') return 'return-none';
      return ['integer', 'float', 'string', 'true', 'false', 'list', 'dictionary', 'tuple'].includes(value.type) && !value.namedChildren.some((c) => c?.type === 'identifier' || c?.type === 'call') ? 'return-constant' : 'other';
    }
    default:
      return 'other';
  }
}

function blockStatements(block: SyntaxNode): BlockStatementFact[] {
  const out: BlockStatementFact[] = [];
  for (const statement of block.namedChildren) {
    if (!statement || statement.type === 'comment') continue;
    const expression = statement.type === 'expression_statement' || statement.type === 'return_statement' ? statement.namedChildren[0] ?? null : null;
    out.push({
      type: statement.type === 'expression_statement' && expression ? expression.type : statement.type,
      start: statement.startIndex,
      end: statement.endIndex,
      exprStart: expression?.startIndex ?? statement.endIndex,
      exprEnd: expression?.endIndex ?? statement.endIndex,
    });
  }
  return out;
}

/**
 * One constructor for every shape: objects built with the same property order share a hidden
 * class, which keeps shifting offsets on every keystroke fast (spread literals made it 20x slower).
 */
function makeShape(kind: ValueShape['kind'], node: SyntaxNode, inserted: string[], insertsExpression: boolean): ValueShape {
  return { kind, start: node.startIndex, end: node.endIndex, inserted, insertsExpression };
}

/** Classifies how an expression produces its value (see ValueShape). */
export function shapeOf(node: SyntaxNode): ValueShape {
  const inserted: string[] = [];
  let insertsExpression = false;
  const splice = (part: SyntaxNode | null) => {
    if (!part) return;
    const name = part.type === 'identifier' || part.type === 'attribute' ? dottedName(part) : '';
    if (name) inserted.push(name);
    else if (!isLiteralNode(part)) insertsExpression = true;
  };
  switch (node.type) {
    case 'string':
    case 'concatenated_string': {
      const strings = node.type === 'string' ? [node] : node.namedChildren.filter((c): c is SyntaxNode => c?.type === 'string');
      const fields = strings.flatMap((str) => str.namedChildren.filter((c): c is SyntaxNode => c?.type === 'interpolation'));
      if (fields.length === 0) return makeShape('literal', node, inserted, insertsExpression);
      for (const field of fields) splice(field.childForFieldName('expression') ?? field.namedChildren[0]);
      return makeShape('fstring', node, inserted, insertsExpression);
    }
    case 'parenthesized_expression': {
      let inner: SyntaxNode | null = node.namedChildren[0];
      while (inner?.type === 'parenthesized_expression') inner = inner.namedChildren[0];
      if (!inner) return makeShape('other', node, inserted, insertsExpression);
      const innerShape = shapeOf(inner);
      return makeShape(innerShape.kind, node, innerShape.inserted, innerShape.insertsExpression);
    }
    case 'binary_operator': {
      const operator = node.childForFieldName('operator')?.type;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (operator === '%' && left && isStringLike(left)) {
        const args = right?.type === 'tuple' || right?.type === 'parenthesized_expression' ? right.namedChildren : [right];
        for (const arg of args) if (arg?.type === 'dictionary') insertsExpression = true; else splice(arg);
        return makeShape('percent-format', node, inserted, insertsExpression);
      }
      if (operator === '+' && left && right && (containsString(left) || containsString(right))) {
        collectConcatOperands(node, splice);
        return makeShape('concat', node, inserted, insertsExpression);
      }
      return makeShape('other', node, inserted, insertsExpression);
    }
    case 'identifier':
    case 'attribute':
      return makeShape('name', node, [dottedName(node)].filter(Boolean), insertsExpression);
    case 'call': {
      const fn = node.childForFieldName('function');
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      if (object && isStringLike(object) && (method === 'format' || method === 'join')) {
        for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
          if (!arg) continue;
          splice(arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg);
        }
        return makeShape(method === 'format' ? 'format-call' : 'join', node, inserted, insertsExpression);
      }
      return makeShape('call', node, inserted, insertsExpression);
    }
    default:
      return makeShape('other', node, inserted, insertsExpression);
  }
}

function isStringLike(node: SyntaxNode): boolean {
  let current: SyntaxNode | null = node;
  while (current?.type === 'parenthesized_expression') current = current.namedChildren[0];
  return current?.type === 'string' || current?.type === 'concatenated_string';
}

function isPlus(node: SyntaxNode): boolean {
  return node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '+';
}

/** The operands of a `+` chain, left to right (iteratively: `"a" + b + … ` may have 10,000 terms). */
function plusOperands(node: SyntaxNode): SyntaxNode[] {
  const operands: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (!isPlus(current)) {
      operands.push(current);
      continue;
    }
    const left = current.childForFieldName('left');
    const right = current.childForFieldName('right');
    if (right) stack.push(right);
    if (left) stack.push(left);
  }
  return operands;
}

function containsString(node: SyntaxNode): boolean {
  return plusOperands(node).some(isStringLike);
}

function collectConcatOperands(node: SyntaxNode, splice: (part: SyntaxNode | null) => void): void {
  for (const operand of plusOperands(node)) {
    if (operand.type === 'string' && operand.namedChildren.some((c) => c?.type === 'interpolation')) {
      for (const field of operand.namedChildren) if (field?.type === 'interpolation') splice(field.childForFieldName('expression') ?? field.namedChildren[0]);
      continue;
    }
    if (!isStringLike(operand)) splice(operand);
  }
}

function isLiteralNode(node: SyntaxNode): boolean {
  return ['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none'].includes(node.type);
}

export function extractChunkFacts(text: SourceText, statement: Node): ChunkFacts {
  const node = syntaxNodeOf(statement, text);
  const extractor = new ChunkExtractor(text, node);
  extractor.run(node);
  return extractor.facts;
}

/** Moves a reused chunk by `delta` (its text is unchanged); its facts follow when settled. */
export function moveChunk(chunk: ChunkFacts, delta: number): void {
  chunk.start += delta;
  chunk.end += delta;
  chunk.pending += delta;
}

/** Moves every offset of a chunk by `delta` now. */
export function shiftChunkFacts(chunk: ChunkFacts, delta: number): void {
  moveChunk(chunk, delta);
  settleChunk(chunk);
}

/** Brings the chunk's fact offsets up to its position (see ChunkFacts.pending). */
export function settleChunk(chunk: ChunkFacts): ChunkFacts {
  const delta = chunk.pending;
  if (delta === 0) return chunk;
  chunk.pending = 0;
  for (const i of chunk.imports) { i.start += delta; i.end += delta; }
  for (const c of chunk.calls) {
    c.start += delta; c.end += delta; c.calleeStart += delta; c.calleeEnd += delta; c.argsStart += delta; c.argsEnd += delta;
    for (const a of c.args) { a.start += delta; a.end += delta; a.shape.start += delta; a.shape.end += delta; }
  }
  for (const s of chunk.strings) {
    s.start += delta; s.end += delta; s.contentStart += delta; s.contentEnd += delta;
    for (const i of s.interpolations) { i.start += delta; i.end += delta; }
  }
  for (const a of chunk.assignments) { a.targetStart += delta; a.targetEnd += delta; a.valueStart += delta; a.valueEnd += delta; a.shape.start += delta; a.shape.end += delta; }
  for (const l of chunk.loops) { l.start += delta; l.end += delta; l.bodyStart += delta; l.bodyEnd += delta; }
  for (const t of chunk.tries) {
    t.start += delta; t.end += delta; t.bodyStart += delta; t.bodyEnd += delta;
    for (const h of t.handlers) {
      h.start += delta; h.end += delta; h.bodyStart += delta; h.bodyEnd += delta;
      for (const b of h.statements) { b.start += delta; b.end += delta; b.exprStart += delta; b.exprEnd += delta; }
    }
  }
  for (const st of chunk.statements) { st.start += delta; st.end += delta; }
  for (const d of chunk.dependencies) {
    d.start += delta; d.end += delta;
    for (const group of d.groups) for (const o of group) { o.start += delta; o.end += delta; }
  }
  for (const f of chunk.functions) { f.start += delta; f.end += delta; f.nameStart += delta; f.nameEnd += delta; f.bodyStart += delta; f.bodyEnd += delta; }
  for (const c of chunk.classes) { c.start += delta; c.end += delta; c.nameStart += delta; c.nameEnd += delta; }
  return chunk;
}
