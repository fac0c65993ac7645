// What every kind of load check shares while one document is checked: the rule context, the
// facts, the evidence that makes a load safe to re-run, and the database's upsert syntax for fixes.

import type { CallFact, ChunkFacts } from '../../server/src/engine/python/facts';
import type { SourceText } from '../../server/src/engine/source-text';
import { VersionedCache, type PythonFacts } from '../../server/src/engine/python/python-facts';
import type { RuleContext } from '../../server/src/engine/types';
import { ioOf, isIntegrityError, upsertSyntaxOfName, upsertSyntaxOfUrl, type UpsertSyntax } from '../../server/src/engine/knowledge';
import { Evidence } from './evidence';
import type { StringFact } from '../../server/src/engine/python/facts';
import { isExemptTarget, sameTarget, targetFromSql, type Target } from './targets';

export class LoadScope {
  readonly evidence: Evidence;
  private upsert: UpsertSyntax | null | undefined;
  /** Insert ranges already reported, with the statements whose calls reached them (one finding per range and statement). */
  readonly insertRanges = new Map<string, Set<unknown>>();

  constructor(readonly ctx: RuleContext, readonly py: PythonFacts) {
    this.evidence = new Evidence(py, ctx.doc.sourceText);
  }

  get text(): SourceText {
    return this.ctx.doc.sourceText;
  }

  /**
   * The load needs no finding: it writes a staging, temporary or log table, something around it
   * clears, merges, dedupes or guards the slice, or it runs inside a handler for a unique-key
   * violation (the table's key turns a second write into an error, which the code expects).
   */
  isSafe(call: CallFact, target: Target, source: string | null): boolean {
    return isExemptTarget(target) || this.catchesDuplicateKeys(call) || this.catchesKeyedFailure(call, target) || this.evidence.handles(call, target, source);
  }

  /**
   * The load runs in a `try` and the target's CREATE TABLE (in the same function or at module
   * level) keys it on its data (`PRIMARY KEY (played_at)`, not a generated id): a re-run's rows
   * collide and fail, and the code expects that failure, so nothing is duplicated.
   */
  private catchesKeyedFailure(call: CallFact, target: Target): boolean {
    if (target.kind === 'unknown') return false;
    if (!this.py.ownFacts(call.fn).tries.some((t) => t.bodyStart <= call.start && call.end <= t.bodyEnd && t.handlers.length > 0)) return false;
    const candidates = [...(call.fn ? this.py.stringsIn(call.fn.start, call.fn.end) : []), ...this.py.strings.filter((str) => str.fn === null)];
    return candidates.some((str) => {
      const ddl = createdTable(str, this.text);
      return ddl !== null && sameTarget(ddl, target) && hasNaturalKey(str.value);
    });
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
    for (const chunk of this.py.rawChunks) for (const syntax of upsertSyntaxesIn(chunk, this.py)) found.add(syntax);
    this.upsert = found.size === 1 ? [...found][0] : null;
    return this.upsert;
  }
}

/** A statement's upsert syntaxes read only its own imports and calls, as resolved: kept per resolution version. */
const STATEMENT_SYNTAXES = new VersionedCache<ChunkFacts, readonly UpsertSyntax[]>();

/** The upsert syntaxes a statement's imports and SQLAlchemy engine URLs name. */
function upsertSyntaxesIn(statement: ChunkFacts, py: PythonFacts): readonly UpsertSyntax[] {
  let syntaxes = STATEMENT_SYNTAXES.get(statement, py.resolutionVersion);
  if (syntaxes) return syntaxes;
  const found: UpsertSyntax[] = [];
  for (const i of statement.imports) {
    const syntax = upsertSyntaxOfName(i.target);
    if (syntax) found.push(syntax);
  }
  for (const call of py.settled(statement).calls) {
    const io = ioOf(call, py);
    if (io?.role !== 'connect' || io.library.id !== 'sqlalchemy') continue;
    const url = call.args[0]?.string;
    const syntax = url ? upsertSyntaxOfUrl(url.value) : null;
    if (syntax) found.push(syntax);
  }
  syntaxes = found;
  STATEMENT_SYNTAXES.set(statement, py.resolutionVersion, syntaxes);
  return syntaxes;
}

const CREATE_TABLE = /\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([^\s(]+)/i;

/** The table a `CREATE TABLE` string creates, or null. */
export function createdTable(str: StringFact, text: SourceText): Target | null {
  const ddl = CREATE_TABLE.exec(str.value);
  if (!ddl) return null;
  const created = targetFromSql(ddl[1], str, ddl.index + ddl[0].length - ddl[1].length, text);
  return created.kind === 'unknown' ? null : created;
}

/** DDL whose PRIMARY KEY/UNIQUE constraint names only columns the database does not generate. */
function hasNaturalKey(ddl: string): boolean {
  for (const m of ddl.matchAll(/\b(?:PRIMARY\s+KEY|UNIQUE)\s*\(([^)]*)\)/gi)) {
    const columns = m[1].split(',').map((c) => c.trim().replace(/[`"]/g, '')).filter((c) => /^\w+$/.test(c));
    const generated = (column: string) => new RegExp(`(^|[\\s,(])[\`"]?${column}[\`"]?\\s+[^,]*\\b(SERIAL|BIGSERIAL|IDENTITY|AUTO_INCREMENT|AUTOINCREMENT)\\b`, 'i').test(ddl);
    if (columns.length > 0 && !columns.some(generated)) return true;
  }
  return false;
}
