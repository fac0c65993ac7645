// Regular expressions written by users (`credential-patterns` in a repository's pipewise.toml or
// the editor settings) run on every identifier of every file. A cloned repository is untrusted, so
// they run on RE2 (re2js): matching is linear in the input whatever the pattern, and constructs
// that need backtracking (lookaround, backreferences) are rejected when the configuration is read.

import { RE2JS } from 're2js';

/** What rules call on a user pattern: linear-time search anywhere in the text, case-insensitive. */
export interface UserPattern {
  readonly source: string;
  test(text: string): boolean;
}

/** Longest pattern accepted: RE2 compiles a program proportional to the pattern. */
export const MAX_USER_PATTERN_LENGTH = 256;

/** Compiles a user pattern; throws an Error whose message says why it cannot be used. */
export function compileUserPattern(source: string): UserPattern {
  if (source.length > MAX_USER_PATTERN_LENGTH) throw new Error(`is longer than ${MAX_USER_PATTERN_LENGTH} characters`);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    throw new Error(`is not a supported regular expression (${reason}; lookaround and backreferences cannot be guaranteed to run in linear time)`);
  }
  return { source, test: (text) => compiled.test(text) };
}
