// Editing help for pipeline configs (pipeline.yaml and YAML with a `steps:` list, recognised by the
// engine's parsePipelineConfig) and Airflow DAG modules: go to a step's script, the schedule in
// words with its next runs, step and top-level key completion, and an outline of the pipeline.
// Everything reads the document's facts; nothing here decides what is wrong.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CompletionItem,
  type CompletionParams,
  type DefinitionParams,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type Location,
  type Range,
} from 'vscode-languageserver/node';
import type { DocumentFacts } from '../engine/document';
import { parseAirflowDags } from '../engine/workspace/airflow';
import { parsePipelineConfig } from '../engine/workspace/pipeline-config';
import { validateSchedule } from '../engine/workspace/schedule';
import type { PipelineFact, ScheduleFact, SourceRange } from '../engine/workspace/types';
import type { DocumentStore, OpenDocument } from './documents';
import { describeError, type Logger } from './logger';

interface KeyDoc {
  key: string;
  detail: string;
  documentation: string;
  /** Snippet inserted after `key:` (a nested list starts on the next line). */
  snippet?: string;
}

export const STEP_KEYS: readonly KeyDoc[] = [
  { key: 'name', detail: 'step name', documentation: 'Unique name of the step; `depends_on` of other steps refers to it.' },
  { key: 'script', detail: 'script to run', documentation: 'Path of the script the step runs, relative to this file (`extract.py`).' },
  { key: 'file', detail: 'script to run', documentation: 'Same as `script`: the file the step runs, relative to this file.' },
  { key: 'module', detail: 'Python module to run', documentation: 'Dotted Python module run as `python -m` (`etl.extract` → `etl/extract.py`).' },
  { key: 'command', detail: 'shell command', documentation: 'Command line the step runs (`python extract.py --date {{ ds }}`).' },
  { key: 'retries', detail: 'retry count', documentation: 'How many times the step is retried after a failure. Transient failures (network, locks, rate limits) are the common case: 2–3 retries with a delay.' },
  { key: 'retry_delay_seconds', detail: 'seconds between retries', documentation: 'Wait before retrying the step, in seconds (e.g. `300`).' },
  { key: 'timeout_minutes', detail: 'time limit', documentation: 'Fail the step when it runs longer than this many minutes, instead of hanging the run.' },
  { key: 'depends_on', detail: 'upstream steps', documentation: 'Names of steps that must finish first. Without any `depends_on`, steps run in the order listed.', snippet: '\n  - ${1:step}' },
  { key: 'inputs', detail: 'artifacts read', documentation: 'Files or tables the step reads (documentation; Pipewise also reads them from the script).', snippet: '\n  - ${1:path}' },
  { key: 'outputs', detail: 'artifacts written', documentation: 'Files or tables the step writes.', snippet: '\n  - ${1:path}' },
];

export const TOP_LEVEL_KEYS: readonly KeyDoc[] = [
  { key: 'name', detail: 'pipeline name', documentation: 'Name of the pipeline, shown in reports and the outline.' },
  { key: 'schedule', detail: 'cron schedule', documentation: 'When the pipeline runs: a cron expression in UTC (`"0 2 * * *"` is every day at 02:00) or a preset (`@daily`). Hover the value to read it in words.' },
  { key: 'defaults', detail: 'step defaults', documentation: 'Settings every step inherits unless it sets its own, e.g. `retries: 3` and `retry_delay_seconds: 300`.', snippet: '\n  retries: ${1:3}\n  retry_delay_seconds: ${2:300}' },
  { key: 'steps', detail: 'the steps', documentation: 'The steps of the pipeline, each a mapping with `name` and `script`.', snippet: '\n  - name: ${1:extract}\n    script: ${2:extract.py}' },
];

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}

function inside(range: SourceRange | null | undefined, offset: number): boolean {
  return !!range && range.start <= offset && offset <= range.end;
}

/** The schedule in words and its next three runs (UTC), or why it is invalid; Markdown. */
export function describeSchedule(schedule: Pick<ScheduleFact, 'value' | 'kind'>, now: Date = new Date()): string {
  const shown = schedule.value.trim() === '' ? 'none' : schedule.value.trim();
  const result = validateSchedule(schedule.kind === 'none' ? null : schedule.value, now, 3);
  if (!result.ok) return `**Invalid schedule** \`${shown.replace(/`/g, "'")}\`\n\n${escapeMarkdown(result.reason)}`;
  const parts = [`**Schedule** \`${shown.replace(/`/g, "'")}\`: ${escapeMarkdown(result.description)}`];
  if (result.next.length) parts.push(`Next runs (UTC):\n\n${result.next.map((date) => `- ${date.toISOString().replace('.000Z', 'Z')}`).join('\n')}`);
  return parts.join('\n\n');
}

export class PipelineEditing {
  constructor(
    private readonly documents: DocumentStore,
    private readonly logger: Logger,
  ) {}

  /** From a step's `script:`/`file:`/`module:` value to the script (when it exists). */
  definition(params: DefinitionParams): Location[] | null {
    const doc = this.documents.get(params.textDocument.uri);
    const pipeline = doc && this.yamlPipeline(doc);
    if (!doc || !pipeline) return null;
    const offset = doc.text.offsetAt(params.position);
    for (const step of pipeline.steps) {
      if (!step.scriptPath || !inside(step.targetRange, offset)) continue;
      const target = existingScript(step.target ?? '', step.scriptPath);
      if (!target) return null;
      const start = { line: 0, character: 0 };
      return [{ uri: pathToFileURL(target).toString(), range: { start, end: start } }];
    }
    return null;
  }

  /** Hover text for a schedule value (pipeline YAML or Airflow DAG), with its range; null elsewhere. */
  scheduleHover(doc: OpenDocument, offset: number): { value: string; range: Range } | null {
    for (const pipeline of this.pipelines(doc)) {
      const schedule = pipeline.schedule;
      if (!schedule || !inside(schedule, offset)) continue;
      if (pipeline.kind === 'airflow' && schedule.kind === 'other' && !/^\s*['"]/.test(doc.text.getText().slice(schedule.start, schedule.end))) continue;
      return { value: describeSchedule(schedule), range: { start: doc.text.positionAt(schedule.start), end: doc.text.positionAt(schedule.end) } };
    }
    return null;
  }

  /** Step keys inside a step mapping, top-level keys at the top level of a pipeline config. */
  completion(params: CompletionParams): CompletionItem[] {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || doc.dialect !== 'yaml') return [];
    const text = doc.text.getText();
    const context = keyContext(text, doc.text.offsetAt(params.position));
    if (!context) return [];
    // While typing, the file may not parse: a file named pipeline.yaml or with `steps:` is enough.
    if (!this.yamlPipeline(doc) && !/^(steps|tasks):/m.test(text) && !/^pipeline\.ya?ml$/i.test(path.basename(doc.filePath))) return [];
    const keys = context.kind === 'step' ? STEP_KEYS : TOP_LEVEL_KEYS;
    return keys
      .filter((entry) => !context.present.has(entry.key) || entry.key === context.current)
      .map((entry, index) => ({
        label: entry.key,
        kind: CompletionItemKind.Property,
        detail: entry.detail,
        documentation: { kind: MarkupKind.Markdown, value: entry.documentation },
        insertText: `${entry.key}:${entry.snippet ?? ' '}`,
        insertTextFormat: entry.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        sortText: String(index).padStart(2, '0'),
      }));
  }

  /** The pipeline with its schedule and steps, for the outline. */
  documentSymbols(params: DocumentSymbolParams): DocumentSymbol[] {
    const doc = this.documents.get(params.textDocument.uri);
    const pipeline = doc && this.yamlPipeline(doc);
    if (!doc || !pipeline) return [];
    const text = doc.text;
    const rangeOf = (range: SourceRange): Range => ({ start: text.positionAt(range.start), end: text.positionAt(range.end) });
    const children: DocumentSymbol[] = [];
    if (pipeline.schedule) {
      const range = rangeOf(pipeline.schedule);
      children.push({ name: 'schedule', detail: pipeline.schedule.value, kind: SymbolKind.Event, range, selectionRange: range });
    }
    for (const step of pipeline.steps) {
      const range = rangeOf(step.range);
      const selection = inside(step.range, step.nameRange.start) && inside(step.range, step.nameRange.end) ? rangeOf(step.nameRange) : { start: range.start, end: range.start };
      children.push({ name: step.name || 'step', detail: step.target ?? undefined, kind: SymbolKind.Function, range, selectionRange: selection });
    }
    const whole = rangeOf({ start: 0, end: text.getText().length });
    const selection = pipeline.nameRange ? rangeOf(pipeline.nameRange) : rangeOf(pipeline.anchor);
    return [{ name: pipeline.name || path.basename(doc.filePath), detail: 'pipeline', kind: SymbolKind.Module, range: whole, selectionRange: selection, children }];
  }

  private yamlPipeline(doc: OpenDocument): PipelineFact | null {
    if (doc.dialect !== 'yaml') return null;
    const facts = this.factsOf(doc);
    return facts ? parsePipelineConfig(facts) : null;
  }

  private pipelines(doc: OpenDocument): PipelineFact[] {
    if (doc.dialect === 'yaml') {
      const pipeline = this.yamlPipeline(doc);
      return pipeline ? [pipeline] : [];
    }
    if (doc.dialect !== 'python' || !doc.text.getText().includes('airflow')) return [];
    const facts = this.factsOf(doc);
    return facts ? parseAirflowDags(facts) : [];
  }

  private factsOf(doc: OpenDocument): DocumentFacts | null {
    try {
      return doc.facts();
    } catch (error) {
      this.logger.errorOnce(`analysing ${doc.filePath} failed: ${describeError(error)}`);
      return null;
    }
  }
}

/** The script a step target names, or a module's package `__init__.py`; null when neither exists. */
function existingScript(target: string, scriptPath: string): string | null {
  const candidates = [scriptPath];
  if (!/\.\w+$/.test(target) && scriptPath.endsWith('.py')) candidates.push(path.join(scriptPath.slice(0, -3), '__init__.py'));
  for (const candidate of candidates) {
    try {
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    } catch {
      // Unreadable: not a target.
    }
  }
  return null;
}

interface KeyContext {
  kind: 'step' | 'top';
  /** Keys the mapping already has (not offered again). */
  present: Set<string>;
  /** The key being typed on the current line, if any. */
  current: string;
}

interface Line {
  indent: number;
  /** Column of the mapping key on the line (after `- ` markers). */
  keyColumn: number;
  dash: boolean;
  key: string | null;
  blank: boolean;
}

function readLine(line: string): Line {
  const indent = line.length - line.trimStart().length;
  const rest = line.slice(indent);
  if (rest === '' || rest.startsWith('#')) return { indent, keyColumn: indent, dash: false, key: null, blank: true };
  const dash = /^-(\s+|$)/.exec(rest);
  const keyColumn = dash ? indent + dash[0].length : indent;
  const key = /^([\w.-]+)\s*:/.exec(line.slice(keyColumn));
  return { indent, keyColumn, dash: !!dash, key: key ? key[1] : null, blank: false };
}

/**
 * Whether the cursor is where a mapping key goes, and in which mapping: a step (an item of the
 * top-level `steps:`/`tasks:` list) or the top level. Read from the lines, not the parse tree,
 * because the file rarely parses while a key is half typed.
 */
export function keyContext(text: string, offset: number): KeyContext | null {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const typed = /^(\s*)(-\s+)?([\w.-]*)$/.exec(before);
  if (!typed) return null; // in a value, a comment or a flow collection
  const column = typed[1].length + (typed[2]?.length ?? 0);
  const current = typed[3];
  const lines = text.slice(0, lineStart).split(/\r?\n/);
  lines.pop(); // the (empty) text after the last line break before the cursor's line
  const present = new Set<string>();
  const after = text.slice(lineStart).split(/\r?\n/);
  // Keys below the cursor in the same mapping.
  for (let i = 1; i < after.length; i++) {
    const line = readLine(after[i]);
    if (line.blank) continue;
    if (line.indent < column) break;
    if (line.keyColumn === column && !line.dash && line.key) present.add(line.key);
  }
  if (typed[2]) {
    // `- ke|`: the first key of a new sequence item; the sequence's key is above, less indented.
    return isStepsKeyAbove(lines, typed[1].length) ? { kind: 'step', present, current } : null;
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = readLine(lines[i]);
    if (line.blank) continue;
    if (line.keyColumn === column && line.key) {
      present.add(line.key);
      if (line.dash) return isStepsKeyAbove(lines.slice(0, i), line.indent) ? { kind: 'step', present, current } : null;
      continue;
    }
    if (line.indent < column || line.keyColumn < column) return null; // inside another mapping (defaults:, a nested value)
    // Deeper lines belong to a sibling's value.
  }
  return column === 0 ? { kind: 'top', present, current } : null;
}

/** Whether the nearest less-indented line above is the top-level `steps:`/`tasks:` key. */
function isStepsKeyAbove(lines: readonly string[], indent: number): boolean {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = readLine(lines[i]);
    if (line.blank) continue;
    if (line.indent < indent || (line.indent === indent && !line.dash)) return line.indent === 0 && !line.dash && (line.key === 'steps' || line.key === 'tasks');
  }
  return false;
}
