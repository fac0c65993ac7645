// The registered rules, and an engine running them for one CLI run (disposed when it ends).

import { Engine } from '../engine/engine';
import type { RuleMeta } from '../engine/types';
import { ALL_RULES } from '../../../rules';

export const RULE_METAS: readonly RuleMeta[] = ALL_RULES.map((rule) => rule.meta);

export async function withEngine<T>(run: (engine: Engine) => T | Promise<T>): Promise<T> {
  const engine = await Engine.create(ALL_RULES);
  try {
    return await run(engine);
  } finally {
    engine.dispose();
  }
}
