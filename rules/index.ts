// The rule registry: every rule Pipewise runs, in id order. Adding a rule = one module here.

import type { Rule } from '../server/src/engine/types';
import { hardcodedCredential } from './PW101-hardcoded-credential';
import { sqlBuiltFromStrings } from './PW102-sql-built-from-strings';
import { noRetryOnIo } from './PW103-no-retry-on-io';
import { fullTableExtract } from './PW104-full-table-extract';
import { noValidationBetweenStages } from './PW105-no-validation-between-stages';
import { silentDropna } from './PW201-silent-dropna';
import { silentCoercion } from './PW202-silent-coercion';
import { nonIdempotentLoad } from './PW203-non-idempotent-load';
import { noLogging } from './PW204-no-logging';
import { leftoverIntermediate } from './PW205-leftover-intermediate';
import { swallowedException } from './PW206-swallowed-exception';
import { httpWithoutTimeout } from './PW207-http-without-timeout';
import { noSchemaVersioning } from './PW301-no-schema-versioning';
import { missingDocs } from './PW302-missing-docs';
import { noTests } from './PW303-no-tests';
import { rowByRowProcessing } from './PW304-row-by-row-processing';
import { invalidSchedule } from './PW401-invalid-schedule';
import { missingStepTarget } from './PW402-missing-step-target';
import { noRetriesConfigured } from './PW403-no-retries-configured';
import { dagNonDeterministicStart } from './PW404-dag-non-deterministic-start';
import { stepOrderMismatch } from './PW405-step-order-mismatch';

export const ALL_RULES: readonly Rule[] = [hardcodedCredential, sqlBuiltFromStrings, noRetryOnIo, fullTableExtract, noValidationBetweenStages, silentDropna, silentCoercion, nonIdempotentLoad, noLogging, leftoverIntermediate, swallowedException, httpWithoutTimeout, noSchemaVersioning, missingDocs, noTests, rowByRowProcessing, invalidSchedule, missingStepTarget, noRetriesConfigured, dagNonDeterministicStart, stepOrderMismatch];

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.meta.id === id);
}
