// Exit codes and the error that means "the command line or configuration is wrong" (exit 2).

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;
/** Not everything asked was checked: a file skipped (too large, binary, unreadable), not parseable, not fully analysed, or no file at all. */
export const EXIT_INCOMPLETE = 3;

export class UsageError extends Error {}
