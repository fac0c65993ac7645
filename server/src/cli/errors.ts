// Exit codes and the error that means "the command line or configuration is wrong" (exit 2).

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export class UsageError extends Error {}
