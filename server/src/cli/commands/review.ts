// `pipewise review`: the pipeline review report for a folder. Informational by default (exit 0);
// `--fail-on` turns it into a gate. Baselines do not apply: a review shows everything.

import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { COLOR, PLAIN } from '../../reports/ansi';
import { buildReview, renderReviewJson } from '../../reports/review';
import { renderReviewMarkdown } from '../../reports/review-markdown';
import { relativeLinkBase } from '../../reports/markdown';
import { renderReviewText } from '../../reports/review-text';
import { failsAt } from '../../reports/summary';
import { parseChoice, parseOrThrow, parsePriority } from '../args';
import { analyzeFolder } from '../../project/analyze-folder';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, UsageError } from '../../project/errors';
import { REVIEW_HELP } from '../help';
import { wantsColor, warn, type CliIo } from '../io';
import { toReviewGraph } from '../../reports/pipeline-graph';

export async function runReview(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrThrow('review', () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (values.help) {
    io.out(REVIEW_HELP);
    return EXIT_CLEAN;
  }
  if (positionals.length > 1) throw new UsageError(`review takes one path (got ${positionals.length})`);
  const format = parseChoice(values.format ?? 'text', ['text', 'markdown', 'json'] as const, '--format');
  const failOn = values['fail-on'] === undefined ? null : parsePriority(values['fail-on'], '--fail-on');
  const target = positionals[0] ?? '.';
  const root = reviewRoot(path.resolve(io.cwd, target), target);

  const { input, files, ruleErrors, graph } = await analyzeFolder(root, { cwd: io.cwd, paths: [target], configFile: values.config, warn: (m) => warn(io, m) });
  const review = buildReview(input, { name: path.basename(root), path: target, graph: toReviewGraph(graph, root) });
  if (format === 'json') io.out(renderReviewJson(review));
  else if (format === 'markdown') io.out(renderReviewMarkdown(review, relativeLinkBase(io.cwd, root)));
  else io.out(renderReviewText(review, wantsColor(io) ? COLOR : PLAIN));

  if (ruleErrors) return EXIT_ERROR;
  return failOn && failsAt(files.flatMap((file) => file.findings), failOn) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** The folder a review is about: the path itself, or the folder of a reviewed file. */
function reviewRoot(absolute: string, shown: string): string {
  try {
    return statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
  } catch {
    throw new UsageError(`path not found: ${shown}`);
  }
}
