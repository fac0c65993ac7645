// What every kind of load check shares while one document is checked: the rule context, the
// facts, the evidence that makes a load safe to re-run, and the database's upsert syntax for fixes.

import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { RuleContext } from '../../server/src/engine/types';
import { ioOf, isIntegrityError, upsertSyntaxOfName, upsertSyntaxOfUrl, type UpsertSyntax } from '../../server/src/engine/knowledge';
import { Evidence } from './evidence';
import { isExemptTarget, type Target } from './targets';

export class LoadScope {
  readonly evidence: Evidence;
  private upsert: UpsertSyntax | null | undefined;
  /** Insert ranges already reported, with the statements whose calls reached them (one finding per range and statement). */
  readonly insertRanges = new Map<string, Set<unknown>>();

  constructor(readonly ctx: RuleContext, readonly py: PythonFacts) {
    this.evidence = new Evidence(py, ctx.doc.text);
  }

  get text(): string {
    return this.ctx.doc.text;
  }

  /**
   * The load needs no finding: it writes a staging, temporary or log table, something around it
   * clears, merges, dedupes or guards the slice, or it runs inside a handler for a unique-key
   * violation (the table's key turns a second write into an error, which the code expects).
   */
  isSafe(call: CallFact, target: Target, source: string | null): boolean {
    return isExemptTarget(target) || this.catchesDuplicateKeys(call) || this.evidence.handles(call, target, source);
  }

  private catchesDuplicateKeys(call: CallFact): boolean {
    return this.py.ownFacts(call.fn).tries.some((t) => t.bodyStart <= call.start && call.end <= t.bodyEnd && t.handlers.some((h) => h.types.some((type) => isIntegrityError(type, this.py))));
  }

  /**
   * The upsert syntax of the module's one database (from its imports and SQLAlchemy URLs), null
   * when it uses none or several.
   */
  moduleUpsertSyntax(): UpsertSyntax | null {
    if (this.upsert !== undefined) return this.upsert;
    const found = new Set<UpsertSyntax>();
    for (const i of this.py.imports) {
      const syntax = upsertSyntaxOfName(i.target);
      if (syntax) found.add(syntax);
    }
    for (const call of this.py.calls) {
      const io = ioOf(call, this.py);
      if (io?.role !== 'connect' || io.library.id !== 'sqlalchemy') continue;
      const url = call.args[0]?.string;
      const syntax = url ? upsertSyntaxOfUrl(url.value) : null;
      if (syntax) found.add(syntax);
    }
    this.upsert = found.size === 1 ? [...found][0] : null;
    return this.upsert;
  }
}
