// Scripts written for a person at a terminal rather than for a scheduler: an interactive script
// (it asks with input() or getpass), a diagnostic/report script, which its name says
// (`check_db.py`, `verify_load.py`, `describe_table.py`, `find_connection.py`, `data_analyzer.py`),
// or set-up tooling, which its place or name says (`setup/create_bucket.py`, `manage_users.py`,
// `create_fixture.py`, `generate_dummy_data.py`, `download_seed.py`, `init_db.py`, a test runner),
// or a command-line tool whose diagnostics go to stderr and whose result goes to stdout. Their
// console output is their interface: what they print is the report, errors included.

import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import type { SourceText } from '../../server/src/engine/source-text';

const DIAGNOSTIC_PREFIX = /^(check|verify|inspect|describe|debug|diagnose|diagnostics|find|show|explore|analy[sz]e|peek)(_|$)/i;
const DIAGNOSTIC_SUFFIX = /_(check|checker|verify|verifier|inspector|diagnostics?|analy[sz]er|analysis|explorer)$/i;
const INTERACTIVE_CALLS = new Set(['input', 'getpass.getpass']);
/** Directories of set-up tooling run by hand. */
const TOOLING_DIR = /(^|\/)(setup|tools|tooling|devtools)\//i;
/** Set-up tooling by name: management commands, database initialisation, test, seed or fake data, test runners. */
const TOOLING_NAME = /^(manage|setup|bootstrap|install)(_|$)|^init_?db$|fixture|dummy|fake_data|sample_data|seed|^run_?tests$/i;
const STDERR = /^(sys\.)?stderr$/;
const MIGRATION_DIR = /(^|\/)(migrations?|alembic)\//i;
/** A folder named by a year, alone or versioned (`2024/`, `v2025/`). */

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

const SEEDING_NAME = /seed|fixture|dummy|fake_data|sample_data/i;

/** A script that fills a system with seed, fake or sample records, by its name (`seed.py`, `generate_dummy_data.py`). */
export function isSeedingScript(path: string): boolean {
  return SEEDING_NAME.test(stem(path));
}

/** Set-up tooling by its directory or name. */
export function isToolingScript(path: string): boolean {
  return TOOLING_DIR.test(path.replace(/\\/g, '/')) || isToolingByName(path);
}

/** Set-up tooling by its own name (`seed_db.py`, `create_fixture.py`, `manage.py`), wherever it lives. */
export function isToolingByName(path: string): boolean {
  return TOOLING_NAME.test(stem(path));
}

/** A schema migration: in a `migrations/` or `alembic/` folder, or named for one (`run_migrations.py`). */
export function isMigrationScript(path: string): boolean {
  return MIGRATION_DIR.test(path.replace(/\\/g, '/')) || /migrat/i.test(stem(path));
}

/** Console output is the script's interface: it is interactive, a diagnostic/report script or set-up tooling. */
export function isUserFacingScript(path: string, py: PythonFacts): boolean {
  return isDiagnosticScript(path) || isToolingScript(path) || isInteractiveScript(py);
}

/** Helpers whose only job is to print to stderr (`eprint(...)`), by the name command-line tools give them. */
const STDERR_HELPER = /^_?(eprint|errprint|print_err|print_error|print_stderr|echo_err)$/;

/**
 * A command-line tool that sends its messages to stderr through a helper (`eprint("Downloading…")`,
 * `click.echo(…, err=True)`) at least twice, keeping stdout for the results other programs read:
 * its prints are its output.
 */
export function sendsMessagesToStderr(py: PythonFacts, text: SourceText): boolean {
  let count = 0;
  for (const call of py.calls) {
    const toStderr = STDERR_HELPER.test(call.callee) || (/^(click|typer)\.(echo|secho)$/.test(py.resolveCall(call)) && call.args.some((a) => a.kind === 'keyword' && a.name === 'err' && text.slice(a.start, a.end).trim() === 'True'));
    if (toStderr && ++count >= 2) return true;
  }
  return false;
}

/**
 * A command-line tool: its diagnostics go to stderr and one print hands its result to stdout (a
 * name or a call such as `json.dumps(result)`, not a message), for another program to read.
 */
export function isCommandLineTool(prints: readonly CallFact[], text: SourceText): boolean {
  const toStdout = prints.filter((call) => !call.args.some((a) => a.kind === 'keyword' && a.name === 'file' && STDERR.test(text.slice(a.start, a.end).trim())));
  if (toStdout.length !== 1 || toStdout.length === prints.length) return false;
  const args = toStdout[0].args;
  return args.length === 1 && args[0].kind === 'positional' && (args[0].nodeType === 'identifier' || args[0].nodeType === 'call') && args[0].string === null;
}
