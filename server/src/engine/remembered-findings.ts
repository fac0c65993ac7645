// A statement's findings kept across keystrokes (incremental rules, see incremental-lint.ts): what
// a finding says and where it is relative to its statement, and its fixes' titles. The fixes'
// edits are not kept: they may reach outside the statement (an import at the top, a helper after
// the imports) and carry large texts, so reading `fix.edits` checks the statement again against
// the document's latest lint and takes the edits from there.

import type { DocumentFacts } from './document';
import type { EffectiveConfig } from './config';
import type { ChunkFacts } from './python/facts';
import { reporter } from './rule-report';
import type { Finding, Fix, ProjectView, RelatedLocation, Rule, TextEdit } from './types';

/** What the document was last linted with: lazily computed edits are computed against it. */
export interface LintContext {
  readonly doc: DocumentFacts;
  readonly config: EffectiveConfig;
  readonly project: ProjectView | undefined;
}

const LINT_CONTEXT = 'lint-context';

/** On each finding a remembered entry hands out, not enumerable (findings compare and serialise without it): the entry. */
const HANDED_OUT = Symbol('remembered');

/**
 * What a finding stays while only its place changes: the remembered entry it was handed out from
 * (again at each place its statement moves to, saying the same), else the finding itself.
 */
export function findingIdentity(finding: Finding): object {
  return (finding as Finding & { [HANDED_OUT]?: RememberedFinding })[HANDED_OUT] ?? finding;
}

/** Records the context of a lint in the document's memo (the same object while nothing changes). */
export function setLintContext(memo: Map<string, unknown>, doc: DocumentFacts, config: EffectiveConfig, project: ProjectView | undefined): void {
  const last = memo.get(LINT_CONTEXT) as LintContext | undefined;
  if (last && last.doc === doc && last.config === config && last.project === project) return;
  memo.set(LINT_CONTEXT, { doc, config, project } satisfies LintContext);
}

interface RelativeRelated {
  /** The location as the rule reported it (its other fields and their order kept). */
  location: RelatedLocation;
  /** Offsets relative to the statement's start; null for a location in another file. */
  start: number | null;
  end: number;
}

/** The parts of a finding kept as they are. */
type Kept = Pick<Finding, 'ruleId' | 'priority' | 'message' | 'fingerprintText'>;

export class RememberedFinding {
  private readonly kept: Kept;
  private readonly start: number;
  private readonly end: number;
  /** Where a suppression comment may also silence the finding (the def line), from the statement's start. */
  private readonly suppressibleAt: number | undefined;
  private readonly related: RelativeRelated[] | undefined;
  readonly fixes: Fix[];
  /** The finding as last handed out, and where its statement started then: the same object while the statement stays put. */
  private last: Finding | null = null;
  private lastStart = -1;
  private recomputed: { context: LintContext; fixes: Fix[] } | null = null;

  private constructor(
    private readonly rule: Rule,
    private readonly chunk: ChunkFacts,
    private readonly memo: Map<string, unknown>,
    finding: Finding,
    filePath: string,
  ) {
    this.kept = { ruleId: finding.ruleId, priority: finding.priority, message: finding.message, fingerprintText: finding.fingerprintText };
    this.start = finding.start - chunk.start;
    this.end = finding.end - chunk.start;
    this.suppressibleAt = finding.suppressibleAt === undefined ? undefined : finding.suppressibleAt - chunk.start;
    // Copied: the related list of a finding handed out may be extended when duplicates merge.
    this.related = finding.related?.map((location) => ({
      location: { ...location },
      start: location.path === filePath ? location.start - chunk.start : null,
      end: location.path === filePath ? location.end - chunk.start : location.end,
    }));
    this.fixes = finding.fixes.map((fix, index) => this.lazyFix(fix, index));
  }

  /**
   * The statement's own findings as remembered entries, or null when one of them (or a related
   * location in the same file) lies outside the statement: such findings are found again by
   * checking the statement each time.
   */
  static rememberAll(rule: Rule, chunk: ChunkFacts, doc: DocumentFacts, memo: Map<string, unknown>, findings: readonly Finding[]): RememberedFinding[] | null {
    const inside = (start: number, end: number) => chunk.start <= start && end <= chunk.end;
    for (const finding of findings) {
      if (!inside(finding.start, finding.end)) return null;
      if (finding.suppressibleAt !== undefined && !inside(finding.suppressibleAt, finding.suppressibleAt)) return null;
      for (const related of finding.related ?? []) if (related.path === doc.path && !inside(related.start, related.end)) return null;
    }
    return findings.map((finding) => new RememberedFinding(rule, chunk, memo, finding, doc.path));
  }

  /** The finding at the statement's current place. */
  materialize(): Finding {
    const at = this.chunk.start;
    if (this.last && this.lastStart === at) return this.last;
    const { kept } = this;
    this.last = {
      ruleId: kept.ruleId,
      priority: kept.priority,
      message: kept.message,
      start: at + this.start,
      end: at + this.end,
      fixes: this.fixes,
      fingerprintText: kept.fingerprintText,
      related: this.related?.map(({ location, start, end }) => (start === null ? location : { ...location, start: at + start, end: at + end })),
      ...(this.suppressibleAt !== undefined && { suppressibleAt: at + this.suppressibleAt }),
    };
    Object.defineProperty(this.last, HANDED_OUT, { value: this, enumerable: false });
    this.lastStart = at;
    return this.last;
  }

  /** A fix with the original's fields in their order, whose `edits` are computed when read. */
  private lazyFix(fix: Fix, index: number): Fix {
    const lazy = {} as Record<string, unknown>;
    for (const [key, value] of Object.entries(fix)) {
      if (key === 'edits') Object.defineProperty(lazy, 'edits', { enumerable: true, configurable: true, get: () => this.editsOf(index, fix.title) });
      else lazy[key] = value;
    }
    return lazy as unknown as Fix;
  }

  /** The edits of fix `index` in the document's latest lint; [] when the statement is no longer in it. */
  private editsOf(index: number, title: string): TextEdit[] {
    const context = this.memo.get(LINT_CONTEXT) as LintContext | undefined;
    const py = context?.doc.python;
    if (!context || !py) return [];
    if (this.recomputed?.context !== context) this.recomputed = { context, fixes: this.recompute(context) };
    const fix = this.recomputed.fixes[index];
    return fix && fix.title === title ? fix.edits : [];
  }

  private recompute(context: LintContext): Fix[] {
    const py = context.doc.python!;
    const chunk = this.chunk;
    if (py.statementAt(chunk.start) !== chunk) return [];
    const findings: Finding[] = [];
    const origins: number[] = [];
    try {
      this.rule.check!({ ...context, statement: py.settled(chunk), report: reporter(this.rule, context.doc, findings, origins) });
    } catch {
      return [];
    }
    const start = chunk.start + this.start;
    const end = chunk.start + this.end;
    const found = findings.find((f, i) => origins[i] >= chunk.start && origins[i] < chunk.end && f.start === start && f.end === end && f.message === this.kept.message);
    return found?.fixes ?? [];
  }
}
