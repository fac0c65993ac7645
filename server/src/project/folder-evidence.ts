// The checklist's evidence for a folder: the linted files, their code evidence, the pipeline graph
// (validations, intermediate files, schedules) and the README, docs and schema files read from
// disk (shared by `pipewise checklist` and the language server).

import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { ChecklistEvidence, ChecklistEvidenceLink } from '../reports/checklist';
import { gatherChecklistEvidence, type EvidenceFile, type PipelineEvidence } from '../reports/checklist-evidence';
import { LineIndex } from '../engine/line-index';
import { extendedStage } from '../engine/workspace/flow';
import type { AnalyzedFolder } from './analyze-folder';
import { SKIPPED_DIRECTORIES } from './discover';
import { relativePosix } from './paths';
import { readLimitedText } from '../engine/limited-read';
import { MAX_SOURCE_BYTES } from '../engine/size-limits';

export function gatherFolderEvidence(root: string, analyzed: Pick<AnalyzedFolder, 'files' | 'graph' | 'view' | 'codeEvidence'>): ChecklistEvidence {
  const listed = listFolder(root);
  const evidenceFiles: EvidenceFile[] = [
    ...analyzed.files.map((file) => ({ path: relativePosix(root, file.path), text: file.text })),
    ...listed.docs.flatMap((file) => {
      const text = readTextOrNull(file, root);
      return text === null ? [] : [{ path: relativePosix(root, file), text }];
    }),
  ];
  return gatherChecklistEvidence(evidenceFiles, analyzed.codeEvidence, pipelineEvidence(root, analyzed), listed.other.map((f) => relativePosix(root, f)));
}

function pipelineEvidence(root: string, { graph, view, files }: Pick<AnalyzedFolder, 'graph' | 'view' | 'files'>): PipelineEvidence {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const lineOf = (file: string, offset: number) => {
    const text = texts.get(file);
    return text === undefined ? undefined : new LineIndex(text).positionAt(offset).line + 1;
  };
  const validations: ChecklistEvidenceLink[] = [];
  const intermediates: PipelineEvidence['intermediates'] = [];
  const schedules: ChecklistEvidenceLink[] = [];
  const seenScripts = new Set<string>();
  for (const pipeline of graph.pipelines) {
    const config = relativePosix(root, pipeline.path);
    if (pipeline.schedule) schedules.push({ path: config, text: `${pipeline.name}: ${pipeline.schedule}` });
    for (const step of pipeline.steps) {
      // The step's code: its script, or the function its callable stands for in the module defining it.
      const file = step.script ?? step.module;
      const key = `${file}:${step.script ? '' : step.function}`;
      if (!file || (!step.script && !step.function) || seenScripts.has(key)) continue;
      seenScripts.add(key);
      for (const range of extendedStage(view, file)?.validations ?? []) {
        if (!step.script && range.scope !== step.function) continue;
        validations.push({ path: relativePosix(root, file), line: lineOf(file, range.start), text: `validation in ${step.name}` });
      }
    }
    for (const artifact of pipeline.artifacts) {
      if (artifact.kind !== 'file') continue;
      const writers = pipeline.edges.filter((e) => e.kind === 'writes' && e.to === artifact.id).length;
      const readers = pipeline.edges.filter((e) => e.kind === 'reads' && e.from === artifact.id).length;
      if (writers > 0 && readers > 0) intermediates.push({ path: config, text: artifact.name, runScoped: artifact.runScoped });
    }
  }
  return { validations, intermediates, schedules };
}

/** README/docs files (at most two levels deep) and the paths of other files (schema and migration files are among them). */
function listFolder(root: string, depth = 0, out: { docs: string[]; other: string[] } = { docs: [], other: [] }): { docs: string[]; other: string[] } {
  if (depth > 3) return out;
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) listFolder(full, depth + 1, out);
    } else if (depth <= 2 && (/^readme(\.[a-z]+)?$/i.test(entry.name) || (/\.(md|rst)$/i.test(entry.name) && path.basename(root) === 'docs'))) {
      out.docs.push(full);
    } else if (entry.isFile()) {
      out.other.push(full);
    }
  }
  return out;
}

/** A README's text; never through a symbolic link out of the folder. */
/** A README's text; never through a symbolic link out of the folder. */
function readTextOrNull(file: string, root: string): string | null {
  const read = readLimitedText(file, { maxBytes: MAX_SOURCE_BYTES, root });
  return read.ok ? read.text : null;
}
