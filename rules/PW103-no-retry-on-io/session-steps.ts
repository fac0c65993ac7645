// Statements that run inside a session someone else opened. A function whose only I/O is
// statements on a connection or cursor it is handed (`def create_scratch(cursor, name)`), on its
// enclosing function's connection (a nested helper), on the connection its object was given or
// opened once (`self.connection`, stored from `__init__`'s parameter or a connect call), or on a
// connection the module opens at import
// (`CONNECTION = psycopg2.connect(…)`) is a step of that owner: retrying the step alone re-runs one
// statement in the middle of the owner's transaction, on a connection a retry cannot reopen. The
// owner (the function or script that opens the connection) is where the finding and the retry go.

import type { CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { ioOf, roleOf, rootOf, SESSION_STATEMENT_ROLES } from '../../server/src/engine/knowledge';
import type { IoSite } from './io-sites';
import type { SourceText } from '../../server/src/engine/source-text';

/** Names that hold an engine (a pool that opens its own connections), never one transaction. */
const ENGINE_NAME = /engine$/i;
const SELF = /^(self|cls)$/;
/** `<expression> as <name>` in a `with` header. */
const WITH_ALIAS = /(?<![\w.])([A-Za-z_][\w.]*(?:\([^()]*\))?)\s+as\s+([A-Za-z_]\w*)/g;

/**
 * The name a session expression starts from: `self.connection` for the attribute itself or its
 * cursor (`self.connection.cursor()`), so a method's statements can be traced to the object's
 * connection; other names → their root. A session factory on the attribute
 * (`self.db.get_session()`) opens a new session per call and is left to its root (`self`).
 */
function sessionRootOf(dotted: string): string {
  const attribute = /^self\.[A-Za-z_]\w*/.exec(dotted);
  if (!attribute) return rootOf(dotted);
  return /^(\.cursor(\(\))?)?$/.test(dotted.slice(attribute[0].length)) ? attribute[0] : 'self';
}

/** The receiver of a statement call (`self.connection.cursor().execute` → `self.connection`, `cur.execute` → `cur`). */
function statementRootOf(callee: string): string {
  return sessionRootOf(callee.slice(0, Math.max(0, callee.lastIndexOf('.'))) || callee);
}

const aliasesByFunction = new WeakMap<FunctionFact, Map<string, string>>();

/** `with conn.cursor() as cur:` in the function's own body: alias → the root name of its expression. */
function withAliases(fn: FunctionFact, py: PythonFacts, text: SourceText): Map<string, string> {
  let aliases = aliasesByFunction.get(fn);
  if (aliases) return aliases;
  aliases = new Map();
  for (const st of py.ownFacts(fn).statements) {
    if (st.kind !== 'with') continue;
    const header = /^[^:]*(?:\([^)]*\)[^:]*)*/.exec(text.slice(st.start, Math.min(st.end, st.start + 400)))?.[0] ?? '';
    for (const m of header.matchAll(WITH_ALIAS)) if (m[1] !== 'with') aliases.set(m[2], sessionRootOf(m[1]));
  }
  aliasesByFunction.set(fn, aliases);
  return aliases;
}

function isBoundIn(name: string, fn: FunctionFact, py: PythonFacts, text: SourceText): boolean {
  return fn.params.includes(name) || withAliases(fn, py, text).has(name) || py.lastAssignment(name, fn, fn.end) !== undefined && py.lastAssignment(name, fn, fn.end)!.fn === fn;
}

type SessionOwner = 'handed' | 'enclosing' | 'module' | null;


/**
 * `self.connection` of a class that stores the connection it is given
 * (`def __init__(self, connection): self.connection = connection`) or opens one
 * (`self.conn = psycopg2.connect(dsn)`): its methods run statements on a session opened once,
 * like a function handed a cursor. The finding and the retry belong where the connection is
 * opened (the creator, or that connect call), not on each statement.
 */
function attributeHandedIn(attribute: string, fn: FunctionFact, py: PythonFacts, text: SourceText): boolean {
  const stores = py.selfAttributeStores(fn, attribute);
  return (
    stores.length > 0 &&
    stores.every((a) => {
      if (a.call && a.call.start === a.valueStart && opensConnection(a.call, py)) return true;
      const value = text.slice(a.valueStart, a.valueEnd).trim();
      return a.fn!.name === '__init__' && a.fn!.params.includes(value);
    })
  );
}

/**
 * Who opened the session a statement runs on, following the name the call starts from through
 * the function's own bindings (`cur = conn.cursor()`, `with conn.cursor() as cur`).
 */
function sessionOwner(root: string, fn: FunctionFact, py: PythonFacts, text: SourceText, offset: number): SessionOwner {
  let name = root;
  for (let depth = 0; depth < 4; depth++) {
    if (name.startsWith('self.')) return attributeHandedIn(name, fn, py, text) ? 'handed' : null;
    if (SELF.test(name) || ENGINE_NAME.test(name)) return null;
    if (fn.params.includes(name)) return 'handed';
    const alias = withAliases(fn, py, text).get(name);
    if (alias) {
      name = alias;
      continue;
    }
    const local = py.lastAssignment(name, fn, offset);
    if (local && local.fn === fn) {
      if (!local.call) return null;
      name = sessionRootOf(local.call.callee);
      continue;
    }
    // Not bound here: the enclosing function's or the module's.
    for (let parent = fn.parent; parent; parent = parent.parent) if (isBoundIn(name, parent, py, text)) return 'enclosing';
    const moduleLevel = py.lastAssignment(name, null, Number.MAX_SAFE_INTEGER);
    if (moduleLevel?.call && opensConnection(moduleLevel.call, py)) return 'module';
    return null;
  }
  return null;
}

/** `psycopg2.connect(…)`, or `<connection>.cursor()` of one bound at module level. */
function opensConnection(call: CallFact, py: PythonFacts): boolean {
  const io = ioOf(call, py);
  if (io?.kind === 'db-connect' && !io.lazy) return true;
  const head = rootOf(call.callee);
  if (head === call.callee) return false;
  const bound = py.lastAssignment(head, null, call.start);
  return bound?.call !== undefined && bound.call !== null && bound.call !== call && ioOf(bound.call, py)?.kind === 'db-connect';
}

/** The call runs a statement on a session the function did not open itself. */
function isSessionStatement(call: CallFact, fn: FunctionFact, py: PythonFacts, text: SourceText): boolean {
  const role = roleOf(call, py);
  if (role !== null && SESSION_STATEMENT_ROLES.has(role)) {
    // `cur.execute(…)` runs on its receiver; a helper function (`execute_values(cur, sql, rows)`) on the cursor it is handed first.
    const first = call.args.find((a) => a.kind === 'positional');
    const root = rootOf(call.callee) === 'self' ? statementRootOf(call.callee) : rootOf(call.callee);
    const helper = root === call.callee || py.bindings.has(root);
    const session = !helper ? root : first?.nodeType === 'identifier' ? text.slice(first.start, first.end) : null;
    return session !== null && sessionOwner(session, fn, py, text, call.start) !== null;
  }
  // A reader or writer handed the connection it runs on (`read_sql(sql, con)`).
  const connection = ioOf(call, py)?.connection;
  if (connection) {
    if (connection.nodeType !== 'identifier') return false;
    return sessionOwner(text.slice(connection.start, connection.end), fn, py, text, call.start) !== null;
  }
  return false;
}

/** Every I/O call of the function runs a statement on a session its caller, parent or module opened. */
export function isSessionStep(fn: FunctionFact, sites: readonly IoSite[], py: PythonFacts, text: SourceText): boolean {
  return sites.length > 0 && sites.every(({ call }) => isSessionStatement(call, fn, py, text));
}
