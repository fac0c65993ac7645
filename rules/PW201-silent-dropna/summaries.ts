// Whether rows dropped from a frame are lost to the pipeline or only left out of a summary: a
// dropped frame that is then only reduced to statistics, aggregated (`groupby(…).mean()`),
// measured (`len`, `.shape`), printed or plotted loses nothing the stage passes on. A frame that is
// returned, written, passed to another function or iterated is kept.

import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import {
  AGGREGATION_METHODS, CHECK_RESULT_CLASSES, FRAME_KEEPING_METHODS, ROW_ITERATION_METHODS, ROW_VALUE_METHODS, isPresentationCall, REDUCTION_METHODS, ROW_PRESERVING_METHODS, STATISTIC_ATTRIBUTES, STATISTIC_METHODS,
} from '../../server/src/engine/knowledge';
import { wordOccurrences } from '../../server/src/engine/python/words';
import { codeOccurrences, type Scope } from '../support/data-accounting';

/** Methods that end in a summary of the rows: statistics, displays, aggregations. */
const SUMMARY: ReadonlySet<string> = new Set<string>([...STATISTIC_METHODS, ...REDUCTION_METHODS, ...AGGREGATION_METHODS, 'plot', 'hist', 'boxplot']);
/** Methods that keep a frame (its rows or a subset of them): a summary may still follow. */
const KEEPS_FRAME: ReadonlySet<string> = new Set<string>([...FRAME_KEEPING_METHODS, ...ROW_PRESERVING_METHODS, 'dropna', 'loc', 'iloc']);
const STAT_ATTRIBUTE = new RegExp(`^\\s*\\.\\s*(${STATISTIC_ATTRIBUTES.join('|')}|plot)\\b(?!\\s*=)`);
/** Builtins and display helpers that measure or show a value. */
const MEASURES = new Set(['len', 'print', 'display', 'bool', 'repr', 'str']);
const NAME = /^[A-Za-z_]\w*$/;
const MAX_HOPS = 2;

type UseKind = 'summary' | 'neutral' | 'kept';

/** The chain of method calls starting exactly at `start` (`valid.dropna().groupby(...)`), innermost first. */
function chainAt(py: PythonFacts, start: number): CallFact[] {
  return py
    .callsIn(start, start + 1)
    .filter((c) => c.start === start)
    .sort((a, b) => a.end - b.end);
}

/** Accessors whose methods work value by value (`s.str.len()`, `s.dt.year`) or select rows (`.loc[…]`): a summary may follow. */
const ACCESSORS = new Set(['str', 'dt', 'cat', 'loc', 'iloc']);

/**
 * Walks the calls chained on an expression whose callee text is `prefix` (`valid`, `df.dropna()`):
 * a summary method (or `.plot…`) ends it as a summary; a call that does not keep a frame, or an
 * attribute other than a value accessor (`.write.mode(…)`), keeps the rows.
 */
export function chainSummarises(links: readonly CallFact[], prefix: string): { summary: boolean; end: number | null } {
  let end: number | null = null;
  let current = prefix;
  for (const link of links) {
    if (!link.callee.startsWith(current)) break;
    const tail = /^((?:\[\]|\.[A-Za-z_]\w*)*)\.([A-Za-z_]\w*)$/.exec(link.callee.slice(current.length));
    if (!tail) return { summary: false, end: null };
    const attributes = [...tail[1].matchAll(/\.([A-Za-z_]\w*)/g)].map((m) => m[1]);
    if (attributes[0] === 'plot') return { summary: true, end: link.end };
    if (attributes.some((a) => !ACCESSORS.has(a))) return { summary: false, end: null };
    const method = tail[2];
    if (SUMMARY.has(method)) return { summary: true, end: link.end };
    if (!KEEPS_FRAME.has(method) && attributes.length === 0) return { summary: false, end: null };
    end = link.end;
    current = `${link.callee}()`;
  }
  return { summary: false, end };
}

/** How the occurrence of `name` at `at` uses the frame. */
function useAt(name: string, at: number, scope: Scope, depth: number): UseKind {
  const { py, text } = scope;
  // `aligned.columns = [...]`, `frame["x"] = …`: changes the frame, keeps nothing of it elsewhere.
  if (scope.assignments.some((a) => a.targetStart === at && text.slice(a.targetStart, a.targetEnd) !== name)) return 'neutral';
  const links = chainAt(py, at).filter((c) => c.callee.startsWith(name) && c.calleeStart === at);
  const chain = chainSummarises(links, name);
  if (chain.summary) return 'summary';
  let end = chain.end ?? at + name.length;
  if (links.length > 0 && chain.end === null) return 'kept';
  // Subscripts and attributes after the name or the chain: `valid["price"]`, `valid.price`.
  const rest = /^(\s*\[[^\]\n]*\]|\s*\.\s*[A-Za-z_]\w*(?!\s*\())*/.exec(text.slice(end, end + 200))?.[0] ?? '';
  if (STAT_ATTRIBUTE.test(text.slice(end, end + 40))) return 'summary';
  end += rest.length;
  const wrapper = scope.calls.find((c) => c.args.length === 1 && c.args[0].start === at && c.args[0].end === end && MEASURES.has(c.callee));
  if (wrapper) return 'summary';
  // `plt.scatter(df["x"], df["y"])`, `st.dataframe(df)`: shown to a person, not passed on.
  if (scope.calls.some((c) => c.argsStart < at && end <= c.argsEnd && isPresentationCall(c, py))) return 'summary';
  const holder = scope.assignments.find((a) => a.valueStart === at && a.valueEnd === end);
  if (holder && NAME.test(holder.target) && holder.target !== name && depth < MAX_HOPS) {
    return onlySummarised(holder.target, holder.valueEnd, scope, depth + 1) ? 'summary' : 'kept';
  }
  return 'kept';
}

/** The end of `name`'s current binding: its next rebinding after `from` in the scope, or the scope's end. */
function bindingEnd(name: string, from: number, scope: Scope): number {
  let end = scope.end;
  for (const a of scope.assignments) {
    if (a.valueEnd > from && a.targetStart > from && a.targetStart < end && scope.text.slice(a.targetStart, a.targetEnd) === name) end = a.targetStart;
  }
  return end;
}

/**
 * Every use of the frame bound to `name` after `from` (until it is rebound) only summarises it —
 * a statistic, an aggregation, a measure, a print — and there is at least one such use.
 */
export function onlySummarised(name: string, from: number, scope: Scope, depth = 0): boolean {
  const end = bindingEnd(name, from, scope);
  let summaries = 0;
  for (const at of codeOccurrences(scope, name, from, end)) {
    const use = useAt(name, at, scope, depth);
    if (use === 'kept') return false;
    if (use === 'summary') summaries++;
  }
  // A rebinding that reads the frame (`df = df.merge(…)`) carries it on.
  if (end < scope.end) {
    const rebinding = scope.assignments.find((a) => a.targetStart === end);
    if (rebinding && wordOccurrences(scope.text, name, rebinding.valueStart, rebinding.valueEnd).length > 0) return false;
  }
  return summaries > 0;
}

/** `None`, a number, a dict literal, a rounding or conversion of a number, a check's verdict: what a statistic function returns. */
const STATISTIC_VALUE = new RegExp(`^(None|-?[\\d.]+|\\{[\\s\\S]*\\}|(float|int|round|bool|(\\w+\\.)?(${CHECK_RESULT_CLASSES.join('|')}))\\([\\s\\S]*\\))?$`);
/** Calls that only measure or convert the frame's values (`len(df)`, `float(df["x"].mean())`). */
const MEASURING_CALLS = new Set([...MEASURES, 'float', 'int', 'round', 'bool']);

/**
 * The returned value is a statistic: a literal, a dict of results, or a name bound only to such
 * values in the scope whose items (`out[key] = …`) never hold the dropped frame.
 */
function returnsStatistic(value: string, scope: Scope, frame: string): boolean {
  const trimmed = value.trim();
  if (STATISTIC_VALUE.test(trimmed)) return true;
  if (!NAME.test(trimmed)) return false;
  const bound = scope.assignments.filter((a) => a.target === trimmed);
  const items = scope.assignments.filter((a) => a.target === `${trimmed}[]`);
  const literal = (a: { valueStart: number; valueEnd: number }) => STATISTIC_VALUE.test(scope.text.slice(a.valueStart, a.valueEnd).trim()) || /^dict\(\s*\)$/.test(scope.text.slice(a.valueStart, a.valueEnd).trim());
  return bound.length > 0 && bound.every(literal) && items.every((a) => wordOccurrences(scope.text, frame, a.valueStart, a.valueEnd).length === 0);
}

/** Conversions that hand a frame's rows on one by one (`df.to_records()`, `df.itertuples()`, `df.to_dict("records")`). */
const ROW_HANDOFF = new RegExp(`^\\s*\\.\\s*(${[...ROW_ITERATION_METHODS, ...ROW_VALUE_METHODS, 'to_dict', 'values'].join('|')})\\b`);

/**
 * The function around the drop computes statistics: it writes nothing, every return hands back a
 * number, a dict of results or None (never a frame), and the dropped frame is never passed whole
 * to another call, only its columns and measures (`pooled_ic(sub["signal"], sub["fwd"])`,
 * `len(sub)`). An evaluation, correlation or regression helper drops incomplete pairs by
 * definition; no dataset leaves it.
 */
export function feedsOnlyStatistics(name: string, from: number, scope: Scope, notebook = false): boolean {
  const returns = scope.returns.filter((r) => r.fn === scope.fn);
  // A write before the drop cannot carry the dropped rows.
  if (scope.writes.some((w) => w.end > from)) return false;
  // A notebook's cells that write nothing: an analysis read by the person running it.
  if (scope.fn ? returns.length === 0 : !notebook) return false;
  const { text } = scope;
  for (const r of returns) {
    const value = text.slice(r.start, r.end).replace(/^return\b/, '');
    if (!returnsStatistic(value, scope, name)) return false;
  }
  // A function that only ever returns nothing is a step, not a statistic.
  if (scope.fn && returns.every((r) => /^return\s*(None\s*)?$/.test(text.slice(r.start, r.end).trim()))) return false;
  // To the scope's end: a rebinding that reads the frame (`df = df[df.x > 0]`) carries the drop on.
  for (const at of codeOccurrences(scope, name, from, scope.end)) {
    const whole = scope.calls.find((c) => c.args.some((a) => a.start === at && a.end === at + name.length));
    if (whole) {
      if (!MEASURING_CALLS.has(whole.callee) && !isPresentationCall(whole, scope.py)) return false;
      continue;
    }
    // Its rows handed on one by one, or iterated.
    if (ROW_HANDOFF.test(text.slice(at + name.length, at + name.length + 40)) || (/\bin\s*$/.test(text.slice(Math.max(0, at - 10), at)) && /^\s*:/.test(text.slice(at + name.length, at + name.length + 10)))) return false;
    // A notebook cell's last line showing the frame.
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const rest = text.slice(at + name.length, at + name.length + 40).split('\n')[0];
    if (/^\s*$/.test(text.slice(lineStart, at)) && /^\s*(#.*)?$/.test(rest)) continue;
    // The frame itself handed on: `{"clean": df}`, `frames = [df]`, `out = df`.
    if (/^\s*([,)}\]]|$|#)/.test(rest)) return false;
  }
  return true;
}
