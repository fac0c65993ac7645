// How large a file Pipewise analyses. Python and YAML have lower limits than other files because
// they cost far more per byte (Python: parse, facts, every rule; YAML: the YAML library composes a
// whole document). At these sizes a whole `pipewise check`, and the editor's first analysis, stay
// within 2 s and 300 MB on a 2-core machine; a 768 kB stress module already took 2.1 s of wall time
// on a quiet machine, a 3 MB one 5 s and 410 MB, a 725 kB pipeline.yaml 2.7 s of CPU
// (docs/benchmarks.md, "Memory over an editing session and size limits"). A file over its limit is
// not analysed and is reported as not checked, by size: never by a clock, so the result does not
// depend on the machine's load.

import { detectDialect } from './document';
import { formatBytes, MB } from './limited-read';
import type { Dialect } from './types';

/** Any other file read to analyse (INI, TOML, .env, notebooks' JSON, READMEs). */
export const MAX_SOURCE_BYTES = 5 * MB;
/** Python modules (`.py`, `.pyi`), Databricks notebook exports included; a 10,000-line module is ≈ 600 kB. */
export const MAX_PYTHON_BYTES = 640 * 1024;
/** YAML (pipeline configs, DAG factories' specs, CI files). */
export const MAX_YAML_BYTES = 512 * 1024;

/** The analysis limit of a document in `dialect`. */
export function maxBytesForDialect(dialect: Dialect | null): number {
  if (dialect === 'python') return MAX_PYTHON_BYTES;
  if (dialect === 'yaml') return MAX_YAML_BYTES;
  return MAX_SOURCE_BYTES;
}

/** The analysis limit of a file found on disk, by its name. */
export function maxBytesForFile(file: string): number {
  return maxBytesForDialect(detectDialect(file));
}

/** "640 kB, the analysis limit for Python": what a skip message says about the limit. */
export function describeLimit(dialect: Dialect | null): string {
  const limit = maxBytesForDialect(dialect);
  if (dialect === 'python') return `${formatBytes(limit)}, the analysis limit for Python`;
  if (dialect === 'yaml') return `${formatBytes(limit)}, the analysis limit for YAML`;
  return formatBytes(limit);
}
