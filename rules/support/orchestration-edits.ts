// Edits PW403/PW404 make to pipeline configs and Airflow DAG files: retries in YAML `defaults:`
// or on a step, retries in Airflow default_args / on an operator, `catchup=` on a DAG, a fixed
// start_date. The inserted text comes from the `pw-pipeline`, `pw-step` and `pw-airflow-dag`
// snippets (the one source of truth for code Pipewise writes); only the layout is computed here.

import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { lineEnding } from '../../server/src/engine/python/edits';
import { renderSnippet } from '../../server/src/engine/snippets';
import type { TextEdit } from '../../server/src/engine/types';
import type { AirflowDag, DictLiteral } from '../../server/src/engine/workspace/airflow';
import type { PipelineFact, StepFact } from '../../server/src/engine/workspace/types';
import { appendArgumentEdits } from './call-arguments';
import { fromImportEdits } from './module-edits';

let yamlDefaultsCache: string[] | undefined;
let airflowRetryCache: { retries: string; retryDelayMinutes: string } | undefined;

/** The `defaults:` block of the pw-pipeline snippet (`defaults:`, `  retries: 3`, `  retry_delay_seconds: 300`). */
export function yamlDefaultsLines(): string[] {
  if (!yamlDefaultsCache) {
    const lines = renderSnippet('pw-pipeline').split('\n');
    const at = lines.findIndex((l) => l.startsWith('defaults:'));
    const block = [lines[at]];
    for (let i = at + 1; i < lines.length && /^\s+\S/.test(lines[i]); i++) block.push(lines[i]);
    yamlDefaultsCache = block;
  }
  return yamlDefaultsCache;
}

/** `retries: 3` as the pw-step snippet writes it. */
export function yamlStepRetriesLine(): string {
  const line = renderSnippet('pw-step').split('\n').find((l) => /^\s*retries:/.test(l)) ?? 'retries: 3';
  return line.trim();
}

/** The retry count and delay the pw-airflow-dag snippet puts in default_args. */
export function airflowRetryValues(): { retries: string; retryDelayMinutes: string } {
  if (!airflowRetryCache) {
    const body = renderSnippet('pw-airflow-dag');
    airflowRetryCache = {
      retries: /"retries":\s*(\d+)/.exec(body)?.[1] ?? '3',
      retryDelayMinutes: /timedelta\(minutes=(\d+)\)/.exec(body)?.[1] ?? '5',
    };
  }
  return airflowRetryCache;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndAt(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return newline > 0 && text[newline - 1] === '\r' ? newline - 1 : newline;
}

// ---- YAML ----

/**
 * Adds `retries: 3` (and `retry_delay_seconds: 300` when creating the block) to the pipeline's
 * defaults: into an existing `defaults:`/`default_args:` mapping, or as a new `defaults:` block
 * after the `schedule:` line (else after `name:`, else before the steps). Null for flow-style YAML.
 */
export function yamlDefaultRetriesEdits(text: string, pipeline: PipelineFact): TextEdit[] | null {
  const eol = lineEnding(text);
  const existing = /^(defaults|default_args):[ \t]*(#.*)?\r?\n([ \t]+)\S/m.exec(text);
  if (existing) {
    const at = existing.index + existing[0].length - 1;
    const insertAt = lineStart(text, at);
    return [{ start: insertAt, end: insertAt, newText: `${existing[3]}${yamlStepRetriesLine()}${eol}` }];
  }
  if (/^(defaults|default_args):/m.test(text)) return null;
  const unit = indentUnit(text, pipeline);
  const block = yamlDefaultsLines().map((line) => line.replace(/^( {2})+/, (m) => unit.repeat(m.length / 2)));
  const after = topLevelLine(text, /^(schedule|cron|schedule_interval):/m) ?? topLevelLine(text, /^name:/m);
  if (after !== null) {
    const end = lineEndAt(text, after);
    return [{ start: end, end, newText: `${eol}${block.join(eol)}` }];
  }
  const before = topLevelLine(text, /^(steps|tasks):/m);
  if (before === null) return null;
  return [{ start: before, end: before, newText: `${block.join(eol)}${eol}` }];
}

function topLevelLine(text: string, pattern: RegExp): number | null {
  const match = pattern.exec(text);
  return match ? match.index : null;
}

/** The file's indentation unit, read from the first step item (`  - name:` → two spaces). */
function indentUnit(text: string, pipeline: PipelineFact): string {
  const first = pipeline.steps[0];
  if (!first) return '  ';
  const start = lineStart(text, first.range.start);
  const indent = /^[ ]*/.exec(text.slice(start, first.range.start))?.[0] ?? '';
  return indent.length >= 2 ? indent : '  ';
}

/** Adds `retries: 3` to a step mapping, on the line after its script (or name). Null for flow-style steps. */
export function yamlStepRetriesEdit(text: string, step: StepFact): TextEdit | null {
  const eol = lineEnding(text);
  const anchor = step.targetRange && !text.slice(step.targetRange.start, step.targetRange.end).includes('\n') ? step.targetRange : step.nameRange;
  const start = lineStart(text, anchor.start);
  const prefix = text.slice(start, anchor.start);
  if (/[{}[\]]/.test(prefix)) return null;
  const keyColumn = /^[ \t]*(?:-[ \t]+)*/.exec(prefix)?.[0].length ?? 0;
  const end = lineEndAt(text, anchor.end);
  return { start: end, end, newText: `${eol}${' '.repeat(keyColumn)}${yamlStepRetriesLine()}` };
}

// ---- Airflow ----

/** `timedelta` as the module can name it, with the import edit when needed; null when the name is taken. */
function timedeltaName(py: PythonFacts, text: string): { name: string; edits: TextEdit[] } | null {
  for (const [local, target] of py.bindings) if (target === 'datetime.timedelta') return { name: local, edits: [] };
  for (const [local, target] of py.bindings) if (target === 'datetime') return { name: `${local}.timedelta`, edits: [] };
  return importFromDatetime(py, text, 'timedelta');
}

/**
 * `from datetime import <name>`: appended to an existing one-line `from datetime import …`
 * (`from datetime import datetime` → `from datetime import datetime, timedelta`), else a new import.
 */
function importFromDatetime(py: PythonFacts, text: string, name: string): { name: string; edits: TextEdit[] } | null {
  const existing = py.imports.find((i) => i.isFrom && i.topLevel && i.module === 'datetime');
  if (existing && !py.bindings.has(name)) {
    const statement = text.slice(existing.start, existing.end);
    if (/^from\s+datetime\s+import\s+[\w ,]+$/.test(statement) && !/\bas\b/.test(statement)) {
      return { name, edits: [{ start: existing.end, end: existing.end, newText: `, ${name}` }] };
    }
  }
  const edits = fromImportEdits(py, text, 'datetime', [name]);
  return edits ? { name, edits } : null;
}

/** The `datetime` class as the module can name it, with the import edit when needed. */
export function datetimeName(py: PythonFacts, text: string): { name: string; edits: TextEdit[] } | null {
  for (const [local, target] of py.bindings) if (target === 'datetime.datetime') return { name: local, edits: [] };
  for (const [local, target] of py.bindings) if (target === 'datetime') return { name: `${local}.datetime`, edits: [] };
  return importFromDatetime(py, text, 'datetime');
}

/** Appends entries to a dict literal in its own layout (one line, or one entry per line). */
function appendDictEntries(text: string, dict: DictLiteral, entries: string[]): TextEdit[] {
  const close = dict.end - 1;
  const last = dict.entries[dict.entries.length - 1];
  if (!last) return [{ start: dict.start + 1, end: close, newText: entries.join(', ') }];
  const gap = text.slice(last.valueEnd, close);
  const comma = /^[ \t]*,/.exec(gap);
  if (!gap.includes('\n')) {
    if (comma) return [{ start: close, end: close, newText: `${/\s$/.test(gap) ? '' : ' '}${entries.join(', ')}` }];
    return [{ start: last.valueEnd, end: last.valueEnd, newText: `, ${entries.join(', ')}` }];
  }
  const eol = lineEnding(text);
  const indent = /^[ \t]*/.exec(text.slice(lineStart(text, last.keyStart), last.keyStart))?.[0] ?? '    ';
  const lineEnd = lineEndAt(text, last.valueEnd);
  const body = entries.map((e) => `${eol}${indent}${e},`).join('');
  if (comma) return [{ start: lineEnd, end: lineEnd, newText: body }];
  return [
    { start: last.valueEnd, end: last.valueEnd, newText: ',' },
    { start: lineEnd, end: lineEnd, newText: body.replace(/,$/, '') },
  ];
}

/**
 * Adds `"retries": 3, "retry_delay": timedelta(minutes=5)` to the DAG's default_args (a dict
 * literal, or `dict(...)`), or passes `default_args={...}` to the DAG when it has none. Null when
 * default_args comes from somewhere we cannot edit.
 */
export function airflowDefaultRetriesEdits(py: PythonFacts, text: string, dag: AirflowDag): TextEdit[] | null {
  const td = timedeltaName(py, text);
  if (!td) return null;
  const { retries, retryDelayMinutes } = airflowRetryValues();
  const delay = `${td.name}(minutes=${retryDelayMinutes})`;
  const source = dag.defaultArgs;
  let edits: TextEdit[] | null;
  if (!source) {
    edits = appendArgumentEdits(text, dag.call, `default_args={"retries": ${retries}, "retry_delay": ${delay}}`);
  } else if (source.kind === 'dict') {
    const quote = firstKeyQuote(text, source.dict);
    edits = appendDictEntries(text, source.dict, [`${quote}retries${quote}: ${retries}`, `${quote}retry_delay${quote}: ${delay}`]);
  } else if (source.kind === 'dict-call') {
    edits = appendArgumentEdits(text, source.call, `retries=${retries}, retry_delay=${delay}`);
  } else {
    edits = null;
  }
  return edits ? [...td.edits, ...edits] : null;
}

function firstKeyQuote(text: string, dict: DictLiteral): string {
  const first = dict.entries.find((e) => e.key !== null);
  return first && text[first.keyStart] === "'" ? "'" : '"';
}

/** Adds `name=value` to a call, or `(name=value)` to a bare decorator (`@task` → `@task(retries=3)`). */
export function addKeywordEdits(text: string, call: CallFact | null, bareDecorator: { end: number } | null, argument: string): TextEdit[] | null {
  if (call) return appendArgumentEdits(text, call, argument);
  if (bareDecorator) return [{ start: bareDecorator.end, end: bareDecorator.end, newText: `(${argument})` }];
  return null;
}
