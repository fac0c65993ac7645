// Scripts written for a person at a terminal rather than for a scheduler: an interactive script
// (it asks with input() or getpass), a diagnostic/report script, which its name says
// (`check_db.py`, `verify_load.py`, `describe_table.py`, `find_connection.py`, `data_analyzer.py`),
// or set-up tooling, which its place or name says (`setup/create_bucket.py`, `manage_users.py`,
// `create_fixture.py`, `generate_dummy_data.py`, `init_db.py`). Their console output is their
// interface: what they print is the report, errors included.

import type { PythonFacts } from '../../server/src/engine/python/python-facts';

const DIAGNOSTIC_PREFIX = /^(check|verify|inspect|describe|debug|diagnose|diagnostics|find|show|explore|analy[sz]e|peek)(_|$)/i;
const DIAGNOSTIC_SUFFIX = /_(check|checker|verify|verifier|inspector|diagnostics?|analy[sz]er|explorer)$/i;
const INTERACTIVE_CALLS = new Set(['input', 'getpass.getpass']);
/** Directories of set-up tooling run by hand. */
const TOOLING_DIR = /(^|\/)(setup|tools|tooling|devtools)\//i;
/** Set-up tooling by name: management commands, database initialisation, test or fake data. */
const TOOLING_NAME = /^(manage|setup|bootstrap|install)(_|$)|^init_?db$|fixture|dummy|fake_data|sample_data/i;

function stem(path: string): string {
  const base = path.replace(/\\/g, '/').split('/').pop() ?? path;
  return base.replace(/\.py$/, '');
}

/** A diagnostic or report script by its file name. */
export function isDiagnosticScript(path: string): boolean {
  const name = stem(path);
  return DIAGNOSTIC_PREFIX.test(name) || DIAGNOSTIC_SUFFIX.test(name);
}

/** The script asks the person running it for input. */
export function isInteractiveScript(py: PythonFacts): boolean {
  return py.calls.some((call) => (call.callee === 'input' ? !py.bindings.has('input') : INTERACTIVE_CALLS.has(py.resolveCall(call))));
}

/** Set-up tooling by its directory or name. */
export function isToolingScript(path: string): boolean {
  return TOOLING_DIR.test(path.replace(/\\/g, '/')) || TOOLING_NAME.test(stem(path));
}

/** Console output is the script's interface: it is interactive, a diagnostic/report script or set-up tooling. */
export function isUserFacingScript(path: string, py: PythonFacts): boolean {
  return isDiagnosticScript(path) || isToolingScript(path) || isInteractiveScript(py);
}
