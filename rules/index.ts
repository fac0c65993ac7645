// The rule registry: every rule Pipewise runs, in id order. Adding a rule = one module here.

import type { Rule } from '../server/src/engine/types';
import { hardcodedCredential } from './PW101-hardcoded-credential';
import { sqlBuiltFromStrings } from './PW102-sql-built-from-strings';
import { noRetryOnIo } from './PW103-no-retry-on-io';
import { fullTableExtract } from './PW104-full-table-extract';
import { silentDropna } from './PW201-silent-dropna';
import { silentCoercion } from './PW202-silent-coercion';
import { nonIdempotentLoad } from './PW203-non-idempotent-load';
import { noLogging } from './PW204-no-logging';
import { swallowedException } from './PW206-swallowed-exception';
import { httpWithoutTimeout } from './PW207-http-without-timeout';
import { rowByRowProcessing } from './PW304-row-by-row-processing';

export const ALL_RULES: readonly Rule[] = [hardcodedCredential, sqlBuiltFromStrings, noRetryOnIo, fullTableExtract, silentDropna, silentCoercion, nonIdempotentLoad, noLogging, swallowedException, httpWithoutTimeout, rowByRowProcessing];

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.meta.id === id);
}
