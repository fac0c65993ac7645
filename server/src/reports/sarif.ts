// SARIF 2.1.0 for code-scanning services. Every rule is listed (consumers show rule help for
// results and for configuration); results carry only the rules' messages, never source snippets,
// because a snippet of a PW101 finding is the secret itself.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fingerprintOf } from '../engine/baseline';
import { ruleDocMarkdown } from '../engine/docs';
import { severityOf } from '../engine/severity';
import type { Priority, RuleMeta, Severity } from '../engine/types';
import { rangeOf, type SourceRange } from './locate';
import { TOOL_NAME, TOOL_VERSION } from './tool';
import { allFindings, allGaps, type ReportFile, type ReportInput } from './types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'pipewise/v1';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { priority: Priority; tags: string[] };
}

export interface SarifFix {
  description: { text: string };
  artifactChanges: Array<{
    artifactLocation: SarifArtifactLocation;
    replacements: Array<{ deletedRegion: SarifRegion; insertedContent: { text: string } }>;
  }>;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: SarifArtifactLocation; region: SarifRegion } }>;
  partialFingerprints: Record<string, string>;
  properties: { priority: Priority; cell?: number; cellLine?: number; cellColumn?: number };
  fixes?: SarifFix[];
}

/** A file not (fully) checked, as SARIF's tool execution notification. */
export interface SarifNotification {
  level: 'error';
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: SarifArtifactLocation; region: SarifRegion } }>;
  descriptor: { id: string };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }>;
    tool: { driver: { name: string; version: string; semanticVersion: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }>;
}

const PRIORITY_LEVELS: Record<Priority, SarifLevel> = { P1: 'error', P2: 'warning', P3: 'note' };
const SEVERITY_LEVELS: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function buildSarif(input: ReportInput): SarifLog {
  const ruleIndex = new Map(input.rules.map((meta, index) => [meta.id, index]));
  const results: SarifResult[] = [];
  for (const { file, finding } of allFindings(input)) {
    const index = ruleIndex.get(finding.ruleId);
    if (index === undefined) continue;
    const location = artifactLocation(input.root, file);
    // A fix in a Jupyter notebook edits a cell's source, which the file holds as JSON strings: not offered as a SARIF replacement.
    const safeFixes = file.notebook?.codeInJson ? [] : finding.fixes.filter((fix) => fix.safe);
    results.push({
      ruleId: finding.ruleId,
      ruleIndex: index,
      level: SEVERITY_LEVELS[severityOf(finding, file.config) ?? 'information'],
      message: { text: finding.message },
      locations: [{ physicalLocation: { artifactLocation: location, region: regionOf(fileRange(file, finding.start, finding.end)) } }],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprintOf(finding) },
      properties: { priority: finding.priority, ...cellProperties(file, finding.start, finding.end) },
      ...(safeFixes.length
        ? {
            fixes: safeFixes.map((fix) => ({
              description: { text: fix.title },
              artifactChanges: [
                {
                  artifactLocation: location,
                  replacements: fix.edits.map((edit) => ({
                    deletedRegion: regionOf(rangeOf(file.lines, edit.start, edit.end)),
                    insertedContent: { text: edit.newText },
                  })),
                },
              ],
            })),
          }
        : {}),
    });
  }
  const notifications: SarifNotification[] = allGaps(input).map(({ file, gap }) => ({
    level: 'error',
    message: { text: `${file.path}: ${gap.message}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(input.root, file), region: regionOf(fileRange(file, gap.start, gap.end)) } }],
    descriptor: { id: `not-checked/${gap.kind}` },
  }));
  if (input.files.length === 0) notifications.push({ level: 'error', message: { text: 'No files checked: no Python, YAML, INI, TOML or .env file found (or all are excluded or ignored).' }, locations: [], descriptor: { id: 'not-checked/no-files' } });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        // A run that left files unchecked did not do all it was asked: say so where CI looks.
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            rules: input.rules.map(sarifRule),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUrl(input.root) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function renderSarif(input: ReportInput): string {
  return `${JSON.stringify(buildSarif(input), null, 2)}\n`;
}

/** The rule's help travels inside the SARIF file (code scanning shows it without following a link). */
function sarifRule(meta: RuleMeta): SarifRule {
  const page = ruleDocMarkdown(meta);
  return {
    id: meta.id,
    name: meta.slug,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.rationale },
    help: { text: `${meta.rationale} ${meta.recommendation}`, markdown: page ?? `${meta.rationale}\n\n**Fix:** ${meta.recommendation}` },
    defaultConfiguration: { level: PRIORITY_LEVELS[meta.priority] },
    properties: { priority: meta.priority, tags: ['data-pipeline', meta.priority, ...meta.dialects] },
  };
}

/** The range in the file as stored: in a Jupyter notebook, inside the .ipynb JSON string that holds the code. */
function fileRange(file: ReportFile, start: number, end: number): SourceRange {
  return file.notebook ? file.notebook.fileRange(start, end) : rangeOf(file.lines, start, end);
}

/** In a notebook, the cell and the line and column inside it, as Jupyter users look for them. */
function cellProperties(file: ReportFile, start: number, end: number): { cell?: number; cellLine?: number; cellColumn?: number } {
  if (!file.notebook) return {};
  const range = file.notebook.cellRange(start, end);
  return { cell: range.cell, cellLine: range.line, cellColumn: range.column };
}

function regionOf(range: SourceRange): SarifRegion {
  return { startLine: range.line, startColumn: range.column, endLine: range.endLine, endColumn: range.endColumn };
}

/** Files under the root are relative to %SRCROOT%; files outside it get an absolute file URL. */
function artifactLocation(root: string, file: ReportFile): SarifArtifactLocation {
  if (file.path.startsWith('../') || path.isAbsolute(file.path)) return { uri: pathToFileURL(path.resolve(root, file.path)).href };
  return { uri: file.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUrl(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
