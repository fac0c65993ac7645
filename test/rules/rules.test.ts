// Runs every rule's data-driven cases (test/rules/cases/<ID>-<slug>.cases.ts).

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { runRuleCases, type RuleCases } from '../helpers/rule-tester';

const casesDir = path.join(__dirname, 'cases');
for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.cases.ts')).sort()) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cases = (require(path.join(casesDir, file)) as { default: RuleCases }).default;
  runRuleCases(cases);
}
