// PW201's fixes: count and log the dropped rows (preferred), quarantine them to a rejects file
// before dropping, or restrict dropna to the columns the function reads afterwards.

import type { Fix, RuleContext, TextEdit } from '../../server/src/engine/types';
import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { FRAME_ATTRIBUTES } from '../../server/src/engine/knowledge';
import { wordOccurrences } from '../../server/src/engine/python/words';
import { appendArgumentEdits, keywordArg } from '../support/call-arguments';
import type { Scope } from '../support/data-accounting';
import { insertLines, lineBefore, snippetAround, statementAt, type Statement } from '../support/statement-edits';
import type { DropSite } from './dropna-site';
import type { ResultFlow } from './result-flow';
import type { NullFilter } from '../support/null-filter';
import type { SourceText } from '../../server/src/engine/source-text';

const TITLE_PREFIX = 'Pipewise (PW201):';
/** Attributes of a DataFrame that are not columns (for reading `frame.col` uses). */
const FRAME_API: ReadonlySet<string> = new Set(FRAME_ATTRIBUTES);
const ACCOUNTING_NAMES = /\b(rows_before|dropped_rows)\b/;
const ACCOUNTING_LINE = /^[ \t]*(rows_before = len\(|dropped_rows = rows_before - len\(|if dropped_rows:|[\w.]+\.warning\("(dropna removed %d of %d rows|dropped %d of %d rows with nulls in [^"]*)", dropped_rows, rows_before\))/;
/** Column labels that can go into the log message as they are. */
const LABEL = /^[\w .,-]{1,60}$/;

/** The function's text uses the accounting names only in lines an earlier fix inserted. */
function accountingNamesFree(text: SourceText, scope: Scope): boolean {
  const body = text.slice(scope.start, scope.end);
  if (!ACCOUNTING_NAMES.test(body)) return true;
  return body.split('\n').every((line) => !ACCOUNTING_NAMES.test(line) || ACCOUNTING_LINE.test(line));
}

function countAndLogEdits(ctx: RuleContext, scope: Scope, site: DropSite, flow: ResultFlow, target: string, statement: Statement): TextEdit[] | null {
  if (site.spark || !site.name || !flow.chainComplete) return null;
  const logger = scope.doc.logger();
  if (!logger || !logger.stdlib || !accountingNamesFree(ctx.doc.sourceText, scope)) return null;
  const before = snippetAround('pw-dropna-accounting', { frame: site.name, logger: logger.name }, '.dropna(').before;
  const after = snippetAround('pw-dropna-accounting', { frame: target, logger: logger.name }, '.dropna(').after;
  return [...logger.edits, ...insertLines(ctx.doc.sourceText, statement, before, after)];
}

/** `[["a", "b"]]`-style selection mirroring the call's `subset=`, '' without one, null when it cannot be mirrored. */
function subsetSelection(call: CallFact, text: SourceText): string | null {
  const subset = keywordArg(call, 'subset');
  if (!subset) return '';
  const value = text.slice(subset.start, subset.end);
  if (subset.nodeType === 'list') return `[${value}]`;
  if (subset.nodeType === 'tuple') return `[[${value.slice(1, -1)}]]`;
  if (subset.nodeType === 'string' && subset.string && subset.string.interpolations.length === 0) return `[[${value}]]`;
  return null;
}

function quarantineEdits(py: PythonFacts, text: SourceText, scope: Scope, site: DropSite, statementStart: number): TextEdit[] | null {
  const { call } = site;
  if (site.spark || !site.name) return null;
  if (call.args.some((a) => a.kind !== 'keyword') || keywordArg(call, 'thresh')) return null;
  const pandas = [...py.bindings].find(([, target]) => target === 'pandas')?.[0];
  const selection = subsetSelection(call, text);
  if (!pandas || selection === null) return null;
  const how = keywordArg(call, 'how');
  const howValue = how?.string?.value ?? 'any';
  if (howValue !== 'any' && howValue !== 'all') return null;
  if (/\b(rejected_rows|rejects_path)\b/.test(text.slice(scope.start, scope.end))) return null;
  const statement = lineBefore(text, statementStart);
  const logger = scope.doc.logger();
  if (!statement || !logger || !logger.stdlib) return null;
  const lines = snippetAround('pw-dropna-quarantine', {
    frame: site.name,
    '[subset]': selection,
    any: howValue,
    frame_name: site.name.slice(site.name.lastIndexOf('.') + 1),
    pd: pandas,
    logger: logger.name,
  }, '.dropna(').before;
  return [...logger.edits, ...insertLines(text, statement, lines, [])];
}

/** Columns the function reads from `frame` after `from` (subscripts and attribute uses), minus columns it creates. */
function columnsReadAfter(text: SourceText, scope: Scope, frame: string, from: number): string[] {
  let limit = scope.end;
  for (const a of scope.assignments) {
    if (a.target === frame && a.targetStart >= from && a.valueEnd < limit && text.slice(a.targetStart, a.targetEnd) === frame) {
      limit = a.valueEnd;
      break;
    }
  }
  const reads: string[] = [];
  const written = new Set<string>();
  for (const at of wordOccurrences(text, frame, from, limit)) {
    const rest = text.slice(at + frame.length, at + frame.length + 200);
    const single = /^\s*\[\s*(["'])([^"'\\\n]+)\1\s*\](\s*=(?!=))?/.exec(rest);
    if (single) {
      if (single[3]) written.add(single[2]);
      else reads.push(single[2]);
      continue;
    }
    const double = /^\s*\[\s*\[([^\]\n]*)\]\s*\](\s*=(?!=))?/.exec(rest);
    if (double) {
      for (const m of double[1].matchAll(/(["'])([^"'\\\n]+)\1/g)) (double[2] ? written.add(m[2]) : reads.push(m[2]));
      continue;
    }
    const attribute = /^\.([A-Za-z_]\w*)\b(\s*\()?(\s*=(?!=))?/.exec(rest);
    if (attribute && !attribute[2] && !FRAME_API.has(attribute[1]) && !attribute[1].startsWith('_')) {
      if (attribute[3]) written.add(attribute[1]);
      else reads.push(attribute[1]);
    }
  }
  return [...new Set(reads.filter((c) => !written.has(c)))];
}

export function fixesFor(ctx: RuleContext, py: PythonFacts, scope: Scope, site: DropSite, flow: ResultFlow): Fix[] {
  const text = ctx.doc.sourceText;
  const { call } = site;
  const fixes: Fix[] = [];
  const target = site.inplace ? site.name : flow.assignment ? text.slice(flow.assignment.targetStart, flow.assignment.targetEnd) : null;
  const statementStart = site.inplace ? call.start : flow.assignment ? flow.assignment.targetStart : call.start;
  const statementEnd = site.inplace ? flow.chainEnd : flow.assignment ? flow.assignment.valueEnd : flow.chainEnd;
  const statement = target !== null && (site.inplace || flow.assignment) ? statementAt(text, statementStart, statementEnd) : null;
  const unsafeRuntime = scope.doc.heavyRuntime();
  const countEdits = statement && target ? countAndLogEdits(ctx, scope, site, flow, target, statement) : null;
  if (countEdits) {
    fixes.push({ title: `${TITLE_PREFIX} Count and log dropped rows`, edits: countEdits, safe: !unsafeRuntime, preferred: true });
  }
  const enclosing = scope.returns.find((s) => s.start <= call.start && flow.chainEnd <= s.end);
  const quarantine = quarantineEdits(py, text, scope, site, enclosing ? enclosing.start : statementStart);
  if (quarantine) {
    fixes.push({ title: `${TITLE_PREFIX} Quarantine dropped rows to a rejects file before dropping`, edits: quarantine, safe: false, preferred: countEdits === null });
  }
  if (countEdits && statement && target && call.end === flow.chainEnd && !keywordArg(call, 'subset') && !keywordArg(call, 'thresh')) {
    const columns = columnsReadAfter(text, scope, target, statement.end);
    const subsetText = `subset=[${columns.map((c) => JSON.stringify(c)).join(', ')}]`;
    const subsetEdits = columns.length > 0 ? appendArgumentEdits(text, call, subsetText) : null;
    if (subsetEdits) {
      fixes.push({ title: `${TITLE_PREFIX} Restrict dropna to ${subsetText} (the columns used later) and log dropped rows`, edits: [...countEdits, ...subsetEdits], safe: false });
    }
  }
  return fixes;
}

/** Count and log the rows a null filter (`df = df[df["id"].notna()]`) removes. */
export function nullFilterFixes(ctx: RuleContext, scope: Scope, filter: NullFilter): Fix[] {
  const text = ctx.doc.sourceText;
  const { assignment } = filter;
  const statement = statementAt(text, assignment.targetStart, assignment.valueEnd);
  const logger = scope.doc.logger();
  if (!statement || !logger || !logger.stdlib || !accountingNamesFree(text, scope)) return [];
  const columns = filter.columns !== null && LABEL.test(filter.columns) ? filter.columns : 'the required columns';
  const values = (frame: string) => ({ frame, logger: logger.name, columns });
  const before = snippetAround('pw-null-filter-accounting', values(filter.source), '.notna()]').before;
  const after = snippetAround('pw-null-filter-accounting', values(filter.target), '.notna()]').after;
  return [{
    title: `${TITLE_PREFIX} Count and log the rows the filter drops`,
    edits: [...logger.edits, ...insertLines(text, statement, before, after)],
    safe: !scope.doc.heavyRuntime(),
    preferred: true,
  }];
}
