// The rule registry: every rule Pipewise runs, in id order. Adding a rule = one module here.

import type { Rule } from '../server/src/engine/types';
import { hardcodedCredential } from './PW101-hardcoded-credential';

export const ALL_RULES: readonly Rule[] = [hardcodedCredential];

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.meta.id === id);
}
