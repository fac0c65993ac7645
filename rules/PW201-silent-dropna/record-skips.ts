// Records skipped for a missing field while a loop builds the rows to load: `for rec in records:
// if not rec.get("employee_id"): continue` … `rows.append(…)`. Each record without the field
// disappears without a count, a log line or a rejects write, so a source that starts leaving the
// field empty silently shrinks the load. Reported when the skip's block is only `continue`, the
// test is a missing-field test on the loop's record (`not r.get(k)`, `r.get(k) is None`,
// `not r[k]`, `"k" not in r`, several joined by `or`), the loop appends or extends a collection,
// and the function never shows a count of what the loop kept against what it read (a log line,
// metric, assert or raise over `len(…)`). Filters on a value (`r["status"] != "active"`) choose
// records; they are not reported, nor are the parts of a tree walk (an email's `walk()`).

import type { LoopFact } from '../../server/src/engine/python/facts';
import type { RuleContext } from '../../server/src/engine/types';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { SourceText } from '../../server/src/engine/source-text';
import type { ScopeCache } from '../support/data-accounting';

const KEY = `(?:"[^"\\n]+"|'[^'\\n]+')`;

interface IfLine {
  condition: string;
  /** The line ends with `: continue` (the whole block on one line). */
  inlineContinue: boolean;
  /** Length of the line without its trailing comment and spaces. */
  codeLength: number;
}

/** `if <condition>:` or `if <condition>: continue`, read without backtracking (lines can be long). */
function ifLineOf(line: string, indent: number): IfLine | null {
  const hash = line.indexOf('#');
  const code = (hash >= 0 && !/["']/.test(line.slice(0, hash)) ? line.slice(0, hash) : line).trimEnd();
  const head = code.slice(indent);
  if (!head.startsWith('if') || !/\s/.test(head.charAt(2))) return null;
  let inlineContinue = false;
  let colon = code.length - 1;
  if (code.endsWith('continue')) {
    const before = code.slice(0, code.length - 'continue'.length).trimEnd();
    if (!before.endsWith(':')) return null;
    inlineContinue = true;
    colon = before.length - 1;
  } else if (!code.endsWith(':')) return null;
  const condition = code.slice(indent + 3, colon).trim();
  return condition === '' ? null : { condition, inlineContinue, codeLength: code.length };
}

function missingFieldTests(variable: string): RegExp[] {
  const v = variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [
    new RegExp(`^not\\s+${v}\\.get\\(\\s*${KEY}\\s*\\)$`),
    new RegExp(`^${v}\\.get\\(\\s*${KEY}\\s*\\)\\s+is\\s+None$`),
    new RegExp(`^not\\s+${v}\\[\\s*${KEY}\\s*\\]$`),
    new RegExp(`^${v}\\[\\s*${KEY}\\s*\\]\\s+is\\s+None$`),
    new RegExp(`^${KEY}\\s+not\\s+in\\s+${v}$`),
  ];
}

/** The field names a condition tests for being missing, or null when any part tests something else. */
function missingFields(condition: string, variable: string): string[] | null {
  const tests = missingFieldTests(variable);
  const inner = condition.startsWith('(') && condition.endsWith(')') ? condition.slice(1, -1) : condition;
  const parts = inner.replace(/\s+/g, ' ').split(' or ');
  const fields: string[] = [];
  for (const part of parts) {
    const trimmed = part.trim();
    if (!tests.some((t) => t.test(trimmed))) return null;
    fields.push(/["']([^"']+)["']/.exec(trimmed)?.[1] ?? '');
  }
  return fields;
}

interface Skip {
  start: number;
  end: number;
  fields: string[];
}

/** The `if …: continue` statements at the top level of the loop's body that skip records missing a field. */
function skipsIn(loop: LoopFact, variable: string, text: SourceText): Skip[] {
  const out: Skip[] = [];
  // From the start of the body's first line, so every line keeps its indentation.
  const first = text.lastIndexOf('\n', loop.bodyStart - 1) + 1;
  // A one-line body (`for r in rows: out.append(r)`) has no statement of its own to skip.
  if (text.slice(first, loop.bodyStart).trim() !== '') return out;
  const lines = text.slice(first, loop.bodyEnd).split('\n');
  let offset = first;
  const bodyIndent = loop.bodyStart - first;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineStart = offset;
    offset += line.length + 1;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (indent !== bodyIndent) continue;
    const m = ifLineOf(line, indent);
    if (!m) continue;
    let onlyContinue = m.inlineContinue;
    if (!onlyContinue) {
      const block: string[] = [];
      for (const next of lines.slice(i + 1)) {
        if (next.trim() === '' || next.trim().startsWith('#')) continue;
        if (/^[ \t]*/.exec(next)![0].length <= indent) break;
        block.push(next.trim());
      }
      onlyContinue = block.length === 1 && block[0] === 'continue';
    }
    if (!onlyContinue) continue;
    const fields = missingFields(m.condition, variable);
    if (!fields) continue;
    out.push({ start: lineStart + indent, end: lineStart + m.codeLength, fields });
  }
  return out;
}

export function checkRecordSkips(ctx: RuleContext, py: PythonFacts, text: SourceText, scopes: () => ScopeCache): void {
  if (ctx.doc.isTestFile) return;
  for (const loop of ctx.statement?.loops ?? py.loops) {
    // A tree walk (`message.walk()`, `os.walk(…)`) visits parts and folders, not records.
    if (loop.kind !== 'for' || /(^|\.)walk\(\)$|^os\.walk$/.test(loop.iterable)) continue;
    const variable = loop.target.trim();
    if (!/^[A-Za-z_]\w*$/.test(variable)) continue;
    const body = text.slice(loop.bodyStart, loop.bodyEnd);
    if (!/\.(append|extend)\s*\(/.test(body)) continue;
    const skips = skipsIn(loop, variable, text);
    if (skips.length === 0) continue;
    // A count of what was kept against what was read, shown after the loop, accounts for the skips.
    const scope = scopes().get(loop.fn);
    if (scope.reports.some((r) => r.start >= loop.end && /\blen\s*\(/.test(text.slice(r.start, r.end)))) continue;
    if (scope.guards.some((g) => g.start >= loop.end && /\blen\s*\(/.test(text.slice(g.start, g.end)))) continue;
    for (const skip of skips) {
      const named = skip.fields.filter((f) => f !== '');
      const what = named.length > 0 ? named.join(' or ') : 'the field';
      ctx.report({
        start: skip.start,
        end: skip.end,
        message: `records without ${what} are skipped without being counted or logged, so a source that stops filling it silently shrinks the load; count the skipped records and log them (or fail past a threshold), or write them to a rejects store`,
        fixes: [],
        fingerprintText: `record-skip|${variable}|${named.join(',')}`,
      });
    }
  }
}
