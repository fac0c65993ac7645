// The checklist's positive evidence for a folder: the linted files plus its README and docs files,
// read from disk (shared by `pipewise checklist` and the language server).

import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { ChecklistEvidence } from '../reports/checklist';
import { gatherChecklistEvidence, type EvidenceFile } from '../reports/checklist-evidence';
import { SKIPPED_DIRECTORIES } from './discover';
import type { LintedFile } from './lint-files';
import { relativePosix } from './paths';
import { readLimitedText } from '../engine/limited-read';
import { MAX_FILE_BYTES } from './read-source';

export function gatherFolderEvidence(root: string, files: readonly LintedFile[]): ChecklistEvidence {
  const evidenceFiles: EvidenceFile[] = [
    ...files.map((file) => ({ path: relativePosix(root, file.path), text: file.text })),
    ...listDocs(root).flatMap((file) => {
      const text = readTextOrNull(file, root);
      return text === null ? [] : [{ path: relativePosix(root, file), text }];
    }),
  ];
  return gatherChecklistEvidence(evidenceFiles);
}

/** README and docs files (Markdown, reStructuredText, text) below the folder, at most two levels deep. */
function listDocs(root: string, depth = 0): string[] {
  if (depth > 2) return [];
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return [];
  }
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) out.push(...listDocs(full, depth + 1));
    } else if (/^readme(\.[a-z]+)?$/i.test(entry.name) || (/\.(md|rst)$/i.test(entry.name) && path.basename(root) === 'docs')) {
      out.push(full);
    }
  }
  return out;
}

/** A README's text; never through a symbolic link out of the folder. */
function readTextOrNull(file: string, root: string): string | null {
  const read = readLimitedText(file, { maxBytes: MAX_FILE_BYTES, root });
  return read.ok ? read.text : null;
}
