// `pipewise design --answers FILE`: the pipeline design document generated from a user's answers
// (format: docs/design-answers.md), as Markdown or JSON, printed or written atomically to --out.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AnswersError, formatProblem, generateDesignFromText } from '../../design';
import { parseChoice, parseOrThrow } from '../args';
import { writeFileAtomic } from '../../project/atomic-write';
import { EXIT_CLEAN, EXIT_ERROR, UsageError } from '../../project/errors';
import { DESIGN_HELP } from '../help';
import type { CliIo } from '../io';

export function runDesign(argv: string[], io: CliIo): number {
  const { values, positionals } = parseOrThrow('design', () =>
    parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        answers: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  void positionals;
  if (values.help) {
    io.out(DESIGN_HELP);
    return EXIT_CLEAN;
  }
  if (!values.answers) throw new UsageError('design needs --answers FILE (see `pipewise design --help` for where the answers format is described)');
  const format = parseChoice(values.format ?? 'markdown', ['markdown', 'json'] as const, '--format');
  const answersFile = path.resolve(io.cwd, values.answers);
  let text: string;
  try {
    text = readFileSync(answersFile, 'utf8');
  } catch {
    throw new UsageError(`cannot read answers file ${values.answers}`);
  }
  let output: string;
  try {
    const design = generateDesignFromText(text);
    output = format === 'json' ? design.json : design.markdown;
  } catch (error) {
    if (!(error instanceof AnswersError)) throw error;
    for (const problem of error.problems) io.err(`pipewise: error: ${values.answers}: ${formatProblem(problem)}\n`);
    return EXIT_ERROR;
  }
  if (!output.endsWith('\n')) output += '\n';
  if (values.out) {
    writeFileAtomic(path.resolve(io.cwd, values.out), output);
    io.err(`Wrote ${values.out}\n`);
  } else {
    io.out(output);
  }
  return EXIT_CLEAN;
}
