// Suppression comments: `# pipewise: ignore[PW101]` (or `ignore` for every rule) at the end of a
// line or alone on the line above; `# pipewise: ignore-file[PW304]` within the first 10 lines.

export interface Suppressions {
  file: Set<string> | 'all' | null;
  /** Zero-based line → rules ignored on it. */
  lines: Map<number, Set<string> | 'all'>;
}

const DIRECTIVE = /[#;]\s*pipewise:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?/g;
const FILE_DIRECTIVE_LINES = 10;

function addRules(target: Set<string> | 'all' | null | undefined, ids: string[] | 'all'): Set<string> | 'all' {
  if (ids === 'all' || target === 'all') return 'all';
  const set = target ?? new Set<string>();
  for (const id of ids) set.add(id);
  return set;
}

export function parseSuppressions(text: string): Suppressions {
  const result: Suppressions = { file: null, lines: new Map() };
  if (!text.includes('pipewise:')) return result;
  let line = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const content = text.slice(lineStart, lineEnd);
    if (content.includes('pipewise:')) {
      for (const match of content.matchAll(DIRECTIVE)) {
        const ids = match[2] === undefined ? 'all' : match[2].split(',').map((s) => s.trim()).filter(Boolean);
        if (match[1] === 'ignore-file') {
          if (line < FILE_DIRECTIVE_LINES) result.file = addRules(result.file, ids);
          continue;
        }
        const standalone = content.slice(0, match.index).trim() === '';
        const target = standalone ? line + 1 : line;
        result.lines.set(target, addRules(result.lines.get(target), ids));
        if (standalone) result.lines.set(line, addRules(result.lines.get(line), ids));
      }
    }
    line++;
    lineStart = lineEnd + 1;
  }
  return result;
}

function covers(entry: Set<string> | 'all' | null | undefined, ruleId: string): boolean {
  return entry === 'all' || (entry instanceof Set && entry.has(ruleId));
}

export function isSuppressed(suppressions: Suppressions, ruleId: string, line: number): boolean {
  return covers(suppressions.file, ruleId) || covers(suppressions.lines.get(line), ruleId);
}
