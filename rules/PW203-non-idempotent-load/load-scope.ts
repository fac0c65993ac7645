// What every kind of load check shares while one document is checked: the rule context, the
// facts, the clearing/merging evidence per function, the module's SQL dialect.

import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { RuleContext } from '../../server/src/engine/types';
import { moduleDialect, type Dialect } from './dialect';
import { Evidence } from './evidence';

export class LoadScope {
  readonly evidence: Evidence;
  private dialect: Dialect | undefined;
  /** Insert ranges already reported, with the statements whose calls reached them (one finding per range and statement). */
  readonly insertRanges = new Map<string, Set<unknown>>();

  constructor(readonly ctx: RuleContext, readonly py: PythonFacts) {
    this.evidence = new Evidence(py, ctx.doc.text);
  }

  get text(): string {
    return this.ctx.doc.text;
  }

  moduleDialect(): Dialect {
    this.dialect ??= moduleDialect(this.py);
    return this.dialect;
  }
}
