// `pipewise rules`: the rule catalogue.

import { parseArgs } from 'node:util';
import { renderRuleCatalogJson, renderRuleCatalogText } from '../../reports/rule-catalog';
import { parseChoice, parseOrThrow } from '../args';
import { RULE_METAS } from '../../project/engine';
import { EXIT_CLEAN, UsageError } from '../../project/errors';
import { RULES_HELP } from '../help';
import type { CliIo } from '../io';

export function runRules(argv: string[], io: CliIo): number {
  const { values, positionals } = parseOrThrow('rules', () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }),
  );
  if (values.help) {
    io.out(RULES_HELP);
    return EXIT_CLEAN;
  }
  if (positionals.length) throw new UsageError(`rules takes no arguments (got '${positionals[0]}')`);
  const format = parseChoice(values.format ?? 'text', ['text', 'json'] as const, '--format');
  io.out(format === 'json' ? renderRuleCatalogJson(RULE_METAS) : renderRuleCatalogText(RULE_METAS));
  return EXIT_CLEAN;
}
