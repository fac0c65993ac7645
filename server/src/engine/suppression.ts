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
  // Split like LineIndex does (\r\n, \r or \n) so line numbers agree with finding positions.
  const lines = text.split(/\r\n|\r|\n/);
  for (let line = 0; line < lines.length; line++) {
    const content = lines[line];
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
  }
  return result;
}

function covers(entry: Set<string> | 'all' | null | undefined, ruleId: string): boolean {
  return entry === 'all' || (entry instanceof Set && entry.has(ruleId));
}

export function isSuppressed(suppressions: Suppressions, ruleId: string, line: number): boolean {
  return covers(suppressions.file, ruleId) || covers(suppressions.lines.get(line), ruleId);
}
