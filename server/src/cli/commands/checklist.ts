// `pipewise checklist [path]`: the production-readiness checklist of a pipeline folder, each item
// decided from findings and from evidence in the files. A report: exits 0 unless --fail-on.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildChecklist, renderChecklistJson, renderChecklistMarkdown } from '../../reports/checklist';
import { gatherChecklistEvidence, type EvidenceFile } from '../../reports/checklist-evidence';
import { parseChoice, parseOrThrow } from '../args';
import { ConfigResolver } from '../configs';
import { discoverFiles, SKIPPED_DIRECTORIES } from '../discover';
import { RULE_METAS, withEngine } from '../engine';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, UsageError } from '../errors';
import { CHECKLIST_HELP } from '../help';
import { warn, type CliIo } from '../io';
import { lintFiles } from '../lint-files';
import { relativePosix } from '../paths';
import { toReportInput } from '../report-input';

export async function runChecklist(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrThrow('checklist', () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        config: { type: 'string' },
        'fail-on-unchecked': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (values.help) {
    io.out(CHECKLIST_HELP);
    return EXIT_CLEAN;
  }
  if (positionals.length > 1) throw new UsageError(`checklist takes one path (got ${positionals.length})`);
  const format = parseChoice(values.format ?? 'markdown', ['markdown', 'json'] as const, '--format');
  const target = positionals[0] ?? '.';
  const root = folderOf(path.resolve(io.cwd, target), target);

  const configs = new ConfigResolver(io.cwd, { configFile: values.config });
  const targets = discoverFiles([target], { cwd: io.cwd, configs, respectGitignore: true, warn: (m) => warn(io, m) });
  const { files, ruleErrors } = await withEngine((engine) =>
    lintFiles(engine, targets, { cwd: io.cwd, fix: false, configFor: (t) => configs.forFile(t.path), warn: (m) => warn(io, m) }),
  );
  const evidenceFiles: EvidenceFile[] = [
    ...files.map((file) => ({ path: relativePosix(root, file.path), text: file.text })),
    ...listDocs(root).map((file) => ({ path: relativePosix(root, file), text: readFileSync(file, 'utf8') })),
  ];
  const items = buildChecklist(toReportInput(files, root, RULE_METAS), gatherChecklistEvidence(evidenceFiles));
  const name = path.basename(root);
  io.out(format === 'json' ? renderChecklistJson(name, items) : renderChecklistMarkdown(name, items));
  if (ruleErrors) return EXIT_ERROR;
  return values['fail-on-unchecked'] && items.some((item) => item.status === 'fail') ? EXIT_FINDINGS : EXIT_CLEAN;
}

function folderOf(absolute: string, shown: string): string {
  try {
    return statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
  } catch {
    throw new UsageError(`path not found: ${shown}`);
  }
}

/** README and docs files (Markdown, reStructuredText, text) below the folder, at most two levels deep. */
function listDocs(root: string, depth = 0): string[] {
  if (depth > 2) return [];
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) out.push(...listDocs(full, depth + 1));
    } else if (/^readme(\.[a-z]+)?$/i.test(entry.name) || (/\.(md|rst)$/i.test(entry.name) && path.basename(root) === 'docs')) {
      out.push(full);
    }
  }
  return out;
}
