// Command-line parsing on node:util parseArgs, turning its errors and bad values into one-line
// UsageErrors.

import type { Priority } from '../engine/types';
import { UsageError } from '../project/errors';

/** Runs a parseArgs call, reporting a bad command line as a UsageError that names the command's help. */
export function parseOrThrow<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    const firstSentence = error.message.split(/\.(\s|$)/)[0];
    throw new UsageError(`${lowerFirst(firstSentence)} (see 'pipewise ${command} --help')`);
  }
}

function isParseArgsError(error: unknown): error is Error {
  const code: unknown = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function parseChoice<T extends string>(value: string, choices: readonly T[], option: string): T {
  const found = choices.find((choice) => choice === value.toLowerCase());
  if (!found) throw new UsageError(`${option} must be one of ${choices.join(', ')} (got '${value}')`);
  return found;
}

const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3'];

export function parsePriority(value: string, option: string): Priority {
  const found = PRIORITIES.find((priority) => priority === value.toUpperCase());
  if (!found) throw new UsageError(`${option} must be one of ${PRIORITIES.join(', ')} (got '${value}')`);
  return found;
}

/** `PW1,PW203` → ['PW1', 'PW203']; empty items are an error, not "everything". */
export function parseList(value: string, option: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new UsageError(`${option} takes a comma-separated list of rule ids or prefixes (got '${value}')`);
  return items;
}
