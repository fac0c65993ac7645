// Dispatches `pipewise <command>` and turns usage and configuration errors into one stderr line
// and exit code 2.

import { ConfigError } from '../engine/config';
import { TOOL_VERSION } from '../reports/tool';
import { runCheck } from './commands/check';
import { runChecklist } from './commands/checklist';
import { runDesign } from './commands/design';
import { runReview } from './commands/review';
import { runRules } from './commands/rules';
import { EXIT_CLEAN, EXIT_ERROR, UsageError } from '../project/errors';
import { CHECK_HELP, CHECKLIST_HELP, DESIGN_HELP, MAIN_HELP, REVIEW_HELP, RULES_HELP } from './help';
import type { CliIo } from './io';

type Command = (argv: string[], io: CliIo) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  check: { run: runCheck, help: CHECK_HELP },
  review: { run: runReview, help: REVIEW_HELP },
  checklist: { run: runChecklist, help: CHECKLIST_HELP },
  design: { run: runDesign, help: DESIGN_HELP },
  rules: { run: runRules, help: RULES_HELP },
};

const USAGE = `usage: pipewise <${Object.keys(COMMANDS).join('|')}> [options]; see 'pipewise --help'`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch([...argv], io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.err(`pipewise: error: ${firstLine(error.message)}\n`);
    } else {
      io.err(`pipewise: error: internal error: ${firstLine(error instanceof Error ? error.message : String(error))}\n`);
    }
    return EXIT_ERROR;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError(`missing command; ${USAGE}`);
  if (first === '-h' || first === '--help' || first === 'help') {
    io.out(rest[0] && COMMANDS[rest[0]] ? COMMANDS[rest[0]].help : MAIN_HELP);
    return EXIT_CLEAN;
  }
  if (first === '-V' || first === '--version') {
    io.out(`pipewise ${TOOL_VERSION}\n`);
    return EXIT_CLEAN;
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) throw new UsageError(first.startsWith('-') ? `unknown option '${first}'; ${USAGE}` : `unknown command '${first}'; ${USAGE}`);
  return command.run(rest, io);
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
