// `pipewise review`: the pipeline review report for a folder. Informational by default (exit 0);
// `--fail-on` turns it into a gate. Baselines do not apply: a review shows everything.

import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { COLOR, PLAIN } from '../../reports/ansi';
import { buildReview, renderReviewJson } from '../../reports/review';
import { renderReviewMarkdown } from '../../reports/review-markdown';
import { renderReviewText } from '../../reports/review-text';
import { failsAt } from '../../reports/summary';
import { parseChoice, parseOrThrow, parsePriority } from '../args';
import { ConfigResolver } from '../configs';
import { discoverFiles } from '../discover';
import { RULE_METAS, withEngine } from '../engine';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, UsageError } from '../errors';
import { REVIEW_HELP } from '../help';
import { wantsColor, warn, type CliIo } from '../io';
import { lintFiles } from '../lint-files';
import { toReportInput } from '../report-input';
import { addWorkspaceFindings, prepareWorkspace } from '../workspace';
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

  const configs = new ConfigResolver(io.cwd, { configFile: values.config });
  const targets = discoverFiles([target], { cwd: io.cwd, configs, respectGitignore: true, warn: (m) => warn(io, m) });
  const { files, ruleErrors, graph } = await withEngine(async (engine) => {
    const workspace = await prepareWorkspace(engine, [target], targets, { cwd: io.cwd, root, configs, respectGitignore: true });
    const linted = lintFiles(engine, targets, {
      cwd: io.cwd,
      fix: false,
      configFor: (t) => configs.forFile(t.path),
      warn: (m) => warn(io, m),
      project: workspace.project,
      onAnalyzed: (doc, file) => workspace.model.updateDocument(doc, file),
    });
    const workspaceErrors = addWorkspaceFindings(engine, workspace, linted.files, configs.forDirectory(root), (m) => warn(io, m));
    return { files: linted.files, ruleErrors: linted.ruleErrors + workspaceErrors, graph: workspace.model.graph() };
  });
  const review = buildReview(toReportInput(files, root, RULE_METAS), { name: path.basename(root), path: target, graph: toReviewGraph(graph, root) });
  if (format === 'json') io.out(renderReviewJson(review));
  else if (format === 'markdown') io.out(renderReviewMarkdown(review));
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
