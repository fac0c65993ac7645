// What Pipewise already knows about the workspace (detected sources, destination, schedule),
// used to fill the answers a person left out. Explicit answers always win over hints; the
// workspace model fills this in once it exists.

import { isRecord } from './answers';

export interface WorkspaceSourceHint {
  /** One of the answers' source types (database, rest-api, files, object-storage, stream). */
  type: string;
  name: string;
  system?: string;
  format?: string;
  /** Workspace-relative file the source was detected in, e.g. `extract.py`. */
  detectedIn?: string;
}

export interface WorkspaceHints {
  sources?: WorkspaceSourceHint[];
  destination?: { type: string; name?: string; detectedIn?: string };
  /** Cron expression or "daily"/"hourly", e.g. from pipeline.yaml `schedule:`. */
  schedule?: string;
  /** Pipeline name, e.g. pipeline.yaml `name:`. */
  name?: string;
}

export interface HintedAnswers {
  raw: unknown;
  /** Human-readable notes of what came from the workspace, for the design's overview. */
  filledFromWorkspace: string[];
}

/** Fills what the raw answers leave out from the hints; never overrides a given answer. */
export function applyWorkspaceHints(raw: unknown, hints: WorkspaceHints | undefined): HintedAnswers {
  if (!hints || (raw !== undefined && raw !== null && !isRecord(raw))) return { raw, filledFromWorkspace: [] };
  const answers: Record<string, unknown> = isRecord(raw) ? { ...raw } : {};
  const filled: string[] = [];

  if (isMissing(answers.name) && hints.name) {
    answers.name = hints.name;
    filled.push(`name "${hints.name}"`);
  }
  if (isMissing(answers.sources) && hints.sources?.length) {
    answers.sources = hints.sources.map(toSourceAnswer);
    filled.push(...hints.sources.map((s) => `source ${s.type} "${s.name}"${where(s.detectedIn)}`));
  }
  if (isMissing(answers.destination) && hints.destination) {
    const { type, name } = hints.destination;
    answers.destination = name ? { type, name } : { type };
    filled.push(`destination ${type}${name ? ` "${name}"` : ''}${where(hints.destination.detectedIn)}`);
  }
  if (hints.schedule) fillSchedule(answers, hints.schedule, filled);
  return { raw: answers, filledFromWorkspace: filled };
}

function fillSchedule(answers: Record<string, unknown>, schedule: string, filled: string[]): void {
  const latency = answers.latency;
  if (isMissing(latency)) {
    answers.latency = { mode: 'batch', schedule };
    filled.push(`batch schedule "${schedule}"`);
    return;
  }
  // A detected cron schedule only says something about batch pipelines.
  if (latency === 'batch') {
    answers.latency = { mode: 'batch', schedule };
    filled.push(`schedule "${schedule}"`);
  } else if (isRecord(latency) && latency.mode === 'batch' && isMissing(latency.schedule)) {
    answers.latency = { ...latency, schedule };
    filled.push(`schedule "${schedule}"`);
  }
}

function toSourceAnswer(hint: WorkspaceSourceHint): Record<string, unknown> {
  const source: Record<string, unknown> = { type: hint.type, name: hint.name };
  if (hint.system) source.system = hint.system;
  if (hint.format) source.format = hint.format;
  return source;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function where(file: string | undefined): string {
  return file ? ` (detected in ${file})` : '';
}
