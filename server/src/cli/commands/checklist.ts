// `pipewise checklist [path]`: the production-readiness checklist of a pipeline folder, each item
// decided from findings and from evidence in the files. A report: exits 0 unless --fail-on.

import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildChecklist, renderChecklistJson, renderChecklistMarkdown } from '../../reports/checklist';
import { relativeLinkBase } from '../../reports/markdown';
import { analyzeFolder } from '../../project/analyze-folder';
import { parseChoice, parseOrThrow } from '../args';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, UsageError } from '../../project/errors';
import { gatherFolderEvidence } from '../../project/folder-evidence';
import { CHECKLIST_HELP } from '../help';
import { warn, type CliIo } from '../io';

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

  const analyzed = await analyzeFolder(root, { cwd: io.cwd, paths: [target], configFile: values.config, warn: (m) => warn(io, m) });
  const { input, ruleErrors } = analyzed;
  const items = buildChecklist(input, gatherFolderEvidence(root, analyzed));
  const name = path.basename(root);
  io.out(format === 'json' ? renderChecklistJson(name, items) : renderChecklistMarkdown(name, items, relativeLinkBase(io.cwd, root)));
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
