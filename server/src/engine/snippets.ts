// The snippets in snippets/*.json are the one source of truth for the code Pipewise writes: the
// editor offers them as `pw-…` completions, and rule fixes render the same bodies as plain text,
// with placeholders filled by name (a placeholder's default text is its name).

import pythonSnippets from '../../../snippets/python.json';
import yamlSnippets from '../../../snippets/yaml.json';

interface SnippetDefinition {
  prefix: string;
  description: string;
  body: string[];
}

const ALL: Record<string, SnippetDefinition> = { ...pythonSnippets, ...yamlSnippets };
const BY_PREFIX = new Map(Object.values(ALL).map((snippet) => [snippet.prefix, snippet]));

export function snippetPrefixes(): string[] {
  return [...BY_PREFIX.keys()];
}

/**
 * Renders a snippet as plain text: `${1:table}` becomes `values.table` (or `table`), `${1|a,b|}`
 * its first choice, `$0`/`$1` nothing, `\$` a dollar sign. Every line after the first gets
 * `indent` prepended (empty lines stay empty).
 */
export function renderSnippet(prefix: string, values: Record<string, string> = {}, indent = ''): string {
  const snippet = BY_PREFIX.get(prefix);
  if (!snippet) throw new Error(`unknown snippet ${prefix}`);
  const text = snippet.body.join('\n');
  const rendered = renderBody(text, values);
  return rendered
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : indent + line))
    .join('\n');
}

function renderBody(text: string, values: Record<string, string>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && (text[i + 1] === '$' || text[i + 1] === '}' || text[i + 1] === '\\')) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '$') {
      const tabstop = /^\$(\d+)/.exec(text.slice(i));
      if (tabstop) {
        i += tabstop[0].length;
        continue;
      }
      if (text[i + 1] === '{') {
        const end = matchingBrace(text, i + 1);
        const inner = text.slice(i + 2, end);
        out += renderPlaceholder(inner, values);
        i = end + 1;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`unbalanced snippet placeholder at ${open}`);
}

function renderPlaceholder(inner: string, values: Record<string, string>): string {
  const choice = /^\d+\|([^|]*)\|$/.exec(inner);
  if (choice) return choice[1].split(',')[0];
  const placeholder = /^\d+(?::([\s\S]*))?$/.exec(inner);
  if (placeholder) {
    const fallback = placeholder[1] === undefined ? '' : renderBody(placeholder[1], values);
    return Object.prototype.hasOwnProperty.call(values, fallback) ? values[fallback] : fallback;
  }
  return renderBody(inner, values);
}
