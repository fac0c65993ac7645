// Recognising a dropna: `frame.dropna(…)` or Spark `frame.na.drop(…)` on a DataFrame, and
// whether it removes rows (not columns, not only all-null rows).

import type { ArgFact, CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import {
  annotatedFrameParam, bindingOf, concatenatesColumns, FRAME_ATTRIBUTE_NAME, isDataFrameExpression, isFrameName, SPARK_ORIGIN,
} from '../../server/src/engine/knowledge';
import { hasDictSplat, keywordArg } from '../support/call-arguments';
import type { ScopeCache } from '../support/data-accounting';
import type { SourceText } from '../../server/src/engine/source-text';

export const DOTTED_NAME = /^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*$/;

export interface DropSite {
  call: CallFact;
  form: 'dropna' | 'na.drop';
  /** The receiver as written (whitespace removed). */
  receiver: string;
  /** The receiver when it is a plain (dotted) name. */
  name: string | null;
  spark: boolean;
  inplace: boolean;
}

export function siteOf(call: CallFact, py: PythonFacts, text: SourceText, doc: ScopeCache): DropSite | null {
  let form: DropSite['form'];
  let methodLength: number;
  if (call.callee.endsWith('.dropna')) {
    form = 'dropna';
    methodLength = 'dropna'.length;
  } else if (call.callee.endsWith('.na.drop')) {
    form = 'na.drop';
    methodLength = 'drop'.length;
  } else return null;
  let receiverEnd = text.lastIndexOf('.', call.calleeEnd - methodLength - 1);
  if (form === 'na.drop') receiverEnd = text.lastIndexOf('.', receiverEnd - 1);
  if (receiverEnd <= call.start) return null;
  const receiver = text.slice(call.start, receiverEnd).replace(/\s+/g, '');
  const name = DOTTED_NAME.test(receiver) ? receiver : null;
  const inplaceArg = keywordArg(call, 'inplace');
  if (inplaceArg && inplaceArg.nodeType !== 'true' && inplaceArg.nodeType !== 'false') return null;
  const spark = form === 'na.drop' || isSparkFrame(name, call, py, text, doc);
  return { call, form, receiver, name, spark, inplace: inplaceArg?.nodeType === 'true' };
}

function isSparkFrame(name: string | null, call: CallFact, py: PythonFacts, text: SourceText, doc: ScopeCache): boolean {
  if (doc.importsModule('pyspark') && !doc.importsModule('pandas')) return true;
  if (!name || name.includes('.')) return false;
  let current = name;
  let offset = call.start;
  for (let hop = 0; hop < 5; hop++) {
    const assignment = bindingOf(py, text, current, call.fn, offset);
    if (!assignment?.call) return false;
    const origin = assignment.call;
    if (SPARK_ORIGIN.test(origin.callee) || py.resolveCall(origin).startsWith('pyspark.')) return true;
    const receiver = origin.callee.split('.')[0];
    if (!/^[A-Za-z_]\w*$/.test(receiver) || receiver === current) return false;
    current = receiver;
    offset = origin.start;
  }
  return false;
}

export function isFrameReceiver(site: DropSite, py: PythonFacts, text: SourceText): boolean {
  const { call } = site;
  if (site.form === 'na.drop') return true;
  const dotted = call.callee.slice(0, -'.dropna'.length);
  if (isDataFrameExpression(dotted, call.fn, call.start, py)) return true;
  if (site.name && !site.name.includes('.') && isFrameName(py, text, site.name, call.fn, call.start)) return true;
  // `subset=`/`thresh=` exist on DataFrame.dropna only (Series.dropna has neither).
  if (keywordArg(call, 'subset') || keywordArg(call, 'thresh')) return true;
  const selection = /^([A-Za-z_][\w.]*)\[\[/.exec(site.receiver);
  if (selection) return isDataFrameExpression(selection[1], call.fn, call.start, py) || annotatedFrameParam(selection[1], call.fn, text);
  if (!site.name) return false;
  if (annotatedFrameParam(site.name, call.fn, text)) return true;
  return site.name.includes('.') && FRAME_ATTRIBUTE_NAME.test(site.name);
}

function literalValue(arg: ArgFact, text: SourceText): string {
  return arg.string ? arg.string.value : text.slice(arg.start, arg.end).trim();
}

/** Whether the call removes rows (not columns, not only all-null rows); false when it cannot tell. */
export function dropsRows(site: DropSite, text: SourceText): boolean {
  const { call } = site;
  if (hasDictSplat(call) || call.args.some((a) => a.kind === 'list-splat')) return false;
  const positional = call.args.filter((a) => a.kind === 'positional');
  let how: ArgFact | undefined;
  let subset: ArgFact | undefined;
  if (site.spark) {
    how = keywordArg(call, 'how') ?? positional[0];
    subset = keywordArg(call, 'subset') ?? positional[2];
  } else {
    const axis = keywordArg(call, 'axis') ?? positional[0];
    if (axis && !['0', 'index', 'rows'].includes(literalValue(axis, text))) return false;
    how = keywordArg(call, 'how') ?? positional[1];
    subset = keywordArg(call, 'subset') ?? positional[3];
  }
  const thresh = keywordArg(call, 'thresh');
  if (how) {
    if (!how.string || how.string.interpolations.length > 0) return false;
    if (how.string.value === 'all' && !thresh && (!subset || !isLiteralColumns(subset))) return false;
  }
  return true;
}

/**
 * `subset=["email", "phone"]`: columns named in the code. A computed subset with `how="all"`
 * (`subset=question_columns`) keeps the rows that answered any of a group of columns chosen at
 * run time: the definition of that group's population (a survey indicator's denominator), not a
 * loss of values.
 */
function isLiteralColumns(subset: ArgFact): boolean {
  return subset.string !== null || subset.nodeType === 'list' || subset.nodeType === 'tuple';
}

/**
 * `pd.concat([s1, s2], axis=1).dropna()` (directly or through a name bound to the concat): the
 * series are aligned on their index and the dropna keeps the index values they share — an inner
 * join written in two steps, not a silent loss of rows.
 */
export function alignsColumns(site: DropSite, py: PythonFacts, text: SourceText): boolean {
  const { call } = site;
  if (site.spark || keywordArg(call, 'subset')) return false;
  if (site.name === null) {
    const receiverEnd = call.start + text.slice(call.start, call.calleeEnd).lastIndexOf(')') + 1;
    const concat = py.callsIn(call.start, call.start + 1).find((c) => c.start === call.start && c.end === receiverEnd);
    return concat !== undefined && concatenatesColumns(concat, py, text);
  }
  if (site.name.includes('.')) return false;
  const binding = bindingOf(py, text, site.name, call.fn, call.start);
  return binding?.call != null && binding.valueStart === binding.call.start && binding.valueEnd === binding.call.end && concatenatesColumns(binding.call, py, text);
}

const STRING_LIST = /^[[(]\s*(?:(?:"[^"\\\n]*"|'[^'\\\n]*')\s*,\s*)*(?:"[^"\\\n]*"|'[^'\\\n]*')\s*,?\s*[\])]$/;

/** The columns of a literal `subset=` (`"id"`, `["district", "zone"]`); empty when computed or absent. */
export function subsetColumns(call: CallFact, text: SourceText): string[] {
  const subset = keywordArg(call, 'subset');
  if (!subset) return [];
  if (subset.string) return subset.string.interpolations.length === 0 ? [subset.string.value] : [];
  const written = text.slice(subset.start, subset.end);
  if (!STRING_LIST.test(written)) return [];
  return [...written.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
}
