// Code a person runs by hand and watches: when it fails they see it and run it again, so a retry
// adds nothing there. Judged by the script's role, as its path says: a diagnostic (`check_db.py`,
// `verify_sources.py`), set-up tooling that seeds or fakes data (`seed_source_db.py`,
// `create_fixture.py`), a schema migration (`migrations/`, `alembic/env.py`). Not the `setup/` folder alone: loaders there (`setup/reload_warehouse.py`) are stages run again and again.
// Per function: a connectivity check (`test_connection`) and an export to a local file a person
// asked for (`export_table_to_csv`).

import path from 'node:path';
import type { CallFact, FunctionFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { ioOf, readsOnly } from '../../server/src/engine/knowledge';
import { isDiagnosticScript, isMigrationScript, isToolingByName } from '../support/script-audience';

/** The path inside the project, so a checkout under `~/2024/` or `/srv/migrations/` says nothing. */
function projectPath(filePath: string, root: string | null): string {
  return root && path.isAbsolute(filePath) ? path.relative(root, filePath) : filePath;
}

export function isRunByHand(filePath: string, root: string | null): boolean {
  const inProject = projectPath(filePath, root);
  return isDiagnosticScript(inProject) || isToolingByName(inProject) || isMigrationScript(inProject);
}

/** A connectivity check by its name (`test_connection`, `check_db_connection`, `ping_database`): a retry would hide what it checks. */
const CONNECTIVITY_CHECK = /^_*(test|check|verify|ping)_(db_|database_|warehouse_|api_)?(conn|connection|connectivity|database|db)$/i;
/** An export by its name (`export_table_to_csv`, `dump_orders`). */
const EXPORT_NAME = /^_*(export|dump)_/i;

export function isConnectivityCheck(fn: FunctionFact): boolean {
  return CONNECTIVITY_CHECK.test(fn.name);
}

/**
 * An export a person asks for: named as one, and it writes a file on this machine (a CSV, an
 * Excel sheet) and sends nothing on (no upload, load or POST); when it fails, whoever wanted the file
 * runs it again. An export that uploads its file is a stage and keeps its finding.
 */
export function isLocalExport(fn: FunctionFact, py: PythonFacts): boolean {
  if (!EXPORT_NAME.test(fn.name)) return false;
  const calls = py.ownFacts(fn).calls;
  return calls.some((call) => writesLocalFile(call, py)) && !calls.some((call) => uploads(call, py));
}

function writesLocalFile(call: CallFact, py: PythonFacts): boolean {
  // `frame.to_csv()` without a path returns text: no file is written.
  if (ioOf(call, py)?.kind === 'file-write') return call.args.some((arg) => arg.kind === 'positional' || (arg.kind === 'keyword' && /^(path|path_or_buf|excel_writer|file)$/.test(arg.name ?? '')));
  if (call.callee !== 'open' || py.bindings.has('open')) return false;
  const mode = call.args.find((arg, i) => (arg.kind === 'positional' && i === 1) || (arg.kind === 'keyword' && arg.name === 'mode'));
  return !!mode?.string && /[wax]/.test(mode.string.value);
}

function uploads(call: CallFact, py: PythonFacts): boolean {
  const io = ioOf(call, py);
  return io !== null && (io.kind === 'object-storage' || io.kind === 'warehouse-load' || (io.kind === 'http' && !readsOnly(call, py)));
}
