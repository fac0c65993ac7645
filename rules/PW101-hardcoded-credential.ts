import type { Rule } from '../server/src/engine/types';

export const hardcodedCredential: Rule = {
  meta: {
    id: 'PW101',
    slug: 'hardcoded-credential',
    title: 'Hardcoded credential',
    priority: 'P1',
    dialects: ['python', 'yaml', 'ini', 'dotenv', 'toml'],
    rationale: 'A secret in code or config is readable by everyone with repository access, lands in every clone and backup, and cannot be rotated without a deploy.',
    recommendation: 'Read the secret from the environment (or a secrets manager) and keep only the variable name in code.',
    fixable: true,
  },
  check() {
    // implemented in the next commit
  },
};
